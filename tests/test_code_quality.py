"""The code keeps its shape: layers point one way, ruff and mypy stay clean."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STUDIO = ROOT / "studio"

#: Packages each layer must never import (the layers point one way: domain <- providers <-
#: engine <- ui).
FORBIDDEN = {
    "domain": ("PySide6", "qasync", "httpx", "studio.providers", "studio.engine", "studio.ui"),
    "providers": ("PySide6", "qasync", "studio.engine", "studio.ui", "studio.emulator"),
    "engine": ("PySide6", "qasync", "studio.ui"),
    "emulator": ("PySide6", "qasync", "studio.engine", "studio.ui", "studio.providers"),
}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layers_point_one_way(layer):
    offenders = []
    for path in (STUDIO / layer).rglob("*.py"):
        for name in _imports(path):
            if any(name == f or name.startswith(f + ".") for f in FORBIDDEN[layer]):
                offenders.append(f"{path.relative_to(ROOT)} imports {name}")
    assert offenders == []


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(path): path for path in STUDIO.rglob("*.py")}


def _import_statements(
    tree: ast.Module, *, in_functions: bool
) -> list[ast.Import | ast.ImportFrom]:
    """Import statements run at module level (`if TYPE_CHECKING:` and try blocks included: a
    circle only a type checker follows is still two modules that need each other), and with
    `in_functions` also those deferred into function bodies."""
    found: list[ast.Import | ast.ImportFrom] = []

    def walk(body: list[ast.stmt]) -> None:
        for node in body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and not in_functions:
                continue
            if isinstance(node, ast.Import | ast.ImportFrom):
                found.append(node)
            for name in ("body", "orelse", "finalbody", "handlers", "cases"):
                inner = getattr(node, name, None)
                if isinstance(inner, list):
                    walk(inner)

    walk(tree.body)
    return found


def import_graph(*, in_functions: bool) -> dict[str, set[str]]:
    """Module -> the studio modules it imports by name. `from package import module` points at
    the module, not at the package; parent packages are not edges (every import runs them)."""
    graph: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets: set[str] = set()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in _import_statements(tree, in_functions=in_functions):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
                continue
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            submodules = {f"{base}.{alias.name}" for alias in node.names} & MODULES.keys()
            targets.update(submodules or {base})
        graph[name] = {t for t in targets if t in MODULES and t != name}
    return graph


def import_circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    circles.append(sorted(group))
    return sorted(circles)


#: Circles that must stay for now, each with why. Nothing may join one, and a new one fails.
ALLOWED_CIRCLES: dict[frozenset[str], str] = {}


@pytest.mark.parametrize("in_functions", [False, True], ids=["module-level", "with-deferred"])
def test_no_import_circles(in_functions):
    circles = import_circles(import_graph(in_functions=in_functions))
    assert [c for c in circles if frozenset(c) not in ALLOWED_CIRCLES] == []


def _ui_room(module: str) -> str | None:
    parts = module.split(".")
    return parts[2] if len(parts) > 3 and parts[:2] == ["studio", "ui"] else None


def test_the_window_rooms_point_one_way():
    """studio/ui's packages by feature (#22) form an order: no two rooms need each other, even
    through others, and only the shell (the application and main window) wires rooms together,
    so no room imports it."""
    rooms: dict[str, set[str]] = {}
    for module, targets in import_graph(in_functions=True).items():
        if (room := _ui_room(module)) is None:
            continue
        rooms.setdefault(room, set()).update(
            other for t in targets if (other := _ui_room(t)) not in (None, room)
        )
    assert {"shell", "compose", "gallery", "queue", "kit"} <= rooms.keys()
    assert import_circles(rooms) == []
    assert sorted(room for room, uses in rooms.items() if "shell" in uses) == []


def test_the_circle_finder_finds_circles():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}}
    assert import_circles(graph) == [["a", "b", "c"]]
    assert import_circles({"a": {"b"}, "b": set()}) == []


MAX_LINES = 400
#: Modules over MAX_LINES that stay for now, with the size they may not grow past and why.
#: Each is owned by work going on elsewhere (#22 splits them along the named seams).
LARGE_MODULES: dict[str, tuple[int, str]] = {}


def test_no_module_over_400_lines():
    sizes = {
        str(path.relative_to(ROOT)): len(path.read_text(encoding="utf-8").splitlines())
        for path in STUDIO.rglob("*.py")
    }
    too_big = {
        name: size
        for name, size in sizes.items()
        if size > LARGE_MODULES.get(name, (MAX_LINES, ""))[0]
    }
    assert too_big == {}
    stale = [name for name in LARGE_MODULES if sizes.get(name, 0) <= MAX_LINES]
    assert stale == [], "back under 400 lines: remove from LARGE_MODULES"


def test_ruff_finds_nothing():
    ruff = shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff is not installed (it comes with the test extra)")
    result = subprocess.run(
        [ruff, "check", "studio", "tests"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing():
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "studio"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr

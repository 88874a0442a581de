"""The installed `image-studio --demo` under a real X server, driven with a real X11 pointer and
keyboard (xdotool), judged from screenshots of the X screen.

It makes two results, clicks the older thumbnail and checks from a screenshot that the details
panel then shows *that* image (its preview and its prompt) with the result buttons enabled; a
double-click opens the viewer on it and Esc closes it. The app reports where its widgets are
(STUDIO_AUTOTEST_LAYOUT, see studio.ui.shell.autotest) so the test knows where to click and which
part of a screenshot to look at; what is shown is read from the screenshots alone.

Needs Xvfb and xdotool (.ci/run installs them). Without them the test is skipped, except on CI
(CI set), where it must run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageChops, ImageStat

SCREEN = (1280, 720)
OLDER_PROMPT = (
    "a lighthouse at dusk over a quiet harbour, long exposure, soft fog rolling in from the sea,"
    " gulls circling the lamp"
)
NEWER_PROMPT = "red"

#: Grabs the whole X screen with Qt, as its own X client: the app under test takes no part.
GRAB = """
import sys
from PySide6.QtGui import QGuiApplication
app = QGuiApplication([])
if not QGuiApplication.primaryScreen().grabWindow(0).save(sys.argv[1], "PNG"):
    sys.exit("the screen could not be grabbed")
"""


def tools() -> dict[str, str]:
    found = {name: shutil.which(name) for name in ("Xvfb", "xdotool")}
    missing = [name for name, path in found.items() if path is None]
    if missing:
        reason = f"{' and '.join(missing)} not installed (apt-get install xvfb xdotool)"
        if os.environ.get("CI"):
            pytest.fail(f"on CI this test must run: {reason}")
        pytest.skip(reason)
    studio = shutil.which("image-studio")
    if studio is None:
        pytest.fail("image-studio is not installed: python3 -m pip install .")
    return {**{k: v for k, v in found.items() if v}, "image-studio": studio}


class Desktop:
    """An X server with the studio on it, and the means to look and to point."""

    def __init__(self, display: str, env: dict[str, str], layout: Path, shots: Path) -> None:
        self.display, self.env, self.layout_file, self.shots = display, env, layout, shots
        self.app: subprocess.Popen[bytes] | None = None

    def layout(self) -> dict[str, Any]:
        try:
            return dict(json.loads(self.layout_file.read_text()))
        except (OSError, ValueError):
            return {}

    def wait(
        self, condition: Callable[[dict[str, Any]], object], what: str, timeout: float = 30
    ) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.app is None or self.app.poll() is None, "the studio exited"
            layout = self.layout()
            if layout and condition(layout):
                return layout
            time.sleep(0.1)
        pytest.fail(f"timed out after {timeout} s waiting for {what}")

    def xdotool(self, *args: str) -> None:
        subprocess.run(["xdotool", *args], env=self.env, check=True, timeout=30)

    def click(self, x: int, y: int, *, double: bool = False) -> None:
        self.xdotool("mousemove", "--sync", str(x), str(y))
        if double:
            self.xdotool("click", "--repeat", "2", "--delay", "80", "1")
        else:
            self.xdotool("click", "1")

    def screenshot(self, name: str) -> Image.Image:
        path = self.shots / f"{name}.png"
        subprocess.run(
            [sys.executable, "-c", GRAB, str(path)], env=self.env, check=True, timeout=60
        )
        with Image.open(path) as image:
            return image.convert("RGB")

    def look(
        self, name: str, check: Callable[[Image.Image, dict[str, Any]], object], timeout: float = 20
    ) -> tuple[Image.Image, dict[str, Any]]:
        """Screenshots until `check(screen, layout)` passes (an AssertionError means not yet):
        on a busy machine a preview may still be loading, or a layout settling, when the
        first one is taken. Each screenshot is judged against a layout reported both before
        and after it, so the rectangles looked at are where things were at that moment."""
        deadline = time.monotonic() + timeout
        while True:
            before = self.layout()
            screen = self.screenshot(name)
            time.sleep(0.5)  # the app rewrites the layout every 200 ms
            layout = self.layout()
            try:
                assert layout == before, "the window moved while it was photographed"
                check(screen, layout)
                return screen, layout
            except AssertionError:
                if time.monotonic() > deadline:
                    raise


@pytest.fixture
def desktop(
    isolated_home: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[Desktop]:
    """The studio on a fresh X server, in English unless the test asks for another language."""
    language = getattr(request, "param", "en")
    tools()
    xvfb = subprocess.Popen(
        [
            "Xvfb",
            "-displayfd",
            "1",
            "-screen",
            "0",
            f"{SCREEN[0]}x{SCREEN[1]}x24",
            "-nolisten",
            "tcp",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert xvfb.stdout is not None
    number = xvfb.stdout.readline().decode().strip()
    assert number.isdigit(), "Xvfb did not start"
    layout = tmp_path / "layout.json"
    shots = tmp_path / "shots"
    shots.mkdir()
    env = dict(os.environ)
    for name in ("WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "QT_SCALE_FACTOR", "XAUTHORITY"):
        env.pop(name, None)
    env.update(
        DISPLAY=f":{number}",
        QT_QPA_PLATFORM="xcb",
        QT_AUTO_SCREEN_SCALE_FACTOR="0",
        LANGUAGE=language,
        STUDIO_AUTOTEST_LAYOUT=str(layout),
        IMAGE_STUDIO_DEMO_SECONDS="0.3",
    )
    desk = Desktop(f":{number}", env, layout, shots)
    log = (tmp_path / "studio.log").open("wb")
    desk.app = subprocess.Popen(
        [tools()["image-studio"], "--demo"], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        yield desk
    finally:
        desk.app.terminate()
        try:
            desk.app.wait(10)
        except subprocess.TimeoutExpired:
            desk.app.kill()
        xvfb.terminate()
        xvfb.wait(10)
        xvfb.stdout.close()
        log.close()
        print((tmp_path / "studio.log").read_text(errors="replace")[-3000:])


# -- what a screenshot shows --------------------------------------------------------------------


def crop(screen: Image.Image, rect: list[int]) -> Image.Image:
    x, y, w, h = rect
    return screen.crop((x, y, x + w, y + h))


def difference_from(screen: Image.Image, rect: list[int], path: str) -> float:
    """Mean difference (0-255) between the picture painted fitted and centred in `rect` and the
    file at `path` scaled the same way."""
    with Image.open(path) as source:
        picture = source.convert("RGB")
    scale = min(rect[2] / picture.width, rect[3] / picture.height)
    size = (max(1, round(picture.width * scale)), max(1, round(picture.height * scale)))
    left = rect[0] + (rect[2] - size[0]) // 2
    top = rect[1] + (rect[3] - size[1]) // 2
    # A margin of a few pixels: the painted rectangle may be off by one where it is rounded.
    margin = 4
    shown = screen.crop(
        (left + margin, top + margin, left + size[0] - margin, top + size[1] - margin)
    )
    expected = picture.resize(size, Image.Resampling.BILINEAR).crop(
        (margin, margin, size[0] - margin, size[1] - margin)
    )
    return sum(ImageStat.Stat(ImageChops.difference(shown, expected)).mean) / 3


def ink(screen: Image.Image, rect: list[int]) -> tuple[int, int]:
    """Width and height of the dark text inside `rect` (0, 0 when it is blank)."""
    area = crop(screen, rect).convert("L").point(lambda v: 255 if v < 110 else 0)
    box = area.getbbox()
    return (box[2] - box[0], box[3] - box[1]) if box else (0, 0)


def darkest(screen: Image.Image, rect: list[int]) -> int:
    """The darkest grey in `rect`: an enabled button's text is black, a disabled one's grey."""
    low, _ = crop(screen, rect).convert("L").getextrema()
    return int(low)


def centre(rect: list[int]) -> tuple[int, int]:
    return rect[0] + rect[2] // 2, rect[1] + rect[3] // 2


def shows(
    screen: Image.Image, layout: dict[str, Any], entry: dict[str, Any], other: dict[str, Any]
) -> None:
    """The details panel in `screen` shows `entry`'s picture (not `other`'s)."""
    mine = difference_from(screen, layout["preview"], entry["path"])
    theirs = difference_from(screen, layout["preview"], other["path"])
    assert mine < 15 and mine * 2 < theirs, (
        f"preview differs from it by {mine:.1f}, from the other by {theirs:.1f}"
    )


def generate(desk: Desktop, prompt: str, results: int) -> dict[str, Any]:
    layout = desk.layout()
    desk.click(*centre(layout["editor"]))
    desk.xdotool("key", "ctrl+a")
    desk.xdotool("type", "--delay", "4", prompt)
    desk.xdotool("key", "ctrl+Return")
    return desk.wait(lambda lay: len(lay["gallery"]) == results, f"result {results}")


def test_clicking_the_older_thumbnail_shows_it_and_double_click_opens_the_viewer(
    desktop: Desktop,
) -> None:
    desk = desktop
    layout = desk.wait(lambda lay: lay.get("editor") and lay.get("window"), "the window")
    assert layout["window"][2:] == list(SCREEN)
    generate(desk, OLDER_PROMPT, 1)
    layout = generate(desk, NEWER_PROMPT, 2)
    newer, older = layout["gallery"]
    assert (newer["prompt"], older["prompt"]) == (NEWER_PROMPT, OLDER_PROMPT)

    # First the newer one, so that the click on the older one has something to change.
    desk.click(*centre(newer["rect"]))

    def newer_shown(screen: Image.Image, layout: dict[str, Any]) -> None:
        shows(screen, layout, newer, older)
        width, _ = ink(screen, layout["prompt"])
        assert 0 < width < layout["prompt"][2] * 0.2, f"the prompt box shows {width} px of text"

    before, layout = desk.look("1-newer-clicked", newer_shown)
    short_prompt = ink(before, layout["prompt"])

    desk.click(*centre(older["rect"]))

    def older_shown(screen: Image.Image, layout: dict[str, Any]) -> None:
        shows(screen, layout, older, newer)
        width, height = ink(screen, layout["prompt"])
        # The older prompt is long: its text fills the box's width, on more than one line.
        assert width > layout["prompt"][2] * 0.6 and height > 2 * short_prompt[1], (width, height)
        for name, rect in layout["buttons"].items():
            assert darkest(screen, rect) < 60, f"the {name} button looks disabled"

    desk.look("2-older-clicked", older_shown)

    desk.click(*centre(older["rect"]), double=True)
    desk.wait(lambda lay: lay.get("viewer"), "the viewer")

    def in_viewer(screen: Image.Image, layout: dict[str, Any]) -> None:
        assert layout.get("viewer"), "the viewer closed"
        mine = difference_from(screen, layout["viewer"], older["path"])
        assert mine < 15, f"the viewer's picture differs from the older result by {mine:.1f}"

    desk.look("3-viewer", in_viewer)

    desk.xdotool("key", "Escape")
    desk.wait(lambda lay: not lay.get("viewer"), "the viewer to close")

    def closed(screen: Image.Image, layout: dict[str, Any]) -> None:
        assert not layout.get("viewer")
        shows(screen, layout, older, newer)

    desk.look("4-viewer-closed", closed)


def test_the_pointer_marks_the_cell_under_it_and_the_mark_leaves_with_it(desktop: Desktop) -> None:
    """The gallery marks the cell under the real pointer (found from the cursor while painting)
    and the selected cell, and the hover mark goes when the pointer leaves."""
    desk = desktop
    desk.wait(lambda lay: lay.get("editor") and lay.get("window"), "the window")
    generate(desk, OLDER_PROMPT, 1)
    layout = generate(desk, NEWER_PROMPT, 2)
    newer, older = layout["gallery"]
    desk.click(*centre(newer["rect"]))  # selected

    def corner(screen: Image.Image, cell: dict[str, Any]) -> tuple[int, ...]:
        x, y = cell["rect"][:2]  # the cell's padding, where the thumbnail never is
        return tuple(screen.getpixel((x + 2, y + 2)))

    desk.xdotool("mousemove", "--sync", *map(str, centre(layout["editor"])))
    time.sleep(0.5)
    away = desk.screenshot("1-pointer-away")
    selected, plain = corner(away, newer), corner(away, older)
    assert selected != plain, "the selected cell is not marked"

    desk.xdotool("mousemove", "--sync", *map(str, centre(older["rect"])))

    def hovered(screen: Image.Image, layout: dict[str, Any]) -> None:
        assert corner(screen, older) not in (plain, selected), "no mark under the pointer"
        assert corner(screen, newer) == selected

    desk.look("2-pointer-over-older", hovered)
    desk.xdotool("mousemove", "--sync", *map(str, centre(layout["editor"])))

    def left(screen: Image.Image, layout: dict[str, Any]) -> None:
        assert (corner(screen, newer), corner(screen, older)) == (selected, plain)

    desk.look("3-pointer-left", left)


@pytest.mark.parametrize("desktop", ["en", "de", "ko"], indirect=True)
def test_dragging_a_result_onto_the_references_with_the_pointer(desktop: Desktop) -> None:
    """In each language; with STUDIO_SCREENSHOTS set, the drag in progress is kept there as
    drag-to-references-<language>.png (the docs use docs/screenshots)."""
    desk = desktop
    desk.wait(lambda lay: lay.get("editor") and lay.get("window"), "the window")
    layout = generate(desk, OLDER_PROMPT, 1)
    result = layout["gallery"][0]
    start, (x, y) = centre(result["rect"]), centre(layout["references"])
    desk.xdotool("mousemove", "--sync", *map(str, start))
    desk.xdotool("mousedown", "1")
    for step in range(1, 21):  # a person's drag: many small moves, not one jump
        desk.xdotool(
            "mousemove",
            str(round(start[0] + (x - start[0]) * step / 20)),
            str(round(start[1] + (y - start[1]) * step / 20)),
        )
        time.sleep(0.03)
    time.sleep(0.3)
    dragging = desk.screenshot("1-dragging")
    if folder := os.environ.get("STUDIO_SCREENSHOTS"):
        dragging.save(Path(folder) / f"drag-to-references-{desk.env['LANGUAGE']}.png")
    desk.xdotool("mouseup", "1")
    desk.wait(lambda lay: len(lay["reference_tiles"]) == 1, "the dropped reference")

    def tile_shows_it(screen: Image.Image, layout: dict[str, Any]) -> None:
        tile = layout["reference_tiles"][0]
        mine = difference_from(screen, tile, result["path"])
        assert mine < 20, f"the reference tile differs from the dragged result by {mine:.1f}"

    desk.look("2-dropped", tile_shows_it)


def test_without_xvfb_it_skips_locally_but_fails_on_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None if name == "xdotool" else f"/bin/{name}")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="xdotool"):
        tools()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="on CI this test must run"):
        tools()

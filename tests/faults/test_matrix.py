"""The promise under kill -9 (issue #15, "Done means"): for every paid provider form the command
line reaches, every crash point and n in {1, 2}, `generate` dies by SIGKILL at that point, then
one or two `resume` processes (also over 20,000 old jobs) finish it. Also: no keyring backend,
a full disk. Each cell asserts: creates sent == jobs, files on disk == images paid for, every
file under a final name decodes, the key in no file, the journal's final state succeeded
(`unknown`, never re-sent, where the process died with the create possibly on the wire).

All cells share one emulator and run a few at a time (module fixture); each cell is its own
test. `python -m tests.faults.report` runs the same cells and writes docs/RELIABILITY.md.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faults import harness

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX"),
    # The whole matrix runs in the first test's setup (the module fixture).
    pytest.mark.timeout(900),
]

CELLS = harness.all_cells()


@pytest.fixture(scope="module")
def outcomes(request: pytest.FixtureRequest) -> Iterator[dict[str, harness.Outcome]]:
    """Every cell selected in this session, run once, together (in a folder of its own: other
    pytest sessions of this user prune old basetemp folders while this one runs)."""
    selected = [
        item.callspec.params["cell"]
        for item in request.session.items
        if item.module is sys.modules[__name__] and hasattr(item, "callspec")
    ]
    base = Path(tempfile.mkdtemp(prefix="studio-faults-"))
    try:
        with harness.serve_emulator() as emulator:
            yield harness.run_cells(emulator, selected, base)
    finally:
        shutil.rmtree(base, ignore_errors=True)


@pytest.mark.parametrize("cell", CELLS, ids=[c.id for c in CELLS])
def test_the_cell_keeps_the_promise(cell: harness.Cell, outcomes) -> None:
    outcome = outcomes[cell.id]
    if outcome.skipped:
        pytest.skip(outcome.skipped)
    assert outcome.failures == []


def test_the_matrix_covers_every_form_point_and_count() -> None:
    kills = {(c.form.label, c.count, c.crash) for c in harness.kill_cells()}
    assert {label for label, _, _ in kills} == {f.label for f in harness.FORMS}
    for form in harness.FORMS:
        counts = [n for n in (1, 2) if n <= form.max_count]
        for n in counts:
            for point in ("journaled", "sending", "sent", "task_recorded"):
                assert (form.label, n, f"{point}@1") in kills
            for k in range(1, n + 1):
                for point in ("download", "write", "saved"):
                    assert (form.label, n, f"{point}@{k}") in kills
            # Poll cells exactly where the client sends a task it then polls (icodeeasy sends
            # n > 1 in its synchronous form: those cells could never reach a poll).
            polled = {(form.label, n, f"poll@{k}") for k in (1, 2)}
            assert (polled <= kills) == _client_polls(form, n), (form.label, n)
    assert any(c.resumers == 2 and c.history >= 20_000 for c in CELLS)
    assert {c.fault for c in CELLS} >= {"no_keyring", "disk_full_library", "disk_full_journal"}


def _client_polls(form: harness.Form, count: int) -> bool:
    """Whether the studio's client for `form` answers a create of `count` images with a task."""
    from studio.domain.catalog import provider_spec
    from studio.domain.models import GenerationRequest
    from studio.providers import make_client
    from studio.providers.openai_images import OpenAIImagesClient

    spec = provider_spec(form.provider)
    client = make_client(spec, api_key="sk-test", base_url="http://127.0.0.1:9")
    if not isinstance(client, OpenAIImagesClient):  # JoyAI, GPTImage2.ai: always a task
        return True
    model = form.model or spec.models[0].id
    request = GenerationRequest(provider=spec.id, model=model, prompt="p", count=count)
    return not client.waits_for_images(request)

"""Quitting, resuming and restoring: running jobs are not lost, and the window comes back as
it was left."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from studio.keys import KeyStore
from studio.settings import Settings
from tests.conftest import RunningEmulator
from tests.ui.compose.test_composer import select
from tests.ui.conftest import Studio, StudioFactory


def closed_signal(studio: Studio) -> list[bool]:
    closed: list[bool] = []
    studio.window.closed.connect(lambda: closed.append(True))
    return closed


def test_ctrl_q_quits_at_once_when_nothing_runs(studio: Studio) -> None:
    closed = closed_signal(studio)
    studio.window.quit_action.trigger()
    assert closed == [True]


def test_quitting_with_running_jobs_asks_first(make_studio: StudioFactory) -> None:
    studio = make_studio(demo_seconds=30)
    studio.window.composer.prompt.set_text("still busy")
    studio.window.composer.generate()
    studio.run.until(lambda: studio.engine.active_jobs() == 1)
    closed = closed_signal(studio)
    studio.window.quit_action.trigger()
    box = studio.window.findChild(QMessageBox, "confirmQuit")
    assert box is not None and box.isVisible()
    assert "1 job is still running" in box.text()
    assert closed == [] and studio.window.isVisible()
    next(b for b in box.buttons() if b.text() == "Quit").click()
    assert closed == [True]


def test_jobs_left_running_resume_next_time(
    make_studio: StudioFactory, emulator: RunningEmulator
) -> None:
    from studio.emulator import FaultRule

    settings = Settings(base_urls={"joyai": emulator.base_url("joyai")})
    keys = KeyStore()
    keys.set("joyai", "sk-resume")
    # The first poll hangs long enough for the studio to be closed while the job runs.
    emulator.state.set_faults([FaultRule(route="poll", delay=30, times=1)])
    first = make_studio(demo=False, settings=settings, keys=keys)
    first.window.composer.prompt.set_text("finish me later")
    first.window.composer.generate()
    first.run.until(
        lambda: (
            first.window.queue_model.rowCount() == 1
            and first.window.queue_model.record(0).state.value == "running"
        )
    )
    first.close()
    emulator.state.clear_faults()
    second = make_studio(demo=False, settings=Settings.load(), keys=keys)
    second.run.until(
        lambda: second.window.gallery_model.rowCount() == 1,
        message=lambda: str(second.window.queue_model.records()),
    )
    assert second.window.gallery_model.entry(0).request.prompt == "finish me later"
    assert emulator.state.create_calls("joyai") == 1  # polled again, never sent again


def test_last_used_settings_come_back_on_the_next_launch(make_studio: StudioFactory) -> None:
    first = make_studio()
    composer = first.window.composer
    select(composer.parameters.combos["quality"], "high")
    select(composer.parameters.combos["ratio"], "3:2")
    composer.prompt.set_text("remember me")
    first.close()
    second = make_studio(settings=Settings.load())
    parameters = second.window.composer.parameters
    assert (parameters.value("quality"), parameters.value("ratio")) == ("high", "3:2")
    assert second.window.composer.prompt.text() == "remember me"


def test_window_geometry_and_splitters_come_back(make_studio: StudioFactory) -> None:
    first = make_studio()
    # Offscreen screens are 800x800 and restoreGeometry keeps windows on screen, so use the
    # narrowest window the layout allows, and a height that fits.
    first.window.resize(first.window.minimumSizeHint().width(), 650)
    first.window.main_split.setSizes([420, 400, 180])
    size, sizes = first.window.size(), first.window.main_split.sizes()
    first.close()
    second = make_studio()
    assert second.window.size() == size
    assert second.window.main_split.sizes() == sizes

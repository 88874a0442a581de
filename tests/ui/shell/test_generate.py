"""Generating from the window: the job runs in the queue, the result lands in the gallery and on
disk with its settings; running jobs can be cancelled and retried."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt, QUrl

from studio.domain.models import JobState
from studio.settings import config_dir
from tests.ui.compose.test_composer import select
from tests.ui.conftest import Studio, StudioFactory
from tests.ui.helpers import drop_urls, embedded_request, make_image


def state_texts(studio: Studio) -> list[str]:
    model = studio.window.queue_model
    return [model.index(row, 1).data() for row in range(model.rowCount())]


def test_ctrl_enter_generates_and_the_result_appears_in_the_gallery(studio: Studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = studio.window.composer.prompt.edit
    qtbot.keyClicks(editor, "a lighthouse at dusk")
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    gallery = studio.window.gallery_model
    studio.run.until(lambda: gallery.rowCount() == 1, message=lambda: str(state_texts(studio)))
    assert state_texts(studio) == ["Done"]
    assert studio.window.gallery.count_label.text() == "1 image"
    path = Path(gallery.entry(0).path)
    assert path.parent == studio.library and path.is_file()
    assert studio.window.status_label.text() == f"Saved 1 image to {studio.library}"


def test_the_saved_file_carries_the_chosen_model_quality_ratio_and_reference(
    studio: Studio, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    composer = studio.window.composer
    qtbot.keyClicks(composer.prompt.edit, "turn the teal card into a sunset")
    select(composer.parameters.model_combo, "gptimage2")
    select(composer.parameters.combos["quality"], "high")
    select(composer.parameters.combos["ratio"], "16:9")
    reference = make_image(tmp_path / "card.png")
    drop_urls(composer.references, [QUrl.fromLocalFile(str(reference))])
    studio.run.until(lambda: len(composer.references.tiles) == 1)
    assert composer.bar.generate_button.isEnabled(), composer.bar.reason_label.text()
    qtbot.mouseClick(composer.bar.generate_button, Qt.MouseButton.LeftButton)
    gallery = studio.window.gallery_model
    studio.run.until(lambda: gallery.rowCount() == 1, message=lambda: str(state_texts(studio)))
    request = embedded_request(gallery.entry(0).path)
    assert request["prompt"] == "turn the teal card into a sunset"
    assert (request["model"], request["quality"], request["ratio"]) == ("gptimage2", "high", "16:9")
    assert len(request["references"]) == 1  # type: ignore[arg-type]


def test_the_queue_shows_a_running_job_with_its_elapsed_time(
    make_studio: StudioFactory,
) -> None:
    studio = make_studio(demo_seconds=30)
    studio.window.composer.prompt.set_text("slow clouds")
    studio.window.composer.generate()
    model = studio.window.queue_model
    studio.run.until(
        lambda: state_texts(studio) == ["Running"], message=lambda: str(state_texts(studio))
    )
    studio.run.until(lambda: model.index(0, 2).data() == "0:01", timeout=5)
    assert studio.window.queue.summary_label.text() == "1 active, 1 in list"


def test_cancel_stops_a_running_job(make_studio: StudioFactory, qtbot) -> None:  # type: ignore[no-untyped-def]
    studio = make_studio(demo_seconds=30)
    studio.window.composer.prompt.set_text("a job to cancel")
    studio.window.composer.generate()
    queue = studio.window.queue
    studio.run.until(
        lambda: state_texts(studio) == ["Running"], message=lambda: str(state_texts(studio))
    )
    queue.table.selectRow(0)
    assert queue.cancel_button.isEnabled()
    qtbot.mouseClick(queue.cancel_button, Qt.MouseButton.LeftButton)
    studio.run.until(
        lambda: state_texts(studio) == ["Cancelled"], message=lambda: str(state_texts(studio))
    )
    assert studio.window.gallery_model.rowCount() == 0
    assert queue.retry_button.isEnabled()


def test_retry_runs_a_cancelled_job_again(make_studio: StudioFactory, qtbot) -> None:  # type: ignore[no-untyped-def]
    studio = make_studio(demo_seconds=30)
    studio.window.composer.prompt.set_text("second chance")
    studio.window.composer.generate()
    model = studio.window.queue_model
    studio.run.until(lambda: model.rowCount() == 1 and not model.record(0).is_final)
    studio.engine.cancel(model.record(0).id)
    studio.run.until(lambda: model.record(0).state is JobState.cancelled)
    studio.engine.update_settings(studio.settings)
    studio.window.queue.table.selectRow(0)
    qtbot.mouseClick(studio.window.queue.retry_button, Qt.MouseButton.LeftButton)
    studio.run.until(lambda: model.rowCount() == 2, message=lambda: str(state_texts(studio)))
    assert not model.record(0).is_final
    assert model.record(0).request.prompt == "second chance"


def test_several_jobs_run_at_once(make_studio: StudioFactory) -> None:
    studio = make_studio(demo_seconds=30)
    for number in range(3):
        studio.window.composer.prompt.set_text(f"job {number}")
        studio.window.composer.generate()
    studio.run.until(
        lambda: state_texts(studio) == ["Running"] * 3, message=lambda: str(state_texts(studio))
    )


def test_removing_a_cancelled_job_takes_it_off_the_queue(make_studio: StudioFactory) -> None:
    studio = make_studio(demo_seconds=30)
    studio.window.composer.prompt.set_text("not needed after all")
    studio.window.composer.generate()
    model = studio.window.queue_model
    studio.run.until(lambda: model.rowCount() == 1 and not model.record(0).is_final)
    studio.engine.cancel(model.record(0).id)
    studio.run.until(lambda: model.record(0).state is JobState.cancelled)
    studio.window.queue.table.selectRow(0)
    studio.window.queue.remove_button.click()
    studio.run.until(lambda: model.rowCount() == 0)


def test_removing_a_finished_job_with_images_asks_first(studio: Studio) -> None:
    from PySide6.QtWidgets import QMessageBox

    studio.window.composer.prompt.set_text("keep or not")
    studio.window.composer.generate()
    studio.run.until(lambda: studio.window.gallery_model.rowCount() == 1)
    studio.window.queue.table.selectRow(0)
    studio.window.queue.remove_button.click()
    box = studio.window.findChild(QMessageBox, "confirmRemove")
    assert box is not None and "1 image goes to the trash" in box.text()
    next(b for b in box.buttons() if b.text() == "Cancel").click()
    assert studio.window.queue_model.rowCount() == 1
    assert studio.window.gallery_model.rowCount() == 1


def test_a_burst_of_jobs_leaves_the_last_request_in_the_settings(studio: Studio) -> None:
    """Settings are saved off the UI thread and a burst is coalesced; the file must still end
    with the request generated last, ready for the next start."""
    composer = studio.window.composer
    prompts = [f"burst number {n}" for n in range(8)]
    for prompt in prompts:
        composer.prompt.set_text(prompt)
        composer.generate()
    studio.run.until(lambda: studio.window.queue_model.rowCount() == len(prompts))
    settings_file = config_dir() / "settings.json"
    studio.run.until(
        lambda: (
            settings_file.is_file()
            and json.loads(settings_file.read_text())["last_request"]["prompt"] == prompts[-1]
        ),
        message=lambda: settings_file.read_text() if settings_file.is_file() else "no file",
    )


def test_the_queue_summary_counts_jobs_as_they_start_finish_and_go(
    make_studio: StudioFactory,
) -> None:
    from dataclasses import replace

    from studio.domain.models import GenerationRequest, JobState
    from studio.engine.events import JobRecord

    studio = make_studio()
    queue, model = studio.window.queue, studio.window.queue_model
    request = GenerationRequest(provider="demo", model="gptimage2", prompt="a kite")
    records = [
        JobRecord(
            id=f"j{i}",
            request=request,
            state=JobState.running,
            created_at=100.0 + i,
            updated_at=100.0 + i,
        )
        for i in range(5)
    ]
    for record in records:  # a burst of submissions, newest first in the list
        model.update_record(record)
    assert queue.summary_label.text() == "5 active, 5 in list"
    model.update_record(replace(records[1], state=JobState.succeeded))
    model.update_record(replace(records[2], state=JobState.failed))
    model.update_record(replace(records[2], state=JobState.failed))  # told twice: counted once
    assert queue.summary_label.text() == "3 active, 5 in list"
    assert queue.clear_button.isEnabled()
    model.remove_job("j0")  # a running job removed
    assert queue.summary_label.text() == "2 active, 4 in list"
    model.clear_finished()
    assert queue.summary_label.text() == "2 active, 2 in list"
    assert not queue.clear_button.isEnabled()


def test_jobs_announced_together_show_once_each_newest_first_and_resumed_ones_in_place(
    make_studio: StudioFactory,
) -> None:
    from dataclasses import replace

    from studio.domain.models import GenerationRequest, JobState
    from studio.engine.events import JobRecord

    studio = make_studio()
    model = studio.window.queue_model
    table = studio.window.queue.table

    def job(name: str, created: float, state: JobState = JobState.running) -> JobRecord:
        request = GenerationRequest(provider="demo", model="gptimage2", prompt=f"prompt {name}")
        return JobRecord(
            id=name, request=request, state=state, created_at=created, updated_at=created
        )

    def shown() -> list[str]:
        return [
            model.data(model.index(row, 0)).split("\n")[0].removeprefix("prompt ")
            for row in range(table.model().rowCount())
        ]

    model.update_records([job("a", 1.0), job("b", 2.0)])
    assert shown() == ["b", "a"]
    # A burst: new jobs, one of them told twice, and a change to a job already listed.
    model.update_records(
        [
            job("c", 3.0),
            job("d", 4.0),
            replace(job("a", 1.0), state=JobState.succeeded),
            job("d", 4.0, JobState.downloading),
        ]
    )
    assert shown() == ["d", "c", "b", "a"]
    assert model.record(0).state is JobState.downloading
    assert model.record(3).state is JobState.succeeded
    assert studio.window.queue.summary_label.text() == "3 active, 4 in list"
    # A job resumed after a restart is older than the listed ones: it goes where it belongs.
    model.update_records([job("resumed", 2.5)])
    assert shown() == ["d", "c", "resumed", "b", "a"]

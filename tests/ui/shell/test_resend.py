"""Retry that would pay again asks first (the promise: none paid twice by accident). A job whose
create may have been charged (the connection dropped after the provider took it: outcome
unknown) is sent again only after the person agrees, told the cost; Cancel sends nothing. A job
certain to have cost nothing is sent again at once."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from studio.domain.models import GenerationRequest, JobState
from studio.emulator.faults import FaultRule
from studio.engine.journal import Journal
from studio.keys import KeyStore
from studio.settings import Settings, journal_path
from tests.conftest import RunningEmulator
from tests.servers.taps import NoImages, tapped_emulator
from tests.ui.conftest import Studio, StudioFactory


def unknown_job(make_studio: StudioFactory, emulator: RunningEmulator, qtbot) -> Studio:  # type: ignore[no-untyped-def]
    keys = KeyStore()
    keys.set("joyai", "sk-resend")
    settings = Settings(base_urls={"joyai": emulator.base_url("joyai")})
    studio = make_studio(demo=False, settings=settings, keys=keys)
    emulator.state.set_faults([FaultRule(route="create", action="drop", times=1)])
    studio.window.composer.prompt.set_text("did it go through")
    studio.window.composer.generate()
    model = studio.window.queue_model
    studio.run.until(
        lambda: model.rowCount() == 1 and model.record(0).state is JobState.unknown,
        message=lambda: str(model.records()),
    )
    assert emulator.state.create_calls("joyai") == 1  # charged, though the answer was lost
    studio.window.queue.table.selectRow(0)
    qtbot.mouseClick(studio.window.queue.retry_button, Qt.MouseButton.LeftButton)
    return studio


def question(studio: Studio, sent: Callable[[], str] = lambda: "") -> QMessageBox:
    """The "Pay again?" question, once the engine has read the job and refused to send it
    unasked."""
    studio.run.until(
        lambda: (box := studio.window.findChild(QMessageBox, "confirmResend")) and box.isVisible(),
        timeout=5,
        message=lambda: f"no question asked; {sent()}",
    )
    box = studio.window.findChild(QMessageBox, "confirmResend")
    assert box is not None
    return box


def test_retrying_a_job_that_may_have_been_charged_asks_and_cancel_sends_nothing(
    make_studio: StudioFactory, emulator: RunningEmulator, qtbot
) -> None:  # type: ignore[no-untyped-def]
    studio = unknown_job(make_studio, emulator, qtbot)
    box = question(studio)
    assert "may already have been charged" in box.text()
    assert "It costs ≈ 12 credits again." in box.text()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    studio.run.settle(0.3)
    assert studio.window.queue_model.rowCount() == 1
    assert emulator.state.create_calls("joyai") == 1


def test_agreeing_sends_it_again_once(
    make_studio: StudioFactory, emulator: RunningEmulator, qtbot
) -> None:  # type: ignore[no-untyped-def]
    studio = unknown_job(make_studio, emulator, qtbot)
    box = question(studio)
    send = next(b for b in box.buttons() if b.text() == "Send again")
    qtbot.mouseClick(send, Qt.MouseButton.LeftButton)
    studio.run.until(lambda: studio.window.gallery_model.rowCount() == 1)
    assert emulator.state.create_calls("joyai") == 2


@pytest.fixture
def no_image_emulator() -> Iterator[RunningEmulator]:
    """OpenAI's first create is handled (and charged) but answered with no image and no usage."""
    with tapped_emulator(lambda app: NoImages(app, "/images/generations")) as (emulator, _tap):
        yield emulator


def no_image_job(make_studio: StudioFactory, emulator: RunningEmulator) -> Studio:
    """An OpenAI job whose create was answered "done" with no image and no usage."""
    keys = KeyStore()
    keys.set("openai", "sk-resend-openai")
    settings = Settings(base_urls={"openai": emulator.base_url("openai")})
    studio = make_studio(demo=False, settings=settings, keys=keys)
    composer = studio.window.composer
    composer.parameters.apply({"provider": "openai", "model": "gpt-image-1", "quality": "low"})
    composer.extras.set_values({"partial_images": ""})  # one JSON answer, not a stream
    composer.prompt.set_text("a lighthouse")
    composer.generate()
    model = studio.window.queue_model
    studio.run.until(
        lambda: model.rowCount() == 1 and model.record(0).state is JobState.failed,
        message=lambda: str(model.records()),
    )
    assert model.record(0).error_kind == "bad_result"
    assert emulator.state.create_calls("openai") == 1
    return studio


def test_retrying_a_create_answered_with_no_image_asks(
    make_studio: StudioFactory, no_image_emulator: RunningEmulator, qtbot
) -> None:  # type: ignore[no-untyped-def]
    """OpenAI answers a create itself (no task id). One it answered "done" with no image and no
    usage was taken, so may have been paid: Retry asks, whatever came back."""
    emulator = no_image_emulator
    studio = no_image_job(make_studio, emulator)
    studio.window.queue.table.selectRow(0)
    qtbot.mouseClick(studio.window.queue.retry_button, Qt.MouseButton.LeftButton)
    box = question(studio)
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    studio.run.settle(0.3)
    assert emulator.state.create_calls("openai") == 1


def test_retry_asks_from_the_journal_when_the_queue_shows_an_older_state(
    make_studio: StudioFactory, emulator: RunningEmulator, qtbot
) -> None:  # type: ignore[no-untyped-def]
    """The queue shows a job waiting for its key (Retry would continue it, paying nothing);
    meanwhile another process (`image-studio resume`, which has the key) sent it and lost the
    answer. The journal says "unknown": Retry asks before sending it again, though the queue's
    copy has not caught up."""
    request = GenerationRequest(provider="joyai", model="gptimage2", prompt="who sent it")
    journal = Journal(journal_path())
    job_id = journal.create(
        request,
        estimated_cost=None,
        library_dir=str(journal_path().parent / "library"),
        base_url=emulator.base_url("joyai"),
    ).record.id
    settings = Settings(base_urls={"joyai": emulator.base_url("joyai")})
    studio = make_studio(demo=False, settings=settings)  # no key: the job waits for one
    model = studio.window.queue_model
    studio.run.until(
        lambda: model.rowCount() == 1 and model.record(0).held,
        message=lambda: str(model.records()),
    )
    # The other process: it claimed the job, sent it, and the connection broke.
    journal.update(
        job_id,
        state=JobState.unknown,
        error=("outcome_unknown", "The connection broke after the request was sent."),
    )
    journal.close()
    studio.keys.set("joyai", "sk-resend")
    assert model.record(0).held  # the queue has not heard
    studio.window.queue.table.selectRow(0)
    qtbot.mouseClick(studio.window.queue.retry_button, Qt.MouseButton.LeftButton)
    box = question(studio, lambda: f"creates sent: {emulator.state.create_calls('joyai')}")
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    studio.run.settle(0.3)
    assert emulator.state.create_calls("joyai") == 0

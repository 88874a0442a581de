"""Costs told truthfully in the window (#16 item 6) and numbers in the user's locale (item 7):
"≈ 12 credits" until the provider charges, then the charged amount; "Not charged" for a
refused or refunded job."""

from __future__ import annotations

import time
from collections.abc import Iterator
from decimal import Decimal

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication

from studio.domain.models import Cost, GenerationRequest, JobState
from studio.engine.events import JobRecord
from studio.ui.kit.catalog_text import number_text
from studio.ui.queue.queue_model import COLUMN_COST, QueueModel
from studio.ui.settings.languages import install_translators


def record(provider: str, state: JobState, **fields: object) -> JobRecord:
    now = time.time()
    request = GenerationRequest(provider=provider, model=None, prompt="a red chair")
    defaults: dict[str, object] = {"estimated_cost": Cost(Decimal(20000), "credits")}
    defaults.update(fields)
    return JobRecord(f"job-{provider}-{state}", request, state, now, now, **defaults)  # type: ignore[arg-type]


def cost_shown(model: QueueModel, job: JobRecord) -> str:
    model.set_records([job])
    return str(model.index(0, COLUMN_COST).data(Qt.ItemDataRole.DisplayRole))


@pytest.fixture
def german(qapp: QApplication) -> Iterator[None]:
    translators = install_translators(qapp, "de")
    yield
    for translator in translators:
        qapp.removeTranslator(translator)
    install_translators(qapp, "en")


def test_an_estimate_is_marked_as_one_until_the_provider_charges(qapp: QApplication) -> None:
    model = QueueModel()
    running = record("joyai", JobState.running, task_id="t1")
    assert cost_shown(model, running) == "≈ 20,000 credits"
    model = QueueModel()
    charged = record(
        "joyai", JobState.succeeded, task_id="t1", charged_cost=Cost(Decimal(88), "credits")
    )
    assert cost_shown(model, charged) == "88 credits"


@pytest.mark.parametrize(
    ("provider", "state", "fields"),
    [
        ("joyai", JobState.failed, {"error_kind": "authentication"}),  # 401, no task
        ("gptimage2ai", JobState.failed, {"error_kind": "insufficient_credits"}),  # 402
        ("gptimage2ai", JobState.failed, {"task_id": "t", "error_kind": "provider_failed"}),
    ],
)
def test_a_refused_or_refunded_job_shows_nothing_charged(
    qapp: QApplication, provider: str, state: JobState, fields: dict[str, object]
) -> None:
    assert cost_shown(QueueModel(), record(provider, state, **fields)) == "Not charged"


def test_an_ambiguous_outcome_is_never_shown_as_free(qapp: QApplication) -> None:
    job = record("joyai", JobState.unknown, error_kind="outcome_unknown")
    assert cost_shown(QueueModel(), job) == "≈ 20,000 credits"


def test_numbers_follow_the_language_shown(german: None) -> None:
    assert QLocale().decimalPoint() == ","
    assert number_text(Decimal("20000")) == "20.000"
    assert number_text(Decimal("0.25")) == "0,25"
    job = record("joyai", JobState.running, task_id="t1")
    assert cost_shown(QueueModel(), job) == "≈ 20.000 Credits"

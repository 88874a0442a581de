"""The first result's selection and paint build no PySide types once a job was composed or
generated: PySide builds a Qt class's Python type, with all its enums, the first time Python
names it, and the gallery's first selected and painted cell named two (QStyleOptionViewItem for
its delegate, QGradient through every brush and colour given to its painter). Built while the
engine's thread was busy, that made the first result's gap the run's longest (bench/README.md,
UI responsiveness); `build_paint_types` builds them when the job is composed instead."""

from __future__ import annotations

from tests.ui.gallery.grid_script import GRID_HEAD
from tests.ui.shell.watching import run_watching

SCRIPT = (
    GRID_HEAD
    + """
import enum
from studio.ui.shell.warm_up import build_paint_types

# Built by the window long before a result (its scroll bars, the queue's selections).
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QAbstractSlider
print(QItemSelectionModel.SelectionFlag, QAbstractSlider.SliderAction)
if sys.argv[1] == "composed":
    build_paint_types()
built = []
create = enum.EnumType._create_
def recording(cls, name, names, *args, **kwargs):
    built.append(name)
    return create(cls, name, names, *args, **kwargs)
enum.EnumType._create_ = recording
view.show()
view.setCurrentIndex(model.index(1, 0))  # as the gallery selects the first result
painted = view.viewport().grab().toImage()
widgets = vars(sys.modules["PySide6.QtWidgets"])
print(json.dumps({"built": built, "qstyle": "QStyle" in widgets, "painted": not painted.isNull()}))
"""
)


def test_the_first_results_paint_builds_no_types_after_a_job_was_composed() -> None:
    report = run_watching(SCRIPT, "composed")
    assert report == {"built": [], "qstyle": False, "painted": True}


def test_without_it_the_first_paint_builds_them() -> None:
    """The check above can see what it looks for: without the warm-up, these types are built
    by the first selection and paint."""
    report = run_watching(SCRIPT, "not composed")
    assert {"Preset", "ViewItemFeature"} <= set(report["built"]), report
    assert not report["qstyle"]

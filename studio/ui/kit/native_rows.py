"""An item model whose rows Qt counts itself, so that views ask Python only for data.

Qt's views find a cell with `model.index(row, column)`, and the stock list and table models
answer that by asking `rowCount()` (and `columnCount()`) first. Written in Python, each of those
is a call into the interpreter, and on the UI thread each such call must take the GIL back from
the engine's threads: a busy engine made every one a possible wait of milliseconds. The views
ask for every row on a relayout of the grid (each new result), and for every visible cell on
each repaint of the queue: measured, a 3,000-row grid's relayout took 9 ms with a Python row
count and 44 ms with two Python threads busy, against 0.4-0.5 ms with this class either way
(bench/README.md, UI responsiveness).

So the rows and columns live in a `QStandardItemModel`, whose `index`, `rowCount` and
`columnCount` run in C++, and a subclass keeps its records in Python lists. It changes its lists
only through `_insert_rows`, `_remove_rows` and `_reset_rows`, which apply the change between the
model's "about to" and "done" signals, as `beginInsertRows`/`endInsertRows` would: listeners of
either signal see Python's lists agree with Qt's count (`ListedRowsModel`).

Its cells are then either empty placeholders, with `data()` and `flags()` answered in Python
(`NativeRowsModel`: the gallery, whose cells are painted by Python anyway), or Qt's own items
filled as the records change, so that painting them never enters Python at all (the queue).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QStandardItemModel

_Index = QModelIndex | QPersistentModelIndex
#: A plain list or table model's flags (a `QStandardItem`'s own would make the cell editable).
PLAIN_FLAGS = (
    Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren
)


class ListedRowsModel(QStandardItemModel):
    """Rows counted by Qt, records kept by the subclass in step with them (see the module's
    docstring)."""

    def __init__(self, columns: int, parent: QObject | None = None) -> None:
        super().__init__(0, columns, parent)
        self._apply: Callable[[], None] | None = None
        # Connected before any view can connect: these run first when the rows change, so the
        # lists are already changed for every other listener.
        self.rowsInserted.connect(self._apply_pending)
        self.rowsRemoved.connect(self._apply_pending)

    def _insert_rows(self, first: int, count: int, apply: Callable[[], None]) -> None:
        """Insert `count` rows at `first`; `apply` puts the records into the lists."""
        self._change(lambda: self.insertRows(first, count), apply)

    def _remove_rows(self, first: int, count: int, apply: Callable[[], None]) -> None:
        """Remove `count` rows from `first`; `apply` takes the records out of the lists."""
        self._change(lambda: self.removeRows(first, count), apply)

    def _reset_rows(self, count: int, apply: Callable[[], None]) -> None:
        """Replace every row with `count` empty ones; `apply` then sets the lists (and may fill
        the new rows' items: signals are blocked while it runs)."""
        self.beginResetModel()
        blocked = self.blockSignals(True)  # the reset tells the views; no row signals within it
        try:
            self.setRowCount(0)  # no item of a row before survives
            self.setRowCount(count)
            apply()
        finally:
            self.blockSignals(blocked)
            self.endResetModel()

    def _change(self, change: Callable[[], bool], apply: Callable[[], None]) -> None:
        if self._apply is not None:
            raise RuntimeError("rows changed from within a change of rows")
        self._apply = apply
        try:
            done = change()
        finally:
            pending, self._apply = self._apply, None
        if not done or pending is not None:  # refused: the lists stay as Qt's rows are
            raise IndexError("rows out of range")

    def _apply_pending(self, _parent: _Index, _first: int, _last: int) -> None:
        apply, self._apply = self._apply, None
        if apply is not None:
            apply()


class NativeRowsModel(ListedRowsModel):
    """Rows of empty placeholders: the subclass answers `data()` from its records."""

    def flags(self, index: _Index) -> Qt.ItemFlag:
        """As a plain list or table model's: the placeholder items would be editable."""
        return PLAIN_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

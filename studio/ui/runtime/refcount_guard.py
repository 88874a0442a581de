"""A guard against a reference-counting bug in PySide6 6.12.0 on Python 3.11.

Its bindings hand back `None` (from every void method) and `True`/`False` (from Signal.emit)
without taking a reference, so each call lowers those singletons' reference counts until the
interpreter aborts with "deallocating None" — after a few thousand calls, i.e. within minutes
of use. Python 3.12 made the singletons immortal, which hides the bug; on older Pythons we give
them the same property by raising their counts far beyond anything a session can consume.

Measured on Python 3.11.7 with 2 x None's reference count of `QObject.setObjectName` calls:
PySide6-Essentials 6.11.3 survives them unguarded, 6.12.0 aborts. The guard is applied from
6.12.0 on (no fixed release is known yet); tests/ui/test_refcount_guard.py checks that the
installed version still needs it wherever it is applied.
"""

from __future__ import annotations

import sys
from _ctypes import _SimpleCData

#: Python 3.11's stdlib no longer changes, and this guard runs on 3.11 only, so it can use the
#: base class of ctypes' integer types directly: importing the ctypes package as well would
#: cost start-up 0.3 MB for the one type needed here.


class _SsizeT(_SimpleCData):
    """A C Py_ssize_t (the size of a pointer)."""

    _type_ = "q" if sys.maxsize > 2**31 else "i"


#: 2**48 lost references is about 9 years of a million bad calls per second.
_MARGIN = 1 << 48
#: The first PySide6 release with the bug (6.11.3 is free of it).
FIRST_AFFECTED = (6, 12, 0)
_guarded = False


def needed(pyside: tuple[int, ...] | None = None, python: tuple[int, ...] | None = None) -> bool:
    """Whether this PySide6 (by default the installed one) on this Python has the bug."""
    if pyside is None:
        import PySide6  # its package only: the bindings' modules load later, as they would

        pyside = tuple(PySide6.__version_info__[:3])
    python = python or tuple(sys.version_info[:2])
    return python < (3, 12) and pyside >= FIRST_AFFECTED


def make_singletons_immortal() -> None:
    """Idempotent; does nothing where the bug does not exist (Python 3.12+, where these objects
    are immortal already, or a PySide6 older than FIRST_AFFECTED)."""
    global _guarded
    if _guarded or not needed():
        return
    for singleton in (None, True, False, NotImplemented, Ellipsis):
        # In CPython < 3.12, ob_refcnt (a Py_ssize_t) is the first field of every object.
        _SsizeT.from_address(id(singleton)).value += _MARGIN
    _guarded = True

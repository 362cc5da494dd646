"""Work around PySide6 6.12.0 dropping references to None and True on Python 3.11.

PySide6 6.12.0 returns ``None`` from every void C++ method (``update()``, ``setText()`` …) and
``True`` from ``Signal.emit()`` without taking a reference to them. From Python 3.12 on these
objects are immortal and nothing happens; on Python 3.11 each call lowers their reference count
by one, and once it reaches zero the interpreter aborts ("Fatal Python error: none_dealloc", or
"bool_dealloc"). Playing a graph makes thousands of such calls a second.

gui/qt_workarounds.py (the scene's) pads None; ``apply()`` calls it and, if ``emit`` leaks too,
pads True and False the same way (by 2**40, never reached). Both detect the leak empirically
and do nothing without it (Python ≥ 3.12, or PySide6 6.11.3), so they can go once the pinned
PySide6 no longer has the bug.
"""

from __future__ import annotations

import ctypes
import sys

PAD = 1 << 40
_applied = False


def emit_leaks_true() -> bool:
    """True if ``Signal.emit`` drops a reference to True (the 6.12.0 bug on Python < 3.12)."""
    if sys.version_info >= (3, 12):
        return False
    from PySide6.QtCore import QObject, Signal

    class _Probe(QObject):
        ping = Signal()

    probe = _Probe()
    calls = 16
    before = sys.getrefcount(True)
    for _ in range(calls):
        probe.ping.emit()
    return before - sys.getrefcount(True) >= calls


def apply() -> bool:
    """Pad the constants this PySide6 leaks; True when any pad is in place."""
    global _applied
    from .qt_workarounds import protect_none

    padded_none = protect_none()
    if not _applied and emit_leaks_true():
        for constant in (True, False):
            ctypes.c_ssize_t.from_address(id(constant)).value += PAD  # ob_refcnt comes first
        _applied = True
    return padded_none or _applied

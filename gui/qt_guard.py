"""Work around a PySide6 6.12.0 bug that crashes Python 3.11 after ~20,000 Qt calls.

PySide6 6.12.0 returns ``None`` from every void C++ method (``update()``, ``setZValue()``,
``setText()`` …) and ``True`` from ``Signal.emit()`` without taking a reference to them. From
Python 3.12 on these objects are immortal and nothing happens; on Python 3.11 each such call
lowers their reference count by one, and once it reaches zero the interpreter aborts with
"Fatal Python error: none_dealloc" (or "bool_dealloc"). Playing a graph makes thousands of these
calls a second, so the window died within a minute.

``apply()`` measures the leak with a few harmless calls and, only if it is there, raises the
reference counts of ``None``, ``True`` and ``False`` by 2**40 (never reached: that many calls
would take years). It does nothing on Python ≥ 3.12 or on a PySide6 without the bug (6.11.3 is
fine), so it can go once the pinned PySide6 no longer has it.
"""

from __future__ import annotations

import ctypes
import sys

PAD = 1 << 40
_applied = False


def leaks_none() -> bool:
    """True if a void Qt call drops a reference to None (the 6.12.0 bug on Python < 3.12)."""
    if sys.version_info >= (3, 12):
        return False
    from PySide6.QtCore import QObject

    probe = QObject()
    calls = 16
    before = sys.getrefcount(None)
    for _ in range(calls):
        probe.setObjectName("probe")
    return before - sys.getrefcount(None) >= calls


def apply() -> bool:
    """Pad None's reference count if this PySide6 leaks it; True when the pad was applied."""
    global _applied
    if _applied:
        return True
    if not leaks_none():
        return False
    for constant in (None, True, False):
        ctypes.c_ssize_t.from_address(id(constant)).value += PAD  # ob_refcnt comes first
    _applied = True
    return True

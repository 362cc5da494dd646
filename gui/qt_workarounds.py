"""Work around PySide6 6.12.0 dropping a reference to None on every call of a void method.

On CPython < 3.12 (None is not immortal there) each call like ``painter.setPen(...)`` or
``item.update()`` decrements None's reference count without having incremented it, so a
running app dies with "Fatal Python error: none_dealloc" after a few tens of thousands of
calls (seconds of animation). PySide6 6.11.3 does not do this. ``protect_none()`` detects the
leak empirically and, only if present, raises None's count by 2**40 so it can never reach zero
(which is what CPython 3.12 does for None anyway). Call it once, before heavy Qt use.
"""

from __future__ import annotations

import ctypes
import sys

_BUMP = 1 << 40
_done = False


def void_calls_leak_none() -> bool:
    from PySide6.QtGui import QColor

    colour = QColor()
    before = sys.getrefcount(None)
    for _ in range(20):
        colour.setAlpha(255)
    return sys.getrefcount(None) < before - 10


def protect_none() -> bool:
    """Apply the workaround if this PySide6 needs it; True if it was applied (now or before)."""
    global _done
    if _done:
        return True
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if not void_calls_leak_none():
        return False
    ctypes.c_ssize_t.from_address(id(None)).value += _BUMP
    _done = True
    return True

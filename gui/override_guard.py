"""No exception escapes a Python override of a Qt virtual method.

On Python 3.10/3.11 an exception raised inside NumPy (any C extension) that leaves an override
such as ``showEvent`` or ``paint`` while a slot runs crashes the interpreter in shiboken's error
printing (measured with PySide6 6.9 to 6.12; 3.12 survives). ``@guard_overrides`` on a class
wraps each of its methods that overrides a Qt method: an exception is caught, handed to
gui.error_report (logged, counted, shown once as a notice), and the method returns what Qt
needs (the base implementation, or a neutral value where the base is pure virtual).

A method that only shadows a non-virtual Qt method and is called from our own code (so its
exceptions belong to its caller) is marked ``@not_a_qt_override`` instead.
tests/test_override_guard.py walks every gui class and fails for an override with neither.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QModelIndex, QRectF, QSize
from PySide6.QtGui import QPainterPath

GUARDED = "__qt_guarded__"
NOT_AN_OVERRIDE = "__qt_not_an_override__"

ClassT = TypeVar("ClassT", bound=type)
FunctionT = TypeVar("FunctionT", bound=Callable[..., Any])

# what a method returns when it failed and its Qt base is pure virtual (calling it raises)
_NEUTRAL: dict[str, Callable[[], Any]] = {
    "boundingRect": QRectF,
    "shape": QPainterPath,
    "sizeHint": QSize,
    "minimumSizeHint": QSize,
    "contains": lambda: False,
    "event": lambda: False,
    "eventFilter": lambda: False,
    "viewportEvent": lambda: False,
    "sceneEventFilter": lambda: False,
    "rowCount": lambda: 0,
    "columnCount": lambda: 0,
    "index": QModelIndex,
    "parent": QModelIndex,
}


def qt_bases(cls: type) -> list[type]:
    """The Qt classes (PySide6 or shiboken) among ``cls``'s ancestors."""
    return [base for base in cls.__mro__[1:] if _is_qt_class(base)]


def _is_qt_class(cls: type) -> bool:
    return cls.__module__.startswith(("PySide6.", "shiboken6"))


def qt_overrides(cls: type) -> dict[str, Callable[..., Any]]:
    """The methods ``cls`` itself defines whose names are methods of one of its Qt bases."""
    bases = qt_bases(cls)
    found: dict[str, Callable[..., Any]] = {}
    for name, value in vars(cls).items():
        if name.startswith("__") or not inspect.isfunction(value):
            continue
        if any(callable(getattr(base, name, None)) for base in bases):
            found[name] = value
    return found


def not_a_qt_override(method: FunctionT) -> FunctionT:
    """Mark a method that shadows a non-virtual Qt method and is only called from Python."""
    setattr(method, NOT_AN_OVERRIDE, True)
    return method


def guard_overrides(cls: ClassT) -> ClassT:
    """Class decorator: wrap every Qt override ``cls`` defines (see the module docstring)."""
    for name, method in qt_overrides(cls).items():
        if getattr(method, NOT_AN_OVERRIDE, False) or getattr(method, GUARDED, False):
            continue
        setattr(cls, name, _guarded(cls, name, method))
    return cls


def _guarded(cls: type, name: str, method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def guarded(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except Exception as exc:  # noqa: BLE001 (the point: nothing may reach shiboken)
            from . import error_report

            error_report.report_exception(exc, origin=self)
            return _fallback(cls, name, self, args, kwargs)

    setattr(guarded, GUARDED, True)
    return guarded


def _fallback(cls: type, name: str, self: Any, args: tuple, kwargs: dict) -> Any:
    """The Qt base implementation's answer, or a neutral value if there is none."""
    try:
        return getattr(super(cls, self), name)(*args, **kwargs)
    except Exception:  # noqa: BLE001 (pure virtual, or the base fails on the half-done state)
        neutral = _NEUTRAL.get(name)
        return neutral() if neutral is not None else None

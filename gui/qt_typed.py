"""Typed stand-ins for the few PySide6 functions whose stubs say ``object`` where a str comes back.

``QT_TRANSLATE_NOOP(context, source)`` marks ``source`` for lupdate (and for the catalog test,
which finds the calls by this name) and returns it unchanged, exactly as Qt's does; its stub
types the result as ``object``, so every ActionSpec built from one failed the type check.
"""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:  # noqa: N802 - lupdate's name
    """``source``, marked for translation in ``context`` (translated later, where it is shown)."""
    return source

"""How a document's fields are checked and a bad one is named: the helpers the document reader
(core.documents.document) and the lab record it holds (core.documents.lab_record) share.

One set of helpers, so a bad field reads the same wherever it sits in the file (the same
"got …" for a value, the same list of known keys, the same limit on text) and is said in the
same words in every language. Each helper raises the error class it is given (DocumentError or
LabRecordError, both a ``FieldError``): each reader keeps its own error, and its own path prefix.
"""

from __future__ import annotations

import difflib
import math
from typing import Any

from ..io.limits import HugeInt, short_repr
from ..text.i18n import count, tr


class FieldError(ValueError):
    """A bad field, named by its path (``source.spec.sizes[1]``; "" for the whole file)."""

    def __init__(self, field_path: str, message: str) -> None:
        super().__init__(f"{field_path}: {message}" if field_path else message)
        self.field = field_path
        self.message = message


def is_int(value: Any) -> bool:
    """A whole number as JSON writes one (true and false are not numbers here)."""
    return isinstance(value, int) and not isinstance(value, bool)


def kind(value: Any) -> str:
    """What a wrong value was, for "got …": JSON's names (null, true), short numbers and text."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return tr("text {value}", value=repr(value)) if len(value) < 40 else tr("text")
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)
    if isinstance(value, (int, float, HugeInt)):
        return short_repr(value)
    if isinstance(value, list):
        return tr("a list")
    if isinstance(value, dict):
        return tr("an object")
    return type(value).__name__


def an_object(where: str, value: Any, error: type[FieldError]) -> dict[str, Any]:
    """``value`` if it is a JSON object."""
    if not isinstance(value, dict):
        raise error(where, tr("must be an object, got {kind}", kind=kind(value)))
    return value


def known_keys(
    where: str, data: dict[str, Any], known: tuple[str, ...], error: type[FieldError]
) -> None:
    """Every key of ``data`` is one of ``known``; a misspelt one is told the closest."""
    for key in data:
        if key not in known:
            close = difflib.get_close_matches(str(key), known, n=1)
            path = f"{where}.{key}" if where else str(key)
            if close:
                message = tr(
                    "unknown key (did you mean {name}?); known keys: {known}",
                    name=repr(close[0]),
                    known=", ".join(known),
                )
            else:
                message = tr("unknown key; known keys: {known}", known=", ".join(known))
            raise error(path, message)


def text(where: str, value: Any, error: type[FieldError], limit: int | None = None) -> str:
    """``value`` if it is text of at most ``limit`` characters."""
    if not isinstance(value, str):
        raise error(where, tr("must be text, got {kind}", kind=kind(value)))
    if limit is not None and len(value) > limit:
        raise error(
            where,
            tr(
                "{count} characters is too long (at most {limit})",
                count=count(len(value)),
                limit=count(limit),
            ),
        )
    return value


def did_you_mean(value: Any, choices: list[str] | tuple[str, ...]) -> str:
    """`` (did you mean 'circle'?)`` when ``value`` is text close to one of ``choices``, else ""."""
    close = difflib.get_close_matches(value, choices, n=1) if isinstance(value, str) else []
    return tr(" (did you mean {name}?)", name=repr(close[0])) if close else ""

"""A value typed as text: a number or a JSON list of numbers, read the one safe way.

The command line's ``--set NAME=VALUE`` and the window's ONNX sample dialog read what a person
typed with ``float`` and ``json.loads`` only (never eval), with the same limits, so a value the
one accepts the other accepts too, and each refusal is one sentence that starts with where the
value was typed (``--set x``, or a field's name).
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..io.limits import MAX_ABS, json_int, number_problem, short_repr
from ..text.i18n import tr

MAX_CHARS = 1_000_000  # characters of one value
MAX_DEPTH = 4  # lists nest at most this deep, as in a document's values


class ValueTextError(ValueError):
    """The text is not a usable value; the message starts with where it was typed."""


def read_value(where: str, text: str) -> Any:
    """A float, or a rectangular nested list of floats; ValueTextError says what is wrong."""
    text = text.strip()
    if len(text) > MAX_CHARS:
        raise ValueTextError(
            tr(
                "{where}: {count} characters is too long (at most {limit})",
                where=where,
                count=f"{len(text):,}",
                limit=f"{MAX_CHARS:,}",
            )
        )
    if not text.startswith("["):
        try:
            value: Any = float(text)
        except ValueError:
            raise ValueTextError(
                tr("{where}: {text} is not a number", where=where, text=short_repr(text))
            ) from None
        check_number(where, value, text)
        return value
    depth = 0
    for bracket in re.finditer(r"[\[\]]", text):
        depth += 1 if bracket.group() == "[" else -1
        if depth > MAX_DEPTH:
            raise ValueTextError(
                tr("{where}: lists nest at most {limit} deep", where=where, limit=MAX_DEPTH)
            )
    try:
        value = json.loads(text, parse_int=json_int, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        raise ValueTextError(
            tr(
                "{where}: {text} is not a number or a list of numbers",
                where=where,
                text=short_repr(text),
            )
        ) from None
    shape = list_shape(where, value)
    if not shape or 0 in shape:
        raise ValueTextError(tr("{where}: an empty list holds no value", where=where))
    return value


def _no_constant(name: str) -> Any:
    raise ValueError(name)  # NaN, Infinity: refused as "not a number"


def list_shape(where: str, value: Any) -> tuple[int, ...]:
    """The shape of a rectangular nested list of usable numbers (ValueTextError otherwise)."""
    if not isinstance(value, list):
        check_number(where, value, value)
        return ()
    shapes = {list_shape(where, item) for item in value}
    if len(shapes) > 1:
        raise ValueTextError(tr("{where}: the rows of a matrix need the same length", where=where))
    return (len(value), *(shapes.pop() if shapes else ()))


def check_number(where: str, value: Any, shown: Any) -> None:
    problem = number_problem(value)
    if problem == "type":
        raise ValueTextError(
            tr("{where}: {text} is not a number", where=where, text=short_repr(shown))
        )
    if problem == "not_finite":
        raise ValueTextError(tr("{where}: the value must be a finite number", where=where))
    if problem is not None:
        raise ValueTextError(
            tr(
                "{where}: {text} is too large: numbers must lie within ±{limit}",
                where=where,
                text=short_repr(shown),
                limit=f"{MAX_ABS:g}",
            )
        )

"""What input is refused before it is used, in one place: files that are not regular files or
are too large (checked before reading, and never more read than the limit), numbers that are
not finite or lie beyond ±1e300, integer literals too long to be numbers, and user text too
long to quote whole in a message.
"""

from __future__ import annotations

import math
import os
import stat
import sys
from typing import Any

MAX_ABS = 1e300  # every number read from a file or an option lies within ±MAX_ABS
MAX_INT_DIGITS = 300  # a JSON integer literal longer than this is refused (by its path)
QUOTE_LIMIT = 60  # characters of a user's value quoted in a message before "…"


class NotARegularFile(ValueError):
    """A device, a FIFO, a socket or a folder where a file was expected."""


class TooLarge(ValueError):
    """More bytes than the limit; ``size`` is what was seen (at least limit + 1)."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"{size} bytes, limit {limit}")
        self.size = size
        self.limit = limit


def read_limited(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes. The size is checked before
    reading and at most ``limit + 1`` bytes are read, so a symlink to /dev/zero, a FIFO or a
    file that grows meanwhile cannot fill the memory. OSError as ``open`` raises it."""
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        raise NotARegularFile(str(path))
    if info.st_size > limit:
        raise TooLarge(info.st_size, limit)
    with open(path, "rb") as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(len(data), limit)
    return data


def read_stdin_limited(limit: int) -> bytes:
    """Standard input, at most ``limit`` bytes (TooLarge past that; nothing more is read)."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:  # a text stream put in place by a test or an embedding program
        text = sys.stdin.read(limit + 1)
        data = text.encode("utf-8", "surrogatepass")
    else:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(len(data), limit)
    return data


class HugeInt:
    """A JSON integer literal too long to be a number: kept as its digits, so the loader can
    refuse it by path instead of Python's reader failing on the whole file."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    @property
    def digits(self) -> int:
        return len(self.text.lstrip("-"))

    def __repr__(self) -> str:
        return f"{self.text[:12]}…({self.digits:,} digits)"


def json_int(text: str) -> int | HugeInt:
    """``parse_int`` for ``json.loads``: long literals become HugeInt instead of failing."""
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        return HugeInt(text)
    return int(text)


def number_problem(value: Any) -> str | None:
    """None for a usable number (an int or float, not a bool, finite, within ±1e300);
    otherwise which rule it breaks: "type", "huge_int", "not_finite" or "too_large"."""
    if isinstance(value, HugeInt):
        return "huge_int"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "type"
    if isinstance(value, float) and not math.isfinite(value):
        return "not_finite"
    if abs(value) > MAX_ABS:
        return "huge_int" if isinstance(value, int) else "too_large"
    return None


def shorten(text: str, limit: int = QUOTE_LIMIT) -> str:
    """``text`` itself, or its start, "…" and how long it was."""
    if len(text) <= limit:
        return text
    return f"{text[: max(limit - 20, 8)]}…({len(text):,} characters)"


def printable(text: str) -> str:
    """``text`` with control and format characters escaped (a newline, an ANSI escape, a
    right-to-left override in a key of a file): a message stays one honest line."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)


def short_repr(value: Any, limit: int = QUOTE_LIMIT) -> str:
    """``repr(value)`` for a message, shortened when long (never builds a huge repr)."""
    if isinstance(value, str) and len(value) > limit:
        return repr(value[: max(limit - 20, 8)])[:-1] + f"…'({len(value):,} characters)"
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 996:
        digits = int(value.bit_length() * math.log10(2)) + 1
        return f"{'-' if value < 0 else ''}{digits:,}-digit integer"
    if isinstance(value, list) and len(value) > 10:
        return shorten(repr(value[:10])[:-1] + f", …] ({len(value):,} items)", limit)
    if isinstance(value, dict) and len(value) > 10:
        return f"{{…}} ({len(value):,} keys)"
    return shorten(repr(value), limit)

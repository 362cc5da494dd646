"""Command-line options that fail in one line: ``backprop-studio: --epochs: expected a positive
integer, got 'x' (see backprop-studio train --help)``, exit status 2.

argparse prints its whole usage block before an error, which buries the one fact that matters.
``OptionParser`` keeps argparse's parsing and ``--help`` and changes only how an error is said,
for every subcommand (subparsers are made of the same class) and every option, including options
added later with a plain ``type=int`` or ``type=float``: those two types are registered to the
checked versions below (``integer``, ``number``: finite and within ±1e300). Type functions for
common constraints (``positive_int``, ``nonnegative_int``, ``positive_number``, ...) raise
``argparse.ArgumentTypeError`` with the words that end up after the option's name.
"""

from __future__ import annotations

import argparse
import math
import re
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from ..io.limits import MAX_ABS, short_repr, shorten
from ..text.i18n import tr

PROGRAM = "backprop-studio"
MAX_LINE = 400  # characters of an argparse message kept (a 1 MB option value is not echoed)


class OptionParser(argparse.ArgumentParser):
    """argparse.ArgumentParser whose errors are one line naming the option, exit status 2."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.register("type", int, integer)
        self.register("type", float, number)

    # argparse calls this for every parse error (after formatting its own message)
    def error(self, message: str) -> NoReturn:
        name, text = _split(message)
        self.fail(name, text)

    def fail(self, name: str | None, text: str) -> NoReturn:
        """Print ``backprop-studio: NAME: TEXT (see PROG --help)`` and exit with status 2."""
        text = shorten(text.strip(), MAX_LINE)
        message = f"{name}: {text}" if name else text
        line = tr(
            "{program}: {message} (see {command} --help)",
            program=PROGRAM,
            message=message,
            command=self.prog,
        )
        self.exit(2, line.replace("\n", " ") + "\n")

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> argparse.Namespace:
        """Like argparse, but a word nobody takes is reported by the subcommand it was given to,
        so the line points to that subcommand's --help."""
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            parser = self._chosen(parsed)
            first = extras[0]
            if first.startswith("-") and first != "-":
                parser.fail(short_repr(first).strip("'"), tr("unknown option"))
            parser.fail(None, tr("unexpected argument {value}", value=short_repr(first)))
        return parsed

    def _chosen(self, parsed: argparse.Namespace) -> OptionParser:
        """The innermost subcommand's parser that ``parsed`` went through (else self)."""
        for action in self._actions:
            if isinstance(action, argparse._SubParsersAction):
                name = getattr(parsed, action.dest, None) if action.dest else None
                chosen = action.choices.get(name) if isinstance(name, str) else None
                if isinstance(chosen, OptionParser):
                    return chosen._chosen(parsed)
        return self


# ---------------------------------------------------------------------------- argparse's words

_REWORDINGS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (
        re.compile(r"invalid choice: (.*?) \(choose from (.*)\)$", re.S),
        lambda m: tr(
            "expected one of {choices}, got {value}",
            choices=m.group(2).replace("'", ""),
            value=_quoted(m.group(1)),
        ),
    ),
    (
        re.compile(r"invalid int value: (.*)$", re.S),
        lambda m: tr("expected an integer, got {value}", value=_quoted(m.group(1))),
    ),
    (
        re.compile(r"invalid float value: (.*)$", re.S),
        lambda m: tr("expected a number, got {value}", value=_quoted(m.group(1))),
    ),
    (
        re.compile(r"invalid \S+ value: (.*)$", re.S),
        lambda m: tr("not a valid value: {value}", value=_quoted(m.group(1))),
    ),
    (re.compile(r"expected one argument$"), lambda m: tr("expected a value after it")),
    (re.compile(r"expected at least one argument$"), lambda m: tr("expected a value after it")),
    (
        re.compile(r"not allowed with argument (.*)$"),
        lambda m: tr("cannot be used together with {other}", other=m.group(1)),
    ),
    (
        re.compile(r"ignored explicit argument (.*)$", re.S),
        lambda m: tr("takes no value, got {value}", value=_quoted(m.group(1))),
    ),
)

_WHOLE: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], tuple[str | None, str]]], ...] = (
    (
        re.compile(r"the following arguments are required: (.*)$", re.S),
        lambda m: (None, tr("missing {names}", names=m.group(1))),
    ),
    (
        re.compile(r"one of the arguments (.*) is required$", re.S),
        lambda m: (None, tr("give one of {names}", names=m.group(1).replace(" ", ", "))),
    ),
    (
        re.compile(r"unrecognized arguments: (.*)$", re.S),
        lambda m: (None, tr("unexpected argument {value}", value=short_repr(m.group(1)))),
    ),
)


def _quoted(text: str) -> str:
    """argparse's repr of the value, shortened (it may be a megabyte)."""
    return shorten(text, 80)


def _split(message: str) -> tuple[str | None, str]:
    """argparse's ``argument --lr/--learning-rate: invalid float value: 'x'`` as the option's
    first name and this module's words for the problem (argparse's own words, translated by
    core.cli.common when the language is not English, are kept when not recognised)."""
    match = _argument_pattern().match(message)
    if match is None:
        for pattern, whole in _WHOLE:
            found = pattern.match(message)
            if found:
                return whole(found)
        return None, message
    name, text = match.group(1).split("/")[0], match.group(2)
    if name.startswith("{"):
        name = "command"
    for pattern, reword in _REWORDINGS:
        found = pattern.match(text)
        if found:
            return name, reword(found)
    return name, text


def _argument_pattern() -> re.Pattern[str]:
    """``argument NAME: MESSAGE`` in the current language (argparse's template, translated)."""
    template = tr("argument %(argument_name)s: %(message)s")
    if "%(argument_name)s" not in template or "%(message)s" not in template:
        template = "argument %(argument_name)s: %(message)s"
    before, _, rest = template.partition("%(argument_name)s")
    between = rest.partition("%(message)s")[0]
    return re.compile(f"{re.escape(before)}(.+?){re.escape(between)}(.*)$", re.S)


# ---------------------------------------------------------------------------- type functions


def _int(text: str) -> int | None:
    cleaned = text.strip()
    if re.fullmatch(r"[+-]?\d{19,}", cleaned):
        raise argparse.ArgumentTypeError(
            tr("expected an integer below 10¹⁸, got {value}", value=short_repr(text))
        )
    return int(cleaned) if re.fullmatch(r"[+-]?\d{1,18}", cleaned) else None


def integer(text: str) -> int:
    """An integer of at most 18 digits (``type=int`` is registered to this)."""
    value = _int(text)
    if value is None:
        raise argparse.ArgumentTypeError(
            tr("expected an integer, got {value}", value=short_repr(text))
        )
    return value


def positive_int(text: str) -> int:
    """An integer ≥ 1 (epochs, batch sizes)."""
    value = _int(text)
    if value is None or value < 1:
        raise argparse.ArgumentTypeError(
            tr("expected a positive integer, got {value}", value=short_repr(text))
        )
    return value


def nonnegative_int(text: str) -> int:
    """An integer ≥ 0 (seeds)."""
    value = _int(text)
    if value is None or value < 0:
        raise argparse.ArgumentTypeError(
            tr("expected an integer ≥ 0, got {value}", value=short_repr(text))
        )
    return value


def number(text: str) -> float:
    """A finite number within ±1e300 (``type=float`` is registered to this): NaN, inf and
    1e400 are refused here rather than by whatever uses the value."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            tr("expected a number, got {value}", value=short_repr(text))
        ) from None
    if not math.isfinite(value) or abs(value) > MAX_ABS:
        raise argparse.ArgumentTypeError(
            tr(
                "expected a finite number within ±{limit}, got {value}",
                limit=f"{MAX_ABS:g}",
                value=short_repr(text),
            )
        )
    return value


def positive_number(text: str) -> float:
    """A finite number > 0 (learning rates)."""
    value = number(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(
            tr("expected a positive number, got {value}", value=short_repr(text))
        )
    return value


def nonnegative_number(text: str) -> float:
    """A finite number ≥ 0 (noise)."""
    value = number(text)
    if value < 0:
        raise argparse.ArgumentTypeError(
            tr("expected a number ≥ 0, got {value}", value=short_repr(text))
        )
    return value


def fraction(text: str) -> float:
    """A number in [0, 1) (a held-out share, a momentum)."""
    value = number(text)
    if not 0 <= value < 1:
        raise argparse.ArgumentTypeError(
            tr("expected a number from 0 to below 1, got {value}", value=short_repr(text))
        )
    return value


__all__ = [
    "OptionParser",
    "fraction",
    "integer",
    "nonnegative_int",
    "nonnegative_number",
    "number",
    "positive_int",
    "positive_number",
]

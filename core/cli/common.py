"""What every command line shares: the usage error (exit status 2) and reading a program.

Below both ``core.cli.main`` (trace, check) and ``core.cli.train`` (train), so neither imports the
other to reach them.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..io.limits import NotARegularFile, TooLarge, read_limited, read_stdin_limited
from ..text.i18n import tr
from ..text.passthrough import os_reason

MAX_PROGRAM_BYTES = 2_000_000
LANGUAGE_VARIABLE = "BACKPROP_STUDIO_LANG"  # as for the window (gui.i18n.ENVIRONMENT_VARIABLE)


class UsageError(Exception):
    """Bad input from the person at the terminal: one message, exit status 2."""


def read_text(path: str) -> str:
    """A program from a file path, or standard input for ``-``: regular files only, at most
    2 MB, and never more than that read (``trace /dev/zero`` is refused, not read forever)."""
    where = "<stdin>" if path == "-" else path
    try:
        data = (
            read_stdin_limited(MAX_PROGRAM_BYTES)
            if path == "-"
            else read_limited(path, MAX_PROGRAM_BYTES)
        )
    except FileNotFoundError as exc:
        hint = _example_hint(path)
        if hint:
            raise UsageError(tr("{path}: no such file or example", path=path) + hint) from exc
        raise UsageError(tr("{path}: no such file", path=path)) from exc
    except NotARegularFile as exc:
        if Path(path).is_dir():
            raise UsageError(tr("{path}: is a folder, not a program", path=path)) from exc
        raise UsageError(tr("{path}: is not a regular file", path=path)) from exc
    except TooLarge as exc:
        raise UsageError(
            tr(
                "{where}: {size} MB is too large for a program (limit 2 MB)",
                where=where,
                size=f"{exc.size / 1e6:.1f}",
            )
        ) from exc
    except OSError as exc:
        raise UsageError(f"{path}: {os_reason(exc)}") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(
            tr("{path}: not UTF-8 text (byte {byte})", path=where, byte=exc.start)
        ) from exc


def choose_language(argv: list[str]) -> list[str]:
    """``--lang=ru`` (or ``--language=ru``, anywhere on the line), else the variable
    BACKPROP_STUDIO_LANG, else English: the language of the messages. Returns the other args."""
    from ..text import i18n

    rest, code = [], os.environ.get(LANGUAGE_VARIABLE, "").strip()
    for arg in argv:
        for prefix in ("--lang=", "--language="):
            if arg.startswith(prefix):
                code = arg[len(prefix) :]
                break
        else:
            rest.append(arg)
    i18n.set_language(i18n.language_for_locale(code) if code else i18n.SOURCE_LANGUAGE)
    translate_argparse()
    return rest


def _example_hint(path: str) -> str:
    """`` (did you mean 'lecture'?)`` when a missing file's name is close to an example's."""
    import difflib

    from ..documents.examples import example_names
    from ..text.i18n import tr

    if "/" in path or "\\" in path:
        return ""
    if path in example_names():  # the example itself: no hint that names it again
        return ""
    close = difflib.get_close_matches(Path(path).stem, example_names(), n=1, cutoff=0.6)
    if not close:
        return ""
    return tr(" (did you mean {name}?)", name=repr(close[0])) + tr(
        "; examples: {names}", names=", ".join(example_names())
    )


def _argparse_texts() -> dict[str, str]:
    """argparse's own messages (its gettext templates, %-formatted by argparse afterwards)."""
    return {
        "usage: ": tr("usage: "),
        "positional arguments": tr("positional arguments"),
        "options": tr("options"),
        "show this help message and exit": tr("show this help message and exit"),
        "%(prog)s: error: %(message)s\n": tr("%(prog)s: error: %(message)s\n"),
        "the following arguments are required: %s": tr("the following arguments are required: %s"),
        "unrecognized arguments: %s": tr("unrecognized arguments: %s"),
        "invalid choice: %(value)r (choose from %(choices)s)": tr(
            "invalid choice: %(value)r (choose from %(choices)s)"
        ),
        "invalid %(type)s value: %(value)r": tr("invalid %(type)s value: %(value)r"),
        "argument %(argument_name)s: %(message)s": tr("argument %(argument_name)s: %(message)s"),
        "expected one argument": tr("expected one argument"),
        "expected at most one argument": tr("expected at most one argument"),
        "expected at least one argument": tr("expected at least one argument"),
        "ambiguous option: %(option)s could match %(matches)s": tr(
            "ambiguous option: %(option)s could match %(matches)s"
        ),
        "not allowed with argument %s": tr("not allowed with argument %s"),
        "one of the arguments %s is required": tr("one of the arguments %s is required"),
        "ignored explicit argument %r": tr("ignored explicit argument %r"),
    }


def translate_argparse() -> None:
    """argparse writes "error: the following arguments are required" through gettext, looked
    up at run time in its module: in another language, give it ours."""
    import argparse
    import gettext

    from ..text import i18n

    if i18n.language() == i18n.SOURCE_LANGUAGE:
        argparse._ = gettext.gettext  # type: ignore[attr-defined]
        return
    texts = _argparse_texts()
    argparse._ = lambda text: texts.get(text, text)  # type: ignore[attr-defined]

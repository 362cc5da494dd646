"""What every command line shares: the usage error (exit status 2) and reading a program.

Below both ``core.cli`` (trace, check) and ``core.train_cli`` (train), so neither imports the
other to reach them.
"""

from __future__ import annotations

from pathlib import Path

from core.limits import NotARegularFile, TooLarge, read_limited, read_stdin_limited
from core.passthrough import os_reason

MAX_PROGRAM_BYTES = 2_000_000


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
        raise UsageError(f"{path}: no such file") from exc
    except NotARegularFile as exc:
        kind = "is a folder, not a program" if Path(path).is_dir() else "is not a regular file"
        raise UsageError(f"{path}: {kind}") from exc
    except TooLarge as exc:
        raise UsageError(
            f"{where}: {exc.size / 1e6:.1f} MB is too large for a program (limit 2 MB)"
        ) from exc
    except OSError as exc:
        raise UsageError(f"{path}: {os_reason(exc)}") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{where}: not UTF-8 text (byte {exc.start})") from exc

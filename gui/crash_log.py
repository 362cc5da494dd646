"""A native crash still leaves a trail: faulthandler writes to a crash log in the state folder.

While the window runs, ``crash-<pid>.log`` in ``crash_directory()`` is open and faulthandler
writes every thread's Python stack into it on a fatal signal (a segmentation fault, an abort
after a Qt fatal message, whose text it writes first). A clean exit removes the file. At the
next start, a log left by a process that is no longer running says what happened: an empty one
means the process was killed (no Python stack to show), a written one that it crashed; the
written ones are kept under a dated name, newest few, and the window says so and where the log
is, next to offering the autosaved document (gui/recovery.py).
"""

from __future__ import annotations

import faulthandler
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from PySide6.QtCore import QStandardPaths

KEEP = 5  # crash logs kept (the newest)
_RUNNING = re.compile(r"^crash-(\d+)\.log$")


def crash_directory() -> Path:
    """The per-user state folder (XDG_STATE_HOME on Linux), else the data folder."""
    locations = QStandardPaths.StandardLocation
    location = getattr(locations, "GenericStateLocation", locations.GenericDataLocation)
    base = QStandardPaths.writableLocation(location)
    if not base:
        base = str(Path.home() / ".local" / "state")
    return Path(base) / "backprop-studio"


@dataclass(frozen=True)
class Crash:
    """A crash of an earlier session: its log, and when it happened."""

    log: Path
    when: float

    def describe(self) -> str:
        return time.strftime("%Y-%m-%d %H:%M", time.localtime(self.when))


class CrashLog:
    """This session's log, open while it runs (``start``), removed on a clean exit (``stop``)."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = Path(directory) if directory is not None else crash_directory()
        self.path = self.directory / f"crash-{os.getpid()}.log"
        self._file: IO[str] | None = None

    def start(self) -> bool:
        """Open the log and hand it to faulthandler; False (and no log) if it cannot be written."""
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            self._file = open(self.path, "w", encoding="utf-8")  # noqa: SIM115 (open while running)
        except OSError:
            self._file = None
            return False
        faulthandler.enable(self._file, all_threads=True)
        return True

    def note(self, text: str) -> None:
        """Write ``text`` now (a Qt fatal message, just before Qt aborts)."""
        if self._file is not None:
            try:
                self._file.write(text.rstrip("\n") + "\n")
                self._file.flush()
            except (OSError, ValueError):
                pass

    def stop(self) -> None:
        if self._file is None:
            return
        faulthandler.disable()
        self._file.close()
        self._file = None
        self.path.unlink(missing_ok=True)


def previous_crashes(directory: Path | None = None) -> list[Crash]:
    """Crashes of sessions that have ended, newest first; the logs of killed ones are removed."""
    directory = Path(directory) if directory is not None else crash_directory()
    if not directory.is_dir():
        return []
    crashes = []
    for path in directory.glob("crash-*.log"):
        match = _RUNNING.match(path.name)
        if match is None:
            continue
        pid = int(match.group(1))
        if pid == os.getpid() or _alive(pid):
            continue
        try:
            size = path.stat().st_size
            when = path.stat().st_mtime
        except OSError:
            continue
        if size == 0:  # killed, or power lost: the recovery file tells the rest
            path.unlink(missing_ok=True)
            continue
        stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(when))
        kept = directory / f"crashed-{stamp}-{pid}.log"
        try:
            path.rename(kept)
        except OSError:
            kept = path
        crashes.append(Crash(kept, when))
    old = sorted(directory.glob("crashed-*.log"), key=lambda p: p.stat().st_mtime, reverse=True)
    for path in old[KEEP:]:
        path.unlink(missing_ok=True)
    crashes.sort(key=lambda c: c.when, reverse=True)
    return [c for c in crashes if c.log.exists()]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True

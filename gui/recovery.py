"""Crash recovery: while a document has unsaved changes, write it to a recovery file now and then.

Each running window owns one pair of files named after its process id: ``session-<pid>.doc``
(the document, written by the caller's ``save`` function, i.e. core.documents.document.save_document) and
``session-<pid>.json`` (where it came from and when). A clean exit removes them. On start, pairs
whose process is no longer running are what a crash left behind, and are offered back.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer

from core.io import atomic

DOCUMENT_SUFFIX = ".doc"
DEBOUNCE_S = 3.0  # after the last edit
META_SUFFIX = ".json"


@dataclass(frozen=True)
class RecoveryEntry:
    """A recovery file left by a session that did not exit cleanly."""

    document_path: Path
    meta_path: Path
    title: str
    original_path: str | None
    saved_at: float

    def describe(self) -> str:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(self.saved_at))
        origin = self.original_path or "never saved"
        return f"“{self.title}” ({origin}), autosaved {when}"

    def discard(self) -> None:
        for path in (self.document_path, self.meta_path):
            path.unlink(missing_ok=True)


class Recovery(QObject):
    """Writes ``snapshot()`` every ``interval_s`` seconds while ``is_modified()`` is true, and
    ``debounce_s`` seconds after the last edit (``schedule()``), so that a crash loses at most
    the last few seconds of work, not the last minute."""

    def __init__(
        self,
        directory: Path,
        snapshot: Callable[[], tuple[Any, str, str | None]],
        save: Callable[[Any, Path], None],
        is_modified: Callable[[], bool],
        interval_s: int = 60,
        parent: QObject | None = None,
        debounce_s: float = DEBOUNCE_S,
    ) -> None:
        super().__init__(parent)
        self.directory = Path(directory)
        self._snapshot = snapshot  # -> (document, title, original path or None)
        self._save = save
        self._is_modified = is_modified
        stem = f"session-{os.getpid()}"
        self.document_path = self.directory / (stem + DOCUMENT_SUFFIX)
        self.meta_path = self.directory / (stem + META_SUFFIX)
        self._timer = QTimer(self)
        self._timer.setInterval(max(1, int(interval_s * 1000)))
        self._timer.timeout.connect(self.autosave)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(max(1, int(debounce_s * 1000)))
        self._debounce.timeout.connect(self.autosave)
        self.last_error: str | None = None

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self._debounce.stop()

    def schedule(self) -> None:
        """An edit was made: autosave once there has been no other for ``debounce_s``."""
        self._debounce.start()

    def autosave(self) -> bool:
        """Write the recovery pair if there is something unsaved; remove it otherwise."""
        if not self._is_modified():
            self.remove()
            return False
        return self.write_now()

    def write_now(self) -> bool:
        document, title, original = self._snapshot()
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            self._save(document, self.document_path)  # atomic (core.io.atomic)
            meta = {"pid": os.getpid(), "title": title, "original": original, "time": time.time()}
            atomic.write_text(self.meta_path, json.dumps(meta))
        except (OSError, ValueError) as exc:  # a full disk must not take the window down
            self.last_error = str(exc)
            return False
        self.last_error = None
        return True

    def remove(self) -> None:
        """Called on a clean exit and after the document is saved."""
        for path in (self.document_path, self.meta_path):
            path.unlink(missing_ok=True)


def orphaned_entries(directory: Path) -> list[RecoveryEntry]:
    """Recovery files whose process has ended, newest first."""
    directory = Path(directory)
    if not directory.is_dir():
        return []
    entries: list[RecoveryEntry] = []
    for meta_path in directory.glob("session-*" + META_SUFFIX):
        document_path = meta_path.with_suffix(DOCUMENT_SUFFIX)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            pid = int(meta["pid"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if pid == os.getpid() or _process_alive(pid) or not document_path.exists():
            continue
        entries.append(
            RecoveryEntry(
                document_path=document_path,
                meta_path=meta_path,
                title=str(meta.get("title") or "untitled"),
                original_path=meta.get("original") or None,
                saved_at=float(meta.get("time") or 0.0),
            )
        )
    entries.sort(key=lambda e: e.saved_at, reverse=True)
    return entries


def _process_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    except OSError:
        return False
    return True

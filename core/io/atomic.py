"""Every file the app writes goes through here: all or nothing, never half a file.

The bytes go to a temporary file in the target's own folder (so the rename cannot cross file
systems), are flushed and fsynced, and the temporary file is then renamed over the target.
A failure anywhere (a full disk, a read-only folder, a writer that reports an error) removes
the temporary file and leaves an existing target byte-identical. The target keeps its
permissions (and a symlink stays a link: the file it points to is replaced); a new file gets
the mode the umask allows, as ``open()`` would give it.
Writers that need a file name (a library that opens the file itself) use ``replacing``.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from ..text.i18n import tr

_UMASK_LOCK = threading.Lock()


class WriteError(OSError):
    """A file that could not be written; the message is ``cannot write F: <reason>``."""

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        super().__init__(tr("cannot write {path}: {reason}", path=str(path), reason=reason))
        self.path = Path(path)
        self.reason = reason

    def __str__(self) -> str:
        return str(self.args[0])


def reason_of(exc: BaseException) -> str:
    """The words of an OSError without Python's ``[Errno 28]`` and file name decoration."""
    if isinstance(exc, WriteError):
        return exc.reason
    if isinstance(exc, OSError) and exc.strerror:
        from ..text.passthrough import os_reason

        return os_reason(exc)
    return str(exc) or type(exc).__name__


def new_file_mode() -> int:
    """The mode ``open(path, "w")`` gives a new file under the current umask."""
    with _UMASK_LOCK:
        mask = os.umask(0o022)
        os.umask(mask)
    return 0o666 & ~mask


def write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace ``path`` by ``data`` atomically; WriteError (an OSError) if it cannot."""
    with replacing(path) as temporary, open(temporary, "wb") as out:
        out.write(data)


def write_text(path: str | os.PathLike[str], text: str) -> None:
    """``write_bytes`` of UTF-8 text with the line endings as given."""
    write_bytes(path, text.encode("utf-8"))


@contextlib.contextmanager
def replacing(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yields a temporary path next to ``path``; write it completely inside the block. On a
    normal exit it is fsynced and renamed over ``path``; on any exception it is removed and
    the exception comes out as a WriteError (other than a WriteError or a non-OSError
    exception from the block itself, which pass through after the cleanup)."""
    shown = Path(path)  # what messages name: the path the person gave
    # a symlink stays a symlink: its target is replaced (in the target's folder), not the link
    target = Path(os.path.realpath(shown)) if shown.is_symlink() else shown
    folder = target.parent if str(target.parent) else Path(".")
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = new_file_mode()
    except OSError as exc:
        raise WriteError(shown, reason_of(exc)) from exc
    if target.is_dir():
        raise WriteError(shown, tr("it is a folder"))
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise WriteError(shown, reason_of(exc)) from exc
    os.close(fd)
    temporary = Path(name)
    try:
        yield temporary
        _commit(temporary, target, mode)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        if isinstance(exc, OSError) and not isinstance(exc, WriteError):
            raise WriteError(shown, reason_of(exc)) from exc
        raise


def _commit(temporary: Path, target: Path, mode: int) -> None:
    fd = os.open(temporary, os.O_RDWR)
    try:
        os.fchmod(fd, mode)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(temporary, target)
    with contextlib.suppress(OSError):  # the rename itself survives a power cut
        folder = os.open(target.parent if str(target.parent) else ".", os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


__all__ = ["WriteError", "new_file_mode", "reason_of", "replacing", "write_bytes", "write_text"]

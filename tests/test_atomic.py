"""Writing files all or nothing: a failed save or export leaves the old file byte-identical and
no temporary file, says ``cannot write F: <reason>``, and modes are kept (or follow the umask).

A full disk is simulated by making the final fsync fail with ENOSPC, which is where a real full
disk shows up at the latest (writes may fail earlier; both paths go through the same cleanup).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from core.documents.document import load_document, save_document
from core.documents.examples import load_example
from core.io import atomic
from core.training.data import Table, load_csv, save_csv


def _no_space(*_args):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.fixture
def full_disk(monkeypatch):
    monkeypatch.setattr(atomic.os, "fsync", _no_space)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_write_replaces_and_keeps_the_mode_of_an_existing_file(tmp_path):
    target = tmp_path / "a.txt"
    target.write_text("old")
    target.chmod(0o644)
    atomic.write_text(target, "new")
    assert target.read_text() == "new"
    assert mode(target) == 0o644
    target.chmod(0o640)
    atomic.write_bytes(target, b"newer")
    assert mode(target) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_a_new_file_gets_the_umask_mode(tmp_path):
    old = os.umask(0o027)
    try:
        atomic.write_text(tmp_path / "new.txt", "x")
        assert mode(tmp_path / "new.txt") == 0o640
    finally:
        os.umask(old)
    assert atomic.new_file_mode() == 0o666 & ~old


def test_a_failure_keeps_the_old_file_and_leaves_no_temporary(tmp_path, full_disk):
    target = tmp_path / "a.txt"
    target.write_bytes(b"old bytes")
    with pytest.raises(atomic.WriteError) as info:
        atomic.write_text(target, "new")
    assert str(info.value) == f"cannot write {target}: No space left on device"
    assert target.read_bytes() == b"old bytes"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_a_failing_writer_inside_replacing_cleans_up(tmp_path):
    target = tmp_path / "a.txt"
    target.write_bytes(b"old")
    broken = pytest.raises(atomic.WriteError, match="cannot write .*a.txt: Broken")
    with broken, atomic.replacing(target) as temporary:
        temporary.write_bytes(b"half")
        raise OSError(errno.EIO, "Broken")
    with pytest.raises(ZeroDivisionError), atomic.replacing(target) as temporary:
        temporary.write_bytes(b"half")  # not an OSError: passes through, cleaned up
        raise ZeroDivisionError
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_a_folder_or_a_missing_folder_is_refused(tmp_path):
    with pytest.raises(atomic.WriteError, match="is a folder"):
        atomic.write_text(tmp_path, "x")
    with pytest.raises(atomic.WriteError, match="No such file"):
        atomic.write_text(tmp_path / "nowhere" / "a.txt", "x")


def test_saving_a_document_keeps_0644_and_survives_a_full_disk(tmp_path, monkeypatch):
    path = tmp_path / "doc.json"
    document = load_example("lecture")
    save_document(document, path)
    path.chmod(0o644)
    save_document(document.replace(title="changed"), path)
    assert mode(path) == 0o644
    before = path.read_bytes()
    monkeypatch.setattr(atomic.os, "fsync", _no_space)
    with pytest.raises(atomic.WriteError):
        save_document(document.replace(title="lost"), path)
    assert path.read_bytes() == before
    assert load_document(path).title == "changed"
    assert [p.name for p in tmp_path.iterdir()] == ["doc.json"]


def test_save_csv_is_atomic(tmp_path, full_disk):
    import numpy as np

    path = tmp_path / "d.csv"
    path.write_text("x,y\n1,2\n")
    with pytest.raises(atomic.WriteError):
        save_csv(Table({"x": np.array([3.0]), "y": np.array([4.0])}), path)
    assert load_csv(path).columns["x"].tolist() == [1.0]


def test_saving_through_a_symlink_keeps_the_link_and_replaces_its_file(tmp_path, full_disk):
    real = tmp_path / "documents" / "real.json"
    real.parent.mkdir()
    real.write_text("old")
    real.chmod(0o644)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    with pytest.raises(atomic.WriteError) as error:
        atomic.write_text(link, "new")  # a full disk: both untouched, the message names the link
    assert str(error.value).startswith(f"cannot write {link}: ")
    assert link.is_symlink() and real.read_text() == "old"


def test_a_symlink_stays_a_link(tmp_path):
    real = tmp_path / "documents" / "real.json"
    real.parent.mkdir()
    real.write_text("old")
    real.chmod(0o640)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    atomic.write_text(link, "new")
    assert link.is_symlink() and real.read_text() == "new" and mode(real) == 0o640
    assert sorted(p.name for p in real.parent.iterdir()) == ["real.json"]

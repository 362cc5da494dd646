"""A native crash leaves a trail: faulthandler's crash log in the state folder, named at the
next start next to the autosaved document, which was written seconds after the last edit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from gui import crash_log

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = Path(__file__).with_name("crash_scripts") / "native_crash.py"


def run_app(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    env["BACKPROP_STUDIO_LANG"] = "en"
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[var] = str(tmp_path / var.lower())
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_a_clean_exit_leaves_no_crash_log(tmp_path):
    result = run_app(tmp_path, "--clean")
    assert result.returncode == 0, result.stderr
    state = tmp_path / "xdg_state_home" / "backprop-studio"
    assert state.is_dir()  # the log was there while it ran
    assert list(state.glob("crash*.log")) == []


def test_a_native_crash_is_named_at_the_next_start_with_its_log_and_the_autosave(
    qtbot, isolated_settings, tmp_path, monkeypatch
):
    result = run_app(tmp_path)
    assert result.returncode != 0 and "autosaved" in result.stdout, result.stderr
    state = tmp_path / "xdg_state_home" / "backprop-studio"
    crashes = crash_log.previous_crashes(state)
    assert len(crashes) == 1
    log = crashes[0].log
    text = log.read_text(encoding="utf-8")
    assert "Fatal Python error: Segmentation fault" in text
    assert "native_crash.py" in text  # the Python stack of the moment
    assert crash_log.previous_crashes(state) == []  # reported once; the log stays
    assert log.exists()

    from gui.main_window import MainWindow

    recovery = tmp_path / "xdg_data_home" / "backprop-studio" / "recovery"
    window = MainWindow(recovery_dir=recovery)
    qtbot.addWidget(window)
    monkeypatch.setattr(window, "ask_unsaved_changes", lambda: "discard")
    asked: list[str] = []
    monkeypatch.setattr(
        window, "ask_recover", lambda entry: asked.append(window.recover_question(entry)) or True
    )
    assert window.offer_recovery(crashes)
    assert len(asked) == 1
    assert "crashed last time" in asked[0] and str(log) in asked[0]
    assert "typed just before the crash" in window.controller.document.program
    assert window.controller.modified


def test_a_crash_with_nothing_unsaved_still_says_so(
    qtbot, isolated_settings, tmp_path, monkeypatch
):
    state = tmp_path / "state"
    state.mkdir()
    dead = state / "crash-999999999.log"
    dead.write_text("Fatal Python error: Aborted\n", encoding="utf-8")
    killed = state / "crash-999999998.log"
    killed.write_text("", encoding="utf-8")  # killed: nothing to say
    crashes = crash_log.previous_crashes(state)
    assert [c.log.read_text(encoding="utf-8") for c in crashes] == ["Fatal Python error: Aborted\n"]
    assert not killed.exists()
    from gui.main_window import MainWindow

    window = MainWindow(recovery_dir=tmp_path / "recovery")
    qtbot.addWidget(window)
    monkeypatch.setattr(window, "ask_unsaved_changes", lambda: "discard")
    reported = []
    monkeypatch.setattr(window, "report_crash", reported.append)
    monkeypatch.setattr(window, "ask_recover", lambda entry: pytest.fail("nothing to recover"))
    assert not window.offer_recovery(crashes)
    assert reported == crashes


def test_old_crash_logs_are_pruned(tmp_path):
    for n in range(crash_log.KEEP + 3):
        path = tmp_path / f"crashed-2026010{n}-000000-{n}.log"
        path.write_text("x", encoding="utf-8")
        os.utime(path, (1_700_000_000 + n, 1_700_000_000 + n))
    crash_log.previous_crashes(tmp_path)
    kept = sorted(p.name for p in tmp_path.glob("crashed-*.log"))
    assert len(kept) == crash_log.KEEP and kept[0].endswith(f"-{3}.log")


def test_autosave_follows_the_last_edit_within_seconds(
    qtbot, isolated_settings, tmp_path, monkeypatch
):
    from gui.main_window import MainWindow
    from gui.recovery import DEBOUNCE_S

    assert DEBOUNCE_S <= 5
    window = MainWindow(recovery_dir=tmp_path / "recovery")
    qtbot.addWidget(window)
    monkeypatch.setattr(window, "ask_unsaved_changes", lambda: "discard")
    assert window.open_initial()
    window.recovery._timer.stop()  # not the periodic one
    window.recovery._debounce.setInterval(50)
    window.editor.edit.setPlainText("x = 1.0\nloss = x**2\n")
    window.editor.flush()
    assert not window.recovery.document_path.exists()  # not at once: after the pause
    qtbot.waitUntil(window.recovery.document_path.exists)
    assert "x**2" in window.recovery.document_path.read_text(encoding="utf-8")

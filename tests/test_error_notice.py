"""An internal error is a message, not a crash: the recovery file is written at once, one
non-modal notice names the place (counted, not stacked), Details and Copy report hold the
traceback, in English and Russian; and the real window survives NumPy errors raised from slots
and inside a guarded override, in a child process under Python 3.11 (where they would crash)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = Path(__file__).with_name("crash_scripts") / "numpy_error_in_window.py"


@pytest.fixture
def reporter():
    from gui import error_report

    error_report.REPORTER.clear()
    yield error_report.REPORTER
    error_report.REPORTER.clear()


@pytest.fixture
def window(qtbot, isolated_settings, tmp_path: Path, monkeypatch, reporter):
    from gui.main_window import MainWindow

    win = MainWindow(recovery_dir=tmp_path / "recovery")
    qtbot.addWidget(win)
    monkeypatch.setattr(win, "ask_unsaved_changes", lambda: "discard")
    assert win.open_initial()
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def english_afterwards(qapp):
    yield
    from gui import i18n

    i18n.apply_language("en")


def fail_in(view) -> None:
    """A NumPy error raised in ``view``'s code (the place the notice must name)."""
    from gui import error_report

    try:
        view.table.setRowCount(int(np.zeros(3)))  # TypeError raised inside NumPy
    except TypeError as exc:
        error_report.report_exception(exc, origin=view)


def notices() -> list:
    return [w for w in QApplication.topLevelWidgets() if w.objectName() == "error_notice"]


def test_one_notice_counts_repeated_errors_and_the_recovery_file_is_written_at_once(
    qtbot, window, reporter
):
    window.editor.edit.setPlainText("x = 2.0\nw = 0.25\nloss = (w*x - 1)**2\n")
    window.editor.flush()
    assert window.controller.modified
    recovery = window.recovery.document_path
    assert not recovery.exists()
    view = window.study.open_view("gradcheck")
    fail_in(view)
    assert recovery.exists()  # at once: before the event loop turns again
    notice = window.error_notice
    qtbot.waitUntil(notice.isVisible)
    assert notice.message.text() == "Something went wrong in Gradient Check. Your document is safe."
    assert not notice.isModal()
    fail_in(view)
    fail_in(view)
    qtbot.waitUntil(lambda: "3 times" in notice.count.text())
    assert notice.count.text() == "It happened 3 times. The window goes on working."
    assert len(notices()) == 1 and len(notice.records) == 1
    assert reporter.total == 3
    # the window goes on: an edit still builds and shows
    window.editor.edit.setPlainText("x = 3.0\nw = 0.25\nloss = (w*x - 1)**2\n")
    window.editor.flush()
    assert window.controller.error is None


def test_details_and_copy_report_hold_the_traceback(qtbot, window, reporter):
    view = window.study.open_view("gradcheck")
    fail_in(view)
    notice = window.error_notice
    qtbot.waitUntil(notice.isVisible)
    assert notice.details.isHidden()
    notice.details_button.click()
    assert notice.details.isVisible()
    text = notice.details.toPlainText()
    assert "Traceback (most recent call last)" in text and "fail_in" in text
    assert "TypeError" in text and "in Gradient Check — 1×" in text
    QApplication.clipboard().clear()
    notice.copy_button.click()
    assert QApplication.clipboard().text() == notice.report()
    assert "PySide6" in notice.report() and "Python" in notice.report()


def test_a_different_error_joins_the_same_notice_and_closing_starts_afresh(qtbot, window, reporter):
    view = window.study.open_view("gradcheck")
    fail_in(view)
    notice = window.error_notice
    qtbot.waitUntil(notice.isVisible)
    from gui import error_report

    try:
        {}["missing"]
    except KeyError as exc:
        error_report.report_exception(exc, origin=window.scene)
    qtbot.waitUntil(lambda: len(notice.records) == 2)
    assert notice.message.text().startswith("Something went wrong in the graph.")
    assert notice.count.text() == "2 different internal errors so far; Details lists each."
    assert len(notices()) == 1
    notice.close_button.click()
    assert not notice.isVisible() and notice.records == []
    fail_in(view)
    qtbot.waitUntil(notice.isVisible)
    assert len(notice.records) == 1
    assert notice.count.text() == "It happened 2 times. The window goes on working."


def test_the_notice_speaks_russian(qtbot, window, reporter, english_afterwards):
    window.language_menu.choose("ru")
    view = window.study.open_view("gradcheck")
    fail_in(view)
    notice = window.error_notice
    qtbot.waitUntil(notice.isVisible)
    assert notice.message.text() == (
        "Что-то пошло не так в «Проверка градиентов». Ваш документ в сохранности."
    )
    assert notice.count.text() == "Окно продолжает работать."
    assert notice.details_button.text() == "&Подробности"
    assert notice.copy_button.text() == "&Копировать отчёт"
    window.language_menu.choose("en")
    qtbot.waitUntil(lambda: notice.copy_button.text() == "&Copy report")


def test_a_closed_window_leaves_no_listener_behind(qtbot, isolated_settings, tmp_path, reporter):
    from PySide6.QtCore import QEvent

    from gui.main_window import MainWindow

    def listeners() -> tuple[int, int]:
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # earlier tests' windows
        return len(reporter.immediate), len(reporter.deferred)

    before = listeners()
    win = MainWindow(recovery_dir=tmp_path / "recovery")
    assert listeners() == (before[0] + 1, before[1] + 1)
    win.deleteLater()
    assert listeners() == before


# ---------------------------------------------------------------------------- the real process


def python_311() -> str | None:
    if sys.version_info[:2] == (3, 11):
        return sys.executable
    return shutil.which("python3.11")


def test_numpy_errors_from_slots_and_in_an_override_leave_the_window_running(tmp_path):
    interpreter = python_311()
    if interpreter is None:
        pytest.skip("needs Python 3.11, where a NumPy error escaping an override crashes")
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    env["BACKPROP_STUDIO_LANG"] = "en"
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[var] = str(tmp_path / var.lower())
    result = subprocess.run(
        [interpreter, str(SCRIPT)], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout.splitlines()
    assert "survived" in out
    assert "reported TypeError 3 in Gradient Check" in out  # three showEvents, one kind
    assert "reported IndexError 2 in Backprop Studio" in out  # the slot, via sys.excepthook
    assert "recovery: True" in out  # written at the first error
    assert "message_after_gradcheck: Something went wrong in Gradient Check." in out
    assert "visible: True" in out and "notices: 1" in out
    assert "still_edits: 0.25" in out
    assert "Traceback" in result.stderr  # logged once per kind
    assert result.stderr.count("IndexError: index 5") == 1

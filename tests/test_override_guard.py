"""Every Python override of a Qt virtual in gui/ is guarded, and a guarded override survives a
NumPy error raised while a slot runs (the case that kills Python 3.11 in shiboken)."""

from __future__ import annotations

import importlib
import inspect
import os
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import gui
from gui.override_guard import GUARDED, NOT_AN_OVERRIDE, guard_overrides, qt_bases, qt_overrides

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = Path(__file__).with_name("crash_scripts") / "numpy_error_in_override.py"


def gui_qt_classes() -> list[type]:
    classes: list[type] = []
    for info in pkgutil.walk_packages(gui.__path__, "gui."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if inspect.isclass(value) and value.__module__ == module.__name__ and qt_bases(value):
                classes.append(value)
    return classes


def test_every_qt_override_in_gui_is_guarded():
    unguarded, guarded = [], 0
    for cls in gui_qt_classes():
        for name, method in qt_overrides(cls).items():
            if getattr(method, GUARDED, False):
                guarded += 1
            elif not getattr(method, NOT_AN_OVERRIDE, False):
                unguarded.append(f"{cls.__module__}.{cls.__qualname__}.{name}")
    assert not unguarded, "add @guard_overrides to these classes: " + ", ".join(unguarded)
    assert guarded >= 40  # 43 when this test was written: the walk must find them


def test_the_walk_sees_a_forgotten_override():
    from PySide6.QtWidgets import QWidget

    class Forgotten(QWidget):
        def showEvent(self, event) -> None:  # noqa: N802
            pass

    assert "showEvent" in qt_overrides(Forgotten)
    assert not getattr(Forgotten.showEvent, GUARDED, False)


def test_a_failing_override_returns_what_qt_needs_and_is_reported(qapp):
    from PySide6.QtCore import QRectF
    from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene

    from gui import error_report

    @guard_overrides
    class Broken(QGraphicsItem):
        def boundingRect(self) -> QRectF:  # noqa: N802
            return QRectF(0, 0, float(__import__("numpy").zeros(3)), 1)

        def paint(self, painter, option, widget=None) -> None:
            raise ValueError("paint failed")

    before = error_report.REPORTER.total
    item = Broken()
    assert item.boundingRect() == QRectF()  # pure virtual base: the neutral value
    scene = QGraphicsScene()
    scene.addItem(item)
    assert error_report.REPORTER.total == before + 1
    kinds = [record.kind[0] for record in error_report.REPORTER.records.values()]
    assert "TypeError" in kinds
    # the scene has posted updates for the item: deliver them while both still exist, then take
    # the item out, so no event is left for pytest-qt to deliver to a deleted scene (a segfault)
    qapp.processEvents()
    scene.removeItem(item)
    qapp.processEvents()


def python_311() -> str | None:
    if sys.version_info[:2] == (3, 11):
        return sys.executable
    return shutil.which("python3.11")


def run_script(*args: str) -> subprocess.CompletedProcess:
    interpreter = python_311()
    if interpreter is None:
        pytest.skip("needs Python 3.11, where a NumPy error escaping an override crashes")
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [interpreter, str(SCRIPT), *args], capture_output=True, text=True, env=env, timeout=60
    )


def test_unguarded_numpy_error_in_override_kills_python_311():
    """The control: without the guard this very script dies, so the next test can fail."""
    result = run_script("--unguarded")
    assert result.returncode != 0
    assert "survived" not in result.stdout


def test_guarded_numpy_error_in_override_survives_and_shows_the_notice():
    result = run_script()
    assert result.returncode == 0, result.stderr
    assert "survived" in result.stdout
    assert "reported TypeError 1" in result.stdout
    assert "Broken dialog" in result.stdout  # the place the notice names

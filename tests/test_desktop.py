"""A desktop app as people expect one: the icon (window, About box), files dropped on the window,
and the system menu's entry written and removed by ``--install-desktop-entry``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from gui import desktop

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def window(qtbot, isolated_settings, tmp_path: Path, monkeypatch):
    from gui.app import create_application
    from gui.main_window import MainWindow

    create_application([])  # the icon is the application's
    win = MainWindow(recovery_dir=tmp_path / "recovery")
    qtbot.addWidget(win)
    win.errors = []
    win.asked = 0

    def ask() -> str:
        win.asked += 1
        return "discard"

    monkeypatch.setattr(win, "report_error", lambda title, text: win.errors.append(text))
    monkeypatch.setattr(win, "ask_unsaved_changes", ask)
    monkeypatch.setattr(win, "ask_onnx_document", lambda plan: None)  # Cancel: zeros, no loss
    assert win.open_initial()
    win.show()
    qtbot.waitExposed(win)
    return win


def files(*paths: Path) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def drag(window, mime: QMimeData, target=None) -> bool:
    """A drag entering the graph view (or ``target``); True if the window takes it."""
    target = target or window.view.viewport()
    event = QDragEnterEvent(
        QPoint(20, 20),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(target, event)
    return event.isAccepted()


def drop(qtbot, window, mime: QMimeData, target=None) -> None:
    target = target or window.view.viewport()
    assert drag(window, mime, target)
    event = QDropEvent(
        QPointF(20, 20),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(target, event)
    assert event.isAccepted()
    qtbot.wait(20)  # handled once the drag has finished


def edit(window) -> None:
    window.editor.edit.setPlainText("x = 2.0\nw = 0.5\nloss = (w*x - 1)**2\n")
    window.editor.flush()
    assert window.controller.modified


# ---------------------------------------------------------------------------- the icon


def test_the_icon_is_an_svg_in_resources_and_the_windows_icon(window):
    path = desktop.icon_path()
    assert path == ROOT / "resources" / "backprop-studio.svg" and path.is_file()
    assert path.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    icon = QApplication.windowIcon()
    assert not icon.isNull()
    image = icon.pixmap(64, 64).toImage()
    assert image.width() == 64 and image.pixelColor(32, 32).alpha() > 0  # it renders
    assert not window.windowIcon().isNull()
    assert QApplication.desktopFileName() == desktop.APP_ID


# ---------------------------------------------------------------------------- dropping files


def test_a_dropped_document_opens_after_the_unsaved_changes_question(qtbot, window, tmp_path):
    from core.documents.document import save_document
    from core.documents.examples import load_example

    path = tmp_path / "xor copy.json"
    save_document(load_example("xor"), path)
    edit(window)
    drop(qtbot, window, files(path))
    assert window.asked == 1
    assert window.controller.path == path and not window.controller.modified
    assert not window.errors


def test_a_document_dropped_on_the_editor_opens_and_is_not_typed_in(qtbot, window, tmp_path):
    from core.documents.document import save_document
    from core.documents.examples import load_example

    path = tmp_path / "neuron.json"
    save_document(load_example("neuron"), path)
    mime = files(path)
    mime.setText(str(path))  # file managers send the path as text too
    drop(qtbot, window, mime, window.editor.edit.viewport())
    assert window.controller.path == path
    assert str(path) not in window.editor.text()
    plain = QMimeData()
    plain.setText("w = 2.0")
    assert drag(window, plain, window.editor.edit.viewport())  # text is still the editor's


def test_a_dropped_program_opens_as_a_new_document(qtbot, window, tmp_path):
    path = tmp_path / "neuron.bp"
    path.write_text("x = 1.5\nw = -0.5\nloss = relu(w*x)\n", encoding="utf-8")
    drop(qtbot, window, files(path))
    assert window.controller.document.program.startswith("x = 1.5")
    assert window.controller.title == "neuron" and window.controller.path is None
    broken = tmp_path / "broken.bp"
    broken.write_text("x = = 1\n", encoding="utf-8")
    drop(qtbot, window, files(broken))
    assert window.errors and window.errors[-1].startswith("broken.bp: ")
    assert window.controller.document.program.startswith("x = 1.5")  # kept


def test_a_dropped_csv_is_the_labs_data_and_keeps_the_document(qtbot, window, tmp_path):
    from gui.lab.session import CSV

    path = tmp_path / "points.csv"
    path.write_text("x,y\n1,2\n2,4.1\n3,5.9\n4,8.2\n", encoding="utf-8")
    window.open_example("paired_regression", ask=False)
    document = window.controller.document
    drop(qtbot, window, files(path))
    panel = window.lab.panel
    assert panel is not None and panel.source.currentData() == CSV
    assert panel.csv_path.text() == str(path)
    assert window.lab.session is not None and window.lab.session.data.samples == 4
    assert window.controller.document is document and window.asked == 0


def test_a_dropped_onnx_model_opens_and_a_broken_one_is_refused(qtbot, window, tmp_path):
    pytest.importorskip("onnx")
    from core.frameworks.onnx_export import write_onnx
    from core.lang.expr import parse

    path = tmp_path / "model.onnx"
    graph = parse("x = [[1.0, 2.0]]\nW = [[0.5], [-0.25]]\nloss = sum(tanh(x @ W))\n").graph
    write_onnx(graph, path)
    drop(qtbot, window, files(path))
    assert not window.errors
    assert window.controller.path is None and window.controller.modified  # saved as .json
    broken = tmp_path / "broken.onnx"
    broken.write_bytes(b"\x08\x07 not a model")
    document = window.controller.document
    drop(qtbot, window, files(broken))
    assert len(window.errors) == 1 and window.errors[0].startswith("broken.onnx: ")
    assert window.controller.document is document


def test_other_files_are_not_taken(window, tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("hello", encoding="utf-8")
    assert not drag(window, files(text))
    mime = QMimeData()
    mime.setText("x = 1")
    assert not drag(window, mime)


# ---------------------------------------------------------------------------- the menu entry


def launcher(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT), XDG_DATA_HOME=str(tmp_path / "data"))
    env.pop("QT_QPA_PLATFORM", None)  # no Qt is loaded for these
    code = "import sys; from gui.launcher import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, timeout=60
    )


def test_install_and_uninstall_the_desktop_entry(tmp_path):
    result = launcher(tmp_path, "--install-desktop-entry")
    assert result.returncode == 0, result.stderr
    home = tmp_path / "data"
    entry = home / "applications" / "backprop-studio.desktop"
    icon = home / "icons" / "hicolor" / "scalable" / "apps" / "backprop-studio.svg"
    assert result.stdout.splitlines() == [f"wrote {entry}", f"wrote {icon}"]
    assert icon.read_bytes() == desktop.icon_path().read_bytes()
    lines = entry.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    fields = dict(line.split("=", 1) for line in lines[1:] if line)
    assert fields["Type"] == "Application" and fields["Name"] == "Backprop Studio"
    assert fields["Icon"] == "backprop-studio" and fields["Terminal"] == "false"
    assert fields["Exec"].endswith(" %f")
    assert "Education" in fields["Categories"].split(";")
    # installing again replaces, uninstalling removes both, a second time says so
    assert launcher(tmp_path, "--install-desktop-entry").returncode == 0
    result = launcher(tmp_path, "--uninstall-desktop-entry")
    assert result.returncode == 0 and not entry.exists() and not icon.exists()
    assert result.stdout.splitlines() == [f"removed {entry}", f"removed {icon}"]
    result = launcher(tmp_path, "--uninstall-desktop-entry", "--lang=ru")
    assert result.stdout.strip() == f"в {home} нечего удалять"


def test_the_exec_line_is_quoted_when_it_must_be():
    assert desktop._quoted("/usr/bin/backprop-studio") == "/usr/bin/backprop-studio"
    assert desktop._quoted("/opt/my apps/python3") == '"/opt/my apps/python3"'
    assert desktop._quoted('/a"b$c') == '"/a\\"b\\$c"'


def test_an_unwritable_data_folder_is_one_line_and_exit_2(tmp_path):
    (tmp_path / "data").write_text("a file where the folder should be", encoding="utf-8")
    result = launcher(tmp_path, "--install-desktop-entry")
    assert result.returncode == 2
    assert result.stderr.startswith("backprop-studio: ") and len(result.stderr.splitlines()) == 1

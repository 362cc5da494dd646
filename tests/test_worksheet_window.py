"""File → Export → Worksheet…: the dialog chooses the blanks, the window's run and node
positions make the sheet, and it is the same PDF the command line writes for the same
document; a cancelled or failed export keeps the old file."""

from __future__ import annotations

import errno
import os

import numpy as np
import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QProgressDialog

from core.teaching.worksheet import worksheet_blanks


@pytest.fixture
def window(qtbot, isolated_settings, tmp_path, monkeypatch):
    from gui import animation
    from gui.main_window import MainWindow

    animation.set_enabled(False)
    window = MainWindow(recovery_dir=tmp_path / "recovery")
    qtbot.addWidget(window)
    window.errors = []
    monkeypatch.setattr(window, "report_error", lambda title, text: window.errors.append(text))
    monkeypatch.setattr(window, "ask_unsaved_changes", lambda: "discard")
    assert window.open_initial()
    window.show()
    qtbot.waitExposed(window)
    yield window
    animation.set_enabled(True)


def answer_dialog(qtbot, blank_index: int | None, seen: list) -> None:
    """When the worksheet dialog opens: pick the blanks and press Save (None: Cancel)."""
    from gui.worksheet_dialog import WorksheetDialog

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, WorksheetDialog):
            QTimer.singleShot(20, answer)
            return
        seen.append(dialog.summary.text())
        if blank_index is None:
            dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
            return
        dialog.blank.setCurrentIndex(blank_index)
        seen.append(dialog.summary.text())
        save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, answer)


def page_texts(path) -> list[str]:
    pdf = pdfium.PdfDocument(str(path))
    return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]


def page_pixels(path, index: int) -> np.ndarray:
    pdf = pdfium.PdfDocument(str(path))
    return pdf[index].render(scale=0.5).to_numpy()[:, :, :3].astype(int)


def test_the_menu_has_worksheet_after_animation(window):
    action = window.actions["file_export_worksheet"]
    assert action.text().replace("&", "") == "Worksheet…"
    names = [a.objectName() for a in window.exporter.menu.actions()]
    assert names.index("file_export_worksheet") == names.index("file_export_animation") + 1


def test_the_dialog_counts_the_blanks_of_each_choice(window):
    from gui.worksheet_dialog import WorksheetDialog

    run = window.controller.run
    dialog = WorksheetDialog(run, window)
    for index, blank in enumerate(("both", "forward", "backward")):
        dialog.blank.setCurrentIndex(index)
        assert dialog.blank_chosen() == blank
        count = len(worksheet_blanks(run, blank))
        assert dialog.summary.text().startswith(f"Numbered blanks: {count},")


def test_the_window_writes_the_worksheet_the_command_line_writes(
    window, qtbot, monkeypatch, tmp_path
):
    """An edited leaf and a moved node: the window's sheet shows both, and the command line
    given the saved document writes the same pages."""
    from gui import export_cli

    controller = window.controller
    controller.set_leaf_value("x1", 2.5)
    x, y = window.scene.positions()["w11"]
    controller.move_nodes({"w11": (x - 60.0, y + 40.0)}, {"w11": (x, y)})
    qtbot.wait(50)
    assert window.scene.positions()["w11"] == pytest.approx((x - 60.0, y + 40.0), abs=0.01)
    monkeypatch.setattr(
        window.exporter, "choose_file", lambda kind, suggested: str(tmp_path / "sheet")
    )
    seen: list[str] = []
    answer_dialog(qtbot, 2, seen)  # "Gradients only"
    window.actions["file_export_worksheet"].trigger()
    mine = tmp_path / "sheet.pdf"  # the extension is added
    assert mine.exists(), window.errors
    assert "sheet.pdf" in window.statusBar().currentMessage()
    backward = len(worksheet_blanks(controller.run, "backward"))
    assert seen[-1].startswith(f"Numbered blanks: {backward},")
    assert window._save_to(tmp_path / "doc.json")
    theirs = tmp_path / "cli.pdf"
    code = export_cli.main([str(tmp_path / "doc.json"), "--worksheet", str(theirs),
                            "--blank", "backward"])  # fmt: skip
    assert code == 0
    texts = page_texts(mine)
    assert texts == page_texts(theirs) and len(texts) == 3
    assert "x₁2.5" in texts[0].replace("\r\n", "").replace(" ", "")  # the edited value
    for index in range(3):
        difference = np.abs(page_pixels(mine, index) - page_pixels(theirs, index))
        assert difference.mean() < 0.5, index
    # and the moved node is where the window has it: the first page differs from the original
    original = tmp_path / "original.pdf"
    assert export_cli.main(["lecture", "--worksheet", str(original), "--blank", "backward"]) == 0
    assert np.abs(page_pixels(mine, 0) - page_pixels(original, 0)).mean() > 0.5
    assert window.errors == []


def test_cancel_and_a_full_disk_keep_the_old_file(window, qtbot, monkeypatch, tmp_path):
    from core.io import atomic

    target = tmp_path / "old.pdf"
    target.write_bytes(b"old sheet")
    monkeypatch.setattr(window.exporter, "choose_file", lambda kind, suggested: str(target))
    seen: list[str] = []
    answer_dialog(qtbot, None, seen)  # the dialog's Cancel
    window.actions["file_export_worksheet"].trigger()
    assert seen and target.read_bytes() == b"old sheet"
    monkeypatch.setattr(window.exporter, "ask_worksheet_blank", lambda run: "forward")
    with monkeypatch.context() as m:
        m.setattr(QProgressDialog, "wasCanceled", lambda self: True)
        window.actions["file_export_worksheet"].trigger()
    assert target.read_bytes() == b"old sheet"
    assert "nothing was written" in window.statusBar().currentMessage()

    def no_space(*_args):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic.os, "fsync", no_space)
    window.actions["file_export_worksheet"].trigger()
    assert window.errors == [f"cannot write {target}: No space left on device"]
    assert target.read_bytes() == b"old sheet"
    assert sorted(p.name for p in tmp_path.iterdir() if "old.pdf" in p.name) == ["old.pdf"]

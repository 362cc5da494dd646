"""The rows File → Export's dialogs share (gui.export_form): the slides, animation and
worksheet dialogs build their pass, size and frame-rate rows and their buttons with it, so the
same question is offered in the same words and answered the same way."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QWidget

from core.autodiff.engine import run as engine_run
from core.documents.examples import load_example
from gui import export_form
from gui.export.recording import DEFAULT_FPS, FPS_LIMITS


@pytest.fixture
def parent(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def _items(box) -> list[tuple[str, object]]:
    return [(box.itemText(i), box.itemData(i)) for i in range(box.count())]


def test_a_size_box_shows_each_size_and_hands_back_ints(parent):
    box = export_form.size_box(parent, [(1280, 720), (640.0, 360.0)])
    assert _items(box) == [("1280 × 720", (1280, 720)), ("640 × 360", (640, 360))]
    assert export_form.chosen_size(box) == (1280, 720)
    box.setCurrentIndex(1)
    size = export_form.chosen_size(box)
    assert size == (640, 360) and all(type(n) is int for n in size)


def test_an_fps_box_spans_what_the_recorder_takes(parent):
    box = export_form.fps_box(parent)
    assert (box.minimum(), box.maximum()) == FPS_LIMITS
    assert box.value() == DEFAULT_FPS
    assert box.suffix() == " frames/s"


def test_finish_puts_the_form_over_save_and_cancel(qtbot):
    dialog = QDialog()
    qtbot.addWidget(dialog)
    form = QFormLayout()
    buttons = export_form.finish(dialog, form)
    assert dialog.layout().itemAt(0).layout() is form
    assert dialog.layout().itemAt(1).widget() is buttons
    save = buttons.button(QDialogButtonBox.StandardButton.Save)
    save.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    dialog.open()
    buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_the_slides_and_animation_dialogs_ask_the_same_questions_the_same_way(parent):
    from gui.animation_dialog import FRAME_SIZES, AnimationDialog
    from gui.export_dialog import SLIDE_SIZES, DeckDialog
    from gui.worksheet_dialog import WorksheetDialog

    document = load_example("lecture")
    deck = DeckDialog("png", parent)
    run = engine_run(document.build())
    film = AnimationDialog(run, 2.0, parent)
    sheet = WorksheetDialog(run, parent)
    assert _items(deck.phase) == _items(film.phase) == _items(export_form.phase_box(parent))
    assert [d for _t, d in _items(deck.phase)] == ["both", "forward", "backward"]
    assert _items(deck.size_box) == _items(export_form.size_box(parent, SLIDE_SIZES))
    assert _items(film.size_box) == _items(export_form.size_box(parent, FRAME_SIZES))
    for dialog in (deck, film, sheet):
        buttons = dialog.findChildren(QDialogButtonBox)
        assert len(buttons) == 1
        assert buttons[0].standardButtons() == (
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
    deck.size_box.setCurrentIndex(2)
    film.size_box.setCurrentIndex(3)
    assert deck.options().size == SLIDE_SIZES[2]
    assert film.options().size == FRAME_SIZES[3]
    assert (film.fps.minimum(), film.fps.maximum(), film.fps.value()) == (*FPS_LIMITS, DEFAULT_FPS)
    assert sheet.layout().itemAt(1).widget() is sheet.buttons

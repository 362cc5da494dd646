"""Help → Legend (F1) explains the picture with the graph's own items: fills by sign, dashed
negative weights, thickness by |w|, the current step's halo, the dots; in English and Russian."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QImage, QPainter  # noqa: E402

from gui import palette  # noqa: E402
from gui.items.edge_item import EdgeItem  # noqa: E402
from gui.items.node_item import NodeItem  # noqa: E402
from gui.items.token_item import TokenItem  # noqa: E402
from tests.test_window import make_window  # noqa: E402


@pytest.fixture
def window(qtbot, isolated_settings, tmp_path, monkeypatch):
    return make_window(qtbot, monkeypatch, tmp_path / "recovery")


def legend_texts(dialog) -> str:
    return " ".join(t.toPlainText() for t in dialog.scene.texts)


def test_f1_opens_the_legend_drawn_with_the_real_items(qtbot, window):
    action = window.actions["help_legend"]
    assert "F1" in [s.toString() for s in action.shortcuts()]
    assert action in window.help_menu.actions()
    action.trigger()
    dialog = window.legend
    qtbot.waitExposed(dialog)
    assert dialog.isVisible() and not dialog.isModal()
    items = dialog.scene.items()
    nodes = [i for i in items if isinstance(i, NodeItem)]
    edges = [i for i in items if isinstance(i, EdgeItem)]
    tokens = [i for i in items if isinstance(i, TokenItem)]
    assert nodes and edges and tokens
    # fills: one purple (positive), one orange (negative), as the graph colours values
    fills = {palette.fill(n.state.value, n.value_scale) for n in nodes}
    assert palette.fill(0.9, 1.0) in fills and palette.fill(-0.9, 1.0) in fills
    kinds = {n.caption.kind for n in nodes}
    assert {"op", "input", "param", "const", "literal"} <= kinds
    assert any(n.focus_level == 2 for n in nodes) and any(n.is_flagged() for n in nodes)
    pens = [e._make_pen() for e in edges if e.state.weight is not None]
    assert any(p.style() == Qt.PenStyle.DashLine for p in pens)  # a negative weight
    widths = sorted(p.widthF() for p in pens)
    assert widths[-1] > 2 * widths[0]  # thickness follows |w|
    assert any(e.focused and "=" in e.shown_text() for e in edges)
    assert {t.backward for t in tokens} == {False, True}
    text = legend_texts(dialog)
    for word in ("Purple", "orange", "dashed", "thickness", "halo", "Dots"):
        assert word in text, word
    # the items are on screen, not only in the scene: the rendered view has the colours
    image = QImage(dialog.view.viewport().size(), QImage.Format.Format_RGB32)
    image.fill(0xFFFFFF)
    painter = QPainter(image)
    dialog.view.render(painter)
    painter.end()
    colours = {
        image.pixel(x, y) & 0xFFFFFF
        for x in range(0, image.width(), 3)
        for y in range(0, image.height(), 3)
    }
    thick = max(
        (e for e in edges if e.state.weight is not None), key=lambda e: e._make_pen().widthF()
    )
    halo = palette.HALO
    assert (halo[0] << 16 | halo[1] << 8 | halo[2]) in colours  # the current step
    assert thick._make_pen().color().rgb() & 0xFFFFFF in colours  # the weight's line
    # F1 again: one legend, not a pile of windows
    action.trigger()
    assert window.legend is not dialog


def test_the_legend_speaks_russian(qtbot, window):
    from gui import i18n

    try:
        i18n.apply_language("ru")
        window.actions["help_legend"].trigger()
        text = legend_texts(window.legend)
        assert window.legend.windowTitle() == "Условные обозначения"
        assert len(re.findall(r"[А-Яа-я]{4,}", text)) > 40
        assert not re.search(r"\b(the|and|edge)\b", text)
    finally:
        i18n.apply_language("en")

"""Graphics items of the graph scene (nodes, edges, tokens) and the style they share.

Items are dumb: they know their geometry, paint themselves and take small state objects from
``gui.scene_adapter``. The Style holds fonts and sizes in one place so the presentation scale
(bigger text for a projector) is one multiplication.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtGui import QColor, QFont, QFontMetricsF

from .. import palette
from ..qt_guard import apply as _guard_refcounts

_guard_refcounts()  # PySide6 6.12.0 leaks None/True references (gui/qt_guard.py)

# z-order: everything dims under the overlay except what the current step is about
Z_EDGE = 0.0
Z_NODE = 10.0
Z_SELECTED = 15.0
Z_DIM = 20.0
Z_FOCUS_EDGE = 45.0  # above the focused nodes: its label is what the step is about
Z_FOCUS_NODE = 40.0
Z_TOKEN = 60.0

DETAIL_LOD = (
    0.38  # below this zoom, text is not drawn (a laptop fits several examples at 0.40–0.44)
)
ARROW_LOD = 0.25


@lru_cache(maxsize=256)
def qcolor(rgb: tuple[int, int, int], alpha: int = 255) -> QColor:
    colour = QColor(*rgb)
    colour.setAlpha(alpha)
    return colour


def _font(pixels: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(max(1, round(pixels)))
    font.setBold(bold)
    return font


WIDTHS_KEPT = 50_000  # text widths remembered (a dict of strings; cleared when it grows past)


class Style:
    """Fonts, paddings and line widths at one presentation scale (1.0 = 15 px ≈ 11 pt numbers)."""

    def __init__(self, scale: float = 1.0) -> None:
        self.set_scale(scale)

    def set_scale(self, scale: float) -> None:
        self.scale = scale
        s = scale
        self.title_font = _font(16 * s, bold=True)
        self.subtitle_font = _font(13 * s)
        self.formula_font = _font(14 * s, bold=True)  # an unnamed op's own short formula
        self.value_font = _font(15 * s)
        self.tag_font = _font(15 * s)
        self.edge_font = _font(15 * s)
        self.literal_font = _font(14 * s)
        self.note_font = _font(13 * s, bold=True)
        self.token_font = _font(15 * s, bold=True)
        self._widths: dict[tuple[int, str], float] = {}
        self.metrics = {
            id(f): QFontMetricsF(f)
            for f in (
                self.title_font,
                self.subtitle_font,
                self.formula_font,
                self.value_font,
                self.tag_font,
                self.edge_font,
                self.literal_font,
                self.note_font,
                self.token_font,
            )
        }
        self.pad = 9 * s
        self.tag_gap = 5 * s
        self.tag_pad = 5 * s
        self.halo = 9 * s
        self.border = 1.4 * s
        self.param_border = 2.6 * s
        self.focus_border = 3.0 * s
        self.edge_width = 1.6 * s
        self.arrow = 9 * s
        self.token_radius = 8 * s
        self.layer_gap = 50 * s
        self.node_gap = 16 * s

    def width(self, font: QFont, text: str) -> float:
        key = (id(font), text)
        w = self._widths.get(key)
        if w is None:
            if len(self._widths) > WIDTHS_KEPT:  # new numbers at every training frame
                self._widths.clear()
            w = self._widths[key] = self.metrics[id(font)].horizontalAdvance(text)
        return w

    def height(self, font: QFont) -> float:
        return self.metrics[id(font)].height()


TEXT = qcolor(palette.TEXT)
TEXT_FAINT = qcolor(palette.TEXT_FAINT)

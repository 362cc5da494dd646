"""Fonts, colours and text measures shared by every painted page (decks, animations, panels)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF

from .. import palette

SANS = ["DejaVu Sans", "Noto Sans", "Arial"]  # has ∂, σ, subscripts and arrows
MONO = ["DejaVu Sans Mono", "Noto Sans Mono", "Courier New", "monospace"]

INK = QColor(*palette.TEXT)
FAINT = QColor(*palette.TEXT_FAINT)
ACCENT = QColor(*palette.HALO)  # the yellow that marks the current step in the graph
PANEL = QColor(246, 246, 246)
RULE = QColor(210, 210, 210)


def as_heading(text: str) -> str:
    """A document's title as a title page writes it: the first letter capital. Titles are
    written for menus and window titles ("lecture example", «пример из лекции»), where a
    lowercase start is the custom; alone at the top of a page it reads as unfinished."""
    return text[:1].upper() + text[1:]


def page_font(px: float, *, bold: bool = False, italic: bool = False, mono: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(MONO if mono else SANS)
    font.setPixelSize(max(1, round(px)))
    font.setBold(bold)
    font.setItalic(italic)
    if mono:
        font.setStyleHint(QFont.StyleHint.Monospace)
    return font


WRAP = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)


def text_height(font: QFont, text: str, width: float) -> float:
    if not text:
        return 0.0
    return QFontMetricsF(font).boundingRect(QRectF(0, 0, width, 1e6), WRAP, text).height()

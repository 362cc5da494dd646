"""One font rule for mathematics on screen: DejaVu Sans first (it has ∂, σ, subscripts and
arrows on every machine we run on), then whatever the widget had."""

from __future__ import annotations

from PySide6.QtGui import QFont

MATH_FONT = "DejaVu Sans"


def math_font(base: QFont, factor: float = 1.0, bold: bool = False, italic: bool = False) -> QFont:
    """``base`` scaled by ``factor`` with the math font in front of its families."""
    font = QFont(base)
    font.setFamilies([MATH_FONT, *base.families()])
    font.setPointSizeF(base.pointSizeF() * factor)
    font.setBold(bold)
    font.setItalic(italic)
    return font

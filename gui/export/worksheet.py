"""Worksheets: the graph with the leaves' values and numbered blanks, then an answer key.

The sheet is the window's scene before the numbers are known (before step 1 when forward
values are blanked, before the backward pass when only gradients are), so the operations
show "?" where a student writes; a numbered marker stands at each node that has a blank, and
the next page lists the blanks, "3. h₁ = ________". The answer key page lists the same
numbers with the engine's answers (core.teaching.worksheet). One PDF, written atomically.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPageLayout, QPageSize, QPainter, QPdfWriter

from core.autodiff.engine import Run
from core.documents.document import Document
from core.io import atomic
from core.teaching.worksheet import Blank, worksheet_blanks
from core.text.i18n import tr, tr_text

from .. import palette
from .encode import buffer_bytes, open_buffer
from .painting import CANVAS_HEIGHT, render_hints
from .painting_text import FAINT, INK, page_font
from .scene import ExportScene, content_rect, export_target
from .writers import PDF_DPI, PDF_PAGE, Cancelled, Progress, Written

MARKER = QColor(*palette.HALO)
translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")


def write_worksheet(
    run: Run,
    path: str | Path,
    blank: str = "both",
    *,
    document: Document | None = None,
    positions: dict[str, tuple[float, float]] | None = None,
    progress: Progress | None = None,
) -> Written:
    """The worksheet (the graph with its markers, then the numbered blanks) and its answer
    key, as a three-page 16:9 PDF. ``progress(pages done, 3)`` returning False cancels
    (Cancelled), and nothing is written."""
    blanks = worksheet_blanks(run, blank)
    if positions is None and document is not None and document.positions:
        positions = dict(document.positions)
    scene = ExportScene(run, positions)
    trace = run.trace
    assert trace is not None
    scene.show_whole(0 if blank != "backward" else trace.backward_start)
    path = Path(path)
    title = tr_text(document.title) if document is not None and document.title else path.stem
    buffer = open_buffer()
    writer = QPdfWriter(buffer)
    writer.setPageSize(QPageSize(PDF_PAGE, QPageSize.Unit.Millimeter, "16:9"))
    writer.setPageOrientation(QPageLayout.Orientation.Portrait)
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    writer.setResolution(PDF_DPI)
    writer.setCreator("Backprop Studio")
    writer.setTitle(title)
    painter = QPainter()
    if not painter.begin(writer):
        raise atomic.WriteError(path, tr("the PDF writer did not start"))
    pages: list[Callable[[QPainter, QRectF], None]] = [
        lambda p, page: _sheet(p, page, scene, blanks, title),
        lambda p, page: _blanks(p, page, blanks, title),
        lambda p, page: _answers(p, page, blanks, title),
    ]
    ended = False
    try:
        render_hints(painter)
        scale = writer.height() / CANVAS_HEIGHT
        painter.scale(scale, scale)
        width = CANVAS_HEIGHT * writer.width() / writer.height()
        page = QRectF(0, 0, width, CANVAS_HEIGHT)
        for index, paint in enumerate(pages):
            if index and not writer.newPage():
                raise atomic.WriteError(path, tr("the PDF writer could not add a page"))
            paint(painter, page)
            if progress is not None and not progress(index + 1, len(pages)):
                raise Cancelled  # nothing is written: the old file stays
        ended = True
        if not painter.end():
            raise atomic.WriteError(path, tr("the PDF writer failed"))
    finally:
        if not ended and painter.isActive():
            painter.end()
    atomic.write_bytes(path, buffer_bytes(buffer))
    return Written((path,), len(pages), (writer.width(), writer.height()))


def _heading(painter: QPainter, page: QRectF, text: str, note: str) -> float:
    painter.fillRect(page, QColor(*palette.BACKGROUND))
    painter.setPen(INK)
    painter.setFont(page_font(40, bold=True))
    painter.drawText(
        QRectF(48, 28, page.width() - 96, 56), int(Qt.AlignmentFlag.AlignVCenter), text
    )
    painter.setPen(FAINT)
    painter.setFont(page_font(24))
    painter.drawText(
        QRectF(48, 84, page.width() - 96, 36), int(Qt.AlignmentFlag.AlignVCenter), note
    )
    return 132.0


def _sheet(
    painter: QPainter, page: QRectF, scene: ExportScene, blanks: list[Blank], title: str
) -> None:
    top = _heading(
        painter,
        page,
        translate("Worksheet", "Worksheet: {title}").format(title=title),
        translate(
            "Worksheet",
            "The leaves hold their values. Write each numbered value or gradient in its blank.",
        ),
    )
    area = QRectF(48, top, page.width() - 96, CANVAS_HEIGHT - top - 40)
    whole = content_rect(scene)
    if not whole.isEmpty():
        target = export_target(whole, area)
        scene.render(painter, target, whole, Qt.AspectRatioMode.KeepAspectRatio)
        k = target.width() / whole.width()
        for blank in blanks:
            rect = scene.node_item(blank.node).sceneBoundingRect()
            corner = rect.topRight() if blank.kind == "value" else rect.bottomRight()
            point = QPointF(
                target.left() + (corner.x() - whole.left()) * k,
                target.top() + (corner.y() - whole.top()) * k,
            )
            _marker(painter, point, blank.number)


def _blanks(painter: QPainter, page: QRectF, blanks: list[Blank], title: str) -> None:
    top = _heading(
        painter,
        page,
        translate("Worksheet", "Worksheet: {title}").format(title=title),
        translate(
            "Worksheet",
            "Each number is marked on the graph: values at the top right of "
            "their node, gradients at the bottom right.",
        ),
    )
    lines = [
        translate("Worksheet", "{number}. {label} = ________").format(
            number=b.number, label=b.label
        )
        for b in blanks
    ]
    _columns(painter, QRectF(48, top + 8, page.width() - 96, CANVAS_HEIGHT - top - 40), lines)


def _answers(painter: QPainter, page: QRectF, blanks: list[Blank], title: str) -> None:
    top = _heading(
        painter,
        page,
        translate("Worksheet", "Answer key: {title}").format(title=title),
        translate("Worksheet", "The numbers the engine computed, with the worksheet's numbering."),
    )
    lines = [f"{b.number}. {b.label} = {b.answer}" for b in blanks]
    _columns(painter, QRectF(48, top + 8, page.width() - 96, CANVAS_HEIGHT - top - 40), lines)


def _columns(painter: QPainter, rect: QRectF, lines: list[str]) -> None:
    """The lines in up to four columns, as large as they fit (at least 14 px)."""
    if not lines:
        return
    columns = max(1, min(4, int(rect.width() // 440)))
    rows = math.ceil(len(lines) / columns)
    px = max(14.0, min(26.0, rect.height() / max(1, rows) / 1.3))
    painter.setFont(page_font(px))
    painter.setPen(INK)
    column_w = rect.width() / columns
    for i, line in enumerate(lines):
        column, row = divmod(i, rows)
        cell = QRectF(
            rect.left() + column * column_w, rect.top() + row * px * 1.3, column_w - 16, px * 1.3
        )
        painter.drawText(cell, int(Qt.AlignmentFlag.AlignVCenter), line)


def _marker(painter: QPainter, centre: QPointF, number: int) -> None:
    """A numbered yellow disc at a node's corner: where blank ``number`` is."""
    radius = 15.0
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(MARKER)
    painter.drawEllipse(centre, radius, radius)
    painter.setPen(INK)
    painter.setFont(page_font(15 if number < 100 else 12, bold=True))
    box = QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius)
    painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), str(number))

"""Worksheets: the graph with the leaves' values and numbered blanks, then an answer key.

The sheet is the window's scene before the numbers are known (before step 1 when forward
values are blanked, before the backward pass when only gradients are), so the operations
show "?" where a student writes; a numbered marker stands at each node that has a blank, and
the next page lists the blanks, "3. h₁ = ________". The answer key page lists the same
numbers with the engine's answers (core.teaching.worksheet). A dense graph takes several
sheet pages (gui.export.worksheet_sheets places the markers), a long list several pages.
One PDF, written atomically.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen

from core.autodiff.engine import Run
from core.documents.document import Document
from core.io import atomic
from core.teaching.worksheet import worksheet_blanks
from core.text.i18n import tr, tr_text

from .. import palette
from .encode import buffer_bytes, open_buffer
from .marker_layout import Marker
from .painting import CANVAS_HEIGHT, fade_cut_sides, render_hints
from .painting_text import FAINT, INK, page_font
from .scene import ExportScene, content_rect
from .worksheet_sheets import SheetPage, plan_sheets
from .writers import PDF_DPI, PDF_PAGE, Cancelled, Progress, Written

MARKER = QColor(*palette.HALO)
HEADING = 132.0  # canvas pixels above a page's graph or list: its title and note
MIN_LINE_PX = 14.0
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
    key, as a 16:9 PDF: three pages, more for a dense graph (gui.export.worksheet_sheets) or
    a long list. ``progress(pages done, pages)`` returning False cancels (Cancelled), and
    nothing is written."""
    blanks = worksheet_blanks(run, blank)
    scene = sheet_scene(run, blank, document, positions)
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
    width = CANVAS_HEIGHT * writer.width() / writer.height()
    page = QRectF(0, 0, width, CANVAS_HEIGHT)
    sheets = plan_sheets(scene, blanks, sheet_area(page))
    pages: list[Callable[[QPainter, QRectF], None]] = [
        partial(_sheet, scene=scene, sheets=sheets, index=k, title=title)
        for k in range(len(sheets))
    ]
    lines = [
        translate("Worksheet", "{number}. {label} = ________").format(
            number=b.number, label=b.label
        )
        for b in blanks
    ]
    answers = [f"{b.number}. {b.label} = {b.answer}" for b in blanks]
    for chunk in _chunks(lines, list_area(page)):
        pages.append(partial(_blanks, lines=chunk, title=title))
    for chunk in _chunks(answers, list_area(page)):
        pages.append(partial(_answers, lines=chunk, title=title))
    painter = QPainter()
    if not painter.begin(writer):
        raise atomic.WriteError(path, tr("the PDF writer did not start"))
    ended = False
    try:
        render_hints(painter)
        scale = writer.height() / CANVAS_HEIGHT
        painter.scale(scale, scale)
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


def sheet_scene(
    run: Run,
    blank: str,
    document: Document | None = None,
    positions: dict[str, tuple[float, float]] | None = None,
) -> ExportScene:
    """The graph as the sheet shows it: before step 1 when values are blanked, else before
    the backward pass (the forward values are given), nothing highlighted."""
    if positions is None and document is not None and document.positions:
        positions = dict(document.positions)
    scene = ExportScene(run, positions)
    trace = run.trace
    assert trace is not None
    scene.show_whole(0 if blank != "backward" else trace.backward_start)
    return scene


def _heading(painter: QPainter, page: QRectF, text: str, note: str) -> None:
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


def sheet_area(page: QRectF) -> QRectF:
    """Where a sheet page draws the graph: under the heading, inside the margins."""
    return QRectF(48, HEADING, page.width() - 96, CANVAS_HEIGHT - HEADING - 40)


def list_area(page: QRectF) -> QRectF:
    """Where the blanks and the answers are listed."""
    return QRectF(48, HEADING + 8, page.width() - 96, CANVAS_HEIGHT - HEADING - 40)


def _sheet(
    painter: QPainter,
    page: QRectF,
    scene: ExportScene,
    sheets: list[SheetPage],
    index: int,
    title: str,
) -> None:
    heading = translate("Worksheet", "Worksheet: {title}").format(title=title)
    if len(sheets) > 1:
        heading += f" ({index + 1}/{len(sheets)})"
    _heading(
        painter,
        page,
        heading,
        translate(
            "Worksheet",
            "The leaves hold their values. Write each numbered value or gradient in its blank.",
        ),
    )
    sheet = sheets[index]
    scene.render(painter, sheet.target, sheet.source, Qt.AspectRatioMode.IgnoreAspectRatio)
    if sheet.cut:
        fade_cut_sides(painter, sheet.target, sheet.source, content_rect(scene))
    for marker in sheet.markers:
        _marker(painter, marker)


def _blanks(painter: QPainter, page: QRectF, lines: list[str], title: str) -> None:
    _heading(
        painter,
        page,
        translate("Worksheet", "Worksheet: {title}").format(title=title),
        translate(
            "Worksheet",
            "Each number is marked on the graph beside its node: values toward the top "
            "right, gradients toward the bottom right.",
        ),
    )
    _columns(painter, list_area(page), lines)


def _answers(painter: QPainter, page: QRectF, lines: list[str], title: str) -> None:
    _heading(
        painter,
        page,
        translate("Worksheet", "Answer key: {title}").format(title=title),
        translate("Worksheet", "The numbers the engine computed, with the worksheet's numbering."),
    )
    _columns(painter, list_area(page), lines)


def _layout(rect: QRectF, count: int) -> tuple[int, int, float]:
    """(columns, rows, font px) for ``count`` lines in ``rect``: up to four columns, the
    font as large as fits, at least MIN_LINE_PX (more lines go on the next page)."""
    columns = max(1, min(4, int(rect.width() // 440)))
    rows = math.ceil(count / columns)
    px = max(MIN_LINE_PX, min(26.0, rect.height() / max(1, rows) / 1.3))
    return columns, min(rows, int(rect.height() // (px * 1.3))), px


def _chunks(lines: list[str], rect: QRectF) -> list[list[str]]:
    """The lines split into pages that each hold them at a readable size."""
    columns, rows, _ = _layout(rect, len(lines))
    per_page = max(1, columns * rows)
    return [lines[i : i + per_page] for i in range(0, len(lines), per_page)] or [[]]


def _columns(painter: QPainter, rect: QRectF, lines: list[str]) -> None:
    """The lines in columns, top to bottom then left to right."""
    if not lines:
        return
    columns, _, px = _layout(rect, len(lines))
    rows = math.ceil(len(lines) / columns)
    painter.setFont(page_font(px))
    painter.setPen(INK)
    column_w = rect.width() / columns
    for i, line in enumerate(lines):
        column, row = divmod(i, rows)
        cell = QRectF(
            rect.left() + column * column_w, rect.top() + row * px * 1.3, column_w - 16, px * 1.3
        )
        painter.drawText(cell, int(Qt.AlignmentFlag.AlignVCenter), line)


def _marker(painter: QPainter, marker: Marker) -> None:
    """A numbered yellow disc beside its node (a thin line to the node when it had to go
    further out): where blank ``marker.number`` is."""
    x, y = marker.centre
    radius = marker.radius
    centre = QPointF(x, y)
    if marker.far:
        left, top, right, bottom = marker.anchor
        near = QPointF(min(max(x, left), right), min(max(y, top), bottom))
        painter.setPen(QPen(MARKER.darker(130), 2.0))
        painter.drawLine(centre, near)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(MARKER)
    painter.drawEllipse(centre, radius, radius)
    painter.setPen(INK)
    painter.setFont(page_font(15 if marker.number < 100 else 12, bold=True))
    box = QRectF(x - radius, y - radius, 2 * radius, 2 * radius)
    painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), str(marker.number))

"""PowerPoint decks: the PDF deck's pages as slides a teacher can edit.

One slide per step or group of steps, planned as the PDF deck plans them (core.teaching.slides). The
graph is a high-resolution picture; the step's title, phase, counter and equations are real
text boxes, so they can be edited, searched and read aloud; the explanation goes to the
speaker notes. The file opens in PowerPoint, LibreOffice Impress and Google Slides. python-pptx
writes it (an optional extra: ``pip install 'backprop-studio[pptx]'``).
"""

from __future__ import annotations

import io
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter

from core.autodiff.engine import Run
from core.documents.document import Document
from core.io import atomic
from core.teaching.slides import DeckOptions, ExportError, Slide
from core.text.i18n import tr

from .. import palette
from .encode import image_png_bytes
from .painting import CANVAS_HEIGHT, DeckPainter
from .painting_text import ACCENT, as_heading
from .scene import (
    background_colour,
    content_rect,
    graph_window,
    restore_cache,
    uncache,
)
from .writers import Cancelled, Progress, Written

if TYPE_CHECKING:
    from pptx.slide import Slide as PptxSlide
    from pptx.util import Length

SLIDE_INCHES = (40 / 3, 7.5)  # 16:9, PowerPoint's widescreen size (12,192,000 EMU across)
EMU_PER_INCH = 914400
CANVAS_PER_INCH = CANVAS_HEIGHT / SLIDE_INCHES[1]  # the deck's canvas units on a slide
PICTURE_PIXELS_PER_UNIT = 1.25  # picture resolution: 180 px per inch, 2,300 px across
MARGIN = 0.4  # inches
SANS = "DejaVu Sans"
MONO = "DejaVu Sans Mono"


def write_pptx(
    run: Run,
    path: str | Path,
    *,
    document: Document | None = None,
    positions: dict[str, tuple[float, float]] | None = None,
    options: DeckOptions | None = None,
    progress: Progress | None = None,
) -> Written:
    """The deck as a .pptx file (written atomically: a failed write leaves the old file)."""
    try:
        from pptx import Presentation
    except ImportError as exc:
        raise ExportError(
            tr("PowerPoint export needs python-pptx: pip install 'backprop-studio[pptx]'")
        ) from exc
    path = Path(path)
    deck = DeckPainter(run, document, positions, options)
    slides = deck.slides()
    presentation = Presentation()
    presentation.slide_width = _emu(SLIDE_INCHES[0])
    presentation.slide_height = _emu(SLIDE_INCHES[1])
    blank = presentation.slide_layouts[6]
    with ThreadPoolExecutor(max_workers=2) as pool:  # Qt's PNG encoder lets the GIL go
        pictures = Pictures(pool, path)
        for index, slide in enumerate(slides):
            page = presentation.slides.add_slide(blank)
            if slide.kind == "title":
                _title_slide(page, deck, pictures)
            else:
                _step_slide(page, deck, slide, pictures)
            if progress is not None and not progress(index + 1, len(slides)):
                raise Cancelled  # nothing is written: the old file stays
        pictures.place()
    buffer = io.BytesIO()
    presentation.save(buffer)
    atomic.write_bytes(path, buffer.getvalue())
    return Written((path,), len(presentation.slides), (1920, 1080))


class Pictures:
    """Pictures rendered on this thread and compressed by a pool, placed when all are done."""

    def __init__(self, pool: ThreadPoolExecutor, path: Path) -> None:
        self.pool = pool
        self.path = path  # named by an encoder's error
        self.pending: list[tuple[PptxSlide, tuple[float, float, float, float], Future[bytes]]] = []

    def add(self, page: PptxSlide, box: tuple[float, float, float, float], image: QImage) -> None:
        self.pending.append((page, box, self.pool.submit(image_png_bytes, image, self.path)))

    def place(self) -> None:
        for page, (left, top, width, height), job in self.pending:
            page.shapes.add_picture(
                io.BytesIO(job.result()), _emu(left), _emu(top), _emu(width), _emu(height)
            )


def _step_slide(page: PptxSlide, deck: DeckPainter, slide: Slide, pictures: Pictures) -> None:
    cap = deck.caption(slide)
    width = SLIDE_INCHES[0] - 2 * MARGIN
    phase = _text_box(page, MARGIN, 0.25, 3.2, 0.45)
    _paragraph(phase.text_frame, cap.phase.upper(), 14, bold=True, colour=ACCENT.darker(160))
    counter = _text_box(page, SLIDE_INCHES[0] - MARGIN - 3.2, 0.25, 3.2, 0.45)
    _paragraph(counter.text_frame, cap.counter, 14, align="right", colour=None)
    title = _text_box(page, MARGIN, 0.62, width, 0.7)
    _paragraph(title.text_frame, cap.title, 26, bold=True)
    lines = list(cap.lines)
    if cap.matrix is not None:  # the matrix step written out, as text a teacher can edit
        lines += [f"{cap.matrix.formula}   {cap.matrix.shapes}", cap.matrix.worked_text()]
    equation_height = min(2.2, 0.45 + 0.42 * len(lines))
    picture_top = 1.4
    picture_height = SLIDE_INCHES[1] - 0.3 - equation_height - picture_top
    zoom = deck.show(slide)
    box = (MARGIN, picture_top, width, picture_height)
    part = deck.tile(slide) if slide.parts > 1 else None
    pictures.add(page, box, _picture(deck, width, picture_height, zoom, part))
    box = _text_box(page, MARGIN, SLIDE_INCHES[1] - 0.2 - equation_height, width, equation_height)
    size = 20 if len(lines) <= 2 else 16 if len(lines) <= 6 else 11
    for line in lines:
        _paragraph(box.text_frame, line, size, font=SANS)
    notes = [cap.title, *lines]
    if cap.detail:
        notes.append(cap.detail)
    _notes(page, notes)


def _title_slide(page: PptxSlide, deck: DeckPainter, pictures: Pictures) -> None:
    doc, graph = deck.document, deck.run.graph
    from core.autodiff.notation import name_of
    from core.text.i18n import tr_text

    title = (
        as_heading(tr_text(doc.title))
        if doc is not None and doc.title
        else name_of(graph, graph.require_output())
    )
    box = _text_box(page, MARGIN, 0.35, SLIDE_INCHES[0] - 2 * MARGIN, 0.9)
    _paragraph(box.text_frame, title, 34, bold=True)
    heading, lines = deck._source_lines()
    left = _text_box(page, MARGIN, 1.45, 4.6, SLIDE_INCHES[1] - 1.85)
    _paragraph(left.text_frame, heading, 16, bold=True)
    for line in lines[:24]:
        _paragraph(left.text_frame, line, 12 if len(lines) > 12 else 14, font=MONO)
    deck.scene.show_position(0)  # the graph before step 1, as the PDF's title page shows it
    right = MARGIN + 4.8
    width = SLIDE_INCHES[0] - MARGIN - right
    pictures.add(page, (right, 1.45, width, 5.6), _picture(deck, width, 5.6, "fit"))
    _notes(page, [title, heading, *lines])


def _picture(
    deck: DeckPainter, width: float, height: float, zoom: str, part: QRectF | None = None
) -> QImage:
    """The scene as it stands, for a box of ``width`` × ``height`` inches, framed as a PDF
    page frames it (``part``: the PDF page's part of a whole graph too large for one page)."""
    scene = deck.scene
    area = QRectF(0, 0, width * CANVAS_PER_INCH, height * CANVAS_PER_INCH)
    source = graph_window(scene, area, zoom) if zoom != "fit" else _fit_window(scene, area)
    if part is not None:
        k = max(part.width() / area.width(), part.height() / area.height())
        w, h = area.width() * k, area.height() * k
        source = QRectF(part.center().x() - w / 2, part.center().y() - h / 2, w, h)
    pixels = (
        round(area.width() * PICTURE_PIXELS_PER_UNIT),
        round(area.height() * PICTURE_PIXELS_PER_UNIT),
    )
    image = QImage(pixels[0], pixels[1], QImage.Format.Format_RGB32)
    image.fill(background_colour(scene))
    changed = uncache(scene)
    try:
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        scene.render(painter, QRectF(0, 0, *pixels), source, Qt.AspectRatioMode.IgnoreAspectRatio)
        painter.end()
    finally:
        restore_cache(changed)
    return image


def _fit_window(scene: Any, area: QRectF) -> QRectF:
    """The whole graph with the area's aspect ratio, centred."""
    whole = content_rect(scene)
    k = max(whole.width() / area.width(), whole.height() / area.height())
    w, h = area.width() * k, area.height() * k
    return QRectF(whole.center().x() - w / 2, whole.center().y() - h / 2, w, h)


def _notes(page: PptxSlide, lines: list[str]) -> None:
    """The speaker notes: what the teacher reads out (the explanation of the step)."""
    frame = page.notes_slide.notes_text_frame
    if frame is not None:  # the default template always has a notes placeholder
        frame.text = "\n".join(lines)


def _text_box(page: PptxSlide, left: float, top: float, width: float, height: float) -> Any:
    box = page.shapes.add_textbox(_emu(left), _emu(top), _emu(width), _emu(height))
    box.text_frame.word_wrap = True
    return box


def _paragraph(
    frame: Any,
    text: str,
    size: float,
    *,
    bold: bool = False,
    font: str = SANS,
    align: str = "left",
    colour: Any = None,
) -> None:
    from pptx.dml.color import RGBColor
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Pt

    first = len(frame.paragraphs) == 1 and not frame.paragraphs[0].runs
    paragraph = frame.paragraphs[0] if first else frame.add_paragraph()
    paragraph.alignment = PP_ALIGN.RIGHT if align == "right" else PP_ALIGN.LEFT
    run = paragraph.add_run()
    run.text = text
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = font
    r, g, b = (colour.red(), colour.green(), colour.blue()) if colour is not None else palette.TEXT
    run.font.color.rgb = RGBColor(r, g, b)


def _emu(inches: float) -> Length:
    from pptx.util import Emu

    return Emu(int(round(inches * EMU_PER_INCH)))

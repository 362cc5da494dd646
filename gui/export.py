"""Pictures and slide decks of a run, drawn by the same GraphScene the window shows.

What the teacher sees is what the handout shows: every export builds a GraphScene from the
engine's Run (offscreen, no window needed), moves it to a step with ``show_position`` and lets
``QGraphicsScene.render`` paint it into a QImage (PNG), a QSvgGenerator (SVG) or a QPdfWriter
(PDF). Item caching is switched off first, so PDF and SVG get vector shapes and real text
instead of the window's cached bitmaps.

A deck is a title page (the program or network and its leaf values), then one 16:9 page per
step, or per group of consecutive steps of one layer when ``group_layers`` is on, each with
the step's explanation from core.teaching.explain as its caption. Pages are laid out on a 1920 × 1080
canvas (scaled to the output), with captions of at least 24 px there (18 pt at 96 dpi). When
the whole graph would be too small to read on a page, the page zooms to the current step and
an inset shows where that is in the whole graph.
"""

from __future__ import annotations

import contextlib
import math
import re
import struct
import zlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PySide6.QtCore import (
    QBuffer,
    QCoreApplication,
    QIODevice,
    QMarginsF,
    QPointF,
    QRectF,
    QSize,
    QSizeF,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene

from core.autodiff.engine import Run
from core.autodiff.graph import Graph
from core.autodiff.notation import format_number, name_of, pretty
from core.autodiff.trace import BackwardStep, ForwardStep, SeedStep, UpdateStep
from core.documents.document import Document
from core.io import atomic
from core.teaching.explain import StepText, describe_step
from core.text.i18n import tr, tr_text
from gui import framing, palette
from gui.items import Z_DIM
from gui.layout import assign_ranks
from gui.scene import DIM_ALPHA, DimOverlay, GraphScene

PHASES = ("forward", "backward", "both")
ZOOMS = ("auto", "fit")
CANVAS_HEIGHT = 1080.0  # pages are laid out on a canvas this tall, then scaled to the output
MAX_GROUP = 4  # steps listed on one grouped page (more are split into balanced pages)
HEADER_HEIGHT = 72.0
FADE_DEPTH = 56.0  # canvas pixels over which a zoomed page fades out where it cuts the graph
FADE_BANDS = 14
MIN_PREVIEW_HEIGHT = 240.0  # room needed under the title page's text for a graph preview
MAP_MAX_WIDTH = 380.0  # the overview of the whole graph in a zoomed page's header
MAX_SIDE = 16384  # pixels: larger images are refused (memory)
BASE_TEXT_PX = 15.0  # the scene's number font at presentation scale 1 (gui.items.Style)
READABLE_TEXT_PX = framing.EXPORT_TEXT_PX  # numbers on the 1080 canvas at least this tall
MAX_GRAPH_SCALE = 2.4  # a tiny graph is not blown up past this
PDF_PAGE = QSizeF(338.667, 190.5)  # mm: 13.333 × 7.5 in, the usual 16:9 slide
PDF_DPI = 144  # with the 13.333 in page, 1920 device units across: the canvas itself
SANS = ["DejaVu Sans", "Noto Sans", "Arial"]  # has ∂, σ, subscripts and arrows
MONO = ["DejaVu Sans Mono", "Noto Sans Mono", "Courier New", "monospace"]
SLIDE_NAME = re.compile(r"slide-\d{3,}\.png")

INK = QColor(*palette.TEXT)
FAINT = QColor(*palette.TEXT_FAINT)
ACCENT = QColor(*palette.HALO)  # the yellow that marks the current step in the graph
PANEL = QColor(246, 246, 246)
RULE = QColor(210, 210, 210)
Progress = Callable[[int, int], bool]  # (pages done, pages in all) -> keep going?


translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")


class ExportError(ValueError):
    """Options that cannot be honoured (a bad step, size or phase): one message for a person."""


# ============================================================================ options and plan


@dataclass(frozen=True)
class DeckOptions:
    """What goes into a deck and how pages look."""

    phase: str = "both"  # "forward" | "backward" | "both"
    group_layers: bool = False  # one page per layer's consecutive steps instead of per step
    title_page: bool = True
    zoom: str = "auto"  # "auto": zoom to the step when the whole graph is too small; "fit"
    size: tuple[int, int] = (1920, 1080)  # pixels of a PNG page (a PDF page is always 16:9)

    def checked(self) -> DeckOptions:
        if self.phase not in PHASES:
            raise ExportError(f"phase must be one of {', '.join(PHASES)}, not {self.phase!r}")
        if self.zoom not in ZOOMS:
            raise ExportError(f"zoom must be one of {', '.join(ZOOMS)}, not {self.zoom!r}")
        check_size(self.size)
        return self


@dataclass(frozen=True)
class Slide:
    """One page: the title page, or the state after steps ``first``..``last`` (1-based)."""

    kind: str  # "title" | "steps"
    first: int = 0
    last: int = 0

    @property
    def positions(self) -> range:
        return range(self.first, self.last + 1)


def check_size(size: tuple[int, int]) -> tuple[int, int]:
    width, height = size
    if not (16 <= width <= MAX_SIDE and 16 <= height <= MAX_SIDE):
        raise ExportError(f"a size of {width}×{height} pixels is out of range (16 to {MAX_SIDE})")
    return int(width), int(height)


def phase_range(run: Run, phase: str) -> tuple[int, int]:
    """First and last step position (1-based, inclusive) of a phase; first > last if empty."""
    trace = run.trace
    if trace is None:
        return 1, 0
    start = trace.backward_start  # steps before the seed are the forward pass
    if phase == "forward":
        return 1, start
    if phase == "backward":
        return start + 1, len(trace)
    return 1, len(trace)


def layer_keys(graph: Graph) -> dict[str, object]:
    """Which layer each node belongs to, for grouping steps: its named owner's group (network
    layers) or column (gui.layout ranks). An unnamed op (a partial sum) belongs to the nearest
    named node it feeds, so z₁ = w₁₁·x₁ + w₂₁·x₂ and its products land on one page."""
    ranks = assign_ranks(graph)
    owner: dict[str, str] = {}
    for nid in reversed(graph.order()):
        node = graph[nid]
        if node.name or nid == graph.output:
            owner[nid] = nid
            continue
        owners = [owner[e.target] for e in graph.consumers(nid) if e.target in owner]
        owner[nid] = min(owners, key=lambda o: ranks.get(o, 0)) if owners else nid
    keys: dict[str, object] = {}
    for nid, own in owner.items():
        group = graph[own].group
        keys[nid] = ("group", group) if group else ("rank", ranks.get(own, 0))
    return keys


def step_groups(run: Run, first: int, last: int, group_layers: bool) -> list[tuple[int, int]]:
    """Consecutive step positions shown on one page each: single steps, or runs of one layer
    (forward and backward never share a page), split into pages of at most MAX_GROUP."""
    if first > last:
        return []
    if not group_layers:
        return [(k, k) for k in range(first, last + 1)]
    trace = run.trace
    assert trace is not None
    keys = layer_keys(run.graph)

    def key(position: int) -> object:
        step = trace[position - 1]
        if isinstance(step, UpdateStep):
            return ("update",)
        if isinstance(step, BackwardStep):
            return ("backward", keys.get(step.source))
        if isinstance(step, SeedStep):
            return ("backward", keys.get(step.node))
        return ("forward", keys.get(step.node))

    runs: list[list[int]] = []
    for position in range(first, last + 1):
        if runs and key(runs[-1][-1]) == key(position):
            runs[-1].append(position)
        else:
            runs.append([position])
    out: list[tuple[int, int]] = []
    for positions in runs:
        pages = math.ceil(len(positions) / MAX_GROUP)
        size = math.ceil(len(positions) / pages)
        for i in range(0, len(positions), size):
            chunk = positions[i : i + size]
            out.append((chunk[0], chunk[-1]))
    return out


def plan_slides(run: Run, options: DeckOptions) -> list[Slide]:
    """The pages of a deck, in order."""
    first, last = phase_range(run, options.phase)
    slides = [Slide("title")] if options.title_page else []
    slides += [Slide("steps", a, b) for a, b in step_groups(run, first, last, options.group_layers)]
    return slides


# ============================================================================ the scene


class ExportScene(GraphScene):
    """The window's GraphScene, uncached (vector output) and able to highlight a group of steps
    at once. Only reading and showing: nothing here computes a number."""

    def __init__(self, run: Run, positions: dict[str, tuple[float, float]] | None = None) -> None:
        super().__init__()
        self.set_run(run, positions or None)
        uncache(self)

    def show_steps(self, first: int, last: int) -> None:
        """The state after ``last`` steps, with every step from ``first`` on highlighted."""
        self.show_position(last)
        self.highlight_steps(first, last)


def uncache(scene: QGraphicsScene) -> list[tuple[QGraphicsItem, QGraphicsItem.CacheMode]]:
    """Switch item caches off (a cached item prints as a bitmap); returns what to restore."""
    changed: list[tuple[QGraphicsItem, QGraphicsItem.CacheMode]] = []
    for item in scene.items():
        mode = item.cacheMode()
        if mode != QGraphicsItem.CacheMode.NoCache:
            changed.append((item, mode))
            item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    return changed


def restore_cache(changed: list[tuple[QGraphicsItem, QGraphicsItem.CacheMode]]) -> None:
    for item, mode in changed:
        item.setCacheMode(mode)


def content_rect(scene: GraphScene) -> QRectF:
    """Every node and edge (labels included) with a margin: nothing drawn falls outside."""
    rect = QRectF()
    for item in list(scene.node_items().values()) + list(scene.edge_items().values()):
        rect = rect.united(item.sceneBoundingRect())
    if rect.isEmpty():
        return scene.graph_rect()
    margin = 24 * scene.style.scale
    return rect.adjusted(-margin, -margin, margin, margin)


def _focus_rect(scene: GraphScene) -> QRectF:
    rect = scene.focus_rect()
    return rect if not rect.isNull() else QRectF()


def _box(rect: QRectF) -> framing.Box:
    return framing.Box(rect.left(), rect.top(), rect.width(), rect.height())


def _fit(source: QRectF, target: QRectF) -> float:
    return min(target.width() / source.width(), target.height() / source.height())


def _with_aspect(rect: QRectF, centre: QPointF, target: QRectF, scale: float) -> QRectF:
    """The scene rectangle that fills ``target`` at ``scale``, centred on ``centre`` but kept
    inside ``rect`` where it can be (no empty margins beside the graph)."""
    w, h = target.width() / scale, target.height() / scale
    x = centre.x() - w / 2
    y = centre.y() - h / 2
    if w <= rect.width():
        x = min(max(x, rect.left()), rect.right() - w)
    else:
        x = rect.center().x() - w / 2
    if h <= rect.height():
        y = min(max(y, rect.top()), rect.bottom() - h)
    else:
        y = rect.center().y() - h / 2
    return QRectF(x, y, w, h)


def graph_window(scene: GraphScene, target: QRectF, zoom: str = "auto") -> QRectF:
    """Which part of the scene a page shows in ``target`` (same aspect ratio): the whole graph,
    or, when its numbers would be too small to read, a readable window around the step."""
    whole = content_rect(scene)
    if whole.isEmpty():
        return QRectF(0, 0, target.width(), target.height())
    # the same policy as the window's view (gui.framing), with no previous frame to stay near
    graph, page = _box(whole), (target.width(), target.height())
    readable = framing.readable_zoom(BASE_TEXT_PX * scene.style.scale, READABLE_TEXT_PX)
    focus = _focus_rect(scene)
    if zoom == "fit" or focus.isEmpty() or framing.fits_readably(graph, page, readable):
        frame = framing.whole(graph, page, MAX_GRAPH_SCALE)
        return _with_aspect(whole, QPointF(*frame.centre), target, frame.zoom)
    pad = 60 * scene.style.scale
    frame = framing.follow(
        None, page, graph, _box(focus), readable, max_zoom=MAX_GRAPH_SCALE, margin_px=pad
    )
    window = _with_aspect(whole, QPointF(*frame.centre), target, frame.zoom)
    # only the graph inside this window's columns counts vertically: no empty band above or
    # below the nodes shown, but the step itself always stays in
    band = focus
    for item in list(scene.node_items().values()) + list(scene.edge_items().values()):
        rect = item.sceneBoundingRect()
        if rect.right() > window.left() and rect.left() < window.right():
            band = band.united(rect)
    band = band.adjusted(0, -pad / 2, 0, pad / 2).intersected(whole).united(focus)
    h = window.height()
    if band.height() >= h:
        y = min(max(focus.center().y() - h / 2, band.top()), band.bottom() - h)
    else:
        y = band.center().y() - h / 2
    return QRectF(window.left(), y, window.width(), h)


# ============================================================================ painting pages


def _font(px: float, *, bold: bool = False, italic: bool = False, mono: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(MONO if mono else SANS)
    font.setPixelSize(max(1, round(px)))
    font.setBold(bold)
    font.setItalic(italic)
    if mono:
        font.setStyleHint(QFont.StyleHint.Monospace)
    return font


WRAP = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)


def _text_height(font: QFont, text: str, width: float) -> float:
    if not text:
        return 0.0
    return QFontMetricsF(font).boundingRect(QRectF(0, 0, width, 1e6), WRAP, text).height()


def _fitting_font(
    texts: list[str], width: float, height: float, largest: float, smallest: float, **kw
) -> QFont:
    """The largest font (px, in steps of 1) whose wrapped texts fit the height."""
    px = largest
    while px > smallest:
        font = _font(px, **kw)
        total = sum(_text_height(font, t, width) for t in texts) + px * 0.4 * len(texts)
        if total <= height:
            return font
        px -= 1
    return _font(smallest, **kw)


@dataclass(frozen=True)
class Caption:
    """The words under a step page's graph."""

    title: str
    counter: str
    phase: str
    lines: tuple[str, ...]  # equations
    detail: str


@dataclass
class CaptionBox:
    """The laid-out caption of a step page, ready to paint."""

    rect: QRectF
    rows: list[tuple[str, ...]]
    row_heights: list[float]
    column_width: float
    equation_font: QFont
    detail: str
    detail_font: QFont

    @property
    def top(self) -> float:
        return self.rect.top()

    def paint(self, painter: QPainter) -> None:
        box = self.rect
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(PANEL)
        painter.drawRoundedRect(box, 12, 12)
        painter.setBrush(ACCENT)
        painter.drawRoundedRect(QRectF(box.left(), box.top(), 12, box.height()), 6, 6)
        x, y = box.left() + 32, box.top() + 18
        painter.setPen(INK)
        painter.setFont(self.equation_font)
        for row, h in zip(self.rows, self.row_heights, strict=True):
            for i, line in enumerate(row):
                left = x + i * (self.column_width + 48)
                painter.drawText(QRectF(left, y, self.column_width, h + 4), WRAP, line)
            y += h + 10
        if self.detail:
            painter.setFont(self.detail_font)
            painter.setPen(FAINT)
            width = box.right() - 16 - x
            h = _text_height(self.detail_font, self.detail, width)
            painter.drawText(QRectF(x, y + 6, width, h + 4), WRAP, self.detail)


class DeckPainter:
    """Paints the pages of one run's deck on a canvas ``CANVAS_HEIGHT`` tall."""

    def __init__(
        self,
        run: Run,
        document: Document | None = None,
        positions: dict[str, tuple[float, float]] | None = None,
        options: DeckOptions | None = None,
    ) -> None:
        self.run = run
        self.document = document
        self.options = (options or DeckOptions()).checked()
        if positions is None and document is not None and document.positions:
            positions = dict(document.positions)
        self.scene = ExportScene(run, positions)

    # ------------------------------------------------------------------ captions
    def caption(self, slide: Slide) -> Caption:
        run, trace = self.run, self.run.trace
        assert trace is not None
        total = len(trace)
        step = trace[slide.last - 1]
        backward = not isinstance(step, ForwardStep)
        phase = (
            translate("Export", "Backward pass")
            if backward
            else translate("Export", "Forward pass")
        )
        if isinstance(step, UpdateStep):
            phase = translate("Export", "Gradient descent")
        if slide.first == slide.last:
            text = describe_step(run.graph, trace, slide.last)
            counter = translate("Export", "step {k} of {n}").format(k=slide.last, n=total)
            return Caption(text.title, counter, phase, (text.equation,), text.detail)
        texts = [describe_step(run.graph, trace, k) for k in slide.positions]
        counter = translate("Export", "steps {a}–{b} of {n}").format(
            a=slide.first, b=slide.last, n=total
        )
        return Caption(self._group_title(slide, backward), counter, phase, _lines(texts), "")

    def _group_title(self, slide: Slide, backward: bool) -> str:
        trace = self.run.trace
        assert trace is not None
        graph = self.run.graph
        named: list[str] = []
        for k in slide.positions:
            step = trace[k - 1]
            nid = step.source if isinstance(step, BackwardStep) else step.node
            if (graph[nid].name or nid == graph.output) and nid not in named:
                named.append(nid)
        if not named:
            step = trace[slide.last - 1]
            named = [step.source if isinstance(step, BackwardStep) else step.node]
        names = ", ".join(name_of(graph, n) for n in named[:4]) + (" …" if len(named) > 4 else "")
        if backward:
            return translate("Export", "Backward: back through {names}").format(names=names)
        return translate("Export", "Forward: {names}").format(names=names)

    # ------------------------------------------------------------------ pages
    def paint(self, painter: QPainter, slide: Slide, width: float) -> None:
        """One page on a ``width`` × CANVAS_HEIGHT canvas (the painter already scaled)."""
        page = QRectF(0, 0, width, CANVAS_HEIGHT)
        painter.fillRect(page, QColor(*palette.BACKGROUND))
        if slide.kind == "title":
            self._paint_title(painter, page)
        else:
            self._paint_steps(painter, page, slide)

    def _paint_steps(self, painter: QPainter, page: QRectF, slide: Slide) -> None:
        inner = page.adjusted(48, 30, -48, -32)
        cap = self.caption(slide)
        header = QRectF(inner.left(), inner.top(), inner.width(), HEADER_HEIGHT)
        box = self._caption_box(cap, inner)
        top = header.bottom() + 16
        area = QRectF(inner.left(), top, inner.width(), box.top - 16 - top)
        self.scene.show_steps(slide.first, slide.last)
        source = graph_window(self.scene, area, self.options.zoom) if area.height() > 40 else None
        whole = content_rect(self.scene)
        cropped = source is not None and not source.contains(whole) and not whole.isEmpty()
        map_rect = self._map_rect(header, whole) if cropped else QRectF()
        self._paint_header(painter, header, cap, map_rect)
        if cropped and source is not None:
            self._paint_map(painter, map_rect, source, whole)
        box.paint(painter)
        if source is not None:
            self.scene.render(painter, area, source, Qt.AspectRatioMode.IgnoreAspectRatio)
            if cropped:
                _fade_cut_sides(painter, area, source, whole)

    def _paint_header(
        self, painter: QPainter, rect: QRectF, cap: Caption, map_rect: QRectF
    ) -> None:
        """Phase badge, the step's title, and where we are: "step 12 of 57" (and the map)."""
        badge_font, title_font, counter_font = _font(26, bold=True), _font(42, bold=True), _font(28)
        badge_w = _advance(badge_font, cap.phase) + 36
        badge = QRectF(rect.left(), rect.center().y() - 23, badge_w, 46)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(45, 45, 45))
        painter.drawRoundedRect(badge, 10, 10)
        painter.setFont(badge_font)
        painter.setPen(QColor(255, 255, 255))
        painter.drawText(badge, int(Qt.AlignmentFlag.AlignCenter), cap.phase)
        right = map_rect.left() - 24 if not map_rect.isEmpty() else rect.right()
        counter_w = _advance(counter_font, cap.counter) + 8
        counter = QRectF(right - counter_w, rect.top(), counter_w, rect.height())
        painter.setFont(counter_font)
        painter.setPen(FAINT)
        align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(counter, int(align), cap.counter)
        title_rect = QRectF(
            badge.right() + 24, rect.top(), counter.left() - badge.right() - 48, rect.height()
        )
        font = title_font
        if _advance(title_font, cap.title) > title_rect.width():
            font = _font(
                max(30.0, 42 * title_rect.width() / _advance(title_font, cap.title)), bold=True
            )
        painter.setFont(font)
        painter.setPen(INK)
        title = QFontMetricsF(font).elidedText(
            cap.title, Qt.TextElideMode.ElideRight, title_rect.width()
        )
        painter.drawText(title_rect, int(Qt.AlignmentFlag.AlignVCenter), title)

    def _caption_box(self, cap: Caption, inner: QRectF) -> CaptionBox:
        """The equations (large; two columns when short) and what they mean, ≥ 24 px."""
        text_w = inner.width() - 48
        budget = CANVAS_HEIGHT * 0.42
        largest = 36.0 if len(cap.lines) == 1 else 32.0
        columns = 1
        if len(cap.lines) > 2:
            half = text_w / 2 - 24
            if all(_advance(_font(largest), line) <= half for line in cap.lines):
                columns = 2
        col_w = text_w if columns == 1 else text_w / 2 - 24
        rows = [cap.lines[i : i + columns] for i in range(0, len(cap.lines), columns)]
        first_column = [row[0] for row in rows]
        share = 0.62 if cap.detail else 0.95
        equation_font = _fitting_font(first_column, col_w, budget * share, largest, 24)
        detail_font = _fitting_font([cap.detail], text_w, budget * 0.36, 28, 24)
        row_heights = [max(_text_height(equation_font, t, col_w) for t in row) for row in rows]
        detail_h = _text_height(detail_font, cap.detail, text_w)
        gap = 10.0
        height = sum(row_heights) + gap * (len(rows) - 1) + 36
        if cap.detail:
            height += detail_h + 16
        rect = QRectF(inner.left(), inner.bottom() - height, inner.width(), height)
        return CaptionBox(rect, rows, row_heights, col_w, equation_font, cap.detail, detail_font)

    def _map_rect(self, header: QRectF, whole: QRectF) -> QRectF:
        """Top right of the header: the whole graph, small, in its own aspect ratio."""
        h = header.height()
        w = min(MAP_MAX_WIDTH, h * whole.width() / whole.height())
        h = w * whole.height() / whole.width()
        return QRectF(header.right() - w, header.center().y() - h / 2, w, h)

    def _paint_map(self, painter: QPainter, rect: QRectF, source: QRectF, whole: QRectF) -> None:
        """Where the zoomed page is in the whole graph: the graph in miniature, the part shown
        outlined (the step's yellow halo stays visible in it)."""
        painter.setPen(QPen(RULE, 1.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect.adjusted(-3, -3, 3, 3))
        self.scene.render(painter, rect, whole, Qt.AspectRatioMode.IgnoreAspectRatio)
        s = rect.width() / whole.width()
        shown = source.intersected(whole)
        frame = QRectF(
            rect.left() + (shown.left() - whole.left()) * s,
            rect.top() + (shown.top() - whole.top()) * s,
            shown.width() * s,
            shown.height() * s,
        )
        painter.setPen(QPen(QColor(*palette.SELECTION), 2.5))
        painter.drawRect(frame)

    # ------------------------------------------------------------------ title page
    def _paint_title(self, painter: QPainter, page: QRectF) -> None:
        run, doc = self.run, self.document
        graph = run.graph
        inner = page.adjusted(72, 56, -72, -48)
        title = (
            tr_text(doc.title)
            if doc is not None and doc.title
            else name_of(graph, graph.require_output())
        )
        y = inner.top()
        painter.setPen(INK)
        font = _fitting_font([title], inner.width(), 150, 64, 40, bold=True)
        h = _text_height(font, title, inner.width())
        painter.setFont(font)
        painter.drawText(QRectF(inner.left(), y, inner.width(), h + 4), WRAP, title)
        y += h + 10
        trace = run.trace
        steps = len(trace) if trace is not None else 0
        forward = trace.backward_start if trace is not None else 0
        summary = translate(
            "Export",
            "{steps} steps: {forward} forward, {backward} backward · output {output} = {value}",
        ).format(
            steps=steps,
            forward=forward,
            backward=steps - forward,
            output=name_of(graph, graph.require_output()),
            value=format_number(run.objective),
        )
        painter.setFont(_font(28))
        painter.setPen(FAINT)
        painter.drawText(QRectF(inner.left(), y, inner.width(), 40), WRAP, summary)
        y += 48
        caption = tr_text(doc.caption.strip()) if doc is not None and doc.caption else ""
        if caption:
            cap_font = _fitting_font([caption], inner.width(), 150, 30, 24, italic=True)
            h = _text_height(cap_font, caption, inner.width())
            painter.setFont(cap_font)
            painter.setPen(QColor(58, 58, 90))
            painter.drawText(QRectF(inner.left(), y, inner.width(), h + 4), WRAP, caption)
            y += h + 12
        painter.setPen(QPen(RULE, 2))
        painter.drawLine(QPointF(inner.left(), y + 6), QPointF(inner.right(), y + 6))
        y += 26
        body = QRectF(inner.left(), y, inner.width(), inner.bottom() - y)
        split = body.left() + body.width() * 0.56
        left = QRectF(body.left(), body.top(), split - body.left() - 36, body.height())
        right = QRectF(split, body.top(), body.right() - split, body.height())
        source_title, source_lines = self._source_lines()
        bottom = max(
            self._paint_block(painter, left, source_title, source_lines, mono=True),
            self._paint_block(
                painter, right, translate("Export", "Values"), self._value_lines(), mono=False
            ),
        )
        preview = QRectF(body.left(), bottom + 24, body.width(), body.bottom() - bottom - 24)
        if preview.height() >= MIN_PREVIEW_HEIGHT:  # room left: the graph before step 1
            self.scene.show_position(0)
            whole = content_rect(self.scene)
            if not whole.isEmpty():
                target = export_target(whole, preview)
                self.scene.render(painter, target, whole, Qt.AspectRatioMode.KeepAspectRatio)

    def _source_lines(self) -> tuple[str, list[str]]:
        doc = self.document
        if doc is not None and doc.source_kind == "network" and doc.spec is not None:
            spec = doc.spec
            lines = [
                translate("Export", "layers: {sizes}").format(
                    sizes=" → ".join(str(s) for s in spec.sizes)
                ),
                translate("Export", "activation: {name}").format(name=spec.activation),
                translate("Export", "output: {name}").format(name=spec.output_activation),
                translate("Export", "loss: {name}").format(name=spec.loss),
                translate("Export", "samples: {n}").format(n=doc.samples),
                translate("Export", "drawn as: {how}").format(
                    how=translate("Export", "neurons")
                    if spec.granularity == "neuron"
                    else translate("Export", "layers")
                ),
            ]
            return translate("Export", "Network"), lines
        if doc is not None and doc.program:
            return translate("Export", "Program"), doc.program.rstrip("\n").splitlines()
        graph = self.run.graph
        lines = [f"{name_of(graph, nid)} = …" for nid in graph.order() if not graph[nid].is_leaf]
        return translate("Export", "Graph"), lines

    def _value_lines(self) -> list[str]:
        graph, values = self.run.graph, self.run.values
        lines = []
        for node in graph.leaves():
            if node.literal:
                continue
            lines.append(f"{pretty(node.display)} = {value_text(values.get(node.id, node.value))}")
        return lines

    def _paint_block(
        self, painter: QPainter, rect: QRectF, heading: str, lines: list[str], *, mono: bool
    ) -> float:
        """A heading and its lines, as large as they fit; returns the bottom of the text."""
        painter.setPen(INK)
        painter.setFont(_font(30, bold=True))
        painter.drawText(QRectF(rect.left(), rect.top(), rect.width(), 40), 0, heading)
        box = rect.adjusted(0, 50, 0, 0)
        if not lines:
            return box.top()
        # as large as the lines allow (comments may be cut short, code should not), ≥ 18 px
        # code must fit whole; of the values, most must (a long matrix is cut short instead)
        code = [line for line in lines if not line.lstrip().startswith("#")] or lines
        by_length = sorted(code, key=len)
        longest = by_length[-1] if mono else by_length[int(0.75 * (len(by_length) - 1))]
        px = min(28.0, box.height() / (len(lines) * 1.3))
        px = min(px, 28.0 * box.width() / max(1.0, _advance(_font(28, mono=mono), longest)))
        px = max(px, 18.0 if mono else 22.0)  # longer lines are cut short (…) instead
        font = _font(px, mono=mono)
        metrics = QFontMetricsF(font)
        line_h = metrics.height() * 1.12
        fits = max(1, int(box.height() // line_h))
        if len(lines) > fits:
            more = len(lines) - fits + 1
            lines = lines[: fits - 1] + [translate("Export", "… and {n} more").format(n=more)]
        painter.setFont(font)
        y = box.top()
        for line in lines:
            comment = mono and line.lstrip().startswith("#")
            painter.setPen(FAINT if comment else INK)
            text = metrics.elidedText(line, Qt.TextElideMode.ElideRight, box.width())
            painter.drawText(QRectF(box.left(), y, box.width(), line_h), 0, text)
            y += line_h
        return y


def _fade_cut_sides(painter: QPainter, area: QRectF, source: QRectF, whole: QRectF) -> None:
    """Where a zoomed page cuts through the graph, fade it out toward the cut: the graph reads
    as going on beyond the page (the header's map shows where) rather than as clipped. Drawn
    as bands of falling opacity (PDF has no gradients with transparency)."""
    cuts = (
        source.left() > whole.left() + 1,
        source.right() < whole.right() - 1,
        source.top() > whole.top() + 1,
        source.bottom() < whole.bottom() - 1,
    )
    band = FADE_DEPTH / FADE_BANDS
    painter.setPen(Qt.PenStyle.NoPen)
    for k in range(FADE_BANDS):
        alpha = round(255 * (1 - k / FADE_BANDS) ** 1.6)
        painter.setBrush(QColor(*palette.BACKGROUND, alpha))
        d = k * band
        rects = (
            QRectF(area.left() + d, area.top(), band, area.height()),
            QRectF(area.right() - d - band, area.top(), band, area.height()),
            QRectF(area.left(), area.top() + d, area.width(), band),
            QRectF(area.left(), area.bottom() - d - band, area.width(), band),
        )
        for cut, rect in zip(cuts, rects, strict=True):
            if cut:
                painter.drawRect(rect)


def export_target(source: QRectF, area: QRectF) -> QRectF:
    """``source`` scaled to fit ``area`` (never above MAX_GRAPH_SCALE), centred in it."""
    s = min(_fit(source, area), MAX_GRAPH_SCALE)
    w, h = source.width() * s, source.height() * s
    return QRectF(area.center().x() - w / 2, area.center().y() - h / 2, w, h)


def _advance(font: QFont, text: str) -> float:
    return QFontMetricsF(font).horizontalAdvance(text)


def _lines(texts: list[StepText]) -> tuple[str, ...]:
    return tuple(t.equation for t in texts)


def value_text(value: object) -> str:
    """A leaf's value for the title page: small arrays written out, big ones summarised."""
    arr = np.asarray(value, dtype=float)
    if arr.ndim == 0:
        return format_number(float(arr))
    if arr.size <= 8:
        rows = arr.reshape(-1, arr.shape[-1]) if arr.ndim > 1 else arr.reshape(1, -1)
        inner = "; ".join(", ".join(format_number(float(v)) for v in row) for row in rows)
        return f"[{inner}]"
    return format_number(value)


# ============================================================================ writing files


def _canvas_width(size: tuple[int, int]) -> float:
    return CANVAS_HEIGHT * size[0] / size[1]


def render_slide(deck: DeckPainter, slide: Slide, size: tuple[int, int]) -> QImage:
    """One page as an image of exactly ``size`` pixels."""
    width, height = check_size(size)
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(*palette.BACKGROUND))
    painter = QPainter(image)
    _hints(painter)
    scale = height / CANVAS_HEIGHT
    painter.scale(scale, scale)
    deck.paint(painter, slide, _canvas_width((width, height)))
    painter.end()
    return image


def _hints(painter: QPainter) -> None:
    painter.setRenderHints(
        QPainter.RenderHint.Antialiasing
        | QPainter.RenderHint.TextAntialiasing
        | QPainter.RenderHint.SmoothPixmapTransform
    )


@dataclass(frozen=True)
class Written:
    """What an export wrote, for the message a person sees."""

    paths: tuple[Path, ...]
    pages: int
    size: tuple[int, int] = (0, 0)


def write_pdf(
    run: Run,
    path: str | Path,
    *,
    document: Document | None = None,
    positions: dict[str, tuple[float, float]] | None = None,
    options: DeckOptions | None = None,
    progress: Progress | None = None,
) -> Written:
    """The deck as one PDF, 16:9 pages, vector graphics and real (searchable) text."""
    deck = DeckPainter(run, document, positions, options)
    slides = plan_slides(run, deck.options)
    path = Path(path)
    buffer = _open_buffer()
    writer = QPdfWriter(buffer)
    writer.setPageSize(QPageSize(PDF_PAGE, QPageSize.Unit.Millimeter, "16:9"))
    writer.setPageOrientation(QPageLayout.Orientation.Portrait)
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    writer.setResolution(PDF_DPI)
    writer.setCreator("Backprop Studio")
    writer.setTitle(document.title if document is not None and document.title else path.stem)
    painter = QPainter()
    if not painter.begin(writer):
        raise atomic.WriteError(path, tr("the PDF writer did not start"))
    ended = False
    try:
        _hints(painter)
        width, height = writer.width(), writer.height()
        scale = height / CANVAS_HEIGHT
        painter.scale(scale, scale)
        canvas_w = CANVAS_HEIGHT * width / height
        for index, slide in enumerate(slides):
            if index and not writer.newPage():
                raise atomic.WriteError(path, tr("the PDF writer could not add a page"))
            deck.paint(painter, slide, canvas_w)
            if progress is not None and not progress(index + 1, len(slides)):
                break
        ended = True
        if not painter.end():
            raise atomic.WriteError(path, tr("the PDF writer failed"))
    finally:
        if not ended and painter.isActive():
            painter.end()
    atomic.write_bytes(path, _buffer_bytes(buffer))
    return Written((path,), len(slides), (writer.width(), writer.height()))


def _open_buffer() -> QBuffer:
    """An in-memory device for a Qt writer; its bytes go to the file through core.io.atomic."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    return buffer


def _buffer_bytes(buffer: QBuffer) -> bytes:
    buffer.close()
    return bytes(buffer.data().data())


def write_png_folder(
    run: Run,
    directory: str | Path,
    *,
    document: Document | None = None,
    positions: dict[str, tuple[float, float]] | None = None,
    options: DeckOptions | None = None,
    progress: Progress | None = None,
) -> Written:
    """The deck as slide-001.png, slide-002.png … (older slide-NNN.png files there removed,
    so a folder never mixes two decks). Pages are painted here and compressed by worker
    threads meanwhile (zlib releases the GIL; QImage.save does not, and is 4× slower).
    All or nothing: every slide is written to a temporary file first, and only when all of
    them are complete do they replace the old deck (WriteError otherwise, old deck intact)."""
    deck = DeckPainter(run, document, positions, options)
    slides = plan_slides(run, deck.options)
    folder = Path(directory)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise atomic.WriteError(folder, atomic.reason_of(exc)) from exc
    digits = max(3, len(str(len(slides))))
    paths: list[Path] = []
    with ThreadPoolExecutor(max_workers=2) as pool:
        pending = []
        for index, slide in enumerate(slides, start=1):
            paths.append(folder / f"slide-{index:0{digits}d}.png")
            rows = _rgb_rows(render_slide(deck, slide, deck.options.size))
            pending.append(pool.submit(_png_bytes, rows))
            if progress is not None and not progress(index, len(slides)):
                break
        images = [job.result() for job in pending]
    with contextlib.ExitStack() as files:  # on an error every temporary file is removed
        for path, data in zip(paths, images, strict=True):
            temporary = files.enter_context(atomic.replacing(path))
            with open(temporary, "wb") as out:
                out.write(data)
    kept = {p.name for p in paths}
    for old in folder.iterdir():
        if SLIDE_NAME.fullmatch(old.name) and old.name not in kept:
            with contextlib.suppress(OSError):
                old.unlink()
    return Written(tuple(paths), len(paths), deck.options.size)


def _rgb_rows(image: QImage) -> np.ndarray:
    """The image's pixels as an (height, 3·width) uint8 array, copied out of Qt."""
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height, stride = rgb.width(), rgb.height(), rgb.bytesPerLine()
    data = np.frombuffer(rgb.constBits(), dtype=np.uint8, count=stride * height)
    return data.reshape(height, stride)[:, : width * 3].copy()


def _png_bytes(rows: np.ndarray) -> bytes:
    """A plain 8-bit RGB PNG (no row filters: slides are mostly flat colour, zlib level 3)."""
    height, width = rows.shape[0], rows.shape[1] // 3
    raw = np.zeros((height, rows.shape[1] + 1), dtype=np.uint8)  # each row: filter byte 0
    raw[:, 1:] = rows
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    data = zlib.compress(raw.tobytes(), 3)
    parts = [b"\x89PNG\r\n\x1a\n"]
    for kind, body in ((b"IHDR", header), (b"IDAT", data), (b"IEND", b"")):
        parts.append(struct.pack(">I", len(body)) + kind + body)
        parts.append(struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))
    return b"".join(parts)


# ---------------------------------------------------------------------------- single pictures


def scene_at(
    run: Run, position: int, positions: dict[str, tuple[float, float]] | None = None
) -> ExportScene:
    """A scene showing the state after ``position`` steps (ExportError if out of range)."""
    length = len(run.trace) if run.trace is not None else 0
    if not 0 <= position <= length:
        raise ExportError(f"step {position} does not exist: this run has steps 0 to {length}")
    scene = ExportScene(run, positions)
    scene.show_position(position)
    return scene


def natural_size(scene: QGraphicsScene, source: QRectF) -> tuple[int, int]:
    """Pixels of a picture of ``source`` at 100 % zoom."""
    return max(16, math.ceil(source.width())), max(16, math.ceil(source.height()))


def _target(source: QRectF, size: tuple[int, int]) -> QRectF:
    """Where ``source`` lands in a ``size`` picture: as large as fits, centred."""
    width, height = size
    s = min(width / source.width(), height / source.height())
    w, h = source.width() * s, source.height() * s
    return QRectF((width - w) / 2, (height - h) / 2, w, h)


def background_colour(scene: QGraphicsScene) -> QColor:
    """What fills the picture around the scene (letterboxing) and under it."""
    if isinstance(scene, GraphScene):
        return scene.background_colour()
    brush = scene.backgroundBrush()
    return brush.color() if brush.style() != Qt.BrushStyle.NoBrush else QColor(*palette.BACKGROUND)


def write_scene_png(
    scene: QGraphicsScene, path: str | Path, source: QRectF, size: tuple[int, int] | None = None
) -> Written:
    """A PNG of the scene rectangle ``source``, ``size`` pixels (default: 100 % zoom),
    centred on the background colour if the aspect ratios differ."""
    size = check_size(size or natural_size(scene, source))
    image = QImage(size[0], size[1], QImage.Format.Format_RGB32)
    image.fill(background_colour(scene))
    changed = uncache(scene)
    try:
        painter = QPainter(image)
        _hints(painter)
        scene.render(painter, _target(source, size), source, Qt.AspectRatioMode.KeepAspectRatio)
        painter.end()
    finally:
        restore_cache(changed)
    path = Path(path)
    atomic.write_bytes(path, image_png_bytes(image, path))
    return Written((path,), 1, size)


def image_png_bytes(image: QImage, path: Path) -> bytes:
    """The image encoded as PNG in memory (WriteError naming ``path`` if Qt refuses)."""
    buffer = _open_buffer()
    if not image.save(buffer, "PNG"):  # type: ignore[call-overload]  # the stub says bytes; str works
        raise atomic.WriteError(path, tr("the PNG encoder failed"))
    return _buffer_bytes(buffer)


def write_scene_svg(
    scene: QGraphicsScene,
    path: str | Path,
    source: QRectF,
    size: tuple[int, int] | None = None,
    title: str = "",
) -> Written:
    """An SVG of the scene rectangle ``source`` (QtSvg's QSvgGenerator, loaded only here),
    ``size`` pixels wide and high. It is drawn at 100 % zoom or more inside its viewBox, so
    no text is dropped as too small (the scene's level of detail); viewers scale it."""
    from PySide6.QtSvg import QSvgGenerator

    size = check_size(size or natural_size(scene, source))
    fit = min(size[0] / source.width(), size[1] / source.height())
    k = max(1.0, 1.0 / fit)
    canvas = (math.ceil(size[0] * k), math.ceil(size[1] * k))
    path = Path(path)
    buffer = _open_buffer()
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(QSize(*canvas))
    generator.setViewBox(QRectF(0, 0, *canvas))
    generator.setTitle(title or path.stem)
    generator.setDescription("Backprop Studio")
    changed = uncache(scene)
    painter = QPainter()
    try:
        if not painter.begin(generator):
            raise atomic.WriteError(path, tr("the SVG writer did not start"))
        _hints(painter)
        painter.fillRect(QRectF(0, 0, *canvas), background_colour(scene))
        render_in_layers(scene, painter, _target(source, canvas), source)
        if not painter.end():
            raise atomic.WriteError(path, tr("the SVG writer failed"))
    finally:
        if painter.isActive():
            painter.end()
        restore_cache(changed)
    text = _pixel_size_header(_buffer_bytes(buffer).decode("utf-8"), size)
    atomic.write_text(path, text)
    return Written((path,), 1, size)


def render_in_layers(
    scene: QGraphicsScene, painter: QPainter, target: QRectF, source: QRectF
) -> None:
    """Render with the dimming sheet painted over ``target`` only. The scene's sheet is a
    rectangle millions of units wide, which SVG viewers refuse or fill solid; so the graph
    below it, a bounded sheet, and the step above it are drawn one after the other (items
    are faded out by opacity, which, unlike hiding, keeps the window's selection)."""
    sheets = [i for i in scene.items() if isinstance(i, DimOverlay) and i.isVisible()]
    if not sheets:
        scene.render(painter, target, source, Qt.AspectRatioMode.KeepAspectRatio)
        return
    items = [i for i in scene.items() if i.isVisible() and i not in sheets]
    above = [i for i in items if i.zValue() > Z_DIM]
    below = [i for i in items if i.zValue() <= Z_DIM]
    saved = {i: i.opacity() for i in items + sheets}
    brush = scene.backgroundBrush()
    try:
        for item in above + sheets:
            item.setOpacity(0.0)
        scene.render(painter, target, source, Qt.AspectRatioMode.KeepAspectRatio)
        painter.fillRect(target, QColor(*palette.BACKGROUND, DIM_ALPHA))
        for item in below:
            item.setOpacity(0.0)
        for item in above:
            item.setOpacity(saved[item])
        scene.setBackgroundBrush(Qt.BrushStyle.NoBrush)
        if isinstance(scene, GraphScene):  # its drawBackground paints the colour and every line
            scene.render(
                painter, target, source, Qt.AspectRatioMode.KeepAspectRatio, background=False
            )
        else:
            scene.render(painter, target, source, Qt.AspectRatioMode.KeepAspectRatio)
    finally:
        scene.setBackgroundBrush(brush)
        for item, opacity in saved.items():
            item.setOpacity(opacity)


def _pixel_size_header(text: str, size: tuple[int, int]) -> str:
    """QSvgGenerator writes width/height in millimetres; a picture of W×H pixels says so."""
    head, sep, rest = text.partition("viewBox=")
    head = re.sub(r'width="[^"]*"', f'width="{size[0]}"', head, count=1)
    head = re.sub(r'height="[^"]*"', f'height="{size[1]}"', head, count=1)
    return head + sep + rest


def write_view_png(
    run: Run,
    path: str | Path,
    *,
    position: int | None = None,
    size: tuple[int, int] | None = None,
    positions: dict[str, tuple[float, float]] | None = None,
) -> Written:
    """The whole graph after ``position`` steps (default: the finished run) as a PNG."""
    scene = scene_at(run, _position(run, position), positions)
    return write_scene_png(scene, path, content_rect(scene), size)


def write_view_svg(
    run: Run,
    path: str | Path,
    *,
    position: int | None = None,
    size: tuple[int, int] | None = None,
    positions: dict[str, tuple[float, float]] | None = None,
    title: str = "",
) -> Written:
    """The whole graph after ``position`` steps (default: the finished run) as an SVG."""
    scene = scene_at(run, _position(run, position), positions)
    return write_scene_svg(scene, path, content_rect(scene), size, title)


def _position(run: Run, position: int | None) -> int:
    if position is not None:
        return position
    return len(run.trace) if run.trace is not None else 0

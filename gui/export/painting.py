"""Painting deck pages: the title page and the graph pages, on a canvas CANVAS_HEIGHT tall.

A deck is a title page (the program or network and its leaf values), the whole graph before
the first step, one 16:9 page per step or group of steps, and the finished run (and the
update of a trained run), as core.teaching.slides plans them; each graph page has the step's
explanation from core.teaching.explain as its caption, and a matrix product's backward step
is written out under it (gui.export.matrix_panel). Pages are laid out on a 1920 × 1080 canvas (scaled to the
output), with captions of at least 24 px there (18 pt at 96 dpi). When the whole graph would
be too small to read on a page, the page zooms to the current step and an inset shows where
that is in the whole graph. The same painter serves every writer (PDF, PNG, PowerPoint), so
each format shows the same page; nothing here computes a number.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPen

from core.autodiff.engine import Run
from core.autodiff.notation import format_number, name_of, pretty
from core.autodiff.trace import BackwardStep, ForwardStep, UpdateStep
from core.documents.document import Document
from core.teaching.explain import StepText, describe_step
from core.teaching.matrix_step import MatrixStep, written_out
from core.teaching.slides import (
    DeckOptions,
    Slide,
    check_size,
    finished_lines,
    plan_slides,
    update_lines,
)
from core.text.i18n import tr_text

from .. import framing, palette
from ..layout import assign_ranks
from .matrix_panel import MatrixPanel
from .painting_text import (
    ACCENT,
    FAINT,
    INK,
    PANEL,
    RULE,
    WRAP,
    as_heading,
    page_font,
    text_height,
)
from .scene import (
    BASE_TEXT_PX,
    READABLE_TEXT_PX,
    ExportScene,
    content_rect,
    export_target,
    graph_window,
)

CANVAS_HEIGHT = 1080.0  # pages are laid out on a canvas this tall, then scaled to the output
WHOLE_GRAPH_PAGES = ("graph", "finished")  # pages about the whole graph, not one step
WHOLE_GRAPH_LENIENCE = 0.65  # a whole graph stays on one page down to this much of readable
HEADER_HEIGHT = 72.0
FADE_DEPTH = 56.0  # canvas pixels over which a zoomed page fades out where it cuts the graph
FADE_BANDS = 14
MIN_PREVIEW_HEIGHT = 240.0  # room needed under the title page's text for a graph preview
MAP_MAX_WIDTH = 380.0  # the overview of the whole graph in a zoomed page's header

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")


def _fitting_font(
    texts: list[str], width: float, height: float, largest: float, smallest: float, **kw
) -> QFont:
    """The largest font (px, in steps of 1) whose wrapped texts fit the height."""
    px = largest
    while px > smallest:
        font = page_font(px, **kw)
        total = sum(text_height(font, t, width) for t in texts) + px * 0.4 * len(texts)
        if total <= height:
            return font
        px -= 1
    return page_font(smallest, **kw)


@dataclass(frozen=True)
class Caption:
    """The words under a step page's graph."""

    title: str
    counter: str
    phase: str
    lines: tuple[str, ...]  # equations
    detail: str
    matrix: MatrixStep | None = None  # a matrix product's backward step, written out


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
    panel: MatrixPanel | None = None

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
        if self.panel is not None:
            self.panel.paint(painter, x, y + 8)
            y += self.panel.height + 16
        if self.detail:
            painter.setFont(self.detail_font)
            painter.setPen(FAINT)
            width = box.right() - 16 - x
            h = text_height(self.detail_font, self.detail, width)
            painter.drawText(QRectF(x, y + 6, width, h + 4), WRAP, self.detail)


def deck_slides(
    run: Run,
    options: DeckOptions,
    document: Document | None = None,
    positions: dict[str, tuple[float, float]] | None = None,
) -> list[Slide]:
    """The pages of ``run``'s deck, as DeckPainter paints them (core.teaching.slides'
    plan, layers grouped by the drawing's columns, whole-graph pages in readable parts)."""
    return DeckPainter(run, document, positions, options).slides()


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
        width, height = self.options.size  # a PNG page's aspect; PDF and PPTX pages are 16:9
        self.canvas_width = CANVAS_HEIGHT * width / height  # set again by each page painted

    def slides(self) -> list[Slide]:
        """The deck's pages in order; a whole-graph page (the start, the finished run) whose
        numbers would be too small to read becomes as many pages as it takes to read them."""
        out: list[Slide] = []
        for slide in plan_slides(self.run, self.options, assign_ranks(self.run.graph)):
            if slide.kind in WHOLE_GRAPH_PAGES:
                parts = len(self._tiles(slide))
                out += [replace(slide, part=k, parts=parts) for k in range(1, parts + 1)]
            else:
                out.append(slide)
        return out

    def _layout(self, slide: Slide) -> tuple[QRectF, Caption, CaptionBox, QRectF]:
        """The page's header, caption and the area left for the graph."""
        inner = QRectF(0, 0, self.canvas_width, CANVAS_HEIGHT).adjusted(48, 30, -48, -32)
        cap = self.caption(slide)
        header = QRectF(inner.left(), inner.top(), inner.width(), HEADER_HEIGHT)
        box = self._caption_box(cap, inner)
        top = header.bottom() + 16
        return header, cap, box, QRectF(inner.left(), top, inner.width(), box.top - 16 - top)

    def tile(self, slide: Slide) -> QRectF:
        """The scene rectangle part ``slide.part`` of a whole-graph page shows."""
        tiles = self._tiles(slide)
        return tiles[min(slide.part, len(tiles)) - 1]

    def _tiles(self, slide: Slide) -> list[QRectF]:
        """Scene rectangles of a whole-graph page: the whole graph if its numbers are
        readable on the page, else side by side windows at a readable zoom (they overlap a
        little, so a node cut at one edge is whole on the next page)."""
        self.show(slide)
        _, _, _, area = self._layout(slide)
        whole = content_rect(self.scene)
        if whole.isEmpty() or area.height() <= 40:
            return [whole]
        readable = framing.readable_zoom(BASE_TEXT_PX * self.scene.style.scale, READABLE_TEXT_PX)
        box, room = (
            framing.Box(whole.left(), whole.top(), whole.width(), whole.height()),
            (
                area.width(),
                area.height(),
            ),
        )
        if framing.fits_readably(box, room, readable * WHOLE_GRAPH_LENIENCE):
            return [whole]
        zoom = min(readable, area.height() / whole.height())
        width = area.width() / zoom
        overlap = 0.08 * width
        count = max(1, math.ceil((whole.width() - overlap) / (width - overlap)))
        stride = (whole.width() - width) / (count - 1) if count > 1 else 0.0
        height = area.height() / zoom
        top = whole.center().y() - height / 2
        return [QRectF(whole.left() + k * stride, top, width, height) for k in range(count)]

    # ------------------------------------------------------------------ captions
    def caption(self, slide: Slide) -> Caption:
        run, trace = self.run, self.run.trace
        assert trace is not None
        total = len(trace)
        part = f" ({slide.part}/{slide.parts})" if slide.parts > 1 else ""
        if slide.kind == "graph":
            start = describe_step(run.graph, trace, 0)
            return Caption(
                translate("Export", "The whole graph") + part,
                translate("Export", "before step 1 of {n}").format(n=total),
                translate("Export", "Start"),
                (start.equation,),
                start.detail,
            )
        if slide.kind == "finished":
            return Caption(
                translate("Export", "Every value and gradient") + part,
                translate("Export", "after step {k} of {n}").format(k=slide.last, n=total),
                translate("Export", "Finished run"),
                tuple(finished_lines(run, slide.last)),
                "",
            )
        if slide.kind == "update":
            return Caption(
                translate("Export", "The update: every parameter against its gradient"),
                translate("Export", "steps {a}–{b} of {n}").format(
                    a=slide.first, b=slide.last, n=total
                ),
                translate("Export", "Gradient descent"),
                tuple(update_lines(run, slide.first, slide.last)),
                "",
            )
        step = trace[slide.last - 1]
        backward = not isinstance(step, ForwardStep)
        phase = (
            translate("Export", "Backward pass")
            if backward
            else translate("Export", "Forward pass")
        )
        if isinstance(step, UpdateStep):
            phase = translate("Export", "Gradient descent")
        matrix = self._matrix_step(slide)
        if slide.first == slide.last:
            text = describe_step(run.graph, trace, slide.last)
            counter = translate("Export", "step {k} of {n}").format(k=slide.last, n=total)
            detail = "" if matrix is not None else text.detail  # the panel says it in full
            return Caption(text.title, counter, phase, (text.equation,), detail, matrix)
        texts = [describe_step(run.graph, trace, k) for k in slide.positions]
        counter = translate("Export", "steps {a}–{b} of {n}").format(
            a=slide.first, b=slide.last, n=total
        )
        title = self._group_title(slide, backward)
        return Caption(title, counter, phase, _lines(texts), "", matrix)

    def _matrix_step(self, slide: Slide) -> MatrixStep | None:
        """The page's matrix step written out (core.teaching.matrix_step): the weights'
        gradient ∂L/∂W = Xᵀ · ∂L/∂Z when the page has one, else the bias's ∂L/∂b = 1ᵀ · ∂L/∂Z,
        else the input's."""
        trace = self.run.trace
        assert trace is not None
        found = [
            m for k in slide.positions if (m := written_out(self.run.graph, trace, k)) is not None
        ]
        weights = [m for m in found if m.left.name.endswith("ᵀ") and not m.column_sum]
        biases = [m for m in found if m.column_sum]
        chosen = weights or biases or found
        return chosen[0] if chosen else None

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
        self.canvas_width = page.width()
        header, cap, box, area = self._layout(slide)
        zoom = self.show(slide)
        source = graph_window(self.scene, area, zoom) if area.height() > 40 else None
        if slide.parts > 1 and area.height() > 40:
            source = self.tile(slide)
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
                fade_cut_sides(painter, area, source, whole)

    def show(self, slide: Slide) -> str:
        """Put the scene in the page's state; returns the zoom the page uses (the opening
        and closing pages always show the whole graph)."""
        if slide.kind == "graph":
            self.scene.show_whole(0)
            return "fit"
        if slide.kind == "finished":
            self.scene.show_whole(slide.last)
            return "fit"
        self.scene.show_steps(slide.first, slide.last)
        return "fit" if slide.kind == "update" else self.options.zoom

    def _paint_header(
        self, painter: QPainter, rect: QRectF, cap: Caption, map_rect: QRectF
    ) -> None:
        """Phase badge, the step's title, and where we are: "step 12 of 57" (and the map)."""
        badge_font, title_font, counter_font = (
            page_font(26, bold=True),
            page_font(42, bold=True),
            page_font(28),
        )
        badge_w = text_advance(badge_font, cap.phase) + 36
        badge = QRectF(rect.left(), rect.center().y() - 23, badge_w, 46)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(45, 45, 45))
        painter.drawRoundedRect(badge, 10, 10)
        painter.setFont(badge_font)
        painter.setPen(QColor(255, 255, 255))
        painter.drawText(badge, int(Qt.AlignmentFlag.AlignCenter), cap.phase)
        right = map_rect.left() - 24 if not map_rect.isEmpty() else rect.right()
        counter_w = text_advance(counter_font, cap.counter) + 8
        counter = QRectF(right - counter_w, rect.top(), counter_w, rect.height())
        painter.setFont(counter_font)
        painter.setPen(FAINT)
        align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(counter, int(align), cap.counter)
        title_rect = QRectF(
            badge.right() + 24, rect.top(), counter.left() - badge.right() - 48, rect.height()
        )
        font = title_font
        if text_advance(title_font, cap.title) > title_rect.width():
            font = page_font(
                max(30.0, 42 * title_rect.width() / text_advance(title_font, cap.title)), bold=True
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
        most = 2
        if len(cap.lines) > 6:  # a list (the finished run's gradients): the graph keeps room
            budget, largest, most = CANVAS_HEIGHT * 0.3, 26.0, 3
        columns = 1
        for n in range(2, most + 1):
            share = (text_w - 48 * (n - 1)) / n
            if len(cap.lines) > n and all(
                text_advance(page_font(largest), line) <= share for line in cap.lines
            ):
                columns = n
        col_w = (text_w - 48 * (columns - 1)) / columns
        rows = [cap.lines[i : i + columns] for i in range(0, len(cap.lines), columns)]
        first_column = [row[0] for row in rows]
        panel = MatrixPanel(cap.matrix, text_w) if cap.matrix is not None else None
        if panel is not None:
            budget = max(CANVAS_HEIGHT * 0.16, CANVAS_HEIGHT * 0.56 - panel.height)
            largest = min(largest, 30.0)
        share = 0.62 if cap.detail else 0.95
        equation_font = _fitting_font(first_column, col_w, budget * share, largest, 24)
        detail_font = _fitting_font([cap.detail], text_w, budget * 0.36, 28, 24)
        row_heights = [max(text_height(equation_font, t, col_w) for t in row) for row in rows]
        detail_h = text_height(detail_font, cap.detail, text_w)
        gap = 10.0
        height = sum(row_heights) + gap * (len(rows) - 1) + 36
        if cap.detail:
            height += detail_h + 16
        if panel is not None:
            height += panel.height + 24
        rect = QRectF(inner.left(), inner.bottom() - height, inner.width(), height)
        return CaptionBox(
            rect, rows, row_heights, col_w, equation_font, cap.detail, detail_font, panel
        )

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
            as_heading(tr_text(doc.title))
            if doc is not None and doc.title
            else name_of(graph, graph.require_output())
        )
        y = inner.top()
        painter.setPen(INK)
        font = _fitting_font([title], inner.width(), 150, 64, 40, bold=True)
        h = text_height(font, title, inner.width())
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
        painter.setFont(page_font(28))
        painter.setPen(FAINT)
        painter.drawText(QRectF(inner.left(), y, inner.width(), 40), WRAP, summary)
        y += 48
        caption = tr_text(doc.caption.strip()) if doc is not None and doc.caption else ""
        if caption:
            cap_font = _fitting_font([caption], inner.width(), 150, 30, 24, italic=True)
            h = text_height(cap_font, caption, inner.width())
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
        painter.setFont(page_font(30, bold=True))
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
        px = min(px, 28.0 * box.width() / max(1.0, text_advance(page_font(28, mono=mono), longest)))
        px = max(px, 18.0 if mono else 22.0)  # longer lines are cut short (…) instead
        font = page_font(px, mono=mono)
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


def fade_cut_sides(painter: QPainter, area: QRectF, source: QRectF, whole: QRectF) -> None:
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


def text_advance(font: QFont, text: str) -> float:
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


# ============================================================================ a page as an image


def _canvas_width(size: tuple[int, int]) -> float:
    return CANVAS_HEIGHT * size[0] / size[1]


def render_slide(deck: DeckPainter, slide: Slide, size: tuple[int, int]) -> QImage:
    """One page as an image of exactly ``size`` pixels."""
    width, height = check_size(size)
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(*palette.BACKGROUND))
    painter = QPainter(image)
    render_hints(painter)
    scale = height / CANVAS_HEIGHT
    painter.scale(scale, scale)
    deck.paint(painter, slide, _canvas_width((width, height)))
    painter.end()
    return image


def render_hints(painter: QPainter) -> None:
    painter.setRenderHints(
        QPainter.RenderHint.Antialiasing
        | QPainter.RenderHint.TextAntialiasing
        | QPainter.RenderHint.SmoothPixmapTransform
    )

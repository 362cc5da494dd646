"""The window's GraphScene made ready for a page: uncached, and framed for a target rectangle.

What the teacher sees is what the handout shows: every export builds a GraphScene from the
engine's Run (offscreen, no window needed) and moves it to a step with ``show_position``. Item
caching is switched off first, so PDF and SVG get vector shapes and real text instead of the
window's cached bitmaps. ``graph_window`` chooses the part of the scene a page shows: the
whole graph, or, when its numbers would be too small to read, a readable window around the step.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene

from core.autodiff.engine import Run
from core.teaching.slides import ExportError

from .. import framing, palette
from ..scene import GraphScene
from ..scene_adapter import NO_FOCUS

BASE_TEXT_PX = 15.0  # the scene's number font at presentation scale 1 (gui.items.Style)
READABLE_TEXT_PX = framing.EXPORT_TEXT_PX  # numbers on the 1080 canvas at least this tall
MAX_GRAPH_SCALE = 2.4  # a tiny graph is not blown up past this


class ExportScene(GraphScene):
    """The window's GraphScene, uncached (vector output) and able to highlight a group of steps
    at once. Only reading and showing: nothing here computes a number."""

    def __init__(self, run: Run, positions: dict[str, tuple[float, float]] | None = None) -> None:
        super().__init__()
        self.set_run(run, positions or None)
        uncache(self)

    def show_whole(self, position: int) -> None:
        """The state after ``position`` steps with nothing highlighted (a page about the
        whole graph: before the first step, or the finished run)."""
        self.show_position(position)
        self._set_focus(NO_FOCUS)

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


# ---------------------------------------------------------------------------- whole pictures


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


def centred_target(source: QRectF, size: tuple[int, int]) -> QRectF:
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


def export_target(source: QRectF, area: QRectF) -> QRectF:
    """``source`` scaled to fit ``area`` (never above MAX_GRAPH_SCALE), centred in it."""
    s = min(_fit(source, area), MAX_GRAPH_SCALE)
    w, h = source.width() * s, source.height() * s
    return QRectF(area.center().x() - w / 2, area.center().y() - h / 2, w, h)

"""Which part of the graph each worksheet page shows, and where its numbered markers go.

The whole graph goes on one page when its names and values are readable there (as readable
as a deck's whole-graph page) and every marker finds a free place beside its node
(gui.export.marker_layout). A dense graph (a layer of eight neurons, each with its products
and sums) does not leave that room at a page's size, so the sheet zooms in and the graph is
cut into a grid of overlapping windows, one page each, until every marker fits. Each blank
is marked once, on the page whose window is centred nearest to its node.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QRectF

from core.teaching.worksheet import Blank

from .. import framing
from .marker_layout import Anchor, Marker, Rect, place_markers
from .painting import WHOLE_GRAPH_LENIENCE
from .scene import (
    BASE_TEXT_PX,
    READABLE_TEXT_PX,
    ExportScene,
    content_rect,
    export_target,
)

MARKER_RADIUS = 15.0  # canvas pixels (a 1080-pixel-high page): numbers read at a projector
ZOOM_STEP = 1.3
ATTEMPTS = 14
OVERLAP = 0.08  # of a window's width or height, shared with the next window


@dataclass(frozen=True)
class SheetPage:
    source: QRectF  # the scene rectangle shown
    target: QRectF  # where on the page
    markers: list[Marker]
    obstacles: list[Rect]  # on the page: node shapes and edge labels (markers avoid them)
    cut: bool  # a window of a larger graph (its cut sides fade out)


def scene_obstacles(scene: ExportScene) -> tuple[dict[str, QRectF], list[QRectF]]:
    """Each node's shape (its name and value inside, its NaN note above) and each shown
    edge label, in scene coordinates."""
    shapes = {}
    for nid, item in scene.node_items().items():
        rect = item.mapRectToScene(item.shape_rect)
        if item.note:
            rect = rect.united(item.mapRectToScene(item.note_rect))
        shapes[nid] = rect
    labels = [
        edge.mapRectToScene(edge.label_rect)
        for edge in scene.edge_items().values()
        if not edge.label_rect.isNull()
    ]
    return shapes, labels


def plan_sheets(scene: ExportScene, blanks: list[Blank], area: QRectF) -> list[SheetPage]:
    """The sheet's pages: as few as let every marker sit free beside its node."""
    whole = content_rect(scene)
    if whole.isEmpty() or not blanks:
        return [SheetPage(whole, export_target(whole, area), [], [], False)]
    shapes, labels = scene_obstacles(scene)
    target = export_target(whole, area)
    readable = framing.readable_zoom(BASE_TEXT_PX * scene.style.scale, READABLE_TEXT_PX)
    zoom = max(target.width() / whole.width(), readable * WHOLE_GRAPH_LENIENCE)
    for attempt in range(ATTEMPTS):
        last = attempt == ATTEMPTS - 1
        pages = _try(whole, area, zoom, blanks, shapes, labels, strict=not last)
        if pages is not None:
            return pages
        zoom *= ZOOM_STEP
    raise AssertionError("the last attempt places every marker")  # pragma: no cover


def _windows(whole: QRectF, area: QRectF, zoom: float) -> list[QRectF]:
    """Scene rectangles of ``area``'s aspect covering ``whole`` at ``zoom``: the whole graph
    centred when it fits, else a grid of windows overlapping a little."""
    width, height = area.width() / zoom, area.height() / zoom

    def starts(low: float, extent: float, size: float) -> list[float]:
        if extent <= size * 1.0001:
            return [low + extent / 2 - size / 2]
        overlap = OVERLAP * size
        count = max(2, math.ceil((extent - overlap) / (size - overlap)))
        stride = (extent - size) / (count - 1)
        return [low + k * stride for k in range(count)]

    xs = starts(whole.left(), whole.width(), width)
    ys = starts(whole.top(), whole.height(), height)
    return [QRectF(x, y, width, height) for y in ys for x in xs]


def page_rect(rect: QRectF, source: QRectF, target: QRectF) -> Rect:
    """A scene rectangle where the page shows it (``source`` drawn into ``target``)."""
    scale = target.width() / source.width()
    left = target.left() + (rect.left() - source.left()) * scale
    top = target.top() + (rect.top() - source.top()) * scale
    return (left, top, left + rect.width() * scale, top + rect.height() * scale)


def _try(
    whole: QRectF,
    area: QRectF,
    zoom: float,
    blanks: list[Blank],
    shapes: dict[str, QRectF],
    labels: list[QRectF],
    strict: bool,
) -> list[SheetPage] | None:
    windows = _windows(whole, area, zoom)
    single = len(windows) == 1
    owner: dict[str, int] = {}
    for nid, shape in shapes.items():
        centre = shape.center()
        owner[nid] = min(
            range(len(windows)),
            key=lambda k: (windows[k].center() - centre).manhattanLength(),
        )
    pages = []
    for k, window in enumerate(windows):
        target = export_target(whole, area) if single else area
        source = whole if single else window
        visible = [r for r in [*shapes.values(), *labels] if r.intersects(source)]
        obstacles = [page_rect(r, source, target) for r in visible]
        anchors = [
            Anchor(b.number, page_rect(shapes[b.node], source, target), b.kind)
            for b in blanks
            if owner[b.node] == k
        ]
        bounds = (area.left(), area.top(), area.right(), area.bottom())
        markers = place_markers(anchors, obstacles, bounds, MARKER_RADIUS, strict=strict)
        if markers is None:
            return None
        pages.append(SheetPage(source, target, markers, obstacles, not single))
    return [p for p in pages if p.markers or len(pages) == 1]

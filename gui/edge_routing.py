"""Where an edge runs: from its argument's right side, through the layout's bends, into a slot
on its consumer's left side. The scene asks this module; the edge items only paint the result.

Entry slots spread a node's incoming edges top to bottom in the order of their sources'
heights, so edges into one node never cross each other near it. The curve is a chain of cubic
segments leaving and entering horizontally; the segments are kept as plain numbers so label
placement can walk along the curve without Qt's (slow) ``pointAtPercent``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF
from PySide6.QtGui import QPainterPath, QPolygonF

from .items.node_item import NodeItem

Point = tuple[float, float]
Segment = tuple[Point, Point, Point, Point]  # a cubic: start, two controls, end


@dataclass(frozen=True)
class EdgeGeometry:
    path: QPainterPath
    arrow: QPolygonF
    segments: tuple[Segment, ...]


def exit_point(source: NodeItem) -> QPointF:
    """Where edges leave a node (scene coordinates): the right end of its shape."""
    return source.mapToScene(QPointF(source.shape_rect.right(), 0.0))


def entry_point(target: NodeItem, slot: int, count: int) -> QPointF:
    """Where the ``slot``-th of ``count`` incoming edges enters: on the left side, spread over
    the middle half of the height (on an op's ellipse, on its outline)."""
    r = target.shape_rect
    dy = 0.0 if count <= 1 else (slot / (count - 1) - 0.5) * r.height() * 0.5
    x = r.left()
    if target.caption.kind == "op":
        ry = r.height() / 2
        x = -r.width() / 2 * (max(0.0, 1.0 - (dy / ry) ** 2)) ** 0.5
    return target.mapToScene(QPointF(x, dy))


def entry_order(incoming: list, source_y) -> list:
    """Incoming edges (anything with ``key``) sorted into their slots: by the source's height,
    then by argument position (``x * x`` has two edges from one source)."""
    return sorted(incoming, key=lambda e: (source_y(e), e.key[2]))


def curve(points: list[Point], arrow_size: float) -> EdgeGeometry:
    """A smooth left-to-right curve through ``points`` with an arrowhead at the end."""
    segments: list[Segment] = []
    for a, b in zip(points, points[1:], strict=False):
        dx = max(abs(b[0] - a[0]) * 0.5, 20.0)
        segments.append((a, (a[0] + dx, a[1]), (b[0] - dx, b[1]), b))
    path = QPainterPath(QPointF(*points[0]))
    for _, c1, c2, b in segments:
        path.cubicTo(QPointF(*c1), QPointF(*c2), QPointF(*b))
    end = points[-1]
    control = segments[-1][2] if segments else end
    angle = math.atan2(end[1] - control[1], end[0] - control[0])
    size = arrow_size
    arrow = QPolygonF(
        [
            QPointF(*end),
            QPointF(end[0] - size * math.cos(angle - 0.4), end[1] - size * math.sin(angle - 0.4)),
            QPointF(end[0] - size * math.cos(angle + 0.4), end[1] - size * math.sin(angle + 0.4)),
        ]
    )
    return EdgeGeometry(path, arrow, tuple(segments))


def cubic_point(segment: Segment, t: float) -> Point:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = segment
    u = 1.0 - t
    a, b, c, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
    return (a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3)


SAMPLES_PER_SEGMENT = 12


def points_along(segments: tuple[Segment, ...], fractions: tuple[float, ...]) -> list[Point]:
    """Points at the given fractions of the curve's length (measured on a fine polyline)."""
    if not segments:
        return []
    samples = [segments[0][0]]
    for segment in segments:
        samples.extend(
            cubic_point(segment, i / SAMPLES_PER_SEGMENT) for i in range(1, SAMPLES_PER_SEGMENT + 1)
        )
    lengths = [0.0]
    for (ax, ay), (bx, by) in zip(samples, samples[1:], strict=False):
        lengths.append(lengths[-1] + math.hypot(bx - ax, by - ay))
    total = lengths[-1] or 1.0
    out = []
    j = 1
    for f in fractions:
        target = f * total
        j = 1
        while j < len(lengths) - 1 and lengths[j] < target:
            j += 1
        span = lengths[j] - lengths[j - 1] or 1.0
        t = min(1.0, max(0.0, (target - lengths[j - 1]) / span))
        (ax, ay), (bx, by) = samples[j - 1], samples[j]
        out.append((ax + (bx - ax) * t, ay + (by - ay) * t))
    return out

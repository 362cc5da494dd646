"""Where the edge labels of the backward pass go: on their own edge, as near its midpoint as is
free, never over a node or another label shown with it. Plain geometry (no Qt items).

Labels appear in step order and, once an edge's step is done, keep the same short text
("×0.5"), so the set of done labels at any position is a prefix of the step order. Each done
label is therefore placed once, against the nodes and the done labels before it, and that
place holds at every later position: stepping forward and back shows exactly the same picture.
The current step's label ("upstream × local = contribution") is placed on top of that: free of
nodes and done labels if any spot is, else free of nodes with the done labels it covers hidden
while it is current. A label with no free spot on its edge sits just beside it with a short
leader line to its point on the edge; with none there either, a done label is hidden (its
number stays in the edge's tooltip) and the current one is drawn where it covers least.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass

Point = tuple[float, float]
Rect = tuple[float, float, float, float]  # left, top, right, bottom

# fractions of the edge's length tried, nearest the middle first
FRACTIONS = (0.5, 0.44, 0.56, 0.38, 0.62, 0.32, 0.68, 0.26, 0.74, 0.2, 0.8, 0.14, 0.86)
LEADER_SPOTS = 3  # how many of those points a label beside the edge may point to
# how far beside its point a label may go, in label heights (up or down) and label widths /
# 4 (left or right): a done label stays close, the current one (always drawn) looks further
NEAR = (4.0, 2)
FAR = (8.0, 6)


@dataclass(frozen=True)
class Spot:
    rect: Rect
    anchor: Point | None = None  # the point on the edge a leader line runs to; None: on it


class Grid:
    """Rectangles bucketed into square cells: which ones may meet a given rectangle."""

    def __init__(self, cell: float) -> None:
        self.cell = max(1.0, cell)
        self._cells: dict[tuple[int, int], list[Hashable]] = {}
        self.rects: dict[Hashable, Rect] = {}

    def _span(self, rect: Rect) -> Iterator[tuple[int, int]]:
        c = self.cell
        for i in range(int(rect[0] // c), int(rect[2] // c) + 1):
            for j in range(int(rect[1] // c), int(rect[3] // c) + 1):
                yield i, j

    def add(self, key: Hashable, rect: Rect) -> None:
        self.rects[key] = rect
        for cell in self._span(rect):
            self._cells.setdefault(cell, []).append(key)

    def remove(self, key: Hashable) -> None:
        rect = self.rects.pop(key, None)
        if rect is None:
            return
        for cell in self._span(rect):
            bucket = self._cells.get(cell)
            if bucket is not None and key in bucket:
                bucket.remove(key)

    def hits(self, rect: Rect, pad: float) -> set[Hashable]:
        """Keys whose rectangle comes closer than ``pad`` to ``rect``."""
        grown = (rect[0] - pad, rect[1] - pad, rect[2] + pad, rect[3] + pad)
        found = set()
        for cell in self._span(grown):
            for key in self._cells.get(cell, ()):
                if key not in found and overlaps(self.rects[key], grown):
                    found.add(key)
        return found


def overlaps(a: Rect, b: Rect) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def overlap_area(a: Rect, b: Rect) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _free_heights(
    y: float,
    h: float,
    top: float,
    bottom: float,
    spans: list[tuple[float, float]],
    min_offset: float,
) -> list[float]:
    """The centre heights, nearest ``y`` first (each at least ``min_offset`` from it: beside
    the edge, not on it), where a label of height ``h`` fits between ``top`` and ``bottom``
    without meeting any of the sorted (top, bottom) ``spans``: the nearest in each free
    stretch, above and below."""
    found = set()
    cursor = top
    for lo, hi in [*spans, (bottom, bottom)]:
        if lo - cursor >= h:  # a free stretch [cursor, lo]
            first, last = cursor + h / 2, lo - h / 2
            for target in (y - min_offset, y + min_offset):
                c = min(max(target, first), last)
                if abs(c - y) >= min_offset - 1e-9:
                    found.add(c)
        cursor = max(cursor, hi)
    return sorted(found, key=lambda c: abs(c - y))


def _nearest_free(
    y: float,
    h: float,
    top: float,
    bottom: float,
    spans: list[tuple[float, float]],
    min_offset: float,
) -> float | None:
    """The first of ``_free_heights``, or None."""
    heights = _free_heights(y, h, top, bottom, spans, min_offset)
    return heights[0] if heights else None


def _segment_distance(c: Point, a: Point, b: Point) -> float:
    (x, y), (ax, ay), (bx, by) = c, a, b
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / length))
    return math.hypot(x - ax - t * dx, y - ay - t * dy)


def polyline_distance(c: Point, points: list[Point]) -> float:
    """How far ``c`` is from the polyline through ``points`` (in order along the edge)."""
    if len(points) == 1:
        return math.hypot(c[0] - points[0][0], c[1] - points[0][1])
    return min(_segment_distance(c, a, b) for a, b in zip(points, points[1:], strict=False))


ALONG = sorted(range(len(FRACTIONS)), key=FRACTIONS.__getitem__)  # the points in edge order


def centred(point: Point, w: float, h: float) -> Rect:
    x, y = point
    return (x - w / 2, y - h / 2, x + w / 2, y + h / 2)


class LabelPlanner:
    """The places of one run's edge labels, computed on demand and kept until ``reset``.

    ``order``: the labelled edges in step order; ``points(key)``: the edge's points at
    FRACTIONS of its length; ``size(key)``: the done label's (width, height)."""

    def __init__(
        self,
        order: list[Hashable],
        points: Callable[[Hashable], list[Point]],
        size: Callable[[Hashable], tuple[float, float]],
        nodes: dict[Hashable, Rect],
        gap: float,
        line: Callable[[Hashable], list[Point]] | None = None,
        edges: list[Hashable] | None = None,
    ) -> None:
        self._order = order
        self._index = {key: i for i, key in enumerate(order)}
        self._points_of = points
        self._size_of = size
        self.gap = gap
        heights = [r[3] - r[1] for r in nodes.values()] or [40.0]
        cell = 2.0 * sorted(heights)[len(heights) // 2]
        self._nodes = Grid(cell)
        for key, rect in nodes.items():
            self._nodes.add(key, rect)
        self._labels = Grid(cell)
        self._points: dict[Hashable, list[Point]] = {}
        self._done: dict[Hashable, Spot | None] = {}
        self._sizes: dict[Hashable, tuple[float, float]] = {}
        self._placed = 0  # done labels placed so far: a prefix of the order
        self._current: dict[Hashable, tuple[tuple[float, float], Spot, frozenset]] = {}
        self._edges: Grid | None = None  # every edge's points (built when first needed)
        self._line_of = line  # the edge's points from end to end, in order (default: points)
        self._lines: dict[Hashable, list[Point]] = {}
        self._all_edges = order if edges is None else edges  # labelled or not: every line

    # ------------------------------------------------------------------ queries
    def step_index(self, key: Hashable) -> int:
        return self._index.get(key, -1)

    def done_spot(self, key: Hashable) -> Spot | None:
        """Where the done label of ``key`` goes (None: hidden, nowhere free)."""
        i = self._index[key]
        while self._placed <= i:
            self._place_done(self._order[self._placed])
            self._placed += 1
        return self._done[key]

    def done_size(self, key: Hashable) -> tuple[float, float] | None:
        return self._sizes.get(key)

    def current_spot(self, key: Hashable, size: tuple[float, float]) -> tuple[Spot, frozenset]:
        """Where the current step's label of ``key`` goes, and the done labels (of earlier
        steps) it hides while it is current. Always a spot: the current label is drawn whole."""
        cached = self._current.get(key)
        if cached is not None and cached[0] == size:
            return cached[1], cached[2]
        i = self._index[key]
        if i > 0:
            self.done_spot(self._order[i - 1])
        w, h = size

        def shown_under(rect: Rect) -> set[Hashable]:
            return {
                k
                for k in self._labels.hits(rect, self.gap)
                if self._index[k] < i and self._done[k] is not None
            }

        nodes = self._nodes.rects
        labels = self._labels.rects

        def clear(rect: Rect) -> list[Rect]:
            near = [nodes[k] for k in self._nodes.hits(rect, self.gap)]
            return near + [labels[k] for k in shown_under(rect)]

        def clear_of_nodes(rect: Rect) -> list[Rect]:
            return [nodes[k] for k in self._nodes.hits(rect, self.gap)]

        # a place that reads as its own edge's first: clear of everything, else over done
        # labels (hidden while current); only then the nearest free place at all
        spot = (
            self._find(key, w, h, clear, FAR, misleading=False)
            or self._find(key, w, h, clear_of_nodes, FAR, misleading=False)
            or self._find(key, w, h, clear, FAR)
            or self._find(key, w, h, clear_of_nodes, FAR)
        )
        if spot is None:  # nothing clear of nodes: on the edge where it covers least
            points = self._edge_points(key)
            spot = min(
                (Spot(centred(p, w, h)) for p in points), key=lambda c: self._node_cover(c.rect)
            )
        hidden = frozenset(shown_under(spot.rect))
        self._current[key] = (size, spot, hidden)
        return spot, hidden

    # ------------------------------------------------------------------ updating
    def placed(self) -> list[Hashable]:
        """The labels placed so far (shown or hidden), in step order."""
        return self._order[: self._placed]

    def move_node(self, key: Hashable, rect: Rect) -> set[Hashable]:
        """A node resized or moved: its new rectangle, and the placed labels it now meets
        (they must be placed again)."""
        self._nodes.remove(key)
        self._nodes.add(key, rect)
        self._current.clear()
        return self._labels.hits(rect, self.gap)

    def place_again(self, keys: set[Hashable], rerouted: set[Hashable]) -> None:
        """Only these labels move (their edge changed, their text no longer fits, a node now
        covers them): each is placed anew, in step order, against the nodes and every other
        placed label; every other label keeps its place. ``rerouted``: the edges whose curve
        changed (their points are read again)."""
        for key in rerouted:
            self._points.pop(key, None)
            self._lines.pop(key, None)
        if rerouted:
            self._edges = None  # read again when next needed
        again = []
        for key in keys | rerouted:
            i = self._index.get(key)
            if i is not None and i < self._placed:
                self._labels.remove(key)
                self._done[key] = None
                again.append(i)
        for i in sorted(again):
            self._place_done(self._order[i])
        self._current.clear()

    # ------------------------------------------------------------------ placing
    def _place_done(self, key: Hashable) -> None:
        w, h = self._sizes[key] = self._size_of(key)
        nodes, labels = self._nodes.rects, self._labels.rects

        def clear(rect: Rect) -> list[Rect]:
            near = [nodes[k] for k in self._nodes.hits(rect, self.gap)]
            return near + [labels[k] for k in self._labels.hits(rect, self.gap)]

        spot = self._done[key] = self._find(key, w, h, clear, NEAR, misleading=False)
        if spot is not None:
            self._labels.add(key, spot.rect)

    def _edge_points(self, key: Hashable) -> list[Point]:
        points = self._points.get(key)
        if points is None:
            points = self._points[key] = self._points_of(key)
        return points

    def _find(
        self,
        key: Hashable,
        w: float,
        h: float,
        obstacles: Callable[[Rect], list[Rect]],
        reach: tuple[float, int],
        *,
        misleading: bool = True,
    ) -> Spot | None:
        """The nearest free place: on the edge (its points nearest the middle first), else
        beside one of its middle points, found exactly: in each column the label may take,
        the free stretches between what is in the way, and there the height nearest the
        point, where the label reads as this edge's (see _reads_as_own). ``obstacles(rect)``:
        the rectangles in the way within ``rect``. ``misleading``: when no free place beside
        the edge reads as its own, take the nearest free one anyway (the current step's label,
        which is highlighted with its edge) rather than none (a done label then stays
        hidden: its number is in the edge's tooltip)."""
        points = self._edge_points(key)
        for p in points:
            rect = centred(p, w, h)
            if not obstacles(rect):
                return Spot(rect)
        rows, columns = reach
        g = self.gap
        best: tuple[float, Spot] | None = None  # the nearest place that reads as its own
        fallback: tuple[float, Spot] | None = None  # the nearest free place
        for p in points[:LEADER_SPOTS]:
            for i in range(-columns, columns + 1):
                dx = i * w / 4
                if best is not None and abs(dx) >= best[0]:
                    continue
                x = p[0] + dx
                top, bottom = p[1] - rows * h - h / 2, p[1] + rows * h + h / 2
                column = (x - w / 2, top, x + w / 2, bottom)
                spans = sorted((r[1] - g, r[3] + g) for r in obstacles(column))
                for y in _free_heights(p[1], h, top, bottom, spans, min_offset=h / 2 + g):
                    distance = (dx * dx + (y - p[1]) ** 2) ** 0.5
                    if best is not None and distance >= best[0]:
                        break
                    rect = centred((x, y), w, h)
                    if self._reads_as_own(key, rect, p):
                        best = (distance, Spot(rect, p))
                        break
                    if fallback is None or distance < fallback[0]:
                        fallback = (distance, Spot(rect, p))
        found = best or (fallback if misleading else None)
        return None if found is None else found[1]

    # ------------------------------------------------------------------ beside an edge
    def _along(self, key: Hashable) -> list[Point]:
        """The edge as a polyline from end to end (where another label may be mistaken for
        its own: near the ends, where edges meet, too)."""
        line = self._lines.get(key)
        if line is None:
            if self._line_of is not None:
                line = self._line_of(key)
            else:
                points = self._edge_points(key)
                line = [points[i] for i in ALONG] if len(points) == len(ALONG) else points
            self._lines[key] = line
        return line

    def _edge_grid(self) -> Grid:
        """Every labelled edge's points, to tell which edge a place beside one is nearest."""
        if self._edges is None:
            self._edges = Grid(self._labels.cell)
            for key in self._all_edges:
                for i, p in enumerate(self._along(key)):
                    self._edges.add((key, i), (p[0], p[1], p[0], p[1]))
        return self._edges

    def _reads_as_own(self, key: Hashable, rect: Rect, anchor: Point) -> bool:
        """Whether a label beside its edge reads as its own: its centre is nearer its own edge
        than any other edge (the eye joins a label to the nearest line, leader or not), and
        its leader line crosses no node and no other label."""
        c = ((rect[0] + rect[2]) / 2, (rect[1] + rect[3]) / 2)
        own = polyline_distance(c, self._along(key))
        reach = (c[0] - own, c[1] - own, c[0] + own, c[1] + own)
        hits = self._edge_grid().hits(reach, 0.0)  # keys are (edge key, point index)
        for other in {hit[0] for hit in hits if isinstance(hit, tuple)} - {key}:
            if polyline_distance(c, self._along(other)) < own - 1.0:
                return False
        end = (c[0], rect[3] if anchor[1] > rect[3] else rect[1])
        for t in (0.2, 0.4, 0.6, 0.8):
            x, y = end[0] + (anchor[0] - end[0]) * t, end[1] + (anchor[1] - end[1]) * t
            dot = (x, y, x, y)
            if self._nodes.hits(dot, 0.0) or (self._labels.hits(dot, 0.0) - {key}):
                return False
        return True

    def _node_cover(self, rect: Rect) -> float:
        return sum(
            overlap_area(rect, self._nodes.rects[k]) for k in self._nodes.hits(rect, self.gap)
        )

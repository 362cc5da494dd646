"""Where a worksheet's numbered markers go: beside their node, never on another marker, on a
node (its name, its value) or on an edge's label, and inside the page.

Pure geometry on page rectangles ``(left, top, right, bottom)``, so it is tested without
painting. Each marker tries positions around its node's shape, nearest first and, at the
same distance, nearest to its preferred corner (values top right, gradients bottom right,
as the blanks page says); the first free one wins. Candidates of one marker are checked
against every obstacle at once with NumPy: a 2-8-8-1 network has about 500 markers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

Rect = tuple[float, float, float, float]  # left, top, right, bottom

PREFERRED_ANGLE = {"value": -45.0, "gradient": 45.0}  # degrees, y pointing down the page
ANGLE_STEP = 20.0
RINGS = 6  # how far from its node a marker may go, in steps of RING_STEP radii
RING_STEP = 1.3
GAP = 3.0  # page pixels between a marker and what it must not touch


@dataclass(frozen=True)
class Marker:
    number: int
    centre: tuple[float, float]
    radius: float
    anchor: Rect  # its node's shape on the page
    far: bool  # beyond the first ring: drawn with a leader line to its node

    @property
    def rect(self) -> Rect:
        x, y, r = self.centre[0], self.centre[1], self.radius
        return (x - r, y - r, x + r, y + r)


@dataclass(frozen=True)
class Anchor:
    number: int
    shape: Rect  # the node's shape on the page
    kind: str  # "value" | "gradient"


def _candidates(shape: Rect, kind: str, radius: float) -> tuple[np.ndarray, np.ndarray]:
    """Centres around ``shape`` in order of preference, and whether each is beyond ring 0."""
    left, top, right, bottom = shape
    cx, cy = (left + right) / 2, (top + bottom) / 2
    preferred = PREFERRED_ANGLE[kind]
    offsets = [0.0]
    k = 1
    while k * ANGLE_STEP <= 180.0:
        offsets += [k * ANGLE_STEP, -k * ANGLE_STEP]
        k += 1
    points, costs, far = [], [], []
    for ring in range(RINGS):
        clearance = GAP + radius + ring * RING_STEP * radius
        hw, hh = (right - left) / 2 + clearance, (bottom - top) / 2 + clearance
        for offset in offsets:
            angle = math.radians(preferred + offset)
            # angles measured on the box squashed to a square: -45° is the top right corner
            ux, uy = math.cos(angle) * hw, math.sin(angle) * hh
            t = min(hw / abs(ux) if abs(ux) > 1e-9 else math.inf,
                    hh / abs(uy) if abs(uy) > 1e-9 else math.inf)  # fmt: skip
            points.append((cx + ux * t, cy + uy * t))
            costs.append(ring * 2.5 + abs(offset) / 45.0)
            far.append(ring > 0)
    order = np.argsort(np.asarray(costs), kind="stable")
    return np.asarray(points)[order], np.asarray(far)[order]


def place_markers(
    anchors: list[Anchor], obstacles: list[Rect], bounds: Rect, radius: float, strict: bool = True
) -> list[Marker] | None:
    """A free place for every marker, or None when one has none (the caller zooms in).
    Not ``strict``: a marker with no free place takes its first place inside the page."""
    blocked = np.asarray(obstacles, dtype=float).reshape(-1, 4)
    placed: list[Rect] = []
    out: list[Marker] = []
    pad = GAP / 2
    for anchor in anchors:
        centres, far = _candidates(anchor.shape, anchor.kind, radius)
        boxes = np.column_stack(
            (centres[:, 0] - radius, centres[:, 1] - radius,
             centres[:, 0] + radius, centres[:, 1] + radius)
        )  # fmt: skip
        left, top, right, bottom = bounds
        free = (
            (boxes[:, 0] >= left)
            & (boxes[:, 1] >= top)
            & (boxes[:, 2] <= right)
            & (boxes[:, 3] <= bottom)
        )
        others = np.vstack([blocked, np.asarray(placed, dtype=float).reshape(-1, 4)])
        if len(others):
            hit = (
                (boxes[:, None, 0] < others[None, :, 2] + pad)
                & (boxes[:, None, 2] > others[None, :, 0] - pad)
                & (boxes[:, None, 1] < others[None, :, 3] + pad)
                & (boxes[:, None, 3] > others[None, :, 1] - pad)
            )
            free &= ~hit.any(axis=1)
        index = np.flatnonzero(free)
        if not len(index):
            if strict:
                return None
            index = np.arange(len(boxes))
        i = int(index[0])
        marker = Marker(
            anchor.number,
            (float(centres[i, 0]), float(centres[i, 1])),
            radius,
            anchor.shape,
            bool(far[i]),
        )
        placed.append(marker.rect)
        out.append(marker)
    return out


def overlaps(a: Rect, b: Rect) -> bool:
    """Whether two rectangles share more than an edge."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]

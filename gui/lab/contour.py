"""A contour line of a grid, as line segments, with NumPy only (marching squares).

pyqtgraph's IsocurveItem walks the grid in Python (about 10 ms for 64 × 64), too slow to redraw
a decision boundary many times a second while training; this does the same cut in a few
vectorised steps. Segments come out as point pairs for ``PlotDataItem(connect="pairs")``.
"""

from __future__ import annotations

import numpy as np


def contour_segments(
    values: np.ndarray, level: float, xs: np.ndarray, ys: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(x, y) of segment end points, two per segment, where ``values`` (values[i, j] at
    (xs[i], ys[j])) crosses ``level``; linear interpolation along each cell edge. A saddle cell
    (all four edges crossed) gets two segments."""
    v = np.asarray(values, dtype=float) - level
    if v.ndim != 2 or min(v.shape) < 2:
        return np.empty(0), np.empty(0)
    a, b = v[:-1, :-1], v[1:, :-1]  # (i, j), (i+1, j)
    c, d = v[1:, 1:], v[:-1, 1:]  # (i+1, j+1), (i, j+1)
    x0, x1 = xs[:-1][:, None], xs[1:][:, None]
    y0, y1 = ys[:-1][None, :], ys[1:][None, :]
    shape = a.shape
    edges = []  # per edge: crossed?, x, y — in order around the cell
    for p, q, px, py, qx, qy in (
        (a, b, x0, y0, x1, y0),  # bottom: (i, j) → (i+1, j)
        (b, c, x1, y0, x1, y1),  # right
        (c, d, x1, y1, x0, y1),  # top
        (d, a, x0, y1, x0, y0),  # left
    ):
        crossed = (p < 0) != (q < 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            t = np.where(crossed, p / (p - q), 0.0)
        edges.append(
            (
                crossed & np.isfinite(t),
                np.broadcast_to(px + t * (qx - px), shape),
                np.broadcast_to(py + t * (qy - py), shape),
            )
        )
    crossed = np.stack([e[0] for e in edges])  # (4, n-1, m-1)
    ex = np.stack([e[1] for e in edges])
    ey = np.stack([e[2] for e in edges])
    count = crossed.sum(axis=0)
    # the crossed edges of each cell first, in their order around the cell
    order = np.argsort(~crossed, axis=0, kind="stable")
    ox = np.take_along_axis(ex, order, axis=0)
    oy = np.take_along_axis(ey, order, axis=0)
    xs_out, ys_out = [], []
    two = count >= 2
    xs_out.append(np.stack([ox[0][two], ox[1][two]], axis=1).ravel())
    ys_out.append(np.stack([oy[0][two], oy[1][two]], axis=1).ravel())
    four = count == 4
    xs_out.append(np.stack([ox[2][four], ox[3][four]], axis=1).ravel())
    ys_out.append(np.stack([oy[2][four], oy[3][four]], axis=1).ravel())
    return np.concatenate(xs_out), np.concatenate(ys_out)

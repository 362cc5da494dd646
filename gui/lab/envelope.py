"""A long, growing curve reduced to what a plot a few hundred pixels wide can show.

The loss curve gains an epoch thousands of times a second; handing the plot every epoch each
frame costs time in proportion to the epochs so far (a million epochs: 60 ms a frame). An
``Envelope`` keeps, per bucket of consecutive epochs, the smallest and the largest value (what
pyqtgraph's "peak" downsampling draws), takes each new epoch once, and merges neighbouring
buckets when there are too many: a frame costs the same at epoch 100 and at epoch 10⁶.
Non-finite values are skipped inside a bucket; a bucket of nothing but them stays a gap.
"""

from __future__ import annotations

import math

import numpy as np

POINTS = 512  # buckets kept: two points each, about two per pixel of the plot


class Envelope:
    """Min and max per bucket of the values given so far (epoch k is value k − 1)."""

    def __init__(self, points: int = POINTS) -> None:
        self.points = points
        self.clear()

    def clear(self) -> None:
        self.count = 0  # values taken
        self.size = 1  # values per bucket from now on
        self.starts = np.empty(0)  # first epoch of each complete bucket
        self.ends = np.empty(0)  # its last epoch
        self.lows = np.empty(0)
        self.highs = np.empty(0)
        self.tail = np.empty(0)  # values not yet in a complete bucket
        self.low = math.inf  # of the finite values
        self.high = -math.inf
        self.last = math.nan

    def extend(self, values: np.ndarray) -> None:
        """Take the values of the next epochs."""
        if not len(values):
            return
        finite = values[np.isfinite(values)]
        if len(finite):
            self.low = min(self.low, float(finite.min()))
            self.high = max(self.high, float(finite.max()))
        self.last = float(values[-1])
        first = self.count + 1 - len(self.tail)  # the epoch of the tail's first value
        self.count += len(values)
        pending = np.concatenate([self.tail, values]) if len(self.tail) else values
        if not len(self.lows):  # a long history at once: buckets of the size it needs
            while len(pending) > 2 * self.points * self.size:
                self.size *= 2
        whole = len(pending) // self.size * self.size
        if whole:
            if self.size == 1:
                lows = highs = pending[:whole]
            else:
                rows = pending[:whole].reshape(-1, self.size)
                with np.errstate(all="ignore"):
                    lows = np.fmin.reduce(rows, axis=1)
                    highs = np.fmax.reduce(rows, axis=1)
            starts = first + self.size * np.arange(len(lows), dtype=float)
            self.starts = np.concatenate([self.starts, starts])
            self.ends = np.concatenate([self.ends, starts + (self.size - 1)])
            self.lows = np.concatenate([self.lows, lows])
            self.highs = np.concatenate([self.highs, highs])
        self.tail = pending[whole:].copy()
        while len(self.lows) > 2 * self.points:
            self._merge()

    def _merge(self) -> None:
        """Neighbouring buckets in pairs (an odd last one stays as it is)."""
        pairs = len(self.lows) // 2 * 2
        keep = slice(pairs, None)
        with np.errstate(all="ignore"):
            lows = np.fmin(self.lows[:pairs:2], self.lows[1:pairs:2])
            highs = np.fmax(self.highs[:pairs:2], self.highs[1:pairs:2])
        self.starts = np.concatenate([self.starts[:pairs:2], self.starts[keep]])
        self.ends = np.concatenate([self.ends[1:pairs:2], self.ends[keep]])
        self.lows = np.concatenate([lows, self.lows[keep]])
        self.highs = np.concatenate([highs, self.highs[keep]])
        self.size *= 2

    def curve(self) -> tuple[np.ndarray, np.ndarray]:
        """(epochs, values) to draw: each bucket's low and high, then the tail's own values."""
        tail_x = np.arange(self.count - len(self.tail) + 1, self.count + 1, dtype=float)
        if self.size == 1:  # no bucket merged yet: every value as it is
            return np.concatenate([self.starts, tail_x]), np.concatenate([self.lows, self.tail])
        x = np.empty(2 * len(self.lows))
        y = np.empty(2 * len(self.lows))
        x[0::2], x[1::2] = self.starts, self.ends
        y[0::2], y[1::2] = self.highs, self.lows  # a loss mostly falls: high first, then low
        return np.concatenate([x, tail_x]), np.concatenate([y, self.tail])

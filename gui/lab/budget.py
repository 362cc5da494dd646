"""What the lab's occasional updates cost, so each keeps to its share of the time.

An update (the heat maps, the graph view) costs the time its code takes plus the repainting it
causes, which shows up in the next gap of the event loop: the excess over the gap after an
ordinary frame. Each cost is the smallest of the last few measurements, so one unlucky frame
(a garbage collection, the first paint after the lab opens) does not stop an update for long.
"""

from __future__ import annotations

from collections import deque

SAMPLES = 3


class Budget:
    def __init__(self) -> None:
        self._samples: dict[str, deque[float]] = {}
        self._light_gap = 0.0
        self._pending: tuple[str, float] | None = None  # (kind, code time) awaiting its paint

    def known(self, kind: str) -> bool:
        return bool(self._samples.get(kind))

    def count(self, kind: str) -> int:
        return len(self._samples.get(kind, ()))

    def cost(self, kind: str) -> float:
        samples = self._samples.get(kind)
        return min(samples) if samples else 0.0

    def forget(self, kind: str) -> None:
        self._samples.pop(kind, None)

    def record(self, kind: str, seconds: float) -> None:
        """A cost measured without its repaint (a redraw while paused): a lower bound."""
        self._samples.setdefault(kind, deque(maxlen=SAMPLES)).append(seconds)

    def updated(self, kind: str, code_seconds: float) -> None:
        """This frame ran ``kind`` (or "light" for none); its repaint is in the next gap."""
        self._pending = (kind, code_seconds)

    def skip(self) -> None:
        """The next gap belongs to no frame of ours (training just started)."""
        self._pending = None

    def gap(self, seconds: float) -> None:
        """The event loop's time before this frame: attribute it to the last frame's update."""
        pending, self._pending = self._pending, None
        if pending is None or seconds <= 0:
            return
        kind, code = pending
        if kind == "light":
            self._light_gap += 0.2 * (seconds - self._light_gap)
        else:
            self.record(kind, code + max(0.0, seconds - self._light_gap))

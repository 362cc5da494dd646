"""Training without freezing the window: epochs in time slices on the GUI thread.

A zero-interval QTimer runs the session's epochs for a slice of a frame, then returns to the
event loop, which repaints and handles the mouse before the next slice. The slice adapts so that
slice + the lab's own drawing + the event loop's work ≈ one frame (1/55 s, so that with the
occasional longer frame the window still repaints ≥ 50 times a second), but never drops below
the length that keeps training at ≥ 86 % of the time, nor grows beyond 30 ms (with the frame's
own drawing, the event loop never waits more than 50 ms: a click is answered at once). Same
thread, same order of epochs: pausing at any moment and resuming gives exactly the numbers of
an uninterrupted run.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer, Signal

FRAME_S = 1.0 / 55.0  # light frames a little faster than 50/s: heat-map and graph frames are longer
MIN_SHARE = 0.86  # training's share of the time the slice never goes below
MAX_SLICE_S = 0.03  # a click never waits longer than this for training
WINDOW = 15  # frames whose median overhead sets the slice (a rare slow frame does not)


class TrainingDriver(QObject):
    """Runs ``session.run_for`` in slices; ``frame`` asks the lab to draw (once per slice)."""

    frame = Signal()
    finished = Signal()
    running_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, frame_s: float = FRAME_S) -> None:
        super().__init__(parent)
        self.frame_s = frame_s
        self.session = None  # gui.lab.session.Session
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._tick)
        self.overhead = 0.008  # seconds per frame spent outside training (recent median)
        self._overheads: list[float] = []
        self.slice_s = frame_s - self.overhead
        self._tick_end: float | None = None
        self.train_seconds = 0.0  # inside run_for, since start()
        self.wall_start = 0.0
        self.frames = 0
        self.epochs = 0
        self.last_gap = 0.0  # the event loop's time before this slice: mostly repainting
        self.speed: float | None = None  # epochs per second; None: as fast as possible
        self._limited_start = 0.0
        self._limited_done = 0

    def set_speed(self, epochs_per_second: float | None) -> None:
        """Slow training down to watch it (the descent path grows point by point)."""
        self.speed = epochs_per_second
        self._timer.setInterval(0 if not epochs_per_second else self._limited_interval())
        self._limited_start = time.perf_counter()
        self._limited_done = 0

    def _limited_interval(self) -> int:
        assert self.speed
        return max(int(self.frame_s * 1000 / 2), min(int(1000 / self.speed), 250))

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def start(self, session) -> None:
        self.session = session
        if self.running:
            return
        self._tick_end = None
        self.train_seconds = 0.0
        self.frames = 0
        self.epochs = 0
        self.wall_start = time.perf_counter()
        self.set_speed(self.speed)
        self._timer.start()
        self.running_changed.emit(True)

    def pause(self) -> None:
        if not self.running:
            return
        self._timer.stop()
        self._tick_end = None
        self.running_changed.emit(False)

    def epochs_per_second(self) -> float:
        wall = time.perf_counter() - self.wall_start
        return self.epochs / wall if wall > 0 else 0.0

    def _tick(self) -> None:
        session = self.session
        if session is None or session.finished:
            self.pause()
            return
        start = time.perf_counter()
        gap = 0.0 if self._tick_end is None else start - self._tick_end
        self.last_gap = gap
        if self.speed:
            due = int((start - self._limited_start) * self.speed) - self._limited_done
            if due <= 0:
                return
            done = session.run_epochs(due, self.slice_s)
            self._limited_done += done if done == due else due  # never catch up after a lag
            self.epochs += done
        else:
            self.epochs += session.run_for(self.slice_s)
        trained = time.perf_counter()
        self.train_seconds += trained - start
        self.frames += 1
        self.frame.emit()
        end = time.perf_counter()
        self._adapt(gap + (end - trained))
        self._tick_end = end
        if session.finished:
            self.pause()
            self.finished.emit()

    def _adapt(self, overhead: float) -> None:
        """Fill the frame with training, but keep training's share of time ≥ MIN_SHARE. The
        typical overhead is the median of recent frames: the occasional costly update (heat
        maps, the graph view) keeps to its own share and must not stretch every slice."""
        self._overheads = [*self._overheads[-(WINDOW - 1) :], overhead]
        self.overhead = sorted(self._overheads)[len(self._overheads) // 2]
        floor = self.overhead * MIN_SHARE / (1.0 - MIN_SHARE)
        self.slice_s = min(max(self.frame_s - self.overhead, floor, 0.002), MAX_SLICE_S)

"""A cursor over a run's trace that can step, scrub and play on a timer.

The player knows positions only (0 … length, see core/autodiff/trace.py): it never looks at values, so
the scene, the explanation and the exporters all read the same state for the same position.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

DEFAULT_SPEED = 2.0  # steps per second: slow enough to read each equation aloud
MIN_SPEED = 0.25
MAX_SPEED = 60.0


class Player(QObject):
    """Position in 0..length; emits ``position_changed`` only when the position really moves."""

    position_changed = Signal(int)
    playing_changed = Signal(bool)
    length_changed = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._length = 0
        self._position = 0
        self._backward_start = 0
        self._update_start = 0
        self._speed = DEFAULT_SPEED
        self._timer = QTimer(self)
        self._timer.setInterval(self._interval_ms())
        self._timer.timeout.connect(self._tick)

    # ------------------------------------------------------------------ state
    @property
    def length(self) -> int:
        return self._length

    @property
    def position(self) -> int:
        return self._position

    @property
    def backward_start(self) -> int:
        """Position just before the backward pass's first step (the seed)."""
        return self._backward_start

    @property
    def update_start(self) -> int:
        """Position just before the first gradient-descent update step (the length if none)."""
        return self._update_start

    @property
    def playing(self) -> bool:
        return self._timer.isActive()

    @property
    def speed(self) -> float:
        return self._speed

    @property
    def at_end(self) -> bool:
        return self._position >= self._length

    def set_length(
        self,
        length: int,
        keep_position: bool = True,
        backward_start: int | None = None,
        update_start: int | None = None,
    ) -> None:
        """A new trace: keep the cursor where it was (clamped) or go back to the start."""
        self._length = max(0, int(length))
        self._backward_start = min(
            self._length, self._length if backward_start is None else int(backward_start)
        )
        self._update_start = min(
            self._length, self._length if update_start is None else int(update_start)
        )
        self.length_changed.emit(self._length)
        target = min(self._position, self._length) if keep_position else 0
        if target != self._position:
            self._set_position(target)
        if self.at_end:
            self.pause()

    # ------------------------------------------------------------------ moving
    def seek(self, position: int) -> None:
        self._set_position(max(0, min(int(position), self._length)))

    def step_forward(self) -> None:
        self.seek(self._position + 1)

    def step_back(self) -> None:
        self.seek(self._position - 1)

    def to_start(self) -> None:
        self.seek(0)

    def to_end(self) -> None:
        self.seek(self._length)

    def to_backward_start(self) -> None:
        self.seek(self._backward_start)

    def _set_position(self, position: int) -> None:
        if position == self._position:
            return
        self._position = position
        self.position_changed.emit(position)

    # ------------------------------------------------------------------ playing
    def play(self) -> None:
        """Play from here; from the end, play starts again at the beginning."""
        if self._length == 0 or self.playing:
            return
        if self.at_end:
            self.seek(0)
        self._timer.start()
        self.playing_changed.emit(True)

    def pause(self) -> None:
        if not self.playing:
            return
        self._timer.stop()
        self.playing_changed.emit(False)

    def toggle(self) -> None:
        if self.playing:
            self.pause()
        else:
            self.play()

    def set_speed(self, steps_per_second: float) -> None:
        self._speed = max(MIN_SPEED, min(float(steps_per_second), MAX_SPEED))
        self._timer.setInterval(self._interval_ms())

    def _interval_ms(self) -> int:
        return max(1, round(1000.0 / self._speed))

    def _tick(self) -> None:
        self.step_forward()
        if self.at_end:
            self.pause()

"""Token animations with one global speed and one off switch (tests turn animation off).

A TokenFlight moves a few TokenItems along their edge paths with one QVariantAnimation, then
calls ``on_done`` exactly once, whether it ran to the end or was cut short by ``finish()``.
The scene relies on that: interrupting an animation always lands on the exact state.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEasingCurve, QObject, QVariantAnimation

from .items.token_item import TokenItem

BASE_DURATION_MS = 520.0

_enabled = True
_speed = 1.0


def set_enabled(enabled: bool) -> None:
    """Globally turn token animations on or off (off: every step lands instantly)."""
    global _enabled
    _enabled = bool(enabled)


def enabled() -> bool:
    return _enabled


def set_speed(factor: float) -> None:
    """1.0 is normal; 2.0 twice as fast. Clamped to a sane range."""
    global _speed
    _speed = min(20.0, max(0.05, float(factor)))


def speed() -> float:
    return _speed


def speed_for_player(steps_per_second: float) -> float:
    """The token speed that goes with the player's rate: a flight (520 ms at factor 1) lands
    before the next step is due. The window and the animation export both use it."""
    return min(20.0, max(1.0, steps_per_second * 0.6))


def duration_ms(base: float = BASE_DURATION_MS, factor: float | None = None) -> int:
    """A flight's length at the global speed, or at ``factor`` when given."""
    return max(1, round(base / (_speed if factor is None else factor)))


class TokenFlight(QObject):
    """Tokens travelling together; removed from the scene when done or finished early."""

    def __init__(
        self, tokens: list[TokenItem], on_done: Callable[[], None], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.tokens = tokens
        self._on_done = on_done
        self._done = False
        self.animation = QVariantAnimation(self)
        self.animation.setStartValue(0.0)
        self.animation.setEndValue(1.0)
        self.animation.setDuration(duration_ms())
        self.animation.setEasingCurve(QEasingCurve.Type.InOutSine)
        self.animation.valueChanged.connect(self._move)
        self.animation.finished.connect(self.finish)

    def start(self) -> None:
        self.animation.start()

    @property
    def running(self) -> bool:
        return not self._done

    def _move(self, t: float) -> None:
        for token in self.tokens:
            token.set_progress(float(t))

    def set_progress(self, t: float) -> None:
        """Jump to a fraction of the trip (benchmarks drive frames by hand with this)."""
        self._move(t)

    def show_time(self, ms: float, duration: int) -> None:
        """Where the tokens are ``ms`` into a flight of ``duration`` ms, on the same easing
        curve as when Qt's clock plays it (an animation being recorded frame by frame)."""
        t = min(1.0, max(0.0, ms / max(1, duration)))
        self._move(self.animation.easingCurve().valueForProgress(t))

    def finish(self) -> None:
        """Stop now, remove the tokens and run on_done (once)."""
        if self._done:
            return
        self._done = True
        self.animation.stop()
        for token in self.tokens:
            scene = token.scene()
            if scene is not None:
                scene.removeItem(token)
        self.tokens = []
        self._on_done()

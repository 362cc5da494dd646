"""Recording the played steps as frames: the window's scene, its tokens moving as they move
when the window plays, sampled at a fixed frame rate.

Nothing is re-implemented for the film: a RecordingScene is the window's GraphScene (through
ExportScene), shown step by step with ``show_position(k, animate=True)`` as the window's player
does; its token flights are not started on Qt's clock but put where Qt's clock would have them
at each frame's time (TokenFlight.show_time, same easing curve). The timing is the player's: a
step every 1/speed seconds, a flight lasting ``gui.animation.duration_ms`` at the token speed
the window uses for that rate (``speed_for_player``), so a flight lands before the next step.

The camera holds the whole graph still (the window's view may follow the step; a film that
pans at every step is hard to read). Under the graph a caption line says which step it is
and gives the step's equation (core.teaching.explain), as a deck page does.

A film of steps A..B: one step's time showing the state before A, then each step, then the
finished state held for one more step's time: (B − A + 3) step times in all.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QCoreApplication, QRect, QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QImage, QPainter

from core.autodiff.engine import Run
from core.autodiff.trace import ForwardStep, UpdateStep
from core.teaching.explain import describe_step
from core.teaching.slides import ExportError, check_size, step_range

from .. import animation, player
from .painting import render_hints
from .painting_text import FAINT, INK, RULE, page_font
from .scene import ExportScene, centred_target, content_rect

FPS_LIMITS = (1, 50)  # GIF viewers slow down frames shorter than 20 ms
SPEED_LIMITS = (player.MIN_SPEED, player.MAX_SPEED)
DEFAULT_SIZE = (1280, 720)
DEFAULT_FPS = 15
CAPTION_SHARE = 0.1  # of the frame's height, under the graph

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")

Progress = Callable[[int, int], bool]  # (frames done, frames in all) -> keep going?


@dataclass(frozen=True)
class AnimationOptions:
    """Which steps are played, how fast, and the size of the frames."""

    phase: str = "both"  # "forward" | "backward" | "both"
    steps: tuple[int, int] | None = None  # only steps A..B (1-based, inclusive)
    fps: int = DEFAULT_FPS
    size: tuple[int, int] = DEFAULT_SIZE
    speed: float = player.DEFAULT_SPEED  # steps per second, as the window's player

    def checked(self) -> AnimationOptions:
        check_size(self.size)
        low, high = FPS_LIMITS
        if not low <= self.fps <= high:
            raise ExportError(
                QCoreApplication.translate(
                    "Animation", "--fps {fps}: give a frame rate from {low} to {high}"
                ).format(fps=self.fps, low=low, high=high)
            )
        low_s, high_s = SPEED_LIMITS
        if not (math.isfinite(self.speed) and low_s <= self.speed <= high_s):
            raise ExportError(
                QCoreApplication.translate(
                    "Animation", "--speed {speed}: give steps per second from {low} to {high}"
                ).format(speed=self.speed, low=low_s, high=high_s)
            )
        return self


@dataclass(frozen=True)
class Timeline:
    """When each frame is and what it shows: pure arithmetic on the player's timing."""

    first: int  # the first step played (1-based)
    last: int  # the last step played
    fps: int
    step_ms: float  # the player's interval between steps
    flight_ms: int  # how long a step's tokens travel

    @classmethod
    def of(cls, run: Run, options: AnimationOptions) -> Timeline:
        first, last = step_range(run, options.phase, options.steps)
        if first > last:
            raise ExportError(QCoreApplication.translate("Animation", "there are no steps to play"))
        factor = animation.speed_for_player(options.speed)
        return cls(
            first, last, options.fps, 1000.0 / options.speed, animation.duration_ms(factor=factor)
        )

    @property
    def duration_ms(self) -> float:
        return (self.last - self.first + 3) * self.step_ms

    @property
    def frames(self) -> int:
        return max(1, round(self.duration_ms * self.fps / 1000.0))

    def at(self, frame: int) -> tuple[int, float | None]:
        """The position frame ``frame`` shows and how far its step's tokens are (ms into
        the flight), or None when they have landed (or the frame shows no step's start)."""
        t = frame * 1000.0 / self.fps
        segment = int(t // self.step_ms)
        if segment == 0:
            return self.first - 1, None
        position = min(self.first + segment - 1, self.last)
        if position != self.first + segment - 1:  # the finished state, held
            return self.last, None
        into = t - segment * self.step_ms
        return position, (into if into < self.flight_ms else None)


class RecordingScene(ExportScene):
    """ExportScene whose steps always send tokens, held still until a frame places them."""

    def sends_tokens(self) -> bool:
        return True

    def start_flight(self, flight: animation.TokenFlight) -> None:
        """Not on Qt's clock: Recorder.show puts the tokens where each frame needs them."""


class Recorder:
    """Frames of one run's animation, as RGB arrays, in order."""

    def __init__(
        self,
        run: Run,
        options: AnimationOptions,
        positions: dict[str, tuple[float, float]] | None = None,
    ) -> None:
        self.run = run
        self.options = options.checked()
        self.timeline = Timeline.of(run, self.options)
        self.scene = RecordingScene(run, positions)
        self.size = self.options.size
        self.source = self._camera()

    def _camera(self) -> QRectF:
        """The part of the scene every frame shows: the whole graph before the first step
        and after the last (labels only grow), so nothing moves but what the step moves."""
        rect = QRectF()
        for position in (self.timeline.first - 1, self.timeline.last):
            self.scene.show_position(position)
            rect = rect.united(content_rect(self.scene))
        self.scene.show_position(self.timeline.first - 1)
        return rect

    # ------------------------------------------------------------------ the scene at a frame
    def show(self, position: int, flight_ms: float | None) -> None:
        """Put the scene where the window is ``flight_ms`` into step ``position``'s flight
        (None: the step has landed)."""
        scene = self.scene
        flight = scene.current_flight()
        if flight_ms is not None and scene.position == position - 1:
            scene.show_position(position, animate=True)  # launches the step's tokens
            flight = scene.current_flight()
        if flight is not None and scene.position == position and flight_ms is not None:
            flight.show_time(flight_ms, self.timeline.flight_ms)
            return
        if flight is not None:
            flight.finish()  # landed: the revealed nodes take their exact state
        scene.show_position(position)

    # ------------------------------------------------------------------ frames
    def samples(self) -> list[np.ndarray]:
        """Frames whose colours stand for the film's (a GIF's palette is chosen from them):
        the start, the finished state, and tokens half way along the first step and the
        first backward step played. The scene is back at the start afterwards."""
        timeline, trace = self.timeline, self.run.trace
        assert trace is not None
        keys: list[tuple[int, float | None]] = [(timeline.first - 1, None)]
        middle = timeline.flight_ms / 2
        backward = max(timeline.first, trace.backward_start + 1)
        keys.append((timeline.first, middle))
        if timeline.first < backward <= timeline.last:
            keys += [(backward - 1, None), (backward, middle)]
        keys.append((timeline.last, None))
        out = []
        for position, flight_ms in keys:
            if flight_ms is not None and self.scene.position != position - 1:
                self.show(position - 1, None)
            self.show(position, flight_ms)
            out.append(pixels(self.paint(position)))
        self.show(timeline.last, None)
        self.scene.show_position(timeline.first - 1)
        return out

    def frames(self) -> Iterator[Frame]:
        """Every frame of the film, in order. Only what changed is painted again: nothing
        when the state is the one before, the tokens' rectangles while they fly (the rest of
        the picture cannot change then), the whole frame when a step lands or starts."""
        image: QImage | None = None
        shown: tuple[int, float | None] | None = None
        for index in range(self.timeline.frames):
            key = self.timeline.at(index)
            if image is not None and key == shown:
                yield Frame(index, image, None)
                continue
            flying = shown is not None and key[1] is not None and shown[1] is not None
            same_flight = flying and shown is not None and key[0] == shown[0]
            before = self._token_rects()
            self.show(*key)
            if image is not None and same_flight:
                dirty = self._frame_rect(before + self._token_rects())
                image = image.copy()
                self._repaint(image, dirty)
            else:
                image = self.paint(key[0])
                dirty = QRect(0, 0, *self.size)
            shown = key
            yield Frame(index, image, dirty)

    def _token_rects(self) -> list[QRectF]:
        flight = self.scene.current_flight()
        return [] if flight is None else [t.sceneBoundingRect() for t in flight.tokens]

    def _graph_target(self) -> QRectF:
        """Where the camera's scene rectangle lands in a frame (above the caption)."""
        width, height = self.size
        area = QRectF(8, 8, width - 16, height - self._band() - 12)
        if area.width() <= 8 or area.height() <= 8 or self.source.isEmpty():
            return QRectF()
        target = centred_target(self.source, (round(area.width()), round(area.height())))
        target.translate(area.left(), area.top())
        return target

    def _band(self) -> float:
        return max(28.0, round(self.size[1] * CAPTION_SHARE))

    def _frame_rect(self, scene_rects: list[QRectF]) -> QRect:
        """Frame pixels covering ``scene_rects`` (a margin for antialiasing), in the graph."""
        target = self._graph_target()
        k = target.width() / self.source.width()
        out = QRectF()
        for rect in scene_rects:
            out = out.united(
                QRectF(
                    target.left() + (rect.left() - self.source.left()) * k,
                    target.top() + (rect.top() - self.source.top()) * k,
                    rect.width() * k,
                    rect.height() * k,
                )
            )
        return out.toAlignedRect().adjusted(-3, -3, 3, 3).intersected(target.toAlignedRect())

    def _repaint(self, image: QImage, dirty: QRect) -> None:
        """Paint the scene again inside ``dirty`` only: the same mapping as a whole frame,
        restricted to the scene rectangle behind those pixels."""
        if dirty.isEmpty():
            return
        target = self._graph_target()
        k = target.width() / self.source.width()
        part = QRectF(dirty)
        source = QRectF(
            self.source.left() + (part.left() - target.left()) / k,
            self.source.top() + (part.top() - target.top()) / k,
            part.width() / k,
            part.height() / k,
        )
        painter = QPainter(image)
        render_hints(painter)
        painter.setClipRect(dirty)
        painter.fillRect(dirty, self.scene.background_colour())
        self.scene.render(painter, part, source, Qt.AspectRatioMode.IgnoreAspectRatio)
        painter.end()

    def paint(self, position: int) -> QImage:
        """The whole frame: the graph at the scene's state, the caption of ``position``."""
        width, height = self.size
        image = QImage(width, height, QImage.Format.Format_RGB32)
        image.fill(self.scene.background_colour())
        painter = QPainter(image)
        render_hints(painter)
        target = self._graph_target()
        if not target.isEmpty():
            self.scene.render(painter, target, self.source, Qt.AspectRatioMode.KeepAspectRatio)
        band = self._band()
        self._paint_caption(painter, QRectF(0, height - band, width, band), position)
        painter.end()
        return image

    def _paint_caption(self, painter: QPainter, rect: QRectF, position: int) -> None:
        """The step and its equation, as large as fits on one line, else on two."""
        counter, equation = self.caption(position)
        painter.setPen(RULE)
        painter.drawLine(rect.topLeft(), rect.topRight())
        px = max(10.0, rect.height() * 0.4)
        small = page_font(px * 0.85)
        inner = rect.adjusted(px, 0, -px, 0)
        align = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        painter.setFont(small)
        painter.setPen(FAINT)
        counter_w = QFontMetricsF(small).horizontalAdvance(counter) + px
        painter.drawText(
            QRectF(inner.left(), inner.top(), counter_w, inner.height()), align, counter
        )
        room = QRectF(
            inner.left() + counter_w, inner.top(), inner.width() - counter_w, inner.height()
        )
        large = page_font(px)
        wide = QFontMetricsF(large).horizontalAdvance(equation)
        painter.setPen(INK)
        if wide * 0.8 > room.width():  # two lines, smaller (the result is at the end)
            font = page_font(px * 0.62)
            painter.setFont(font)
            wrap = int(Qt.TextFlag.TextWordWrap) | align
            painter.drawText(room, wrap, equation)
            return
        if wide > room.width():
            large = page_font(math.floor(px * room.width() / wide))
        painter.setFont(large)
        text = QFontMetricsF(large).elidedText(equation, Qt.TextElideMode.ElideRight, room.width())
        painter.drawText(room, align, text)

    def caption(self, position: int) -> tuple[str, str]:
        """ "Backward · step 12 of 57" and the step's equation; the start has no equation."""
        trace = self.run.trace
        assert trace is not None
        total = len(trace)
        if position == 0:
            return translate("Animation", "before step 1 of {n}").format(n=total), ""
        step = trace[position - 1]
        if isinstance(step, UpdateStep):
            phase = translate("Animation", "Gradient descent")
        elif isinstance(step, ForwardStep):
            phase = translate("Animation", "Forward")
        else:
            phase = translate("Animation", "Backward")
        counter = translate("Animation", "{phase} · step {k} of {n}").format(
            phase=phase, k=position, n=total
        )
        return counter, describe_step(self.run.graph, trace, position).equation


@dataclass(frozen=True)
class Frame:
    """One frame of the film: its index, its picture, and the pixels that may differ from
    the frame before (None: none do; the whole frame when it was painted anew)."""

    index: int
    image: QImage
    changed: QRect | None


def pixels(image: QImage, rect: QRect | None = None) -> np.ndarray:
    """An RGB32 image's pixels (or those in ``rect``) as a (height, width) uint32 array of
    0xffRRGGBB values, copied out of Qt."""
    width, height, stride = image.width(), image.height(), image.bytesPerLine()
    data = np.frombuffer(image.constBits(), dtype=np.uint32, count=stride * height // 4)
    rows = data.reshape(height, stride // 4)[:, :width]
    if rect is not None:
        rows = rows[
            rect.top() : rect.top() + rect.height(), rect.left() : rect.left() + rect.width()
        ]
    return rows.copy()

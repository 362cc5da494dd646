"""The step player's controls: transport buttons, speed, a timeline to scrub, "step k of n".

It holds no state of its own: buttons are the window's actions, and the slider and the label
follow the Player's signals.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import QComboBox, QLabel, QSlider, QToolBar, QToolButton, QWidget

from ..override_guard import guard_overrides
from ..player import Player

SPEEDS = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 30.0)  # steps per second


@guard_overrides
class PlayerBar(QToolBar):
    """A bottom toolbar bound to a Player."""

    def __init__(self, player: Player, actions: list[QAction], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("player_bar")
        self.setMovable(False)
        self.setFloatable(False)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.player = player
        for action in actions:
            self.addAction(action)
            if action.objectName() == "play_to_backward":  # no standard icon says "backward pass"
                button = self.widgetForAction(action)
                if isinstance(button, QToolButton):
                    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for button in self.findChildren(QWidget):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.addSeparator()

        self.speed_box = QComboBox(self)
        self.speed_box.setObjectName("player_speed")
        self.speed_box.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for speed in SPEEDS:
            self.speed_box.addItem("", speed)
        self.speed_box.currentIndexChanged.connect(self._speed_chosen)
        self.addWidget(self.speed_box)

        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setObjectName("player_timeline")
        self.slider.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.slider.setMinimumWidth(200)
        self.slider.setPageStep(10)
        self.slider.valueChanged.connect(self._slider_moved)
        self.addWidget(self.slider)

        self.label = QLabel(self)
        self.label.setObjectName("player_label")
        font = QFont(self.label.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.label.setFont(font)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.addWidget(self.label)

        player.position_changed.connect(self.sync)
        player.length_changed.connect(self.sync)
        self.retranslate()
        self.set_speed(player.speed)

    # ------------------------------------------------------------------ language
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Player"))
        self.speed_box.setToolTip(self.tr("Playback speed in steps per second"))
        for index, speed in enumerate(SPEEDS):
            self.speed_box.setItemText(index, self.tr("%1 steps/s").replace("%1", f"{speed:g}"))
        self.slider.setToolTip(self.tr("Drag to scrub through the steps"))
        widest = self.tr("step %1 of %2 · %3").replace("%1", "0000").replace("%2", "0000")
        widest = widest.replace("%3", max(self._phases().values(), key=len))
        self.label.setMinimumWidth(self.label.fontMetrics().horizontalAdvance(widest) + 16)
        self.sync()

    def _phases(self) -> dict[str, str]:
        return {
            "start": self.tr("start"),
            "done": self.tr("done"),
            "backward": self.tr("backward"),
            "forward": self.tr("forward"),
            "update": self.tr("update"),
        }

    # ------------------------------------------------------------------ speed
    def set_speed(self, steps_per_second: float) -> None:
        """Select the listed speed nearest to ``steps_per_second`` and apply it."""
        index = min(range(len(SPEEDS)), key=lambda i: abs(SPEEDS[i] - steps_per_second))
        if index == self.speed_box.currentIndex():
            self._speed_chosen(index)
        else:
            self.speed_box.setCurrentIndex(index)

    def _speed_chosen(self, index: int) -> None:
        speed = self.speed_box.itemData(index)
        if speed is not None:
            self.player.set_speed(float(speed))

    # ------------------------------------------------------------------ timeline
    def _slider_moved(self, value: int) -> None:
        if value != self.player.position:
            self.player.seek(value)

    def sync(self, *_: object) -> None:
        player = self.player
        self.slider.blockSignals(True)
        self.slider.setRange(0, player.length)
        self.slider.setValue(player.position)
        self.slider.blockSignals(False)
        self.label.setText(self.position_text())

    def position_text(self) -> str:
        player = self.player
        if player.length == 0:
            return self.tr("no steps")
        if player.position == 0:
            phase = "start"
        elif player.position >= player.length:
            phase = "done"
        elif player.position > player.update_start:
            phase = "update"
        elif player.position > player.backward_start:
            phase = "backward"
        else:
            phase = "forward"
        text = self.tr("step %1 of %2 · %3").replace("%1", str(player.position))
        return text.replace("%2", str(player.length)).replace("%3", self._phases()[phase])

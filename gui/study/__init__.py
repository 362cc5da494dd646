"""Self-study tools (issue 7): predict before you see, a quiz, and views that check the maths.

``install(parts)`` (a gui.features entry) adds a Study menu before Help, a "Predict" switch on
the player bar, the predict panel as a dock, and opens the quiz, the gradient check, naive versus
backprop and batch accumulation as windows of their own, each following the run on screen. Heavy
parts (pyqtgraph for the cost plot) load only when their view opens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QDockWidget, QMenu, QToolButton

from ..actions import ActionSpec
from ..qt_typed import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from ..window_parts import WindowParts
    from .predict_mode import PredictMode, PredictPanel

SPECS = (
    ActionSpec(
        "study_predict",
        QT_TRANSLATE_NOOP("Actions", "&Predict Before You See"),
        ("Ctrl+Alt+P",),
        QT_TRANSLATE_NOOP(
            "Actions", "Stop before each number and type your prediction; the run keeps a score"
        ),
        checkable=True,
        icon_text=QT_TRANSLATE_NOOP("Actions", "Predict"),
    ),
    ActionSpec(
        "study_quiz",
        QT_TRANSLATE_NOOP("Actions", "&Quiz…"),
        ("Ctrl+Alt+Q",),
        QT_TRANSLATE_NOOP(
            "Actions", "The lecture's gradient-descent question, then questions about this graph"
        ),
    ),
    ActionSpec(
        "study_gradcheck",
        QT_TRANSLATE_NOOP("Actions", "&Gradient Check…"),
        ("Ctrl+Alt+G",),
        QT_TRANSLATE_NOOP(
            "Actions", "Backprop's gradient of every leaf next to a finite-difference estimate"
        ),
    ),
    ActionSpec(
        "study_cost",
        QT_TRANSLATE_NOOP("Actions", "&Naive Versus Backprop…"),
        (),
        QT_TRANSLATE_NOOP(
            "Actions", "What expanding every path costs against backprop, as layers are added"
        ),
    ),
    ActionSpec(
        "study_batch",
        QT_TRANSLATE_NOOP("Actions", "&Batch Accumulation…"),
        (),
        QT_TRANSLATE_NOOP(
            "Actions", "Each sample's gradient, their mean, then the gradient-descent update"
        ),
    ),
)


class StudyTools(QObject):
    """The Study menu and its windows; ``window.study`` holds it.

    ``lock_changed(bool)`` tells every view that shows finished-run numbers (the study windows,
    the lab's plots and status) whether predict mode is hiding them now: ``locked()`` is True
    while predict mode is on and the player has not reached the end of the run."""

    lock_changed = Signal(bool)

    def __init__(self, parts: WindowParts) -> None:
        super().__init__(parts.window)
        self.parts = parts
        window = parts.window
        self._predict: PredictMode | None = None  # made on first use: start-up stays quick
        self.views: dict[str, QDialog] = {}
        actions = {spec.name: parts.actions.add(spec) for spec in SPECS}
        actions["study_predict"].toggled.connect(self.set_predict)
        actions["study_quiz"].triggered.connect(self.open_quiz)
        actions["study_gradcheck"].triggered.connect(lambda: self.open_view("gradcheck"))
        actions["study_cost"].triggered.connect(lambda: self.open_view("cost"))
        actions["study_batch"].triggered.connect(lambda: self.open_view("batch"))
        self.actions = actions

        self.menu = QMenu(window)
        self.menu.setObjectName("menu_study")
        self.menu.addAction(actions["study_predict"])
        self.menu.addAction(actions["study_quiz"])
        self.menu.addSeparator()
        for name in ("study_gradcheck", "study_cost", "study_batch"):
            self.menu.addAction(actions[name])
        window.menuBar().insertMenu(parts.menus.help.menuAction(), self.menu)
        parts.player_bar.addSeparator()
        parts.player_bar.addAction(actions["study_predict"])
        button = parts.player_bar.widgetForAction(actions["study_predict"])
        if isinstance(button, QToolButton):
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        parts.language_changed.connect(self.retranslate)
        self.retranslate()

    def retranslate(self) -> None:
        self.menu.setTitle(self.tr("&Study"))

    # ------------------------------------------------------------------ predict
    def locked(self) -> bool:
        """Whether views must hide numbers the player has not reached (predict mode)."""
        return self._predict is not None and self._predict.locked

    def lock_text(self) -> str:
        """The line a locked view shows instead of its numbers."""
        return self.tr(
            "Predict mode is on: this view would show numbers the player has not reached yet. "
            "They appear when the run has been played to the end, or when Predict is turned off."
        )

    @property
    def predict(self) -> PredictMode:
        """Predict mode with its panel in a dock beside the explanation (made when first used)."""
        if self._predict is None:
            from .predict_mode import PredictMode, PredictPanel

            parts = self.parts
            panel = PredictPanel(parts.window)
            self._predict = PredictMode(parts, panel)
            self._predict.lock_changed.connect(self.lock_changed)
            self._dock = parts.add_dock(
                "predict_dock", QT_TRANSLATE_NOOP("Docks", "Predict"), panel, "bottom"
            )
            parts.window.splitDockWidget(
                parts.docks["explanation_dock"], self._dock, Qt.Orientation.Horizontal
            )
            self._dock.hide()
        return self._predict

    @property
    def panel(self) -> PredictPanel:
        return self.predict.panel

    @property
    def dock(self) -> QDockWidget:
        self.predict  # noqa: B018 (made on first use)
        return self._dock

    def set_predict(self, on: bool) -> None:
        if on or self._predict is not None:
            self.predict.set_enabled(on)
        if not on and self._predict is not None:
            self.dock.hide()  # its question and buttons mean nothing with predict mode off
        if on:
            first = not self.dock.isVisible()
            self.dock.show()
            self.dock.raise_()
            if first:  # room for the question: half the bottom row, a little taller
                window = self.parts.window
                explanation = self.parts.docks["explanation_dock"]
                half = max(300, (explanation.width() + self.dock.width()) // 2)
                window.resizeDocks(
                    [explanation, self.dock], [half, half], Qt.Orientation.Horizontal
                )
                window.resizeDocks([self.dock], [250], Qt.Orientation.Vertical)
            self.panel.answer.setFocus()
        if self.actions["study_predict"].isChecked() != on:
            self.actions["study_predict"].setChecked(on)

    # ------------------------------------------------------------------ windows
    def open_quiz(self) -> QDialog:
        from .quiz_dialog import QuizDialog

        dialog = self.views.get("quiz")
        if not isinstance(dialog, QuizDialog):  # None until the first quiz
            dialog = QuizDialog(self.parts)
            self.views["quiz"] = dialog
        dialog.start()  # questions about the graph on screen now
        dialog.show()
        dialog.raise_()
        return dialog

    def open_view(self, name: str) -> QDialog:
        view = self.views.get(name)
        if view is None:
            view = self._make_view(name)
            self.views[name] = view
        view.show()
        view.raise_()
        view.activateWindow()
        return view

    def _make_view(self, name: str) -> QDialog:
        if name == "gradcheck":
            from .gradcheck_view import GradCheckView

            return GradCheckView(self.parts, self)
        if name == "cost":
            from .cost_view import CostView

            return CostView(self.parts, self)
        if name == "batch":
            from .batch_view import BatchView

            return BatchView(self.parts, self)
        raise KeyError(name)


def install(parts: WindowParts) -> StudyTools:
    return StudyTools(parts)

"""Predict before you see: the player stops before each number and the student types it first.

Students learn more when they commit to an answer. With predict mode on, before the step that
would reveal a forward value, a backward contribution or an updated weight, the player waits:
the question (core.teaching.predict.question_at) is shown, forward stepping is disabled, and the student
types a number. The answer is checked within a tolerance they choose; the panel says right or
wrong, shows the correct number with the formula that gives it (the step's explanation from
core.teaching.explain), keeps the run's score, and then plays the step. A hint shows the formula without
the number.

Steps on arrays (a document with several samples) are asked about one element, the first,
and the question says which (core.teaching.predict, ``arrays="first"``).

Nothing here computes an answer: questions, hints, checks and explanations come from core. What
this module guarantees is that nothing on screen gives the answer away early: the scene only
shows the state up to the cursor, forward controls are disabled while a question waits, the
node inspector shows only the numbers the cursor has reached (gui.study.masked_report), and
``lock_changed`` locks every view that shows finished-run numbers (the study windows, the lab's
plots and status) until the player reaches the end of the run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from core.autodiff.notation import format_number
from core.teaching.predict import (
    ABS_TOL,
    REL_TOL,
    Question,
    Score,
    Verdict,
    check,
    question_at,
    reveals,
)

from ..fonts import math_font
from ..override_guard import guard_overrides
from .masked_report import report_html_at

if TYPE_CHECKING:
    from ..window_parts import WindowParts

RIGHT_COLOUR = "#1a7f37"
WRONG_COLOUR = "#b2182b"
FORWARD_ACTIONS = ("play_step_forward", "play_toggle", "play_to_end", "play_to_backward")
"""Controls that would move the cursor past an unanswered question."""


@guard_overrides
class PredictPanel(QScrollArea):
    """The question, the answer box, the last verdict and the score (a dock's widget)."""

    answer_submitted = Signal(str)
    hint_requested = Signal()
    reveal_requested = Signal()
    tolerance_changed = Signal(float)  # relative tolerance, e.g. 0.01

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("predict_panel")
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(6)
        base = body.font()

        top = QHBoxLayout()
        self.score_label = QLabel(body)
        self.score_label.setObjectName("predict_score")
        self.score_label.setFont(math_font(base, 1.1, bold=True))
        self.tolerance_label = QLabel(body)
        self.tolerance = QDoubleSpinBox(body)
        self.tolerance.setObjectName("predict_tolerance")
        self.tolerance.setRange(0.1, 50.0)
        self.tolerance.setDecimals(1)
        self.tolerance.setSingleStep(0.5)
        self.tolerance.setValue(REL_TOL * 100)
        self.tolerance.setSuffix(" %")
        self.tolerance.valueChanged.connect(lambda v: self.tolerance_changed.emit(v / 100.0))
        self.tolerance_label.setBuddy(self.tolerance)
        top.addWidget(self.score_label, 1)
        top.addWidget(self.tolerance_label)
        top.addWidget(self.tolerance)
        layout.addLayout(top)

        self.prompt = QLabel(body)
        self.prompt.setObjectName("predict_prompt")
        self.prompt.setWordWrap(True)
        self.prompt.setFont(math_font(base, 1.3, bold=True))
        self.prompt.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.prompt)

        self.answer = QLineEdit(body)
        self.answer.setObjectName("predict_answer")
        self.answer.setFont(math_font(base, 1.3))
        self.answer.returnPressed.connect(self._submit)
        layout.addWidget(self.answer)
        row = QHBoxLayout()
        self.check_button = QPushButton(body)
        self.check_button.setObjectName("predict_check")
        self.check_button.setDefault(True)
        self.check_button.clicked.connect(self._submit)
        self.hint_button = QPushButton(body)
        self.hint_button.setObjectName("predict_hint")
        self.hint_button.clicked.connect(self.hint_requested)
        self.reveal_button = QPushButton(body)
        self.reveal_button.setObjectName("predict_reveal")
        self.reveal_button.clicked.connect(self.reveal_requested)
        for button in (self.check_button, self.hint_button, self.reveal_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)

        self.hint = QLabel(body)
        self.hint.setObjectName("predict_hint_text")
        self.hint.setWordWrap(True)
        self.hint.setFont(math_font(base, 1.2, italic=True))
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.hint)

        self.last_heading = QLabel(body)
        self.last_heading.setObjectName("predict_last_heading")
        self.last_heading.setStyleSheet("color: #555555;")
        self.last_heading.setFont(math_font(base, 0.95, italic=True))
        layout.addSpacing(4)
        layout.addWidget(self.last_heading)
        self.verdict = QLabel(body)
        self.verdict.setObjectName("predict_verdict")
        self.verdict.setWordWrap(True)
        self.verdict.setFont(math_font(base, 1.15, bold=True))
        self.verdict.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.verdict)
        self.explanation = QLabel(body)
        self.explanation.setObjectName("predict_explanation")
        self.explanation.setWordWrap(True)
        self.explanation.setFont(math_font(base, 1.15))
        self.explanation.setTextFormat(Qt.TextFormat.PlainText)
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.explanation)
        layout.addStretch(1)
        self.setWidget(body)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.show_verdict("", RIGHT_COLOUR, "")
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.tolerance_label.setText(self.tr("&Tolerance ±"))
        self.tolerance.setToolTip(
            self.tr("An answer counts as right within this percentage of the true value")
        )
        self.answer.setPlaceholderText(self.tr("Your answer, e.g. 0.25, −0,25 or 1/4"))
        self.check_button.setText(self.tr("&Check"))
        self.check_button.setToolTip(self.tr("Check the answer, then play the step (Enter)"))
        self.hint_button.setText(self.tr("&Hint"))
        self.hint_button.setToolTip(self.tr("Show the formula without the number"))
        self.reveal_button.setText(self.tr("Show &Answer"))
        self.reveal_button.setToolTip(self.tr("Play the step without answering (not scored)"))
        self.last_heading.setText(self.tr("The step just played:"))

    def _submit(self) -> None:
        if self.answer.isEnabled():
            self.answer_submitted.emit(self.answer.text())

    # ------------------------------------------------------------------ showing
    def show_question(self, prompt: str, asking: bool) -> None:
        self.prompt.setText(prompt)
        self.hint.clear()
        self.hint.hide()
        self.answer.clear()
        for widget in (self.answer, self.check_button, self.hint_button, self.reveal_button):
            widget.setEnabled(asking)
        if asking:
            self.answer.setFocus()

    def show_hint(self, text: str) -> None:
        self.hint.setText(text)
        self.hint.show()

    def show_verdict(self, message: str, colour: str, explanation: str) -> None:
        self.verdict.setText(message)
        self.verdict.setStyleSheet(f"color: {colour};")
        self.verdict.setVisible(bool(message))
        self.last_heading.setVisible(bool(message))
        self.explanation.setText(explanation)
        self.explanation.setVisible(bool(explanation))

    def show_score(self, text: str) -> None:
        self.score_label.setText(text)

    def clear(self) -> None:
        """Predict mode is off: no question, no answer, nothing to press."""
        self.show_question("", asking=False)
        self.show_verdict("", RIGHT_COLOUR, "")


class PredictMode(QObject):
    """Gates the window's player while predict mode is on; owns the score for the run."""

    score_changed = Signal(object)  # core.teaching.predict.Score
    enabled_changed = Signal(bool)
    lock_changed = Signal(bool)  # whether views must hide numbers the player has not reached

    def __init__(self, parts: WindowParts, panel: PredictPanel) -> None:
        super().__init__(parts.window)
        self.parts = parts
        self.player = parts.player
        self.panel = panel
        self.enabled = False
        self.rel_tol = REL_TOL
        self.abs_tol = ABS_TOL
        self.score = Score()
        self.scored: set[int] = set()  # positions whose first answer counted
        self.question: Question | None = None
        self.last_verdict: Verdict | None = None
        self._played = -1  # the position the last answered step led to
        self._locked = False
        panel.answer_submitted.connect(self.submit)
        panel.hint_requested.connect(self.show_hint)
        panel.reveal_requested.connect(self.reveal)
        panel.tolerance_changed.connect(self._set_tolerance)
        # connected after the window's own slots, so these run last and may override them
        self.player.position_changed.connect(self._position_changed)
        parts.controller.run_changed.connect(self._run_changed)
        parts.scene.node_selected.connect(lambda _node: self._mask_inspector())
        parts.language_changed.connect(self._language_changed)
        self._show_score()

    # ------------------------------------------------------------------ switching
    def set_enabled(self, enabled: bool) -> None:
        if enabled == self.enabled:
            return
        self.enabled = enabled
        if enabled:
            self.player.pause()
            self._ask()
        else:
            self.question = None
            self.panel.clear()
            self._set_forward_enabled(True)
            self.parts.player_bar.slider.setEnabled(True)
            self._restore_inspector()
        self._update_lock()
        self.enabled_changed.emit(enabled)

    @property
    def locked(self) -> bool:
        """On, with steps (and so numbers) the player has not reached yet."""
        return self._locked

    def _update_lock(self) -> None:
        run = self.parts.controller.run
        locked = (
            self.enabled
            and run is not None
            and run.trace is not None
            and self.player.position < self.player.length
        )
        if locked != self._locked:
            self._locked = locked
            self.lock_changed.emit(locked)

    def reset_score(self) -> None:
        self.score = Score()
        self.scored.clear()
        self._show_score()

    # ------------------------------------------------------------------ asking
    def _ask(self) -> None:
        """The question for the step after the cursor, if any; forward controls follow it."""
        if not self.enabled:
            return
        run = self.parts.controller.run
        position = self.player.position
        question = None
        if run is not None and run.trace is not None:
            question = question_at(
                run.graph, run.trace, position, backward="contribution", arrays="first"
            )
        self.question = question
        if question is not None:
            self.player.pause()
            self.panel.show_question(question.prompt + self._sample_note(question), asking=True)
        elif run is None or run.trace is None or position >= self.player.length:
            self.panel.show_question(self.tr("The run is finished."), asking=False)
        else:
            self.panel.show_question(
                self.tr("Nothing to predict in the next step: step forward (→)."), asking=False
            )
        self._set_forward_enabled(question is None)
        self.parts.player_bar.slider.setEnabled(False)
        self._mask_inspector()

    def _sample_note(self, question: Question) -> str:
        """Which sample an array's element is, when the array holds one row per sample."""
        from core.teaching.gradcheck import run_leaf_values

        from .batch import sample_count

        run = self.parts.controller.run
        if question.element is None or run is None or run.trace is None:
            return ""
        samples = sample_count(run.graph, run_leaf_values(run))  # a lab run's batch, too
        step = run.trace[question.position]
        value: Any = getattr(step, "value", getattr(step, "contribution", None))
        shape = np.shape(value)
        if samples <= 1 or not shape or shape[0] != samples:
            return ""
        note = " " + self.tr("That is sample %1 of the %2 samples.")
        note = note.replace("%1", str(question.element[0] + 1)).replace("%2", str(samples))
        return "" if reveals(note, question.answer) else note

    def _set_forward_enabled(self, enabled: bool) -> None:
        for name in FORWARD_ACTIONS:
            if name in self.parts.actions:
                self.parts.actions[name].setEnabled(enabled)

    def show_hint(self) -> None:
        if self.question is not None:
            self.panel.show_hint(self.question.hint)

    def submit(self, text: str) -> Verdict | None:
        """Check ``text`` against the pending question; a valid answer plays the step."""
        question = self.question
        if question is None:
            return None
        verdict = check(question, text, self.rel_tol, self.abs_tol)
        if not verdict.valid:
            self.panel.show_verdict(verdict.message, WRONG_COLOUR, "")
            return verdict
        if question.position not in self.scored:
            self.scored.add(question.position)
            self.score = self.score.record(verdict)
            self._show_score()
        self.last_verdict = verdict
        colour = RIGHT_COLOUR if verdict.correct else WRONG_COLOUR
        mark = "✓ " if verdict.correct else "✗ "
        self.panel.show_verdict(mark + verdict.message, colour, _explanation(question))
        self._play_step()
        return verdict

    def reveal(self) -> None:
        """Play the step without an answer (not scored), saying what the number was."""
        question = self.question
        if question is None:
            return
        message = self.tr("Not answered: it is %1.").replace("%1", format_number(question.answer))
        self.panel.show_verdict(message, "#555555", _explanation(question))
        self._play_step()

    def _play_step(self) -> None:
        self._played = self.player.position + 1
        self.question = None
        self._set_forward_enabled(True)
        self.player.step_forward()  # position_changed → the next question

    # ------------------------------------------------------------------ reacting
    def _position_changed(self, position: int) -> None:
        if position != self._played:  # a jump: the last verdict is about another step
            self.panel.show_verdict("", RIGHT_COLOUR, "")
            self._played = -1
        if self.enabled:
            self._ask()
        self._update_lock()

    def _run_changed(self, *_args) -> None:
        self.reset_score()
        self.panel.show_verdict("", RIGHT_COLOUR, "")
        if self.enabled:
            self._ask()
        self._update_lock()

    def _language_changed(self) -> None:
        self._show_score()
        if self.enabled:
            self._ask()  # core's texts again, in the new language

    def _set_tolerance(self, relative: float) -> None:
        self.rel_tol = relative

    def _show_score(self) -> None:
        self.panel.show_score(self.score.text())
        self.score_changed.emit(self.score)

    def _mask_inspector(self) -> None:
        """In predict mode the inspector shows only what the cursor has reached."""
        if not self.enabled:
            return
        parts = self.parts
        run = parts.controller.run
        node = parts.selected_node()
        if run is None or node is None or node not in run.graph:
            return
        parts.inspector.setHtml(report_html_at(run, node, self.player.position))

    def _restore_inspector(self) -> None:
        parts = self.parts
        parts.inspector.show_node(parts.controller.run, parts.selected_node())


def _explanation(question: Question) -> str:
    """The step's explanation from core: title, the equation with numbers, and the detail."""
    text = question.explanation
    return "\n".join(part for part in (text.title, text.equation, text.detail) if part)

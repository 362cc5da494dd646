"""A short quiz: the lecture's gradient-descent poll, then questions about the graph on screen.

Questions, right answers and the feedback for every option come from core.teaching.quiz; this dialog
only asks them one by one, grades the choice with core.teaching.quiz.grade, colours each option by
whether it was right, and highlights the nodes an option is about (a weight, a path) in the graph.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from core.autodiff.engine import Run
from core.teaching import quiz
from core.teaching.quiz import QuizQuestion, QuizVerdict

from ..fonts import math_font
from ..override_guard import guard_overrides

if TYPE_CHECKING:
    from ..window_parts import WindowParts

RIGHT_COLOUR = "#1a7f37"
WRONG_COLOUR = "#b2182b"
MISSED_COLOUR = "#8a5a00"


def quiz_questions(run: Run | None, seed: int = 0) -> list[QuizQuestion]:
    """The lecture's poll first, then what this graph supports (core.teaching.quiz decides)."""
    questions = [quiz.gradient_descent_quiz(seed=seed or None)]  # 0: the lecture's order
    if run is not None:
        questions += quiz.graph_questions(run, seed=seed)
    return questions


@guard_overrides
class QuizDialog(QDialog):
    """One question at a time; Check grades it, Next moves on, the score is kept."""

    def __init__(self, parts: WindowParts, seed: int = 0) -> None:
        super().__init__(parts.window)
        self.setObjectName("quiz_dialog")
        self.parts = parts
        self.seed = seed
        self.questions: list[QuizQuestion] = []
        self.index = 0
        self.right = 0
        self.answered = 0
        self.verdict: QuizVerdict | None = None
        self.buttons: list[QAbstractButton] = []
        self.feedback_labels: list[QLabel] = []
        self.resize(720, 560)

        layout = QVBoxLayout(self)
        base = self.font()
        math = math_font(base)
        self._math = math
        self.counter = QLabel(self)
        self.counter.setObjectName("quiz_counter")
        layout.addWidget(self.counter)
        self.prompt = QLabel(self)
        self.prompt.setObjectName("quiz_prompt")
        self.prompt.setWordWrap(True)
        self.prompt.setTextFormat(Qt.TextFormat.PlainText)
        prompt_font = QFont(math)
        prompt_font.setPointSizeF(base.pointSizeF() * 1.3)
        prompt_font.setBold(True)
        self.prompt.setFont(prompt_font)
        layout.addWidget(self.prompt)

        self.options_area = QScrollArea(self)
        self.options_area.setWidgetResizable(True)
        self.options_area.setFrameShape(QScrollArea.Shape.NoFrame)
        layout.addWidget(self.options_area, 1)

        self.verdict_label = QLabel(self)
        self.verdict_label.setObjectName("quiz_result")
        self.verdict_label.setWordWrap(True)
        self.verdict_label.setTextFormat(Qt.TextFormat.PlainText)
        result_font = QFont(math)
        result_font.setPointSizeF(base.pointSizeF() * 1.1)
        self.verdict_label.setFont(result_font)
        layout.addWidget(self.verdict_label)
        self.legend = QLabel(self)
        self.legend.setObjectName("quiz_legend")
        self.legend.setStyleSheet("color: #555555;")
        self.legend.hide()
        layout.addWidget(self.legend)

        row = QHBoxLayout()
        self.score_label = QLabel(self)
        self.score_label.setObjectName("quiz_score")
        self.check_button = QPushButton(self)
        self.check_button.setObjectName("quiz_check")
        self.check_button.setDefault(True)
        self.check_button.clicked.connect(self.check)
        self.next_button = QPushButton(self)
        self.next_button.setObjectName("quiz_next")
        self.next_button.clicked.connect(self.next_question)
        self.restart_button = QPushButton(self)
        self.restart_button.setObjectName("quiz_restart")
        self.restart_button.clicked.connect(lambda: self.start(self.seed + 1))
        self.close_button = QPushButton(self)
        self.close_button.setObjectName("quiz_close")
        self.close_button.clicked.connect(self.close)
        row.addWidget(self.score_label, 1)
        for button in (self.check_button, self.next_button, self.restart_button, self.close_button):
            row.addWidget(button)
        layout.addLayout(row)
        self.retranslate()

    # ------------------------------------------------------------------ language
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            if self.questions:  # core's texts again, in the new language
                keep = (self.index, self.right, self.answered)
                self.start(self.seed)
                self.index, self.right, self.answered = keep
                self._show()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Quiz"))
        self.check_button.setText(self.tr("&Check"))
        self.next_button.setText(self.tr("&Next Question"))
        self.restart_button.setText(self.tr("&Start Over"))
        self.close_button.setText(self.tr("Close"))
        self.legend.setText(
            self.tr("✓ a right choice   ✗ a wrong choice   ○ a right answer you did not choose")
        )
        self._show_score()

    # ------------------------------------------------------------------ flow
    def start(self, seed: int | None = None) -> None:
        """New questions for the graph on screen (another seed shuffles and picks others)."""
        if seed is not None:
            self.seed = seed
        self.questions = quiz_questions(self.parts.controller.run, self.seed)
        self.index = self.right = self.answered = 0
        self._show()

    @property
    def question(self) -> QuizQuestion | None:
        return self.questions[self.index] if 0 <= self.index < len(self.questions) else None

    def _show(self) -> None:
        self.verdict = None
        question = self.question
        body = QWidget()
        column = QVBoxLayout(body)
        self.buttons, self.feedback_labels = [], []
        self.group = QButtonGroup(body)
        if question is None:
            self.counter.setText("")
            self.prompt.setText(
                self.tr("Done: %1 of %2 right.")
                .replace("%1", str(self.right))
                .replace("%2", str(self.answered))
            )
            self.check_button.setEnabled(False)
            self.next_button.setEnabled(False)
        else:
            self.counter.setText(
                self.tr("Question %1 of %2")
                .replace("%1", str(self.index + 1))
                .replace("%2", str(len(self.questions)))
            )
            self.prompt.setText(question.prompt)
            self.group.setExclusive(not question.multiple)
            if question.multiple:
                note = QLabel(self.tr("Several answers may be right: tick every one."), body)
                note.setObjectName("quiz_multiple_note")
                column.addWidget(note)
            for i, option in enumerate(question.options):
                button: QAbstractButton = (
                    QCheckBox(option, body) if question.multiple else QRadioButton(option, body)
                )
                button.setObjectName(f"quiz_option_{i}")
                button.setFont(self._option_font())
                button.toggled.connect(lambda _on=False, k=i: self._option_toggled(k))
                self.group.addButton(button, i)
                feedback = QLabel(body)
                feedback.setObjectName(f"quiz_feedback_{i}")
                feedback.setWordWrap(True)
                feedback.setTextFormat(Qt.TextFormat.PlainText)
                feedback.setFont(self._math)
                feedback.setContentsMargins(28, 0, 0, 6)
                feedback.hide()
                column.addWidget(button)
                column.addWidget(feedback)
                self.buttons.append(button)
                self.feedback_labels.append(feedback)
            self.check_button.setEnabled(True)
            self.next_button.setEnabled(False)
        column.addStretch(1)
        self.options_area.setWidget(body)
        self.verdict_label.clear()
        self.legend.hide()
        self._show_score()

    def _option_font(self) -> QFont:
        font = QFont(self._math)
        font.setPointSizeF(self.font().pointSizeF() * 1.2)
        return font

    def chosen(self) -> list[int]:
        return [i for i, b in enumerate(self.buttons) if b.isChecked()]

    def choose(self, indexes: list[int]) -> None:
        """Tick exactly these options (tests, keyboard)."""
        for i, button in enumerate(self.buttons):
            button.setChecked(i in indexes)

    def check(self) -> QuizVerdict | None:
        question = self.question
        if question is None or self.verdict is not None:
            return None
        chosen = self.chosen()
        if not chosen:
            self.verdict_label.setStyleSheet("")
            self.verdict_label.setText(self.tr("Choose an answer first."))
            return None
        verdict = quiz.grade(question, chosen)
        self.verdict = verdict
        self.answered += 1
        self.right += int(verdict.correct)
        for i, label in enumerate(self.feedback_labels):
            shown = i in verdict.chosen or i in question.correct
            if not shown:
                continue
            if i in verdict.wrong:
                colour, mark = WRONG_COLOUR, "✗ "
            elif i in verdict.missed:
                colour, mark = MISSED_COLOUR, "○ "
            else:
                colour, mark = RIGHT_COLOUR, "✓ "
            label.setText(mark + question.feedback[i])
            label.setStyleSheet(f"color: {colour};")
            label.show()
        for button in self.buttons:  # locked, but still readable (disabled text is faint)
            button.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.legend.show()
        head = self.tr("Right.") if verdict.correct else self.tr("Not quite.")
        self.verdict_label.setStyleSheet(
            f"color: {RIGHT_COLOUR if verdict.correct else WRONG_COLOUR};"
        )
        self.verdict_label.setText(f"{head} {question.explanation}")
        self.check_button.setEnabled(False)
        self.next_button.setEnabled(True)
        self.next_button.setFocus()
        self._show_score()
        return verdict

    def next_question(self) -> None:
        self.index += 1
        self._show()

    def _show_score(self) -> None:
        self.score_label.setText(
            self.tr("Score: %1 of %2")
            .replace("%1", str(self.right))
            .replace("%2", str(self.answered))
        )

    def _option_toggled(self, index: int) -> None:
        """Highlight the nodes the option is about (a weight, the nodes of a path)."""
        question = self.question
        if question is None or index >= len(question.option_nodes):
            return
        if not self.buttons[index].isChecked():
            return
        scene = self.parts.scene
        nodes = [n for n in question.option_nodes[index] if n in scene.node_items()]
        if not nodes:
            return
        scene.clearSelection()
        for node in nodes:
            scene.node_item(node).setSelected(True)

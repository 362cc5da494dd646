"""Panels that put the current step and the selected node into words and numbers.

``ExplanationPanel`` shows core.teaching.explain.describe_step for the player's position in a large font
(readable on a projector), the document's caption at the start, and where a NaN or infinity
first appeared. ``NodeInspector`` shows core.teaching.explain.node_report for the selected node: formula,
value, gradient, local derivatives and the chain rule expanded over every path, with what that
expansion costs against backprop. Neither computes a number: all text comes from core.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QFont, QFontInfo
from PySide6.QtWidgets import QLabel, QScrollArea, QTextBrowser, QVBoxLayout, QWidget

from core.autodiff.engine import Run
from core.autodiff.notation import format_number, name_of
from core.teaching.explain import describe_step, node_report

from ..fonts import math_font

PROBLEM_COLOUR = "#b2182b"
EQUATION_SIZE = 1.9  # the equation, relative to the panel's font


def _label(parent: QWidget, name: str, font: QFont) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setFont(font)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class ExplanationPanel(QScrollArea):
    """What the step that brought the player here did, with numbers substituted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("explanation_panel")
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(6)
        base = body.font()
        self.scale = 1.0
        self._base = base
        self.title = _label(body, "explanation_title", math_font(base, 1.3, bold=True))
        self.equation = _label(body, "explanation_equation", math_font(base, EQUATION_SIZE))
        self.detail = _label(body, "explanation_detail", math_font(base, 1.15))
        self.caption = _label(body, "explanation_caption", math_font(base, 1.15))
        self.caption.setStyleSheet("color: #3a3a5a; font-style: italic;")
        self.problem = _label(body, "explanation_problem", math_font(base, 1.15, bold=True))
        self.problem.setStyleSheet(f"color: {PROBLEM_COLOUR};")
        for widget in (self.title, self.equation, self.detail, self.caption, self.problem):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.setWidget(body)
        self._caption_text = ""
        self.problem.hide()
        self.caption.hide()

    def set_scale(self, factor: float, equation_px: float | None = None) -> None:
        """Bigger text for presentation mode (1.0 = normal); with ``equation_px`` the factor
        grows until the equation is at least that many pixels tall, whatever the screen's
        font (a 9 pt font is 9 px at 72 dpi but 12 px at 96)."""
        if equation_px is not None:
            base_px = QFontInfo(math_font(self._base, EQUATION_SIZE)).pixelSize()
            factor = max(factor, equation_px / max(1, base_px))
        self.scale = factor
        for widget, size, bold in (
            (self.title, 1.3, True),
            (self.equation, EQUATION_SIZE, False),
            (self.detail, 1.15, False),
            (self.caption, 1.15, False),
            (self.problem, 1.15, True),
        ):
            font = math_font(self._base, size * factor, bold)
            if widget is self.equation and equation_px is not None:
                font.setPixelSize(max(round(equation_px), QFontInfo(font).pixelSize()))
            widget.setFont(font)

    def set_caption(self, caption: str) -> None:
        """The document's "what to notice" text, shown while the player is at the start."""
        self._caption_text = caption.strip()

    def show_step(self, run: Run | None, position: int) -> None:
        if run is None or run.trace is None:
            self.title.setText(self.tr("No graph"))
            self.equation.setText("")
            self.detail.setText(self.tr("Type a program in the editor or open an example."))
            self.caption.hide()
            self.problem.hide()
            return
        text = describe_step(run.graph, run.trace, position)
        self.title.setText(text.title)
        self.equation.setText(text.equation)
        self.detail.setText(text.detail)
        self.detail.setVisible(bool(text.detail))
        self.caption.setText(self._caption_text)
        self.caption.setVisible(position == 0 and bool(self._caption_text))
        note = problem_note(run)
        self.problem.setText(note)
        self.problem.setVisible(bool(note))

    def plain_text(self) -> str:
        """Everything currently shown, one line per part (tests, exports, screen readers)."""
        parts = [self.title, self.equation, self.detail, self.caption, self.problem]
        return "\n".join(p.text() for p in parts if not p.isHidden() and p.text())


def problem_note(run: Run) -> str:
    """Where the first NaN / infinity appeared, forward and backward, from Run.problems."""
    if not run.problems:
        return ""
    return "\n".join(f"⚠ {p.message}" for p in run.problems)


class NodeInspector(QTextBrowser):
    """The selected node's report as formatted text, chain rule included."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("node_inspector")
        self.setOpenLinks(False)
        self.setFont(math_font(self.font(), 1.1))
        self.node_id: str | None = None
        self.show_node(None, None)

    def show_node(self, run: Run | None, node_id: str | None) -> None:
        self.node_id = node_id
        if run is None or node_id is None or node_id not in run.graph:
            self.node_id = None
            self.setHtml(
                "<p><i>"
                + self.tr(
                    "Click a node in the graph to see its formula, value, gradient, local "
                    "derivatives and the chain rule over every path to the output."
                )
                + "</i></p>"
            )
            return
        self.setHtml(report_html(run, node_id))


class InspectorText(QObject):
    """The inspector's words in the current language (a QObject, so plural forms work)."""

    def value(self) -> str:
        return self.tr("value")

    def gradient(self) -> str:
        return self.tr("gradient")

    def no_gradient(self) -> str:
        return self.tr("none: the output does not depend on it")

    def locals(self) -> str:
        return self.tr("Local derivatives")

    def chain_heading(self, paths: int) -> str:
        return self.tr("Chain rule over %n path(s)", "", paths)

    def chain_sentence(self) -> str:
        return self.tr(
            "%1 is the sum, over every path from %2 to the output, of the product of the local "
            "derivatives along it:"
        )

    def output_seed(self) -> str:
        return self.tr(
            "This is the output: the backward pass starts here with ∂%1/∂%1 = 1, with no "
            "path to expand and nothing to multiply."
        )

    def only_first(self, listed: int) -> str:
        return self.tr("Only the first %n paths are listed.", "", listed)

    def total(self) -> str:
        return self.tr("Sum")

    def cost(self) -> str:
        return self.tr(
            "<b>Cost.</b> Expanding every path: %1 multiplications. Backprop: %2 (one upstream × "
            "local per edge, each partial derivative computed once and reused)."
        )


def report_html(run: Run, node_id: str) -> str:
    report = node_report(run, node_id)
    e = html.escape
    words = InspectorText()
    out = [
        f"<h2 style='margin-bottom:2px'>{e(report.name)}</h2>",
        f"<p style='margin-top:0'><i>{e(report.kind)}</i></p>",
        f"<p style='font-size:large'>{e(report.formula)}</p>",
        "<table cellspacing='0' cellpadding='3'>",
        f"<tr><td>{e(words.value())}</td><td><b>{e(report.value_text)}</b></td></tr>",
    ]
    out_name = e(_output_name(run))
    if report.gradient_text:
        out.append(
            f"<tr><td>{e(words.gradient())} ∂{out_name}/∂{e(report.name)}"
            f"</td><td><b>{e(report.gradient_text)}</b></td></tr>"
        )
    else:
        out.append(
            f"<tr><td>{e(words.gradient())}</td><td><i>{e(words.no_gradient())}</i></td></tr>"
        )
    out.append("</table>")
    if report.locals:
        out.append(f"<h3>{e(words.locals())}</h3><table cellspacing='0' cellpadding='3'>")
        for local in report.locals:
            number = f" = <b>{e(local.number)}</b>" if local.number else ""
            out.append(
                f"<tr><td>{e(local.argument)}</td><td>= {e(local.formula)}{number}</td></tr>"
            )
        out.append("</table>")
    chain = report.chain
    if node_id == run.graph.output:  # no path to expand: the backward pass starts here
        out.append(f"<p>{e(words.output_seed().replace('%1', _output_name(run)))}</p>")
    elif chain is not None and chain.path_count:
        out.append(chain_html(chain, report.name, out_name))
    return "".join(out)


def chain_html(chain, name: str, out_name: str) -> str:  # chain: core.teaching.chain.ChainExpansion
    e = html.escape
    words = InspectorText()
    heading = words.chain_heading(chain.path_count)
    sentence = (
        e(words.chain_sentence()).replace("%1", f"∂{out_name}/∂{e(name)}").replace("%2", e(name))
    )
    out = [f"<h3>{e(heading)}</h3>", f"<p>{sentence}</p><ol>"]
    for term in chain.paths:
        out.append(
            f"<li>{e(term.symbols)}<br/>= {e(term.numbers)} = <b>{e(_number(term.product))}</b>"
            "</li>"
        )
    out.append("</ol>")
    if chain.truncated:
        out.append(f"<p><i>{e(words.only_first(len(chain.paths)))}</i></p>")
    if chain.total is not None:
        total = e(words.total())
        out.append(f"<p>{total} = <b>{e(_number(chain.total))}</b></p>")
    elif getattr(chain, "reason", ""):
        out.append(f"<p><i>{e(chain.reason)}</i></p>")
    cost = words.cost().replace("%1", str(chain.naive_multiplications))
    out.append("<p>" + cost.replace("%2", str(chain.backprop_multiplications)) + "</p>")
    return "".join(out)


def _number(value) -> str:
    return format_number(value)


def _output_name(run: Run) -> str:
    return name_of(run.graph, run.output)

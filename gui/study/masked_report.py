"""The node inspector's report as of the player's cursor, for predict mode.

The ordinary inspector shows the finished run: every value, gradient and chain-rule product. In
predict mode that would give answers away, so this report shows only what the player has
reached: the value once its forward step is done, the running sum of the gradient so far, a local
derivative's number once its edge has been walked back, and the chain rule's numbers once the
node's gradient is complete. Formulas are always shown: they are the hint, not the answer.
Every number comes from core (the trace, core.teaching.explain, core.teaching.chain).
"""

from __future__ import annotations

import html

from PySide6.QtCore import QObject

from core.autodiff.engine import Run
from core.autodiff.notation import format_number, name_of
from core.autodiff.trace import BackwardStep
from core.teaching.explain import node_report, running_sum_text

from ..panels.explanation import InspectorText


class PredictInspector(QObject):
    """The report's words in the current language (a QObject, so plural forms work)."""

    def words(self) -> dict[str, str]:
        return {
            "value": self.tr("value"),
            "gradient": self.tr("gradient"),
            "not_yet": self.tr("not computed yet"),
            "locals": self.tr("Local derivatives"),
            "later": self.tr("The numbers appear once the backward pass has finished this node."),
            "hidden": self.tr("Predict mode: numbers the player has not reached are hidden."),
        }

    def progress(self, received: int, expected: int) -> str:
        return self.tr("%1 of %n terms so far", "", expected).replace("%1", str(received))

    def chain_heading(self, paths: int) -> str:
        return self.tr("Chain rule over %n path(s)", "", paths)


def local_positions(run: Run, node_id: str) -> dict[int, int]:
    """Argument position → cursor position from which its local derivative's number is shown."""
    out: dict[int, int] = {}
    if run.trace is None:
        return out
    for index, step in enumerate(run.trace.steps, start=1):
        if isinstance(step, BackwardStep) and step.source == node_id:
            out.setdefault(step.position, index)
    return out


def report_html_at(run: Run, node_id: str, position: int) -> str:
    """What the inspector may show about ``node_id`` after ``position`` steps."""
    e = html.escape
    graph = run.graph
    trace = run.trace
    report = node_report(run, node_id)
    text = PredictInspector()
    words = text.words()
    w = {k: e(v) for k, v in words.items()}
    value = trace.value_at(node_id, position) if trace is not None else None
    gradient, received, expected = (
        trace.gradient_at(node_id, position) if trace is not None else (None, 0, 0)
    )
    value_text = (
        f"<b>{e(format_number(value))}</b>" if value is not None else f"<i>{w['not_yet']}</i>"
    )
    rows = [
        f"<h2 style='margin-bottom:2px'>{e(report.name)}</h2>",
        f"<p style='margin-top:0'><i>{e(report.kind)}</i></p>",
        f"<p style='font-size:large'>{e(report.formula)}</p>",
        "<table cellspacing='0' cellpadding='3'>",
        f"<tr><td>{w['value']}</td><td>{value_text}</td></tr>",
    ]
    if gradient is not None and trace is not None:
        shown = e(running_sum_text(graph, trace, node_id, position))
        if received < expected:
            shown += f" <i>({e(text.progress(received, expected))})</i>"
        rows.append(f"<tr><td>{w['gradient']}</td><td>{shown}</td></tr>")
    else:
        rows.append(f"<tr><td>{w['gradient']}</td><td><i>{w['not_yet']}</i></td></tr>")
    rows.append("</table>")
    if report.locals:
        reached = local_positions(run, node_id)
        rows.append(f"<h3>{w['locals']}</h3><table cellspacing='0' cellpadding='3'>")
        for pos, local in enumerate(report.locals):
            at = reached.get(pos)
            number = ""
            if local.number and at is not None and at <= position:
                number = f" = <b>{e(local.number)}</b>"
            rows.append(
                f"<tr><td>{e(local.argument)}</td><td>= {e(local.formula)}{number}</td></tr>"
            )
        rows.append("</table>")
    chain = report.chain
    if node_id == graph.output:
        seed = InspectorText().output_seed().replace("%1", name_of(graph, graph.output))
        rows.append(f"<p>{e(seed)}</p>")
    elif chain is not None and chain.path_count:
        complete = gradient is not None and received == expected
        heading = text.chain_heading(chain.path_count)
        rows.append(f"<h3>{e(heading)}</h3><ol>")
        for term in chain.paths:
            numbers = ""
            if complete:
                numbers = f"<br/>= {e(term.numbers)} = <b>{e(format_number(term.product))}</b>"
            rows.append(f"<li>{e(term.symbols)}{numbers}</li>")
        rows.append("</ol>")
        if not complete:
            rows.append(f"<p><i>{w['later']}</i></p>")
    rows.append(f"<p style='color:#666'><i>{w['hidden']}</i></p>")
    return "".join(rows)

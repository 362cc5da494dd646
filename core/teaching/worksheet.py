"""A worksheet's blanks: which numbers students write, in which order, and the answers.

A worksheet is the graph with the leaves' values, and numbered blanks where students write
each forward value (in the order the forward pass computes them) and each gradient (in the
order the backward pass completes them), then an answer key with the same numbering. The
answers are the engine's numbers from the trace, written as the window writes them.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..autodiff.engine import Run
from ..autodiff.notation import format_number, name_of
from ..autodiff.trace import BackwardStep, ForwardStep, SeedStep, UpdateStep

BLANKS = ("forward", "backward", "both")


@dataclass(frozen=True)
class Blank:
    """One numbered blank: the value or the gradient of one node."""

    number: int  # 1-based, the same on the sheet and in the answer key
    node: str
    kind: str  # "value" | "gradient"
    label: str  # "h₁" or "∂loss/∂h₁"
    answer: str  # the engine's number, formatted


def worksheet_blanks(run: Run, blank: str) -> list[Blank]:
    """The blanks of a worksheet: forward values, gradients, or both (values first)."""
    if blank not in BLANKS:
        raise ValueError(f"blank must be one of {', '.join(BLANKS)}, not {blank!r}")
    trace = run.trace
    assert trace is not None
    graph = run.graph
    out_name = name_of(graph, graph.require_output())
    wanted: list[tuple[str, str]] = []
    if blank in ("forward", "both"):
        for step in trace.steps:
            if isinstance(step, ForwardStep) and (step.node, "value") not in wanted:
                wanted.append((step.node, "value"))
    if blank in ("backward", "both"):
        for step in trace.steps:
            if isinstance(step, SeedStep):
                wanted.append((step.node, "gradient"))
            elif isinstance(step, BackwardStep) and step.term == step.terms:
                node = graph[step.target]
                if not node.literal and (step.target, "gradient") not in wanted:
                    wanted.append((step.target, "gradient"))
    end = next((i for i, s in enumerate(trace.steps) if isinstance(s, UpdateStep)), len(trace))
    state = trace.state_at(end)  # the run before any update: the numbers the sheet asks for
    blanks = []
    for number, (nid, kind) in enumerate(wanted, start=1):
        name = name_of(graph, nid)
        if kind == "value":
            blanks.append(Blank(number, nid, kind, name, format_number(state.values[nid])))
        else:
            gradient = format_number(state.gradients[nid])
            blanks.append(Blank(number, nid, kind, f"∂{out_name}/∂{name}", gradient))
    return blanks

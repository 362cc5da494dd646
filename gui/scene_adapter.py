"""What each node and edge shows at a cursor position, read from one engine Run (no Qt here).

The scene's items are dumb: they draw a NodeState / EdgeState. This module is the one place
that reads the Trace for them, so every number on screen is a number the engine recorded
(``trace.value_at``, ``trace.gradient_at`` and the steps' own upstream/local/contribution);
nothing here differentiates anything. Indexes are built once per run so a step costs only the
nodes and edges it touches.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from core.autodiff import ops
from core.autodiff.engine import Run
from core.autodiff.graph import Graph, Role
from core.autodiff.notation import format_number, formula_text, name_of, operand, partial, pretty
from core.autodiff.trace import BackwardStep, ForwardStep, SeedStep, UpdateStep
from core.teaching.explain import local_formula, partial_sum_text, symbolic_expression
from core.text.i18n import tr, tr_text

EdgeKey = tuple[
    str, str, int
]  # (argument, consumer, argument position) as core.autodiff.graph.Edge

MAX_TERMS_SHOWN = 4  # a running sum with more terms is shortened with "…"
TAG_LINE_CHARS = 12  # "∂L/∂z1 = 0.15" stays on one line; longer tags break after the name
SHORT_FORMULA = 12  # longer formulas are abbreviated ("v₁₁·z₁ + …") or shown as "σ(·)"
GRADIENT_NAME_CHARS = 16  # ∂loss/∂(w₁₁·x₁ + …): how long an unnamed node's name may get

OP_GLYPHS = {"add": "+", "sub": "−", "mul": "×", "div": "÷", "neg": "−", "matmul": "@"}


# ---------------------------------------------------------------------- static captions


@dataclass(frozen=True)
class NodeCaption:
    """The unchanging text of a node: what it is called and what it computes."""

    title: str  # name, or the op's short formula for an unnamed op
    subtitle: str  # the op ("σ(·)", "w11 · x1"); "" for leaves
    kind: str  # "op", "input", "param", "const" or "literal"
    gradient_name: str  # "∂L/∂z1"


def _arg_text(graph: Graph, node_id: str, depth: int = 0) -> str | None:
    """How an argument reads inside its consumer's formula: its name, a literal's number, a
    short unnamed sub-formula in parentheses, or None (too long: shown as ·)."""
    node = graph[node_id]
    if node.literal:
        return operand(node.value)
    if node.name:
        return pretty(node.name)
    if node.is_leaf:
        return pretty(node.display)
    if depth >= 1:
        return None
    shape = op_shape(graph, node_id, depth + 1)
    if "·" in shape.replace(" · ", "") or len(shape) > SHORT_FORMULA - 2:
        return None
    return f"({shape})"


def op_shape(graph: Graph, node_id: str, depth: int = 0) -> str:
    """The op with readable arguments filled in and the rest as ·: "σ(·)", "0.5 × ·"."""
    node = graph[node_id]
    op = node.operation
    texts = [_arg_text(graph, a, depth) or "·" for a in node.args]
    if node.op == "mul":
        return f"{texts[0]} × {texts[1]}" if "·" in texts else f"{texts[0]} · {texts[1]}"
    return op.render(*texts, **node.params)


def caption(graph: Graph, node_id: str) -> NodeCaption:
    """Names in the lecture's notation (w₁₁, z₁), as the explanation panel writes them; the
    gradient is named after the output, as there too (∂loss/∂z₁, or ∂a/∂w₁₁ for a(x))."""
    node = graph[node_id]
    d_out = f"∂{pretty(graph[graph.output].display)}/∂" if graph.output else "∂L/∂"
    if node.is_leaf:
        kind = "literal" if node.literal else (node.role or Role.CONST).value
        title = format_number(node.value) if node.literal else pretty(node.display)
        return NodeCaption(title, "", kind, f"{d_out}{title}")
    shape = op_shape(graph, node_id)
    if node.name:
        name = pretty(node.name)
        subtitle = (
            shape
            if len(shape) <= SHORT_FORMULA + 4
            else _bare_shape(node.operation.name, node.params)
        )
        return NodeCaption(name, subtitle, "op", f"{d_out}{name}")
    if len(shape) <= SHORT_FORMULA:
        title = shape
    else:  # the formula abbreviated (v₁₁·z₁ + …), never only its shape (· + ·)
        title = formula_text(graph, node_id, SHORT_FORMULA)
        if len(title) > SHORT_FORMULA + 2:
            title = _bare_shape(node.operation.name, node.params)
    return NodeCaption(title, "", "op", f"{d_out}{name_of(graph, node_id, GRADIENT_NAME_CHARS)}")


def node_tooltip(graph: Graph, node_id: str) -> str:
    """What a node is, in words and as a formula (built on hover only)."""
    node = graph[node_id]
    if node.is_leaf:
        if node.literal:
            return f"{format_number(node.value)}: " + tr("a number written in the formula")
        role = {
            "input": tr("input"),
            "param": tr("trainable parameter"),
            "const": tr("constant"),
        }
        return f"{pretty(node.display)}: {role.get((node.role or Role.CONST).value, '')}"
    formula = symbolic_expression(graph, node_id)
    summary = tr_text(node.operation.summary)
    return f"{pretty(node.name)} = {formula}\n{summary}" if node.name else f"{formula}\n{summary}"


def edge_tooltip(graph: Graph, source: str, target: str, position: int) -> str:
    """The local derivative an edge carries, as a formula: ∂z₁/∂(w₁₁·x₁) = 1."""
    return f"{partial(graph, target, source)} = {local_formula(graph, target, position)}"


def _bare_shape(op_name: str, params: dict[str, float]) -> str:
    op = ops.REGISTRY[op_name]
    if op_name in OP_GLYPHS and op.arity == 2:
        return f"· {OP_GLYPHS[op_name]} ·"
    return op.render(*(["·"] * op.arity), **params)


# ---------------------------------------------------------------------- states


@dataclass(frozen=True)
class NodeState:
    value_text: str  # format_number of the value shown, "" before it is computed
    gradient_text: str  # format_number of the running ∂L/∂node, "" before any term arrived
    gradient_lines: tuple[str, ...]  # the tag under the node, running sum and term count
    value: float | None  # scalar summary for colour (mean of an array)
    gradient: float | None
    nonfinite: bool  # the value or the gradient shown is NaN or infinite
    value_bad: bool = False  # the value is
    gradient_bad: bool = False  # the gradient is


@dataclass(frozen=True)
class EdgeState:
    text: str  # the label on the edge, "" for none
    tone: float | None  # number whose sign/size colours the label (the contribution)
    weight: float | None  # value of a parameter source (edge width and colour), else None
    done: bool  # its backward step has happened


@dataclass(frozen=True)
class Focus:
    """What the step that brought the cursor here is about."""

    primary: frozenset[str]  # the node that changed (thick highlight)
    secondary: frozenset[str]  # the nodes it read from / the op the gradient came from
    edges: frozenset[EdgeKey]


NO_FOCUS = Focus(frozenset(), frozenset(), frozenset())


@dataclass(frozen=True)
class Token:
    """A dot that travels along an edge during an animation, carrying a number."""

    edge: EdgeKey
    backward: bool  # travels from the consumer back to the argument
    text: str
    tone: float | None


def scalar(value: Any) -> float | None:
    """One number for colouring: the value itself, or the mean of an array."""
    if value is None:
        return None
    if isinstance(value, float):
        return value
    arr = np.asarray(value, dtype=float)
    if arr.size == 0:
        return None
    if not np.all(np.isfinite(arr)):
        return float("nan")
    return float(arr.mean())


def _finite(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return math.isfinite(value)
    return bool(np.all(np.isfinite(np.asarray(value, dtype=float))))


def _split(name: str, text: str) -> list[str]:
    """ "∂L/∂z1 = 0.15" on one line when short, else name and "= 0.15" on two (narrow columns)."""
    if len(name) + len(text) <= TAG_LINE_CHARS:
        return [f"{name} = {text}"]
    return [name, f"= {text}"]


class RunView:
    """Reads one Run's trace for the scene: per-node/edge state at any position, fast."""

    def __init__(self, run: Run, previous: RunView | None = None) -> None:
        """``previous``: the view of the run shown before; when it ran the very same Graph
        object (the training lab's weights, frame after frame) its captions are reused. A
        Graph is never changed in place once shown: documents build a new one per edit."""
        assert run.trace is not None, "the scene shows a recorded run (run(..., record=True))"
        self.run = run
        self.graph = run.graph
        self.trace = run.trace
        self.length = len(self.trace)
        self.edge_step: dict[EdgeKey, int] = {}  # edge -> position at which its step applied
        self.step_edge: dict[int, EdgeKey] = {}
        self.terms: dict[str, list[tuple[int, str]]] = {}  # node -> (position, contribution)
        self.grad_steps: dict[str, list[int]] = {}  # node -> positions where its gradient changes
        self.param_edges: dict[str, list[EdgeKey]] = {}
        self._texts: dict[int, tuple[Any, str]] = {}  # id(number) -> (number, its text)
        for e in self.graph.edges():
            if self.graph[e.source].role == Role.PARAM:
                self.param_edges.setdefault(e.source, []).append((e.source, e.target, e.position))
        for i, step in enumerate(self.trace.steps, start=1):
            if isinstance(step, BackwardStep):
                key = (step.target, step.source, step.position)
                self.edge_step[key] = i
                self.step_edge[i] = key
                self.terms.setdefault(step.target, []).append((i, self._text(step.contribution)))
                self.grad_steps.setdefault(step.target, []).append(i)
            elif isinstance(step, SeedStep):
                self.grad_steps.setdefault(step.node, []).append(i)
        self.captions: dict[str, NodeCaption]
        if previous is not None and previous.graph is self.graph:
            self.captions = previous.captions
        else:
            self.captions = {nid: caption(self.graph, nid) for nid in self.graph.nodes}
        self.first_problem = {p.node: p.message for p in run.problems}
        self.problem_note = {
            p.node: "⚠ "
            + (tr("first NaN/∞ value") if p.phase == "forward" else tr("first NaN/∞ gradient"))
            for p in run.problems
        }

    def _text(self, value: Any) -> str:
        """format_number, once per number object of the trace: a refresh reads each value
        and gradient several times (state, sizing, tags, edge labels). Keyed by identity with
        the object kept alive, so a key is never reused; arrays are formatted each time (their
        summary goes through the translation)."""
        if not isinstance(value, float | np.floating):
            return format_number(value)
        entry = self._texts.get(id(value))
        if entry is not None and entry[0] is value:
            return entry[1]
        text = format_number(value)
        self._texts[id(value)] = (value, text)
        return text

    # ------------------------------------------------------------------ nodes
    def node_state(self, node_id: str, position: int) -> NodeState:
        value = self.trace.value_at(node_id, position)
        gradient, received, expected = self.trace.gradient_at(node_id, position)
        value_text = "" if value is None else self._text(value)
        value_bad = not _finite(value)
        if gradient is None:
            return NodeState(value_text, "", (), scalar(value), None, value_bad, value_bad)
        gradient_text = self._text(gradient)
        name = self.captions[node_id].gradient_name
        lines = self._gradient_lines(node_id, name, gradient_text, received, expected, position)
        gradient_bad = not _finite(gradient)
        return NodeState(
            value_text,
            gradient_text,
            lines,
            scalar(value),
            scalar(gradient),
            value_bad or gradient_bad,
            value_bad,
            gradient_bad,
        )

    def _tag_lines(self, node_id: str, position: int) -> tuple[str, ...]:
        """node_state(node_id, position).gradient_lines, without the rest of the state."""
        gradient, received, expected = self.trace.gradient_at(node_id, position)
        if gradient is None:
            return ()
        name = self.captions[node_id].gradient_name
        return self._gradient_lines(
            node_id, name, self._text(gradient), received, expected, position
        )

    def _gradient_lines(
        self, node_id: str, name: str, total: str, received: int, expected: int, position: int
    ) -> tuple[str, ...]:
        """One line "∂L/∂h1 = 0.15" for a single term; a column addition for a complete sum:
        "∂L/∂z1 =", "0.12", "+ 0.03", "= 0.15". While terms are missing, no equation (the
        gradient is not yet that number): "∂L/∂z1", the terms so far, "after 2 of 3 terms:
        0.15"."""
        complete = received >= expected
        if received <= 1 and complete:
            return tuple(_split(name, total))
        lines = [f"{name} =" if complete else name]
        if received > 1:
            terms = [t for p, t in self.terms.get(node_id, []) if p <= position]
            if len(terms) > MAX_TERMS_SHOWN:
                terms = [*terms[: MAX_TERMS_SHOWN - 1], "…"]
            for i, term in enumerate(terms):
                if i == 0:
                    lines.append(term)
                elif term.startswith("−"):
                    lines.append(f"− {term[1:]}")
                else:
                    lines.append(f"+ {term}")
        lines.append(f"= {total}" if complete else partial_sum_text(received, expected, total))
        return tuple(lines)

    def value_text(self, node_id: str, position: int) -> str:
        value = self.trace.value_at(node_id, position)
        return "" if value is None else self._text(value)

    def all_tag_lines(self, node_id: str) -> list[tuple[str, ...]]:
        """The gradient tags this node will show (for sizing it once, so it never jumps):
        every one for a few terms; for many, the first, the last and the widest partial line."""
        steps = self.grad_steps.get(node_id, [])
        if len(steps) <= 3:
            return [self._tag_lines(node_id, p) for p in steps]
        first = self._tag_lines(node_id, steps[0])
        last = self._tag_lines(node_id, steps[-1])
        widest = max((t for _, t in self.terms[node_id]), key=len)
        widest_term = ("= −" + widest,)
        partial = partial_sum_text(len(steps) - 1, len(steps), "−" + widest)
        return [first, last, (partial,), widest_term]

    # ------------------------------------------------------------------ edges
    def edge_state(self, key: EdgeKey, position: int) -> EdgeState:
        source = key[0]
        weight = None
        if self.graph[source].role == Role.PARAM:
            weight = scalar(self.trace.value_at(source, position))
        p = self.edge_step.get(key)
        if p is None or position < p:
            return EdgeState("", None, weight, False)
        step = self.trace.steps[p - 1]
        assert isinstance(step, BackwardStep)
        contribution = self._text(step.contribution)
        if position == p:
            if step.local is None:
                text = f"{self._text(step.upstream)} ↦ {contribution}"
            else:
                local = self._text(step.local)
                local = f"({local})" if local.startswith("−") else local
                text = f"{self._text(step.upstream)} × {local} = {contribution}"
        else:
            text = self.done_text(key)
        return EdgeState(text, scalar(step.contribution), weight, True)

    def done_text(self, key: EdgeKey) -> str:
        """The label an edge keeps once its backward step is done ("×0.5", "↦ 0.3")."""
        p = self.edge_step.get(key)
        if p is None:
            return ""
        step = self.trace.steps[p - 1]
        assert isinstance(step, BackwardStep)
        if step.local is None:
            return f"↦ {self._text(step.contribution)}"
        return f"×{self._text(step.local)}"

    def edges_changed(self, old: int, new: int, touched: set[str]) -> set[EdgeKey]:
        """Edges whose label or weight differs between two positions."""
        lo, hi = sorted((old, new))
        keys = {self.step_edge[p] for p in range(lo, hi + 1) if p in self.step_edge}
        for nid in touched:
            keys.update(self.param_edges.get(nid, ()))
        return keys

    # ------------------------------------------------------------------ steps
    def focus(self, position: int) -> Focus:
        if position <= 0 or position > self.length:
            return NO_FOCUS
        step = self.trace.steps[position - 1]
        if isinstance(step, ForwardStep):
            edges = frozenset((a, step.node, i) for i, a in enumerate(step.args))
            return Focus(frozenset({step.node}), frozenset(step.args) - {step.node}, edges)
        if isinstance(step, BackwardStep):
            key = (step.target, step.source, step.position)
            return Focus(frozenset({step.target}), frozenset({step.source}), frozenset({key}))
        if isinstance(step, SeedStep | UpdateStep):
            return Focus(frozenset({step.node}), frozenset(), frozenset())
        return NO_FOCUS

    def tokens(self, position: int) -> list[Token]:
        """The dots for the step that leads to ``position``: values in, contributions back."""
        if position <= 0 or position > self.length:
            return []
        step = self.trace.steps[position - 1]
        if isinstance(step, ForwardStep):
            return [
                Token((a, step.node, i), False, format_number(v), scalar(v))
                for i, (a, v) in enumerate(zip(step.args, step.arg_values, strict=True))
            ]
        if isinstance(step, BackwardStep):
            key = (step.target, step.source, step.position)
            return [Token(key, True, format_number(step.contribution), scalar(step.contribution))]
        return []

    def revealed_by(self, position: int) -> set[str]:
        """Nodes whose new state should wait until the tokens of this step have arrived."""
        if position <= 0 or position > self.length:
            return set()
        step = self.trace.steps[position - 1]
        if isinstance(step, ForwardStep):
            return {step.node}
        if isinstance(step, BackwardStep):
            return {step.target}
        return set()

    def value_scale(self) -> float:
        return robust_scale(scalar(v) for v in self.run.values.values())

    def gradient_scale(self) -> float:
        return robust_scale(scalar(v) for v in self.run.gradients.values())


def robust_scale(values, quantile: float = 0.9) -> float:
    """A typical magnitude (90th percentile of |x|), so one huge number does not wash out colour."""
    mags = sorted(abs(v) for v in values if v is not None and math.isfinite(v) and v != 0.0)
    if not mags:
        return 1.0
    return mags[min(len(mags) - 1, int(quantile * len(mags)))]

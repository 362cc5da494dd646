"""Multiple-choice questions: the lecture's gradient-descent quiz and questions about the graph.

Every answer is computed, never typed in: from the graph's structure (which local derivatives lie
on which paths and which values they read) and from ``core.teaching.chain.expand`` (each path's product).
Generated questions are deterministic for a given seed.

Two questions about "which weights" are kept apart on purpose, because the lecture's slide
("does v₁₁ influence how much a changes with w₁₁? v₁₂? p₁₁? w₂₂? v₂₂?") has two honest answers:

- ``factors``: the weights written in the chain-rule products of ∂a/∂w₁₁ (v₁₁, v₁₂, p₁₁, p₂₁ in
  the lecture's graph): the paths from w₁₁ to a;
- ``changes``: the weights whose nudge changes the number ∂a/∂w₁₁. That is the factors and also
  every weight upstream of a value some local derivative on the paths depends on: σ′(u) depends
  on u, and u on w₂₂ and v₂₂ too. In a network without non-linearities the two sets coincide.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from ..autodiff.engine import Run
from ..autodiff.graph import Graph, Role
from ..autodiff.notation import format_number, name_of, partial
from ..text.i18n import tr
from .chain import PathTerm, expand
from .explain import local_formula

MAX_OPTIONS = 10


@dataclass(frozen=True)
class QuizQuestion:
    key: str  # "gradient_descent", "factors", "changes", "largest_path", "sum_node"
    prompt: str
    options: tuple[str, ...]
    correct: frozenset[int]  # indexes into options
    feedback: tuple[str, ...]  # per option: why it is right or wrong
    explanation: str  # the whole answer, shown once answered
    multiple: bool  # several options may be right (check boxes rather than radio buttons)
    option_nodes: tuple[tuple[str, ...], ...] = ()  # node ids per option, for highlighting


@dataclass(frozen=True)
class QuizVerdict:
    correct: bool
    chosen: frozenset[int]
    wrong: frozenset[int]  # chosen but not right
    missed: frozenset[int]  # right but not chosen
    message: str


def grade(question: QuizQuestion, chosen: Iterable[int]) -> QuizVerdict:
    """Right only if exactly the right options are chosen; the message says why per option."""
    picked = frozenset(chosen)
    wrong = picked - question.correct
    missed = question.correct - picked
    ok = not wrong and not missed
    notes = [question.feedback[i] for i in sorted(picked if ok else wrong | missed)]
    head = tr("Right.") if ok else tr("Not quite.")
    return QuizVerdict(ok, picked, wrong, missed, " ".join([head, *notes]))


# -- the lecture's quiz ----------------------------------------------------------------------

GD_OPTIONS = (
    "wᵗ = wᵗ⁻¹ + η∇Q(wᵗ)",
    "wᵗ = wᵗ⁻¹ − η∇Q(wᵗ⁻¹)",
    "wᵗ = wᵗ⁻¹ − η∇Q(wᵗ)",
    "wᵗ = wᵗ⁻¹ + η∇Q(w⁰)",
)
"""The lecture's four candidates, in its order; the second is gradient descent."""


def gradient_descent_quiz(seed: int | None = None) -> QuizQuestion:
    """Which of these is the formula for a step of gradient descent? (the lecture's poll)"""
    feedback = (
        tr(
            "Two mistakes. The plus sign moves along the gradient, uphill, so Q grows. And "
            "∇Q(wᵗ) is the gradient at the new point, which is what this step is computing: it "
            "is not known yet."
        ),
        tr(
            "Right. The gradient ∇Q(wᵗ⁻¹) is computed at the point we already have, and it points "
            "where Q grows fastest, so the step goes against it, downhill; η is the step size."
        ),
        tr(
            "The direction is right (minus: downhill), but the gradient is taken at wᵗ, the point "
            "this step is computing, so it is not known yet. Gradient descent uses the gradient at "
            "the previous point wᵗ⁻¹."
        ),
        tr(
            "Two mistakes. The plus sign moves uphill. And ∇Q(w⁰) is the gradient at the starting "
            "point: it never changes, so every step would go the same way wherever we are."
        ),
    )
    order = list(range(4))
    if seed is not None:
        random.Random(seed).shuffle(order)
    return QuizQuestion(
        key="gradient_descent",
        prompt=tr("Which of these is the formula for a step of gradient descent?"),
        options=tuple(GD_OPTIONS[i] for i in order),
        correct=frozenset({order.index(1)}),
        feedback=tuple(feedback[i] for i in order),
        explanation=tr(
            "Gradient descent starts from an initial guess w⁰ and repeats "
            "wᵗ = wᵗ⁻¹ − η∇Q(wᵗ⁻¹): the gradient at the previous point, a step of size η against "
            "it. It stops when ‖wᵗ − wᵗ⁻¹‖ < ε."
        ),
        multiple=False,
    )


# -- structure: paths and the values their local derivatives read ----------------------------


def _reads(run: Run, op_node: str, position: int) -> tuple[str, ...]:
    """The nodes whose values the local derivative ∂op/∂arg[position] depends on, here (the op
    declares which of its arguments it reads: ``Op.reads``)."""
    node = run.graph[op_node]
    values = tuple(run.values[a] for a in node.args)
    return tuple(node.args[k] for k in node.operation.reads_of(position, values))


def _descendants(graph: Graph, node_id: str, stop: str) -> set[str]:
    seen: set[str] = set()
    stack = [node_id]
    while stack:
        current = stack.pop()
        if current == stop:
            continue
        for edge in graph.consumers(current):
            if edge.target not in seen:
                seen.add(edge.target)
                stack.append(edge.target)
    return seen


@dataclass(frozen=True)
class _PathEdge:
    op: str  # the consumer on the path
    arg: str  # the node below it on the path
    position: int
    reads: tuple[str, ...]


def _path_edges(run: Run, node_id: str, top: str) -> list[_PathEdge]:
    """Every edge lying on some path from node_id up to top, in graph order."""
    graph = run.graph
    on_paths = _descendants(graph, node_id, top) & (graph.ancestors(top) | {top})
    below = on_paths | {node_id}
    out = []
    for op in graph.order():
        if op not in on_paths:
            continue
        for position, arg in enumerate(graph[op].args):
            if arg in below:
                out.append(_PathEdge(op, arg, position, _reads(run, op, position)))
    return out


@dataclass(frozen=True)
class Influence:
    """Which parameters ∂top/∂node depends on, and through which edge (for the explanation)."""

    node: str
    top: str
    factors: dict[str, _PathEdge]  # a parameter read directly by a local derivative on a path
    through: dict[str, tuple[_PathEdge, str]]  # a parameter upstream of a value read: (edge, value)

    @property
    def changes(self) -> frozenset[str]:
        return frozenset(self.factors) | frozenset(self.through)


def influence(run: Run, node_id: str, top: str | None = None) -> Influence:
    """The parameters whose value a local derivative on the paths node → top reads, directly
    (factors) or through a value computed from them (through)."""
    graph = run.graph
    top = top or graph.require_output()
    edges = _path_edges(run, node_id, top)
    factors: dict[str, _PathEdge] = {}
    through: dict[str, tuple[_PathEdge, str]] = {}
    for edge in edges:
        for read in edge.reads:
            if _is_param(graph, read):
                factors.setdefault(read, edge)
    for edge in edges:
        for read in edge.reads:
            for up in [read, *sorted(graph.ancestors(read), key=graph.order().index)]:
                if _is_param(graph, up) and up not in factors:
                    through.setdefault(up, (edge, read))
    return Influence(node_id, top, factors, through)


def _is_param(graph: Graph, node_id: str) -> bool:
    node = graph[node_id]
    return node.is_leaf and node.role is Role.PARAM and not node.literal


def default_top(graph: Graph) -> str:
    """The lecture asks about ∂a/∂w₁₁: the node named a (the network's answer) when the output
    is computed from it, else the output."""
    out = graph.require_output()
    assert out is not None
    a = graph.by_name("a")
    if a is not None and not a.is_leaf and (a.id == out or a.id in graph.ancestors(out)):
        return a.id
    return out


def _pick_parameter(run: Run, top: str, rng: random.Random) -> str | None:
    """w11 if the graph has it, else a parameter with the most paths to ``top``."""
    graph = run.graph
    reach = graph.ancestors(top)
    named = graph.by_name("w11")
    if named is not None and named.id in reach and _is_param(graph, named.id):
        return named.id
    params = [n for n in graph.order() if _is_param(graph, n) and n in reach]
    if not params:
        return None
    counts = {p: len(_path_edges(run, p, top)) for p in params}
    most = max(counts.values())
    return rng.choice([p for p in params if counts[p] == most])


def _sample(
    correct: list[str], wrong: list[str], rng: random.Random, order: list[str]
) -> list[str]:
    """Up to MAX_OPTIONS options with both kinds when possible, in graph order."""
    if len(correct) + len(wrong) <= MAX_OPTIONS:
        chosen = correct + wrong
    else:
        n_wrong = min(len(wrong), MAX_OPTIONS // 2)
        n_right = min(len(correct), MAX_OPTIONS - n_wrong)
        n_wrong = min(len(wrong), MAX_OPTIONS - n_right)
        chosen = rng.sample(correct, n_right) + rng.sample(wrong, n_wrong)
    rank = {n: i for i, n in enumerate(order)}
    return sorted(chosen, key=rank.__getitem__)


def _names(graph: Graph, ids: Iterable[str]) -> str:
    return ", ".join(name_of(graph, i) for i in ids) or tr("none")


def _factor_note(graph: Graph, weight: str, edge: _PathEdge) -> str:
    return tr(
        "{weight} is a factor on a path: {partial} = {formula}.",
        weight=name_of(graph, weight),
        partial=partial(graph, edge.op, edge.arg),
        formula=local_formula(graph, edge.op, edge.position),
    )


def _through_note(graph: Graph, weight: str, edge: _PathEdge, value: str) -> str:
    return tr(
        "{weight} is not a factor, but it changes {value}, and the local derivative "
        "{partial} = {formula} depends on {value}.",
        weight=name_of(graph, weight),
        value=name_of(graph, value),
        partial=partial(graph, edge.op, edge.arg),
        formula=local_formula(graph, edge.op, edge.position),
    )


def _weight_question(
    run: Run, key: str, node: str | None, top: str | None, seed: int
) -> QuizQuestion | None:
    graph = run.graph
    rng = random.Random(seed)
    top = top or default_top(graph)
    node = node or _pick_parameter(run, top, rng)
    if node is None:
        return None
    info = influence(run, node, top)
    right = info.factors.keys() if key == "factors" else info.changes
    order = graph.order()
    params = [n for n in order if _is_param(graph, n)]
    correct = [p for p in params if p in right]
    wrong = [p for p in params if p not in right]
    if not correct:
        return None
    options = _sample(correct, wrong, rng, order)
    gradient = f"∂{name_of(graph, top)}/∂{name_of(graph, node)}"
    feedback = []
    for p in options:
        if p in info.factors:
            feedback.append(_factor_note(graph, p, info.factors[p]))
        elif p in info.through:
            edge, value = info.through[p]
            if key == "factors":
                feedback.append(
                    tr(
                        "{weight} is not written in any path product; it changes the number only "
                        "through {value}, which the local derivative {partial} = {formula} "
                        "depends on.",
                        weight=name_of(graph, p),
                        value=name_of(graph, value),
                        partial=partial(graph, edge.op, edge.arg),
                        formula=local_formula(graph, edge.op, edge.position),
                    )
                )
            else:
                feedback.append(_through_note(graph, p, edge, value))
        else:
            feedback.append(
                tr(
                    "{weight} does not lie on the paths from {node} to {top}, and no local "
                    "derivative on them depends on it: nudging it leaves {gradient} as it is.",
                    weight=name_of(graph, p),
                    node=name_of(graph, node),
                    top=name_of(graph, top),
                    gradient=gradient,
                )
            )
    factors_text = _names(graph, [p for p in order if p in info.factors])
    through_text = _names(graph, [p for p in order if p in info.through])
    if key == "factors":
        prompt = tr(
            "{gradient} is a sum, over the paths from {node} to {top}, of products of local "
            "derivatives. Which weights are written in those products?",
            gradient=gradient,
            node=name_of(graph, node),
            top=name_of(graph, top),
        )
        explanation = tr(
            "The weights written in the path products of {gradient}: {factors}. The other "
            "weights are not factors, though some still change the number through a value the "
            "products depend on: {through}.",
            gradient=gradient,
            factors=factors_text,
            through=through_text,
        )
    else:
        prompt = tr(
            "Which weights change {gradient} when you nudge them?",
            gradient=gradient,
        )
        explanation = tr(
            "{gradient} changes when a nudge changes a factor of its path products: directly "
            "({factors}), or through a value that a local derivative on the paths depends on "
            "({through}).",
            gradient=gradient,
            factors=factors_text,
            through=through_text,
        )
        if info.through:
            edge, value = next(iter(info.through.values()))
            explanation += " " + tr(
                "For example, {partial} = {formula} depends on {value}.",
                partial=partial(graph, edge.op, edge.arg),
                formula=local_formula(graph, edge.op, edge.position),
                value=name_of(graph, value),
            )
    return QuizQuestion(
        key=key,
        prompt=prompt,
        options=tuple(name_of(graph, p) for p in options),
        correct=frozenset(i for i, p in enumerate(options) if p in right),
        feedback=tuple(feedback),
        explanation=explanation,
        multiple=True,
        option_nodes=tuple((p,) for p in options),
    )


def factors_question(
    run: Run, node: str | None = None, top: str | None = None, seed: int = 0
) -> QuizQuestion | None:
    """Which weights are written in the chain-rule products of ∂top/∂node?"""
    return _weight_question(run, "factors", node, top, seed)


def changes_question(
    run: Run, node: str | None = None, top: str | None = None, seed: int = 0
) -> QuizQuestion | None:
    """Which weights change ∂top/∂node when nudged?"""
    return _weight_question(run, "changes", node, top, seed)


# -- the largest path ------------------------------------------------------------------------


def _path_label(graph: Graph, nodes: tuple[str, ...], named_only: bool) -> str:
    upward = list(reversed(nodes))  # from the node up to the output
    keep = [n for i, n in enumerate(upward) if not named_only or graph[n].name or i == 0]
    return " → ".join(name_of(graph, n) for n in keep)


def largest_path_question(run: Run, node: str | None = None, seed: int = 0) -> QuizQuestion | None:
    """Which path contributes most to ∂L/∂node? (x1 if it has several paths, else a leaf that does)"""
    graph = run.graph
    rng = random.Random(seed)
    if node is None:
        leaves = [
            n.id for n in graph.leaves() if not n.literal and n.role in (Role.INPUT, Role.PARAM)
        ]
        x1 = graph.by_name("x1")
        preferred = [x1.id] if x1 is not None and x1.id in leaves else []
        candidates = []
        for leaf in preferred + leaves:
            chain = expand(run, leaf)
            if chain.path_count >= 2 and _scalar_paths(chain.paths) and not chain.truncated:
                candidates.append((leaf, chain))
                if leaf in preferred:
                    break
        if not candidates:
            return None
        if preferred and candidates[0][0] in preferred:
            node, chain = candidates[0]
        else:
            most = max(c.path_count for _, c in candidates)
            node, chain = rng.choice([c for c in candidates if c[1].path_count == most])
    else:
        chain = expand(run, node)
        if chain.path_count < 2 or chain.truncated or not _scalar_paths(chain.paths):
            return None
    paths = list(chain.paths)
    sizes = [abs(float(p.product)) for p in paths]
    best = max(sizes)
    is_best = [s >= best * (1 - 1e-9) for s in sizes]
    chosen = list(range(len(paths)))
    if len(paths) > 4:
        top_index = sizes.index(best)
        others = rng.sample([i for i in chosen if i != top_index], 3)
        chosen = sorted([top_index, *others])
    labels = [_path_label(graph, paths[i].nodes, named_only=True) for i in chosen]
    if len(set(labels)) < len(labels):
        labels = [_path_label(graph, paths[i].nodes, named_only=False) for i in chosen]
    if len(set(labels)) < len(labels):
        labels = [paths[i].symbols for i in chosen]
    out_name = name_of(graph, graph.require_output())
    gradient = f"∂{out_name}/∂{name_of(graph, node)}"
    feedback = tuple(
        f"{paths[i].symbols} = {paths[i].numbers} = {format_number(paths[i].product)}"
        for i in chosen
    )
    best_i = sizes.index(best)
    return QuizQuestion(
        key="largest_path",
        prompt=tr(
            "Which path contributes most to {gradient}, the largest in absolute value?",
            gradient=gradient,
        ),
        options=tuple(labels),
        correct=frozenset(k for k, i in enumerate(chosen) if is_best[i]),
        feedback=feedback,
        explanation=tr(
            "Along each path the chain rule multiplies the local derivatives; {gradient} is the "
            "sum of the {count} path products, {total}. The largest in absolute value: {path} = "
            "{product}.",
            gradient=gradient,
            count=chain.path_count,
            total=format_number(chain.total),
            path=paths[best_i].symbols,
            product=format_number(paths[best_i].product),
        ),
        multiple=False,
        option_nodes=tuple(tuple(reversed(paths[i].nodes)) for i in chosen),
    )


def _scalar_paths(paths: Iterable[PathTerm]) -> bool:
    return all(p.product is not None and np.ndim(p.product) == 0 for p in paths)


# -- sums ------------------------------------------------------------------------------------


def sum_node_question(run: Run, seed: int = 0) -> QuizQuestion | None:
    """In the backward pass, which nodes' gradients are a sum of several terms?"""
    graph = run.graph
    out = graph.require_output()
    assert out is not None
    rng = random.Random(seed)
    reach = graph.ancestors(out)
    candidates = [n for n in graph.order() if n in reach and not graph[n].literal]
    named = [n for n in candidates if graph[n].name]
    if len(named) >= 3:
        candidates = named
    edges = {n: [e for e in graph.consumers(n) if e.target in reach | {out}] for n in candidates}
    correct = [n for n in candidates if len(edges[n]) >= 2]
    wrong = [n for n in candidates if len(edges[n]) < 2]
    if not correct or not wrong:
        return None
    options = _sample(correct, wrong, rng, graph.order())
    rng.shuffle(options)  # graph order would put the inputs, often right, first
    out_name = name_of(graph, out)
    feedback = []
    for n in options:
        name = name_of(graph, n)
        if n in correct:
            terms = " + ".join(
                f"∂{out_name}/∂{name_of(graph, e.target)} · {partial(graph, e.target, n)}"
                for e in edges[n]
            )
            feedback.append(
                tr(
                    "{node} feeds {count} edges towards {output}, and a term comes back along "
                    "each: ∂{output}/∂{node} = {terms}.",
                    node=name,
                    count=len(edges[n]),
                    output=out_name,
                    terms=terms,
                )
            )
        else:
            feedback.append(
                tr(
                    "{node} feeds one edge towards {output}, so its gradient is a single term.",
                    node=name,
                    output=out_name,
                )
            )
    return QuizQuestion(
        key="sum_node",
        prompt=tr("In the backward pass, which nodes' gradients are a sum of several terms?"),
        options=tuple(name_of(graph, n) for n in options),
        correct=frozenset(i for i, n in enumerate(options) if n in correct),
        feedback=tuple(feedback),
        explanation=tr(
            "A node used by several operations receives one term along each edge, and backprop "
            "adds them up: the multivariable chain rule. Backprop computes such a sum once and "
            "reuses it for everything below the node."
        ),
        multiple=True,
        option_nodes=tuple((n,) for n in options),
    )


def graph_questions(run: Run, seed: int = 0, top: str | None = None) -> list[QuizQuestion]:
    """The questions this graph supports, in a fixed order (some graphs support none)."""
    made = [
        factors_question(run, top=top, seed=seed),
        changes_question(run, top=top, seed=seed),
        largest_path_question(run, seed=seed),
        sum_node_question(run, seed=seed),
    ]
    return [q for q in made if q is not None]

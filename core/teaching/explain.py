"""Words and equations for a step or a node, in the lecture's notation with numbers substituted.

One place writes these texts so the window, the slides and the command line say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..autodiff.engine import Run
from ..autodiff.graph import Graph, Role
from ..autodiff.notation import format_number, name_of, operand, partial, pretty
from ..autodiff.trace import BackwardStep, ForwardStep, SeedStep, Trace, UpdateStep
from ..text.i18n import formula_words, tr, tr_text
from .chain import ChainExpansion, expand


@dataclass(frozen=True)
class StepText:
    title: str
    equation: str
    detail: str = ""


@dataclass(frozen=True)
class LocalDerivative:
    argument: str  # the argument's display name
    formula: str  # e.g. "σ(z)(1 − σ(z))"
    number: str  # the value backprop used, or "" before the backward pass reached it


@dataclass(frozen=True)
class NodeReport:
    node: str
    name: str
    kind: str  # "input", "trainable parameter", "constant", or the op's summary
    formula: str
    value_text: str
    gradient_text: str
    locals: tuple[LocalDerivative, ...]
    chain: ChainExpansion | None


def _render(graph: Graph, node_id: str, texts: list[str]) -> str:
    node = graph[node_id]
    return node.operation.render(*texts, **node.params)


def _wrapped_by_call(template: str, i: int) -> bool:
    return any(f"({{{i}}}{c}" in template for c in (")", ";", ","))


def _operands(graph: Graph, node_id: str, values: tuple) -> list[str]:
    """Argument numbers for a formula: parenthesised where a bare minus sign would mislead."""
    template = graph[node_id].operation.template
    return [
        format_number(v) if _wrapped_by_call(template, i) else operand(v)
        for i, v in enumerate(values)
    ]


def _juxtaposed(graph: Graph, node_id: str, texts: list[str]) -> list[str]:
    """Numbers for a product written by juxtaposition (the lecture's ``X W``) get a ``·``
    between them: ``[4×4] mean 0.38 · [4×4] mean −0.25``, not two numbers side by side."""
    if graph[node_id].operation.template != "{0} {1}":
        return texts
    return [texts[0], *(f"· {text}" for text in texts[1:])]


def _arg_names(graph: Graph, node_id: str) -> list[str]:
    """Argument names for a formula, without doubled parentheses inside σ(…)."""
    node = graph[node_id]
    template = node.operation.template
    names = []
    for i, arg in enumerate(node.args):
        text = name_of(graph, arg)
        if _wrapped_by_call(template, i) and text.startswith("(") and text.endswith(")"):
            text = text[1:-1]
        names.append(text)
    return names


def local_formula(graph: Graph, node_id: str, position: int) -> str:
    """∂node/∂arg[position] as a formula in the lecture's notation: ``σ(z₁)(1 − σ(z₁))``, ``x₁``,
    ``2·(a−y)``. Arguments are written like ``name_of`` (subscripts, parenthesised
    subexpressions), so a derivative such as 2·(a − y) never loses its parentheses."""
    node = graph[node_id]
    op = node.operation
    template = op.derivatives[position]
    names = []
    for i, arg in enumerate(node.args):
        text = name_of(graph, arg)
        if _wrapped_by_call(template, i) and text.startswith("(") and text.endswith(")"):
            text = text[1:-1]
        names.append(text)
    params: dict[str, Any] = dict(node.params)
    if op.display_params is not None:
        params.update(op.display_params(params))
    return formula_words(template.format(*names, **params))


def symbolic_expression(graph: Graph, node_id: str) -> str:
    """An operation applied to its arguments' names, without numbers: ``σ(v₁₁·z₁+v₂₁·z₂)``."""
    return _render(graph, node_id, _arg_names(graph, node_id))


def node_formula(graph: Graph, node_id: str) -> str:
    """``h₁ = σ(v₁₁ · z₁ + …)`` style: the node's op applied to its arguments' names."""
    node = graph[node_id]
    if node.is_leaf:
        return f"{name_of(graph, node_id)} = {format_number(node.value)}"
    return f"{name_of(graph, node_id)} = {_render(graph, node_id, _arg_names(graph, node_id))}"


def describe_step(graph: Graph, trace: Trace, position: int) -> StepText:
    """What happened in the step that brought the cursor to ``position``."""
    out = graph.require_output()
    if position <= 0 or not len(trace):
        leaves = [n for n in graph.leaves() if not n.literal]
        shown = ", ".join(
            f"{pretty(n.display)} = {format_number(trace.leaf_values[n.id])}" for n in leaves[:8]
        )
        more = " " + tr("and {count} more", count=len(leaves) - 8) if len(leaves) > 8 else ""
        return StepText(
            tr("Start"),
            shown + more,
            tr(
                "The leaves hold their values. Step forward to compute {output} node by node.",
                output=name_of(graph, out),
            ),
        )
    step = trace[min(position, len(trace)) - 1]
    total = len(trace)
    if isinstance(step, ForwardStep):
        name = name_of(graph, step.node)
        symbolic = _render(graph, step.node, _arg_names(graph, step.node))
        numeric = _render(
            graph,
            step.node,
            _juxtaposed(graph, step.node, _operands(graph, step.node, step.arg_values)),
        )
        detail = tr(
            "Forward pass, step {position} of {total}. The values flow along the edges into {name}.",
            position=position,
            total=total,
            name=name,
        )
        if not step.finite:
            detail += " " + tr(
                "This value is not a finite number: look at the inputs of this node."
            )
        lhs = f"{name} = " if graph[step.node].name else ""
        return StepText(
            tr("Forward: {name}", name=name),
            f"{lhs}{symbolic} = {numeric} = {format_number(step.value)}",
            detail,
        )
    if isinstance(step, SeedStep):
        name = name_of(graph, step.node)
        if isinstance(step.gradient, float):
            eq = f"∂{name}/∂{name} = 1"
            detail = tr(
                "Backward pass starts at the output, step {position} of {total}.",
                position=position,
                total=total,
            )
        else:
            eq = f"∂L/∂{name} = 1/n = " + tr(
                "{gradient} per sample (L = mean of {name})",
                gradient=format_number(step.gradient),
                name=name,
            )
            detail = tr(
                "Backward pass starts; L averages {name} over the samples. Step {position} of {total}.",
                name=name,
                position=position,
                total=total,
            )
        return StepText(tr("Backward: start at {name}", name=name), eq, detail)
    if isinstance(step, BackwardStep):
        return _describe_backward(graph, step, position, total)
    if isinstance(step, UpdateStep):
        name = name_of(graph, step.node)
        # the gradient the backward pass just computed: of the graph's output (the batch's
        # objective, or one sample's loss when the lab shows a single sample)
        gradient_symbol = f"∂{name_of(graph, graph.require_output())}/∂{name}"
        direction = gradient_symbol
        detail = tr(
            "Gradient descent moves the parameter against its gradient, step {position} of {total}.",
            position=position,
            total=total,
        )
        if step.momentum:
            direction = "b"
            detail += " " + tr(
                "With momentum μ = {mu}, it moves along b ← μ·b + {gradient}, which remembers earlier steps.",
                mu=format_number(step.momentum),
                gradient=gradient_symbol,
            )
        return StepText(
            tr("Update: {name}", name=name),
            f"{name} ← {name} − η · {direction} = {format_number(step.old)} − "
            f"{format_number(step.learning_rate)} · {operand(step.gradient)} = "
            f"{format_number(step.new)}",
            detail,
        )
    raise TypeError(f"unknown step {step!r}")


def _describe_backward(graph: Graph, step: BackwardStep, position: int, total: int) -> StepText:
    out_name = name_of(graph, graph.require_output())
    u, v = name_of(graph, step.target), name_of(graph, step.source)
    upstream = f"∂{out_name}/∂{v}"
    local_sym = partial(graph, step.source, step.target)
    formula = local_formula(graph, step.source, step.position)
    local_num = operand(step.local) if step.local is not None else tr("(vector–Jacobian product)")
    term = (
        f"{upstream} · {local_sym} = "
        f"{format_number(step.upstream)} · {local_num} = {format_number(step.contribution)}"
    )
    gradient = f"∂{out_name}/∂{u}"
    if step.terms <= 1:
        equation = f"{gradient} = {term}"
    elif step.term < step.terms:  # a partial sum: not yet the gradient, so no "="
        so_far = partial_sum_text(step.term, step.terms, format_number(step.after))
        equation = f"{term};  {gradient} {so_far}"
    else:  # the last term: now the sum is the gradient
        equation = f"{term};  {gradient} = {format_number(step.after)}"
    detail = tr(
        "Backward pass, step {position} of {total}. Local derivative {local} = {formula}.",
        position=position,
        total=total,
        local=local_sym,
        formula=formula,
    )
    if step.terms > 1:
        detail += " " + tr(
            "{node} feeds {terms} edges, so its gradient is the sum of {terms} terms; this edge "
            "brings term {term}.",
            node=u,
            terms=step.terms,
            term=step.term,
        )
    if not step.finite:
        detail += " " + tr("This gradient is not a finite number.")
    return StepText(tr("Backward: edge {source} → {target}", source=u, target=v), equation, detail)


def partial_sum_text(received: int, expected: int, value: str) -> str:
    """A gradient that is still a partial sum, without an equation that would be false:
    ``after 1 of 2 terms: −0.0573``."""
    return tr(
        "after {received} of {expected} terms: {value}",
        received=received,
        expected=expected,
        value=value,
    )


def running_sum_text(graph: Graph, trace: Trace, node_id: str, position: int) -> str:
    """``∂loss/∂z₁ = 0.12 + 0.03 = 0.15`` from every term; while terms are missing
    ``∂loss/∂z₁: 0.12 + 0.03, after 2 of 3 terms: 0.15`` (it does not equal that yet)."""
    out_name = name_of(graph, graph.require_output())
    terms = trace.terms_at(node_id, position)
    value, received, expected = trace.gradient_at(node_id, position)
    if value is None:
        return ""
    name = f"∂{out_name}/∂{name_of(graph, node_id)}"
    parts = " + ".join(operand(t) if i else format_number(t) for i, t in enumerate(terms))
    if received < expected:
        so_far = partial_sum_text(received, expected, format_number(value))
        return f"{name}: {parts}, {so_far}" if len(terms) > 1 else f"{name}: {so_far}"
    if len(terms) <= 1:
        return f"{name} = {format_number(value)}"
    return f"{name} = {parts} = {format_number(value)}"


def _kind(graph: Graph, node_id: str) -> str:
    node = graph[node_id]
    if node.is_leaf:
        assert node.role is not None  # every leaf has one
        return {
            Role.INPUT: tr("input"),
            Role.PARAM: tr("trainable parameter"),
            Role.CONST: tr("constant"),
        }[node.role]
    return tr_text(node.operation.summary)


def node_report(run: Run, node_id: str) -> NodeReport:
    """Everything the inspector shows about one node, from one run."""
    graph = run.graph
    node = graph[node_id]
    locals_: list[LocalDerivative] = []
    if not node.is_leaf:
        shown: dict[int, Any] = {}
        if run.trace is not None:
            for step in run.trace.steps:
                if isinstance(step, BackwardStep) and step.source == node_id:
                    shown[step.position] = step.local
        for pos, arg in enumerate(node.args):
            number = shown.get(pos)
            locals_.append(
                LocalDerivative(
                    partial(graph, node_id, arg),
                    local_formula(graph, node_id, pos),
                    format_number(number) if number is not None else "",
                )
            )
    grad = run.gradients.get(node_id)
    return NodeReport(
        node=node_id,
        name=name_of(graph, node_id),
        kind=_kind(graph, node_id),
        formula=node_formula(graph, node_id),
        value_text=format_number(run.values[node_id]),
        gradient_text="" if grad is None else format_number(grad),
        locals=tuple(locals_),
        chain=None if node.literal else expand(run, node_id),
    )

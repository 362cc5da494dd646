"""Unnamed operations read by their formula, and a partial sum is never written as an equation.

A node the program did not name (w₁₁·x₁ + w₂₁·x₂) used to read ``∂loss/∂(·)`` in the graph, and
the first term of a sum was written ``∂loss/∂z₁ = … = −0.0573`` although ∂loss/∂z₁ is −0.2.
"""

from __future__ import annotations

import re

import pytest

from core.autodiff.engine import run
from core.autodiff.notation import NAME_CHARS, format_number, formula_text, name_of
from core.autodiff.trace import BackwardStep
from core.documents.document import Document
from core.documents.examples import example_names, load_example
from core.teaching.explain import describe_step, running_sum_text
from tests.scene_graphs import mlp_graph


def unnamed_ops(graph):
    return [nid for nid, node in graph.nodes.items() if not node.is_leaf and not node.name]


def test_a_sum_of_products_is_named_by_its_formula():
    graph = load_example("lecture").build()
    names = {name_of(graph, nid) for nid in unnamed_ops(graph)}
    assert "(v₁₁·z₁ + v₂₁·z₂)" in names
    assert "(w₁₁·x₁)" in names


@pytest.mark.parametrize("name", example_names())
def test_every_unnamed_op_has_a_readable_name(name):
    graph = load_example(name).build()
    for nid in unnamed_ops(graph):
        for limit in (NAME_CHARS, 16):
            text = name_of(graph, nid, limit)
            assert "(·)" not in text and text != nid, (name, nid, text)
            assert len(text) <= limit + 2, (name, nid, text)


def test_a_long_sum_keeps_its_first_and_last_terms():
    terms = " + ".join(f"w{i} * x{i}" for i in range(1, 9))
    lines = [f"x{i} = 1" for i in range(1, 9)] + [f"w{i} = 1" for i in range(1, 9)]
    graph = Document.from_program("\n".join([*lines, f"s = tanh({terms})", ""])).build()
    s = next(n for n, node in graph.nodes.items() if node.name == "s")
    inner = graph[s].args[0]  # the sum inside tanh(…)
    assert name_of(graph, inner) == "(w₁·x₁ + … + w₈·x₈)"
    assert name_of(graph, inner, 12) == "(w₁·x₁ + …)"


def test_a_graph_without_source_text_is_named_from_its_structure():
    graph = mlp_graph([3, 2, 1])  # built in code: unnamed ops carry no label
    names = [name_of(graph, nid) for nid in unnamed_ops(graph)]
    assert "(w1_11·x₁)" in names
    assert any(n.startswith("(w1_11·x₁ + ") for n in names)
    assert all(not n.startswith("_") for n in names)
    z = graph["z1_1"]
    assert formula_text(graph, z.id) != ""


def sum_steps(r):
    return [
        (i, s)
        for i, s in enumerate(r.trace.steps, start=1)
        if isinstance(s, BackwardStep) and s.terms > 1
    ]


def test_the_first_term_of_a_sum_is_not_written_as_the_gradient():
    r = run(load_example("lecture").build())
    graph = r.graph
    steps = [(i, s) for i, s in sum_steps(r) if graph[s.target].name == "z1"]
    (p1, first), (p2, second) = steps
    eq1 = describe_step(graph, r.trace, p1).equation
    assert "∂loss/∂z₁ =" not in eq1
    assert f"∂loss/∂z₁ after 1 of 2 terms: {format_number(first.after)}" in eq1
    eq2 = describe_step(graph, r.trace, p2).equation
    assert eq2.endswith(f"∂loss/∂z₁ = {format_number(r.gradients[first.target])}")


@pytest.mark.parametrize("name", example_names())
def test_every_gradient_equation_states_the_true_gradient(name):
    """Wherever an explanation writes ``∂out/∂u = … = N`` for a backward step, N is u's final
    gradient (a partial sum is written 'after k of n terms', never '=')."""
    r = run(load_example(name).build())
    graph = r.graph
    out = name_of(graph, graph.output)
    for k, step in enumerate(r.trace.steps, start=1):
        if not isinstance(step, BackwardStep) or step.local is None:
            continue
        equation = describe_step(graph, r.trace, k).equation
        gradient = f"∂{out}/∂{name_of(graph, step.target)} ="
        if gradient in equation:
            tail = equation.split(gradient, 1)[1]
            last = re.split(r" = ", tail)[-1].strip()
            assert last == format_number(r.gradients[step.target]), (name, k, equation)


def test_the_inspectors_running_sum_says_after_k_of_n():
    r = run(load_example("lecture").build())
    graph = r.graph
    (p1, first), (p2, _) = [(i, s) for i, s in sum_steps(r) if graph[s.target].name == "z1"]
    text = running_sum_text(graph, r.trace, first.target, p1)
    assert text == f"∂loss/∂z₁: after 1 of 2 terms: {format_number(first.after)}"
    done = running_sum_text(graph, r.trace, first.target, p2)
    assert done.startswith("∂loss/∂z₁ = ")
    assert done.endswith(f"= {format_number(r.gradients[first.target])}")


def test_russian_partial_sum():
    from core.text.i18n import using_language

    r = run(load_example("lecture").build())
    graph = r.graph
    (p1, first), _ = [(i, s) for i, s in sum_steps(r) if graph[s.target].name == "z1"]
    with using_language("ru"):
        eq = describe_step(graph, r.trace, p1).equation
    assert f"после 1 из 2 слагаемых: {format_number(first.after)}" in eq


def test_a_matrix_products_numbers_have_a_sign_between_them():
    """``X W`` is the lecture's product; with numbers in it, ``[4×4] mean 0.38 [4×4] mean −0.25``
    read as two numbers side by side, so the numeric side writes ``·`` between the factors."""
    from core.autodiff.trace import ForwardStep

    r = run(load_example("lego_classification").build())
    graph = r.graph
    products = [
        (i, s)
        for i, s in enumerate(r.trace.steps, start=1)
        if isinstance(s, ForwardStep) and graph[s.node].operation.name == "matmul"
    ]
    assert products
    for position, _step in products:
        symbolic, numeric, value = describe_step(graph, r.trace, position).equation.rsplit(" = ", 2)
        assert " · " not in symbolic.split(" = ")[-1]  # the formula keeps the lecture's X W
        assert re.fullmatch(r"\[\d+×\d+\] mean \S+ · \[\d+×\d+\] mean \S+", numeric), numeric

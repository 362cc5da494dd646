"""The quiz: the lecture's gradient-descent poll, and graph questions whose answers are checked
against the engine by nudging weights and against the chain-rule expansion and the trace."""

from __future__ import annotations

import numpy as np
import pytest

from core.autodiff.engine import run
from core.autodiff.graph import Graph
from core.autodiff.trace import BackwardStep
from core.documents.examples import example_names, load_example
from core.lang.expr import parse
from core.teaching import quiz
from core.teaching.chain import expand
from core.text import i18n

LINEAR_LECTURE = """
x1 = 0.5
x2 = -1.0
w11 = 0.3
w12 = -0.2
w21 = 0.8
w22 = 0.5
z1 = w11*x1 + w21*x2
z2 = w12*x1 + w22*x2
v11 = 0.6
v12 = -0.4
v21 = 0.1
v22 = 0.9
h1 = v11*z1 + v21*z2
h2 = v12*z1 + v22*z2
p11 = 1.2
p21 = -0.7
a = p11*h1 + p21*h2
"""


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    i18n.set_language("en")


def chosen_ids(q: quiz.QuizQuestion) -> set[str]:
    return {q.option_nodes[i][0] for i in q.correct}


def gradient_of(graph: Graph, top: str, node: str, overrides=None) -> np.ndarray:
    g = graph.copy()
    g.set_output(top)
    return np.asarray(run(g, overrides, record=False).gradients[node], dtype=float)


def nudged(graph: Graph, weight: str) -> dict:
    value = np.asarray(graph[weight].value, dtype=float)
    direction = np.random.default_rng(1).standard_normal(value.shape)  # not uniform: softmax
    return {graph[weight].display: value + 1e-4 * direction}  # ignores a shift of every logit


def test_gradient_descent_quiz_is_the_lectures() -> None:
    q = quiz.gradient_descent_quiz()
    assert q.options == quiz.GD_OPTIONS and q.correct == {1} and not q.multiple
    assert q.options[1] == "wᵗ = wᵗ⁻¹ − η∇Q(wᵗ⁻¹)"
    assert quiz.grade(q, [1]).correct and quiz.grade(q, [1]).message.startswith("Right.")
    for wrong in (0, 2, 3):
        verdict = quiz.grade(q, [wrong])
        assert not verdict.correct and q.feedback[wrong] in verdict.message
    assert "uphill" in q.feedback[0] and "not known yet" in q.feedback[2]
    assert "starting point" in q.feedback[3]
    shuffled = quiz.gradient_descent_quiz(seed=3)
    (right,) = shuffled.correct
    assert shuffled.options[right] == "wᵗ = wᵗ⁻¹ − η∇Q(wᵗ⁻¹)"
    assert sorted(shuffled.options) == sorted(q.options)
    assert quiz.gradient_descent_quiz(seed=3) == shuffled
    i18n.set_language("ru")
    ru = quiz.gradient_descent_quiz()
    assert ru.prompt == "Что из этого — формула для шага в градиентном спуске?"
    assert ru.options == q.options  # the formulas are the same in every language


def test_which_weights_are_factors_of_da_dw11_in_the_lecture() -> None:
    result = run(load_example("lecture").build())
    q = quiz.factors_question(result)
    assert q is not None and "∂a/∂w₁₁" in q.prompt  # the lecture asks about a, not the loss
    assert chosen_ids(q) == {"v11", "v12", "p11", "p21"}
    assert "w22" in {n for (n,) in q.option_nodes}  # the slide's distractors are offered
    for i, note in enumerate(q.feedback):
        assert ("is a factor" in note) == (i in q.correct)


def test_which_weights_change_da_dw11_agrees_with_nudging_them() -> None:
    graph = load_example("lecture").build()
    result = run(graph)
    q = quiz.changes_question(result)
    assert q is not None
    base = gradient_of(graph, "a", "w11")
    for i, (weight,) in enumerate(q.option_nodes):
        moved = gradient_of(graph, "a", "w11", nudged(graph, weight))
        changed = not np.allclose(moved, base, rtol=1e-9, atol=1e-13)
        assert changed == (i in q.correct), weight
    # with σ every weight moves a slope σ′ on w₁₁'s paths, even w₂₂ and v₂₂ (not on the paths)
    assert chosen_ids(q) >= {"w22", "v22", "v11", "p11"}


def test_without_nonlinearity_only_the_factors_change_da_dw11() -> None:
    """The lecture's reading of the slide holds exactly when the layers are linear."""
    graph = parse(LINEAR_LECTURE).graph
    result = run(graph)
    factors = quiz.factors_question(result)
    changes = quiz.changes_question(result)
    assert factors is not None and changes is not None
    assert chosen_ids(factors) == chosen_ids(changes) == {"v11", "v12", "p11", "p21"}
    base = gradient_of(graph, "a", "w11")
    for weight in ("w11", "w12", "w21", "w22", "v11", "v12", "v21", "v22", "p11", "p21"):
        moved = gradient_of(graph, "a", "w11", nudged(graph, weight))
        unchanged = np.allclose(moved, base, rtol=0, atol=1e-15)
        assert unchanged == (weight not in chosen_ids(factors)), weight


@pytest.mark.parametrize("name", example_names())
def test_influence_agrees_with_the_engine_on_every_example(name: str) -> None:
    graph = load_example(name).build()
    result = run(graph)
    top = quiz.default_top(graph)
    params = [n for n in graph.order() if quiz._is_param(graph, n)]
    for node in [p for p in params if p in graph.ancestors(top)][:3]:
        info = quiz.influence(result, node, top)
        assert set(info.factors) <= info.changes
        base = gradient_of(graph, top, node)
        for weight in params:
            moved = gradient_of(graph, top, node, nudged(graph, weight))
            changed = not np.allclose(moved, base, rtol=1e-9, atol=1e-13)
            assert changed == (weight in info.changes), (node, weight)


def test_largest_path_to_dl_dx1() -> None:
    result = run(load_example("lecture").build())
    q = quiz.largest_path_question(result)
    assert q is not None and "∂loss/∂x₁" in q.prompt and not q.multiple
    chain = expand(result, "x1")
    products = [abs(t.product) for t in chain.paths]
    assert len(q.options) == chain.path_count == 4
    (right,) = q.correct
    assert q.option_nodes[right] == tuple(reversed(chain.paths[int(np.argmax(products))].nodes))
    assert q.options[right] == "x₁ → z₁ → h₁ → a → loss"
    assert chain.total == pytest.approx(result.gradients["x1"], abs=1e-15)
    assert quiz.grade(q, [right]).correct and not quiz.grade(q, [(right + 1) % 4]).correct


def test_nodes_whose_gradient_is_a_sum_match_the_trace() -> None:
    result = run(load_example("lecture").build())
    q = quiz.sum_node_question(result, seed=5)
    assert q is not None and q.multiple
    several = {s.target for s in result.trace.steps if isinstance(s, BackwardStep) and s.terms >= 2}
    for i, (node,) in enumerate(q.option_nodes):
        assert (i in q.correct) == (node in several), node
    assert q.correct and len(q.correct) < len(q.options)


def test_grading_several_choices() -> None:
    result = run(load_example("lecture").build())
    q = quiz.factors_question(result)
    right = sorted(q.correct)
    assert quiz.grade(q, right).correct
    partial = quiz.grade(
        q, right[:-1] + [next(i for i in range(len(q.options)) if i not in q.correct)]
    )
    assert not partial.correct and partial.missed == {right[-1]} and len(partial.wrong) == 1


def test_questions_are_deterministic_for_a_seed_and_exist_where_they_make_sense() -> None:
    result = run(load_example("lecture").build())
    assert quiz.graph_questions(result, seed=7) == quiz.graph_questions(result, seed=7)
    keys = [q.key for q in quiz.graph_questions(result)]
    assert keys == ["factors", "changes", "largest_path", "sum_node"]
    lone = run(parse("x = 1.0\nw = 2.0\ny = w*x").graph)
    assert quiz.graph_questions(lone) == []  # no sums, one path, no weight on w's path
    for q in quiz.graph_questions(run(load_example("lego_regression").build())):
        assert len(q.options) == len(q.feedback) == len(q.option_nodes) and q.correct


def test_quiz_texts_in_russian() -> None:
    result = run(load_example("lecture").build())
    i18n.set_language("ru")
    for q in [quiz.gradient_descent_quiz(), *quiz.graph_questions(result)]:
        for text in (q.prompt, q.explanation, *q.feedback[:1]):
            assert any("а" <= c <= "я" for c in text.lower()) or q.key == "largest_path", text
    factors = quiz.factors_question(result)
    assert factors.prompt.startswith("∂a/∂w₁₁ — это сумма по всем путям")

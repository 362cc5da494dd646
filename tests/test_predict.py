"""Predict mode: a question for every step worth asking, answers from the engine, right and wrong
answers scored, typed numbers parsed without evaluation, and the answer never given away early."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from core.autodiff.engine import run
from core.autodiff.notation import format_number
from core.autodiff.trace import BackwardStep, ForwardStep, SeedStep, Trace, UpdateStep
from core.documents.examples import load_example
from core.lang.expr import parse
from core.teaching.explain import describe_step
from core.teaching.predict import Score, check, parse_answer, question_at, questions
from core.text import i18n

NUMBER = re.compile(r"(?<![\w.])[−-]?(?:\d+(?:[.,]\d+)?|\.\d+)(?:e[−+-]?\d+)?(?![\w.])")


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    i18n.set_language("en")


def lecture():
    graph = load_example("lecture").build()
    return graph, run(graph)


def test_every_step_of_the_lecture_is_asked_with_the_engines_number() -> None:
    graph, result = lecture()
    trace = result.trace
    asked = questions(graph, trace)
    seeds = sum(isinstance(s, SeedStep) for s in trace.steps)
    assert len(asked) == len(trace) - seeds
    for q in asked:
        step = trace[q.position]
        if isinstance(step, ForwardStep):
            assert q.kind == "forward" and q.answer == result.values[step.node]
        else:
            assert isinstance(step, BackwardStep) and q.kind == "backward"
            assert q.answer == step.contribution
            assert step.contribution == pytest.approx(step.upstream * step.local, abs=1e-15)
        assert q.explanation == describe_step(graph, trace, q.position + 1)
    # the seed is not asked; neither is anything outside the trace
    assert question_at(graph, trace, trace.backward_start) is None
    assert question_at(graph, trace, len(trace)) is None
    assert question_at(graph, trace, -1) is None


def test_gradient_mode_asks_the_running_sum_which_ends_at_the_engines_gradient() -> None:
    graph, result = lecture()
    trace = result.trace
    last = {}
    for q in questions(graph, trace, backward="gradient"):
        if q.kind == "backward":
            step = trace[q.position]
            assert q.answer == step.after
            last[q.node] = q.answer
    for node, value in last.items():
        assert value == pytest.approx(result.gradients[node], abs=1e-15)
    z1 = [
        q
        for q in questions(graph, trace, backward="gradient")
        if q.node == "z1" and q.kind == "backward"
    ]
    assert len(z1) == 2 and "←" in z1[1].hint  # the second term is added to the first


def test_right_and_wrong_answers_are_scored() -> None:
    graph, result = lecture()
    score = Score()
    asked = questions(graph, result.trace)
    for i, q in enumerate(asked):
        shown = format_number(q.answer)  # what a student reads off the explanation: 4 digits
        typed = shown.replace(".", ",") if i % 2 else shown
        verdict = check(q, typed)
        assert verdict.correct and verdict.given is not None, (q.prompt, typed)
        score = score.record(verdict)
        wrong = check(q, format_number(q.answer + 0.1 + abs(q.answer)))
        assert not wrong.correct and format_number(q.answer) in wrong.message
    assert score == Score(len(asked), len(asked), len(asked), len(asked))
    score = score.record(check(asked[0], "12345"))
    assert (score.asked, score.correct, score.streak) == (len(asked) + 1, len(asked), 0)
    assert score.best_streak == len(asked)
    # text that is not a number is explained and not counted
    verdict = check(asked[0], "two")
    assert not verdict.valid and "not a number" in verdict.message
    assert score.record(verdict) == score
    assert Score().percent == 0 and "0 of 0" in Score().text()


def test_tolerance_is_the_callers() -> None:
    graph, result = lecture()
    q = question_at(graph, result.trace, 0)  # (w₁₁·x₁) = 0.3 · 0.5 = 0.15
    assert q is not None and q.answer == pytest.approx(0.15)
    assert check(q, "0.151").correct  # within 1 %
    assert not check(q, "0.16").correct
    assert check(q, "0.16", rel_tol=0.1).correct
    assert check(q, "3/20").correct


def test_typical_slips_get_a_specific_message() -> None:
    graph, result = lecture()
    trace = result.trace
    # the edge z₁ → (v₁₁·z₁): upstream ∂loss/∂(v₁₁·z₁), local v₁₁ = 0.6, and it is z₁'s second term
    q = [x for x in questions(graph, trace) if x.node == "z1" and x.kind == "backward"][1]
    step = trace[q.position]
    assert step.term == 2
    assert "arriving from above" in check(q, str(float(step.upstream))).message
    assert "only the local derivative" in check(q, str(float(step.local))).message
    assert "Check the sign" in check(q, str(-q.answer)).message
    assert "running sum" in check(q, str(float(step.after))).message
    g = questions(graph, trace, backward="gradient")
    q2 = next(x for x in g if x.position == q.position)
    assert "this edge's term alone" in check(q2, str(float(step.contribution))).message


def test_update_steps_ask_the_new_value() -> None:
    graph, result = lecture()
    trace = result.trace
    rate = 0.1
    updates = [
        UpdateStep(
            p,
            graph[p].value,
            rate,
            result.gradients[p],
            graph[p].value - rate * result.gradients[p],
        )
        for p in ("w11", "p21")
    ]
    longer = Trace([*trace.steps, *updates], trace.leaf_values)
    q = question_at(graph, longer, len(trace))
    assert q is not None and q.kind == "update" and q.node == "w11"
    assert q.answer == pytest.approx(0.3 - 0.1 * result.gradients["w11"])
    assert "η = 0.1" in q.prompt and "w₁₁ ← w₁₁ − η · ∂loss/∂w₁₁" in q.hint
    assert check(q, format_number(q.answer)).correct
    uphill = 0.3 + 0.1 * result.gradients["w11"]
    assert "uphill" in check(q, str(float(uphill))).message
    assert "old value" in check(q, "0.3").message
    assert q.explanation.title == "Update: w₁₁"


def _revealed(q) -> list[str]:
    text = f"{q.prompt}\n{q.hint}"
    return [
        t
        for t in NUMBER.findall(text)
        if math.isclose(
            float(t.replace("−", "-").replace(",", ".")), q.answer, rel_tol=0.01, abs_tol=1e-3
        )
    ]


REVEAL_PROGRAMS = {
    "doubling": "x = 1.0\nout = exp(2*x)",  # (2·x) = 2: the name holds the answer
    "relu_off": "x = -1.0\nw = 0.5\nr = relu(w*x)\nout = 3*r + 1",  # local 1 if … else 0, answer 0
    "shared": "x = 0.5\nu = x*x + exp(x)\nout = u*u + u",
    "half": "a = 0.3\ny = 1.0\nloss = 0.5*(a - y)**2",  # the literal 0.5 is a local derivative
}


@pytest.mark.parametrize("name", ["lecture", "xor", "paired_regression", "neuron", "fc_layer"])
@pytest.mark.parametrize("backward", ["contribution", "gradient"])
def test_the_answer_is_never_in_the_prompt_or_hint_examples(name: str, backward: str) -> None:
    graph = load_example(name).build()
    result = run(graph)
    asked = questions(graph, result.trace, backward=backward, arrays="first")
    assert asked
    for q in asked:
        assert not _revealed(q), (q.prompt, q.hint, q.answer)
        assert q.hint


@pytest.mark.parametrize("name", sorted(REVEAL_PROGRAMS))
@pytest.mark.parametrize("backward", ["contribution", "gradient"])
def test_the_answer_is_never_in_the_prompt_or_hint_programs(name: str, backward: str) -> None:
    graph = parse(REVEAL_PROGRAMS[name]).graph
    result = run(graph)
    asked = questions(graph, result.trace, backward=backward)
    assert asked
    for q in asked:
        assert not _revealed(q), (q.prompt, q.hint, q.answer)


def test_a_name_that_holds_the_answer_is_replaced_in_the_prompt() -> None:
    graph = parse(REVEAL_PROGRAMS["doubling"]).graph
    result = run(graph)
    first = question_at(graph, result.trace, 0)
    assert first is not None and first.answer == 2
    assert "highlighted node" in first.prompt


def test_arrays_are_skipped_by_default_and_asked_element_wise_on_request() -> None:
    graph = load_example("lego_regression").build()
    result = run(graph)
    trace = result.trace
    assert questions(graph, trace) == []  # every step involves arrays shown as their means
    asked = questions(graph, trace, arrays="first")
    assert len(asked) == len(trace) - 1
    for q in asked:
        step = trace[q.position]
        value = step.value if isinstance(step, ForwardStep) else step.contribution
        assert q.answer == np.asarray(value, dtype=float).reshape(-1)[0]
        if np.size(value) > 1:
            assert q.element == (0,) * np.ndim(value) and "[1" in q.prompt
        assert check(q, str(q.answer)).correct


def test_prompts_in_russian() -> None:
    graph, result = lecture()
    i18n.set_language("ru")
    asked = questions(graph, result.trace)
    assert asked[0].prompt.startswith("Прямой проход")
    backward = next(q for q in asked if q.kind == "backward")
    assert "Обратный проход по ребру" in backward.prompt
    assert backward.explanation.title.startswith("Обратный проход")
    assert check(asked[0], "abc").message.startswith("«abc» — не число")
    assert check(asked[0], "0,15").message == "Верно: 0.15."


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0.5", 0.5),
        ("-0,5", -0.5),
        ("−0.5", -0.5),
        ("– 0.5", -0.5),
        ("1e-3", 1e-3),
        ("1E3", 1000.0),
        ("−1.5e−2", -0.015),
        ("1/3", 1 / 3),
        ("-1/4", -0.25),
        (" 2 / -8 ", -0.25),
        ("+3", 3.0),
        (".5", 0.5),
        ("5.", 5.0),
        ("0", 0.0),
        ("\u00a00,25\u00a0", 0.25),
    ],
)
def test_parse_answer_accepts(text: str, value: float) -> None:
    assert parse_answer(text) == pytest.approx(value, rel=1e-15)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "abc",
        "1/0",
        "2**3",
        "2*3",
        "__import__('os').system('true')",
        "1,000.5",
        "1,2,3",
        "1e999",
        "nan",
        "inf",
        "1/2/3",
        "0x10",
        "١٢",
        "1 2",
        "--1",
        "1" * 100,
    ],
)
def test_parse_answer_refuses_with_a_message(text: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_answer(text)
    assert str(info.value)

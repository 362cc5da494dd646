"""Predict before you see: a question for the next step of the trace, checked against the engine.

Students learn more when they commit to a number first. Before the player applies the step that
moves the cursor from ``position`` to ``position + 1``, ``question_at`` asks for the number that
step reveals:

- a forward step asks for the node's value;
- a backward step asks for the edge's contribution, upstream × local (``backward="contribution"``,
  the default: it is the product the lecture's chain rule multiplies, and the one thing the step
  computes), or for the node's running sum after the edge (``backward="gradient"``);
- an update step asks for the parameter's new value;
- the seed step (∂L/∂L = 1) is not asked, nor a step into an unnamed constant, nor a step whose
  number is not finite.

Arrays: the canvas shows an array as its mean, and the mean of a product is not the product of
means, so by default (``arrays="skip"``) steps that involve arrays are not asked. With
``arrays="first"`` they are asked about the first element (index [1, 1, …] counting from 1).

The answer never appears in the prompt or the hint: any number in them that would be accepted as
the answer is dropped, falling back to a less specific text (a test checks every step of several
graphs). Parsing a typed answer never evaluates it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import numpy as np

from ..autodiff.graph import Graph
from ..autodiff.notation import format_number, name_of, partial
from ..autodiff.trace import BackwardStep, ForwardStep, Trace, UpdateStep
from ..text.i18n import tr
from .explain import StepText, describe_step, local_formula, symbolic_expression

REL_TOL = 0.01
ABS_TOL = 1e-3
"""Default tolerance: 1 % or 0.001, generous enough for numbers read off the screen (4 digits)."""


@dataclass(frozen=True)
class Question:
    position: int  # the cursor before the step; answering reveals trace[position]
    kind: Literal["forward", "backward", "update"]
    node: str  # whose number is asked: the node (forward, update) or the edge's argument
    source: str | None  # backward: the operation the gradient comes from
    element: tuple[int, ...] | None  # 0-based index into an array value; None for a scalar
    prompt: str
    hint: str  # the formula without its numbers
    answer: float
    explanation: StepText  # describe_step at position + 1: shown once answered
    mistakes: tuple[tuple[float, str], ...] = field(default=(), repr=False)
    # numbers a student is likely to give by a known slip, and what to say about each


@dataclass(frozen=True)
class Verdict:
    correct: bool
    given: float | None  # None when the text was not a number (not counted in the score)
    answer: float
    message: str

    @property
    def valid(self) -> bool:
        return self.given is not None


@dataclass(frozen=True)
class Score:
    """The run's score: immutable, ``score = score.record(verdict)``."""

    asked: int = 0
    correct: int = 0
    streak: int = 0
    best_streak: int = 0

    def record(self, verdict: Verdict) -> Score:
        if not verdict.valid:
            return self
        streak = self.streak + 1 if verdict.correct else 0
        return Score(
            self.asked + 1,
            self.correct + int(verdict.correct),
            streak,
            max(self.best_streak, streak),
        )

    @property
    def percent(self) -> float:
        return 100.0 * self.correct / self.asked if self.asked else 0.0

    def text(self) -> str:
        return tr(
            "{correct} of {asked} right, streak {streak}",
            correct=self.correct,
            asked=self.asked,
            streak=self.streak,
        )


# -- parsing ---------------------------------------------------------------------------------

_NUMBER = r"(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?"
_SIGNED = rf"[+-]?\s*{_NUMBER}"
_ANSWER = re.compile(rf"({_SIGNED})(?:\s*/\s*({_SIGNED}))?", re.IGNORECASE | re.ASCII)
_MINUSES = str.maketrans({"−": "-", "–": "-", "—": "-", "\u00a0": " ", "\u202f": " "})


def parse_answer(text: str) -> float:
    """A typed number: ``0.5``, ``-0,5`` (decimal comma), ``−0.5`` (Unicode minus), ``1e-3``,
    ``1/3``. Anything else raises ValueError with a message to show; nothing is evaluated."""
    cleaned = text.strip().translate(_MINUSES)
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    match = _ANSWER.fullmatch(cleaned) if len(cleaned) <= 64 else None
    if match is None:
        raise ValueError(
            tr(
                "“{text}” is not a number. Type a decimal such as 0.25 or −0,25, or a fraction "
                "such as 1/4.",
                text=text.strip()[:40],
            )
        )
    numerator = float(match.group(1).replace(" ", ""))
    if match.group(2) is None:
        value = numerator
    else:
        denominator = float(match.group(2).replace(" ", ""))
        if denominator == 0:
            raise ValueError(tr("A fraction cannot have 0 as its denominator."))
        value = numerator / denominator
    if not math.isfinite(value):
        raise ValueError(tr("“{text}” is too large to be an answer.", text=text.strip()[:40]))
    return value


def check(
    question: Question, text: str, rel_tol: float = REL_TOL, abs_tol: float = ABS_TOL
) -> Verdict:
    """Right within the tolerance, or wrong with the correct value and, for a known slip, why."""
    try:
        given = parse_answer(text)
    except ValueError as exc:
        return Verdict(False, None, question.answer, str(exc))
    answer_text = format_number(question.answer)
    if math.isclose(given, question.answer, rel_tol=rel_tol, abs_tol=abs_tol):
        return Verdict(True, given, question.answer, tr("Right: {answer}.", answer=answer_text))
    message = tr(
        "Not quite: you wrote {given}, the answer is {answer}.",
        given=format_number(given),
        answer=answer_text,
    )
    for value, why in question.mistakes:
        if math.isclose(given, value, rel_tol=rel_tol, abs_tol=abs_tol):
            message += " " + why
            break
    return Verdict(False, given, question.answer, message)


# -- questions -------------------------------------------------------------------------------

_TOKEN = re.compile(r"(?<![\w.])[−-]?(?:\d+(?:\.\d+)?|\.\d+)(?:e[−+-]?\d+)?(?![\w.])")


def reveals(text: str, answer: float, rel_tol: float = REL_TOL, abs_tol: float = ABS_TOL) -> bool:
    """Whether some number written in ``text`` would be accepted as ``answer``."""
    for token in _TOKEN.findall(text):
        value = float(token.replace("−", "-"))
        if math.isclose(value, answer, rel_tol=rel_tol, abs_tol=abs_tol):
            return True
    return False


def _size(value: Any) -> int:
    return 1 if value is None else int(np.size(value))


def _element(value: Any, element: tuple[int, ...] | None) -> float:
    arr = np.asarray(value, dtype=float)
    return float(arr.reshape(-1)[0]) if element is None or arr.size == 1 else float(arr[element])


def _indexed(name: str, element: tuple[int, ...] | None) -> str:
    """``Z₁[1, 1]``: the element asked about, counted from 1 like the lecture's w₁₁."""
    if element is None:
        return name
    return f"{name}[{', '.join(str(i + 1) for i in element)}]"


def _safe_parts(*texts: str, answer: float) -> list[str]:
    return [t for t in texts if t and not reveals(t, answer)]


def question_at(
    graph: Graph,
    trace: Trace,
    position: int,
    *,
    backward: Literal["contribution", "gradient"] = "contribution",
    arrays: Literal["skip", "first"] = "skip",
) -> Question | None:
    """The question for the step from ``position`` to ``position + 1``, or None if not asked."""
    if not 0 <= position < len(trace):
        return None
    step = trace[position]
    if isinstance(step, ForwardStep):
        involved: tuple[Any, ...] = (step.value, *step.arg_values)
        target_value = step.value
    elif isinstance(step, BackwardStep):
        if graph[step.target].literal:
            return None
        involved = (step.upstream, step.local, step.contribution, step.after)
        target_value = step.contribution if backward == "contribution" else step.after
    elif isinstance(step, UpdateStep):
        involved = (step.old, step.gradient, step.new)
        target_value = step.new
    else:
        return None  # the seed: ∂L/∂L = 1 needs no prediction
    is_array = any(_size(v) > 1 for v in involved)
    if is_array and arrays == "skip":
        return None
    shape = np.shape(target_value)
    element = tuple(0 for _ in shape) if is_array and np.size(target_value) > 1 else None
    answer = _element(target_value, element)
    if not math.isfinite(answer):
        return None
    explanation = describe_step(graph, trace, position + 1)
    if isinstance(step, ForwardStep):
        question = _forward(graph, step, position, element, answer)
    elif isinstance(step, BackwardStep):
        question = _backward(graph, step, position, element, answer, backward, is_array)
    else:
        question = _update(graph, step, position, element, answer)
    note = ""
    if element is not None:
        note = " " + tr(
            "{name} is an array: the question is about its element {element}, counting from 1.",
            name=name_of(graph, question.node),
            element=_indexed("", element),
        )
        if reveals(note, answer):
            note = ""
    return replace(question, prompt=question.prompt + note, explanation=explanation)


def _no_hint() -> str:
    return tr("No hint for this one: any formula here would give the number away.")


def _forward(
    graph: Graph, step: ForwardStep, position: int, element: tuple[int, ...] | None, answer: float
) -> Question:
    name = name_of(graph, step.node)
    shown = _indexed(name, element)
    prompt = tr("Forward pass: what is the value of {name}?", name=shown)
    if reveals(prompt, answer):
        prompt = tr("Forward pass: what is the value of {name}?", name=tr("the highlighted node"))
    symbolic = symbolic_expression(graph, step.node)
    formula = f"{name} = {symbolic}" if graph[step.node].name else symbolic
    hint = "\n".join(_safe_parts(formula, answer=answer)) or _no_hint()
    mistakes = []
    if answer:
        mistakes.append((-answer, tr("Check the sign.")))
    return Question(
        position,
        "forward",
        step.node,
        None,
        element,
        prompt,
        hint,
        answer,
        StepText("", ""),
        tuple(mistakes),
    )


def _backward(
    graph: Graph,
    step: BackwardStep,
    position: int,
    element: tuple[int, ...] | None,
    answer: float,
    mode: str,
    is_array: bool,
) -> Question:
    out = name_of(graph, graph.require_output())
    u, v = name_of(graph, step.target), name_of(graph, step.source)
    gradient = _indexed(f"∂{out}/∂{u}", element)
    upstream_sym = f"∂{out}/∂{v}"
    local_sym = partial(graph, step.source, step.target)
    if mode == "contribution":
        prompt = tr(
            "Backward pass along the edge {arg} → {op}: what does it contribute to {gradient}?",
            arg=u,
            op=v,
            gradient=gradient,
        )
        fallback = tr(
            "Backward pass along the highlighted edge: what does it contribute to the gradient "
            "of the node it starts from?"
        )
        chain = f"∂{out}/∂{u} {'+=' if step.term > 1 else '='} {upstream_sym} · {local_sym}"
    else:
        prompt = tr(
            "Backward pass along the edge {arg} → {op}: what is {gradient} after this edge?",
            arg=u,
            op=v,
            gradient=gradient,
        )
        fallback = tr(
            "Backward pass along the highlighted edge: what is the gradient of the node it "
            "starts from after this edge?"
        )
        if step.term > 1:
            chain = f"∂{out}/∂{u} ← ∂{out}/∂{u} + {upstream_sym} · {local_sym}"
        else:
            chain = f"∂{out}/∂{u} = {upstream_sym} · {local_sym}"
    if reveals(prompt, answer):
        prompt = fallback
    local_text = f"{local_sym} = {local_formula(graph, step.source, step.position)}"
    hint = "\n".join(_safe_parts(chain, local_text, answer=answer)) or _no_hint()

    mistakes: list[tuple[float, str]] = []
    if step.term > 1:
        if mode == "contribution":
            mistakes.append(
                (
                    _element(step.after, element),
                    tr(
                        "That is the running sum after this edge; the question asks for this "
                        "edge's term alone."
                    ),
                )
            )
        else:
            mistakes.append(
                (
                    _element(step.contribution, element),
                    tr(
                        "That is this edge's term alone; add it to the sum the node had "
                        "received before."
                    ),
                )
            )
    if not is_array:
        mistakes.append(
            (
                _element(step.upstream, None),
                tr(
                    "That is {upstream}, the gradient arriving from above: multiply it by the "
                    "local derivative {local}.",
                    upstream=upstream_sym,
                    local=local_sym,
                ),
            )
        )
        if step.local is not None:
            mistakes.append(
                (
                    _element(step.local, None),
                    tr(
                        "That is only the local derivative {local}: multiply it by the gradient "
                        "arriving from above, {upstream}.",
                        upstream=upstream_sym,
                        local=local_sym,
                    ),
                )
            )
    if answer:
        mistakes.append((-answer, tr("Check the sign.")))
    # a slip that equals the answer is no slip
    mistakes = [
        (value, why)
        for value, why in mistakes
        if not math.isclose(value, answer, rel_tol=REL_TOL, abs_tol=ABS_TOL)
    ]
    return Question(
        position,
        "backward",
        step.target,
        step.source,
        element,
        prompt,
        hint,
        answer,
        StepText("", ""),
        tuple(mistakes),
    )


def _update(
    graph: Graph, step: UpdateStep, position: int, element: tuple[int, ...] | None, answer: float
) -> Question:
    name = name_of(graph, step.node)
    rate = format_number(step.learning_rate)
    gradient = f"∂{name_of(graph, graph.require_output())}/∂{name}"  # as the backward pass names it
    direction = "b" if step.momentum else gradient  # with momentum, b = μ·b + gradient
    prompt = tr(
        "Gradient-descent step with η = {rate}: what is the new value of {name}?",
        rate=rate,
        name=_indexed(name, element),
    )
    if reveals(prompt, answer):
        prompt = tr(
            "Gradient-descent step: what is the new value of {name}?",
            name=tr("the highlighted node"),
        )
    hint = (
        "\n".join(_safe_parts(f"{name} ← {name} − η · {direction}", f"η = {rate}", answer=answer))
        or _no_hint()
    )
    old = _element(step.old, element)
    grad = _element(step.gradient, element)
    lr = float(step.learning_rate)
    mistakes = [
        (
            old + lr * grad,
            tr("That moves uphill: gradient descent subtracts η times the gradient."),
        ),
        (old, tr("That is the old value: the step moves it by −η times the gradient.")),
        (old - grad, tr("Multiply the gradient by the step size η before subtracting it.")),
    ]
    mistakes = [
        (value, why)
        for value, why in mistakes
        if not math.isclose(value, answer, rel_tol=REL_TOL, abs_tol=ABS_TOL)
    ]
    return Question(
        position,
        "update",
        step.node,
        None,
        element,
        prompt,
        hint,
        answer,
        StepText("", ""),
        tuple(mistakes),
    )


def questions(graph: Graph, trace: Trace, **options: Any) -> list[Question]:
    """Every question a run would ask, in order (``options`` as for ``question_at``)."""
    out = []
    for position in range(len(trace)):
        question = question_at(graph, trace, position, **options)
        if question is not None:
            out.append(question)
    return out

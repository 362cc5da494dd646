"""A matrix product's backward step written so a student can check one number by hand.

For Z = X · W the backward pass sends ∂L/∂W = Xᵀ · ∂L/∂Z to the weights and
∂L/∂X = ∂L/∂Z · Wᵀ to the input. The step itself only records the upstream gradient and the
contribution (a vector–Jacobian product has no local derivative to print), so a slide saying
"[4×4] mean −0.0141" teaches nothing. Here the step becomes: the formula, the shapes, a corner
of each factor, and one entry of the result worked out as the sum of products it is,

    ∂L/∂W[1,2] = Σₖ Xᵀ[1,k] · ∂L/∂Z[k,2] = 0.5 · (−0.1) + … = −0.0314

A bias added to every row (Z = X·W + b, one row per sample) gets the column sums of the
upstream gradient, ∂L/∂b = 1ᵀ · ∂L/∂Z: the same panel, with a row of ones as the left
factor, and one entry written as the column's sum, which a student adds by hand,

    ∂L/∂b[2] = Σₖ ∂L/∂Z[k,2] = 0.1 + (−0.2) + 0.05 = −0.05

Every number comes from the trace: the factors are the matmul's argument values and the
upstream gradient the step recorded, the result entry is the step's contribution. The products
(or the terms of a column sum) shown are of those recorded numbers (what the student
computes); tests check that their sum is the recorded entry.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..autodiff.graph import Graph
from ..autodiff.notation import format_number, name_of, operand
from ..autodiff.trace import BackwardStep, ForwardStep, Trace

ROWS, COLUMNS = 4, 4  # the corner of a factor shown
MAX_TERMS = 4  # a worked entry with more terms shows the first ones and the last
MAX_SUM_TERMS = 8  # a column sum's terms are short: up to eight samples are all written out


@dataclass(frozen=True)
class Factor:
    """A matrix in the formula: its name, shape and the corner shown (formatted numbers)."""

    name: str
    shape: tuple[int, ...]  # (rows, columns), or (n,) for a vector such as a bias
    corner: tuple[tuple[str, ...], ...]
    more_rows: bool
    more_columns: bool

    @property
    def shape_text(self) -> str:
        return "[" + "×".join(str(n) for n in self.shape) + "]"


@dataclass(frozen=True)
class WorkedEntry:
    """One entry of the result as the sum of products of the factors' recorded numbers."""

    row: int  # 0-based, in the result
    column: int
    pairs: tuple[tuple[float, float], ...]  # (left factor entry, right factor entry) per k
    value: float  # the recorded entry of the step's contribution
    digits: int = 4  # of each term shown (a column sum's terms: enough to add up to the value)

    @property
    def products(self) -> tuple[float, ...]:
        return tuple(a * b for a, b in self.pairs)


@dataclass(frozen=True)
class MatrixStep:
    """The step ∂L/∂W = Xᵀ · ∂L/∂Z (or ∂L/∂X = ∂L/∂Z · Wᵀ) with its numbers."""

    formula: str  # "∂loss/∂W₁ = Xᵀ · ∂loss/∂(X·W₁)"
    left: Factor
    right: Factor
    result: Factor
    worked: WorkedEntry
    result_name: str  # "∂loss/∂W₁"
    column_sum: bool = False  # ∂L/∂b = 1ᵀ · ∂L/∂Z: the worked entry is a sum, not products

    @property
    def shapes(self) -> str:
        return f"{self.result.shape_text} = {self.left.shape_text} · {self.right.shape_text}"

    def worked_text(self) -> str:
        """``∂loss/∂W₁[1,2] = Σₖ Xᵀ[1,k] · ∂loss/∂(X·W₁)[k,2] = 0.5 · (−0.1) + … = 0.0052``
        (1-based indices, as a student counts rows and columns)."""
        w = self.worked
        i, j = w.row + 1, w.column + 1
        if self.column_sum:  # ``∂loss/∂b₁[2] = Σₖ ∂loss/∂Z₁[k,2] = 0.1 + (−0.2) = −0.1``
            entry = f"{self.result_name}[{j}]"
            rule = f"Σₖ {self.right.name}[k,{j}]"
            terms = [_term(b, w.digits) for _, b in w.pairs]
        else:
            entry = f"{self.result_name}[{i},{j}]"
            rule = f"Σₖ {self.left.name}[{i},k] · {self.right.name}[k,{j}]"
            terms = [f"{operand(a)} · {operand(b)}" for a, b in w.pairs]
        limit = MAX_SUM_TERMS if self.column_sum else MAX_TERMS
        if len(terms) > limit:
            terms = [*terms[: limit - 1], "…", terms[-1]]
        return f"{entry} = {rule} = {' + '.join(terms)} = {format_number(w.value)}"


def matrix_step(graph: Graph, trace: Trace, position: int) -> MatrixStep | None:
    """The matrix view of step ``position`` (1-based) if it is a backward step through a
    product of two matrices; None for any other step."""
    if not 1 <= position <= len(trace):
        return None
    step = trace[position - 1]
    if not isinstance(step, BackwardStep) or graph[step.source].op != "matmul":
        return None
    forward = _forward_step(trace, step.source, position)
    if forward is None or len(forward.arg_values) != 2:
        return None
    x, w = (np.asarray(v, dtype=float) for v in forward.arg_values)
    upstream = np.asarray(step.upstream, dtype=float)
    result = np.asarray(step.contribution, dtype=float)
    if not (x.ndim == w.ndim == upstream.ndim == result.ndim == 2):
        return None
    out = name_of(graph, graph.require_output())
    x_id, w_id = graph[step.source].args
    z_name = f"∂{out}/∂{name_of(graph, step.source)}"
    target_name = f"∂{out}/∂{name_of(graph, step.target)}"
    if step.position == 1:  # ∂L/∂W = Xᵀ · ∂L/∂Z
        left_name, right_name = f"{_atom(name_of(graph, x_id))}ᵀ", z_name
        left, right = x.T, upstream
        formula = f"{target_name} = {left_name} · {z_name}"
    else:  # ∂L/∂X = ∂L/∂Z · Wᵀ
        left_name, right_name = z_name, f"{_atom(name_of(graph, w_id))}ᵀ"
        left, right = upstream, w.T
        formula = f"{target_name} = {z_name} · {right_name}"
    if left.shape[1] != right.shape[0] or result.shape != (left.shape[0], right.shape[1]):
        return None
    corner = np.abs(result[:ROWS, :COLUMNS])  # the worked entry is one the page shows
    row, column = np.unravel_index(int(np.argmax(corner)), corner.shape)
    pairs = tuple((float(left[row, k]), float(right[k, column])) for k in range(left.shape[1]))
    worked = WorkedEntry(int(row), int(column), pairs, float(result[row, column]))
    return MatrixStep(
        formula,
        _factor(left_name, left),
        _factor(right_name, right),
        _factor(target_name, result),
        worked,
        target_name,
    )


def bias_step(graph: Graph, trace: Trace, position: int) -> MatrixStep | None:
    """The bias view of step ``position`` (1-based) if it sends the gradient of a sum
    Z = … + b, b added to every row, to b: ∂L/∂b = 1ᵀ · ∂L/∂Z, the column sums of ∂L/∂Z.
    None for any other step."""
    if not 1 <= position <= len(trace):
        return None
    step = trace[position - 1]
    if not isinstance(step, BackwardStep) or graph[step.source].op != "add":
        return None
    upstream = np.asarray(step.upstream, dtype=float)
    result = np.asarray(step.contribution, dtype=float)
    if upstream.ndim != 2 or upstream.shape[0] < 2:
        return None
    samples, columns = upstream.shape
    if result.shape not in ((columns,), (1, columns)):
        return None  # not a row added to every row of Z
    row = result.reshape(1, columns)
    out = name_of(graph, graph.require_output())
    z_name = f"∂{out}/∂{name_of(graph, step.source)}"
    target_name = f"∂{out}/∂{name_of(graph, step.target)}"
    ones = np.ones((1, samples))
    column = int(np.argmax(np.abs(row[0, :COLUMNS])))
    pairs = tuple((1.0, float(upstream[k, column])) for k in range(samples))
    value = float(row[0, column])
    digits = _digits_that_add_up([b for _, b in pairs], value)
    worked = WorkedEntry(0, column, pairs, value, digits)
    result_factor = _factor(target_name, row)
    if result.ndim == 1:
        result_factor = Factor(
            target_name, (columns,), result_factor.corner, False, result_factor.more_columns
        )
    return MatrixStep(
        f"{target_name} = 1ᵀ · {z_name}",
        _factor("1ᵀ", ones),
        _factor(z_name, upstream),
        result_factor,
        worked,
        target_name,
        column_sum=True,
    )


def shown_number(text: str) -> float:
    """The number a text of format_number stands for (what a student reads)."""
    return float(text.replace("−", "-"))


def _term(value: float, digits: int) -> str:
    text = format_number(value, digits)
    return f"({text})" if text.startswith("−") else text


def _digits_that_add_up(terms: list[float], value: float) -> int:
    """The fewest digits (from 4) at which the terms as shown add up, by hand, to the value
    as shown: 1.335 + (−0.9743) + … = 0.9035 would not be the 0.9032 the page gives."""
    want = format_number(value)
    for digits in range(4, 9):
        shown = [shown_number(format_number(t, digits)) for t in terms]
        if all(math.isfinite(v) for v in shown) and format_number(math.fsum(shown)) == want:
            return digits
    return 8


def written_out(graph: Graph, trace: Trace, position: int) -> MatrixStep | None:
    """Step ``position`` as a matrix step (a product's or a bias's), or None."""
    return matrix_step(graph, trace, position) or bias_step(graph, trace, position)


def _forward_step(trace: Trace, node: str, before: int) -> ForwardStep | None:
    """The forward step that computed ``node`` (its argument values), before ``before``."""
    for k in range(min(before, len(trace)) - 1, -1, -1):
        step = trace[k]
        if isinstance(step, ForwardStep) and step.node == node:
            return step
    return None


def _atom(name: str) -> str:
    """A name that takes a superscript whole: W₁ and (X·W₁) stay, X + b gets brackets."""
    bare = name.startswith("(") and name.endswith(")")
    return f"({name})" if not bare and any(c in name for c in " ·+−-*/") else name


def _factor(name: str, matrix: np.ndarray) -> Factor:
    rows, columns = matrix.shape
    corner = tuple(
        tuple(format_number(float(matrix[i, j])) for j in range(min(columns, COLUMNS)))
        for i in range(min(rows, ROWS))
    )
    return Factor(name, (int(rows), int(columns)), corner, rows > ROWS, columns > COLUMNS)

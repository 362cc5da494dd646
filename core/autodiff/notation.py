"""The lecture's notation: names with subscripts (w11 → w₁₁), numbers as they are displayed
(``format_number``: NaN and ∞ spelled out, arrays summarised in the reader's language).

Below the IR: ``core.autodiff.graph`` renders a node's formula with ``format_number``; this module reads
graphs only in its type annotations, so it imports nothing of the engine when it runs.
"""

from __future__ import annotations

import re
import weakref
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from ..text.i18n import tr

if TYPE_CHECKING:
    from .graph import Graph

_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_TRAILING_DIGITS = re.compile(r"^([A-Za-z]+)_?(\d+)$")


def pretty(name: str) -> str:
    """Lecture-style subscripts for simple names: w11 → w₁₁, x_2 → x₂; anything else unchanged."""
    match = _TRAILING_DIGITS.match(name)
    if not match:
        return name
    return match.group(1) + match.group(2).translate(_SUBSCRIPTS)


_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z_0-9]*")


_BINARY = re.compile(r"(?<=[\w₀-₉²³)\]])([+−])")


@lru_cache(maxsize=4096)  # the same label is written in several steps' texts
def pretty_expression(text: str) -> str:
    """A program's source text in the lecture's typography: w11*x1 + w21*x2 → w₁₁·x₁ + w₂₁·x₂
    (products tight, sums and differences spaced, a leading minus kept on its operand)."""
    text = _IDENTIFIER.sub(lambda m: pretty(m.group(0)), text)
    text = text.replace("**2", "²").replace("**3", "³").replace("*", "·")
    text = text.replace("-", "−").replace(" ", "")
    return _BINARY.sub(r" \1 ", text)


NAME_CHARS = 24  # an unnamed op's formula is abbreviated past this many characters (equations)
_PRECEDENCE = {"add": 1, "sub": 1, "mul": 2, "div": 2, "matmul": 2, "neg": 3, "pow": 4}
_TIGHT = {"mul": "{0}·{1}"}  # products written as in the lecture, w₁₁·x₁
ELLIPSIS = "…"


def name_of(graph: Graph, node_id: str, limit: int = NAME_CHARS) -> str:
    """How a node is written in an equation: its pretty name, its number if a literal, or for
    an unnamed op its formula in parentheses: the program's own text when it is short, else
    the formula over its arguments' names abbreviated to about ``limit`` characters:
    (w₁₁·x₁ + w₂₁·x₂), (w₁₁·x₁ + … + w₄₁·x₄), σ(w₁₁·x₁ + …). Never a bare "(·)"."""
    node = graph[node_id]
    if node.literal:
        return operand(node.value)
    if node.name:
        return pretty(node.name)
    if node.is_leaf:
        return pretty(node.display)
    if node.label and node.label != node.id:
        if _IDENTIFIER.fullmatch(node.label) is not None:
            return pretty(node.label)
        text = pretty_expression(node.label)
        if len(text) + 2 <= limit:
            return f"({text})"
    return _enclosed(graph, node_id, formula_text(graph, node_id, limit - 2))


def _enclosed(graph: Graph, node_id: str, text: str) -> str:
    """Parentheses around a formula used as a name, unless it already reads as one (σ(…))."""
    return text if _precedence(graph, node_id) >= 9 and text.endswith(")") else f"({text})"


def _precedence(graph: Graph, node_id: str) -> int:
    node = graph[node_id]
    if node.is_leaf or node.name:
        return 9
    return _PRECEDENCE.get(node.op or "", 9)  # calls (σ(…), tanh(…)) bind like a name


def formula_text(graph: Graph, node_id: str, limit: int = NAME_CHARS) -> str:
    """An unnamed op's formula over its arguments' names (named arguments by name, unnamed
    ones written out), shortened to about ``limit`` characters: a long sum keeps its first
    and last terms (a + … + z), else its first (a + …); an argument that does not fit is …."""
    node = graph[node_id]
    if node.op == "add":
        terms, count = _sum_terms(graph, node_id)
        texts = [_argument(graph, node_id, t, 1, limit) for t in terms]
        full = " + ".join(texts)
        if count == len(terms) and len(full) <= limit:
            return full
        if count > 2:
            ends = f"{texts[0]} + {ELLIPSIS} + {texts[-1]}"
            if len(ends) <= limit:
                return ends
        first = _argument(graph, node_id, terms[0], 1, max(1, limit - 4))
        return f"{first} + {ELLIPSIS}"
    args = list(node.args)
    budget = limit
    for _ in range(3):  # shorter and shorter arguments until the whole fits
        texts = [_argument(graph, node_id, a, i, budget) for i, a in enumerate(args)]
        text = _render(graph, node_id, texts)
        if len(text) <= limit:
            return text
        budget //= 2
    texts = [
        ELLIPSIS if _precedence(graph, a) < 9 or len(t) > limit // 2 else t
        for a, t in zip(args, texts, strict=True)
    ]
    return _render(graph, node_id, texts)


def _render(graph: Graph, node_id: str, texts: list[str]) -> str:
    node = graph[node_id]
    tight = _TIGHT.get(node.op or "")
    if tight is not None:
        return tight.format(*texts)
    return node.operation.render(*texts, **node.params)


MAX_TERMS = 8  # a sum of more terms is written by its ends: a + … + z


def _sum_terms(graph: Graph, node_id: str) -> tuple[list[str], int]:
    """The terms of a chain of unnamed additions, in order, and how many there are:
    ((a + b) + c) → [a, b, c], 3. A chain of more than MAX_TERMS terms gives only its first
    and last. Computed bottom-up without recursion and remembered per graph, so the names of
    every partial sum of a sum of thousands of terms cost one pass, not one each."""
    memo = _SUMS.get(graph)
    if memo is None or memo[0] != len(graph.nodes):
        memo = (len(graph.nodes), {})
        _SUMS[graph] = memo
    known = memo[1]
    stack = [node_id]
    while stack:
        nid = stack[-1]
        if nid in known:
            stack.pop()
            continue
        pending = [a for a in graph[nid].args if _is_sum(graph, a) and a not in known]
        if pending:
            stack.extend(pending)
            continue
        stack.pop()
        terms: list[str] = []
        count = 0
        for arg in graph[nid].args:
            part, n = known[arg] if _is_sum(graph, arg) else ([arg], 1)
            terms = (
                terms + part
                if count + n <= MAX_TERMS
                else [terms[0] if terms else part[0], part[-1]]
            )
            count += n
        known[nid] = (terms, count)
    return known[node_id]


def _is_sum(graph: Graph, node_id: str) -> bool:
    child = graph[node_id]
    return not child.is_leaf and not child.name and child.op == "add"


_SUMS: weakref.WeakKeyDictionary[Graph, tuple[int, dict[str, tuple[list[str], int]]]] = (
    weakref.WeakKeyDictionary()
)


def _argument(graph: Graph, parent: str, arg: str, position: int, limit: int) -> str:
    """How an argument stands inside its consumer's formula: a name, a number, or its own
    formula, in parentheses where the consumer binds tighter (or it is the right side of − or
    /) and the consumer does not already wrap it in a call σ(…)."""
    child = graph[arg]
    if child.literal or child.name or child.is_leaf:
        return name_of(graph, arg)
    if limit <= 2:
        return ELLIPSIS
    text = formula_text(graph, arg, limit)
    node = graph[parent]
    mine, theirs = _precedence(graph, parent), _precedence(graph, arg)
    if mine >= 9 and node.op not in _PRECEDENCE:
        return text  # inside a call: σ(w·x + b)
    if theirs < mine or (theirs == mine and position == 1 and node.op in ("sub", "div")):
        return f"({text})"
    return text


def operand(value: object) -> str:
    """A number as it stands inside a formula: negatives get parentheses, 2 · (−0.5)."""
    text = format_number(value)
    return f"({text})" if text.startswith("−") else text


def partial(graph: Graph, top: str, bottom: str) -> str:
    """``∂top/∂bottom`` in the lecture's notation."""
    return f"∂{name_of(graph, top)}/∂{name_of(graph, bottom)}"


def format_number(value: Any, digits: int = 4) -> str:
    """Compact, honest text for a number: NaN and inf are spelled out; arrays are summarised."""
    arr = np.asarray(value, dtype=float)
    if arr.ndim == 0 or arr.size == 1:
        v = float(arr.reshape(-1)[0]) if arr.size else float("nan")
        if np.isnan(v):
            return "NaN"
        if np.isinf(v):
            return "∞" if v > 0 else "−∞"
        if v == 0:
            return "0"
        if abs(v) >= 1e5 or abs(v) < 1e-3:
            return f"{v:.{digits - 1}e}".replace("-", "−")
        text = f"{v:.{digits}g}" if abs(v) >= 1 else f"{v:.{digits}f}".rstrip("0").rstrip(".")
        return text.replace("-", "−")
    shape = "×".join(str(s) for s in arr.shape)
    return tr("[{shape}] mean {mean}", shape=shape, mean=format_number(float(np.mean(arr)), digits))

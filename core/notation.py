"""The lecture's notation: names with subscripts (w11 → w₁₁), numbers as they are displayed
(``format_number``: NaN and ∞ spelled out, arrays summarised in the reader's language).

Below the IR: ``core.graph`` renders a node's formula with ``format_number``; this module reads
graphs only in its type annotations, so it imports nothing of the engine when it runs.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from core.i18n import tr

if TYPE_CHECKING:
    from core.graph import Graph

_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_TRAILING_DIGITS = re.compile(r"^([A-Za-z]+)_?(\d+)$")


def pretty(name: str) -> str:
    """Lecture-style subscripts for simple names: w11 → w₁₁, x_2 → x₂; anything else unchanged."""
    match = _TRAILING_DIGITS.match(name)
    if not match:
        return name
    return match.group(1) + match.group(2).translate(_SUBSCRIPTS)


_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z_0-9]*")


@lru_cache(maxsize=4096)  # the same label is written in several steps' texts
def pretty_expression(text: str) -> str:
    """A program's source text in the lecture's typography: w11*x1 → w₁₁·x₁."""
    text = _IDENTIFIER.sub(lambda m: pretty(m.group(0)), text)
    text = text.replace("**2", "²").replace("**3", "³").replace("*", "·")
    return text.replace("-", "−").replace(" ", "")


def name_of(graph: Graph, node_id: str) -> str:
    """How a node is written in an equation: its pretty name, its number if a literal, or the
    source text of an unnamed subexpression in parentheses."""
    node = graph[node_id]
    if node.literal:
        return operand(node.value)
    if node.name:
        return pretty(node.name)
    if node.label and node.label != node.id:
        text = pretty_expression(node.label)
        return f"({text})" if _IDENTIFIER.fullmatch(node.label) is None else text
    return node.id


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

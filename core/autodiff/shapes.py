"""Arguments whose shapes an operation cannot take: one message with the program's line and
column, instead of NumPy's broadcasting or gufunc text escaping as a traceback.

The engine calls ``shape_error`` when an op's forward pass refuses its arguments (``w @ w`` of
two numbers, ``mse`` of 2 and 3 values, a 2×2 matrix times 3 values), so every op with shape
rules is checked where it runs, with the rule the op itself applies.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..text.i18n import tr
from .graph import Graph, GraphError, Node


class ShapeError(GraphError):
    """An op given arguments of shapes it cannot combine; ``line``/``column`` say where."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        self.message = message
        self.line = line
        self.column = column
        if line is not None and column is not None:
            message = tr(
                "line {line}, column {column}: {message}", line=line, column=column, message=message
            )
        elif line is not None:
            message = tr("line {line}: {message}", line=line, message=message)
        super().__init__(message)


def shape_text(value: Any) -> str:
    """``scalar``, ``3`` (a vector of 3), ``2×2``."""
    shape = np.shape(value)
    return "×".join(map(str, shape)) if shape else tr("scalar")


def shape_error(graph: Graph, node: Node, args: tuple[Any, ...]) -> ShapeError:
    """What to raise when ``node``'s op refused ``args`` (with the op's own wording)."""
    shapes = ", ".join(
        f"{graph[a].display} ({shape_text(v)})" for a, v in zip(node.args, args, strict=True)
    )
    if node.op == "matmul":
        left, right = (graph[a].display for a in node.args)
        message = tr(
            "{name}: matmul needs a vector or matrix on both sides whose inner sizes agree, "
            "got {shapes}",
            name=f"{node.name} = {left} @ {right}" if node.name else node.display,
            shapes=shapes,
        )
    else:
        formula = graph.formula(node.id)
        message = tr(
            "{name}: {op} cannot combine arguments of these shapes: {shapes}",
            name=f"{node.name} = {formula}" if node.name else formula,
            op=node.op,
            shapes=shapes,
        )
    return ShapeError(message, node.line, node.column)

"""Rewrite the number a program assigns to a name, so a value set on the graph shows in the text.

Double-clicking a leaf sets its value; for a program the honest place for that value is the line
that defines the leaf (``x1 = 0.5`` becomes ``x1 = 1.0``), so the editor never shows a number the
graph does not use. Only a literal right-hand side is rewritten (a number, a negated number, or
a nested list of them, with an optional annotation such as ``w: param = 0.1``); anything else
returns None and the caller keeps the value as an override. The program is parsed with ``ast``
and never evaluated; only the literal's own span changes, so comments and spacing stay.
"""

from __future__ import annotations

import ast
import re
import warnings
from typing import Any

import numpy as np


def literal_text(value: Any) -> str:
    """Python source for a number or an array of numbers (shortest text that reads back)."""
    arr = np.asarray(value, dtype=float)
    if arr.ndim == 0:
        return repr(float(arr))
    return "[" + ", ".join(literal_text(part) for part in arr) + "]"


def _is_literal(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, int | float) and not isinstance(node.value, bool)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        return _is_literal(node.operand)
    if isinstance(node, ast.List | ast.Tuple):
        return all(_is_literal(e) for e in node.elts)
    return False


def _assigned_literal(statement: ast.stmt, name: str) -> ast.expr | None:
    if isinstance(statement, ast.Assign):
        targets = statement.targets
        if len(targets) == 1 and isinstance(targets[0], ast.Name) and targets[0].id == name:
            return statement.value if _is_literal(statement.value) else None
    elif isinstance(statement, ast.AnnAssign):
        target = statement.target
        if isinstance(target, ast.Name) and target.id == name and statement.value is not None:
            return statement.value if _is_literal(statement.value) else None
    return None


def _offset(lines: list[str], line: int, byte_column: int) -> int:
    """Character offset in the whole text of ``ast``'s (line, UTF-8 byte column)."""
    before = sum(len(text) for text in lines[: line - 1])
    return before + len(lines[line - 1].encode("utf-8")[:byte_column].decode("utf-8"))


def parse_quietly(program: str) -> ast.Module:
    """Python's parser on a person's text, without the warnings it prints about Python itself
    (SyntaxWarning for `1if x`, invalid escapes …): they would reach the terminal and mean
    nothing in the lecture's language. Raises SyntaxError or ValueError as ``ast.parse`` does.
    Every parse of typed text goes through here (tests/test_no_warnings.py holds it)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SyntaxWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        return ast.parse(program, mode="exec")


def assigned_names(program: str) -> set[str] | None:
    """Names a program assigns at its top level; None while it does not parse."""
    try:
        tree = parse_quietly(program)
    except (SyntaxError, ValueError):
        return None
    names: set[str] = set()
    for statement in tree.body:
        targets = statement.targets if isinstance(statement, ast.Assign) else []
        if isinstance(statement, ast.AnnAssign):
            targets = [statement.target]
        names |= {t.id for t in targets if isinstance(t, ast.Name)}
    return names


def set_literal(program: str, name: str, value: Any) -> str | None:
    """``program`` with the literal assigned to ``name`` replaced by ``value``; None when the
    name is not assigned a literal (or the program does not parse)."""
    try:
        tree = parse_quietly(program)
    except (SyntaxError, ValueError):
        return None
    for statement in tree.body:
        node = _assigned_literal(statement, name)
        if node is None or node.end_lineno is None or node.end_col_offset is None:
            continue
        lines = re.split(r"(?<=\n)", program)  # as ast counts lines
        start = _offset(lines, node.lineno, node.col_offset)
        end = _offset(lines, node.end_lineno, node.end_col_offset)
        return program[:start] + literal_text(value) + program[end:]
    return None

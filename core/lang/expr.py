"""The program language: Python syntax read with ``ast`` and turned into a Graph, never run.

A program is a list of assignments. ``name = <number>`` (or a list of numbers) makes a leaf;
any other assignment names the operation its right-hand side builds. Only the constructs in the
tables below are accepted; everything else is reported by name with its line and column, so a
hostile or mistyped program yields one clear ``ProgramError`` and nothing is executed.

Expressions are walked with an explicit stack (not recursion), so a long chain such as
``a + a + ... + a`` cannot overflow Python's stack here; Python's own parser has limits of its
own, which are caught and reported like any other error.
"""

from __future__ import annotations

import ast
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, cast

import numpy as np

from ..autodiff import ops
from ..autodiff.graph import Graph, Role
from ..text.i18n import count, tr
from ..text.passthrough import syntax_reason
from .program_literals import parse_quietly

MAX_BYTES = 2 * 1024 * 1024
MAX_AST_NODES = 200_000
MAX_LABEL = 48  # characters of an unnamed subexpression's source kept whole as its label
LABEL_END = 20  # characters kept at each end of a longer one: "x0 + x1 + … + x1999"

ALIASES: dict[str, str] = {"sigma": "sigmoid", "σ": "sigmoid", "ReLU": "relu", "ln": "log"}
"""Extra spellings accepted for functions (lecture notation)."""

FUNCTION_NAMES: dict[str, str] = {**{name: name for name in ops.FUNCTIONS}, **ALIASES}
"""Every name callable in a program, mapped to its op."""

ROLES: dict[str, Role] = {
    "param": Role.PARAM,
    "parameter": Role.PARAM,
    "input": Role.INPUT,
    "const": Role.CONST,
    "constant": Role.CONST,
}
INPUT_NAME = re.compile(r"[xyXY](_?\d+)?")
"""Unannotated leaves named like the lecture's data (x, x1, x_2, y, y1; X, Y for matrices) are inputs."""

BINARY_OPS: dict[type, str] = {
    ast.Add: "add",
    ast.Sub: "sub",
    ast.Mult: "mul",
    ast.Div: "div",
    ast.Pow: "pow",
    ast.MatMult: "matmul",
}
OPERATOR_TEXT: dict[type, str] = {
    ast.FloorDiv: "//",
    ast.Mod: "%",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.BitOr: "|",
    ast.BitXor: "^",
    ast.BitAnd: "&",
    ast.Invert: "~",
    ast.Not: "not",
}

CONSTRUCTS: dict[type, Callable[[], str]] = {
    # expressions
    ast.Attribute: lambda: tr("attribute access (x.y) is not part of the language"),
    ast.Subscript: lambda: tr("indexing (x[i]) is not part of the language"),
    ast.Slice: lambda: tr("slicing (x[a:b]) is not part of the language"),
    ast.Lambda: lambda: tr("lambda functions are not part of the language"),
    ast.ListComp: lambda: tr("comprehensions are not part of the language"),
    ast.SetComp: lambda: tr("comprehensions are not part of the language"),
    ast.DictComp: lambda: tr("comprehensions are not part of the language"),
    ast.GeneratorExp: lambda: tr("generator expressions are not part of the language"),
    ast.JoinedStr: lambda: tr("f-strings are not part of the language"),
    ast.FormattedValue: lambda: tr("f-strings are not part of the language"),
    ast.NamedExpr: lambda: tr("the walrus operator (:=) is not part of the language"),
    ast.IfExp: lambda: tr("conditional expressions (a if c else b) are not part of the language"),
    ast.Compare: lambda: tr("comparisons (<, ==, ...) are not part of the language"),
    ast.BoolOp: lambda: tr("boolean operators (and, or) are not part of the language"),
    ast.Dict: lambda: tr("dictionaries are not part of the language"),
    ast.Set: lambda: tr("sets are not part of the language"),
    ast.Tuple: lambda: tr("tuples are not part of the language"),
    ast.Starred: lambda: tr("starred expressions (*x) are not part of the language"),
    ast.Await: lambda: tr("'await' is not part of the language"),
    ast.Yield: lambda: tr("'yield' is not part of the language"),
    ast.YieldFrom: lambda: tr("'yield' is not part of the language"),
    # statements
    ast.Import: lambda: tr("import statements are not part of the language"),
    ast.ImportFrom: lambda: tr("import statements are not part of the language"),
    ast.FunctionDef: lambda: tr("function definitions (def) are not part of the language"),
    ast.AsyncFunctionDef: lambda: tr("function definitions (def) are not part of the language"),
    ast.ClassDef: lambda: tr("class definitions are not part of the language"),
    ast.Return: lambda: tr("'return' is not part of the language"),
    ast.Delete: lambda: tr("'del' is not part of the language"),
    ast.For: lambda: tr("for loops are not part of the language"),
    ast.AsyncFor: lambda: tr("for loops are not part of the language"),
    ast.While: lambda: tr("while loops are not part of the language"),
    ast.If: lambda: tr("if statements are not part of the language"),
    ast.With: lambda: tr("with statements are not part of the language"),
    ast.AsyncWith: lambda: tr("with statements are not part of the language"),
    ast.Raise: lambda: tr("'raise' is not part of the language"),
    ast.Try: lambda: tr("try statements are not part of the language"),
    ast.Assert: lambda: tr("'assert' is not part of the language"),
    ast.Global: lambda: tr("'global' is not part of the language"),
    ast.Nonlocal: lambda: tr("'nonlocal' is not part of the language"),
    ast.Pass: lambda: tr("'pass' is not part of the language"),
    ast.Break: lambda: tr("'break' is not part of the language"),
    ast.Continue: lambda: tr("'continue' is not part of the language"),
    ast.AugAssign: lambda: tr("augmented assignment (x += 1) is not part of the language"),
}
"""What to say about each refused construct (a function, so it is said in the current language)."""
if hasattr(ast, "Match"):
    CONSTRUCTS[ast.Match] = lambda: tr("match statements are not part of the language")
if hasattr(ast, "TryStar"):
    CONSTRUCTS[ast.TryStar] = lambda: tr("try statements are not part of the language")


def abbreviate(head: str, tail: str) -> str:
    """``head … tail``, each cut at a space when one is near its inner end (whole terms)."""
    cut = head.rfind(" ")
    if cut > len(head) // 2:
        head = head[:cut]
    cut = tail.find(" ")
    if 0 <= cut < len(tail) // 2:
        tail = tail[cut + 1 :]
    return f"{head.rstrip()} … {tail.lstrip()}"


def _called(call: ast.Call) -> str | None:
    """The name a call calls (``f`` in ``f(x)``), or None for anything else."""
    return call.func.id if isinstance(call.func, ast.Name) else None


class Located(Protocol):
    """An AST node with a position (statements and expressions; ``ast.AST`` itself has none)."""

    lineno: int
    col_offset: int
    end_lineno: int | None
    end_col_offset: int | None


class ProgramError(ValueError):
    """A program that cannot become a graph; says what is wrong and where (1-based positions).

    ``end_line``/``end_column`` mark the end of the offending span, exclusive (the column just
    after its last character), as Python's own SyntaxError does.
    """

    def __init__(
        self,
        message: str,
        line: int | None = None,
        column: int | None = None,
        end_line: int | None = None,
        end_column: int | None = None,
    ) -> None:
        self.message = message
        self.line = line
        self.column = column
        self.end_line = end_line
        self.end_column = end_column
        self._text = self._located()  # in the language of the message, whenever it is printed
        super().__init__(self._text)

    def _located(self) -> str:
        if self.line is None:
            return self.message
        if self.column is None:
            return tr("line {line}: {message}", line=self.line, message=self.message)
        return tr(
            "line {line}, column {column}: {message}",
            line=self.line,
            column=self.column,
            message=self.message,
        )

    def __str__(self) -> str:
        return self._text


@dataclass(frozen=True)
class Program:
    text: str
    graph: Graph
    output: str
    names: dict[str, str]  # variable name -> node id


def parse(text: str, *, output: str | None = None) -> Program:
    """Read a program into a Graph. ``output`` (a variable name) overrides the program's own."""
    if not isinstance(text, str):
        raise TypeError(f"a program is text, not {type(text).__name__}")
    size = len(text.encode("utf-8", errors="surrogatepass"))
    if size > MAX_BYTES:
        raise ProgramError(
            tr(
                "the program is {size}; programs are limited to {limit}",
                size=_size_text(size),
                limit=_size_text(MAX_BYTES),
            )
        )
    source = text[1:] if text.startswith("\ufeff") else text  # a byte-order mark from a file
    _refuse_huge(source)
    tree = _parse_python(source)
    return _Builder(source).build(tree, output, text)


# ---------------------------------------------------------------------------- parsing


def _size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return tr("{size} MB", size=f"{size / (1024 * 1024):.1f}")
    return tr("{size} kB", size=f"{size / 1024:.1f}")


_COMMENT = re.compile(r"#[^\r\n]*")
_NAME_OR_NUMBER = re.compile(r"(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d+)?[jJ]?|[^\W\d]\w*")


def _too_large() -> str:
    return tr(
        "the program is too large: more than {limit} syntax elements", limit=count(MAX_AST_NODES)
    )


def _refuse_huge(text: str) -> None:
    """Python's parser needs seconds for a 2 MB program: count names and numbers first.

    Each name, number or keyword is at least one element of the exact count made while
    building, so this refuses no valid program that count would accept.
    """
    if len(text) // 2 < MAX_AST_NODES:  # too short to hold that many names and numbers
        return
    found = len(_NAME_OR_NUMBER.findall(_COMMENT.sub("", text)))
    if found > MAX_AST_NODES:
        raise ProgramError(
            tr(
                "the program is too large: more than {limit} syntax elements "
                "({count} names and numbers)",
                limit=count(MAX_AST_NODES),
                count=count(found),
            )
        )


def _parse_python(text: str) -> ast.Module:
    """Python's parser, with every way it can fail turned into a ProgramError. Its warnings
    (SyntaxWarning for `1if x`, invalid escapes …) are about Python, not the lecture's
    language, and would reach the terminal: they are silenced; errors still count."""
    try:
        return parse_quietly(text)
    except SyntaxError as exc:
        message = exc.msg or "invalid syntax"
        if message == "too many nested parentheses":
            message = tr("too many nested parentheses (Python's parser allows at most 200 levels)")
        elif message == "invalid syntax":
            message = tr("invalid syntax")
        elif message == "invalid syntax. Perhaps you forgot a comma?":
            message = tr("invalid syntax. Perhaps you forgot a comma?")
        else:
            message = tr("syntax error: {message}", message=syntax_reason(message))
        column = exc.offset if exc.offset and exc.offset > 0 else None
        end_line = getattr(exc, "end_lineno", None)
        end_column = getattr(exc, "end_offset", None)
        if not end_column or end_column <= 0:
            end_line = end_column = None
        raise ProgramError(message, exc.lineno, column, end_line, end_column) from None
    except (RecursionError, MemoryError):
        raise ProgramError(
            tr(
                "the program is nested too deeply for Python's parser (too many nested "
                "parentheses or a very long chain of operators); split it into named steps"
            )
        ) from None
    except ValueError as exc:  # e.g. null bytes on some Python versions
        raise ProgramError(tr("the program cannot be read: {reason}", reason=exc)) from None


def _split_lines(text: str) -> list[str]:
    """Lines as Python numbers them (str.splitlines also splits on form feeds and others)."""
    return re.findall(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", text)


def _is_number(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, (int, float))
        and not isinstance(node.value, bool)
    )


def _is_signed_number(node: ast.AST) -> bool:
    """A literal number, optionally with a sign: ``2``, ``-1.5``, ``+1e-3``."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        return _is_number(node.operand)
    return _is_number(node)


def _did_you_mean(name: str, candidates: Any, cutoff: float = 0.6) -> str:
    close = difflib.get_close_matches(name, list(candidates), n=1, cutoff=cutoff)
    return tr(" (did you mean {name}?)", name=repr(close[0])) if close else ""


class _Builder:
    """Walks the module statement by statement, adding graph nodes in source order."""

    def __init__(self, text: str) -> None:
        self.lines = _split_lines(text)
        self.ascii = text.isascii()  # then byte offsets are character offsets
        self.graph = Graph()
        self.names: dict[str, str] = {}
        self.assigned_at: dict[str, int] = {}  # every name the program assigns -> first line
        self.defined_at: dict[str, int] = {}  # names assigned so far -> line
        self.ast_nodes = 0

    # ------------------------------------------------------------------ positions
    def _col(self, line: int, offset: int) -> int:
        """Python's col_offset counts UTF-8 bytes; people count characters (1-based)."""
        if self.ascii:
            return offset + 1
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        return len(text.encode("utf-8")[:offset].decode("utf-8", errors="replace")) + 1

    def _where(self, node: ast.AST) -> tuple[int | None, int | None, int | None, int | None]:
        line = getattr(node, "lineno", None)
        if line is None:
            return None, None, None, None
        column = self._col(line, getattr(node, "col_offset", 0))
        end_line = getattr(node, "end_lineno", None)
        end_col = getattr(node, "end_col_offset", None)
        end_column = None if end_line is None or end_col is None else self._col(end_line, end_col)
        return line, column, end_line, end_column

    def _start(self, node: Located) -> tuple[int, int]:
        """(line, column) of a node, the fast way: this runs for every node built."""
        line = node.lineno
        return line, self._col(line, node.col_offset)

    def error(self, node: ast.AST | None, message: str) -> ProgramError:
        if node is None:
            return ProgramError(message)
        return ProgramError(message, *self._where(node))

    def _source(self, node: Located) -> str:
        """The node's source text (ast.get_source_segment re-splits the text on every call)."""
        line, end_line = node.lineno, node.end_lineno
        if end_line is None or node.end_col_offset is None:
            return ""
        if line == end_line:
            if self.ascii:
                return self.lines[line - 1][node.col_offset : node.end_col_offset]
            raw = self.lines[line - 1].encode("utf-8")
            return raw[node.col_offset : node.end_col_offset].decode("utf-8", errors="replace")
        first = self.lines[line - 1].encode("utf-8")[node.col_offset :].decode("utf-8")
        last = self.lines[end_line - 1].encode("utf-8")[: node.end_col_offset].decode("utf-8")
        return " ".join((first + "".join(self.lines[line : end_line - 1]) + last).split())

    def _label(self, node: Located) -> str:
        """The source text of an unnamed subexpression, its middle left out when long, so a
        sum of n terms has labels of bounded length (whole labels made every name in the
        trace's n steps as long as the sum: quadratic text). Reads only the ends it keeps."""
        end = node.end_col_offset
        if self.ascii and node.lineno == node.end_lineno and end is not None:
            line = self.lines[node.lineno - 1]
            if end - node.col_offset <= MAX_LABEL:
                return line[node.col_offset : end]
            head = line[node.col_offset : node.col_offset + LABEL_END]
            return abbreviate(head, line[end - LABEL_END : end])
        text = self._source(node)
        return text if len(text) <= MAX_LABEL else abbreviate(text[:LABEL_END], text[-LABEL_END:])

    def _count(self, node: ast.AST) -> None:
        self.ast_nodes += 1
        if self.ast_nodes > MAX_AST_NODES:
            raise self.error(node, _too_large())

    # ------------------------------------------------------------------ statements
    def build(self, tree: ast.Module, output: str | None, text: str) -> Program:
        for stmt in tree.body:
            target = self._target_of(stmt)
            if target is not None and target.id not in self.assigned_at:
                self.assigned_at[target.id] = stmt.lineno
        last: str | None = None
        output_stmt: tuple[ast.expr, int] | None = None
        for stmt in tree.body:
            self._count(stmt)
            if isinstance(stmt, (ast.Assign, ast.AnnAssign)):
                last = self._assignment(stmt)
            elif isinstance(stmt, ast.Expr):
                chosen = self._expression_statement(stmt)
                if output_stmt is not None:
                    raise self.error(
                        stmt,
                        tr(
                            "the output is already chosen by output(...) on line {line}",
                            line=output_stmt[1],
                        ),
                    )
                output_stmt = (chosen, stmt.lineno)
            else:
                raise self._unsupported(stmt)
        if last is None:
            raise ProgramError(
                tr(
                    "the program has no assignments, so there is no output: "
                    "write at least one, such as `loss = (a - y)**2`"
                )
            )
        if output is not None:
            if output not in self.names:
                raise ProgramError(
                    tr("there is no variable {name} to use as the output", name=repr(output))
                    + _did_you_mean(output, self.names, 0.5)
                )
            chosen_name = output
        elif output_stmt is not None:
            arg = output_stmt[0]
            assert isinstance(arg, ast.Name)
            if arg.id not in self.names:
                raise self.error(
                    arg,
                    tr("output({name}) names no variable of the program", name=arg.id)
                    + _did_you_mean(arg.id, self.names, 0.5),
                )
            chosen_name = arg.id
        else:
            chosen_name = last
        self.graph.set_output(self.names[chosen_name])
        return Program(text, self.graph, chosen_name, dict(self.names))

    @staticmethod
    def _target_of(stmt: ast.stmt) -> ast.Name | None:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
            target = stmt.targets[0]
        elif isinstance(stmt, ast.AnnAssign):
            target = stmt.target
        else:
            return None
        return target if isinstance(target, ast.Name) else None

    def _unsupported(self, node: ast.AST) -> ProgramError:
        kind = type(node)
        if kind is ast.AugAssign:
            assert isinstance(node, ast.AugAssign)
            name = node.target.id if isinstance(node.target, ast.Name) else "x"
            return self.error(
                node,
                tr(
                    "augmented assignment (x += 1) is not part of the language: assign a new "
                    "name instead (for example {name}2 = {name} + 1)",
                    name=name,
                ),
            )
        if kind is ast.Constant:
            assert isinstance(node, ast.Constant)
            value = node.value
            if isinstance(value, (str, bytes)):
                what = tr("strings are not part of the language")
            elif isinstance(value, bool) or value is None:
                what = tr("True, False and None are not part of the language")
            elif isinstance(value, complex):
                what = tr("complex numbers are not part of the language")
            else:
                what = tr("'...' is not part of the language")
            return self.error(node, what)
        if kind is ast.List:
            return self.error(
                node,
                tr(
                    "a list of numbers can only be the whole value of a leaf: "
                    "name it first (for example W = [[1, 2], [3, 4]])"
                ),
            )
        if kind in CONSTRUCTS:
            return self.error(node, CONSTRUCTS[kind]())
        return self.error(
            node, tr("'{construct}' is not part of the language", construct=kind.__name__)
        )

    def _check_new_name(self, target: ast.expr) -> str:
        if not isinstance(target, ast.Name):
            if isinstance(target, (ast.Tuple, ast.List)):
                raise self.error(
                    target,
                    tr(
                        "tuple unpacking (a, b = ...) is not part of the language: "
                        "assign one name per line"
                    ),
                )
            raise self._unsupported(target)
        name = target.id
        if name.startswith("_"):
            raise self.error(
                target, tr("names starting with '_' are reserved: rename {name}", name=repr(name))
            )
        if name in FUNCTION_NAMES or name == "output":
            raise self.error(
                target, tr("{name} is the name of a function: choose another name", name=repr(name))
            )
        if name in self.defined_at:
            raise self.error(
                target,
                tr(
                    "{name} is already assigned on line {line}: "
                    "every name is assigned once (use a new name)",
                    name=repr(name),
                    line=self.defined_at[name],
                ),
            )
        return name

    def _assignment(self, stmt: ast.Assign | ast.AnnAssign) -> str:
        role: Role | None = None
        if isinstance(stmt, ast.Assign):
            if len(stmt.targets) > 1:
                raise self.error(
                    stmt.targets[1],
                    tr(
                        "chained assignment (a = b = ...) is not part of the language: "
                        "assign one name per line"
                    ),
                )
            target = stmt.targets[0]
            self._count(target)
            name = self._check_new_name(target)
            value = stmt.value
        else:
            target = stmt.target
            self._count(target)
            name = self._check_new_name(target)
            role = self._role(stmt.annotation)
            if stmt.value is None:
                raise self.error(
                    stmt,
                    tr(
                        "{name} has a role but no value: write, for example, {bare}: param = 0.3",
                        name=repr(name),
                        bare=name,
                    ),
                )
            value = stmt.value
            if not (_is_signed_number(value) or isinstance(value, ast.List)):
                raise self.error(
                    stmt.annotation,
                    tr(
                        "roles are for numbers: {name} is computed, so remove ': {role}'",
                        name=repr(name),
                        role=ast.unparse(stmt.annotation),
                    ),
                )
        line, column = self._start(target)
        if _is_signed_number(value) or isinstance(value, ast.List):
            number = self._literal_value(value)
            if role is None:
                role = Role.INPUT if INPUT_NAME.fullmatch(name) else Role.PARAM
            self.graph.add_leaf(name, number, role, name=name, line=line, column=column)
        else:
            self._expression(value, name)
        self.names[name] = name
        self.defined_at[name] = stmt.lineno
        return name

    def _role(self, annotation: ast.expr) -> Role:
        self._count(annotation)
        if isinstance(annotation, ast.Name) and annotation.id in ROLES:
            return ROLES[annotation.id]
        if isinstance(annotation, ast.Name):
            raise self.error(
                annotation,
                tr(
                    "unknown role {role}: a leaf's role is input, param or const "
                    "(also written parameter, constant)",
                    role=repr(annotation.id),
                )
                + _did_you_mean(annotation.id, ROLES),
            )
        raise self.error(
            annotation,
            tr("a role is one word: input, param or const (also written parameter, constant)"),
        )

    def _expression_statement(self, stmt: ast.Expr) -> ast.expr:
        """``output(name)`` is the one statement that is not an assignment."""
        value = stmt.value
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            raise self.error(value, tr("strings (and docstrings) are not part of the language"))
        if isinstance(value, ast.Call) and _called(value) == "output":
            if len(value.args) != 1 or value.keywords or not isinstance(value.args[0], ast.Name):
                raise self.error(value, tr("output() takes one variable name, e.g. output(loss)"))
            self._count(value)
            return value.args[0]
        self._expression(value, None)  # reports the first thing wrong inside, if anything
        raise self.error(
            stmt,
            tr("an expression on its own does nothing: assign it to a name (for example y = ...)"),
        )

    # ------------------------------------------------------------------ literals
    def _number(self, node: ast.expr) -> float:
        if isinstance(node, ast.UnaryOp):
            sign = -1.0 if isinstance(node.op, ast.USub) else 1.0
            node = node.operand
        else:
            sign = 1.0
        assert isinstance(node, ast.Constant)
        try:
            value = sign * float(cast(float, node.value))
        except OverflowError:
            value = float("inf")
        if not np.isfinite(value):
            raise self.error(node, tr("this number is too large to be represented"))
        return value

    def _literal_value(self, node: ast.expr) -> Any:
        if not isinstance(node, ast.List):
            self._count(node)
            return self._number(node)
        nested = self._list(node, depth=0)
        try:
            return np.array(nested, dtype=float)
        except ValueError:
            raise self.error(node, tr("the rows of this array have different lengths")) from None

    def _list(self, node: ast.List, depth: int) -> list[Any]:
        self._count(node)
        if depth >= 32:
            raise self.error(node, tr("arrays may have at most 32 dimensions"))
        if not node.elts:
            raise self.error(node, tr("an empty list has no numbers"))
        items: list[Any] = []
        for elt in node.elts:
            if isinstance(elt, ast.List):
                items.append(self._list(elt, depth + 1))
            elif _is_signed_number(elt):
                self._count(elt)
                items.append(self._number(elt))
            else:
                raise self.error(elt, tr("an array holds only numbers (or lists of numbers)"))
        kinds = {isinstance(item, list) for item in items}
        if len(kinds) > 1:
            raise self.error(node, tr("an array cannot mix numbers and lists at the same level"))
        return items

    # ------------------------------------------------------------------ expressions
    def _expression(self, root: ast.expr, name: str | None) -> str:
        """Add the nodes of ``root`` (post-order, left to right); the root gets id ``name``."""
        while isinstance(root, ast.UnaryOp) and isinstance(root.op, ast.UAdd):
            if _is_signed_number(root):
                break
            self._count(root)
            root = root.operand  # a leading + changes nothing
        results: list[str] = []
        stack: list[tuple[ast.expr, tuple | None]] = [(root, None)]
        pop, push = stack.pop, stack.append
        while stack:
            node, plan = pop()
            if plan is not None:
                op_name, arity, params = plan
                args = tuple(results[-arity:])
                del results[-arity:]
                results.append(self._add_op(node, op_name, args, params, root, name))
                continue
            self.ast_nodes += 1
            if self.ast_nodes > MAX_AST_NODES:
                raise self.error(node, _too_large())
            if isinstance(node, ast.Name):
                results.append(self._lookup(node))
            elif isinstance(node, ast.BinOp):
                op_type = type(node.op)
                if op_type not in BINARY_OPS:
                    raise self._operator_error(node, op_type)
                if op_type is ast.Pow and _is_signed_number(node.right):
                    self._count(node.right)
                    push((node, ("powc", 1, {"p": self._number(node.right)})))
                    push((node.left, None))
                else:
                    push((node, (BINARY_OPS[op_type], 2, {})))
                    push((node.right, None))
                    push((node.left, None))
            elif _is_signed_number(node):
                results.append(self._literal(node))
            elif isinstance(node, ast.UnaryOp):
                unary_type = type(node.op)
                if unary_type is ast.UAdd:
                    push((node.operand, None))
                elif unary_type is ast.USub:
                    push((node, ("neg", 1, {})))
                    push((node.operand, None))
                else:
                    raise self._operator_error(node, unary_type)
            elif isinstance(node, ast.Call):
                op_name, call_args, params = self._call(node)
                push((node, (op_name, len(call_args), params)))
                stack.extend((arg, None) for arg in reversed(call_args))
            else:
                raise self._unsupported(node)
        assert len(results) == 1
        result = results[0]
        if name is not None and result != name:  # `b = a` (or `b = +a`): a node of its own
            line, column = self._start(root)
            self.graph.add_op(
                "identity", (result,), node_id=name, name=name, label=name, line=line, column=column
            )
        return name or result

    def _add_op(
        self,
        node: ast.expr,
        op_name: str,
        args: tuple[str, ...],
        params: dict[str, float],
        root: ast.expr,
        name: str | None,
    ) -> str:
        line, column = self._start(node)
        if node is root and name is not None:
            self.graph.add_op(
                op_name, args, node_id=name, params=params, name=name, label=name,
                line=line, column=column,
            )  # fmt: skip
            return name
        return self.graph.add_op(
            op_name, args, params=params, label=self._label(node), line=line, column=column
        ).id

    def _operator_error(self, node: ast.expr, op_type: type) -> ProgramError:
        text = OPERATOR_TEXT.get(op_type, op_type.__name__)
        return self.error(
            node,
            tr(
                "the operator '{operator}' is not part of the language "
                "(use + - * / ** @ and the functions)",
                operator=text,
            ),
        )

    def _literal(self, node: ast.expr) -> str:
        if isinstance(node, ast.UnaryOp):
            self._count(node.operand)
        value = self._number(node)
        line, column = self._start(node)
        return self.graph.add_leaf(
            self.graph.new_id(), value, Role.CONST, label=self._label(node), line=line,
            column=column, literal=True,
        ).id  # fmt: skip

    def _lookup(self, node: ast.Name) -> str:
        name = node.id
        if name in self.names:
            return self.names[name]
        if name in self.assigned_at:
            raise self.error(
                node,
                tr(
                    "{name} is used before it has a value (it is assigned on line {line})",
                    name=repr(name),
                    line=self.assigned_at[name],
                ),
            )
        if name in FUNCTION_NAMES:
            raise self.error(
                node,
                tr(
                    "{name} is a function: call it with an argument, e.g. {bare}(x)",
                    name=repr(name),
                    bare=name,
                ),
            )
        raise self.error(
            node,
            tr("unknown name {name}", name=repr(name)) + _did_you_mean(name, self.names, 0.5),
        )

    def _call(self, node: ast.Call) -> tuple[str, list[ast.expr], dict[str, float]]:
        """Check a call against its op: how many arguments, which parameters (numbers only)."""
        func = node.func
        if not isinstance(func, ast.Name):
            self._count(func)
            raise self._unsupported(func)
        called = func.id
        if called == "output":
            raise self.error(func, tr("output(name) is a statement on its own line"))
        if called not in FUNCTION_NAMES:
            if called in self.names:
                raise self.error(
                    func, tr("{name} is a variable, not a function", name=repr(called))
                )
            raise self.error(
                func,
                tr("unknown function {name}", name=repr(called))
                + _did_you_mean(called, FUNCTION_NAMES),
            )
        op_name = FUNCTION_NAMES[called]
        op = ops.REGISTRY[op_name]
        settable = [p for p in op.params if p != "training"]
        positional_params = list(op.param_names)
        usage = self._usage(called, op)
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                raise self._unsupported(arg)
        n = len(node.args)
        if n < op.arity or n > op.arity + len(positional_params):
            raise self.error(node, _arity_message(called, op.arity, positional_params, usage, n))
        args = list(node.args[: op.arity])
        params: dict[str, float] = {}
        for param, arg in zip(positional_params, node.args[op.arity :], strict=False):
            params[param] = self._param_value(called, param, arg)
        for keyword in node.keywords:
            self._count(keyword)
            if keyword.arg is None:
                raise self.error(keyword, tr("**-unpacking is not part of the language"))
            if keyword.arg not in settable:
                if settable:
                    message = tr(
                        "unknown keyword {keyword} for {called}: {called} takes {params}",
                        keyword=repr(keyword.arg),
                        called=called,
                        params=", ".join(settable),
                    )
                else:
                    message = tr(
                        "unknown keyword {keyword} for {called}: {called} takes no parameters",
                        keyword=repr(keyword.arg),
                        called=called,
                    )
                raise self.error(keyword, message + _did_you_mean(keyword.arg, settable))
            if keyword.arg in params:
                raise self.error(
                    keyword,
                    tr("{called}'s {param} is given twice", called=called, param=keyword.arg),
                )
            params[keyword.arg] = self._param_value(called, keyword.arg, keyword.value)
        return op_name, args, params

    def _param_value(self, called: str, param: str, node: ast.expr) -> float:
        self._count(node)
        if not _is_signed_number(node):
            raise self.error(
                node,
                tr(
                    "{called}'s parameter {param} must be a number written in the program, "
                    "not an expression",
                    called=called,
                    param=param,
                ),
            )
        return self._number(node)

    @staticmethod
    def _usage(called: str, op: ops.Op) -> str:
        names = ["x", "y"] if op.arity == 2 else ["x"]
        parts = names[: op.arity] + [f"{p}={op.params[p]:g}" for p in op.param_names]
        return f"{called}({', '.join(parts)})"


def _arity_message(called: str, arity: int, optional: list[str], usage: str, got: int) -> str:
    """Whole sentences per case, so each language can agree its noun with the count."""
    if optional:
        if arity == 1:
            template = tr(
                "{called} takes 1 argument and optionally {optional} ({usage}), got {got}",
                called=called,
                optional=", ".join(optional),
                usage=usage,
                got=got,
            )
        else:
            template = tr(
                "{called} takes {arity} arguments and optionally {optional} ({usage}), got {got}",
                called=called,
                arity=arity,
                optional=", ".join(optional),
                usage=usage,
                got=got,
            )
        return template
    if arity == 1:
        return tr(
            "{called} takes 1 argument ({usage}), got {got}", called=called, usage=usage, got=got
        )
    return tr(
        "{called} takes {arity} arguments ({usage}), got {got}",
        called=called,
        arity=arity,
        usage=usage,
        got=got,
    )

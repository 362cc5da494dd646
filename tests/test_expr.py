"""The program language: what parses into which graph, what the run gives, and every refusal."""

from __future__ import annotations

import ast
import builtins
import inspect
import math
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.autodiff.engine import evaluate, run
from core.autodiff.graph import Graph, Role
from core.lang import expr
from core.lang.expr import Program, ProgramError, parse

LECTURE_NEURON = """\
# the lecture's neuron, with a loss
x1 = 0.5
x2 = -1.0
w1 = 0.3
w2 = 0.8
b = 0.1
h = sigmoid(w1*x1 + w2*x2 + b)
loss = 0.5 * (h - 1.0)**2
"""


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def finite_difference(graph: Graph, name: str, h: float = 1e-6) -> float | np.ndarray:
    """Central differences of the objective with respect to one leaf (every element if array)."""
    value = graph.by_name(name).value
    if isinstance(value, float):
        up = evaluate(graph, {name: value + h})
        down = evaluate(graph, {name: value - h})
        return (up - down) / (2 * h)
    grad = np.zeros_like(value)
    for index in np.ndindex(value.shape):
        up, down = value.copy(), value.copy()
        up[index] += h
        down[index] -= h
        grad[index] = (evaluate(graph, {name: up}) - evaluate(graph, {name: down})) / (2 * h)
    return grad


def assert_gradients_match(program: Program, rtol: float = 1e-6, atol: float = 1e-7) -> None:
    result = run(program.graph)
    for leaf in program.graph.leaves():
        if leaf.literal:
            continue
        expected = finite_difference(program.graph, leaf.id)
        got = result.gradients.get(leaf.id, np.zeros_like(expected))
        np.testing.assert_allclose(got, expected, rtol=rtol, atol=atol, err_msg=leaf.id)


def error_of(text: str, **kw: str) -> ProgramError:
    with pytest.raises(ProgramError) as info:
        parse(text, **kw)
    return info.value


# ---------------------------------------------------------------------------- the lecture neuron


def test_lecture_neuron_values_and_gradients_by_hand() -> None:
    program = parse(LECTURE_NEURON)
    assert program.output == "loss"
    assert program.graph.output == "loss"
    assert program.names == {n: n for n in ("x1", "x2", "w1", "w2", "b", "h", "loss")}
    result = run(program.graph)

    z = 0.3 * 0.5 + 0.8 * -1.0 + 0.1  # -0.55
    h = sigmoid(z)
    loss = 0.5 * (h - 1.0) ** 2
    assert result.values["h"] == pytest.approx(h, abs=1e-15)
    assert result.objective == pytest.approx(loss, abs=1e-15)
    dz = (h - 1.0) * h * (1.0 - h)  # dloss/dh · dh/dz
    expected = {"w1": dz * 0.5, "w2": dz * -1.0, "b": dz, "x1": dz * 0.3, "x2": dz * 0.8}
    for name, value in expected.items():
        assert result.gradient(name) == pytest.approx(value, abs=1e-15), name
    assert_gradients_match(program)


def test_lecture_neuron_nodes_roles_and_positions() -> None:
    graph = parse(LECTURE_NEURON).graph
    assert graph["x1"].role is Role.INPUT and graph["x2"].role is Role.INPUT
    assert {graph[n].role for n in ("w1", "w2", "b")} == {Role.PARAM}
    assert graph["x2"].value == -1.0
    h = graph["h"]
    assert (h.op, h.name, h.line) == ("sigmoid", "h", 7)
    inner = graph[h.args[0]]  # the unnamed sum gets a generated id and its source text
    assert inner.op == "add" and inner.name is None
    assert inner.label == "w1*x1 + w2*x2 + b"
    assert (inner.line, inner.column) == (7, 13)
    loss = graph["loss"]
    half = graph[loss.args[0]]
    assert half.literal and half.role is Role.CONST and half.label == "0.5" and half.value == 0.5
    square = graph[loss.args[1]]
    assert square.op == "powc" and square.params == {"p": 2.0}
    assert square.label == "(h - 1.0)**2"


# ---------------------------------------------------------------------------- graph shape


def test_x_times_x_has_two_edges_and_gradient_2x() -> None:
    program = parse("x = 1.5\nf = x * x")
    edges = program.graph.consumers("x")
    assert [(e.target, e.position) for e in edges] == [("f", 0), ("f", 1)]
    assert run(program.graph).gradient("x") == pytest.approx(3.0)


def test_shared_subexpression_sums_every_path() -> None:
    program = parse("x = 0.7\nw = -1.3\ns = w * x\nf = s * s + sigmoid(s)")
    assert len(program.graph.consumers("s")) == 3
    result = run(program.graph)
    s = -1.3 * 0.7
    ds = 2 * s + sigmoid(s) * (1 - sigmoid(s))
    assert result.gradient("s") == pytest.approx(ds)
    assert result.gradient("w") == pytest.approx(ds * 0.7)
    assert_gradients_match(program)


def test_renaming_a_variable_makes_an_identity_node() -> None:
    graph = parse("a = 2\nb = a\nc = (b)").graph
    assert graph["b"].op == "identity" and graph["b"].args == ("a",)
    assert graph["c"].op == "identity" and graph["c"].args == ("b",)


def test_power_with_a_literal_exponent_is_powc_otherwise_pow() -> None:
    graph = parse("a = 2\nb = 3\np = a ** 3\nq = a ** -1\nr = a ** b\ns = 2 ** a").graph
    assert (graph["p"].op, graph["p"].params) == ("powc", {"p": 3.0})
    assert (graph["q"].op, graph["q"].params) == ("powc", {"p": -1.0})
    assert graph["r"].op == "pow"
    assert graph["s"].op == "pow" and graph[graph["s"].args[0]].literal


def test_operators_map_to_ops() -> None:
    graph = parse("a = 2\nb = 3\np = a + b\nq = a - b\nr = a * b\ns = a / b\nt = -a\nu = +a").graph
    assert [graph[n].op for n in "pqrst"] == ["add", "sub", "mul", "div", "neg"]
    assert graph["u"].op == "identity"


def test_negative_literals_inside_expressions_are_one_constant() -> None:
    graph = parse("x = 2\nf = -0.5 * x + 1e-3").graph
    mul = graph[graph["f"].args[0]]
    constant = graph[mul.args[0]]
    assert constant.literal and constant.value == -0.5 and constant.label == "-0.5"
    small = graph[graph["f"].args[1]]
    assert small.value == 1e-3 and small.label == "1e-3"
    assert run(graph).values["f"] == pytest.approx(-0.999)


def test_generated_ids_never_clash_and_names_are_ids() -> None:
    program = parse("x = 1\na = x * 2 + 3\nb = a * a - x")
    ids = list(program.graph.nodes)
    assert len(ids) == len(set(ids))
    for name, node_id in program.names.items():
        assert node_id == name and program.graph[node_id].name == name


def test_comments_blank_lines_and_semicolons() -> None:
    program = parse("\n# c\nx = 1  # one\n\n\ny = 2; z = x + y  # three\n")
    assert program.output == "z" and run(program.graph).values["z"] == 3.0


def test_windows_line_endings_byte_order_mark_and_multiline_labels() -> None:
    program = parse("\ufeffx = 1\r\ny = sigmoid(x *\r\n    2) + 1\r\n")
    assert program.text.startswith("\ufeff")
    call = program.graph[program.graph["y"].args[0]]
    assert call.label == "sigmoid(x * 2)" and (call.line, call.column) == (2, 5)
    assert run(program.graph).objective == pytest.approx(sigmoid(2.0) + 1)


def test_unicode_names_and_sigma_alias_with_character_columns() -> None:
    program = parse("η = 0.5\nσh = σ(η)")
    assert program.graph["σh"].op == "sigmoid"
    error = error_of("x = 1\nh = σ(x) + é")
    assert (error.line, error.column, error.end_column) == (2, 12, 13)
    assert error.message == "unknown name 'é'"


# ---------------------------------------------------------------------------- functions


def test_every_function_is_callable_by_its_name() -> None:
    two = {"mse", "bce", "bce_logits", "squared_error", "softmax_ce", "matmul"}
    for name in expr.ops.FUNCTIONS:
        call = f"{name}(a, b)" if name in two else f"{name}(a)"
        graph = parse(f"a = 0.3\nb = 0.6\nf = {call}").graph
        assert graph["f"].op == name


@pytest.mark.parametrize(
    ("alias", "op"), [("sigma", "sigmoid"), ("σ", "sigmoid"), ("ReLU", "relu"), ("ln", "log")]
)
def test_aliases(alias: str, op: str) -> None:
    assert parse(f"a = 0.5\nf = {alias}(a)").graph["f"].op == op


@pytest.mark.parametrize(
    ("call", "params"),
    [
        ("leaky_relu(x, 0.2)", {"a": 0.2}),
        ("leaky_relu(x, a=0.2)", {"a": 0.2}),
        ("leaky_relu(x)", {"a": 0.01}),
        ("elu(x, alpha=0.5)", {"alpha": 0.5}),
        ("elu(x, -2)", {"alpha": -2.0}),
        ("dropout(x, p=0.25)", {"p": 0.25, "seed": 0.0, "training": 0.0}),
        ("dropout(x, 0.25, seed=3)", {"p": 0.25, "seed": 3.0, "training": 0.0}),
    ],
)
def test_op_parameters_positionally_or_by_keyword(call: str, params: dict[str, float]) -> None:
    assert parse(f"x = -0.5\nf = {call}").graph["f"].params == params


def test_leaky_relu_parameter_reaches_the_numbers() -> None:
    result = run(parse("x = -2\nf = leaky_relu(x, a=0.2)").graph)
    assert result.values["f"] == pytest.approx(-0.4)
    assert result.gradient("x") == pytest.approx(0.2)


# ---------------------------------------------------------------------------- roles


@pytest.mark.parametrize("name", ["x", "y", "x1", "x_2", "y1", "x10", "X", "Y"])
def test_unannotated_data_names_are_inputs(name: str) -> None:
    assert parse(f"{name} = 1").graph[name].role is Role.INPUT


@pytest.mark.parametrize("name", ["w", "b", "W", "xx", "x1a", "z1", "xy", "y_"])
def test_unannotated_other_names_are_params(name: str) -> None:
    assert parse(f"{name} = 1").graph[name].role is Role.PARAM


@pytest.mark.parametrize(
    ("annotation", "role"),
    [
        ("param", Role.PARAM),
        ("parameter", Role.PARAM),
        ("input", Role.INPUT),
        ("const", Role.CONST),
        ("constant", Role.CONST),
    ],
)
def test_role_annotations(annotation: str, role: Role) -> None:
    graph = parse(f"x1: {annotation} = -0.25\nw: {annotation} = 3").graph
    assert graph["x1"].role is role and graph["w"].role is role
    assert graph["x1"].value == -0.25 and not graph["x1"].literal


# ---------------------------------------------------------------------------- output


def test_last_assignment_is_the_output() -> None:
    assert parse("x = 1\na = x * 2\nb = a + 1").output == "b"


def test_output_argument_overrides_the_last_assignment() -> None:
    program = parse("x = 1\na = x * 2\nb = a + 1", output="a")
    assert program.output == "a" and program.graph.output == "a"
    assert run(program.graph).objective == 2.0


def test_output_statement_overrides_the_last_assignment() -> None:
    program = parse("x = 1\na = x * 2\noutput(a)\nb = a + 1")
    assert program.output == "a" and program.graph.output == "a"


def test_output_argument_beats_the_statement() -> None:
    assert parse("x = 1\na = x * 2\nb = a + 1\noutput(a)", output="b").output == "b"


def test_output_may_be_a_leaf() -> None:
    program = parse("x = 4")
    assert program.output == "x" and run(program.graph).objective == 4.0


def test_unknown_output_argument() -> None:
    error = error_of("x = 1\nloss = x * 2", output="los")
    assert error.line is None and error.column is None
    assert str(error) == "there is no variable 'los' to use as the output (did you mean 'loss'?)"


# ---------------------------------------------------------------------------- arrays


def test_array_literals_with_matmul() -> None:
    program = parse(
        "X: input = [[1, 2], [3, -4]]\nW = [[0.5], [-0.25]]\nb = 0.1\nZ = X @ W + b\n"
        "loss = mean(tanh(Z) ** 2)"
    )
    graph = program.graph
    assert graph["X"].role is Role.INPUT and graph["W"].role is Role.PARAM
    assert graph["X"].value.shape == (2, 2) and graph["W"].value.shape == (2, 1)
    assert graph["Z"].op == "add" and graph[graph["Z"].args[0]].op == "matmul"
    result = run(graph)
    z = np.array([[1, 2], [3, -4]]) @ np.array([[0.5], [-0.25]]) + 0.1
    assert result.objective == pytest.approx(float(np.mean(np.tanh(z) ** 2)))
    assert_gradients_match(program)


def test_one_dimensional_array_and_matmul_call() -> None:
    program = parse("v = [1.0, -2.0, 0.5]\nu = [0.5, 0.5, 2]\nd = matmul(v, u)")
    assert run(program.graph).objective == pytest.approx(0.5 - 1.0 + 1.0)
    assert_gradients_match(program)


# ---------------------------------------------------------------------------- errors

BAD_PROGRAMS = [
    # (program, line, column, exact message)
    ("x = 1\ny = 2\nh = sigmod(x)", 3, 5, "unknown function 'sigmod' (did you mean 'sigmoid'?)"),
    ("w1 = 1\nh = w2 * 3", 2, 5, "unknown name 'w2' (did you mean 'w1'?)"),
    ("a = b + 1\nb = 2", 1, 5, "'b' is used before it has a value (it is assigned on line 2)"),
    ("a = a + 1", 1, 5, "'a' is used before it has a value (it is assigned on line 1)"),
    (
        "a = 1\na = 2",
        2,
        1,
        "'a' is already assigned on line 1: every name is assigned once (use a new name)",
    ),
    ("x = 1\nh = sigmoid(x, x)", 2, 5, "sigmoid takes 1 argument (sigmoid(x)), got 2"),
    ("a = 1\nf = mse(a)", 2, 5, "mse takes 2 arguments (mse(x, y)), got 1"),
    (
        "x = 1\nh = leaky_relu(x, 0.2, 3)",
        2,
        5,
        "leaky_relu takes 1 argument and optionally a (leaky_relu(x, a=0.01)), got 3",
    ),
    (
        "x = 1\nh = leaky_relu(x, x)",
        2,
        19,
        "leaky_relu's parameter a must be a number written in the program, not an expression",
    ),
    (
        "x = 1\nh = elu(x, alpha=2*x)",
        2,
        18,
        "elu's parameter alpha must be a number written in the program, not an expression",
    ),
    (
        "x = 1\nh = elu(x, alpah=2)",
        2,
        12,
        "unknown keyword 'alpah' for elu: elu takes alpha (did you mean 'alpha'?)",
    ),
    (
        "x = 1\nh = dropout(x, training=1)",
        2,
        16,
        "unknown keyword 'training' for dropout: dropout takes p, seed",
    ),
    ("x = 1\nh = sum(x, axis=0)", 2, 12, "unknown keyword 'axis' for sum: sum takes no parameters"),
    ("x = 1\nh = leaky_relu(x, 0.1, a=0.2)", 2, 24, "leaky_relu's a is given twice"),
    ("x = 1\noutput(z)", 2, 8, "output(z) names no variable of the program"),
    ("x = 1\noutput(x + 1)", 2, 1, "output() takes one variable name, e.g. output(loss)"),
    (
        "x = 1\noutput(x)\noutput(x)",
        3,
        1,
        "the output is already chosen by output(...) on line 2",
    ),
    ("x = 1\nh = output(x)", 2, 5, "output(name) is a statement on its own line"),
    (
        "w: weight = 1",
        1,
        4,
        "unknown role 'weight': a leaf's role is input, param or const "
        "(also written parameter, constant)",
    ),
    (
        "w: params = 1",
        1,
        4,
        "unknown role 'params': a leaf's role is input, param or const "
        "(also written parameter, constant) (did you mean 'param'?)",
    ),
    (
        "x = 1\nh: param = sigmoid(x)",
        2,
        4,
        "roles are for numbers: 'h' is computed, so remove ': param'",
    ),
    ("w: param", 1, 1, "'w' has a role but no value: write, for example, w: param = 0.3"),
    (
        "x = 1\nx += 1",
        2,
        1,
        "augmented assignment (x += 1) is not part of the language: assign a new name instead "
        "(for example x2 = x + 1)",
    ),
    ("x = 1\nh = x(2)", 2, 5, "'x' is a variable, not a function"),
    ("h = sigmoid", 1, 5, "'sigmoid' is a function: call it with an argument, e.g. sigmoid(x)"),
    ("sigmoid = 1", 1, 1, "'sigmoid' is the name of a function: choose another name"),
    ("output = 1", 1, 1, "'output' is the name of a function: choose another name"),
    ("_a = 1", 1, 1, "names starting with '_' are reserved: rename '_a'"),
    (
        "x = 1\nx + 1",
        2,
        1,
        "an expression on its own does nothing: assign it to a name (for example y = ...)",
    ),  # fmt: skip
    ('"""docstring"""\nx = 1', 1, 1, "strings (and docstrings) are not part of the language"),
    ("x = 1e999", 1, 5, "this number is too large to be represented"),
    ("x = [[1, 2], [3]]", 1, 5, "the rows of this array have different lengths"),
    ("x = []", 1, 5, "an empty list has no numbers"),
    ("x = [1, [2]]", 1, 5, "an array cannot mix numbers and lists at the same level"),
    ("w = 1\nx = [w, 2]", 2, 6, "an array holds only numbers (or lists of numbers)"),
    (
        "x = 1\nf = x @ [1, 2]",
        2,
        9,
        "a list of numbers can only be the whole value of a leaf: "
        "name it first (for example W = [[1, 2], [3, 4]])",
    ),
    (
        "x = 1\nf = x // 2",
        2,
        5,
        "the operator '//' is not part of the language (use + - * / ** @ and the functions)",
    ),  # fmt: skip
    (
        "x = 1\nf = x % 2",
        2,
        5,
        "the operator '%' is not part of the language (use + - * / ** @ and the functions)",
    ),  # fmt: skip
    (
        "x = 1\nf = ~x",
        2,
        5,
        "the operator '~' is not part of the language (use + - * / ** @ and the functions)",
    ),  # fmt: skip
    (
        "x = 1\nf = not x",
        2,
        5,
        "the operator 'not' is not part of the language (use + - * / ** @ and the functions)",
    ),  # fmt: skip
    (
        "a = b = 1",
        1,
        5,
        "chained assignment (a = b = ...) is not part of the language: assign one name per line",
    ),  # fmt: skip
    (
        "a, b = 1, 2",
        1,
        1,
        "tuple unpacking (a, b = ...) is not part of the language: assign one name per line",
    ),  # fmt: skip
    ("x = 1\nx.y = 2", 2, 1, "attribute access (x.y) is not part of the language"),
    ("x = 1\ny = x.real", 2, 5, "attribute access (x.y) is not part of the language"),
    ("x = 1\ny = x[0]", 2, 5, "indexing (x[i]) is not part of the language"),
    ("y = lambda: 1", 1, 5, "lambda functions are not part of the language"),
    ("y = [i for i in w]", 1, 5, "comprehensions are not part of the language"),
    ("y = sum(i for i in w)", 1, 8, "generator expressions are not part of the language"),
    ("y = {i: 1 for i in w}", 1, 5, "comprehensions are not part of the language"),
    ("x = 1\ny = f'{x}'", 2, 5, "f-strings are not part of the language"),
    ("import os", 1, 1, "import statements are not part of the language"),
    ("from os import system", 1, 1, "import statements are not part of the language"),
    ("def f(x):\n    return x", 1, 1, "function definitions (def) are not part of the language"),
    ("class A:\n    pass", 1, 1, "class definitions are not part of the language"),
    ("y = (w := 1)", 1, 6, "the walrus operator (:=) is not part of the language"),
    ("x = 1\ny = 0 < x < 2", 2, 5, "comparisons (<, ==, ...) are not part of the language"),
    ("x = 1\ny = x and x", 2, 5, "boolean operators (and, or) are not part of the language"),
    ("y = True", 1, 5, "True, False and None are not part of the language"),
    ("y = None", 1, 5, "True, False and None are not part of the language"),
    ("y = 'text'", 1, 5, "strings are not part of the language"),
    ("y = 2j", 1, 5, "complex numbers are not part of the language"),
    ("y = (1, 2)", 1, 5, "tuples are not part of the language"),
    ("y = {1: 2}", 1, 5, "dictionaries are not part of the language"),
    ("y = {1, 2}", 1, 5, "sets are not part of the language"),
    (
        "x = 1\ny = x if x else 2",
        2,
        5,
        "conditional expressions (a if c else b) are not part of the language",
    ),  # fmt: skip
    ("x = [1]\ny = sigmoid(*x)", 2, 13, "starred expressions (*x) are not part of the language"),
    ("x = 1\ny = sigmoid(x, **k)", 2, 16, "**-unpacking is not part of the language"),
    ("for i in x:\n    pass", 1, 1, "for loops are not part of the language"),
    ("while 1:\n    pass", 1, 1, "while loops are not part of the language"),
    ("if 1:\n    x = 1", 1, 1, "if statements are not part of the language"),
    ("with a:\n    pass", 1, 1, "with statements are not part of the language"),
    ("try:\n    x = 1\nexcept E:\n    pass", 1, 1, "try statements are not part of the language"),
    ("pass", 1, 1, "'pass' is not part of the language"),
    ("del x", 1, 1, "'del' is not part of the language"),
    ("assert x", 1, 1, "'assert' is not part of the language"),
    ("global x", 1, 1, "'global' is not part of the language"),
    ("raise x", 1, 1, "'raise' is not part of the language"),
    ("y = ...", 1, 5, "'...' is not part of the language"),
    ("match x:\n    case 1:\n        pass", 1, 1, "match statements are not part of the language"),
]


@pytest.mark.parametrize(("text", "line", "column", "message"), BAD_PROGRAMS)
def test_bad_programs_say_what_and_where(text: str, line: int, column: int, message: str) -> None:
    error = error_of(text)
    assert (error.line, error.column) == (line, column)
    assert error.message == message
    assert str(error) == f"line {line}, column {column}: {message}"
    assert error.end_line is not None and error.end_column is not None
    assert (error.end_line, error.end_column) >= (line, column)


def test_error_span_underlines_the_token() -> None:
    error = error_of("x = 1\n\nh = sigmod(x)")
    assert (error.line, error.column, error.end_line, error.end_column) == (3, 5, 3, 11)
    assert str(error) == "line 3, column 5: unknown function 'sigmod' (did you mean 'sigmoid'?)"


@pytest.mark.parametrize("text", ["", "\n\n# only a comment\n", "x = 1\noutput(x)"[6:]])
def test_no_assignments_means_no_output(text: str) -> None:
    error = error_of(text)
    assert error.line is None
    assert str(error).startswith("the program has no assignments, so there is no output")


def test_syntax_errors_carry_python_position() -> None:
    error = error_of("x = 1\ny = (x +\nz = 2")
    assert error.line == 2 and error.column is not None
    assert "never closed" in error.message or "syntax" in error.message
    error = error_of("x = 1\ny = x +* 2")
    assert (error.line, error.message) == (2, "invalid syntax")
    assert str(error).startswith("line 2, column ")


def test_program_error_without_column() -> None:
    assert str(ProgramError("m", line=3)) == "line 3: m"
    assert str(ProgramError("m")) == "m"
    assert isinstance(ProgramError("m"), ValueError)


# ---------------------------------------------------------------------------- hostile input


def test_nothing_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    marker = tmp_path / "pwned"

    def forbidden(*args: object, **kw: object) -> None:
        raise AssertionError("the parser executed something")

    monkeypatch.setattr(builtins, "eval", forbidden)
    monkeypatch.setattr(builtins, "exec", forbidden)
    # (not compile: ast.parse is compile with PyCF_ONLY_AST, which builds a tree and runs nothing)
    for text in [
        f"__import__('os').system('touch {marker}')",
        f"y = __import__('os').system('touch {marker}')",
        f"y = open('{marker}', 'w')",
        "y = (lambda: 1)()",
        "y = ().__class__.__bases__[0].__subclasses__()",
        "y = globals()",
        "y = breakpoint()",
    ]:
        with pytest.raises(ProgramError):
            parse(text)
    assert not marker.exists()


def test_hostile_call_messages() -> None:
    assert error_of("__import__('os').system('ls')").message == (
        "attribute access (x.y) is not part of the language"
    )
    assert error_of("y = __import__('os')").message == "unknown function '__import__'"
    assert error_of("y = open('f')").message == "unknown function 'open'"


def test_expr_module_never_calls_eval_exec_or_compile() -> None:
    tree = ast.parse(inspect.getsource(expr))
    called = {
        node.func.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }
    assert not called & {"eval", "exec", "compile", "__import__"}


@pytest.mark.parametrize(
    "text",
    [
        "x = " + "(" * 10_000 + "1" + ")" * 10_000,
        "x = 1\ny = " + "(" * 10_000 + "x" + ")" * 10_000,
        "x = 1\ny = " + "-" * 10_000 + "x",
        "x = 1\ny = " + " + ".join(["x"] * 10_000),
        "x = " + "[" * 10_000 + "1" + "]" * 10_000,
        "x = 1\ny = " + "sigmoid(" * 10_000 + "x" + ")" * 10_000,
    ],
)
def test_deep_nesting_is_refused_politely(text: str) -> None:
    error = error_of(text)
    assert "nested" in error.message


def test_ten_megabyte_program_is_refused_up_front() -> None:
    text = "x = 1\n" + "# padding\n" * (1024 * 1024)
    start = time.perf_counter()
    error = error_of(text)
    assert time.perf_counter() - start < 0.5
    assert error.message == "the program is 10.0 MB; programs are limited to 2.0 MB"
    assert error.line is None


def test_too_many_syntax_elements_is_refused_quickly() -> None:
    text = "x = 1\n" + "".join(f"t{i} = x + x\n" for i in range(100_000))
    start = time.perf_counter()
    error = error_of(text)
    assert time.perf_counter() - start < 2.0
    assert error.message.startswith("the program is too large: more than 200,000 syntax elements")


def test_too_many_syntax_elements_found_while_building() -> None:
    text = "x = 1\n" + "".join(f"t{i} = x * 2\n" for i in range(41_000))
    error = error_of(text)
    assert error.message == "the program is too large: more than 200,000 syntax elements"
    assert error.line is not None and error.line > 30_000


def test_null_bytes_are_refused() -> None:
    with pytest.raises(ProgramError):
        parse("x = 1\x00")


# ---------------------------------------------------------------------------- speed


def test_ten_thousand_node_program_parses() -> None:
    """Its speed is measured by benchmarks/bench_engine.py, not asserted: timings flake."""
    lines = ["x = 0.5", "t0 = x"]
    lines += [f"t{i} = t{i - 1} * 1.0001 + x" for i in range(1, 5001)]
    program = parse("\n".join(lines))
    assert sum(1 for n in program.graph.nodes.values() if not n.is_leaf) == 10_001


# ---------------------------------------------------------------------------- hypothesis

Env = dict[str, float]
Term = tuple[str, Callable[[Env], float]]

UNARY: dict[str, Callable[[float], float]] = {
    "sigmoid": sigmoid,
    "σ": sigmoid,
    "tanh": math.tanh,
    "sin": math.sin,
    "cos": math.cos,
    "softsign": lambda v: v / (1 + abs(v)),
    "softplus": lambda v: math.log1p(math.exp(-abs(v))) + max(v, 0.0),
}


def _leaf() -> st.SearchStrategy[Term]:
    names = st.sampled_from("abc").map(lambda n: (n, lambda env, n=n: env[n]))
    numbers = st.sampled_from(["0.5", "2", "-1", "1.5e-1"]).map(
        lambda t: (t, lambda env, v=float(t): v)
    )
    return st.one_of(names, names, numbers)


def _extend(children: st.SearchStrategy[Term]) -> st.SearchStrategy[Term]:
    def binary(parts: tuple[Term, str, Term]) -> Term:
        (lt, lf), op, (rt, rf) = parts
        if op == "+":
            return f"({lt} + {rt})", lambda env: lf(env) + rf(env)
        if op == "-":
            return f"({lt} - {rt})", lambda env: lf(env) - rf(env)
        if op == "*":
            return f"({lt} * {rt})", lambda env: lf(env) * rf(env)
        return f"({lt}) / (1.5 + ({rt})**2)", lambda env: lf(env) / (1.5 + rf(env) ** 2)

    def unary(parts: tuple[str, Term]) -> Term:
        name, (text, f) = parts
        return f"{name}({text})", lambda env: UNARY[name](f(env))

    return st.one_of(
        st.tuples(children, st.sampled_from("+-*/"), children).map(binary),
        st.tuples(st.sampled_from(sorted(UNARY)), children).map(unary),
        children.map(lambda t: (f"-({t[0]})", lambda env: -t[1](env))),
        children.map(lambda t: (f"({t[0]})**2", lambda env: t[1](env) ** 2)),
    )


EXPRESSIONS = st.recursive(_leaf(), _extend, max_leaves=8)
VALUES = st.floats(min_value=-2.0, max_value=2.0, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(EXPRESSIONS, VALUES, VALUES, VALUES)
def test_random_expressions_value_and_gradients(term: Term, a: float, b: float, c: float) -> None:
    text, reference = term
    env = {"a": a, "b": b, "c": c}
    program = parse(f"a = {a!r}\nb = {b!r}\nc = {c!r}\nf = {text}\n")
    assert program.output == "f"
    result = run(program.graph)
    assert result.objective == pytest.approx(reference(env), rel=1e-12, abs=1e-12)
    for name in "abc":
        h = 1e-6
        up = reference({**env, name: env[name] + h})
        down = reference({**env, name: env[name] - h})
        expected = (up - down) / (2 * h)
        got = result.gradients.get(name, 0.0)
        assert got == pytest.approx(expected, rel=1e-5, abs=1e-6), (text, name)

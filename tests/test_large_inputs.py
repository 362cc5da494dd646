"""Large inputs stay linear: a sum of n terms traces in text whose size grows with n (unnamed
partial sums are labelled by their ends, ``x0 + x1 + … + x1999``), and long lists of numbers in a
document are checked at NumPy's speed while a bad item deep inside is still named by its path.
(Times are measured by benchmarks/bench_trace_text.py, not asserted here.)"""

from __future__ import annotations

import copy
import json

import pytest

from core.cli.main import main as cli_main
from core.documents.document import DocumentError, loads_document
from core.documents.examples import example_path
from core.lang.expr import MAX_LABEL, parse


def sum_program(terms: int) -> str:
    lines = [f"x{i} = {i * 0.01:g}" for i in range(terms)]
    return "\n".join([*lines, "loss = " + " + ".join(f"x{i}" for i in range(terms))]) + "\n"


def test_long_subexpressions_are_labelled_by_their_ends():
    graph = parse(sum_program(2000)).graph
    labels = [n.label for n in graph.nodes.values() if not n.is_leaf and not n.name]
    assert labels and max(map(len, labels)) <= MAX_LABEL + 3
    assert "x0 + x1 + x2 + x3 + … + x1997 + x1998" in labels
    short = parse("a = 1\nb = 2\nloss = (a + b) * 2\n").graph
    assert any(n.label == "a + b" for n in short.nodes.values())


def test_non_ascii_programs_are_shortened_too():
    text = "# é\n" + sum_program(300)
    graph = parse(text).graph
    assert max(len(n.label) for n in graph.nodes.values()) <= MAX_LABEL + 3


@pytest.mark.parametrize("terms", [500, 2000])
def test_the_text_trace_of_a_sum_grows_linearly(terms, tmp_path, capsys):
    path = tmp_path / "sum.bp"
    path.write_text(sum_program(terms))
    assert cli_main(["trace", str(path)]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert len(lines) > 3 * terms
    assert max(map(len, lines)) < 400  # it was as long as the sum: quadratic output
    assert len(out) < 400 * len(lines)


def paired(values: dict) -> str:
    data = json.loads(example_path("paired_regression").read_text("utf-8"))
    data = copy.deepcopy(data)
    data["values"] = values
    return json.dumps(data)


def test_a_long_list_loads_and_keeps_its_numbers():
    n = 200_000
    xs = [i % 10 * 0.5 for i in range(n)]
    document = loads_document(paired({"x": xs, "y": [2 * x + 1 for x in xs]}))
    assert len(document.values["x"]) == n and document.values["x"][3] == 1.5


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("a", "values.x[77777]: must be a number, got text 'a'"),
        (True, "values.x[77777]: must be a number, got true"),
        (1e301, "values.x[77777]: 1e+301 is too large"),
        (None, "values.x[77777]: must be a number, got null"),
    ],
)
def test_a_bad_item_deep_in_a_long_list_is_named(bad, message):
    xs: list = [1.0] * 100_000
    xs[77777] = bad
    with pytest.raises(DocumentError) as error:
        loads_document(paired({"x": xs, "y": [1.0] * 100_000}))
    assert message in str(error.value)


def test_nan_and_infinity_literals_in_a_long_list_are_named():
    text = paired({"x": [1.0] * 50_000, "y": [1.0] * 50_000})
    text = text.replace("[1.0, 1.0, 1.0", "[1.0, NaN, 1.0", 1)
    with pytest.raises(DocumentError) as error:
        loads_document(text)
    assert "values.x[1]: must be a finite number, got nan" in str(error.value)


def test_a_long_csv_loads_into_arrays():
    from core.training.data import parse_csv

    text = "x,y\n" + "".join(f"{i % 7}.5,{i}\n" for i in range(100_000))
    table = parse_csv(text, "big.csv")
    assert len(table) == 100_000 and table.columns["y"][99_999] == 99_999.0
    assert table.columns["x"][3] == 3.5


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("abc", "column 'y': 'abc' is not a number"),
        ("nan", "column 'y': NaN is not a usable number"),
        ("-inf", "column 'y': '-inf' is infinite"),
        ("1e301", "column 'y': '1e301' is too large"),
        ("", "column 'y': the cell is empty"),
    ],
)
def test_a_bad_cell_deep_in_a_long_csv_is_named(cell, message):
    from core.training.data import DataError, parse_csv

    rows = [f"{i},{i}" for i in range(100_000)]
    rows[77_776] = f"1,{cell}"
    with pytest.raises(DataError) as error:
        parse_csv("x,y\n\n" + "\n".join(rows) + "\n", "big.csv")
    assert f"big.csv, line 77779 (data row 77777), {message}" in str(error.value)  # a blank line

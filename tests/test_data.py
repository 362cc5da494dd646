"""CSV tables: what loads, what is refused (with row and column), splits and binding by name."""

from __future__ import annotations

import numpy as np
import pytest

from core.lang.expr import parse
from core.training.data import DataError, Table, bind, input_leaves, load_csv, parse_csv, save_csv


def write(tmp_path, text: str, name: str = "d.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_file_loads_column_by_column(tmp_path):
    path = write(tmp_path, "x1, x2,y\n1,2,0\n-3.5,4e-1,1\n\n5,6,1\n")
    table = load_csv(path)
    assert table.names == ["x1", "x2", "y"]
    assert len(table) == 3
    np.testing.assert_array_equal(table.column("x2"), [2.0, 0.4, 6.0])
    assert table.column("y").dtype == np.float64


def test_a_byte_order_mark_and_quoted_cells_are_fine():
    table = parse_csv('\ufeff"x","y"\n"1.5",2\n'.lstrip("\ufeff"))
    assert table.names == ["x", "y"]
    assert table.column("x")[0] == 1.5


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "empty"),
        ("\n\n", "empty"),
        ("x,y\n", r"header \(x, y\) but no rows"),
        ("x,y\n1,2\n3\n", r"line 3 \(data row 2\): 1 cells, but the header has 2 columns"),
        ("x,y\n1,2,3\n", r"line 2 \(data row 1\): 3 cells"),
        ("x,y\n1,2\n3,abc\n", r"line 3 \(data row 2\), column 'y': 'abc' is not a number"),
        ("x,y\n1,nan\n", r"line 2 \(data row 1\), column 'y': NaN"),
        ("x,y\nNaN,1\n", r"column 'x': NaN"),
        ("x,y\n1,inf\n", "column 'y': 'inf' is infinite"),
        ("x,y\n1,\n", "column 'y': the cell is empty"),
        ("x,x\n1,2\n", "column 'x' appears twice"),
        ("x,,y\n1,2,3\n", "column 2 has no name"),
    ],
)
def test_bad_files_say_what_and_where(text, message):
    with pytest.raises(DataError, match=message):
        parse_csv(text, "bad.csv")


def test_file_level_errors(tmp_path):
    with pytest.raises(DataError, match="no such file"):
        load_csv(tmp_path / "missing.csv")
    with pytest.raises(DataError, match="is a folder"):
        load_csv(tmp_path)
    binary = tmp_path / "b.csv"
    binary.write_bytes(b"x,y\n\xff\xfe,1\n")
    with pytest.raises(DataError, match="not UTF-8"):
        load_csv(binary)
    with pytest.raises(DataError, match=r"empty"):
        load_csv(write(tmp_path, ""))


def test_missing_column_names_it_and_lists_the_others():
    table = parse_csv("x1,x2,y\n1,2,3\n", "points.csv")
    with pytest.raises(DataError, match=r"points.csv has no column 'x3'.*x1, x2, y"):
        table.column("x3")


def test_save_and_load_give_the_same_numbers(tmp_path):
    rng = np.random.default_rng(0)
    table = Table({"a": rng.normal(size=7), "b": rng.normal(size=7) * 1e-9})
    save_csv(table, tmp_path / "t.csv")
    back = load_csv(tmp_path / "t.csv")
    for name in table.names:
        np.testing.assert_array_equal(back.column(name), table.column(name))


def test_split_is_seeded_and_disjoint():
    table = Table({"i": np.arange(100.0)})
    train, test = table.split(0.25, seed=3)
    assert test is not None
    assert len(train) == 75 and len(test) == 25
    assert sorted(np.concatenate([train.column("i"), test.column("i")])) == list(range(100))
    again_train, again_test = table.split(0.25, seed=3)
    np.testing.assert_array_equal(again_test.column("i"), test.column("i"))
    other = table.split(0.25, seed=4)[1]
    assert not np.array_equal(other.column("i"), test.column("i"))
    whole, none = table.split(0.0)
    assert whole is table and none is None
    assert len(Table({"i": np.arange(3.0)}).split(0.1)[1]) == 1  # at least one test sample
    with pytest.raises(DataError, match="below 1"):
        table.split(1.0)
    with pytest.raises(DataError, match="none for training"):
        Table({"i": np.arange(1.0)}).split(0.5)


def test_columns_of_different_lengths_are_refused():
    with pytest.raises(DataError) as info:
        Table({"a": np.zeros(2), "b": np.zeros(3)}, "d.csv")
    assert str(info.value) == (
        "d.csv: column 'a' has 2 values but column 'b' has 3; every column needs one value "
        "per sample"
    )


PROGRAM = """
x = 0.5
y = 1
c: const = 2
w0 = 0.1
w1 = 0.2
loss = (w0 + w1*x*c - y)**2
"""


def test_binding_by_name_feeds_input_leaves_only():
    graph = parse(PROGRAM).graph
    assert input_leaves(graph) == ["x", "y"]
    table = parse_csv("y,x,w0,extra\n1,2,3,4\n5,6,7,8\n")
    data = bind(graph, table)
    assert set(data) == {"x", "y"}
    np.testing.assert_array_equal(data["x"], [2.0, 6.0])


def test_binding_names_the_missing_column():
    graph = parse(PROGRAM).graph
    table = parse_csv("x,target\n1,2\n", "pairs.csv")
    with pytest.raises(DataError, match=r"pairs.csv has no column 'y'.*x, target"):
        bind(graph, table)

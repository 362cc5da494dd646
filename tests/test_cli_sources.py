"""Files and options do what the README says: --output for every source, an example's name
suggested, one recorded update with trace --lr (the lab's One update, step for step), train on
a program's own values, and CSV files separated by semicolons or tabs."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from core.cli.main import main, step_to_json
from core.documents import examples
from core.training.data import parse_csv

PROGRAM = """x = 0.5
y = 2.0
w = 1.5
b = 0.1
h = tanh(w * x + b)
loss = (h - y)**2
"""


@pytest.fixture
def program(tmp_path: Path) -> Path:
    path = tmp_path / "fit.bp"
    path.write_text(PROGRAM, encoding="utf-8")
    return path


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("kind", ["example", "document", "program"])
def test_output_picks_the_output_of_every_source(kind, program, capsys):
    source, name = {
        "example": ("lecture", "h1"),
        "document": (str(examples.example_path("lecture")), "h1"),
        "program": (str(program), "h"),
    }[kind]
    code, out, _err = cli(capsys, "trace", source, "--output", name, "--json")
    assert code == 0
    data = json.loads(out)
    assert data["output"] == name
    assert data["objective"] == data["values"][data["output"]]
    code, out, err = cli(capsys, "trace", source, "--output", "no_such_name")
    assert code == 2 and out == ""
    assert "there is no variable 'no_such_name' to use as the output" in err
    assert "the variables are" in err and err.count("\n") == 1
    code, _out, err = cli(capsys, "trace", source, "--output", "los")
    assert code == 2 and "(did you mean 'loss'?)" in err


def test_a_misspelt_example_is_suggested(capsys):
    code, out, err = cli(capsys, "trace", "lectur")
    assert code == 2 and out == ""
    assert "lectur: no such file or example (did you mean 'lecture'?)" in err
    code, _out, err = cli(capsys, "check", "paired_regresion")
    assert code == 2 and "did you mean 'paired_regression'?" in err


@pytest.mark.parametrize("momentum", [0.0, 0.9])
def test_trace_lr_records_the_update_the_lab_plays(momentum, capsys):
    """trace --lr gives, step for step, what the lab's One update hands the player."""
    from core.training.train import TrainConfig
    from gui.lab.session import DataChoice, Model, Session, load_data

    argv = ["trace", "paired_regression", "--lr", "0.05", "--json"]
    if momentum:
        argv += ["--momentum", str(momentum)]
    code, out, err = cli(capsys, *argv)
    assert code == 0, err
    data = json.loads(out)
    updates = [s for s in data["steps"] if s["kind"] == "update"]
    assert [u["node"] for u in updates] == ["w0", "w1"]
    assert updates[1]["old"] == 0.5 and updates[1]["new"] == pytest.approx(1.596)

    graph = examples.load_example("paired_regression").build()
    model = Model(graph)
    session = Session(
        model,
        load_data(model, DataChoice()),
        TrainConfig(learning_rate=0.05, momentum=momentum, max_epochs=2000),
    )
    shown = session.record_update()
    lab_steps = [step_to_json(graph, s) for s in shown.run.trace.steps]
    assert data["steps"] == json.loads(json.dumps(lab_steps))
    assert data["objective"] == shown.run.objective


def test_trace_lr_text_shows_the_update_lines(capsys):
    code, out, _err = cli(capsys, "trace", "paired_regression", "--lr", "0.05")
    assert code == 0
    assert "w₁ ← w₁ − η · ∂loss/∂w₁ = 0.5 − 0.05 · (−21.92) = 1.596" in out
    code, _out, err = cli(capsys, "trace", "paired_regression", "--momentum", "0.9")
    assert code == 2 and "--momentum needs --lr" in err


def test_train_a_program_on_its_own_values(capsys):
    code, out, err = cli(capsys, "train", "paired_regression", "--epochs", "5", "--json")
    assert code == 0, err
    summary = json.loads(out)
    assert summary["samples"] == 5 and summary["epochs"] == 5
    code, out, _err = cli(
        capsys, "train", "paired_regression", "--epochs", "5", "--test-fraction", "0.4", "--json"
    )
    assert json.loads(out)["test_samples"] == 2


def test_semicolons_with_decimal_commas_and_tabs_are_read(tmp_path, capsys):
    semi = parse_csv("x1;x2;y\n0,5;-1,25;1\n2;3e-1;0\n", "semi.csv")
    assert semi.delimiter == ";"
    np.testing.assert_array_equal(semi.column("x1"), [0.5, 2.0])
    np.testing.assert_array_equal(semi.column("x2"), [-1.25, 0.3])
    tab = parse_csv("x1\tx2\ty\n0.5\t1\t1\n", "tab.csv")
    assert tab.delimiter == "\t" and tab.column("x2")[0] == 1.0
    comma = parse_csv("x1,x2,y\n0.5,1,1\n", "c.csv")
    assert comma.delimiter == ","
    path = tmp_path / "points.csv"
    path.write_text("x1;x2;y\n0,5;1;1\n-1;2;0\n1;-0,5;1\n-2;0,25;0\n", encoding="utf-8")
    code, out, err = cli(capsys, "train", "--mlp", "2-2-1", "--data", str(path), "--epochs", "3")
    assert code == 0, err
    assert "semicolon-separated, decimal commas accepted" in out
    code, out, _err = cli(
        capsys, "train", "--mlp", "2-2-1", "--data", str(path), "--epochs", "3", "--json"
    )
    assert json.loads(out)["data_delimiter"] == ";"

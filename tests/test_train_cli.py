"""The ``train`` command line: exit codes, the JSON object, the table, saving, one real process."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from core.cli.train import build_parser, run
from core.training import datasets
from core.training.data import save_csv

ROOT = Path(__file__).resolve().parent.parent
LINE = "x = 0.5\ny = 1.0\nw0 = 0.0\nw1 = 0.0\nloss = (w0 + w1*x - y)**2\n"
JSON_KEYS = {"epochs", "stop_reason", "train_loss", "test_loss", "seconds", "epochs_per_second"}


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def train(*argv: str, stderr: io.StringIO | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), stderr if stderr is not None else io.StringIO()
    try:
        with contextlib.redirect_stderr(err):  # an option's error: one line, SystemExit(2)
            args = build_parser().parse_args(list(argv))
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue(), err.getvalue()
    code = run(args, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def line_program(tmp_path) -> str:
    path = tmp_path / "line.bp"
    path.write_text(LINE, encoding="utf-8")
    return str(path)


def test_json_for_a_network_on_a_generated_set():
    code, out, err = train(
        "--mlp", "2-4-1", "--dataset", "xor", "--samples", "80", "--epochs", "30",
        "--test-fraction", "0.25", "--json", "--lr", "0.5",
    )  # fmt: skip
    assert code == 0 and err == ""  # no progress bar when standard error is not a terminal
    data = json.loads(out)
    assert set(data) >= JSON_KEYS
    assert data["epochs"] == 30 and data["stop_reason"] == "max_epochs"
    assert data["samples"] == 60 and data["test_samples"] == 20
    assert isinstance(data["train_loss"], float) and isinstance(data["test_loss"], float)
    assert 0 <= data["train_accuracy"] <= 1
    assert data["seconds"] > 0 and data["epochs_per_second"] == pytest.approx(30 / data["seconds"])
    assert set(data["parameters"]) == {"W1", "b1", "W2", "b2"}


def test_a_program_on_a_csv_file_finds_the_least_squares_line(tmp_path, line_program):
    table = datasets.generate("regression", 100, seed=4)
    save_csv(table, tmp_path / "pairs.csv")
    code, out, _ = train(
        line_program, "--data", str(tmp_path / "pairs.csv"), "--epochs", "20000",
        "--stop", "gradient=1e-12", "--json", "--history",
    )  # fmt: skip
    assert code == 0
    data = json.loads(out)
    assert data["stop_reason"] == "gradient" and data["test_loss"] is None
    x, y = table.column("x"), table.column("y")
    w1, w0 = np.polyfit(x, y, 1)
    assert data["parameters"]["w0"] == pytest.approx(w0, abs=1e-9)
    assert data["parameters"]["w1"] == pytest.approx(w1, abs=1e-9)
    assert len(data["history"]["grad_norm"]) == data["epochs"]


def test_the_table_names_the_rule_and_the_parameters(line_program):
    code, out, _ = train(line_program, "--dataset", "regression", "--stop", "weights", "early=5",
                         "--test-fraction", "0.2", "--lr", "0.05")  # fmt: skip
    assert code == 0
    assert "stopped by" in out and "w0" in out and "w1" in out and "test loss" in out
    assert "epochs/s" in out


def test_a_progress_bar_only_on_a_terminal(line_program):
    terminal = FakeTerminal()
    code, _, err = train(line_program, "--dataset", "regression", "--epochs", "50",
                         stderr=terminal)  # fmt: skip
    assert code == 0
    assert "epoch 50/50" in err and "\r" in err


def test_save_writes_a_document_that_trains_again(tmp_path, line_program):
    from core.documents.document import load_document

    saved = tmp_path / "trained.json"
    code, out, _ = train(line_program, "--dataset", "regression", "--epochs", "200",
                         "--save", str(saved), "--json")  # fmt: skip
    assert code == 0
    first = json.loads(out)
    doc = load_document(saved)
    assert doc.values["w1"] == pytest.approx(first["parameters"]["w1"], rel=1e-15)
    code, out, _ = train(str(saved), "--dataset", "regression", "--epochs", "1", "--json")
    assert code == 0 and json.loads(out)["train_loss"] <= first["train_loss"]
    net_doc = tmp_path / "net.json"
    code, _, _ = train("--mlp", "2-3-1", "--dataset", "circle", "--epochs", "3",
                       "--granularity", "neuron", "--save", str(net_doc))  # fmt: skip
    assert code == 0 and load_document(net_doc).source_kind == "network"
    code, _, _ = train(str(net_doc), "--dataset", "circle", "--epochs", "2")
    assert code == 0


def test_divergence_exits_1_with_the_reason(line_program):
    code, out, err = train(line_program, "--dataset", "regression", "--lr", "50", "--json")
    assert code == 1
    assert json.loads(out)["stop_reason"] == "diverged"
    assert "diverged" in err and "η = 50" in err


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--dataset", "xor"], "exactly one of PROGRAM and --mlp"),
        (["--mlp", "2-1"], "--mlp needs data: give --data FILE.csv or --dataset NAME"),
        (["--mlp", "2-1", "--dataset", "xor", "--data", "a.csv"], "at most one of --data"),
        (["--mlp", "2-x-1", "--dataset", "xor"], "write the layer sizes as 2-8-8-1"),
        (["--mlp", "2", "--dataset", "xor"], "at least an input and an output"),
        (["--mlp", "3-1", "--dataset", "xor"], "missing data column 'x3'"),
        (["--mlp", "2-1", "--dataset", "moons"], "unknown data set 'moons'"),
        (
            ["--mlp", "2-1", "--dataset", "circle", "--noise", "25"],
            "noise is a fraction from 0 to 1 (Playground's 25 % is 0.25), got 25",
        ),
        (["--mlp", "2-1", "--dataset", "xor", "--activation", "swish"], "swish"),
        (["--mlp", "2-1", "--dataset", "xor", "--lr", "-1"], "--lr: expected a positive number"),
        (["--mlp", "2-1", "--dataset", "xor", "--stop", "soon"], "unknown stopping rule"),
        (["--mlp", "2-1", "--dataset", "xor", "--stop", "early"], "held-out data"),
        (["--mlp", "2-1", "--dataset", "xor", "--test-fraction", "1"], "below 1"),
        (
            ["--mlp", "2-1", "--dataset", "xor", "--batch-size", "0"],
            "--batch-size: expected a positive",
        ),
        (["--mlp", "2-1", "--data", "/nonexistent/d.csv"], "no such file"),
        (["/nonexistent/p.bp", "--dataset", "xor"], "no such file"),
    ],
)
def test_bad_input_exits_2_with_one_message(argv, message):
    code, out, err = train(*argv)
    assert code == 2 and out == ""
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_bad_csv_and_bad_program_messages(tmp_path, line_program):
    bad = tmp_path / "bad.csv"
    bad.write_text("x,y\n1,2\n3,oops\n", encoding="utf-8")
    code, _, err = train(line_program, "--data", str(bad))
    assert code == 2 and "line 3 (data row 2), column 'y': 'oops' is not a number" in err
    no_y = tmp_path / "no_y.csv"
    no_y.write_text("x,target\n1,2\n", encoding="utf-8")
    code, _, err = train(line_program, "--data", str(no_y))
    assert code == 2 and "no column 'y'" in err and "x, target" in err
    program = tmp_path / "broken.bp"
    program.write_text("w = 1\nloss = w +\n", encoding="utf-8")
    code, _, err = train(str(program), "--dataset", "regression")
    assert code == 2 and "broken.bp: line 2" in err
    code, _, err = train(line_program, "--dataset", "regression", "--loss", "bce")
    assert code == 2 and "only apply to --mlp" in err


def test_list_datasets():
    code, out, _ = train("--list-datasets")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == datasets.names()


def test_the_dispatcher_runs_train():
    import core.cli.main as cli

    assert cli.main(["train", "--mlp", "2-2-1", "--dataset", "gauss", "--epochs", "2"]) == 0


def test_a_real_process_answers_with_json():
    proc = subprocess.run(
        [sys.executable, "-m", "core.cli.train", "--mlp", "2-4-1", "--dataset", "spiral",
         "--samples", "100", "--epochs", "10", "--granularity", "neuron", "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert set(json.loads(proc.stdout)) >= JSON_KEYS
    bad = subprocess.run(
        [sys.executable, "-m", "core.cli.train", "--mlp", "2-4-1"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert bad.returncode == 2 and "Traceback" not in bad.stderr

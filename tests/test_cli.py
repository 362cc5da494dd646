"""The headless command line: trace and check, their JSON, and exit codes for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from core.cli.main import main

NEURON = """# the lecture's neuron, with a loss
x1 = 0.5
x2 = -1.0
w1 = 0.3
w2 = 0.8
b = 0.1
h = sigmoid(w1*x1 + w2*x2 + b)
loss = 0.5 * (h - 1.0)**2
"""


@pytest.fixture
def program(tmp_path: Path) -> Path:
    path = tmp_path / "neuron.bp"
    path.write_text(NEURON, encoding="utf-8")
    return path


def test_trace_json_has_the_documented_shape(program, capsys) -> None:
    assert main(["trace", str(program), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["output"] == "loss"
    assert set(data["values"]) >= {"x1", "x2", "w1", "w2", "b", "h", "loss"}
    assert set(data["gradients"]) == {"x1", "x2", "w1", "w2", "b"}
    kinds = {s["kind"] for s in data["steps"]}
    assert kinds == {"forward", "seed", "backward"}
    back = [s for s in data["steps"] if s["kind"] == "backward"]
    for s in back:
        assert s["contribution"] == pytest.approx(s["upstream"] * s["local"])


def test_trace_set_overrides_a_leaf(program, capsys) -> None:
    assert (
        main(["trace", str(program), "--json", "--set", "w1=0", "--set", "w2=0", "--set", "b=0"])
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data["values"]["h"] == 0.5
    assert data["values"]["loss"] == pytest.approx(0.125)


def test_trace_table_reads_from_stdin() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "core.cli", "trace", "-"],
        input=NEURON,
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert out.returncode == 0, out.stderr
    assert "loss" in out.stdout and "∂loss/∂" in out.stdout


def test_check_passes_and_reports_each_leaf(program, capsys) -> None:
    assert main(["check", str(program)]) == 0
    out = capsys.readouterr().out
    assert "5 checked, 0 disagree" in out


def test_check_exits_1_when_a_gradient_disagrees(tmp_path, capsys) -> None:
    # relu'(0) is 1 by convention, the central difference sees 0.5: an honest disagreement.
    path = tmp_path / "kink.bp"
    path.write_text("x = 0.0\ny = relu(x)\n")
    assert main(["check", str(path)]) == 1
    assert "DISAGREE" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["trace", "missing.bp"], "missing.bp: no such file"),
        (["trace", "{prog}", "--set", "w1"], "write NAME=VALUE"),
        (["trace", "{prog}", "--set", "w1=abc"], "is not a number"),
        (["trace", "{prog}", "--set", "w1=nan"], "finite number"),
        (["trace", "{prog}", "--set", "zz=1"], "no variable named 'zz'"),
        (
            ["trace", "{bad}"],
            "line 1, column 5: unknown function 'sigmod' (did you mean 'sigmoid'?)",
        ),
    ],
)
def test_bad_input_exits_2_with_one_message(program, tmp_path, capsys, args, message) -> None:
    bad = tmp_path / "bad.bp"
    bad.write_text("h = sigmod(1.0)\n")
    args = [a.format(prog=program, bad=bad) for a in args]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert err.count("\n") == 1

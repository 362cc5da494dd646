"""Defaults that work, and one set of numbers in the lab and on the command line.

The defaults of each generated set (core.documents.recipe.PRESETS) must solve it with the lab's default
network; the command line the lab shows must reproduce its run bit for bit (parsed with shlex
and run in-process through the CLI's own entry point).
"""

from __future__ import annotations

import io
import json
import shlex
from contextlib import redirect_stderr, redirect_stdout

import numpy as np
import pytest

import core.cli.main as cli
from core.documents import recipe
from core.training import datasets
from core.training.nn import NetworkSpec, bind_columns, build_network
from core.training.train import TrainConfig, Trainer

DEFAULT_NETWORK = NetworkSpec(
    (2, 8, 8, 1),
    activation="tanh",
    output_activation="sigmoid",
    loss="bce",
    granularity="layer",
    seed=0,
)
REQUIRED = {"circle": 0.95, "xor": 0.95, "gauss": 0.95, "spiral": 0.90}


def train_with_defaults(name: str, seed: int = 0) -> Trainer:
    p = recipe.preset(name)
    train, test = datasets.generate_split(name, p.samples, None, seed, p.test_fraction)
    net = build_network(DEFAULT_NETWORK)
    trainer = Trainer(
        net.graph,
        bind_columns(net, train.columns),
        bind_columns(net, test.columns) if test is not None else None,
        recipe.preset_config(name, seed),
    )
    trainer.run()
    return trainer


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_the_defaults_solve_every_generated_set_with_the_default_network(name):
    p = recipe.preset(name)
    assert 0.2 <= p.test_fraction <= 0.5  # held out by default, as TensorFlow Playground does
    assert p.patience == recipe.patience_for(p.max_epochs) >= p.max_epochs // 10
    trainer = train_with_defaults(name)
    result = trainer.result
    assert result is not None and result.stop_reason != "diverged"
    assert result.test_accuracy >= REQUIRED[name], (name, result.test_accuracy, trainer.epoch)


def test_early_stopping_patience_follows_the_epoch_budget():
    assert recipe.patience_for(100) == 20  # never below the rule's own default
    assert recipe.patience_for(10_000) == 1000
    assert recipe.preset("spiral").patience == 1000


# ---------------------------------------------------------------------------- the command line


def run_cli(argv: list[str]) -> tuple[int, dict]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli.main(["train", *argv, "--json", "--history"])
    assert code in (0, 1), err.getvalue()
    return code, json.loads(out.getvalue())


def test_train_argv_round_trips_every_setting():
    config = TrainConfig(
        learning_rate=0.1 + 0.2,  # 0.30000000000000004: must come back bit for bit
        max_epochs=33,
        batch_size=7,
        momentum=0.85,
        stop=("weights=1e-06", "gradient=0.0001", "early=12"),
        seed=3,
    )
    argv = recipe.train_argv(
        recipe.network_argv(DEFAULT_NETWORK, "classification", 3),
        recipe.data_argv("xor", samples=60, noise=0.15, seed=3, test_fraction=0.25),
        config,
    )
    line = recipe.command_line(argv)
    assert line.startswith("backprop-studio train --mlp 2-8-8-1 --init-seed 0 --dataset xor")
    words = shlex.split(line)
    from core.cli import train as train_cli

    args = cli.build_parser().parse_args(words[1:])
    assert args.lr == config.learning_rate and args.momentum == config.momentum
    assert tuple(train_cli._stop_rule(r, args.epochs) for r in args.stop) == config.stop
    assert (args.batch_size, args.epochs, args.seed, args.init_seed) == (7, 33, 3, 0)
    assert (args.noise, args.test_fraction, args.samples) == (0.15, 0.25, 60)
    # and running it gives the numbers of a Trainer given those settings directly
    _code, summary = run_cli(words[2:])
    train, test = datasets.generate_split("xor", 60, 0.15, 3, 0.25)
    net = build_network(DEFAULT_NETWORK)
    direct = Trainer(
        net.graph, bind_columns(net, train.columns), bind_columns(net, test.columns), config
    )
    direct.run()
    assert summary["history"]["train_loss"] == direct.history.to_dict()["train_loss"]


def test_network_argv_refuses_what_mlp_cannot_say():
    dropout = NetworkSpec((2, 4, 1), output_activation="sigmoid", loss="bce", dropout=0.2)
    assert recipe.network_argv(dropout, "classification", 0) is None
    regression = NetworkSpec((1, 4, 1), granularity="neuron", seed=5)
    assert recipe.network_argv(regression, "regression", 5) == [
        "--mlp",
        "1-4-1",
        "--granularity",
        "neuron",
    ]


def test_stall_advice_names_the_remedy():
    flat = np.full(200, 0.693)
    advice = recipe.stall_advice(flat, np.full(200, 0.52), 0.5, "max_epochs", 0.001, 200)
    assert "stalled" in advice and "0.001" in advice and "neurons" in advice
    falling = np.linspace(1.0, 0.5, 200)
    advice = recipe.stall_advice(falling, np.full(200, 0.7), 0.5, "max_epochs", 0.05, 200)
    assert "more epochs" in advice
    plateau = recipe.stall_advice(flat, np.full(200, 0.61), 0.5, "gradient", 0.05, 200)
    assert "flat stretch" in plateau
    solved = np.geomspace(1.0, 0.01, 200)
    assert recipe.stall_advice(solved, np.full(200, 1.0), 0.5, "early", 0.2, 200) == ""

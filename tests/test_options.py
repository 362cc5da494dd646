"""Every option error is one line naming the option, exit status 2, pointing to --help: for
every subcommand and every option that takes a checked value (so options added later with a
plain type=int or type=float are covered too), and --set values are bounded in depth and size."""

from __future__ import annotations

import argparse

import pytest

import core.cli.main as cli
from core.cli import train as train_cli
from core.cli.options import OptionParser
from gui import export_cli


def parsers() -> dict[str, argparse.ArgumentParser]:
    top = cli.build_parser()
    found = {"backprop-studio": top, "backprop-studio export": export_cli.build_parser()}
    for action in top._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found[f"backprop-studio {name}"] = sub
    return found


def checked_options() -> list[tuple[str, str, tuple[str, ...]]]:
    """(parser, option, arguments before it) for each option that refuses some value."""
    out = []
    for prog, parser in parsers().items():
        for action in parser._actions:
            if not action.option_strings or isinstance(action, argparse._HelpAction):
                continue
            if action.nargs == 0 or action.type is not None or action.choices is not None:
                out.append((prog, action.option_strings[0], ()))
    return out


def words(prog: str) -> list[str]:
    return prog.split()[1:]


def one_line_error(argv: list[str], capsys) -> str:
    with pytest.raises(SystemExit) as exit_:
        cli.build_parser().parse_args(argv) if argv[:1] != ["export"] else (
            export_cli.build_parser().parse_args(argv[1:])
        )
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    return err.rstrip("\n")


@pytest.mark.parametrize(("prog", "option", "before"), checked_options())
def test_every_checked_option_fails_in_one_line(prog, option, before, capsys):
    parser = parsers()[prog]
    action = next(a for a in parser._actions if option in a.option_strings)
    argv = [*words(prog), *before]
    argv += [f"{option}=bad!"] if action.nargs == 0 else [option, "bad!"]
    line = one_line_error(argv, capsys)
    assert line.startswith(f"backprop-studio: {option}: "), line
    assert line.endswith(f"(see {prog} --help)"), line
    assert "usage:" not in line


def test_the_issues_example(capsys):
    line = one_line_error(["train", "--epochs", "x"], capsys)
    assert line == (
        "backprop-studio: --epochs: expected a positive integer, got 'x' "
        "(see backprop-studio train --help)"
    )


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["train", "--lr", "nan"], "--lr: expected a finite number within ±1e+300, got 'nan'"),
        (["train", "--seed", "-1"], "--seed: expected an integer ≥ 0, got '-1'"),
        (["train", "--momentum", "1"], "--momentum: expected a number from 0 to below 1"),
        (["train", "--epochs", "9" * 30], "--epochs: expected an integer below 10¹⁸"),
        (["train", "--dtype", "x"], "--dtype: expected one of float64, float32, got 'x'"),
        (["train", "--bogus"], "--bogus: unknown option (see backprop-studio train --help)"),
        (["trace"], "missing program (see backprop-studio trace --help)"),
        (["check", "--set"], "--set: expected a value after it"),
        (["trace", "lecture", "--json=3"], "--json: takes no value, got '3'"),
        (["export", "lecture"], "give one of --pdf, --png-dir, "),
        (["export", "lecture", "--pdf", "a", "--svg", "b"], "--svg: cannot be used together"),
        (["export", "lecture", "--step", "-2", "--svg", "a"], "--step: expected an integer ≥ 0"),
        (["bogus"], "command: expected one of trace, check, train, got 'bogus'"),
    ],
)
def test_messages(argv, expected, capsys):
    assert expected in one_line_error(argv, capsys)


def test_a_huge_option_value_is_shortened(capsys):
    line = one_line_error(["train", "--samples", "9" * 100_000], capsys)
    assert len(line) < 300 and "100,000 characters" in line


def test_an_option_added_later_gets_the_same_errors(capsys):
    """Another subcommand's new options (type=int, type=float, choices) need nothing extra."""
    parser = OptionParser(prog="backprop-studio")
    sub = parser.add_subparsers(dest="command", required=True)
    new = sub.add_parser("fresh")
    new.add_argument("--count", type=int)
    new.add_argument("--rate", type=float)
    new.add_argument("--mode", choices=("a", "b"))
    for argv, expected in (
        (["fresh", "--count", "1.5"], "--count: expected an integer, got '1.5'"),
        (["fresh", "--rate", "inf"], "--rate: expected a finite number within ±1e+300, got 'inf'"),
        (["fresh", "--mode", "c"], "--mode: expected one of a, b, got 'c'"),
    ):
        with pytest.raises(SystemExit) as exit_:
            parser.parse_args(argv)
        assert exit_.value.code == 2
        err = capsys.readouterr().err
        assert err == f"backprop-studio: {expected} (see backprop-studio fresh --help)\n"
    assert parser.parse_args(["fresh", "--count", "3", "--rate", "0.5"]).count == 3


def test_main_exits_2_with_one_line(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["train", "--epochs", "x"])
    assert exit_.value.code == 2
    with pytest.raises(SystemExit) as exit_:
        train_cli.main(["--batch-size", "0"])
    assert exit_.value.code == 2
    with pytest.raises(SystemExit) as exit_:
        export_cli.main(["lecture", "--svg", "a.svg", "--size"])
    assert exit_.value.code == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 3
    assert lines[1].startswith("backprop-studio: --batch-size: expected a positive integer")
    assert lines[2].startswith("backprop-studio: --size: expected a value after it")


DEEP = "[" * 2000 + "]" * 2000


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (DEEP, "--set x1: lists nest at most 4 deep"),
        ("[[[[[1]]]]]", "--set x1: lists nest at most 4 deep"),
        ("[" + ",".join(["1"] * 600_000) + "]", "characters is too long (at most 1,000,000)"),
        ("[1, 2", "is not a number or a list of numbers"),
        ("[1, NaN]", "is not a number or a list of numbers"),
        ("1e301", "is too large: numbers must lie within ±1e+300"),
        ("[1" + "0" * 5000 + "]", "(5,001 digits) is too large"),
        ("nan", "the value must be a finite number"),
        ("[[1, 2], [3]]", "the rows of a matrix need the same length"),
        ("[]", "an empty list holds no value"),
        ('["a"]', "'a' is not a number"),
    ],
)
def test_set_values_are_bounded(value, expected, capsys):
    assert cli.main(["trace", "lecture", "--set", f"x1={value}"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and expected in err, err[:300]


def test_set_values_that_are_fine(capsys):
    assert cli.main(["trace", "lecture", "--set", "x1=[[0.5, 1], [2, 3]]", "--json"]) == 0
    assert cli.main(["trace", "lecture", "--set", "x1=0.25"]) == 0
    assert "Traceback" not in capsys.readouterr().err

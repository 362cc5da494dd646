"""``export --lr η``: the run then makes one gradient-descent update, recorded as ``trace
--lr`` and the lab's One update record it; a deck ends with that update (the new values the
engine computes, w − η·∂Q/∂w), a picture can show a step of it, and η is checked as
``train --lr`` checks it."""

from __future__ import annotations

import re

import pypdfium2 as pdfium
import pytest

from core.autodiff.notation import format_number, name_of, operand
from core.autodiff.trace import UpdateStep
from core.documents.examples import load_example
from core.documents.recipe import run_from_trace
from core.teaching.slides import DeckOptions
from core.training.train import recorded_update
from gui.export.painting import deck_slides


@pytest.fixture(autouse=True)
def _app(qapp):
    return qapp


def cli(capsys, *args: str) -> tuple[int, str, str]:
    from gui.export_cli import main

    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse's own refusals
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_a_deck_with_lr_ends_with_the_engines_update(capsys, tmp_path):
    graph = load_example("lecture").build()
    trace, new_values = recorded_update(graph, learning_rate=0.5)
    updates = [s for s in trace.steps if isinstance(s, UpdateStep)]
    assert {u.node for u in updates} == set(new_values) and len(updates) == 10
    code, out, _ = cli(capsys, "lecture", "--pdf", str(tmp_path / "t.pdf"), "--lr", "0.5",
                       "--group-layers")  # fmt: skip
    assert code == 0, out
    pages = pdfium.PdfDocument(str(tmp_path / "t.pdf"))
    last = squash(pages[len(pages) - 1].get_textpage().get_text_range())
    assert "Gradientdescent" in last
    for u in updates:
        name = name_of(graph, u.node)
        line = (
            f"{name} ← {name} − η · ∂loss/∂{name} = {format_number(u.old)} − 0.5 · "
            f"{operand(u.gradient)} = {format_number(new_values[u.node])}"
        )
        assert squash(line) in last, line
    code, _, _ = cli(capsys, "lecture", "--pdf", str(tmp_path / "u.pdf"), "--group-layers")
    untrained = pdfium.PdfDocument(str(tmp_path / "u.pdf"))
    trained = run_from_trace(graph, trace)  # the update as core.training.train records it
    assert len(pages) == len(deck_slides(trained, DeckOptions(group_layers=True)))
    assert len(untrained) < len(pages)
    assert all(
        "Gradientdescent" not in squash(p.get_textpage().get_text_range()) for p in untrained
    )


def test_a_picture_can_show_a_step_of_the_update(capsys, tmp_path):
    graph = load_example("lecture").build()
    trace, _ = recorded_update(graph, learning_rate=0.5)
    last = len(trace)
    code, out, _ = cli(capsys, "lecture", "--png", str(tmp_path / "p.png"), "--lr", "0.5",
                       "--step", str(last))  # fmt: skip
    assert code == 0 and f"step {last} of {last}" in out
    code, _, err = cli(capsys, "lecture", "--png", str(tmp_path / "q.png"), "--step", str(last))
    assert code == 2 and "steps 0 to 57" in err  # no update without --lr


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "--lr: expected a positive number, got '0'"),
        ("-1", "--lr: expected a positive number, got '-1'"),
        ("x", "--lr: expected a number, got 'x'"),
        ("nan", "--lr"),
        ("inf", "--lr"),
    ],
)
def test_lr_is_checked_as_train_checks_it(capsys, tmp_path, value, message):
    from core.cli.train import add_arguments
    from gui.export_cli import build_parser

    code, out, err = cli(capsys, "lecture", "--pdf", str(tmp_path / "t.pdf"), "--lr", value)
    assert code == 2 and out == "" and message in err and err.count("\n") == 1
    assert not (tmp_path / "t.pdf").exists()
    import argparse

    train = argparse.ArgumentParser()
    add_arguments(train)
    ours = build_parser()
    lr_type = {a.dest: a.type for a in train._actions}["lr"]
    assert {a.dest: a.type for a in ours._actions}["lr"] is lr_type


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--worksheet", "w.pdf"], "--lr is for decks, animations and pictures"),
        (["--onnx", "m.onnx"], "not for --onnx"),
        (["--pytorch", "m.py"], "not for --pytorch"),
    ],
)
def test_lr_is_refused_where_it_means_nothing(capsys, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    code, out, err = cli(capsys, "lecture", *args, "--lr", "0.5")
    assert code == 2 and out == "" and message in err and err.count("\n") == 1
    assert not list(tmp_path.iterdir())

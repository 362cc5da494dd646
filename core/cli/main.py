"""The command line: check the engine's numbers with no screen and no Qt.

``backprop-studio trace PROGRAM`` prints every value, gradient and step;
``backprop-studio check PROGRAM`` compares backprop with finite differences (exit 1 on
disagreement); ``train`` lives in core.cli.train. Bad input exits with status 2 and one message.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from ..autodiff.engine import Run, run
from ..autodiff.graph import Graph, GraphError
from ..autodiff.notation import format_number
from ..autodiff.trace import BackwardStep, ForwardStep, SeedStep, Step, UpdateStep
from ..io.limits import short_repr
from ..lang.value_text import ValueTextError, read_value
from ..teaching.explain import describe_step, local_formula
from ..text.i18n import count, tr, tr_text
from . import train as train_cli
from .common import UsageError, choose_language, read_text
from .options import OptionParser

T = TypeVar("T")


@dataclass(frozen=True)
class Loaded:
    graph: Graph
    title: str


def load_source(
    path: str, output: str | None = None, options: argparse.Namespace | None = None
) -> Loaded:
    """A program file, ``-``, a saved document (.json), an ONNX model (.onnx, with the
    ``options`` of core.cli.onnx) or the name of a built-in example; ``output``
    (``--output NAME``) picks the output of any of them."""
    from ..documents.examples import example_names, load_example
    from ..lang.expr import ProgramError, parse

    if path.lower().endswith(".onnx"):
        return _load_onnx(path, output, options)
    if options is not None:
        from .onnx import onnx_options_given

        if given := onnx_options_given(options):
            raise UsageError(tr("{options} only apply to .onnx models", options=", ".join(given)))

    where = "<stdin>" if path == "-" else path
    if path in example_names() and not Path(path).exists():
        doc = load_example(path)
        return Loaded(choose_output(doc.build(), output, path), doc.title)
    if path.endswith(".json"):
        from ..documents.document import DocumentError, load_document

        try:
            doc = load_document(path)
            return Loaded(choose_output(doc.build(), output, path), doc.title)
        except (DocumentError, ProgramError, GraphError) as exc:
            raise UsageError(f"{path}: {exc}") from exc
    text = read_text(path)
    try:
        program = parse(text)
    except ProgramError as exc:
        raise UsageError(f"{where}: {exc}") from exc
    return Loaded(
        choose_output(program.graph, output, where), Path(path).stem if path != "-" else "stdin"
    )


def choose_output(graph: Graph, name: str | None, where: str) -> Graph:
    """``graph`` with the variable ``name`` as its output (``--output``, for every kind of
    source); an unknown name is refused with the closest name or the list of variables."""
    if name is None:
        return graph
    import difflib

    from ..text.i18n import tr

    node = graph.by_name(name)
    if node is None:
        names = [n.name for n in graph.nodes.values() if n.name and not n.literal]
        close = difflib.get_close_matches(name, names, n=1, cutoff=0.5)
        hint = (
            tr(" (did you mean {name}?)", name=repr(close[0]))
            if close
            else tr("; the variables are {names}", names=", ".join(names))
        )
        message = tr("there is no variable {name} to use as the output", name=repr(name))
        raise UsageError(f"{where}: {message}{hint}")
    graph.set_output(node.id)
    return graph


def _load_onnx(path: str, output: str | None, options: argparse.Namespace | None) -> Loaded:
    from ..frameworks.onnx_import import OnnxError
    from .onnx import load

    try:
        model = load(path, options)
        if output is not None:
            node = model.graph.by_name(output)
            if node is None:
                raise UsageError(
                    tr("{path}: there is no node named {name}", path=path, name=repr(output))
                )
            model.graph.set_output(node.id)
    except OnnxError as exc:
        raise UsageError(str(exc)) from exc
    return Loaded(model.graph, model.title)


def parse_assignments(items: list[str] | None) -> dict[str, Any]:
    """``--set NAME=VALUE``: a number or a JSON list of numbers (core.lang.value_text's rules:
    nested at most 4 deep, at most a million characters; NaN, inf and numbers beyond ±1e300 are
    refused)."""
    out: dict[str, Any] = {}
    for item in items or []:
        name, sep, text = item.partition("=")
        name, text = name.strip(), text.strip()
        if not sep or not name or not text:
            raise UsageError(
                tr("--set {item}: write NAME=VALUE, e.g. --set x1=0.5", item=short_repr(item))
            )
        shown = short_repr(name).strip("'")
        try:
            out[name] = read_value(f"--set {shown}", text)
        except ValueTextError as exc:
            raise UsageError(str(exc)) from None
    return out


def to_json(value: Any) -> Any:
    """Numbers for JSON: floats stay floats, arrays become nested lists, NaN/inf become strings."""
    if value is None:
        return None
    arr = np.asarray(value, dtype=float)
    if arr.ndim == 0:
        v = float(arr)
        return v if math.isfinite(v) else str(v)
    return [to_json(v) for v in arr]


def step_to_json(graph: Graph, step: Step) -> dict[str, Any]:
    def name(nid: str) -> str:
        return graph[nid].display

    if isinstance(step, ForwardStep):
        return {
            "kind": "forward",
            "node": name(step.node),
            "formula": graph.formula(step.node),
            "inputs": [name(a) for a in step.args],
            "input_values": [to_json(v) for v in step.arg_values],
            "value": to_json(step.value),
        }
    if isinstance(step, SeedStep):
        return {"kind": "seed", "node": name(step.node), "gradient": to_json(step.gradient)}
    if isinstance(step, BackwardStep):
        return {
            "kind": "backward",
            "from": name(step.source),
            "to": name(step.target),
            "position": step.position,
            "upstream": to_json(step.upstream),
            "local": to_json(step.local),
            "local_formula": local_formula(graph, step.source, step.position),
            "contribution": to_json(step.contribution),
            "gradient": to_json(step.after),
            "term": step.term,
            "terms": step.terms,
        }
    if isinstance(step, UpdateStep):
        return {
            "kind": "update",
            "node": name(step.node),
            "old": to_json(step.old),
            "learning_rate": step.learning_rate,
            "gradient": to_json(step.gradient),
            "new": to_json(step.new),
        }
    raise TypeError(step)


def named_values(result: Run) -> dict[str, Any]:
    g = result.graph
    return {
        g[n].display: to_json(result.values[n]) for n in g.order() if not g[n].literal and g[n].name
    }


def trace_json(result: Run) -> dict[str, Any]:
    g = result.graph
    assert result.trace is not None
    return {
        "output": g[g.require_output()].display,
        "objective": to_json(result.objective),
        "values": named_values(result),
        "gradients": {
            leaf.display: to_json(result.gradients.get(leaf.id, 0.0))
            for leaf in g.leaves()
            if not leaf.literal
        },
        "steps": [step_to_json(g, s) for s in result.trace.steps],
        "problems": [p.message for p in result.problems],
    }


def print_table(rows: Sequence[tuple[object, ...]], header: tuple[str, ...]) -> None:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)))


def _located(source: str, func: Callable[..., T], *args: Any) -> T:
    """``func(*args)``, with a shape error of the program reported against its file."""
    from ..autodiff.shapes import ShapeError

    try:
        return func(*args)
    except ShapeError as exc:
        raise UsageError(f"{'<stdin>' if source == '-' else source}: {exc}") from exc


def update_run(
    graph: Graph, overrides: dict[str, Any], learning_rate: float, momentum: float = 0.0
) -> Run:
    """One recorded update exactly as the lab's One update plays it: a Trainer on the
    document's own values (full batch) makes its first update through the step-recording
    engine: forward, backward, then one update step per parameter."""
    from ..documents.recipe import own_samples, run_from_trace
    from ..training.data import input_leaves
    from ..training.train import TrainConfig, Trainer, TrainError

    graph = graph.copy()
    for name, value in overrides.items():
        node = graph.by_name(name)
        if node is None:
            raise UsageError(tr("--set {name}: there is no leaf of that name", name=name))
        graph.set_value(node.id, value)
    ids = [graph.by_name(name).id for name in input_leaves(graph)]  # type: ignore[union-attr]
    try:
        train, _test, _n = own_samples(graph, ids, 0.0, 0)
        config = TrainConfig(learning_rate=learning_rate, momentum=momentum, max_epochs=1)
        config.validate()
        trainer = Trainer(graph, train, None, config)
        trainer.step_epoch(record=True)
    except (TrainError, ValueError) as exc:
        raise UsageError(f"--lr: {exc}") from exc
    assert trainer.last_trace is not None
    return run_from_trace(graph, trainer.last_trace)


def cmd_trace(args: argparse.Namespace) -> int:
    loaded = load_source(args.program, args.output, args)
    overrides = parse_assignments(args.set)
    if args.lr is not None:
        result = _located(args.program, update_run, loaded.graph, overrides, args.lr, args.momentum)
    elif args.momentum:
        raise UsageError(tr("--momentum needs --lr η: it shapes the update that --lr records"))
    else:
        result = _located(args.program, run, loaded.graph, overrides)
    if args.json:
        json.dump(trace_json(result), sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    g = result.graph
    title = tr_text(loaded.title)
    output = f"{g[g.require_output()].display} = {format_number(result.objective)}"
    print(tr("{title}: output {output}", title=title, output=output) + "\n")
    rows = []
    for nid in g.order():
        node = g[nid]
        if node.literal:
            continue
        kind = node.role.value if node.role is not None else node.op
        grad = result.gradients.get(nid)
        rows.append(
            (
                node.display,
                kind,
                format_number(result.values[nid]),
                "" if grad is None else format_number(grad),
            )
        )
    word = tr("node")
    print_table(rows, (word, tr("kind"), tr("value"), f"∂{g[g.require_output()].display}/∂{word}"))
    assert result.trace is not None
    print("\n" + tr("{count} steps", count=count(len(result.trace))))
    for k in range(1, len(result.trace) + 1):
        text = describe_step(g, result.trace, k)
        print(f"{k:5d}  {text.equation}")
    for p in result.problems:
        print("\n" + tr("warning: {message}", message=p.message))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from ..teaching.gradcheck import check_gradients

    loaded = load_source(args.program, args.output, args)
    report = _located(args.program, check_gradients, loaded.graph, parse_assignments(args.set))
    if args.json:
        json.dump(
            {
                "ok": report.ok,
                "objective": to_json(report.objective),
                "rows": [
                    {
                        "leaf": r.name,
                        "backprop": to_json(r.backprop),
                        "numeric": to_json(r.numeric),
                        "relative_difference": to_json(r.relative),
                        "ok": r.ok,
                    }
                    for r in report.rows
                ],
            },
            sys.stdout,
            indent=1,
        )
        print()
    else:
        rows = [
            (
                r.name,
                f"{r.backprop:.10g}",
                f"{r.numeric:.10g}",
                f"{r.relative:.2e}",
                tr("ok") if r.ok else tr("DISAGREE"),
            )
            for r in report.rows
        ]
        header = (tr("leaf"), tr("backprop"), tr("finite difference"), tr("rel. diff"), "")
        print_table(rows, header)
        bad = sum(not r.ok for r in report.rows)
        print(
            "\n"
            + tr(
                "{checked} checked, {bad} disagree (central differences, h = 1e-6·max(1, |x|))",
                checked=count(len(report.rows)),
                bad=count(bad),
            )
        )
    return 0 if report.ok else 1


def build_parser() -> argparse.ArgumentParser:
    parser = OptionParser(
        prog="backprop-studio",
        description=tr(
            "Watch a neural network compute. With no command, opens the window "
            "(backprop-studio [FILE])."
        ),
        epilog=tr(
            "backprop-studio export SOURCE --pdf|--png-dir|--svg|--png ... renders slides and "
            "pictures without a display: see backprop-studio export --help."
        ),
    )
    from . import onnx as onnx_cli

    sub = parser.add_subparsers(dest="command", required=True)
    for name, func, help_text in (
        (
            "trace",
            cmd_trace,
            tr("run forward and backward and print every value, gradient and step"),
        ),
        ("check", cmd_check, tr("compare backprop's gradients with finite differences")),
    ):
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument(
            "program",
            metavar=tr("program"),
            help=tr(
                "a program file, - for standard input, a .json document, an .onnx model "
                "or a built-in example's name"
            ),
        )
        p.add_argument(
            "--set", action="append", metavar=tr("NAME=VALUE"), help=tr("override a leaf")
        )
        p.add_argument("--output", metavar=tr("NAME"), help=tr("which variable is the output"))
        p.add_argument("--json", action="store_true", help=tr("print JSON instead of a table"))
        if name == "trace":
            p.add_argument(
                "--lr",
                type=float,
                metavar="η",
                help=tr(
                    "then one gradient-descent update w ← w − η·∂Q/∂w, recorded as the "
                    "lab's One update plays it"
                ),
            )
            p.add_argument(
                "--momentum",
                type=float,
                default=0.0,
                metavar="μ",
                help=tr("with --lr: momentum of that update (b ← μb + ∇Q, w ← w − ηb)"),
            )
        onnx_cli.add_arguments(p)
        p.set_defaults(func=func)
    p = sub.add_parser("train", help=tr("train a program or network by gradient descent"))
    train_cli.add_arguments(p)
    p.set_defaults(func=train_cli.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    words = choose_language(list(sys.argv[1:] if argv is None else argv))
    parser = build_parser()
    args = parser.parse_args(words)
    try:
        return int(args.func(args))
    except UsageError as exc:
        print(f"backprop-studio: {exc}", file=sys.stderr)
        return 2
    except GraphError as exc:
        print(f"backprop-studio: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())

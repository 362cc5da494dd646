"""``backprop-studio train``: gradient descent from the terminal, on a program or an ``--mlp``.

    backprop-studio train (PROGRAM | --mlp 2-8-8-1 [--activation tanh] [--output sigmoid]
        [--loss bce] [--init-seed S] [--features x1^2,x2^2] [--regularization l1|l2]
        [--reg-rate R]) [--data FILE.csv | --dataset NAME [--samples N] [--noise X]]
        [--seed S]
        [--epochs N] [--lr X] [--batch-size B] [--stop RULE ...] [--granularity neuron|layer]
        [--test-fraction F] [--momentum M] [--dtype float64|float32] [--json] [--save FILE]

Data columns feed the input leaves of the same names (``--mlp`` networks: x1 … xn and y);
with neither --data nor --dataset the document's own input values are the data (as in the
lab). ``core.documents.recipe`` writes the line that reproduces a lab run with these options.
A progress bar goes to standard error when it is a terminal; the figures go to standard
output, as a table or (``--json``) one JSON object. Exit status: 0 trained, 1 diverged,
2 bad input (one message on standard error, no traceback).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from ..autodiff.graph import Graph, GraphError
from ..autodiff.notation import format_number
from ..text.i18n import count, tr, tr_text
from ..training.data import DataError, Table, bind, load_csv
from ..training.train import STOP_RULES, StopRule, TrainConfig, Trainer, TrainError, TrainResult
from .common import UsageError, choose_language, read_text
from .options import (
    OptionParser,
    fraction,
    integer,
    nonnegative_int,
    nonnegative_number,
    positive_int,
    positive_number,
)

PROG = "backprop-studio train"
DEFAULT_REG_RATE = 0.01  # λ when --regularization is given without --reg-rate
MAX_JSON_PARAMETERS = 1000  # numbers; larger networks report only their parameter count


class InputError(Exception):
    """Bad input from the command line: one message, exit status 2."""


@dataclass
class Source:
    graph: Graph
    title: str
    document: Any  # core.documents.document.Document to save the result into
    network: Any = None  # core.training.nn.Network for --mlp and network documents
    feed: Any = None  # an ONNX model's data: table -> {input: matrix, target: matrix}


# ---------------------------------------------------------------------------- arguments


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``train`` subcommand's options (the dispatcher in core.cli.main calls this), its texts
    in the language chosen before the parser is built."""
    parser.description = tr(
        "Train a program's parameters or a fully connected network by gradient descent."
    )
    parser.add_argument(
        "program",
        nargs="?",
        metavar=tr("program"),
        help=tr(
            "a program file, - for standard input, a saved .json document, or an .onnx model "
            "(with --loss: the data's first columns are its inputs, the rest its target)"
        ),
    )
    net = parser.add_argument_group(tr("network (instead of PROGRAM)"))
    net.add_argument("--mlp", metavar=tr("SIZES"), help=tr("layer sizes, e.g. 2-8-8-1"))
    net.add_argument(
        "--activation",
        default="tanh",
        metavar=tr("ACTIVATION"),
        help=tr("hidden activation (default tanh)"),
    )
    net.add_argument(
        "--output",
        metavar=tr("ACTIVATION"),
        help=tr(
            "output activation (default: sigmoid for bce, softmax for softmax_ce, else identity)"
        ),
    )
    net.add_argument(
        "--loss",
        choices=("mse", "bce", "softmax_ce"),
        help=tr("loss (default: bce on a classification data set, else mse)"),
    )
    net.add_argument(
        "--granularity",
        choices=("neuron", "layer"),
        default="layer",
        help=tr("one node per neuron or per layer (default layer: same numbers, faster)"),
    )
    net.add_argument(
        "--features",
        metavar=tr("NAMES"),
        help=tr(
            "feature inputs computed from x1, x2, comma-separated: x1, x2, x1^2, x2^2, x1*x2, "
            "sin(x1), sin(x2) (the first size of --mlp is their number)"
        ),
    )
    net.add_argument(
        "--regularization",
        "--regularisation",
        dest="regularization",
        choices=("none", "l1", "l2"),
        default="none",
        help=tr("a penalty on the weights added to the loss: l1 λ·Σ|w|, l2 λ·Σw² (default none)"),
    )
    net.add_argument(
        "--reg-rate",
        type=nonnegative_number,
        default=None,
        metavar="R",
        help=tr("λ of the penalty (default 0.01 with --regularization l1 or l2)"),
    )
    net.add_argument(
        "--init-seed",
        type=int,
        metavar="S",
        help=tr("seed of the initial weights (default: --seed)"),
    )
    data = parser.add_argument_group(tr("data"))
    data.add_argument("--data", metavar=tr("FILE.csv"), help=tr("a CSV file with a header row"))
    data.add_argument(
        "--dataset", metavar=tr("NAME"), help=tr("a generated set (see --list-datasets)")
    )
    data.add_argument(
        "--samples",
        type=integer,
        default=200,
        metavar=tr("SAMPLES"),
        help=tr("generated samples (default 200)"),
    )
    data.add_argument(
        "--noise",
        type=nonnegative_number,
        metavar=tr("NOISE"),
        help=tr("noise of the generated set, a fraction from 0 to 1 (default: its own)"),
    )
    data.add_argument(
        "--seed",
        type=nonnegative_int,
        default=0,
        metavar=tr("SEED"),
        help=tr("seed for data, split, initial weights and shuffling"),
    )
    data.add_argument(
        "--test-fraction",
        type=fraction,
        default=0.0,
        metavar="F",
        help=tr("hold out this fraction of the samples as test data (default 0)"),
    )
    data.add_argument(
        "--list-datasets", action="store_true", help=tr("list generated sets and exit")
    )
    opt = parser.add_argument_group(tr("optimisation"))
    opt.add_argument(
        "--epochs",
        type=positive_int,
        default=1000,
        metavar=tr("EPOCHS"),
        help=tr("maximum epochs (default 1000)"),
    )
    opt.add_argument(
        "--lr",
        "--learning-rate",
        dest="lr",
        type=positive_number,
        default=0.1,
        metavar=tr("LR"),
        help=tr("η (default 0.1)"),
    )
    opt.add_argument(
        "--batch-size",
        type=positive_int,
        metavar=tr("BATCH_SIZE"),
        help=tr("mini-batch size (default: full batch)"),
    )
    opt.add_argument(
        "--momentum",
        type=fraction,
        default=0.0,
        metavar=tr("MOMENTUM"),
        help=tr("μ (default 0: plain descent)"),
    )
    opt.add_argument(
        "--stop",
        nargs="+",
        action="extend",
        metavar=tr("RULE"),
        default=[],
        help=tr(
            "stopping rules: weights[=ε] (‖Δw‖ < ε), gradient[=ε] (‖∇Q‖ < ε), "
            "early[=patience] (held-out loss stops falling); ε defaults to 1e-6, patience to "
            "a tenth of --epochs (at least 20)"
        ),
    )
    opt.add_argument(
        "--dtype",
        choices=("float64", "float32"),
        default="float64",
        help=tr("float64 (default, the engine's exact numbers) or float32 (faster on big layers)"),
    )
    out = parser.add_argument_group(tr("output"))
    out.add_argument("--json", action="store_true", help=tr("print one JSON object"))
    out.add_argument(
        "--history", action="store_true", help=tr("with --json: every epoch's figures")
    )
    out.add_argument("--save", metavar=tr("FILE"), help=tr("write the trained document (.json)"))


# ---------------------------------------------------------------------------- running


def run(
    args: argparse.Namespace, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """Train as the options say; returns the exit status (bad input: 2, with one message)."""
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    try:
        if args.list_datasets:
            _list_datasets(stdout)
            return 0
        return _train(args, stdout, stderr)
    except BrokenPipeError:
        raise  # the reader went away (`| head`); main() ends quietly
    except (InputError, DataError, TrainError, GraphError, OSError) as exc:
        print(f"{PROG}: {_message(exc)}", file=stderr)
        return 2


def _message(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        from ..text.passthrough import os_reason

        return f"{exc.filename}: {os_reason(exc)}" if exc.filename else os_reason(exc)
    return str(exc)


def _train(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    table = _load_data(args)
    kind = _data_kind(args)
    source = _load_source(args, table, kind)
    if table is None:
        train_data, test_data = _own_values(source, args)
    else:
        train_table, test_table = table.split(args.test_fraction, seed=args.seed)
        train_data = _bind(source, train_table)
        test_data = _bind(source, test_table) if test_table is not None else None
    config = TrainConfig(
        learning_rate=args.lr,
        max_epochs=args.epochs,
        batch_size=args.batch_size,
        momentum=args.momentum,
        stop=tuple(_stop_rule(r, args.epochs) for r in args.stop),
        seed=args.seed,
        dtype=args.dtype,
    )
    trainer = Trainer(source.graph, train_data, test_data, config)
    bar = Progress(stderr, args.epochs) if _is_tty(stderr) else None
    result = _loop(trainer, bar)
    if args.save:
        _save(args.save, source, trainer)
    if args.json:
        summary = _summary(trainer, result, args)
        if table is not None and args.data is not None:
            summary["data_delimiter"] = table.delimiter
        json.dump(summary, stdout, indent=2, allow_nan=False)
        stdout.write("\n")
    else:
        note = ""
        if table is not None and args.data is not None:
            from ..training.data import delimiter_text

            note = f"{args.data} ({delimiter_text(table.delimiter)})"
        _print_table(trainer, result, source, stdout, note)
    if result.stop_reason == "diverged":
        if args.json:
            print(f"{PROG}: {result.message}", file=stderr)
        return 1
    return 0


def _loop(trainer: Trainer, bar: Progress | None) -> TrainResult:
    if bar is None:
        result = trainer.run()
        assert result is not None
        return result
    while True:
        deadline = time.monotonic() + 0.1

        def past(end: float = deadline) -> bool:
            return time.monotonic() > end

        result = trainer.run(should_stop=past)
        last = trainer.history.last()
        bar.show(trainer.epoch, last.train_loss if last else math.nan)
        if result is not None:
            bar.close()
            return result


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Progress:
    """A one-line bar redrawn in place with a carriage return."""

    def __init__(self, stream: TextIO, total: int, width: int = 30) -> None:
        self.stream, self.total, self.width = stream, max(total, 1), width

    def show(self, epoch: int, loss: float) -> None:
        done = min(epoch / self.total, 1.0)
        filled = int(round(done * self.width))
        bar = "█" * filled + "·" * (self.width - filled)
        progress = tr("epoch {epoch}/{total}", epoch=count(epoch), total=count(self.total))
        self.stream.write(f"\r{bar} {progress}  loss {format_number(loss)}  ")
        self.stream.flush()

    def close(self) -> None:
        self.stream.write("\r" + " " * (self.width + 48) + "\r")
        self.stream.flush()


# ---------------------------------------------------------------------------- sources and data


def _stop_rule(text: str, epochs: int) -> StopRule:
    """``early`` without a patience waits a tenth of the epoch budget (core.documents.recipe)."""
    if text.strip() == "early":
        from ..documents.recipe import patience_for

        return StopRule("early", float(patience_for(epochs)))
    return StopRule.parse(text)


def _load_data(args: argparse.Namespace) -> Table | None:
    """The table to train on; None: the document's own values (no --data, no --dataset)."""
    if args.data is not None and args.dataset is not None:
        raise InputError(tr("give at most one of --data FILE.csv and --dataset NAME"))
    if not 0.0 <= args.test_fraction < 1.0:
        raise InputError(
            tr(
                "--test-fraction must be at least 0 and below 1, got {got}",
                got=args.test_fraction,
            )
        )
    if args.data is None and args.dataset is None:
        if args.mlp is not None:  # a new network has no data of its own worth training on
            raise InputError(tr("--mlp needs data: give --data FILE.csv or --dataset NAME"))
        return None
    if args.data is not None:
        return load_csv(args.data)
    from ..training import datasets

    return datasets.generate(args.dataset, args.samples, args.noise, args.seed)


def _data_kind(args: argparse.Namespace) -> str:
    if args.dataset is None:
        return "unknown"
    from ..training import datasets

    return datasets.info(args.dataset).kind


def _own_values(source: Source, args: argparse.Namespace) -> tuple[dict, dict | None]:
    """The document's own inputs and targets as the data, split with --seed (as the lab's
    “this document's values”)."""
    from ..documents.recipe import own_samples
    from ..training.data import input_leaves

    graph = source.graph
    if source.network is not None:
        ids = list(source.network.inputs) + list(source.network.targets)
    else:
        ids = [graph.by_name(name).id for name in input_leaves(graph)]  # type: ignore[union-attr]
    if not ids:
        raise InputError(
            tr(
                "{title}: the program has no input leaves to train on; "
                "give --data FILE.csv or --dataset NAME",
                title=source.title,
            )
        )
    try:
        train, test, _n = own_samples(graph, ids, args.test_fraction, args.seed)
    except (ValueError, DataError) as exc:
        raise InputError(f"{source.title}: {exc}") from exc
    return train, test


def _load_source(args: argparse.Namespace, table: Table | None, kind: str) -> Source:
    if (args.program is None) == (args.mlp is None):
        raise InputError(tr("give exactly one of PROGRAM and --mlp SIZES"))
    if args.mlp is not None:
        return _network_source(args, kind)
    for flag, given in (
        ("--init-seed", args.init_seed is not None),
        ("--features", args.features is not None),
        ("--regularization", args.regularization != "none"),
        ("--reg-rate", args.reg_rate is not None),
    ):
        if given:
            raise InputError(tr("{option} only applies to --mlp networks", option=flag))
    if args.program.lower().endswith(".onnx"):
        if table is None:
            raise InputError(tr("an ONNX model needs data: give --data FILE.csv or --dataset NAME"))
        return _onnx_source(args, table)
    net_only = [
        name
        for name, value in (("--activation", args.activation != "tanh"), ("--output", args.output))
        if value
    ]
    if args.loss:
        net_only.append("--loss")
    if net_only:
        raise InputError(tr("{options} only apply to --mlp networks", options=", ".join(net_only)))
    if args.program.endswith(".json"):
        return _document_source(args.program)
    if _is_example_name(args.program):
        from ..documents.examples import example_path

        return _document_source(str(example_path(args.program)))
    text = _read_program(args.program)
    from ..documents.document import Document
    from ..lang.expr import ProgramError, parse

    where = "<stdin>" if args.program == "-" else args.program
    try:
        program = parse(text)
    except ProgramError as exc:
        raise InputError(f"{where}: {exc}") from exc
    title = "stdin" if args.program == "-" else Path(args.program).stem
    return Source(program.graph, title, Document.from_program(text, title=title))


def _onnx_source(args: argparse.Namespace, table: Table) -> Source:
    """An ONNX model as a program, with a loss on its output (core.cli.onnx.train_document)."""
    from ..frameworks.onnx_import import OnnxError
    from .onnx import train_document

    try:
        document, feed = train_document(args.program, args.loss, table)
    except OnnxError as exc:
        raise InputError(str(exc)) from exc
    return Source(document.build(), document.title, document, feed=feed)


def _is_example_name(text: str) -> bool:
    """A built-in example's name, when no file of that name is here."""
    from ..documents.examples import example_names

    return text in example_names() and not Path(text).exists()


def _read_program(path: str) -> str:
    try:
        return read_text(path)
    except UsageError as exc:
        raise InputError(str(exc)) from exc


def _document_source(path: str) -> Source:
    from ..documents.document import DocumentError, load_document
    from ..lang.expr import ProgramError

    try:
        doc = load_document(path)
        if doc.source_kind == "network":
            network = doc.network()
            return Source(network.graph, doc.title or Path(path).stem, doc, network)
        return Source(doc.build(), doc.title or Path(path).stem, doc)
    except (DocumentError, ProgramError) as exc:
        raise InputError(f"{path}: {exc}") from exc


def _network_source(args: argparse.Namespace, kind: str) -> Source:
    from ..documents.document import Document
    from ..training.nn import NetworkSpec, SpecError, build_network

    try:
        sizes = tuple(int(s) for s in args.mlp.split("-"))
    except ValueError:
        raise InputError(
            tr("--mlp {sizes}: write the layer sizes as 2-8-8-1", sizes=repr(args.mlp))
        ) from None
    if len(sizes) < 2:
        raise InputError(
            tr("--mlp {sizes}: give at least an input and an output size", sizes=repr(args.mlp))
        )
    loss = args.loss or ("bce" if kind == "classification" else "mse")
    output = args.output or {"bce": "sigmoid", "softmax_ce": "softmax"}.get(loss, "identity")
    features = _features(args.features)
    if args.reg_rate is not None and args.regularization == "none":
        raise InputError(tr("--reg-rate needs --regularization l1 or l2"))
    rate = DEFAULT_REG_RATE if args.reg_rate is None else args.reg_rate
    try:
        spec = NetworkSpec(
            sizes,
            activation=args.activation,
            output_activation=output,
            loss=loss,
            granularity=args.granularity,
            seed=args.seed if args.init_seed is None else args.init_seed,
            features=features,
            regularization=args.regularization,
            reg_rate=rate if args.regularization != "none" else 0.0,
        )
        network = build_network(spec)
    except SpecError as exc:
        flag = {"features": "--features", "reg_rate": "--reg-rate"}.get(
            exc.field.split("[")[0], "--mlp"
        )
        raise InputError(f"{flag}: {exc}") from exc
    title = f"{args.mlp} {args.activation}/{output} {loss}"
    return Source(network.graph, title, Document.from_network(spec, title=title), network)


def _features(text: str | None) -> tuple[str, ...]:
    """``x1^2,x2^2`` → ("x1^2", "x2^2"); spaces around the names are ignored."""
    if text is None:
        return ()
    names = tuple(part.strip() for part in text.split(","))
    if not all(names):
        raise InputError(
            tr("--features {text}: write the names separated by commas", text=repr(text))
        )
    return names


def _bind(source: Source, table: Table) -> dict[str, Any]:
    if source.feed is not None:
        fed: dict[str, Any] = source.feed(table)
        return fed
    if source.network is None:
        return bind(source.graph, table)
    from ..training.nn import bind_columns

    try:
        return bind_columns(source.network, table.columns)
    except KeyError as exc:
        raise InputError(f"{table.source}: {exc.args[0]}") from exc
    except ValueError as exc:
        raise InputError(f"{table.source}: {exc}") from exc


# ---------------------------------------------------------------------------- results


def _save(path: str, source: Source, trainer: Trainer) -> None:
    from ..documents.document import DocumentError, save_document

    try:
        doc = source.document.capture(trainer.trained_graph())
        save_document(doc, path)
    except DocumentError as exc:
        raise InputError(f"--save {path}: {exc}") from exc


def _number(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None


def _json_value(value: Any) -> Any:
    arr = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(arr)):
        return None
    return float(arr) if arr.ndim == 0 else arr.tolist()


def _summary(trainer: Trainer, result: TrainResult, args: argparse.Namespace) -> dict[str, Any]:
    last = trainer.history.last()
    seconds = trainer.seconds
    names = {nid: trainer.graph[nid].display for nid in trainer.param_ids}
    count = int(sum(np.size(v) for v in result.parameters.values()))
    out: dict[str, Any] = {
        "epochs": trainer.epoch,
        "stop_reason": result.stop_reason,
        "stop_message": result.message,
        "train_loss": _number(result.train_loss),
        "test_loss": _number(result.test_loss),
        "train_accuracy": _number(result.train_accuracy),
        "test_accuracy": _number(result.test_accuracy),
        "grad_norm": _number(last.grad_norm) if last else None,
        "step_norm": _number(last.step_norm) if last else None,
        "seconds": seconds,
        "epochs_per_second": trainer.epoch / seconds if seconds > 0 else None,
        "samples": trainer.samples,
        "test_samples": trainer.test_samples,
        "learning_rate": trainer.config.learning_rate,
        "batch_size": trainer.config.batch_size,
        "dtype": trainer.config.dtype,
        "parameter_count": count,
    }
    if result.best_epoch is not None:
        out["best_epoch"] = result.best_epoch
    if count <= MAX_JSON_PARAMETERS:
        out["parameters"] = {names[k]: _json_value(v) for k, v in result.parameters.items()}
    if args.history:
        out["history"] = {k: [_number(x) for x in v] for k, v in trainer.history.to_dict().items()}
    return out


def _percent(value: float) -> str:
    return f"{100 * value:.1f} %" if math.isfinite(value) else "—"


def _print_table(
    trainer: Trainer, result: TrainResult, source: Source, out: TextIO, data: str = ""
) -> None:
    last = trainer.history.last()
    seconds = trainer.seconds
    rate = tr("{rate} epochs/s", rate=count(round(trainer.epoch / seconds))) if seconds > 0 else ""
    samples = tr(
        "{train} train, {test} test", train=count(trainer.samples), test=count(trainer.test_samples)
    )
    rows = [
        (tr("trained"), tr_text(source.title)),
        (
            tr("stopped by"),
            tr("{reason}: {message}", reason=result.stop_reason, message=result.message),
        ),
        (tr("epochs"), count(trainer.epoch)),
        *(((tr("data"), data),) if data else ()),
        (tr("samples"), samples),
        (tr("train loss"), format_number(result.train_loss)),
    ]
    if trainer._test is not None:
        rows.append((tr("test loss"), format_number(result.test_loss)))
    if trainer.accuracy is not None:
        rows.append((tr("train accuracy"), _percent(result.train_accuracy)))
        if trainer._test is not None:
            rows.append((tr("test accuracy"), _percent(result.test_accuracy)))
    if last is not None:
        rows.append((tr("‖∇Q‖ (last epoch)"), format_number(last.grad_norm)))
        rows.append((tr("‖Δw‖ (last epoch)"), format_number(last.step_norm)))
    rows.append((tr("seconds"), f"{seconds:.3f}  ({rate})"))
    params = result.parameters
    if sum(np.size(v) for v in params.values()) <= 20:
        for nid, value in params.items():
            rows.append((trainer.graph[nid].display, format_number(value, 6)))
    else:
        total = count(sum(np.size(v) for v in params.values()))
        rows.append((tr("parameters"), tr("{count} numbers", count=total)))
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        out.write(f"{key:<{width}}  {value}\n")


def _list_datasets(out: TextIO) -> None:
    from ..training import datasets

    for name in datasets.names():
        meta = datasets.info(name)
        kind = tr("classification") if meta.kind == "classification" else tr("regression")
        columns = tr("columns {names}", names=", ".join(meta.columns))
        noise = tr("noise {noise}", noise=f"{meta.default_noise:g}")
        out.write(f"{name:<11} {kind:<15} {columns:<18} {noise}  {tr_text(meta.summary)}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = OptionParser(prog=PROG)
    add_arguments(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(choose_language(list(sys.argv[1:] if argv is None else argv)))
    try:
        return run(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no flush error at exit
        return 0


if __name__ == "__main__":
    sys.exit(main())


__all__ = ["STOP_RULES", "add_arguments", "main", "run"]

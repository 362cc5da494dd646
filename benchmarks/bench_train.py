"""Training speed and memory: backprop-studio's compiled plan against NumPy and PyTorch.

    python benchmarks/bench_train.py            # full run (about a minute)
    python benchmarks/bench_train.py --quick    # a smoke run (a few seconds)
    python benchmarks/bench_train.py --threads 1   # one BLAS/PyTorch thread: steadier on busy cores

Every contender does the same work per epoch on the same data in the same process: forward,
loss, backward, one gradient-descent update (backprop-studio's epoch also records its history:
loss, accuracy, ‖∇Q‖, ‖Δw‖). Contenders take turns in blocks of epochs; each figure is the
median time per epoch of a block, best of several blocks (see ``timed_rounds``). Prints a
table, then rows 1 to 3 of issue 20's table (each figure beside its peer from the same run, the
target, met or not met) and the load average; it is not a test.

PyTorch is optional (``pip install torch``, a CPU build); without it its rows say so.
On machines that set OPENBLAS_CORETYPE (an old-OpenBLAS workaround) NumPy's matrix products may
be slower than they can be; the header says when it is set.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


def _threads_from_argv(argv: list[str]) -> int | None:
    """``--threads N`` must act before NumPy loads its BLAS, so it is read here, first."""
    for k, arg in enumerate(argv):
        if arg == "--threads" and k + 1 < len(argv):
            return int(argv[k + 1])
        if arg.startswith("--threads="):
            return int(arg.split("=", 1)[1])
    return None


THREADS = _threads_from_argv(sys.argv[1:]) if __name__ == "__main__" else None
if THREADS is not None:
    for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[_var] = str(THREADS)

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.training import datasets  # noqa: E402
from core.training.nn import NetworkSpec, bind_columns, build_network  # noqa: E402
from core.training.train import TrainConfig, Trainer  # noqa: E402

try:  # optional
    import torch

    if THREADS is not None:
        torch.set_num_threads(THREADS)
except ImportError:  # pragma: no cover - depends on the machine
    torch = None

Epoch = Callable[[], object]
REST = 0.2  # seconds between blocks, for spinning worker threads to go to sleep


@dataclass
class Row:
    case: str
    contender: str
    dtype: str
    seconds: float | None  # median per epoch; None when the contender is unavailable
    note: str = ""

    @property
    def rate(self) -> float | None:
        return 1.0 / self.seconds if self.seconds else None


def timed_rounds(contenders: dict[str, Epoch | None], epochs: int, rounds: int) -> dict:
    """Seconds per epoch for each contender: the median of a block of ``epochs`` timed epochs,
    best of ``rounds`` blocks. Contenders take turns block by block, each block after a short
    rest (BLAS and OpenMP worker threads spin for a while after use and would take the cores
    from the next contender); the best block is the one least disturbed by other load on the
    machine, which on two shared cores can slow a block severalfold."""
    active = {k: f for k, f in contenders.items() if f is not None}
    blocks: dict[str, list[float]] = {k: [] for k in active}
    for f in active.values():  # warm up (first calls allocate, BLAS starts its threads)
        for _ in range(3):
            f()
    clock = time.perf_counter
    for _ in range(rounds):
        for name, f in active.items():
            time.sleep(REST)
            times = []
            for _ in range(epochs):
                t0 = clock()
                f()
                times.append(clock() - t0)
            blocks[name].append(float(np.median(times)))
    return {k: min(blocks[k]) if k in blocks else None for k in contenders}


# ---------------------------------------------------------------------------- contenders


def studio_epoch(network, columns_or_leaves: dict, dtype: str, lr: float, by_leaf=False) -> Epoch:
    data = columns_or_leaves if by_leaf else bind_columns(network, columns_or_leaves)
    config = TrainConfig(learning_rate=lr, max_epochs=10**9, dtype=dtype)
    trainer = Trainer(network.graph, data, config=config)
    return trainer.step_epoch


def numpy_mlp_epoch(x, y, params, lr: float, output: str) -> Epoch:
    """A hand-written NumPy loop: tanh hidden layers, sigmoid+BCE or softmax+CE, plain SGD."""
    dtype = params[0].dtype
    x, y = x.astype(dtype), y.astype(dtype)
    weights = [p.copy() for p in params]
    n = x.shape[0]

    def epoch() -> float:
        hs = [x]
        for k in range(0, len(weights) - 2, 2):
            hs.append(np.tanh(hs[-1] @ weights[k] + weights[k + 1]))
        z = hs[-1] @ weights[-2] + weights[-1]
        if output == "sigmoid":
            a = 1.0 / (1.0 + np.exp(-z))
            loss = -np.mean(y * np.log(a) + (1.0 - y) * np.log(1.0 - a))
            dz = (a - y) / n
        else:
            shifted = z - z.max(axis=1, keepdims=True)
            log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
            loss = -np.mean(np.sum(y * log_p, axis=1))
            dz = (np.exp(log_p) - y) / n
        grads = []
        for k in range(len(hs) - 1, -1, -1):
            w = weights[2 * k]
            grads.append((hs[k].T @ dz, dz.sum(axis=0)))
            if k:
                dz = (dz @ w.T) * (1.0 - hs[k] * hs[k])
        for k, (gw, gb) in enumerate(reversed(grads)):
            weights[2 * k] -= lr * gw
            weights[2 * k + 1] -= lr * gb
        return float(loss)

    return epoch


def torch_mlp_epoch(x, y, sizes, lr: float, output: str) -> Epoch | None:
    if torch is None:
        return None
    layers: list = []
    for k, (fan_in, fan_out) in enumerate(zip(sizes, sizes[1:], strict=False)):
        layers.append(torch.nn.Linear(fan_in, fan_out))
        if k < len(sizes) - 2:
            layers.append(torch.nn.Tanh())
    if output == "sigmoid":
        layers.append(torch.nn.Sigmoid())
        loss_fn = torch.nn.BCELoss()
        target = torch.tensor(y, dtype=torch.float32)
    else:
        loss_fn = torch.nn.CrossEntropyLoss()
        target = torch.tensor(np.argmax(y, axis=1), dtype=torch.long)
    model = torch.nn.Sequential(*layers)
    inputs = torch.tensor(x, dtype=torch.float32)
    optimiser = torch.optim.SGD(model.parameters(), lr=lr)

    def epoch() -> float:
        optimiser.zero_grad(set_to_none=True)
        loss = loss_fn(model(inputs), target)
        loss.backward()
        optimiser.step()
        return loss.item()

    return epoch


def initial(sizes, dtype) -> list[np.ndarray]:
    rng = np.random.default_rng(0)
    out = []
    for fan_in, fan_out in zip(sizes, sizes[1:], strict=False):
        a = np.sqrt(6.0 / (fan_in + fan_out))
        out += [rng.uniform(-a, a, (fan_in, fan_out)).astype(dtype), np.zeros(fan_out, dtype)]
    return out


# ---------------------------------------------------------------------------- cases


def small_network(quick: bool) -> list[Row]:
    """The spiral network drawn as layers and as neurons, by hand and in PyTorch, in turns."""
    case = "2-8-8-1 tanh/σ BCE, 500 spiral, full batch"
    table = datasets.generate("spiral", 500, seed=0)
    nets = {
        g: build_network(NetworkSpec((2, 8, 8, 1), "tanh", "sigmoid", "bce", granularity=g))
        for g in ("layer", "neuron")
    }
    x = np.column_stack([table.column("x1"), table.column("x2")])
    y = table.column("y")[:, None]
    sizes = (2, 8, 8, 1)
    contenders = {
        "backprop-studio layer float64": studio_epoch(nets["layer"], table.columns, "float64", 0.5),
        "backprop-studio layer float32": studio_epoch(nets["layer"], table.columns, "float32", 0.5),
        "backprop-studio neuron float64": studio_epoch(
            nets["neuron"], table.columns, "float64", 0.5
        ),
        "NumPy by hand float64": numpy_mlp_epoch(x, y, initial(sizes, np.float64), 0.5, "sigmoid"),
        "PyTorch float32": torch_mlp_epoch(x, y, sizes, 0.5, "sigmoid"),
    }
    times = timed_rounds(contenders, 40 if quick else 200, 2 if quick else 10)
    return [
        Row(case, name, name.split()[-1], t, "" if t else "torch not installed")
        for name, t in times.items()
    ]


def wide_network(quick: bool) -> list[Row]:
    case = "layer 784-128-10 tanh/softmax CE, 1000 samples"
    rng = np.random.default_rng(1)
    x = rng.normal(size=(1000, 784))
    y = np.eye(10)[rng.integers(0, 10, 1000)]
    sizes = (784, 128, 10)
    spec = NetworkSpec(sizes, "tanh", "softmax", "softmax_ce", granularity="layer")
    net = build_network(spec)
    contenders: dict[str, Epoch | None] = {}
    for dtype in ("float64", "float32"):
        contenders[f"backprop-studio {dtype}"] = studio_epoch(
            net, {"X": x, "Y": y}, dtype, 0.1, by_leaf=True
        )
        contenders[f"NumPy by hand {dtype}"] = numpy_mlp_epoch(
            x, y, initial(sizes, np.dtype(dtype)), 0.1, "softmax"
        )
    contenders["PyTorch float32"] = torch_mlp_epoch(x, y, sizes, 0.1, "softmax")
    times = timed_rounds(contenders, 3 if quick else 5, 2 if quick else 20)
    return [
        Row(case, name, name.split()[-1], t, "" if t else "torch not installed")
        for name, t in times.items()
    ]


def memory(quick: bool) -> list[str]:
    """tracemalloc over a long run: growth beyond the history's 48 bytes per epoch."""
    table = datasets.generate("spiral", 500, seed=0)
    spec = NetworkSpec((2, 8, 8, 1), "tanh", "sigmoid", "bce", granularity="layer")
    net = build_network(spec)
    train, test = table.split(0.2, seed=0)
    assert test is not None
    trainer = Trainer(
        net.graph,
        bind_columns(net, train.columns),
        bind_columns(net, test.columns),
        TrainConfig(learning_rate=0.5, max_epochs=10**9, batch_size=100),
    )
    warm, long = (200, 2000) if quick else (1000, 20000)
    trainer.run(max_epochs=warm)
    gc.collect()
    tracemalloc.start()
    before, _ = tracemalloc.get_traced_memory()
    trainer.run(max_epochs=long)
    gc.collect()
    after, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    history = 6 * 8 * long
    growth = after - before
    return [
        f"memory: {long:,} more epochs of layer 2-8-8-1, batches of 100, with a test set: "
        f"traced memory grew {growth / 1024:.0f} KiB "
        f"(history needs {history / 1024:.0f} KiB: 6 numbers × 8 bytes per epoch), "
        f"so {max(growth - history, 0) / long:.1f} bytes per epoch besides; "
        f"peak above the start {(peak - before) / 1024:.0f} KiB"
    ]


# ---------------------------------------------------------------------------- report


def fmt_time(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return f"{seconds * 1e3:.2f} ms" if seconds >= 1e-3 else f"{seconds * 1e6:.0f} µs"


def report(rows: list[Row]) -> list[str]:
    lines = []
    width = max(len(r.contender) for r in rows)
    case = None
    for r in rows:
        if r.case != case:
            case = r.case
            lines.append(f"\n{case}")
        rate = f"{r.rate:>9,.0f}/s" if r.rate else f"{'—':>11}"
        lines.append(f"  {r.contender:<{width}}  {fmt_time(r.seconds):>9}  {rate}  {r.note}")
    return lines


def verdict(met: bool) -> str:
    return "met" if met else "not met"


def verdicts(rows: list[Row]) -> list[str]:
    """Issue 20's table, rows 1 to 3 (bench_lab.py prints rows 4 and 5): each figure beside its
    peer in the same run, the target, and whether it is met."""

    def get(case_start: str, contender: str) -> Row:
        return next(r for r in rows if r.case.startswith(case_start) and r.contender == contender)

    out = ["\nthe issue's table (figures measured side by side in this run)"]
    layer = get("2-8-8-1", "backprop-studio layer float64")
    hand = get("2-8-8-1", "NumPy by hand float64")
    neuron = get("2-8-8-1", "backprop-studio neuron float64")
    assert layer.seconds and hand.seconds and neuron.seconds and layer.rate and neuron.rate
    ratio = layer.seconds / hand.seconds
    out.append(
        f"  layer granularity, float64, time per epoch vs the hand-written NumPy loop: "
        f"{fmt_time(layer.seconds)} vs {fmt_time(hand.seconds)} ({ratio:.2f}×), "
        f"target ≤ 1.0×: {verdict(ratio <= 1.0)}"
    )
    ratio = neuron.rate / layer.rate
    out.append(
        f"  neuron granularity, epochs/s vs layer granularity: {neuron.rate:,.0f} vs "
        f"{layer.rate:,.0f} /s ({ratio:.2f}×), target ≥ 0.9×: {verdict(ratio >= 0.9)}"
    )
    ours32 = get("layer 784", "backprop-studio float32")
    torch_wide = get("layer 784", "PyTorch float32")
    if torch_wide.rate and ours32.rate:
        ratio = ours32.rate / torch_wide.rate
        out.append(
            f"  784-128-10 softmax CE, float32, epochs/s vs PyTorch float32: {ours32.rate:,.0f} "
            f"vs {torch_wide.rate:,.0f} /s ({ratio:.2f}×), target ≥ 1.0×: {verdict(ratio >= 1.0)}"
        )
    else:
        out.append(
            "  784-128-10 softmax CE, float32, epochs/s vs PyTorch float32: not measured, torch "
            "is not installed (pip install torch==2.13.0)"
        )
    out.append("\nearlier targets")
    torch_small = get("2-8-8-1", "PyTorch float32")
    for dtype in ("float64", "float32"):
        ours = get("2-8-8-1", f"backprop-studio layer {dtype}")
        if torch_small.rate and ours.rate:
            ratio = ours.rate / torch_small.rate
            out.append(
                f"  2-8-8-1 layer {dtype}: {ratio:.2f}× PyTorch float32's epochs/s "
                f"(target ≥ 1.2×) {verdict(ratio >= 1.2)}"
            )
        else:
            out.append(f"  2-8-8-1 layer {dtype}: torch not installed, no ratio")
    for dtype in ("float64", "float32"):
        ours = get("layer 784", f"backprop-studio {dtype}")
        hand = get("layer 784", f"NumPy by hand {dtype}")
        assert ours.seconds and hand.seconds
        ratio = ours.seconds / hand.seconds
        out.append(
            f"  784-128-10 layer {dtype}: {ratio:.2f}× the hand-written NumPy time "
            f"(target ≤ 1.3×) {verdict(ratio <= 1.3)}"
        )
    out.append(
        f"  neuron 2-8-8-1: {neuron.rate:,.0f} epochs/s (target ≥ 300) {verdict(neuron.rate >= 300)}"
    )
    return out


def load_average() -> str:
    """The machine's load (1, 5, 15 minutes): figures from a busy machine are slower."""
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:  # pragma: no cover - not every system has it
        return "load average unknown"
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f}"


def header() -> list[str]:
    lines = [
        f"Python {platform.python_version()}, NumPy {np.__version__}, "
        + (
            f"PyTorch {torch.__version__} ({torch.get_num_threads()} threads)"
            if torch is not None
            else "torch not installed"
        )
        + f", {os.cpu_count()} CPUs"
    ]
    for var in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        if os.environ.get(var):
            lines.append(f"note: {var}={os.environ[var]} is set (NumPy's BLAS may run slower)")
    if os.environ.get("OPENBLAS_NUM_THREADS"):
        lines.append(f"BLAS threads: {os.environ['OPENBLAS_NUM_THREADS']}")
    lines.append(f"{load_average()} at the start")
    lines.append("time per epoch (median of a block, best of the blocks), epochs per second")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="a short smoke run")
    parser.add_argument("--threads", type=int, help="BLAS and PyTorch threads (default: theirs)")
    args = parser.parse_args(argv)
    start = header()
    rows = small_network(args.quick) + wide_network(args.quick)
    lines = start + report(rows) + verdicts(rows) + ["", *memory(args.quick)]
    lines.append(f"\n{load_average()} at the end")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Training speed with the window open and the lab's plots live, against headless training.

    python benchmarks/bench_lab.py            # about a minute
    python benchmarks/bench_lab.py --quick    # a smoke run (about 15 s)

A 2-8-8-1 tanh network with a sigmoid output and binary cross-entropy on 500 spiral points,
full batch (the case of benchmarks/bench_train.py), at neuron and at layer granularity. Offscreen
Qt, the real window: the lab trains through its time-sliced driver while the loss curve, the
heat map, the hidden-neuron maps and the graph view update. In the same process, in turns (so
a busy machine slows both alike), a bare core Trainer runs the same epochs headless.

Printed per granularity:
- headless epochs/s: sustained (epochs / wall time of a block) and bench_train's figure (the
  median time of one step_epoch);
- lab epochs/s (epochs / wall time while training with everything live) and its ratio to the
  headless figures;
- frames/s: repaints of the plot area per second, the graph view's repaints per second, and the
  longest the event loop waited: the longest gap between two events it processed (how long a
  click could wait), and between two of the lab's frames;
then rows 4 and 5 of issue 20's table with their targets (≥ 85 % of headless epochs/s, ≥ 50
plot repaints/s, no wait over 50 ms), met or not met, and the load average.
It prints figures; it is not a test.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
for _var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
    os.environ[_var] = tempfile.mkdtemp(prefix="bench-lab-")  # never the user's settings
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
from PySide6.QtCore import QEvent, QObject  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from gui import qt_guard  # noqa: E402

SIZES = (2, 8, 8, 1)
SAMPLES = 500
REST = 0.2


class EventGaps(QObject):
    """When the application processes each event: the longest gap between two is the longest a
    click could have waited (a slice of training, a frame's drawing, a long repaint)."""

    def __init__(self) -> None:
        super().__init__()
        self.times: list[float] = []
        self.recording = False

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt override)
        if self.recording:
            self.times.append(time.perf_counter())
        return False

    def longest(self, start: float, stop: float) -> float:
        inside = [t for t in self.times if start <= t <= stop]
        return float(np.diff(inside).max()) if len(inside) > 1 else 0.0


class PaintCounter(QObject):
    """Records when a widget (its viewport) is painted: frames actually drawn."""

    def __init__(self, widget) -> None:
        super().__init__(widget)
        self.times: list[float] = []
        widget.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Paint:
            self.times.append(time.perf_counter())
        return False

    def between(self, start: float, stop: float) -> int:
        return sum(1 for t in self.times if start <= t <= stop)


def make_window():
    from gui.main_window import MainWindow

    window = MainWindow(recovery_dir=Path(tempfile.mkdtemp(prefix="bench-lab-recovery-")))
    window.report_error = lambda title, text: print(f"error: {title}: {text}", file=sys.stderr)
    window.resize(1600, 1000)
    window.show()
    return window


def setup_lab(app, window, granularity: str):
    from core.documents.document import Document
    from core.training.nn import NetworkSpec

    spec = NetworkSpec(SIZES, "tanh", "sigmoid", "bce", granularity=granularity)
    window.controller.load(Document.from_network(spec, title="bench"))
    lab = window.lab
    lab.open()
    p = lab.panel
    p.source.setCurrentIndex(p.source.findData("spiral"))
    p.samples.setValue(SAMPLES)
    p.test_fraction.setValue(0.0)
    p.batch_size.setValue(0)
    p.learning_rate.setValue(0.1)
    p.momentum.setValue(0.9)
    p.stop_weights.setChecked(False)
    p.stop_gradient.setChecked(False)
    p.stop_early.setChecked(False)  # the spiral preset holds out data and stops early
    p.max_epochs.setValue(100_000_000)
    lab.rebuild_session()
    for _ in range(20):
        app.processEvents()
    return lab


def headless_block(session, seconds: float) -> tuple[int, float, list[float]]:
    """A bare Trainer on the same graph and data: (epochs, wall seconds, per-epoch times)."""
    from core.training.train import Trainer

    trainer = Trainer(session.model.graph, session.data.train, None, session.config)
    for _ in range(3):
        trainer.step_epoch()
    times = []
    clock = time.perf_counter
    start = clock()
    while clock() - start < seconds:
        t0 = clock()
        trainer.step_epoch()
        times.append(clock() - t0)
    return len(times), clock() - start, times


def lab_block(app, lab, seconds: float, counters, gaps: EventGaps | None = None) -> dict:
    """Train for ``seconds`` with everything live. Figures are for the steady state, from the
    first frame to the last: starting and pausing redraw the graph once each, which is the
    scene's cost of a click, not of training."""
    ticks: list[float] = []
    epochs_at: list[int] = []

    def tick() -> None:
        ticks.append(time.perf_counter())
        epochs_at.append(lab.session.epoch)

    lab.driver.frame.connect(tick)
    if gaps is not None:
        gaps.times.clear()
        gaps.recording = True
    start = time.perf_counter()
    lab.train()
    while time.perf_counter() - start < seconds:
        app.processEvents()
    if gaps is not None:
        gaps.recording = False
    lab.pause()
    lab.driver.frame.disconnect(tick)
    if len(ticks) < 2:
        return {
            "epochs": 0,
            "wall": 1e-9,
            "plot_paints": 0,
            "graph_paints": 0,
            "frames": 0,
            "worst_gap": seconds,
            "event_gap": seconds,
        }
    first, last = ticks[0], ticks[-1]
    return {
        "epochs": epochs_at[-1] - epochs_at[0],
        "wall": last - first,
        "plot_paints": counters["plots"].between(first, last),
        "graph_paints": counters["graph"].between(first, last),
        "frames": len(ticks) - 1,
        "worst_gap": float(np.diff(ticks).max()),
        "event_gap": gaps.longest(first, last) if gaps is not None else math.nan,
    }


def verdict(met: bool) -> str:
    return "met" if met else "not met"


def load_average() -> str:
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:  # pragma: no cover - not every system has it
        return "load average unknown"
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f}"


def measure(
    app, window, granularity: str, seconds: float, rounds: int, gaps: EventGaps
) -> tuple[list[str], dict]:
    lab = setup_lab(app, window, granularity)
    counters = {
        "plots": PaintCounter(lab.plots.area.viewport()),
        "graph": PaintCounter(window.view.viewport()),
    }
    headless_epochs = headless_wall = 0.0
    per_epoch: list[float] = []
    runs = []
    for _ in range(rounds):
        time.sleep(REST)
        n, wall, times = headless_block(lab.session, seconds)
        headless_epochs += n
        headless_wall += wall
        per_epoch += times
        time.sleep(REST)
        runs.append(lab_block(app, lab, seconds, counters, gaps))
    sustained = headless_epochs / headless_wall
    median_rate = 1.0 / float(np.median(per_epoch))
    epochs = sum(r["epochs"] for r in runs)
    wall = sum(r["wall"] for r in runs)
    rate = epochs / wall
    plot_fps = sum(r["plot_paints"] for r in runs) / wall
    graph_fps = sum(r["graph_paints"] for r in runs) / wall
    frames = sum(r["frames"] for r in runs) / wall
    worst = max(r["worst_gap"] for r in runs)
    event_gap = max(r["event_gap"] for r in runs)
    nodes = len(lab.session.model.graph.nodes)
    ratio_sustained = rate / sustained
    ratio_median = rate / median_rate
    lines = [
        f"\n{granularity} 2-8-8-1 tanh/σ BCE, {SAMPLES} spiral, full batch ({nodes} graph nodes)",
        f"  headless          {sustained:>9,.0f} epochs/s sustained, "
        f"{median_rate:,.0f}/s from the median epoch (bench_train's figure)",
        f"  lab, window open  {rate:>9,.0f} epochs/s = {100 * ratio_sustained:.0f} % of "
        f"sustained headless; {100 * ratio_median:.0f} % of the median figure",
        f"  frames            {plot_fps:>9.1f} plot repaints/s; {frames:.1f} lab frames/s, graph "
        f"view {graph_fps:.1f} repaints/s; the event loop waited at most {1000 * event_gap:.0f} "
        f"ms between two events, {1000 * worst:.0f} ms between two frames",
    ]
    figures = {"ratio": ratio_sustained, "fps": plot_fps, "gap": event_gap}
    return lines, figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="a short smoke run")
    args = parser.parse_args(argv)
    qt_guard.apply()
    app = QApplication.instance() or QApplication([])
    from gui import animation

    animation.set_enabled(True)
    window = make_window()
    seconds, rounds = (1.5, 2) if args.quick else (4.0, 4)
    lines = [
        f"Python {sys.version.split()[0]}, NumPy {np.__version__}, {os.cpu_count()} CPUs",
        f"{load_average()} at the start",
    ]
    gaps = EventGaps()
    app.installEventFilter(gaps)
    figures = {}
    for granularity in ("layer", "neuron"):
        more, figures[granularity] = measure(app, window, granularity, seconds, rounds, gaps)
        lines += more
    app.removeEventFilter(gaps)
    layer, neuron = figures["layer"], figures["neuron"]
    share = min(layer["ratio"], neuron["ratio"])
    fps = min(layer["fps"], neuron["fps"])
    gap = max(layer["gap"], neuron["gap"])
    lines += [
        "\nthe issue's table (figures measured side by side in this run)",
        f"  the lab with everything live, epochs/s vs headless: {100 * layer['ratio']:.0f} % "
        f"(layer), {100 * neuron['ratio']:.0f} % (neuron), target ≥ 85 %: {verdict(share >= 0.85)}",
        f"  the lab's plot repaints per second: {layer['fps']:.1f} /s (layer), "
        f"{neuron['fps']:.1f} /s (neuron), target ≥ 50 /s: {verdict(fps >= 50)}",
        f"  the longest wait of the event loop: {1000 * layer['gap']:.0f} ms (layer), "
        f"{1000 * neuron['gap']:.0f} ms (neuron), target ≤ 50 ms: {verdict(gap <= 0.05)}",
        f"\n{load_average()} at the end",
    ]
    print("\n".join(lines))
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

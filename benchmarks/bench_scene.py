"""Benchmark of the graph scene, offscreen: opening, stepping, animating, panning.

Prints figures; it is not a test. Run:  python benchmarks/bench_scene.py [--quick]

Targets (issue 4): one step (show_position + repaint of a 1280×800 view) median ≤ 8 ms on a
300-node graph and ≤ 16 ms on 2,000 nodes; a 5,000-node graph opens and lays out in ≤ 2 s;
animation at 60 frames per second (≤ 16.7 ms a frame) on 300 nodes. New numbers on the same
graph (a leaf edited, the training lab's weights) ≤ 30 ms for scene.set_run on 300 nodes.

"Step" = scene.show_position(k) + processing the scene's pending updates + a synchronous full
repaint of the viewport (view.viewport().repaint()), timed together, over consecutive steps
spread through the forward and the backward pass. Two zooms: 100% following the current step
(what a person watching sees), and the whole graph fitted into the view (level of detail).
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import QApplication  # noqa: E402

from core.autodiff.engine import run  # noqa: E402
from core.autodiff.graph import Graph, Role  # noqa: E402
from tests import scene_graphs  # noqa: E402
from tests.scene_graphs import mlp_graph  # noqa: E402


def random_graph(n: int, seed: int = 0) -> Graph:
    """A layered random DAG of add/mul/sigmoid with about n nodes (weights as parameters)."""
    target = n
    for _ in range(3):  # the closing sums make the size hard to predict: aim, measure, re-aim
        g = _random_graph(target, n, seed)
        if abs(len(g) - n) <= n // 50:
            break
        target = max(8, round(target * n / len(g)))
    return g


def _random_graph(target: int, n: int, seed: int) -> Graph:
    return scene_graphs.random_graph(n, seed, width=max(4, int(n**0.5 * 0.8)), grow_until=target)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:6.2f} ms"


class Clock:
    """Wall time and this process's CPU time together: on a shared machine the wall clock also
    counts waiting for a core; the CPU time is what the work itself costs."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def __enter__(self) -> Clock:
        self._w, self._c = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc) -> None:
        self.wall.append(time.perf_counter() - self._w)
        self.cpu.append(time.process_time() - self._c)

    def summary(self) -> str:
        def part(xs: list[float]) -> str:
            xs = sorted(xs)
            p95 = xs[min(len(xs) - 1, int(0.95 * len(xs)))]
            return f"median {ms(statistics.median(xs))} p95 {ms(p95)}"

        return f"wall {part(self.wall)} | cpu {part(self.cpu)}"


def open_graph(app, graph: Graph):
    from PySide6.QtWidgets import QGraphicsView

    from gui.scene import GraphScene
    from gui.view import GraphView

    engine, build, paint = Clock(), Clock(), Clock()
    with engine:
        r = run(graph)
    scene = GraphScene()
    with build:
        scene.set_run(r)
    with paint:
        view = GraphView(scene)
        view.resize(1280, 800)
        # every timed frame is one full repaint we ask for, never an extra one Qt schedules
        view.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.NoViewportUpdate)
        view.show()
        view.fit_all()
        app.processEvents()
        view.viewport().repaint()
    return r, scene, view, (engine, build, paint)


def step_positions(r, count: int) -> list[int]:
    """Consecutive single steps from several places in the forward and backward passes."""
    n = len(r.trace)
    starts = [
        n // 10,
        r.trace.backward_start // 2,
        r.trace.backward_start,
        (r.trace.backward_start + n) // 2,
    ]
    per = max(1, count // len(starts))
    positions = []
    for s in starts:
        positions.extend(range(s, min(n, s + per)))
    return positions


def bench_steps(app, scene, view, r, count: int, follow: bool) -> Clock:
    """One step = show_position(k) + pending scene updates + a full synchronous repaint."""
    positions = step_positions(r, count)
    clock = Clock()
    for i, k in enumerate(positions):
        if i == 0 or positions[i - 1] != k - 1:  # a new stretch: start there, in view
            scene.show_position(k - 1)
            rect = scene.focus_rect()
            if not rect.isNull() and not follow:
                view.centerOn(rect.center())
            view.set_follow(follow)
            app.processEvents()
            view.viewport().repaint()
        with clock:
            scene.show_position(k)
            app.processEvents()
            view.viewport().repaint()
    view.set_follow(False)
    return clock


def bench_animation(app, scene, view, r, frames: int) -> tuple[Clock, Clock]:
    """Frame time of a token flight: move the tokens, process updates, repaint the view."""
    from gui import animation

    animation.set_enabled(True)
    results = []
    for k in (r.trace.backward_start // 2, r.trace.backward_start + 3):
        scene.show_position(k - 1)
        view.centerOn(scene.focus_rect().center())
        scene.show_position(k, animate=True)
        flight = scene.current_flight()
        flight.animation.stop()  # frames are driven by hand, as fast as they go
        app.processEvents()
        clock = Clock()
        for i in range(frames):
            with clock:
                flight.set_progress(i / frames)
                app.processEvents()
                view.viewport().repaint()
        flight.finish()
        results.append(clock)
    animation.set_enabled(False)
    return results[0], results[1]


def bench_refresh(app, scene, view, graph: Graph, count: int) -> tuple[Clock, Clock]:
    """New numbers on the same graph, as the training lab sends them: every parameter drifts
    a little each time, the view stays at the end of the trace (every label shown). Times
    scene.set_run (the engine's run is not timed) and then the repaint it causes."""
    rng = random.Random(1)
    params = {
        nid: float(node.value) for nid, node in graph.nodes.items() if node.role == Role.PARAM
    }
    scene.show_position(scene.length)
    app.processEvents()
    view.viewport().repaint()
    refresh, paint = Clock(), Clock()
    for i in range(count + 5):
        params = {nid: v + rng.gauss(0.0, 0.01) for nid, v in params.items()}
        new = run(graph, params)
        timed = i >= 5  # the first few settle the nodes' sizes after the first weights
        with refresh if timed else Clock():
            scene.set_run(new)
        with paint if timed else Clock():
            app.processEvents()
            view.viewport().repaint()
    return refresh, paint


def bench_pan(app, view, count: int) -> Clock:
    bar = view.horizontalScrollBar()
    clock = Clock()
    for i in range(count):
        with clock:
            bar.setValue(bar.value() + (40 if i % 40 < 20 else -40))
            app.processEvents()
            view.viewport().repaint()
    return clock


def main() -> None:
    quick = "--quick" in sys.argv
    app = QApplication.instance() or QApplication([])
    from gui import animation

    animation.set_enabled(False)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"Python {sys.version.split()[0]}, Qt platform {app.platformName()}, view 1280×800, "
        f"{os.cpu_count()} CPUs, load average {load:.1f}"
    )
    cases = [
        ("random DAG", lambda: random_graph(300, seed=300)),
        ("MLP 4-8-8-1, every neuron and weight a node", lambda: mlp_graph([4, 8, 8, 1])),
        ("random DAG", lambda: random_graph(2000, seed=2000)),
        ("MLP 8-16-16-16-1", lambda: mlp_graph([8, 16, 16, 16, 1])),
    ]
    if not quick:
        cases.append(("random DAG", lambda: random_graph(5000, seed=5000)))
    for label, make in cases:
        graph = make()
        n = len(graph)
        r, scene, view, (engine, build, paint) = open_graph(app, graph)
        edges = sum(len(node.args) for node in graph.nodes.values())
        print(f"\n== {label}: {len(graph)} nodes, {edges} edges, {len(r.trace)} steps ==")
        print(
            f"open: engine run {ms(engine.wall[0])}; scene.set_run (items + layout) "
            f"wall {ms(build.wall[0])} cpu {ms(build.cpu[0])}; first fitted paint "
            f"wall {ms(paint.wall[0])} cpu {ms(paint.cpu[0])}; scene total wall "
            f"{ms(build.wall[0] + paint.wall[0])} cpu {ms(build.cpu[0] + paint.cpu[0])}"
        )
        count = 60 if quick else 200
        view.reset_zoom()
        print(
            f"step at 100%, view still:      {bench_steps(app, scene, view, r, count, False).summary()}"
        )
        print(
            f"step at 100%, following:      {bench_steps(app, scene, view, r, count, True).summary()}"
        )
        view.fit_all()
        print(
            f"step, whole graph fitted ({view.zoom():.2f}): "
            f"{bench_steps(app, scene, view, r, count, False).summary()}"
        )
        if n <= 400:
            view.reset_zoom()
            fwd, bwd = bench_animation(app, scene, view, r, 60 if quick else 180)
            print(f"animation frame, forward step:  {fwd.summary()}")
            print(f"animation frame, backward step: {bwd.summary()}")
        view.fit_all()
        refresh, repaint = bench_refresh(app, scene, view, graph, 10 if quick else 30)
        print(f"new weights, same graph (set_run, fitted): {refresh.summary()}")
        print(f"  and the repaint it causes:      {repaint.summary()}")
        view.reset_zoom()
        print(f"pan at 100%:                   {bench_pan(app, view, 60).summary()}")
        view.fit_all()
        view.zoom_by(2.0)
        print(f"pan at {view.zoom():.2f}:                  {bench_pan(app, view, 60).summary()}")
        view.close()
        scene.clear()


if __name__ == "__main__":
    main()

"""Engine speed: a step-recording run of a 10,000-node scalar program, and a 2-4-4-1 network
at neuron granularity (one sample, forward and backward with the trace).

Targets (issue 2): 10,000 nodes ≤ 0.2 s and ≤ 50 MB; 2-4-4-1 ≤ 1 ms. Prints figures; not a test.
Run: python benchmarks/bench_engine.py
"""

from __future__ import annotations

import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.autodiff.engine import run  # noqa: E402
from core.lang.expr import parse  # noqa: E402


def chain_program(lines: int) -> str:
    out = ["x = 0.5", "w = 1.0001"]
    prev = "x"
    for i in range(lines):
        out.append(f"t{i} = {prev} * w + x")
        prev = f"t{i}"
    return "\n".join(out)


def mlp_graph():
    try:
        from core.training.nn import NetworkSpec, build_network

        return build_network(NetworkSpec((2, 4, 4, 1), activation="tanh", loss="mse")).graph
    except ImportError:
        return None


def timed(fn, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return times


def main() -> None:
    t0 = time.perf_counter()
    graph = parse(chain_program(5000)).graph
    parse_s = time.perf_counter() - t0
    times = timed(lambda: run(graph), 7)
    tracemalloc.start()
    result = run(graph)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"10,000-node program: {len(graph)} nodes, {len(result.trace)} steps")
    print(f"  parse                      {parse_s * 1000:8.1f} ms")
    print(
        f"  run with trace (median)    {statistics.median(times) * 1000:8.1f} ms   target ≤ 200 ms"
    )
    print(f"  peak memory of one run     {peak / 1e6:8.1f} MB   target ≤ 50 MB")
    mlp = mlp_graph()
    if mlp is None:
        print("2-4-4-1 network: core.training.nn not available")
        return
    times = timed(lambda: run(mlp), 200)
    print(f"2-4-4-1 neuron network: {len(mlp)} nodes, {len(run(mlp).trace)} steps")
    print(f"  run with trace (median)    {statistics.median(times) * 1000:8.3f} ms   target ≤ 1 ms")


if __name__ == "__main__":
    main()

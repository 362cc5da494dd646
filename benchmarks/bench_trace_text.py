"""Text ``trace`` of a sum of n terms (``loss = x0 + x1 + … + x(n-1)``) and of a large document.

The sum's unnamed partial sums used to carry their whole source text as a label, so every step's
equation was as long as the sum: 1,000 terms took 6 s, 2,000 terms 41 s, and the output grew with
n². Labels now keep the ends of long subexpressions (``x0 + x1 + … + x1999``), so time and output
grow linearly. The second part loads and traces a ~17 MB document of 2,000,000 samples (x and y
of paired regression) and reports time and peak memory (the issue's target: seconds, memory
proportional to the file; it took 130 s and 3 GB).

Prints figures; not a test. Run: python benchmarks/bench_trace_text.py [--skip-document]
"""

from __future__ import annotations

import contextlib
import io
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.cli.main import main as cli_main  # noqa: E402


def sum_program(terms: int) -> str:
    lines = [f"x{i} = {i * 0.01:g}" for i in range(terms)]
    lines.append("loss = " + " + ".join(f"x{i}" for i in range(terms)))
    return "\n".join(lines) + "\n"


def trace_seconds(path: Path) -> tuple[float, int]:
    """Seconds of ``backprop-studio trace PATH`` in this process, and characters printed."""
    out = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out):
        code = cli_main(["trace", str(path)])
    seconds = time.perf_counter() - start
    assert code == 0, code
    return seconds, len(out.getvalue())


def big_document(path: Path, samples: int = 2_000_000) -> int:
    """paired_regression with ``samples`` values of x and of y; returns the file's size."""
    data = json.loads((ROOT / "resources" / "examples" / "paired_regression.json").read_text())
    rng = random.Random(1)
    xs = [round(rng.uniform(0, 9), 1) for _ in range(samples)]
    data["values"] = {"x": xs, "y": [round(2 * x + 1 + rng.uniform(-0.5, 0.5), 1) for x in xs]}
    text = json.dumps(data, separators=(",", ":"))
    path.write_text(text)
    return len(text)


CHILD = """
import contextlib, io, resource, sys, time
sys.path.insert(0, sys.argv[2])
from core.cli.main import main
start = time.perf_counter()
with contextlib.redirect_stdout(io.StringIO()):
    code = main(["trace", sys.argv[1]])
seconds = time.perf_counter() - start
print(code, seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        print("text trace of loss = x0 + x1 + … (in-process, after imports)")
        for terms in (250, 500, 1000, 2000):
            path = Path(folder) / f"sum{terms}.bp"
            path.write_text(sum_program(terms))
            seconds, chars = trace_seconds(path)
            print(f"  {terms:5,} terms  {seconds:7.2f} s  {chars / 1e6:6.2f} MB of text")
        if "--skip-document" in sys.argv:
            return
        path = Path(folder) / "big.json"
        size = big_document(path)
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(path), str(ROOT)],
            capture_output=True,
            text=True,
            check=True,
        )
        code, seconds, rss_kb = done.stdout.split()
        print(f"document of 2,000,000 samples ({size / 1e6:.1f} MB), load + trace (exit {code}):")
        print(f"  {float(seconds):7.2f} s, peak RSS {int(rss_kb) / 1024:.0f} MB (a fresh process)")


if __name__ == "__main__":
    main()

"""Start-up time: from process start to the first paint of the window showing the example.

Each run starts a fresh Python process (offscreen Qt, private settings) that builds the window
exactly as ``gui.app.main`` does, shows it, and reports the wall-clock time of its first paint
event. The parent measures from just before it spawns the process, so interpreter start-up and
every import are included. Prints every run, the median and the best.

    python benchmarks/bench_startup.py [--runs N] [FILE]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET_S = 1.5

CHILD = r"""
import sys, time
sys.path.insert(0, {root!r})
from PySide6.QtCore import QEvent, QObject, QTimer
from gui.app import create_application, create_window

class FirstPaint(QObject):
    def __init__(self, app):
        super().__init__()
        self.app = app
        self.done = False
    def eventFilter(self, obj, event):
        if not self.done and event.type() == QEvent.Type.Paint:
            self.done = True
            print("PAINT", repr(time.time()), flush=True)
            QTimer.singleShot(0, self.app.quit)
        return False

args = sys.argv[1:]
app = create_application(args)
window = create_window(args)
watcher = FirstPaint(app)
window.installEventFilter(watcher)
window.show()
QTimer.singleShot(10000, app.quit)
app.exec()
"""


def one_run(file: str | None) -> float:
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as home:
        env = dict(os.environ)
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            env[var] = str(Path(home) / var.lower())
        code = CHILD.format(root=str(ROOT))
        argv = [sys.executable, "-c", code, *([file] if file else [])]
        start = time.time()
        out = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=60)
    for line in out.stdout.splitlines():
        if line.startswith("PAINT "):
            return float(line.split()[1]) - start
    raise RuntimeError(f"the window never painted:\n{out.stdout}\n{out.stderr}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("file", nargs="?", help="a document to open instead of the example")
    args = parser.parse_args()
    one_run(args.file)  # warm the OS file cache; not counted
    times = [one_run(args.file) for _ in range(args.runs)]
    for i, t in enumerate(times, start=1):
        print(f"run {i}: {t * 1000:.0f} ms")
    median = statistics.median(times)
    verdict = "within" if median <= BUDGET_S else "OVER"
    print(
        f"start-up to first paint: median {median * 1000:.0f} ms, best {min(times) * 1000:.0f} ms "
        f"({verdict} the {BUDGET_S:.1f} s budget; {args.runs} runs, "
        f"QT_QPA_PLATFORM={os.environ.get('QT_QPA_PLATFORM', 'offscreen')})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

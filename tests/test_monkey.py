"""The monkey test: seeded random actions on the real window, each seed in a child process.

tests/monkey_window.py does the actions (menus, keys, clicks, drags, typing, examples, the lab,
languages, dialogs answered at random) and counts every uncaught exception, every exception a
guarded override caught, every critical Qt message and every Python warning. The child must
exit normally with zero of them. It runs under Python 3.11 when there is one: there a NumPy
error escaping a Qt override would kill the process, so a crash fails the test too.

In CI: seeds 0, 1 and 3 × 1,000 actions each (tests/conftest.py). More: ``pytest tests/test_monkey.py --monkey-actions
5000`` (or BACKPROP_STUDIO_MONKEY_ACTIONS=5000), other seeds with ``--monkey-seeds 4,5``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = Path(__file__).with_name("monkey_window.py")
SECONDS_PER_ACTION = 0.5  # a generous bound: a hang fails instead of stalling CI


def python_311() -> str:
    if sys.version_info[:2] == (3, 11):
        return sys.executable
    return shutil.which("python3.11") or sys.executable


@pytest.mark.timeout(0)  # the child's own timeout below scales with the number of actions
def test_random_actions_leave_no_error(monkey_seed: int, monkey_actions: int, tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen", TMPDIR=str(tmp_path))
    command = [python_311(), str(SCRIPT), "--seed", str(monkey_seed)]
    command += ["--actions", str(monkey_actions)]
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        env=env,
        timeout=60 + SECONDS_PER_ACTION * monkey_actions,
    )
    summary = result.stdout.strip().splitlines()[:1]
    print(*summary, sep="\n")
    assert result.returncode == 0, (
        f"exit {result.returncode}\n{result.stdout[-20000:]}\n{result.stderr[-5000:]}"
    )
    assert summary and f"{monkey_actions} actions" in summary[0] and " 0 errors" in summary[0]

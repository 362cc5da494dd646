"""core/ must run where no Qt is installed: importing every module loads no PySide6."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parent.parent / "core"


def test_importing_every_core_module_loads_no_qt() -> None:
    modules = sorted(
        ".".join(("core", *p.relative_to(CORE).with_suffix("").parts))
        for p in CORE.rglob("*.py")
        if p.stem not in ("__init__", "__main__")
    )
    assert "core.autodiff.engine" in modules and len(modules) >= 8
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'pyqtgraph'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=CORE.parent,
        check=True,
    )
    assert out.stdout.strip() == "", f"core imported Qt: {out.stdout}"

"""core/ and gui/ import their own modules relatively, so that the same files work as the
checkout's top-level ``core``/``gui`` and as the installed ``backprop_studio.core``/``.gui``.

An absolute ``from core.x import y`` inside core/ would need a top-level ``core`` once installed
(there is none: only ``backprop_studio``), and ``backprop_studio.core.x`` written out would load
a second copy of every module next to the tests' ``core.x``. gui's imports of the engine stay
``core.…`` (in a checkout ``from ..core`` climbs above the top package); installed,
gui/sibling_core.py retargets exactly the two forms allowed here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from gui.sibling_core import RetargetingLoader, retargeted

ROOT = Path(__file__).resolve().parents[1]
OURS = ("core", "gui", "resources", "backprop_studio")


def modules(package: str) -> list[Path]:
    return sorted(p for p in (ROOT / package).rglob("*.py") if "__pycache__" not in p.parts)


def absolute_own_imports(path: Path, package: str, root: Path = ROOT) -> list[str]:
    """Imports in ``path`` (a file of ``package``) that name our packages the wrong way."""
    found = []
    where = path.relative_to(root)
    for node in ast.walk(ast.parse(path.read_bytes(), str(path))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            top = node.module.split(".")[0]
            if top in OURS and not (package == "gui" and top == "core"):
                found.append(f"{where}:{node.lineno}: from {node.module} import …")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                top = alias.name.split(".")[0]
                engine = package == "gui" and top == "core" and alias.asname and "." in alias.name
                if top in OURS and not engine:
                    found.append(f"{where}:{node.lineno}: import {alias.name}")
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            first = node.args[0]
            if (
                name in ("import_module", "__import__", "find_spec", "files")
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
                and first.value.split(".")[0] in OURS
            ):
                found.append(f"{where}:{node.lineno}: {name}({first.value!r})")
    return found


@pytest.mark.parametrize("package", ["core", "gui"])
def test_our_own_modules_are_imported_relatively(package):
    found = [line for path in modules(package) for line in absolute_own_imports(path, package)]
    assert not found, (
        "write these imports relative (from ..autodiff import ops; from . import palette); "
        "python3 /work/tools/relative_imports.py rewrites them:\n" + "\n".join(found)
    )


def test_the_checker_sees_each_wrong_form(tmp_path):
    """The scan above finds what it is meant to find (a checker that sees nothing passes too)."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from core.autodiff import ops\n"
        "import gui.palette as palette\n"
        "from backprop_studio.core import cli\n"
        "def later():\n"
        "    from resources import i18n\n"
        "    importlib.import_module('gui.lab')\n"
        "from ..autodiff import graph\n"
    )
    in_core = absolute_own_imports(sample, "core", tmp_path)
    in_gui = absolute_own_imports(sample, "gui", tmp_path)
    assert [line.split(": ", 1)[1] for line in in_core] == [
        "from core.autodiff import …",
        "import gui.palette",
        "from backprop_studio.core import …",
        "from resources import …",
        "import_module('gui.lab')",
    ]
    assert len(in_gui) == 4  # gui may import the engine as core.… (retargeted when installed)


def test_installed_gui_imports_the_sibling_core():
    source = (
        "from core.autodiff.graph import Graph\n"
        "import core.cli.main as cli\n"
        "from .palette import fill\n"
        "import numpy\n"
        "def later():\n"
        "    from core.text import i18n\n"
    )
    tree = retargeted(source, "sample.py", "backprop_studio.")
    assert ast.unparse(tree).splitlines() == [
        "from backprop_studio.core.autodiff.graph import Graph",
        "import backprop_studio.core.cli.main as cli",
        "from .palette import fill",
        "import numpy",
        "",
        "def later():",
        "    from backprop_studio.core.text import i18n",
    ]
    with pytest.raises(ImportError, match="not 'import core.cli'"):
        retargeted("import core.cli\n", "sample.py", "backprop_studio.")


def test_the_retargeted_code_is_cached_apart_from_pythons_own(tmp_path, monkeypatch):
    """A checkout's plain gui and an editable install's backprop_studio.gui run the same files:
    each must get its own compiled code, and an edit must not run stale code."""
    import sys

    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    module = tmp_path / "sample.py"
    module.write_text("from core.text.i18n import tr\nVALUE = 1\n")
    loader = RetargetingLoader("backprop_studio.gui.sample", str(module), "backprop_studio.")
    first = loader.get_code("backprop_studio.gui.sample")
    cached = [p.name for p in (tmp_path / "__pycache__").iterdir()]
    assert len(cached) == 1 and cached[0].endswith(".opt-sibling.pyc")  # not sample.cpython-3x.pyc
    assert loader.get_code("backprop_studio.gui.sample") == first
    assert "backprop_studio.core.text.i18n" in first.co_names
    module.write_text("from core.text.i18n import tr\nVALUE = 2\n")  # same size, same second
    assert 2 in loader.get_code("backprop_studio.gui.sample").co_consts

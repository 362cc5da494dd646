"""The built wheel installs one import name, ``backprop_studio``, and runs from it alone.

core/, gui/ and resources/ sit at the top of the repository; a wheel that put them at the top
of site-packages would claim names (``core``!) that other projects use. The wheel is built from
a copy of the sources (setuptools builds in the tree it is given), unpacked, and run with
nothing of the checkout on the path.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("core", "gui", "resources")
DIST_INFO = "backprop_studio-0.1.0.dist-info"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for name in SOURCES:
        shutil.copytree(
            ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
        )
    out = tmp_path_factory.mktemp("wheel")
    build = subprocess.run(
        [sys.executable, "-c", "import sys; from setuptools import build_meta as b; "
         "print(b.build_wheel(sys.argv[1]))", str(out)],
        cwd=source, capture_output=True, text=True, timeout=240, check=False,
    )  # fmt: skip
    assert build.returncode == 0, build.stderr[-3000:]
    return out / build.stdout.strip().splitlines()[-1]


def test_the_wheel_holds_only_backprop_studio(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert {n.split("/")[0] for n in names} == {"backprop_studio", DIST_INFO}
    top_level = zipfile.ZipFile(wheel).read(f"{DIST_INFO}/top_level.txt").decode().split()
    assert top_level == ["backprop_studio"]
    scripts = zipfile.ZipFile(wheel).read(f"{DIST_INFO}/entry_points.txt").decode()
    assert "backprop-studio = backprop_studio.gui.launcher:main" in scripts


def test_every_module_and_data_file_is_in_the_wheel(wheel):
    """A new folder under core/ or gui/ must be added to [tool.setuptools] packages."""
    names = set(zipfile.ZipFile(wheel).namelist())
    wanted = {
        "backprop_studio/" + p.relative_to(ROOT).as_posix()
        for name in SOURCES
        for p in (ROOT / name).rglob("*")
        if p.is_file()
        and "__pycache__" not in p.parts
        and "screenshots" not in p.parts  # README's pictures
        and p.suffix in (".py", ".json", ".qm", ".ts", ".svg")
    }
    assert len(wanted) > 150
    missing = sorted(wanted - names)
    assert not missing, f"not in the wheel (list the package in pyproject.toml): {missing}"


def test_the_unpacked_wheel_runs_without_the_checkout(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "DISPLAY")}
    env.update(PYTHONPATH=str(site), QT_QPA_PLATFORM="offscreen", BACKPROP_STUDIO_LANG="ru")
    script = """
import json, sys
from backprop_studio.gui import app, i18n
from backprop_studio.gui.launcher import main
from backprop_studio.core.documents.examples import examples_dir, example_names
from backprop_studio.core.text import i18n as core_i18n
from backprop_studio.gui import desktop

code = main(["trace", "neuron"])
application = app.create_application([])
i18n.apply_language("ru")
window = app.create_window([])
window.show()
application.processEvents()
print(json.dumps({
    "code": code,
    "title": window.windowTitle(),
    "menus": len(window.menuBar().actions()),
    "examples": [str(examples_dir()), len(example_names())],
    "catalogs": [str(i18n.catalog_path("ru")), str(core_i18n.catalog_path("ru"))],
    "core texts": len(core_i18n.catalog("ru")),
    "icon": str(desktop.icon_path()),
    "launch": desktop.launch_command(),
    "ours": sorted({m.split(".")[0] for m in sys.modules} & {"core", "gui", "resources"}),
}))
window.close()
"""
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=240, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    trace, report = done.stdout.rsplit("\n", 2)[0], json.loads(done.stdout.splitlines()[-1])
    assert report["code"] == 0 and "∂a/∂узел" in trace  # core's Russian texts
    assert report["title"].endswith("— Backprop Studio") and report["menus"] >= 6
    assert report["ours"] == []  # nothing imported as a top-level core, gui or resources
    installed = str(site / "backprop_studio" / "resources")
    shipped = len(list((ROOT / "resources" / "examples").glob("*.json")))
    assert report["examples"] == [installed + "/examples", shipped]
    assert report["catalogs"] == [
        installed + "/i18n/backprop_studio_ru.qm",
        installed + "/i18n/core_ru.json",
    ]
    assert report["core texts"] > 100 and report["icon"] == installed + "/backprop-studio.svg"
    if not shutil.which("backprop-studio"):
        assert report["launch"].endswith(" -m backprop_studio.gui.launcher")

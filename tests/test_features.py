"""The window's features are wired in plain sight: gui.features installs every one, each is handed
the window's parts (gui.window_parts.WindowParts), never the MainWindow, and uses of the Qt window
in them stay within what a QMainWindow offers."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtWidgets import QMainWindow

import gui.features
from gui.features import Features
from gui.window_parts import WindowParts

GUI = Path(__file__).resolve().parent.parent / "gui"


def _module_name(path: Path) -> str:
    parts = path.relative_to(GUI.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _takes_parts(function: ast.FunctionDef) -> bool:
    args = function.args.args
    return bool(args) and ast.unparse(args[0].annotation or ast.Constant("")) == "WindowParts"


def _feature_units() -> set[str]:
    """gui modules with a top-level ``install(parts: WindowParts, …)``; one inside a package
    (gui.lab.feature) counts as its package's (gui.lab)."""
    units = set()
    for path in GUI.rglob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name == "install" and _takes_parts(node):
                units.add(".".join(_module_name(path).split(".")[:2]))
    return units


def _registry_modules() -> list[ModuleType]:
    """The modules whose ``install`` gui.features calls, in the order written: the module
    objects it holds, whether it imports them absolutely or relatively."""
    tree = ast.parse(Path(gui.features.__file__).read_text("utf-8"))
    calls = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "install"
        ):
            head, *rest = ast.unparse(node.func.value).split(".")
            module = vars(gui.features)[head]
            for attribute in rest:
                module = getattr(module, attribute)
            calls.append(module)
    return calls


def _registry_calls() -> list[str]:
    """The same modules, named as _module_name names a file."""
    return [_module_name(Path(str(module.__file__))) for module in _registry_modules()]


def _feature_sources() -> dict[str, ast.Module]:
    """Every module of every feature (a package's modules too)."""
    sources = {}
    for unit in _feature_units():
        base = GUI.parent.joinpath(*unit.split("."))
        paths = list(base.rglob("*.py")) if base.is_dir() else [base.with_suffix(".py")]
        for path in paths:
            sources[_module_name(path)] = ast.parse(path.read_text("utf-8"))
    return sources


def test_the_registry_installs_every_feature_once():
    calls = _registry_calls()
    assert len(calls) == len(set(calls))
    assert set(calls) == _feature_units()
    assert len(calls) == len(dataclasses.fields(Features)) >= 8


# the window itself and what makes it (gui.app) know the MainWindow; nothing else in gui/ may
WINDOW_SIDE = {"gui.main_window", "gui.app"}


def _gui_sources() -> dict[str, ast.Module]:
    """Every gui module but the window's own: the features, their helpers (the animation
    dialog File → Export hands its ExportMenu to), and what none of them should reach through."""
    return {
        _module_name(path): ast.parse(path.read_text("utf-8"))
        for path in GUI.rglob("*.py")
        if _module_name(path) not in WINDOW_SIDE
    }


def test_no_feature_names_the_main_window():
    """Not even for annotations: what a feature uses is WindowParts, or another feature."""
    sources = _gui_sources()
    assert set(_feature_sources()) <= set(sources)
    assert "gui.animation_dialog" in sources  # a feature's helper is checked too
    for name, tree in sources.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom | ast.Import):
                modules = [node.module] if isinstance(node, ast.ImportFrom) else []
                modules += [alias.name for alias in node.names]
                assert not any(str(m).endswith("main_window") for m in modules), name
            assert not (isinstance(node, ast.Name) and node.id == "MainWindow"), name
            assert not (isinstance(node, ast.Constant) and node.value == "MainWindow"), name


def _window_aliases(function: ast.FunctionDef | ast.Lambda) -> set[str]:
    """Local names bound to the Qt window: ``w = self.window``, ``w, p = menu.window, …``, and
    a parameter called ``window`` (how features were once handed the whole MainWindow)."""
    names = {a.arg for a in function.args.args if a.arg == "window"}
    for node in ast.walk(function):
        if not isinstance(node, ast.Assign):
            continue
        pairs = []
        for target in node.targets:
            if isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):
                pairs += zip(target.elts, node.value.elts, strict=False)
            else:
                pairs.append((target, node.value))
        for target, value in pairs:
            if isinstance(target, ast.Name) and _is_window(value):
                names.add(target.id)
    return names


def _is_window(node: ast.AST) -> bool:
    """``parts.window``, ``self.window``, ``menu.window``: a feature's copy of the Qt window."""
    return isinstance(node, ast.Attribute) and node.attr == "window"


def _window_uses(tree: ast.Module) -> list[tuple[str, str]]:
    """(function, attribute) for every attribute read off the Qt window in ``tree``."""
    uses = []
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.Lambda):
            continue
        aliases = _window_aliases(function)
        for node in ast.walk(function):
            if not isinstance(node, ast.Attribute):
                continue
            value = node.value
            if _is_window(value) or (isinstance(value, ast.Name) and value.id in aliases):
                uses.append((getattr(function, "name", "<lambda>"), node.attr))
    return uses


def test_features_use_the_qt_window_only_as_a_qmainwindow():
    """The window's own attributes (controller, docks, lab …) come through WindowParts."""
    qt = set(dir(QMainWindow))
    seen = 0
    for name, tree in _gui_sources().items():
        for function, attr in _window_uses(tree):
            seen += 1
            assert attr in qt, f"{name}.{function}: window.{attr}"
    assert seen > 20  # the check sees the uses it is about


@pytest.mark.parametrize(
    "source",
    [
        "def install(window):\n    window.lab = 1\n",
        "def export(menu):\n    w = menu.window\n    return w.controller.run\n",
        "class A:\n    def f(self):\n        return self.window.player.speed\n",
        "def f(menu):\n    w, p = menu.window, menu.parts\n    return lambda: w.scene\n",
    ],
)
def test_the_window_check_sees_each_way_of_reaching_through(source):
    qt = set(dir(QMainWindow))
    attrs = [attr for _function, attr in _window_uses(ast.parse(source))]
    assert [a for a in attrs if a not in qt]


def test_every_part_is_used_by_some_feature():
    """The interface stays small: no part is offered that no feature uses."""
    used = {
        node.attr
        for tree in _feature_sources().values()
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
    }
    unused = [f.name for f in dataclasses.fields(WindowParts) if f.name not in used]
    assert unused == []


def _window(qtbot, monkeypatch, tmp_path):
    from gui.main_window import MainWindow

    window = MainWindow(recovery_dir=tmp_path / "recovery")
    qtbot.addWidget(window)
    monkeypatch.setattr(window, "ask_unsaved_changes", lambda: "discard")
    return window


def test_each_feature_is_handed_the_parts_and_the_window_owns_what_they_return(
    qtbot, monkeypatch, isolated_settings, tmp_path
):
    from gui.main_window import MainWindow

    handed: dict[str, tuple] = {}
    for module_name, module in zip(_registry_calls(), _registry_modules(), strict=True):
        original = module.install

        def recording(*args, _original=original, _name=module_name):
            handed[_name] = args
            return _original(*args)

        monkeypatch.setattr(module, "install", recording)
    window = _window(qtbot, monkeypatch, tmp_path)
    assert set(handed) == set(_registry_calls())
    features = {f.name: getattr(window.features, f.name) for f in dataclasses.fields(Features)}
    for name, args in handed.items():
        assert isinstance(args[0], WindowParts), name
        assert args[0].window is window
        for other in args[1:]:  # another feature, handed by the registry
            assert any(other is f for f in features.values()), name
        assert not any(isinstance(a, MainWindow) for a in args), name
    for name, feature in features.items():
        assert feature is not None
        assert getattr(window, name) is feature  # the names tests and benchmarks use


@pytest.mark.parametrize("field", ["report_error", "maybe_save"])
def test_the_parts_call_the_window_method_of_the_moment(
    qtbot, monkeypatch, isolated_settings, tmp_path, field
):
    """A test that replaces a window method after the window is made is obeyed by features."""
    window = _window(qtbot, monkeypatch, tmp_path)
    calls = []
    monkeypatch.setattr(window, field, lambda *args: calls.append(args) or True)
    parts = window.features.find_bar.parts
    getattr(parts, field)(*(("title", "message") if field == "report_error" else ()))
    assert calls

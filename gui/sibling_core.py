"""Installed, gui's ``core.…`` imports name the sibling package (``backprop_studio.core``).

In a checkout, core/ and gui/ are top-level packages: gui's modules write
``from core.autodiff.graph import Graph``, which is what the tests, mypy and import-linter
resolve, and ``from ..core`` would climb above the top package there. Installed, the only
top-level name is ``backprop_studio`` (a ``core`` in site-packages collides with any other
project's ``core``), so gui's modules are compiled with each ``core.…`` import rewritten to
``backprop_studio.core.…``: the same module objects the rest of the package uses, and nothing
called ``core`` in ``sys.modules``. gui's imports of its own modules are relative and need no
help; core's are too, and core never imports gui.
"""

from __future__ import annotations

import ast
import contextlib
import importlib.util
import marshal
import sys
from collections.abc import Sequence
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec, PathFinder, SourceFileLoader
from pathlib import Path
from types import CodeType, ModuleType

ENGINE = "core"
CACHE_TAG = "sibling"  # x.cpython-311.opt-sibling.pyc: the rewritten code's own cache file
RULES = Path(__file__).read_bytes()  # a change to the rewriting below invalidates every cache


class Retarget(ast.NodeTransformer):
    """``from core.x import y`` → ``from <prefix>core.x import y``; ``import core.x as y`` too."""

    def __init__(self, prefix: str, where: str) -> None:
        self.prefix, self.where = prefix, where

    def visit_ImportFrom(self, node: ast.ImportFrom) -> ast.ImportFrom:
        if node.level == 0 and node.module and node.module.split(".")[0] == ENGINE:
            node.module = self.prefix + node.module
        return node

    def visit_Import(self, node: ast.Import) -> ast.Import:
        for alias in node.names:
            if alias.name.split(".")[0] != ENGINE:
                continue
            if alias.asname is None:  # would bind the name "core" itself
                raise ImportError(
                    f"{self.where}:{node.lineno}: write 'from {alias.name} import …' "
                    f"or 'import {alias.name} as …', not 'import {alias.name}'"
                )
            alias.name = self.prefix + alias.name
        return node


def retargeted(source: bytes | str, path: str, prefix: str) -> ast.Module:
    return ast.fix_missing_locations(Retarget(prefix, path).visit(ast.parse(source, path)))


class RetargetingLoader(SourceFileLoader):
    """Compiles a gui module with its engine imports retargeted.

    Python's own bytecode beside the source is shared with a checkout's plain ``gui`` (an
    editable install runs the checkout's files), so the rewritten code keeps its own cache file,
    keyed by a hash of everything it depends on.
    """

    def __init__(self, fullname: str, path: str, prefix: str) -> None:
        super().__init__(fullname, path)
        self.prefix = prefix

    def get_code(self, fullname: str) -> CodeType:
        path = self.get_filename(fullname)
        source = self.get_data(path)
        # what the code depends on: Python's version, the source, these rules, the prefix, -O
        stamp = b"%s\0%s\0%s\0%d" % (source, RULES, self.prefix.encode(), sys.flags.optimize)
        key = importlib.util.MAGIC_NUMBER + importlib.util.source_hash(stamp)
        cache = importlib.util.cache_from_source(path, optimization=CACHE_TAG)
        try:
            with open(cache, "rb") as stream:
                cached = stream.read()
            if cached.startswith(key):
                code = marshal.loads(cached[len(key) :])
                if isinstance(code, CodeType):
                    return code
        except (OSError, ValueError, EOFError, TypeError):
            pass  # no cache yet, or unreadable: compile
        code = compile(retargeted(source, path, self.prefix), path, "exec", dont_inherit=True)
        if not sys.dont_write_bytecode:
            with contextlib.suppress(OSError):  # a read-only installation: compile each time
                self.set_data(cache, key + marshal.dumps(code))
        return code


class SiblingFinder(MetaPathFinder):
    """Finds ``<package>.…`` modules as usual, then loads them with RetargetingLoader."""

    def __init__(self, package: str) -> None:
        self.package = package
        self.prefix = package.removesuffix("gui")  # "backprop_studio."

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None = None,
        target: ModuleType | None = None,
    ) -> ModuleSpec | None:
        if not fullname.startswith(self.package + "."):
            return None
        spec = PathFinder.find_spec(fullname, path, target)
        if spec is not None and isinstance(spec.loader, SourceFileLoader) and spec.origin:
            spec.loader = RetargetingLoader(fullname, spec.origin, self.prefix)
        return spec


def install(package: str) -> None:
    """Retarget the engine imports of ``package``'s modules (``package`` is gui's own name)."""
    if not any(isinstance(f, SiblingFinder) and f.package == package for f in sys.meta_path):
        sys.meta_path.insert(0, SiblingFinder(package))

"""Where the files shipped beside the code are: examples, translation catalogs, the icon.

resources/ sits beside core/ both in a checkout (top-level folders) and installed
(``backprop_studio.resources`` beside ``backprop_studio.core``), so its package name is taken
from the name this module was imported under, never a fixed top-level ``resources`` that
another project may own.
"""

from __future__ import annotations

import importlib.resources
from pathlib import Path

PACKAGE = __name__.removesuffix("core.package_data") + "resources"
"""``resources`` in a checkout, ``backprop_studio.resources`` when installed."""


def resource_dir(*parts: str) -> Path:
    """The folder ``resources/<parts…>`` on disk: the package's data, else beside this source."""
    try:
        found = importlib.resources.files(".".join((PACKAGE, *parts)))
    except (ImportError, OSError):  # resources/ not importable (core imported from elsewhere)
        found = None
    if isinstance(found, Path) and found.is_dir():
        return found
    return Path(__file__).resolve().parent.parent.joinpath("resources", *parts)

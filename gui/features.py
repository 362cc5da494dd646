"""Optional parts of the window (training lab, presentation and export, study tools), each a
module with ``install(window)``. The window stays small and each feature keeps to its own files:
adding one is a line here, not an edit spread through main_window.py.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gui.main_window import MainWindow

FEATURES: tuple[str, ...] = (
    "gui.i18n",  # first: the language is chosen before other features make their widgets
    "gui.study",
    "gui.lab",
    "gui.presentation",
    "gui.export_dialog",
    "gui.find",
)
"""Dotted module names, installed in this order; each defines ``install(window) -> None``."""


def install_features(window: MainWindow) -> None:
    for name in FEATURES:
        importlib.import_module(name).install(window)

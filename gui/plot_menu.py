"""Our own right-click menu on pyqtgraph plots, in place of pyqtgraph's.

pyqtgraph's menus (View All, X axis, Mouse Mode, Plot Options, Export…) are English only and
offer settings the course does not need. Each plot's menu and the scene's Export… entry are
switched off, and the view shows a short menu of ours, translated like every other text:
Show Everything (back to the automatic range) and, where the caller gives one, Export….
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtWidgets import QMenu, QWidget


def plain_scene(view: Any) -> None:  # a pyqtgraph view (pyqtgraph has no types)
    """Drop the scene's own entries (pyqtgraph's "Export…"), once per view."""
    scene = view.scene()
    entries = getattr(scene, "contextMenu", None)
    if entries:
        scene.contextMenu = []
        for action in entries:
            action.setParent(None)  # gone with the last Python reference


def no_plot_menu(plot) -> None:
    """Switch off one PlotItem's (or ViewBox's) pyqtgraph menu."""
    plot.setMenuEnabled(False)


def install(
    view: QWidget,
    plots: Callable[[], Iterable],
    export: Callable[[], None] | None = None,
) -> None:
    """Give ``view`` (a pyqtgraph GraphicsView) our menu; ``plots()`` lists the PlotItems now
    shown, whose ranges Show Everything resets."""
    plain_scene(view)
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def show(position: QPoint) -> None:
        menu = build_menu(view, plots, export)
        menu.popup(view.mapToGlobal(position))

    view.customContextMenuRequested.connect(show)


def build_menu(
    parent: QWidget, plots: Callable[[], Iterable], export: Callable[[], None] | None = None
) -> QMenu:
    menu = QMenu(parent)
    menu.setObjectName("plot_menu")
    menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    reset = menu.addAction(QCoreApplication.translate("PlotMenu", "Show &Everything"))
    reset.setObjectName("plot_menu_show_all")
    reset.triggered.connect(lambda: _auto_range(plots()))
    if export is not None:
        action = menu.addAction(QCoreApplication.translate("PlotMenu", "&Export…"))
        action.setObjectName("plot_menu_export")
        action.triggered.connect(export)
    return menu


def _auto_range(plots: Iterable) -> None:
    for plot in plots:
        view = plot.getViewBox() if hasattr(plot, "getViewBox") else plot
        view.enableAutoRange()
        view.autoRange()

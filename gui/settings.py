"""Persistent preferences in one place: window layout, recent files, player speed, autosave.

Everything goes through QSettings with an explicit organisation and application name, so the
file is the same whether or not a QApplication has set its names. Tests redirect QSettings to a
temporary directory (tests/conftest.py) and never see the user's configuration.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QRect, QSettings, QStandardPaths
from PySide6.QtWidgets import QMainWindow

ORGANIZATION = "BackpropStudio"
APPLICATION = "Backprop Studio"
MAX_RECENT = 10
STATE_VERSION = 1  # bump when docks/toolbars change incompatibly; old saved layouts are ignored


class Settings:
    """Typed accessors over a QSettings store."""

    def __init__(self, store: QSettings | None = None) -> None:
        self.store = store if store is not None else QSettings(ORGANIZATION, APPLICATION)

    # ------------------------------------------------------------------ window
    def save_window(self, window: QMainWindow) -> None:
        self.store.setValue("window/geometry", window.saveGeometry())
        self.store.setValue("window/state", window.saveState(STATE_VERSION))

    def restore_window(self, window: QMainWindow, available: QRect | None = None) -> bool:
        """Restore geometry and docks; False when nothing (usable) was saved. A saved geometry
        that does not fit ``available`` (another, smaller screen now) is not used: the window
        keeps the geometry it had."""
        geometry = self.store.value("window/geometry")
        state = self.store.value("window/state")
        restored = False
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            before = window.geometry()
            restored = window.restoreGeometry(geometry)
            if restored and available is not None and not available.contains(window.geometry()):
                window.setGeometry(before)
                restored = False
        if isinstance(state, QByteArray) and not state.isEmpty():
            restored = window.restoreState(state, STATE_VERSION) and restored
        return restored

    # ------------------------------------------------------------------ recent files
    def recent_files(self) -> list[str]:
        value: Any = self.store.value("files/recent", [])
        if isinstance(value, str):  # QSettings returns a lone string for a one-element list
            value = [value]
        return [str(v) for v in (value or []) if v]

    def add_recent_file(self, path: str | Path) -> list[str]:
        path = str(Path(path).resolve())
        files = [path] + [f for f in self.recent_files() if f != path]
        files = files[:MAX_RECENT]
        self.store.setValue("files/recent", files)
        return files

    def remove_recent_file(self, path: str | Path) -> list[str]:
        files = [f for f in self.recent_files() if f != str(path)]
        self.store.setValue("files/recent", files)
        return files

    def clear_recent_files(self) -> None:
        self.store.setValue("files/recent", [])

    def last_directory(self) -> str:
        return str(self.store.value("files/last_directory", "") or "")

    def set_last_directory(self, directory: str | Path) -> None:
        self.store.setValue("files/last_directory", str(directory))

    # ------------------------------------------------------------------ player and autosave
    def player_speed(self, default: float) -> float:
        return _as_float(self.store.value("player/speed", default), default)

    def set_player_speed(self, steps_per_second: float) -> None:
        self.store.setValue("player/speed", float(steps_per_second))

    def autosave_interval_s(self, default: int = 60) -> int:
        return max(5, int(_as_float(self.store.value("recovery/interval_s", default), default)))

    def sync(self) -> None:
        self.store.sync()


def recovery_directory() -> Path:
    """Where crash-recovery files live (per user, outside any document's folder)."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericDataLocation)
    if not base:
        base = str(Path.home() / ".local" / "share")
    return Path(base) / "backprop-studio" / "recovery"


def _as_float(value: object, default: float) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return default

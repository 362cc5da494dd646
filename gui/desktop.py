"""Backprop Studio as a desktop application: its icon, and its entry in the system's menu.

The icon is resources/backprop-studio.svg (the window, the task bar, the About box).
``backprop-studio --install-desktop-entry`` writes a freedesktop.org ``.desktop`` file to
``$XDG_DATA_HOME/applications`` and the icon to ``$XDG_DATA_HOME/icons/hicolor/scalable/apps``
(``~/.local/share`` when XDG_DATA_HOME is not set), so the menu lists the app and opening a
document with it works; ``--uninstall-desktop-entry`` removes both. No Qt is needed for either.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from core.io.atomic import write_bytes, write_text
from core.package_data import resource_dir

APP_ID = "backprop-studio"  # the .desktop file's name, the icon's name, Qt's desktopFileName
ICON_FILE = "backprop-studio.svg"


def icon_path() -> Path:
    """The SVG icon shipped in resources/ (package data, installed or in the checkout)."""
    return resource_dir() / ICON_FILE


def application_icon():  # -> QIcon
    from PySide6.QtGui import QIcon

    return QIcon(str(icon_path()))


def data_home() -> Path:
    value = os.environ.get("XDG_DATA_HOME", "")
    return Path(value) if os.path.isabs(value) else Path.home() / ".local" / "share"


def desktop_file(home: Path | None = None) -> Path:
    return (home or data_home()) / "applications" / f"{APP_ID}.desktop"


def installed_icon(home: Path | None = None) -> Path:
    return (home or data_home()) / "icons" / "hicolor" / "scalable" / "apps" / ICON_FILE


def launch_command() -> str:
    """How the menu starts the app: the installed ``backprop-studio`` script if there is one,
    else this interpreter running the launcher (a checkout)."""
    script = shutil.which("backprop-studio")
    if script:
        return _quoted(str(Path(script).resolve()))
    return f"{_quoted(sys.executable)} -m {__package__}.launcher"


def desktop_entry(command: str) -> str:
    return "\n".join(
        [
            "[Desktop Entry]",
            "Type=Application",
            "Version=1.5",
            "Name=Backprop Studio",
            "GenericName=Backpropagation Explorer",
            "Comment=Watch a neural network compute: forward values and backward partial "
            "derivatives, step by step",
            "Comment[ru]=Как нейросеть считает: прямой проход и частные производные обратного "
            "прохода, шаг за шагом",
            f"Exec={command} %f",
            f"Icon={APP_ID}",
            "Terminal=false",
            "Categories=Education;Science;Math;",
            "Keywords=neural;network;backpropagation;gradient;lecture;",
            f"StartupWMClass={APP_ID}",
            "",
        ]
    )


def install_desktop_entry(home: Path | None = None) -> list[Path]:
    """Write the .desktop file and the icon; returns what was written (OSError propagates)."""
    entry, icon = desktop_file(home), installed_icon(home)
    for path in (entry, icon):
        path.parent.mkdir(parents=True, exist_ok=True)
    write_bytes(icon, icon_path().read_bytes())
    write_text(entry, desktop_entry(launch_command()))
    return [entry, icon]


def uninstall_desktop_entry(home: Path | None = None) -> list[Path]:
    """Remove what ``install_desktop_entry`` wrote; returns what was there."""
    removed = []
    for path in (desktop_file(home), installed_icon(home)):
        if path.exists():
            path.unlink()
            removed.append(path)
    return removed


def _quoted(text: str) -> str:
    """An Exec argument, quoted as the Desktop Entry spec asks when it holds special characters."""
    if all(c.isalnum() or c in "/._-+" for c in text):
        return text
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("`", "\\`").replace("$", "\\$")
    return f'"{escaped}"'


def main(argv: list[str]) -> int:
    """``--install-desktop-entry`` / ``--uninstall-desktop-entry`` from the launcher."""
    from core.text.i18n import tr

    try:
        if "--uninstall-desktop-entry" in argv:
            removed = uninstall_desktop_entry()
            for path in removed:
                print(tr("removed {path}", path=path))
            if not removed:
                print(tr("nothing to remove in {path}", path=data_home()))
            return 0
        for path in install_desktop_entry():
            print(tr("wrote {path}", path=path))
    except OSError as exc:
        print(f"backprop-studio: {exc}", file=sys.stderr)
        return 2
    return 0

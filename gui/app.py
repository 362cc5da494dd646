"""Entry point of the window: ``python -m gui.app [FILE]`` (or ``backprop-studio [FILE]``).

Opens the built-in "lecture" example, or the document given as argument, and after a crash
offers the unsaved document that was autosaved. Only what the first screen needs is imported
before the window is shown (no plots, no pyqtgraph), to keep start-up quick.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from . import crash_log, error_report, qt_guard
from .settings import APPLICATION, ORGANIZATION


def usage() -> str:
    """``python -m gui.app --help``, in the language of the other commands' --help (core's
    catalog: ``--lang=ru`` or BACKPROP_STUDIO_LANG)."""
    from core.text.i18n import tr

    prefix = tr("usage: ")
    return (
        f"{prefix}backprop-studio [{tr('DOCUMENT.json | PROGRAM.bp | MODEL.onnx | EXAMPLE')}]\n"
        f"{' ' * len(prefix)}backprop-studio --install-desktop-entry | --uninstall-desktop-entry"
    )


def create_application(argv: list[str]) -> QApplication:
    qt_guard.apply()  # PySide6 6.12.0 on Python 3.11 would otherwise abort after a minute
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication([sys.argv[0] if sys.argv else "backprop-studio", *argv])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APPLICATION)
    from . import desktop

    app.setWindowIcon(desktop.application_icon())  # every window, the task bar, the About box
    app.setDesktopFileName(desktop.APP_ID)  # Wayland finds the icon through the .desktop file
    return app


def create_window(argv: list[str]):  # -> gui.main_window.MainWindow
    """The window with its document loaded, not yet shown (also used by the start-up benchmark)."""
    from .main_window import MainWindow

    files = [a for a in argv if not a.startswith("-")]
    window = MainWindow()
    window.open_initial(files[0] if files else None)
    return window


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if any(a in ("-h", "--help") for a in args):
        from core.cli.common import choose_language

        choose_language(args)
        print(usage())
        return 0
    app = create_application(args)
    error_report.install()  # an uncaught exception becomes a notice, never a crash
    log = crash_log.CrashLog()  # a native crash (faulthandler) leaves its stack here
    crashes = crash_log.previous_crashes(log.directory)
    log.start()
    error_report.REPORTER.immediate.append(
        lambda record: log.note(record.details) if record.kind[0] == "Qt fatal" else None
    )
    window = create_window(args)
    window.show()
    window.view.setFocus()  # Space and the arrows drive the player, not the editor
    # after the first paint: a crash's autosaved document is offered once the window is visible
    QTimer.singleShot(0, lambda: window.offer_recovery(crashes))
    code = app.exec()
    log.stop()  # a clean exit leaves no log
    return code


if __name__ == "__main__":
    sys.exit(main())

"""gui.app.main as a person starts it, then a native crash (a segmentation fault) after an edit.

``--clean``: quit normally instead. Without it: type a program, wait for the debounced autosave
to write the recovery file (seconds after the edit, not the minute of the periodic one), print
``autosaved``, then crash the interpreter; faulthandler must leave the stack in the crash log.
"""

from __future__ import annotations

import faulthandler
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from gui import app as gui_app

PROGRAM = "x = 2.0\nw = 0.75\nloss = (w*x - 1)**2  # typed just before the crash\n"


def main() -> int:
    application = gui_app.create_application([])
    if "--clean" in sys.argv:
        QTimer.singleShot(300, application.quit)
        return gui_app.main([])

    def window():
        return next(w for w in QApplication.topLevelWidgets() if w.objectName() == "main_window")

    def edit() -> None:
        win = window()
        win.recovery._timer.stop()  # only the debounced autosave may write it
        win.editor.edit.setPlainText(PROGRAM)
        win.editor.flush()
        wait()

    def wait() -> None:
        if window().recovery.document_path.exists():
            print("autosaved", flush=True)
            faulthandler._sigsegv()
        QTimer.singleShot(50, wait)

    QTimer.singleShot(300, edit)
    return gui_app.main([])


if __name__ == "__main__":
    sys.exit(main())

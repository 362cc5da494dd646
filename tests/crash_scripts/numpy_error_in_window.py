"""The real window, as gui.app starts it: NumPy errors raised from slots, and in a guarded
override (the Gradient Check's showEvent) opened from its menu action, three times.

On Python 3.11 an unguarded NumPy error escaping that showEvent kills the process in shiboken.
Here the process must go on: the error is reported, the recovery file is written at once, one
notice shows (counted, not stacked), and the window still edits. Prints what it saw.
"""

from __future__ import annotations

import sys

import numpy as np
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from gui import error_report
from gui.app import create_application, create_window


def broken_refresh(self) -> None:
    float(np.zeros(3))  # TypeError raised inside NumPy


def main() -> int:
    app = create_application([])
    error_report.install()
    window = create_window([])
    window.show()
    from gui.study.gradcheck_view import GradCheckView

    GradCheckView.refresh = broken_refresh
    window.editor.edit.setPlainText("x = 2.0\nw = 0.5\nloss = (w*x - 1)**2\n")
    window.editor.flush()  # an unsaved edit: the recovery file must hold it
    seen: dict[str, object] = {}

    def open_gradcheck() -> None:
        window.actions["study_gradcheck"].trigger()  # a slot → show → guarded showEvent

    def close_gradcheck() -> None:
        window.study.views["gradcheck"].close()
        seen.setdefault("recovery", window.recovery.document_path.exists())
        text = window.error_notice.message.text()
        seen["message_after_gradcheck"] = text.removesuffix(" Your document is safe.")

    def slot_error() -> None:
        np.zeros(2)[np.int64(5)]  # IndexError from NumPy in a plain slot: sys.excepthook

    delay = 0
    for _ in range(3):
        QTimer.singleShot(delay, open_gradcheck)
        QTimer.singleShot(delay + 80, close_gradcheck)
        delay += 160
    QTimer.singleShot(delay, slot_error)
    QTimer.singleShot(delay + 80, slot_error)

    def finish() -> None:
        notice = window.error_notice
        seen["visible"] = notice.isVisible()
        seen["message"] = notice.message.text()
        seen["count"] = notice.count.text()
        seen["notices"] = sum(
            1 for w in QApplication.topLevelWidgets() if w.objectName() == "error_notice"
        )
        window.editor.edit.setPlainText("x = 3.0\nw = 0.5\nloss = (w*x - 1)**2\n")
        window.editor.flush()
        seen["still_edits"] = window.controller.run.values[window.controller.run.output]
        window.controller.undo_stack.setClean()
        app.quit()

    QTimer.singleShot(delay + 400, finish)
    app.exec()
    for record in error_report.REPORTER.records.values():
        print("reported", record.kind[0], record.count, "in", record.place)
    for key, value in seen.items():
        print(f"{key}: {value}")
    print("survived")
    return 0


if __name__ == "__main__":
    sys.exit(main())

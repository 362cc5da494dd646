"""A QDialog whose showEvent raises inside NumPy, shown from a QAction slot.

Unguarded (``--unguarded``) this kills Python 3.11 with a segmentation fault in shiboken;
guarded, the process goes on, the error is reported once and the notice shows.
"""

from __future__ import annotations

import sys

import numpy as np
from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialog

from gui import error_report
from gui.override_guard import guard_overrides


class Broken(QDialog):
    def showEvent(self, event) -> None:  # noqa: N802
        float(np.zeros(3))  # TypeError raised inside NumPy


def main() -> int:
    app = QApplication([])
    error_report.install()
    dialog_class = Broken if "--unguarded" in sys.argv else guard_overrides(Broken)
    dialog = dialog_class()
    dialog.setWindowTitle("Broken dialog")
    action = QAction("show")
    action.triggered.connect(dialog.show)
    QTimer.singleShot(0, action.trigger)
    QTimer.singleShot(300, app.quit)
    app.exec()
    for record in error_report.REPORTER.records.values():
        print("reported", record.kind[0], record.count, "in", record.place)
    print("survived")
    return 0


if __name__ == "__main__":
    sys.exit(main())

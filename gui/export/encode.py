"""Images and Qt writers into memory: every export's bytes reach the disk through core.io.atomic.

Qt's encoders (QImage.save for PNG, QPdfWriter, QSvgGenerator) write to a QIODevice; here that
device is an in-memory QBuffer, so a file is only ever replaced whole, by core.io.atomic, and a
failed or cancelled export leaves the old file as it was.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QImage

from core.io import atomic
from core.text.i18n import tr


def open_buffer() -> QBuffer:
    """An in-memory device for a Qt writer."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    return buffer


def buffer_bytes(buffer: QBuffer) -> bytes:
    """What was written to ``buffer`` (which is closed)."""
    buffer.close()
    return bytes(buffer.data().data())


def image_png_bytes(image: QImage, path: Path) -> bytes:
    """The image encoded as PNG by Qt (libpng), in memory; WriteError naming ``path`` if Qt
    refuses. Safe to call from a worker thread for an image no one else paints on."""
    buffer = open_buffer()
    if not image.save(buffer, "PNG"):  # type: ignore[call-overload]  # the stub says bytes; str works
        raise atomic.WriteError(path, tr("the PNG encoder failed"))
    return buffer_bytes(buffer)

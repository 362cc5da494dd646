"""The files an export writes: a deck as PDF or as numbered PNG slides, one picture as PNG or SVG.

Decks are painted by gui.export.painting (one page at a time, the same pages for every
format); pictures are the window's scene rendered whole. Qt encodes (QPdfWriter, QImage,
QSvgGenerator) into memory and core.io.atomic replaces the file, so a failed or cancelled export
leaves the previous file intact.
"""

from __future__ import annotations

import contextlib
import math
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtWidgets import QGraphicsScene

from core.autodiff.engine import Run
from core.documents.document import Document
from core.io import atomic
from core.teaching.slides import DeckOptions, check_size
from core.text.i18n import tr

from .. import palette
from ..items import Z_DIM
from ..scene import DIM_ALPHA, DimOverlay, GraphScene
from .encode import buffer_bytes, image_png_bytes, open_buffer
from .painting import CANVAS_HEIGHT, DeckPainter, render_hints, render_slide
from .scene import (
    background_colour,
    centred_target,
    content_rect,
    natural_size,
    restore_cache,
    scene_at,
    uncache,
)

PDF_PAGE = QSizeF(338.667, 190.5)  # mm: 13.333 × 7.5 in, the usual 16:9 slide
PDF_DPI = 144  # with the 13.333 in page, 1920 device units across: the canvas itself
SLIDE_NAME = re.compile(r"slide-\d{3,}\.png")
Progress = Callable[[int, int], bool]  # (pages done, pages in all) -> keep going?


class Cancelled(Exception):  # noqa: N818 (not an error: the person said stop)
    """The person cancelled an export in progress; nothing was written."""


@dataclass(frozen=True)
class Written:
    """What an export wrote, for the message a person sees."""

    paths: tuple[Path, ...]
    pages: int  # pages, slides or (animations) distinct pictures stored
    size: tuple[int, int] = (0, 0)
    frames: int = 0  # an animation's frames (its length is frames / fps)


def write_pdf(
    run: Run,
    path: str | Path,
    *,
    document: Document | None = None,
    positions: dict[str, tuple[float, float]] | None = None,
    options: DeckOptions | None = None,
    progress: Progress | None = None,
) -> Written:
    """The deck as one PDF, 16:9 pages, vector graphics and real (searchable) text."""
    deck = DeckPainter(run, document, positions, options)
    slides = deck.slides()
    path = Path(path)
    buffer = open_buffer()
    writer = QPdfWriter(buffer)
    writer.setPageSize(QPageSize(PDF_PAGE, QPageSize.Unit.Millimeter, "16:9"))
    writer.setPageOrientation(QPageLayout.Orientation.Portrait)
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    writer.setResolution(PDF_DPI)
    writer.setCreator("Backprop Studio")
    writer.setTitle(document.title if document is not None and document.title else path.stem)
    painter = QPainter()
    if not painter.begin(writer):
        raise atomic.WriteError(path, tr("the PDF writer did not start"))
    ended = False
    try:
        render_hints(painter)
        width, height = writer.width(), writer.height()
        scale = height / CANVAS_HEIGHT
        painter.scale(scale, scale)
        canvas_w = CANVAS_HEIGHT * width / height
        for index, slide in enumerate(slides):
            if index and not writer.newPage():
                raise atomic.WriteError(path, tr("the PDF writer could not add a page"))
            deck.paint(painter, slide, canvas_w)
            if progress is not None and not progress(index + 1, len(slides)):
                raise Cancelled  # nothing is written: the old file stays
        ended = True
        if not painter.end():
            raise atomic.WriteError(path, tr("the PDF writer failed"))
    finally:
        if not ended and painter.isActive():
            painter.end()
    atomic.write_bytes(path, buffer_bytes(buffer))
    return Written((path,), len(slides), (writer.width(), writer.height()))


def write_png_folder(
    run: Run,
    directory: str | Path,
    *,
    document: Document | None = None,
    positions: dict[str, tuple[float, float]] | None = None,
    options: DeckOptions | None = None,
    progress: Progress | None = None,
) -> Written:
    """The deck as slide-001.png, slide-002.png … (older slide-NNN.png files there removed,
    so a folder never mixes two decks). Pages are painted here and encoded by Qt in worker
    threads meanwhile (QImage.save lets the GIL go while libpng compresses).
    All or nothing: every slide is written to a temporary file first, and only when all of
    them are complete do they replace the old deck (WriteError otherwise, old deck intact)."""
    deck = DeckPainter(run, document, positions, options)
    slides = deck.slides()
    folder = Path(directory)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise atomic.WriteError(folder, atomic.reason_of(exc)) from exc
    digits = max(3, len(str(len(slides))))
    paths: list[Path] = []
    with ThreadPoolExecutor(max_workers=2) as pool:
        pending = []
        for index, slide in enumerate(slides, start=1):
            paths.append(folder / f"slide-{index:0{digits}d}.png")
            image = render_slide(deck, slide, deck.options.size)
            pending.append(pool.submit(image_png_bytes, image, paths[-1]))
            if progress is not None and not progress(index, len(slides)):
                raise Cancelled  # nothing is written: the old deck stays
        images = [job.result() for job in pending]
    with contextlib.ExitStack() as files:  # on an error every temporary file is removed
        for path, data in zip(paths, images, strict=True):
            temporary = files.enter_context(atomic.replacing(path))
            with open(temporary, "wb") as out:
                out.write(data)
    kept = {p.name for p in paths}
    for old in folder.iterdir():
        if SLIDE_NAME.fullmatch(old.name) and old.name not in kept:
            with contextlib.suppress(OSError):
                old.unlink()
    return Written(tuple(paths), len(paths), deck.options.size)


def write_scene_png(
    scene: QGraphicsScene, path: str | Path, source: QRectF, size: tuple[int, int] | None = None
) -> Written:
    """A PNG of the scene rectangle ``source``, ``size`` pixels (default: 100 % zoom),
    centred on the background colour if the aspect ratios differ."""
    size = check_size(size or natural_size(scene, source))
    image = QImage(size[0], size[1], QImage.Format.Format_RGB32)
    image.fill(background_colour(scene))
    changed = uncache(scene)
    try:
        painter = QPainter(image)
        render_hints(painter)
        scene.render(
            painter, centred_target(source, size), source, Qt.AspectRatioMode.KeepAspectRatio
        )
        painter.end()
    finally:
        restore_cache(changed)
    path = Path(path)
    atomic.write_bytes(path, image_png_bytes(image, path))
    return Written((path,), 1, size)


def write_scene_svg(
    scene: QGraphicsScene,
    path: str | Path,
    source: QRectF,
    size: tuple[int, int] | None = None,
    title: str = "",
) -> Written:
    """An SVG of the scene rectangle ``source`` (QtSvg's QSvgGenerator, loaded only here),
    ``size`` pixels wide and high. It is drawn at 100 % zoom or more inside its viewBox, so
    no text is dropped as too small (the scene's level of detail); viewers scale it."""
    from PySide6.QtSvg import QSvgGenerator

    size = check_size(size or natural_size(scene, source))
    fit = min(size[0] / source.width(), size[1] / source.height())
    k = max(1.0, 1.0 / fit)
    canvas = (math.ceil(size[0] * k), math.ceil(size[1] * k))
    path = Path(path)
    buffer = open_buffer()
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(QSize(*canvas))
    generator.setViewBox(QRectF(0, 0, *canvas))
    generator.setTitle(title or path.stem)
    generator.setDescription("Backprop Studio")
    changed = uncache(scene)
    painter = QPainter()
    try:
        if not painter.begin(generator):
            raise atomic.WriteError(path, tr("the SVG writer did not start"))
        render_hints(painter)
        painter.fillRect(QRectF(0, 0, *canvas), background_colour(scene))
        render_in_layers(scene, painter, centred_target(source, canvas), source)
        if not painter.end():
            raise atomic.WriteError(path, tr("the SVG writer failed"))
    finally:
        if painter.isActive():
            painter.end()
        restore_cache(changed)
    text = _pixel_size_header(buffer_bytes(buffer).decode("utf-8"), size)
    atomic.write_text(path, text)
    return Written((path,), 1, size)


def render_in_layers(
    scene: QGraphicsScene, painter: QPainter, target: QRectF, source: QRectF
) -> None:
    """Render with the dimming sheet painted over ``target`` only. The scene's sheet is a
    rectangle millions of units wide, which SVG viewers refuse or fill solid; so the graph
    below it, a bounded sheet, and the step above it are drawn one after the other (items
    are faded out by opacity, which, unlike hiding, keeps the window's selection)."""
    sheets = [i for i in scene.items() if isinstance(i, DimOverlay) and i.isVisible()]
    if not sheets:
        scene.render(painter, target, source, Qt.AspectRatioMode.KeepAspectRatio)
        return
    items = [i for i in scene.items() if i.isVisible() and i not in sheets]
    above = [i for i in items if i.zValue() > Z_DIM]
    below = [i for i in items if i.zValue() <= Z_DIM]
    saved = {i: i.opacity() for i in items + sheets}
    brush = scene.backgroundBrush()
    try:
        for item in above + sheets:
            item.setOpacity(0.0)
        scene.render(painter, target, source, Qt.AspectRatioMode.KeepAspectRatio)
        painter.fillRect(target, QColor(*palette.BACKGROUND, DIM_ALPHA))
        for item in below:
            item.setOpacity(0.0)
        for item in above:
            item.setOpacity(saved[item])
        scene.setBackgroundBrush(Qt.BrushStyle.NoBrush)
        if isinstance(scene, GraphScene):  # its drawBackground paints the colour and every line
            scene.render(
                painter, target, source, Qt.AspectRatioMode.KeepAspectRatio, background=False
            )
        else:
            scene.render(painter, target, source, Qt.AspectRatioMode.KeepAspectRatio)
    finally:
        scene.setBackgroundBrush(brush)
        for item, opacity in saved.items():
            item.setOpacity(opacity)


def _pixel_size_header(text: str, size: tuple[int, int]) -> str:
    """QSvgGenerator writes width/height in millimetres; a picture of W×H pixels says so."""
    head, sep, rest = text.partition("viewBox=")
    head = re.sub(r'width="[^"]*"', f'width="{size[0]}"', head, count=1)
    head = re.sub(r'height="[^"]*"', f'height="{size[1]}"', head, count=1)
    return head + sep + rest


def write_view_png(
    run: Run,
    path: str | Path,
    *,
    position: int | None = None,
    size: tuple[int, int] | None = None,
    positions: dict[str, tuple[float, float]] | None = None,
) -> Written:
    """The whole graph after ``position`` steps (default: the finished run) as a PNG."""
    scene = scene_at(run, _position(run, position), positions)
    return write_scene_png(scene, path, content_rect(scene), size)


def write_view_svg(
    run: Run,
    path: str | Path,
    *,
    position: int | None = None,
    size: tuple[int, int] | None = None,
    positions: dict[str, tuple[float, float]] | None = None,
    title: str = "",
) -> Written:
    """The whole graph after ``position`` steps (default: the finished run) as an SVG."""
    scene = scene_at(run, _position(run, position), positions)
    return write_scene_svg(scene, path, content_rect(scene), size, title)


def _position(run: Run, position: int | None) -> int:
    if position is not None:
        return position
    return len(run.trace) if run.trace is not None else 0

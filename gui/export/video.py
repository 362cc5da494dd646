"""Animations as files: GIF through Pillow, MP4 through the ffmpeg that imageio-ffmpeg ships.

Both are optional (``pip install 'backprop-studio[animation]'``); a missing one is an
ExportError that says what to install. Frames come from gui.export.recording.

GIF keeps the file small by what a graph film is: a still picture where a few tokens move.
Every frame uses one palette of 255 colours chosen from sample frames (the start, the end and
tokens in flight; the most frequent colours exactly), pixels are mapped to it without dithering (so a still part stays the same
colour index from frame to frame), and each frame stores only the rectangle that changed,
with unchanged pixels inside it transparent (index 255); a frame equal to the one before just
lengthens that one's delay. Pillow's GIF encoder writes the header and each frame's LZW data
(GifImagePlugin.getheader and getdata), frame by frame, so a long film is never held in
memory whole.

Files are written to a temporary file next to the target and renamed over it only when
complete (core.io.atomic): a cancelled or failed export leaves the old file as it was.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import numpy as np

from core.autodiff.engine import Run
from core.documents.document import Document
from core.io import atomic
from core.teaching.slides import ExportError
from core.text.i18n import tr

from .recording import AnimationOptions, Frame, Progress, Recorder, pixels
from .writers import Cancelled, Written

if TYPE_CHECKING:
    from PIL import Image

KINDS = ("gif", "mp4")
TRANSPARENT = 255  # the palette index of "unchanged" in a GIF delta frame
EXACT_COLOURS = 160  # of the palette's 255, the most frequent colours kept exactly
MP4_QUALITY = 7  # imageio-ffmpeg's 0-10 scale (libx264 CRF ≈ 20): crisp text, small files


def write_animation(
    run: Run,
    path: str | Path,
    kind: str,
    *,
    document: Document | None = None,
    positions: dict[str, tuple[float, float]] | None = None,
    options: AnimationOptions | None = None,
    progress: Progress | None = None,
) -> Written:
    """The played steps as an animated GIF or an MP4 video (``kind``). Raises Cancelled when
    ``progress`` answers False (nothing is written), ExportError for options that cannot be
    honoured or a missing encoder, WriteError when the file cannot be written."""
    if kind not in KINDS:
        raise ExportError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    if positions is None and document is not None and document.positions:
        positions = dict(document.positions)
    options = (options or AnimationOptions()).checked()
    if kind == "mp4" and (options.size[0] % 2 or options.size[1] % 2):
        raise ExportError(
            tr(
                "--size {w}x{h}: an MP4 video needs an even width and height",
                w=options.size[0],
                h=options.size[1],
            )
        )
    encoder = _gif_module() if kind == "gif" else _ffmpeg_module()
    recorder = Recorder(run, options, positions)
    total = recorder.timeline.frames
    path = Path(path)
    with atomic.replacing(path) as temporary:
        if kind == "gif":
            frames = GifFrames(recorder, encoder)
            with open(temporary, "wb") as out:
                unique = frames.write(out, progress)
        else:
            unique = _write_mp4(recorder, temporary, path, encoder, progress)
    return Written((path,), unique, options.size, frames=total)  # pages: pictures stored


# ---------------------------------------------------------------------------- GIF


def _gif_module() -> Any:
    try:
        from PIL import GifImagePlugin, Image
    except ImportError as exc:
        raise ExportError(
            tr("GIF export needs Pillow: pip install 'backprop-studio[animation]'")
        ) from exc
    return GifImagePlugin, Image


class GifFrames:
    """One recorder's frames into a GIF stream (see the module's docstring for how)."""

    def __init__(self, recorder: Recorder, encoder: Any) -> None:
        self.recorder = recorder
        self.gif, self.image = encoder
        self.rgb_table: np.ndarray = np.zeros((0, 3), dtype=np.int32)
        self.sorted_colours: np.ndarray = np.zeros(0, dtype=np.uint32)
        self.sorted_entries: np.ndarray = np.zeros(0, dtype=np.uint8)
        self.palette = self._palette()

    def _rgb(self, pixels: np.ndarray) -> Image.Image:
        """0xffRRGGBB pixels (gui.export.recording.pixels) as a Pillow RGB image."""
        height, width = pixels.shape
        data = np.ascontiguousarray(pixels).tobytes()
        return self.image.frombuffer("RGB", (width, height), data, "raw", "BGRX", 0, 1)

    def _palette(self) -> Image.Image:
        """255 colours: the samples' most frequent ones exactly (the background, the nodes'
        fills, the text: flat colours stay flat), the rest by median cut of what is left
        (antialiased edges, gradients' shades)."""
        every = np.concatenate([frame[::2, ::2].ravel() for frame in self.recorder.samples()])
        values, counts = np.unique(every, return_counts=True)
        exact = values[np.argsort(-counts, kind="stable")[:EXACT_COLOURS]]
        colours = [int(c) for v in exact for c in ((v >> 16) & 255, (v >> 8) & 255, v & 255)]
        rest = every[~np.isin(every, exact)]
        if len(rest):
            shades = self._rgb(rest.reshape(-1, 1)).quantize(
                colors=TRANSPARENT - len(exact),
                method=self.image.Quantize.MEDIANCUT,
                dither=self.image.Dither.NONE,
            )
            used = len(shades.getcolors() or [])
            colours += (shades.getpalette() or [])[: 3 * used]
        colours = colours[: 3 * TRANSPARENT]
        colours += colours[:3] * (256 - len(colours) // 3)  # unused entries repeat colour 0
        palette = self.image.new("P", (1, 1))
        palette.putpalette(colours)
        table = np.array(colours[: 3 * TRANSPARENT], dtype=np.int32).reshape(-1, 3)
        self.rgb_table = table  # entry -> (r, g, b), without the transparent entry
        wide = table.astype(np.uint32)
        packed = np.uint32(0xFF000000) | wide[:, 0] << 16 | wide[:, 1] << 8 | wide[:, 2]
        order = np.argsort(packed, kind="stable")  # equal colours: the first entry wins
        self.sorted_colours, self.sorted_entries = packed[order], order.astype(np.uint8)
        return palette

    def _indices(self, pixels: np.ndarray) -> np.ndarray:
        """Palette indices of 0xffRRGGBB pixels: a colour in the palette is its own entry
        (looked up exactly, never approximated), any other colour the nearest entry, found
        once and remembered (antialiased shades recur in every frame)."""
        flat = pixels.ravel()
        found, hit = self._look_up(flat)
        missing = ~hit
        if missing.any():
            others = np.unique(flat[missing])
            channels = np.stack([(others >> 16) & 255, (others >> 8) & 255, others & 255], -1)
            distance = ((channels[:, None, :].astype(np.int32) - self.rgb_table[None]) ** 2).sum(-1)
            colours = np.concatenate([self.sorted_colours, others])
            entries = np.concatenate(
                [self.sorted_entries, distance.argmin(axis=1).astype(np.uint8)]
            )
            order = np.argsort(colours, kind="stable")
            self.sorted_colours, self.sorted_entries = colours[order], entries[order]
            found, hit = self._look_up(flat)
        return self.sorted_entries[found].reshape(pixels.shape)

    def _look_up(self, flat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        known = self.sorted_colours
        found = np.minimum(np.searchsorted(known, flat), len(known) - 1)
        return found, known[found] == flat

    def _picture(self, indices: np.ndarray) -> Image.Image:
        picture = self.image.fromarray(indices, "P")
        picture.putpalette(self.palette.getpalette() or [])
        return picture

    def write(self, out: IO[bytes], progress: Progress | None) -> int:
        """Writes the whole GIF to ``out``; returns how many pictures it stores."""
        timeline = self.recorder.timeline
        total = timeline.frames
        shown: np.ndarray | None = None  # the picture a viewer sees so far
        pending: tuple[Image.Image, tuple[int, int], bool] | None = None
        start = 0  # the frame where the pending picture starts
        stored = 0
        for frame in self.recorder.frames():
            if progress is not None and not progress(frame.index, total):
                raise Cancelled
            if frame.changed is None:
                continue
            if shown is None:
                shown = pixels(frame.image)
                first = self._picture(self._indices(shown))
                header, _ = self.gif.getheader(first, None, {"loop": 0})
                out.write(b"".join(header))
                pending, start = (first.copy(), (0, 0), False), frame.index
                continue
            delta = self._delta(shown, frame)
            if delta is None:
                continue
            assert pending is not None
            self._frame(out, pending, _centiseconds(start, frame.index, timeline.fps))
            stored += 1
            pending, start = delta, frame.index
        if pending is not None:
            self._frame(out, pending, _centiseconds(start, total, timeline.fps))
            stored += 1
        out.write(b";")  # the GIF trailer
        if progress is not None:
            progress(total, total)
        return stored

    def _delta(
        self, shown: np.ndarray, frame: Frame
    ) -> tuple[Image.Image, tuple[int, int], bool] | None:
        """The rectangle of ``frame`` that differs from ``shown`` (updated to it), its
        unchanged pixels transparent; None when nothing differs."""
        rect = frame.changed
        assert rect is not None
        x0, y0 = rect.left(), rect.top()
        x1, y1 = x0 + rect.width(), y0 + rect.height()
        now = pixels(frame.image, rect)
        differs = shown[y0:y1, x0:x1] != now
        rows, cols = np.flatnonzero(differs.any(axis=1)), np.flatnonzero(differs.any(axis=0))
        if not len(rows):
            return None
        top, bottom, left, right = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
        shown[y0:y1, x0:x1] = now
        changed = differs[top:bottom, left:right]
        indices = np.full(changed.shape, TRANSPARENT, dtype=np.uint8)
        indices[changed] = self._indices(now[top:bottom, left:right][changed])
        return self._picture(indices), (int(x0 + left), int(y0 + top)), True

    def _frame(
        self, out: IO[bytes], frame: tuple[Image.Image, tuple[int, int], bool], centiseconds: int
    ) -> None:
        picture, offset, delta = frame
        params: dict[str, Any] = {"duration": 10 * centiseconds, "disposal": 1}
        if delta:
            params["transparency"] = TRANSPARENT
        out.write(b"".join(self.gif.getdata(picture, offset, **params)))


def _centiseconds(start: int, stop: int, fps: int) -> int:
    """A GIF delay (hundredths of a second) for frames ``start`` to ``stop`` (exclusive),
    rounded at both ends so the delays add up to the film's length."""
    return max(1, round(stop * 100 / fps) - round(start * 100 / fps))


# ---------------------------------------------------------------------------- MP4


def _ffmpeg_module() -> Any:
    try:
        import imageio_ffmpeg
    except ImportError as exc:
        raise ExportError(
            tr("MP4 export needs imageio-ffmpeg: pip install 'backprop-studio[animation]'")
        ) from exc
    return imageio_ffmpeg


def _write_mp4(
    recorder: Recorder, temporary: Path, path: Path, ffmpeg: Any, progress: Progress | None
) -> int:
    """H.264 in an MP4 file (yuv420p, as every player and slide tool plays it)."""
    timeline = recorder.timeline
    total = timeline.frames
    writer = ffmpeg.write_frames(
        str(temporary),
        recorder.size,
        fps=timeline.fps,
        codec="libx264",
        quality=MP4_QUALITY,
        pix_fmt_in="bgra",  # RGB32 as it lies in memory
        pix_fmt_out="yuv420p",
        macro_block_size=2,
        ffmpeg_log_level="error",
        output_params=["-f", "mp4", "-movflags", "+faststart"],
    )
    writer.send(None)  # start ffmpeg
    finished = False
    last: tuple[object, bytes] | None = None
    try:
        for frame in recorder.frames():
            if progress is not None and not progress(frame.index, total):
                raise Cancelled
            if last is None or last[0] is not frame.image:  # a held frame: the same bytes
                last = (frame.image, pixels(frame.image).tobytes())
            writer.send(last[1])
        finished = True
    finally:
        try:
            writer.close()  # waits for ffmpeg to finish the file (or stops it)
        except Exception as exc:  # ffmpeg's own failure, e.g. a full disk
            if finished:  # else the error that stopped the film is the one to report
                raise atomic.WriteError(path, str(exc).strip() or type(exc).__name__) from exc
    if progress is not None:
        progress(total, total)
    return total

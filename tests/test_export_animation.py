"""Animations: the played steps as GIF and MP4, recorded from the window's own scene.

The GIF is read back with Pillow (frame count, size, delays adding up to the film's length,
and each decoded frame compared with the recorder's picture at that time); the MP4's frames
and duration are counted by imageio-ffmpeg. The tokens are checked to stand where the window's
animation puts them at the same time, and a frame repainted only where tokens moved to equal
the frame painted whole.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

PIL = pytest.importorskip("PIL")
from PIL import Image, ImageSequence  # noqa: E402

from core.autodiff.engine import run as engine_run  # noqa: E402
from core.documents.examples import load_example  # noqa: E402
from core.teaching.slides import ExportError  # noqa: E402
from gui import animation  # noqa: E402
from gui.export.recording import AnimationOptions, Recorder, Timeline, pixels  # noqa: E402
from gui.export.video import write_animation  # noqa: E402
from gui.export.writers import Cancelled  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SMALL = (320, 180)


@pytest.fixture(scope="module")
def lecture():
    document = load_example("lecture")
    return document, engine_run(document.build())


@pytest.fixture(autouse=True)
def _app(qapp):
    return qapp


def rgb(frame_pixels: np.ndarray) -> np.ndarray:
    """0xffRRGGBB pixels as (h, w, 3) RGB."""
    return np.stack(
        [(frame_pixels >> 16) & 255, (frame_pixels >> 8) & 255, frame_pixels & 255], axis=-1
    ).astype(int)


# ---------------------------------------------------------------------------- timing


def test_the_timeline_plays_like_the_player(lecture):
    _, run = lecture
    options = AnimationOptions(steps=(10, 14), fps=20, speed=2.0)
    timeline = Timeline.of(run, options)
    assert timeline.step_ms == 500
    # the window's rule: tokens at 0.6 × the player's rate (at least 1): 520 ms / 1.2
    assert timeline.flight_ms == animation.duration_ms(factor=1.2) == 433
    # one step's time before step 10, steps 10..14, and the end held one step's time
    assert timeline.frames == 7 * 10
    assert timeline.at(0) == (9, None)
    assert timeline.at(9) == (9, None)
    assert timeline.at(10) == (10, 0.0)  # step 10 starts: tokens leave
    assert timeline.at(14) == (10, 200.0)
    assert timeline.at(19) == (10, None)  # 450 ms: landed
    assert timeline.at(69) == (14, None)
    positions = [timeline.at(k)[0] for k in range(timeline.frames)]
    assert positions == sorted(positions)


def test_steps_outside_the_phase_are_refused_with_the_range(lecture):
    _, run = lecture
    start = run.trace.backward_start
    with pytest.raises(ExportError, match=f"backward pass is steps {start + 1} to 57"):
        Timeline.of(run, AnimationOptions(phase="backward", steps=(3, 40)))
    with pytest.raises(ExportError, match="steps 1 to 57"):
        Timeline.of(run, AnimationOptions(steps=(50, 70)))
    with pytest.raises(ExportError, match="--fps 0"):
        AnimationOptions(fps=0).checked()


# ---------------------------------------------------------------------------- the frames


def test_tokens_stand_where_the_window_animation_puts_them(lecture):
    """The same step in the window's GraphScene, on Qt's clock, and in the recorder."""
    from gui.scene import GraphScene

    _, run = lecture
    options = AnimationOptions(steps=(30, 30), fps=10, size=SMALL)
    recorder = Recorder(run, options)
    window_scene = GraphScene()
    window_scene.set_run(run)
    window_scene.show_position(29)
    was = animation.enabled()
    animation.set_enabled(True)
    animation.set_speed(animation.speed_for_player(options.speed))
    try:
        window_scene.show_position(30, animate=True)
        live = window_scene.current_flight()
        assert live is not None and live.animation.duration() == recorder.timeline.flight_ms
        live.animation.pause()
        for ms in (0, 100, 250, 400):
            live.animation.setCurrentTime(ms)
            recorder.show(30, float(ms))
            ours = recorder.scene.current_flight()
            assert ours is not None and len(ours.tokens) == len(live.tokens) > 0
            for a, b in zip(live.tokens, ours.tokens, strict=True):
                assert abs(a.pos().x() - b.pos().x()) < 1e-6
                assert abs(a.pos().y() - b.pos().y()) < 1e-6
        live.finish()
    finally:
        animation.set_speed(1.0)
        animation.set_enabled(was)


def test_frames_repainted_where_tokens_moved_equal_whole_frames(lecture):
    _, run = lecture
    recorder = Recorder(run, AnimationOptions(steps=(25, 27), fps=25, size=(640, 360)))
    partial = 0
    for frame in recorder.frames():
        if frame.changed is None:
            continue
        whole = recorder.paint(recorder.timeline.at(frame.index)[0])
        if frame.changed.width() < 640:
            partial += 1
        difference = np.abs(rgb(pixels(frame.image)) - rgb(pixels(whole)))
        assert difference.max() <= 8, frame.index  # antialiasing at the repainted edge
        assert (difference > 0).mean() < 0.001
    assert partial >= 10  # tokens in flight were repainted alone


def test_a_frame_in_flight_shows_a_token_the_landed_frame_does_not(lecture):
    _, run = lecture
    recorder = Recorder(run, AnimationOptions(steps=(1, 1), fps=10, size=(640, 360)))
    frames = {f.index: pixels(f.image) for f in recorder.frames() if f.changed is not None}
    timeline = recorder.timeline
    flying = [k for k in frames if timeline.at(k)[1] not in (None, 0.0)]
    landed = [k for k in frames if timeline.at(k) == (1, None)]
    assert flying and landed
    moved = rgb(frames[flying[0]]) != rgb(frames[landed[0]])
    # the tokens: a small part of the picture, inside the graph (not the caption)
    assert 0 < moved.any(axis=2).mean() < 0.05


# ---------------------------------------------------------------------------- GIF


def test_gif_opens_with_pillow_and_plays_the_recorded_frames(lecture, tmp_path):
    document, run = lecture
    options = AnimationOptions(phase="backward", steps=(40, 44), fps=10, size=SMALL)
    path = tmp_path / "steps.gif"
    written = write_animation(run, path, "gif", document=document, options=options)
    timeline = Timeline.of(run, options)
    gif = Image.open(path)
    assert gif.size == SMALL and gif.info.get("loop") == 0
    frames = [f.convert("RGB") for f in ImageSequence.Iterator(gif)]
    delays = [f.info["duration"] for f in ImageSequence.Iterator(Image.open(path))]
    assert len(frames) == written.pages
    assert written.frames == timeline.frames == 35  # (5 steps + 2) × 0.5 s × 10 fps
    assert sum(delays) == 10 * round(timeline.frames * 100 / options.fps)  # 3.5 s
    # fewer pictures than frames: a still state is stored once, with a longer delay
    assert 5 * 2 < len(frames) < timeline.frames
    # every stored picture is the recorder's at its time (palette of 255 colours: close)
    recorder = Recorder(run, options, dict(document.positions) or None)
    expected = {f.index: pixels(f.image) for f in recorder.frames()}
    start = 0
    for picture, delay in zip(frames, delays, strict=True):
        index = round(start * options.fps / 1000)
        want = rgb(expected[index])
        got = np.asarray(picture, dtype=int)
        assert np.abs(got - want).mean() < 1.5, index
        start += delay


def test_a_lecture_gif_at_1280x720_is_small(lecture, tmp_path):
    document, run = lecture
    path = tmp_path / "lecture.gif"
    written = write_animation(run, path, "gif", document=document)
    assert written.size == (1280, 720)
    assert written.frames == round((57 + 2) * 0.5 * 15)
    assert path.stat().st_size < 10_000_000


def test_cancelling_writes_nothing_and_keeps_the_old_file(lecture, tmp_path):
    document, run = lecture
    path = tmp_path / "old.gif"
    path.write_bytes(b"the old file")
    options = AnimationOptions(steps=(1, 3), fps=10, size=SMALL)
    with pytest.raises(Cancelled):
        write_animation(run, path, "gif", options=options, progress=lambda done, total: done < 5)
    assert path.read_bytes() == b"the old file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.gif"]  # no temporary left


def test_a_missing_encoder_says_what_to_install(lecture, tmp_path, monkeypatch):
    _, run = lecture
    monkeypatch.setitem(sys.modules, "imageio_ffmpeg", None)  # import fails
    with pytest.raises(ExportError, match=r"pip install 'backprop-studio\[animation\]'"):
        write_animation(run, tmp_path / "a.mp4", "mp4")
    assert not (tmp_path / "a.mp4").exists()


# ---------------------------------------------------------------------------- MP4


def test_mp4_has_the_films_frames_and_duration(lecture, tmp_path):
    imageio_ffmpeg = pytest.importorskip("imageio_ffmpeg")
    document, run = lecture
    options = AnimationOptions(phase="forward", steps=(1, 6), fps=12, size=SMALL)
    path = tmp_path / "forward.mp4"
    written = write_animation(run, path, "mp4", document=document, options=options)
    frames, seconds = imageio_ffmpeg.count_frames_and_secs(str(path))
    assert frames == written.frames == Timeline.of(run, options).frames == 48
    assert seconds == pytest.approx(48 / 12, abs=0.1)
    reader = imageio_ffmpeg.read_frames(str(path))
    meta = next(reader)
    assert tuple(meta["size"]) == SMALL and meta["fps"] == pytest.approx(12)
    first = np.frombuffer(next(reader), dtype=np.uint8).reshape(SMALL[1], SMALL[0], 3)
    reader.close()
    recorder = Recorder(run, options, dict(document.positions) or None)
    want = rgb(pixels(next(recorder.frames()).image))
    assert np.abs(first.astype(int) - want).mean() < 6  # H.264 at high quality


def test_mp4_needs_an_even_size(lecture, tmp_path):
    _, run = lecture
    with pytest.raises(ExportError, match="even width and height"):
        write_animation(run, tmp_path / "a.mp4", "mp4", options=AnimationOptions(size=(321, 180)))


# ---------------------------------------------------------------------------- command line


def export_command(*words: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "gui.export_cli", *words],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"},
        timeout=240,
    )


def test_the_command_writes_a_gif(tmp_path):
    done = export_command(
        "lecture",
        "--gif",
        "a.gif",
        "--steps",
        "50-52",
        "--fps",
        "10",
        "--size",
        "320x180",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "wrote a.gif (25 frames, 2.5 s, 320×180)"
    assert Image.open(tmp_path / "a.gif").size == (320, 180)


@pytest.mark.parametrize(
    ("words", "message"),
    [
        (["--gif", "a.gif", "--fps", "99"], "--fps 99: give a frame rate from 1 to 50"),
        (["--gif", "a.gif", "--step", "4"], "an animation plays --steps A-B"),
        (["--gif", "a.gif", "--steps", "4:9"], "write FIRST-LAST"),
        (["--gif", "a.gif", "--group-layers"], "are for decks"),
        (["--mp4", "a.mp4", "--size", "321x180"], "even width and height"),
        (["--pdf", "a.pdf", "--fps", "10"], "are for animations (--gif, --mp4)"),
        (["--png", "a.png", "--steps", "1-3"], "a picture shows one --step"),
        (["--gif", "a.gif", "--phase", "forward", "--steps", "30-40"], "forward pass is steps"),
    ],
)
def test_refused_options_say_why(words, message, tmp_path):
    done = export_command("lecture", *words, cwd=tmp_path)
    assert done.returncode == 2
    assert message in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_terminal_progress_rewrites_one_line():
    from gui.export_cli import TerminalProgress

    class Tty(io.StringIO):
        def isatty(self):
            return True

    stream = Tty()
    progress = TerminalProgress(stream, "a.gif")
    for done in range(0, 11):
        assert progress(done, 10)
    progress.done()
    text = stream.getvalue()
    assert text.count("\r") == 11 and text.endswith("a.gif: 10/10 frames (100 %)\n")
    quiet = io.StringIO()
    TerminalProgress(quiet, "a.gif")(3, 10)
    assert quiet.getvalue() == ""  # a log gets the final line only


# ---------------------------------------------------------------------------- File → Export


@pytest.fixture
def window(qtbot, isolated_settings, tmp_path, monkeypatch):
    from gui.main_window import MainWindow

    animation.set_enabled(False)
    window = MainWindow(recovery_dir=tmp_path / "recovery")
    qtbot.addWidget(window)
    window.errors = []
    monkeypatch.setattr(window, "report_error", lambda title, text: window.errors.append(text))
    monkeypatch.setattr(window, "ask_unsaved_changes", lambda: "discard")
    assert window.open_initial()
    window.show()
    qtbot.waitExposed(window)
    yield window
    animation.set_enabled(True)


def test_file_export_animation_writes_a_gif_and_cancel_writes_nothing(
    window, monkeypatch, tmp_path
):
    from PySide6.QtWidgets import QProgressDialog

    action = window.actions["file_export_animation"]
    assert action.text().replace("&", "") == "Animation…"
    assert action in window.exporter.menu.actions()
    options = AnimationOptions(phase="backward", steps=(30, 32), fps=8, size=SMALL)
    exporter = window.exporter
    monkeypatch.setattr(exporter, "ask_animation_options", lambda run: ("gif", options))
    monkeypatch.setattr(exporter, "choose_file", lambda kind, suggested: str(tmp_path / "film"))
    action.trigger()
    gif = Image.open(tmp_path / "film.gif")  # the extension is added
    assert gif.size == SMALL and gif.n_frames > 3
    assert "film.gif" in window.statusBar().currentMessage()
    monkeypatch.setattr(exporter, "choose_file", lambda kind, suggested: str(tmp_path / "no.gif"))
    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: True)
    action.trigger()
    assert not (tmp_path / "no.gif").exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".gif") == ["film.gif"]
    assert window.errors == []


def test_the_animation_dialog_turns_choices_into_options(window):
    from gui.animation_dialog import AnimationDialog

    run = window.controller.run
    dialog = AnimationDialog(run, 3.0, window)
    assert dialog.options() == AnimationOptions(speed=3.0)  # the whole run, the player's speed
    dialog.kind.setCurrentIndex(1)
    dialog.phase.setCurrentIndex(2)  # backward: the step boxes span the backward pass
    start = run.trace.backward_start
    assert (dialog.first.minimum(), dialog.last.maximum()) == (start + 1, len(run.trace))
    dialog.first.setValue(start + 3)
    dialog.fps.setValue(24)
    dialog.size_box.setCurrentIndex(1)
    assert dialog.kind_chosen() == "mp4"
    assert dialog.options() == AnimationOptions(
        phase="backward", steps=(start + 3, len(run.trace)), fps=24, size=(1920, 1080), speed=3.0
    )

"""``backprop-studio export``: decks and pictures with no window and no display.

    backprop-studio export lecture --pdf deck.pdf --group-layers
    backprop-studio export my.json --png-dir slides/ --phase backward --size 1280x720
    backprop-studio export program.bp --svg graph.svg --step 12 --set x1=2
    backprop-studio export lecture --gif backward.gif --phase backward --fps 15
    backprop-studio export lecture --mp4 steps.mp4 --steps 1-20 --size 1920x1080
    backprop-studio export my.json --pytorch model.py     (or --onnx model.onnx)
    backprop-studio export lecture --pdf trained.pdf --lr 0.5   (the deck ends with the update)

The source is a document (.json), a program file (or - for standard input), an ONNX model
(.onnx), or the name of a built-in example. ``--pytorch`` and ``--onnx`` write the graph for
frameworks (core.frameworks.torch_export, core.frameworks.onnx_export) and need no Qt at all. Rendering goes through the window's own GraphScene on Qt's offscreen
platform, chosen before Qt is imported whenever no display is usable, so this runs on a server.
Bad input exits with status 2 and one message; what was written is printed.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from core.cli.common import translate_argparse
from core.cli.main import UsageError, parse_assignments, read_text
from core.cli.options import OptionParser, nonnegative_int, positive_int, positive_number
from core.io.atomic import WriteError, reason_of
from core.text import i18n as core_i18n
from core.text.i18n import tr

OUTPUTS = ("pdf", "pptx", "png_dir", "svg", "png", "gif", "mp4", "worksheet")
LANGUAGES = ("en", "ru")
DEFAULT_FPS = 15  # gui.export.recording.DEFAULT_FPS (Qt is not imported to build the parser)
DEFAULT_SPEED = 2.0  # gui.player.DEFAULT_SPEED


def build_parser() -> argparse.ArgumentParser:
    """The options, their texts in the language chosen before the parser is built."""
    parser = OptionParser(
        prog="backprop-studio export",
        description=tr(
            "Export a run as a PDF deck, a folder of numbered PNG slides, or one "
            "picture of the graph (SVG or PNG), rendered like the window, with no display needed."
        ),
    )
    parser.add_argument(
        "source",
        metavar=tr("DOCUMENT_OR_PROGRAM_OR_EXAMPLE"),
        help=tr(
            "a .json document, a program file, - for standard input, an .onnx model, or an "
            "example's name (e.g. lecture)"
        ),
    )
    file, picture = tr("FILE"), tr("one picture of the graph at --step")
    out = parser.add_mutually_exclusive_group(required=True)
    out.add_argument("--pdf", metavar=file, help=tr("a deck: title page, then one page per step"))
    out.add_argument("--png-dir", metavar=tr("DIR"), help=tr("the same deck as slide-001.png, …"))
    out.add_argument(
        "--pptx",
        metavar=file,
        help=tr(
            "the same deck for PowerPoint, Impress or Google Slides: the graph as a picture, "
            "titles and equations as text, the explanation in the speaker notes"
        ),
    )
    out.add_argument(
        "--gif",
        metavar=tr("FILE.gif"),
        help=tr("an animation of the played steps, tokens moving along the edges as in the window"),
    )
    out.add_argument(
        "--mp4",
        metavar=tr("FILE.mp4"),
        help=tr("the same animation as an H.264 video (imageio-ffmpeg)"),
    )
    out.add_argument(
        "--worksheet",
        metavar=tr("FILE.pdf"),
        help=tr("a worksheet: the graph with numbered blanks (--blank), then an answer key page"),
    )
    out.add_argument("--svg", metavar=file, help=picture)
    out.add_argument("--png", metavar=file, help=picture)
    out.add_argument(
        "--pytorch",
        metavar=tr("FILE.py"),
        help=tr(
            "a self-contained PyTorch script: the same network or function with the current "
            "weights; it prints the output and every gradient (written, never run)"
        ),
    )
    out.add_argument(
        "--onnx",
        metavar=tr("FILE.onnx"),
        help=tr("the graph as an ONNX model (opens in Netron, here)"),
    )
    parser.add_argument(
        "--step",
        type=nonnegative_int,
        metavar="N",
        help=tr("for --svg/--png: the state after N steps (default: the finished run)"),
    )
    parser.add_argument(
        "--phase",
        choices=("forward", "backward", "both"),
        default="both",
        help=tr("for decks: which pass gets pages (default: both)"),
    )
    parser.add_argument(
        "--blank",
        choices=("forward", "backward", "both"),
        help=tr("for --worksheet: blank the forward values, the gradients, or both (default both)"),
    )
    parser.add_argument(
        "--steps",
        metavar="A-B",
        help=tr("for decks and animations: only steps A to B (1-based, inside --phase)"),
    )
    parser.add_argument(
        "--fps",
        type=positive_int,
        metavar="N",
        help=tr("for animations: frames per second (default {fps})", fps=DEFAULT_FPS),
    )
    parser.add_argument(
        "--speed",
        type=positive_number,
        metavar=tr("STEPS_PER_S"),
        help=tr(
            "for animations: steps per second, as the window's player (default {speed})",
            speed=f"{DEFAULT_SPEED:g}",
        ),
    )
    parser.add_argument(
        "--group-layers",
        action="store_true",
        help=tr("for decks: one page per layer's consecutive steps instead of one per step"),
    )
    parser.add_argument(
        "--no-title", action="store_true", help=tr("for decks: leave out the title page")
    )
    parser.add_argument(
        "--zoom",
        choices=("auto", "fit"),
        default="auto",
        help=tr(
            "for decks: 'auto' zooms to the step when the whole graph would be too small to "
            "read (an overview shows where); 'fit' always shows the whole graph"
        ),
    )
    parser.add_argument(
        "--lr",
        type=positive_number,
        metavar="η",
        help=tr(
            "then one gradient-descent update w ← w − η·∂Q/∂w, recorded as the lab's One "
            "update plays it (as trace --lr): a deck ends with the update, an animation plays "
            "it, --step can picture it"
        ),
    )
    parser.add_argument(
        "--set",
        action="append",
        metavar=tr("NAME=VALUE"),
        help=tr("override a leaf's value"),
    )
    parser.add_argument("--output", metavar=tr("NAME"), help=tr("which variable is the output"))
    from core.cli import onnx as onnx_cli

    onnx_cli.add_arguments(parser)
    parser.add_argument(
        "--size",
        metavar=tr("WxH"),
        help=tr(
            "pixels of PNG slides, of the picture or of an animation's frames (default "
            "1920x1080 for slides, the graph's own size for a picture, 1280x720 for an "
            "animation); a PDF page is always 16:9"
        ),
    )
    parser.add_argument(
        "--language",
        choices=LANGUAGES,
        help=tr(
            "language of the explanations and page labels (default: $BACKPROP_STUDIO_LANG, else en)"
        ),
    )
    return parser


def parse_size(text: str | None) -> tuple[int, int] | None:
    if text is None:
        return None
    width, sep, height = text.lower().replace("×", "x").partition("x")
    try:
        size = (int(width), int(height))
    except ValueError:
        size = (0, 0)
    if not sep or min(size) < 16 or max(size) > 16384:
        raise UsageError(
            tr("--size {text}: write WIDTHxHEIGHT in pixels, e.g. 1920x1080", text=repr(text))
        )
    return size


def parse_steps(text: str | None) -> tuple[int, int] | None:
    """--steps A-B (or one step N) as (A, B); UsageError for anything else."""
    if text is None:
        return None
    first, sep, last = text.strip().replace("–", "-").partition("-")
    try:
        steps = (int(first), int(last if sep else first))
    except ValueError:
        raise UsageError(
            tr("--steps {text}: write FIRST-LAST, e.g. 1-20 (steps count from 1)", text=repr(text))
        ) from None
    return steps


def load(source: str, output: str | None, assignments: dict):  # -> core.documents.document.Document
    """The source as a Document with --set and --output applied; UsageError if it won't build."""
    from core.documents.document import Document, DocumentError, load_document
    from core.documents.examples import example_names, load_example
    from core.lang.expr import ProgramError

    path = Path(source)
    try:
        if source.lower().endswith(".onnx"):
            from core.documents.graph_program import onnx_document

            document = onnx_document(path)
        elif source != "-" and not path.exists() and "/" not in source and "\\" not in source:
            if source not in example_names():
                if "." in source:
                    raise UsageError(tr("{path}: no such file", path=source))
                try:
                    load_example(source)
                except DocumentError as exc:  # names the examples, with a close match
                    raise UsageError(
                        tr("{source}: not a file, and {reason}", source=source, reason=exc.message)
                    ) from exc
            document = load_example(source)
        elif source.endswith(".json"):
            if not path.exists() and not path.is_symlink():
                raise UsageError(tr("{path}: no such file", path=source))
            document = load_document(path)
        else:
            text = read_text(source)
            title = "stdin" if source == "-" else path.stem
            document = Document.from_program(text, title=title)
        changes: dict = {}
        if assignments:
            changes["values"] = {**document.values, **assignments}
        if output is not None:
            changes["output"] = output
        if changes:
            document = document.replace(**changes)
        document.build()
    except DocumentError as exc:
        cause = exc.__cause__
        message = str(cause) if isinstance(cause, ProgramError) else str(exc)
        name = exc.field.removeprefix("values.")
        if exc.field.startswith("values.") and name in assignments:
            message = f"--set {name}: {exc.message}"
        raise UsageError(f"{source}: {message}") from exc
    except ProgramError as exc:
        raise UsageError(f"{source}: {exc}") from exc
    return document


def use_offscreen_if_headless() -> None:
    """Qt's offscreen platform unless a display is there (must run before Qt is imported)."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")) and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


def application():  # -> QApplication
    use_offscreen_if_headless()
    from PySide6.QtWidgets import QApplication

    from . import qt_guard

    qt_guard.apply()
    app = QApplication.instance()
    if app is None:
        app = QApplication(["backprop-studio"])
    return app


def install_language(code: str | None) -> None:
    """The language of the explanations and page labels: --language, else the variable
    BACKPROP_STUDIO_LANG (as for the window), else English; not the machine's locale, so a
    batch job on a server writes the same deck everywhere."""
    from . import i18n

    code = code or os.environ.get(i18n.ENVIRONMENT_VARIABLE, "").strip() or "en"
    i18n.apply_language(code)


def check_target(path: Path, *, folder: bool = False) -> None:
    parent = path if folder and path.exists() else path.parent
    if folder and path.exists() and not path.is_dir():
        raise UsageError(tr("{path}: exists and is not a folder", path=path))
    if not folder and path.is_dir():
        raise UsageError(tr("{path}: is a folder; give a file name", path=path))
    if not parent.exists():
        raise UsageError(tr("{path}: the folder {parent} does not exist", path=path, parent=parent))


def export_framework(args: argparse.Namespace) -> int:
    """--pytorch / --onnx: the graph with its current values, no Qt needed. An .onnx source
    keeps its ONNX names here (it is read as trace reads it)."""
    target = Path(args.pytorch or args.onnx)
    check_target(target)
    assignments = parse_assignments(args.set)
    network = None
    if args.source.lower().endswith(".onnx"):
        from core.cli.main import load_source

        loaded = load_source(args.source, args.output, args)
        graph, title = loaded.graph, loaded.title
        if assignments:
            graph = _with_values(graph, assignments)
    else:
        document = load(args.source, args.output, assignments)
        title = document.title
        if document.source_kind == "network":
            network = document.network()
            graph = network.graph
        else:
            graph = document.build()
    try:
        if args.pytorch is not None:
            from core.frameworks.torch_export import TorchExportError, script_for, write_script

            try:
                write_script(script_for(graph, title, network), target)
            except TorchExportError as exc:
                raise UsageError(str(exc)) from exc
            print(
                tr(
                    "wrote {target} (a PyTorch script; run it with python3 where torch is installed)",
                    target=target,
                )
            )
        else:
            from core.frameworks.onnx_export import write_onnx
            from core.frameworks.onnx_import import OnnxError

            try:
                write_onnx(graph, target, title)
            except OnnxError as exc:
                raise UsageError(str(exc)) from exc
            print(tr("wrote {target} (ONNX, opset 17, float64)", target=target))
    except OSError as exc:
        message = str(exc) if isinstance(exc, WriteError) else _cannot_write(target, exc)
        raise UsageError(message) from exc
    return 0


def _with_values(graph, assignments: dict):
    from core.autodiff.engine import leaf_values
    from core.autodiff.graph import GraphError

    try:
        values = leaf_values(graph, assignments)
    except GraphError as exc:
        raise UsageError(str(exc)) from exc
    out = graph.copy()
    for nid, value in values.items():
        out.set_value(nid, value)
    return out


def export(args: argparse.Namespace) -> int:
    from core.cli.onnx import onnx_options_given

    framework = args.pytorch is not None or args.onnx is not None
    given = onnx_options_given(args)
    if given and not (framework and args.source.lower().endswith(".onnx")):
        raise UsageError(
            tr("{options} apply to .onnx models with --pytorch or --onnx", options=", ".join(given))
        )
    if framework:
        if args.lr is not None:
            kind = "pytorch" if args.pytorch is not None else "onnx"
            raise UsageError(
                tr(
                    "--lr records an update for decks, animations and pictures, not for --{kind}",
                    kind=kind,
                )
            )
        return export_framework(args)
    size = parse_size(args.size)
    steps = parse_steps(args.steps)
    animated = args.gif is not None or args.mp4 is not None
    is_deck = args.pdf is not None or args.png_dir is not None or args.pptx is not None
    refuse_misplaced(args, animated, is_deck)
    document = load(args.source, args.output, parse_assignments(args.set))
    if is_deck and args.step is not None:
        raise UsageError(
            tr("--step picks the step of one picture (--svg, --png); a deck shows all")
        )
    if animated:
        return export_animation(args, document, size, steps)
    if args.worksheet is not None:
        return export_worksheet(args, document)
    if args.blank is not None:
        raise UsageError(tr("--blank is for --worksheet"))
    if (args.pdf is not None or args.pptx is not None) and size is not None:
        raise UsageError(tr("--size is for PNG slides and pictures; a PDF page is always 16:9"))
    target = Path(args.pdf or args.pptx or args.png_dir or args.svg or args.png)
    check_target(target, folder=args.png_dir is not None)
    application()
    install_language(args.language)
    from core.teaching.slides import DeckOptions, ExportError

    from .export import writers

    result = recorded_run(document, args.lr)
    positions = dict(document.positions) or None
    options = DeckOptions(
        phase=args.phase,
        group_layers=args.group_layers,
        title_page=not args.no_title,
        zoom=args.zoom,
        size=size or (1920, 1080),
        steps=steps,
    )
    try:
        if args.pdf is not None:
            written = writers.write_pdf(result, target, document=document, options=options)
            print(tr("wrote {target} ({pages})", target=target, pages=_pages(written.pages)))
        elif args.pptx is not None:
            from .export.pptx import write_pptx

            written = write_pptx(result, target, document=document, options=options)
            print(tr("wrote {target} ({slides})", target=target, slides=_slides(written.pages)))
        elif args.png_dir is not None:
            written = writers.write_png_folder(result, target, document=document, options=options)
            names = f"{written.paths[0].name} … {written.paths[-1].name}" if written.paths else ""
            w, h = written.size
            print(
                tr(
                    "wrote {pages} to {target}/ ({names}, {size})",
                    pages=_pages(written.pages),
                    target=target,
                    names=names,
                    size=f"{w}×{h}",
                )
            )
        else:
            write = writers.write_view_svg if args.svg is not None else writers.write_view_png
            kwargs = {"title": document.title} if args.svg is not None else {}
            written = write(
                result, target, position=args.step, size=size, positions=positions, **kwargs
            )
            w, h = written.size
            print(
                tr(
                    "wrote {target} ({size}, step {step})",
                    target=target,
                    size=f"{w}×{h}",
                    step=_step(result, args.step),
                )
            )
    except ExportError as exc:
        raise UsageError(str(exc)) from exc
    except OSError as exc:  # core.io.atomic.WriteError: "cannot write F: reason"; the old file kept
        message = str(exc) if isinstance(exc, WriteError) else _cannot_write(target, exc)
        raise UsageError(message) from exc
    return 0


def recorded_run(document, learning_rate: float | None):  # -> core.autodiff.engine.Run
    """The document's run, step by step; with a learning rate, then one gradient-descent
    update as ``trace --lr`` and the lab's One update record it (core.cli.main.update_run)."""
    from core.autodiff.engine import run

    graph = document.build()
    if learning_rate is None:
        return run(graph)
    from core.cli.main import update_run

    return update_run(graph, {}, learning_rate)


def export_worksheet(args: argparse.Namespace, document) -> int:
    """--worksheet: the graph with numbered blanks and an answer key, as one PDF."""
    if args.step is not None or args.steps is not None or args.size is not None:
        raise UsageError(tr("a worksheet takes --blank and --language; it shows the whole run"))
    if args.lr is not None:
        raise UsageError(
            tr(
                "--lr is for decks, animations and pictures; a worksheet asks for the values "
                "and gradients before any update"
            )
        )
    target = Path(args.worksheet)
    check_target(target)
    application()
    install_language(args.language)
    from core.autodiff.engine import run

    from .export.worksheet import write_worksheet

    try:
        written = write_worksheet(
            run(document.build()), target, args.blank or "both", document=document
        )
    except OSError as exc:
        message = str(exc) if isinstance(exc, WriteError) else _cannot_write(target, exc)
        raise UsageError(message) from exc
    print(tr("wrote {target} ({pages})", target=target, pages=_pages(written.pages)))
    return 0


def refuse_misplaced(args: argparse.Namespace, animated: bool, is_deck: bool) -> None:
    """Options that belong to another kind of output: one message, not silence."""
    if not animated and (args.fps is not None or args.speed is not None):
        raise UsageError(tr("--fps and --speed are for animations (--gif, --mp4)"))
    if not (animated or is_deck) and args.steps is not None:
        raise UsageError(tr("--steps is for decks and animations; a picture shows one --step"))
    if animated and args.step is not None:
        raise UsageError(tr("--step picks the step of one picture; an animation plays --steps A-B"))
    if animated and (args.group_layers or args.no_title or args.zoom != "auto"):
        raise UsageError(
            tr(
                "--group-layers, --no-title and --zoom are for decks; an animation shows the whole graph"
            )
        )


def export_animation(
    args: argparse.Namespace, document, size: tuple[int, int] | None, steps: tuple[int, int] | None
) -> int:
    """--gif / --mp4: the played steps as a film, progress on the terminal."""
    kind = "gif" if args.gif is not None else "mp4"
    target = Path(args.gif or args.mp4)
    check_target(target)
    application()
    install_language(args.language)
    from core.teaching.slides import ExportError

    from .export.recording import DEFAULT_SIZE, AnimationOptions
    from .export.video import write_animation

    options = AnimationOptions(
        phase=args.phase,
        steps=steps,
        fps=args.fps or DEFAULT_FPS,
        size=size or DEFAULT_SIZE,
        speed=args.speed or DEFAULT_SPEED,
    )
    progress = TerminalProgress(sys.stderr, str(target))
    try:
        written = write_animation(
            recorded_run(document, args.lr),
            target,
            kind,
            document=document,
            options=options,
            progress=progress,
        )
    except ExportError as exc:
        raise UsageError(str(exc)) from exc
    except OSError as exc:
        message = str(exc) if isinstance(exc, WriteError) else _cannot_write(target, exc)
        raise UsageError(message) from exc
    finally:
        progress.done()
    w, h = written.size
    print(
        tr(
            "wrote {target} ({frames} frames, {seconds} s, {size})",
            target=target,
            frames=written.frames,
            seconds=f"{written.frames / options.fps:.1f}",
            size=f"{w}×{h}",
        )
    )
    return 0


class TerminalProgress:
    """ "FILE: 120/442 frames (27 %)" rewritten in place on a terminal (nothing when the
    stream is not one: a log gets only the final line)."""

    def __init__(self, stream, label: str) -> None:
        self.stream = stream
        self.label = label
        self.shown = -1
        self.live = bool(getattr(stream, "isatty", lambda: False)())

    def __call__(self, done: int, total: int) -> bool:
        percent = 100 * done // max(1, total)
        if self.live and percent != self.shown:
            self.shown = percent
            text = tr("{label}: {done}/{total} frames", label=self.label, done=done, total=total)
            self.stream.write(f"\r{text} ({percent} %)")
            self.stream.flush()
        return True

    def done(self) -> None:
        if self.live and self.shown >= 0:
            self.stream.write("\n")
            self.stream.flush()


def _cannot_write(target: Path, exc: OSError) -> str:
    return str(WriteError(target, reason_of(exc)))


def _pages(count: int) -> str:
    return tr("{count} page", count=count) if count == 1 else tr("{count} pages", count=count)


def _slides(count: int) -> str:
    return tr("{count} slide", count=count) if count == 1 else tr("{count} slides", count=count)


def _step(result, step: int | None) -> str:
    length = len(result.trace) if result.trace is not None else 0
    return tr("{step} of {total}", step=length if step is None else step, total=length)


def _language_asked(words: list[str]) -> str:
    """--language ru / --language=ru, read before argparse so its errors speak it too."""
    for k, word in enumerate(words):
        if word.startswith("--language="):
            return word.split("=", 1)[1]
        if word == "--language" and k + 1 < len(words):
            return words[k + 1]
    return ""


def main(argv: list[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    code = _language_asked(words) or os.environ.get("BACKPROP_STUDIO_LANG", "").strip()
    core_i18n.set_language(core_i18n.language_for_locale(code) if code else "en")
    translate_argparse()  # argparse's own errors in that language too
    args = build_parser().parse_args(words)
    try:
        return export(args)
    except UsageError as exc:
        print(f"backprop-studio export: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())

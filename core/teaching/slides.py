"""Which pages a deck has: the slide plan of a run, with no drawing in it (no Qt).

A deck starts with the program (the title page) and the whole graph before the first step,
then has one page per step, or per run of consecutive steps of one layer when
``group_layers`` is on (forward and backward never share a page; a long run is split into
balanced pages of at most MAX_GROUP steps), and ends with the finished run: the whole graph
with every value and gradient, and, when the run was trained, the update of every parameter.
A deck of part of the run (a pass, or ``steps`` A..B) ends with the finished run only if it
reaches the end of the backward pass, with the update only if it reaches the last update.
The plan is a list of Slides that every deck writer (PDF, PNG folder, PowerPoint) paints in
order, so they all show the same pages; the words of the closing pages are written here.

Which "layer" a node belongs to is its named owner's group (a network's layers) or, for a
program, its column in the drawing; the columns come from the caller's layout (``columns``),
because where a node is drawn is the window's business, not the engine's.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from ..autodiff.engine import Run
from ..autodiff.graph import Graph, Role
from ..autodiff.notation import format_number, name_of
from ..autodiff.trace import BackwardStep, SeedStep, UpdateStep
from ..text.i18n import tr
from .explain import describe_step

PHASES = ("forward", "backward", "both")
ZOOMS = ("auto", "fit")
MAX_GROUP = 4  # steps listed on one grouped page (more are split into balanced pages)
MAX_SIDE = 16384  # pixels: larger images are refused (memory)
MAX_GRADIENT_LINES = 16  # the finished run's page lists at most this many leaves' gradients
KINDS = ("title", "graph", "steps", "finished", "update")


class ExportError(ValueError):
    """Options that cannot be honoured (a bad step, size or phase): one message for a person."""


# ============================================================================ options and plan


@dataclass(frozen=True)
class DeckOptions:
    """What goes into a deck and how pages look."""

    phase: str = "both"  # "forward" | "backward" | "both"
    group_layers: bool = False  # one page per layer's consecutive steps instead of per step
    title_page: bool = True
    zoom: str = "auto"  # "auto": zoom to the step when the whole graph is too small; "fit"
    size: tuple[int, int] = (1920, 1080)  # pixels of a PNG page (a PDF page is always 16:9)
    steps: tuple[int, int] | None = None  # only steps A..B (1-based, inclusive) of the phase

    def checked(self) -> DeckOptions:
        if self.phase not in PHASES:
            raise ExportError(f"phase must be one of {', '.join(PHASES)}, not {self.phase!r}")
        if self.zoom not in ZOOMS:
            raise ExportError(f"zoom must be one of {', '.join(ZOOMS)}, not {self.zoom!r}")
        check_size(self.size)
        return self


@dataclass(frozen=True)
class Slide:
    """One page: the title page, the whole graph before step 1 ("graph"), the state after
    steps ``first``..``last`` (1-based, "steps"), the finished run after step ``last``
    ("finished") or the updates ``first``..``last`` of a trained run ("update")."""

    kind: str  # one of KINDS
    first: int = 0
    last: int = 0
    part: int = 1  # a whole-graph page too large to read on one page is split in parts
    parts: int = 1

    @property
    def positions(self) -> range:
        return range(self.first, self.last + 1)


def check_size(size: tuple[int, int]) -> tuple[int, int]:
    width, height = size
    if not (16 <= width <= MAX_SIDE and 16 <= height <= MAX_SIDE):
        raise ExportError(f"a size of {width}×{height} pixels is out of range (16 to {MAX_SIDE})")
    return int(width), int(height)


def phase_range(run: Run, phase: str) -> tuple[int, int]:
    """First and last step position (1-based, inclusive) of a phase; first > last if empty."""
    trace = run.trace
    if trace is None:
        return 1, 0
    start = trace.backward_start  # steps before the seed are the forward pass
    if phase == "forward":
        return 1, start
    if phase == "backward":
        return start + 1, len(trace)
    return 1, len(trace)


def step_range(run: Run, phase: str, steps: tuple[int, int] | None = None) -> tuple[int, int]:
    """The steps a deck or an animation shows (1-based, inclusive): the phase's, or ``steps``
    A..B, which must lie inside the phase (ExportError saying which steps there are)."""
    first, last = phase_range(run, phase)
    if steps is None:
        return first, last
    a, b = steps
    length = len(run.trace) if run.trace is not None else 0
    if not 1 <= a <= b:
        raise ExportError(tr("--steps {a}-{b}: write FIRST-LAST with 1 ≤ FIRST ≤ LAST", a=a, b=b))
    if b > length:
        raise ExportError(tr("--steps {a}-{b}: this run has steps 1 to {n}", a=a, b=b, n=length))
    if (a < first or b > last) and phase == "forward":
        raise ExportError(
            tr(
                "--steps {a}-{b}: the forward pass is steps {first} to {last}",
                a=a,
                b=b,
                first=first,
                last=last,
            )
        )
    if a < first or b > last:
        raise ExportError(
            tr(
                "--steps {a}-{b}: the backward pass is steps {first} to {last}",
                a=a,
                b=b,
                first=first,
                last=last,
            )
        )
    return a, b


def layer_keys(graph: Graph, columns: Mapping[str, int]) -> dict[str, object]:
    """Which layer each node belongs to, for grouping steps: its named owner's group (network
    layers) or column (``columns``: node id -> column of the drawing). An unnamed op (a partial
    sum) belongs to the nearest named node it feeds, so z₁ = w₁₁·x₁ + w₂₁·x₂ and its products
    land on one page."""
    ranks = columns
    owner: dict[str, str] = {}
    for nid in reversed(graph.order()):
        node = graph[nid]
        if node.name or nid == graph.output:
            owner[nid] = nid
            continue
        owners = [owner[e.target] for e in graph.consumers(nid) if e.target in owner]
        owner[nid] = min(owners, key=lambda o: ranks.get(o, 0)) if owners else nid
    keys: dict[str, object] = {}
    for nid, own in owner.items():
        group = graph[own].group
        keys[nid] = ("group", group) if group else ("rank", ranks.get(own, 0))
    return keys


def step_groups(
    run: Run, first: int, last: int, group_layers: bool, columns: Mapping[str, int]
) -> list[tuple[int, int]]:
    """Consecutive step positions shown on one page each: single steps, or runs of one layer
    (forward and backward never share a page), split into pages of at most MAX_GROUP."""
    if first > last:
        return []
    if not group_layers:
        return [(k, k) for k in range(first, last + 1)]
    trace = run.trace
    assert trace is not None
    keys = layer_keys(run.graph, columns)

    def key(position: int) -> object:
        step = trace[position - 1]
        if isinstance(step, UpdateStep):
            return ("update",)
        if isinstance(step, BackwardStep):
            return ("backward", keys.get(step.source))
        if isinstance(step, SeedStep):
            return ("backward", keys.get(step.node))
        return ("forward", keys.get(step.node))

    runs: list[list[int]] = []
    for position in range(first, last + 1):
        if runs and key(runs[-1][-1]) == key(position):
            runs[-1].append(position)
        else:
            runs.append([position])
    out: list[tuple[int, int]] = []
    for positions in runs:
        pages = math.ceil(len(positions) / MAX_GROUP)
        size = math.ceil(len(positions) / pages)
        for i in range(0, len(positions), size):
            chunk = positions[i : i + size]
            out.append((chunk[0], chunk[-1]))
    return out


def plan_slides(run: Run, options: DeckOptions, columns: Mapping[str, int]) -> list[Slide]:
    """The pages of a deck, in order (``columns`` as for layer_keys)."""
    first, last = step_range(run, options.phase, options.steps)
    slides = [Slide("title"), Slide("graph")] if options.title_page else []
    slides += [
        Slide("steps", a, b)
        for a, b in step_groups(run, first, last, options.group_layers, columns)
    ]
    trace = run.trace
    if trace is None or first > last:
        return slides
    backward_end = update_start(run)
    if backward_end > trace.backward_start and first <= backward_end <= last:
        slides.append(Slide("finished", backward_end, backward_end))
    if backward_end < len(trace) and last == len(trace):
        slides.append(Slide("update", backward_end + 1, len(trace)))
    return slides


def update_start(run: Run) -> int:
    """The position where the backward pass is complete: before the first update step."""
    trace = run.trace
    if trace is None:
        return 0
    return next((i for i, s in enumerate(trace.steps) if isinstance(s, UpdateStep)), len(trace))


def finished_lines(run: Run, position: int) -> list[str]:
    """The finished run's page: the output, then ∂L/∂leaf for the leaves (parameters first),
    as the trace has them at ``position``."""
    trace = run.trace
    assert trace is not None
    graph = run.graph
    state = trace.state_at(position)
    out = graph.require_output()
    out_name = name_of(graph, out)
    lines = [f"{out_name} = {format_number(state.values.get(out, run.objective))}"]
    leaves = [n for n in graph.leaves() if not n.literal and n.id in state.gradients]
    leaves.sort(key=lambda n: n.role != Role.PARAM)  # stable: parameters first, then inputs
    for node in leaves[:MAX_GRADIENT_LINES]:
        gradient = format_number(state.gradients[node.id])
        lines.append(f"∂{out_name}/∂{name_of(graph, node.id)} = {gradient}")
    if len(leaves) > MAX_GRADIENT_LINES:
        lines.append(tr("and {count} more", count=len(leaves) - MAX_GRADIENT_LINES))
    return lines


def update_lines(run: Run, first: int, last: int) -> list[str]:
    """Each update w ← w − η · ∂L/∂w with its numbers (core.teaching.explain's equation)."""
    trace = run.trace
    assert trace is not None
    return [describe_step(run.graph, trace, k).equation for k in range(first, last + 1)]

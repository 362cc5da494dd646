"""The lab's plots (pyqtgraph; this module is imported only when the lab first opens).

One GraphicsLayoutWidget holds them all, so one export writes the picture a class sees:
- the loss Q per epoch, train and held-out, with the epoch where a stopping rule fired marked;
- one input (paired regression): the data points and the current fitted line, and beside it
  the loss surface Q(w₀, w₁) as a contour map with the path of gradient descent, point by point;
  for a network with one hidden layer, each hidden neuron's term pⱼ·hⱼ(x) as a thin curve
  (Cybenko's theorem: the sum of these bumps becomes the function);
- two inputs: the output over the plane as a heat map with the train (●) and held-out (○)
  points on top, and a small map of every hidden neuron (TensorFlow Playground's picture).

Items are made once per session (``set_session``) and updated in place each frame
(``setData`` / ``setImage``), never recreated. Numbers come from gui.lab.session (core).
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pyqtgraph as pg
import pyqtgraph.exporters  # noqa: F401  (registers the PNG and SVG exporters)
from PySide6.QtCore import QCoreApplication, QRectF
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QVBoxLayout, QWidget

from core.autodiff.notation import pretty
from core.text.i18n import count

from .. import plot_menu
from ..qt_typed import QT_TRANSLATE_NOOP
from .contour import contour_segments
from .envelope import Envelope
from .session import Session

TRAIN_COLOUR = "#1f5fa8"
TEST_COLOUR = "#e8710a"
STOP_COLOUR = "#c0392b"
FIT_COLOUR = "#b2182b"
TERM_COLOURS = (  # the hidden neurons' terms: muted, distinct, readable on white
    "#4e79a7",
    "#59a14f",
    "#9c755f",
    "#f28e2b",
    "#76b7b2",
    "#af7aa1",
    "#edc948",
    "#bab0ac",
    "#ff9da7",
    "#8c564b",
)
NEGATIVE = (245, 147, 34)  # TensorFlow Playground's orange (label 0 / negative)
POSITIVE = (8, 119, 189)  # and its blue (label 1 / positive)
MIDDLE = (236, 238, 240)
TICK_PT = 10
LABEL_PT = "11pt"
TITLE_PT = "11pt"
STOP_TEXT = {
    "weights": "‖Δw‖ < ε",
    "gradient": "‖∇Q‖ < ε",
    "early": QT_TRANSLATE_NOOP("LabPlots", "held-out Q stopped falling"),
    "max_epochs": QT_TRANSLATE_NOOP("LabPlots", "max epochs"),
    "diverged": QT_TRANSLATE_NOOP("LabPlots", "diverged"),
}
translate = QCoreApplication.translate  # lupdate reads translate("LabPlots", "…")


def diverging_map() -> pg.ColorMap:
    return pg.ColorMap([0.0, 0.5, 1.0], [NEGATIVE, MIDDLE, POSITIVE])


def _style(plot: pg.PlotItem, title: str, x: str, y: str) -> None:
    font = QFont()
    font.setPointSize(TICK_PT)
    for side in ("left", "bottom"):
        axis = plot.getAxis(side)
        axis.setStyle(tickFont=font)
        axis.setTextPen(pg.mkPen("#222"))
        axis.setPen(pg.mkPen("#555"))
        axis.enableAutoSIPrefix(False)  # "0.5", not "5·10² (×0.001)"
    plot.setLabel("bottom", x, **{"font-size": LABEL_PT, "color": "#222"})
    plot.setLabel("left", y, **{"font-size": LABEL_PT, "color": "#222"})
    plot.setTitle(title, size=TITLE_PT, color="#222")
    # no grid: pyqtgraph draws it with the axes, so every curve update would repaint them


def _finite_positive(values: np.ndarray) -> np.ndarray:
    return np.where(values > 0, values, np.nan)


class LossPlot:
    """Q per epoch for train and held-out data; a vertical line where training stopped."""

    def __init__(self, plot: pg.PlotItem) -> None:
        self.plot = plot
        _style(
            plot,
            translate("LabPlots", "Loss Q per epoch"),
            translate("LabPlots", "epoch"),
            "Q",
        )
        plot.addLegend(offset=(-8, 8), labelTextSize="10pt", labelTextColor="#222")
        self.train = plot.plot(
            name=translate("LabPlots", "train"), pen=pg.mkPen(TRAIN_COLOUR, width=2)
        )
        self.now = pg.ScatterPlotItem(size=9, brush=TRAIN_COLOUR, pen=pg.mkPen("w", width=1))
        plot.addItem(self.now)
        self.test = plot.plot(
            name=translate("LabPlots", "held out"),
            pen=pg.mkPen(TEST_COLOUR, width=2, style=pg.QtCore.Qt.PenStyle.DashLine),
        )
        for curve in (self.train, self.test):
            curve.setDownsampling(auto=True, method="peak")
            curve.setClipToView(True)
            curve.opts["autoDownsampleFactor"] = 1.0  # two points (peak) per pixel, not ten
        self.stop = pg.InfiniteLine(
            angle=90,
            pen=pg.mkPen(STOP_COLOUR, width=2, style=pg.QtCore.Qt.PenStyle.DotLine),
            label="",
            labelOpts={"position": 0.45, "color": STOP_COLOUR, "fill": (255, 255, 255, 210)},
        )
        self.stop.label.setFont(_font(10, bold=True))
        self.stop.setVisible(False)
        plot.addItem(self.stop, ignoreBounds=True)
        plot.disableAutoRange()  # ranges move in steps (see _follow): axes redraw rarely
        self.log: bool | None = None
        self.x_high = 0.0
        self.y_range = (math.inf, -math.inf)
        # each curve as the low and high of buckets of epochs (gui.lab.envelope): a frame
        # costs the same at epoch 100 and at epoch 10⁶
        self.envelopes = {"train_loss": Envelope(), "test_loss": Envelope()}
        self.taken = 0  # epochs of the history in the envelopes
        self.any_finite = False
        self.all_positive = True

    def show_test(self, shown: bool) -> None:
        """The held-out curve (and its legend entry) only when there are held-out data."""
        legend = self.plot.legend
        if legend is not None:
            legend.removeItem(self.test)
            if shown:
                legend.addItem(self.test, translate("LabPlots", "held out"))
        self.test.setVisible(shown)

    def refresh(self, session: Session) -> None:
        history = session.trainer.history
        epochs = len(history)
        if epochs < self.taken:  # a reset or a restored state: the curve starts again
            self._restart()
        new = {name: history.column(name, start=self.taken) for name in ("train_loss", "test_loss")}
        self.taken = epochs
        for values in new.values():
            finite = values[np.isfinite(values)]
            self.any_finite = self.any_finite or bool(len(finite))
            self.all_positive = self.all_positive and bool(np.all(finite > 0))
        log = self.any_finite and self.all_positive
        if log != self.log:
            self.plot.setLogMode(y=log)
            self.plot.disableAutoRange()  # setLogMode turns auto-range back on
            self.log = log
            self.x_high = 0.0
            self.y_range = (math.inf, -math.inf)
            if self.envelopes["train_loss"].count:  # drawn the other way so far: start again
                self.taken = 0
                self._clear_envelopes()
                new = {name: history.column(name) for name in new}
                self.taken = epochs
        for name, values in new.items():
            self.envelopes[name].extend(_finite_positive(values) if log else values)
        train, test = self.envelopes["train_loss"], self.envelopes["test_loss"]
        self.train.setData(*train.curve(), connect="finite")
        if epochs and math.isfinite(train.last):
            y = math.log10(train.last) if log else train.last
            self.now.setData([float(epochs)], [y])
        else:
            self.now.setData([], [])
        if math.isfinite(test.high):
            self.test.setData(*test.curve(), connect="finite")
        else:
            self.test.setData([], [])
        lows = [e.low for e in (train, test) if math.isfinite(e.low)]
        highs = [e.high for e in (train, test) if math.isfinite(e.high)]
        self._follow(epochs, np.array(lows + highs), log)
        result = session.result
        if result is None:
            self.stop.setVisible(False)
            return
        self.stop.setPos(result.epoch)
        reason = STOP_TEXT.get(result.stop_reason, "")
        self.stop.label.setFormat(
            translate("LabPlots", "stopped at epoch {epoch}: {reason}").format(
                epoch=count(result.epoch), reason=translate("LabPlots", reason) if reason else ""
            )
        )
        self.stop.setVisible(True)

    def _clear_envelopes(self) -> None:
        for envelope in self.envelopes.values():
            envelope.clear()

    def _restart(self) -> None:
        """Forget the curve drawn so far (the history it came from is gone)."""
        self.taken = 0
        self.any_finite = False
        self.all_positive = True
        self._clear_envelopes()

    def _follow(self, epochs: int, finite: np.ndarray, log: bool) -> None:
        """Keep every point in view, changing the range only in steps: the epoch axis doubles,
        the loss axis leaves room below (the loss falls), so the axes are rarely redrawn."""
        high = 10.0
        while high < epochs * 1.02:
            high *= 2
        if high != self.x_high:
            self.plot.setXRange(0, high, padding=0.0)
            self.x_high = high
        if not len(finite):
            return
        values = np.log10(finite) if log else finite
        low, top = float(values.min()), float(values.max())
        if log:  # a diverging loss: keep the axis where a float can still say 10^k
            low, top = max(low, -LOG_LIMIT), min(top, LOG_LIMIT)
        span = max(top - low, 1e-9 if not log else 0.1)
        a, b = self.y_range
        if low < a or top > b or (b - a) > 3 * span:
            self.y_range = (low - 0.3 * span, top + 0.05 * span)
            self.plot.setYRange(*self.y_range, padding=0.0)
            axis = self.plot.getAxis("left")
            axis.setTicks([log_ticks(*self.y_range)] if log else None)

    def data(self) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """The numbers drawn (tests read them back): curve name -> (x, y)."""
        out = {}
        for name, curve in (("train", self.train), ("test", self.test)):
            x, y = curve.getOriginalDataset()
            out[name] = (
                np.array([] if x is None else x, dtype=float),
                np.array([] if y is None else y, dtype=float),
            )
        return out


LOG_LIMIT = 307.0  # a log axis's ticks stay within 10^±307, numbers a float can hold


def log_ticks(low: float, high: float) -> list[tuple[float, str]]:
    """Readable ticks for a log axis over [10^low, 10^high], positions in log10 units:
    1, 2, 5 × 10^k; decades only (thinned) when that is too many; every digit when too few.
    A diverging loss (10^300 and beyond, or a range that is not finite) gets ticks only where
    a float can write them, never an OverflowError."""
    if not (math.isfinite(low) and math.isfinite(high)):
        return []
    low, high = max(low, -LOG_LIMIT), min(high, LOG_LIMIT)
    if low > high:
        return []
    decades = range(math.floor(low), math.ceil(high) + 1)

    def inside(digits: tuple[int, ...]) -> list[tuple[float, int, int]]:
        at = ((k + math.log10(d), d, k) for k in decades for d in digits)
        return [tick for tick in at if low <= tick[0] <= high]

    ticks = inside((1, 2, 5))
    if len(ticks) > 7:
        ticks = inside((1,))
        ticks = ticks[:: max(1, math.ceil(len(ticks) / 7))]
    elif len(ticks) < 3:
        ticks = inside(tuple(range(1, 10)))
    return [(position, f"{float(f'{d}e{k}'):g}") for position, d, k in ticks]


class LinePlot:
    """The samples and the prediction over the single input (the fitted line)."""

    def __init__(self, plot: pg.PlotItem, session: Session) -> None:
        self.plot = plot
        model = session.model
        feature, target = model.features[0], model.targets[0]
        _style(plot, translate("LabPlots", "The fit"), pretty(feature), pretty(target))
        plot.addLegend(offset=(8, 8), labelTextSize="10pt", labelTextColor="#222")
        cols = session.data.train_columns
        self.train = pg.ScatterPlotItem(
            cols[feature],
            cols[target],
            size=8,
            pen=pg.mkPen("w", width=1),
            brush=pg.mkBrush(TRAIN_COLOUR),
            name=translate("LabPlots", "train"),
        )
        plot.addItem(self.train)
        self.test: Any = None  # a pyqtgraph curve with held-out data
        if session.data.test_columns:
            tcols = session.data.test_columns
            self.test = pg.ScatterPlotItem(
                tcols[feature],
                tcols[target],
                size=9,
                pen=pg.mkPen(TEST_COLOUR, width=2),
                brush=pg.mkBrush(255, 255, 255, 200),
                name=translate("LabPlots", "held out"),
            )
            plot.addItem(self.test)
        pred = model.graph[model.prediction].display if model.prediction else "prediction"
        self.curve = plot.plot(pen=pg.mkPen(FIT_COLOUR, width=3), name=pretty(pred), antialias=True)
        self.names = [model.graph[n].display for n in session.trainer.param_ids]
        self.terms: list[Any] = []  # one thin curve per hidden neuron: pⱼ·hⱼ(x)
        terms = session.contributions()
        if terms is not None:
            for j, _ in enumerate(terms[1]):
                name = translate("LabPlots", "pⱼ·hⱼ(x), one per hidden neuron") if j == 0 else None
                colour = TERM_COLOURS[j % len(TERM_COLOURS)]
                curve = plot.plot(pen=pg.mkPen(colour, width=1.5), name=name, antialias=True)
                curve.setZValue(-1)  # behind the data and the fit
                self.terms.append(curve)

    def refresh(self, session: Session) -> None:
        xs, ys = session.curve()
        self.curve.setData(xs, ys)
        if self.terms:
            terms = session.contributions()
            if terms is not None:
                for curve, values in zip(self.terms, terms[1], strict=False):
                    curve.setData(terms[0], values)
        params = session.parameters()
        if len(params) <= 4 and all(np.ndim(v) == 0 for v in params.values()):
            text = ",  ".join(
                f"{pretty(session.model.graph[k].display)} = {float(v):.4g}"
                for k, v in params.items()
            )
            fit = translate("LabPlots", "Fit: {text}").format(text=text)
            self.plot.setTitle(fit, size=TITLE_PT)


class SurfacePlot:
    """Q(w₀, w₁) as colour and contour lines, and the path gradient descent took over it."""

    LEVELS = 14

    def __init__(self, plot: pg.PlotItem, session: Session) -> None:
        self.plot = plot
        assert session.surface_params is not None
        a, b = (pretty(session.model.graph[n].display) for n in session.surface_params)
        title = translate("LabPlots", "Q({a}, {b}) and the descent path").format(a=a, b=b)
        _style(plot, title, a, b)
        self.image = pg.ImageItem(axisOrder="col-major")
        self.image.setColorMap(pg.colormap.get("viridis"))
        plot.addItem(self.image)
        self.isocurves: list[pg.IsocurveItem] = []
        for _ in range(self.LEVELS):
            iso = pg.IsocurveItem(
                level=0.0, pen=pg.mkPen(255, 255, 255, 150, width=1), axisOrder="col-major"
            )
            iso.setParentItem(self.image)
            self.isocurves.append(iso)
        self.path = plot.plot(
            pen=pg.mkPen("#ffffff", width=2),
            symbol="o",
            symbolSize=4,
            symbolBrush="#ffffff",
            symbolPen=None,
        )
        self.start = pg.ScatterPlotItem(
            size=12, symbol="s", brush="#ffffff", pen="#000000", name=translate("LabPlots", "start")
        )
        self.current = pg.ScatterPlotItem(
            size=16,
            symbol="o",
            brush=FIT_COLOUR,
            pen=pg.mkPen("#ffffff", width=2),
            name=translate("LabPlots", "now"),
        )
        legend = plot.addLegend(
            offset=(6, -6), labelTextSize="10pt", labelTextColor="#ffffff", brush=(30, 30, 30, 170)
        )
        plot.addItem(self.start)
        plot.addItem(self.current)
        legend.addItem(self.path, translate("LabPlots", "path"))
        self.shown: Any = None

    def refresh(self, session: Session) -> None:
        surface = session.ensure_surface()
        if surface is not None and surface is not self.shown:
            self._show_surface(surface)
        path = np.array(session.path, dtype=float)
        self.path.setData(path[:, 0], path[:, 1])
        self.start.setData([path[0, 0]], [path[0, 1]])
        self.current.setData([path[-1, 0]], [path[-1, 1]])

    def _show_surface(self, surface) -> None:
        q = surface.q
        finite = q[np.isfinite(q)]
        if not len(finite):
            return
        low, high = float(finite.min()), float(finite.max())
        delta = max((high - low) * 1e-4, 1e-12)
        z = np.log10(np.where(np.isfinite(q), q, high) - low + delta)
        self.image.setImage(z, autoLevels=True)
        x0, x1 = float(surface.xs[0]), float(surface.xs[-1])
        y0, y1 = float(surface.ys[0]), float(surface.ys[-1])
        self.image.setRect(QRectF(x0, y0, x1 - x0, y1 - y0))
        levels = np.linspace(float(z.min()), float(z.max()), self.LEVELS + 2)[1:-1]
        for iso, level in zip(self.isocurves, levels, strict=True):
            iso.setData(z, level)
        self.plot.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)
        self.shown = surface


class PlanePlot:
    """The prediction over the plane as a heat map, the samples on top, the 0.5 boundary."""

    def __init__(self, plot: pg.PlotItem, session: Session) -> None:
        self.plot = plot
        model = session.model
        f1, f2 = model.features
        classify = session.trainer.accuracy is not None
        pred = model.graph[model.prediction].display if model.prediction else "output"
        title = translate(
            "LabPlots",
            "{prediction} over the plane<br><span style='font-size:9pt'>orange 0 · blue 1 · "
            "● train ◆ held out</span>",
        ).format(prediction=pretty(pred))
        _style(plot, title, pretty(f1), pretty(f2))
        plot.setAspectLocked(True)
        self.image = pg.ImageItem(axisOrder="col-major")
        self.cmap = diverging_map()
        self.image.setColorMap(self.cmap)
        plot.addItem(self.image)
        self.levels = self._levels(session, classify)
        self.boundary: Any = None  # a pyqtgraph curve for classification
        self.threshold = 0.0
        accuracy = session.trainer.accuracy
        if classify and accuracy is not None:
            self.threshold = accuracy.threshold
            self.boundary = plot.plot(pen=pg.mkPen("#222222", width=2), connect="pairs")
        target = model.targets[0]
        cols = session.data.train_columns
        self.train = pg.ScatterPlotItem(
            cols[f1],
            cols[f2],
            size=7,
            pen=pg.mkPen("#222222", width=1),
            brush=self._brushes(cols[target]),
        )
        plot.addItem(self.train)
        if session.data.test_columns:
            tcols = session.data.test_columns
            self.test = pg.ScatterPlotItem(
                tcols[f1],
                tcols[f2],
                size=10,
                symbol="d",
                pen=pg.mkPen("#ffffff", width=1.5),
                brush=self._brushes(tcols[target]),
            )
            plot.addItem(self.test)
        else:
            self.test = None
        self.hidden: HiddenMaps | None = None
        self.rect: tuple[float, float, float, float] | None = None
        self.classify = classify
        self.discretize = False  # Playground's "Discretize output": each point's class only

    def _levels(self, session: Session, classify: bool) -> tuple[float, float]:
        accuracy = session.trainer.accuracy
        if classify and accuracy is not None and accuracy.threshold == 0.5:
            return (0.0, 1.0)
        target = session.data.train_columns[session.model.targets[0]]
        if classify:
            return (-6.0, 6.0)  # logits
        span = float(np.max(np.abs(target))) or 1.0
        return (-span, span)

    def _brushes(self, values: np.ndarray) -> list:
        low, high = self.levels
        scaled = np.clip((values - low) / (high - low), 0.0, 1.0)
        colours = self.cmap.map(scaled, mode="qcolor")
        for colour in colours:
            colour.setAlpha(255)
        return [pg.mkBrush(c) for c in colours]

    def show_test(self, shown: bool) -> None:
        """Playground's "Show test data": the held-out points on the plane, or not."""
        if self.test is not None:
            self.test.setVisible(shown)

    def shown_image(self, prediction: np.ndarray) -> np.ndarray:
        """The output as drawn: with ``discretize``, a class (the threshold's side) or, for a
        regression, the sign of the output at full strength, as Playground discretizes."""
        if not self.discretize:
            return prediction
        low, high = self.levels
        if self.classify:
            return np.where(prediction >= self.threshold, high, low)
        return np.where(prediction >= 0.0, high, low)

    def refresh(self, session: Session) -> None:
        box, prediction, hidden = session.plane()
        self.image.setImage(self.shown_image(prediction), autoLevels=False, levels=self.levels)
        if box != self.rect:
            x0, x1, y0, y1 = box
            self.image.setRect(QRectF(x0, y0, x1 - x0, y1 - y0))
            self.plot.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)
            self.rect = box
        if self.boundary is not None:
            x0, x1, y0, y1 = box
            xs = np.linspace(x0, x1, prediction.shape[0])
            ys = np.linspace(y0, y1, prediction.shape[1])
            bx, by = contour_segments(prediction, self.threshold, xs, ys)
            self.boundary.setData(bx, by, connect="pairs")
        if self.hidden is not None:
            self.hidden.refresh(box, hidden)


class HiddenMaps:
    """One small heat map per hidden neuron (its output over the same plane), a block of rows
    per layer, at most ``COLUMNS`` maps a row so they stay large enough to read."""

    COLUMNS = 4

    def __init__(self, layout: pg.GraphicsLayout, session: Session) -> None:
        self.layout = layout
        labels = [label for _nid, _col, label in session.model.hidden]
        layers: dict[str, list[int]] = {}
        for k, label in enumerate(labels):
            layer = label.split("_")[0] if "_" in label else "h"
            layers.setdefault(layer, []).append(k)
        columns = min(self.COLUMNS, max(len(v) for v in layers.values()))
        layout.addLabel(
            translate("LabPlots", "hidden neurons"),
            row=0,
            col=0,
            colspan=columns,
            size=TITLE_PT,
            color="#222",
        )
        layout.setSpacing(3)
        self.cmap = diverging_map()
        self.images: list[pg.ImageItem] = [None] * len(labels)  # type: ignore[list-item]
        self.views: list[pg.ViewBox] = []
        self.texts: list[pg.TextItem] = []
        row = 1
        for members in layers.values():
            for position, k in enumerate(members):
                r, c = divmod(position, columns)
                view = layout.addViewBox(row=row + r, col=c, lockAspect=True, enableMouse=False)
                view.setMenuEnabled(False)
                view.setMinimumSize(30, 30)
                image = pg.ImageItem(axisOrder="col-major")
                image.setColorMap(self.cmap)
                view.addItem(image)
                text = pg.TextItem(pretty(labels[k]), color="#111", anchor=(0, 0))
                text.setFont(_font(9, bold=True))
                view.addItem(text, ignoreBounds=True)
                self.images[k] = image
                self.views.append(view)
                self.texts.append(text)
            row += (len(members) + columns - 1) // columns
        self.rect: tuple[float, float, float, float] | None = None

    def refresh(self, box: tuple, maps: list[np.ndarray]) -> None:
        x0, x1, y0, y1 = box
        for image, values in zip(self.images, maps, strict=True):
            span = float(np.nanmax(np.abs(values))) if values.size else 1.0
            span = span if math.isfinite(span) and span > 0 else 1.0
            image.setImage(values, autoLevels=False, levels=(-span, span))
        if box != self.rect:
            for image in self.images:
                image.setRect(QRectF(x0, y0, x1 - x0, y1 - y0))
            for view, text in zip(self.views, self.texts, strict=True):
                view.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)
                text.setPos(x0, y1)
            self.rect = box


class LabPlots(QWidget):
    """All training plots of the current session, in one exportable layout."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lab_plots")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.plane_options = QWidget(self)  # Playground's two toggles under its output plot
        row = QHBoxLayout(self.plane_options)
        row.setContentsMargins(6, 2, 6, 0)
        self.show_test = QCheckBox(translate("LabPlots", "Show test data"), self.plane_options)
        self.show_test.setObjectName("lab_show_test")
        self.show_test.setChecked(True)
        self.discretize = QCheckBox(translate("LabPlots", "Discretize output"), self.plane_options)
        self.discretize.setObjectName("lab_discretize")
        self.discretize.setToolTip(
            translate("LabPlots", "Colour each point of the plane by its class only")
        )
        row.addWidget(self.show_test)
        row.addWidget(self.discretize)
        row.addStretch(1)
        self.show_test.toggled.connect(self._plane_options_changed)
        self.discretize.toggled.connect(self._plane_options_changed)
        layout.addWidget(self.plane_options)
        self.plane_options.setVisible(False)
        self.area = pg.GraphicsLayoutWidget(self)
        self.area.setObjectName("lab_plot_area")
        self.area.setBackground("w")
        layout.addWidget(self.area)
        self.on_export: Callable[[], None] | None = None  # the lab's Export…, for our menu
        plot_menu.install(self.area, self.plot_items, export=self._export_requested)
        self.loss: LossPlot | None = None
        self.line: LinePlot | None = None
        self.surface: SurfacePlot | None = None
        self.plane: PlanePlot | None = None
        self.session: Session | None = None

    # ------------------------------------------------------------------ building
    def set_session(self, session: Session | None) -> None:
        """Make the plots this session can show (once per session, not per frame)."""
        self.area.clear()
        self.loss = self.line = self.surface = self.plane = None
        self.session = session
        if session is None:
            self.plane_options.setVisible(False)
            self.area.addLabel(
                translate("LabPlots", "Open the lab on a document that can be trained."),
                size=TITLE_PT,
            )
            return
        view = session.model.view
        columns = 2 if (view == "plane" or session.surface_params is not None) else 1
        loss_item = self.area.addPlot(row=0, col=0, colspan=columns)
        self.loss = LossPlot(loss_item)
        self.loss.show_test(session.data.test is not None)
        if view == "line":
            self.line = LinePlot(self.area.addPlot(row=1, col=0), session)
        if session.surface_params is not None:
            col = 1 if view == "line" else 0
            self.surface = SurfacePlot(self.area.addPlot(row=1, col=col), session)
        self.plane_options.setVisible(view == "plane")
        if view == "plane":
            self.plane = PlanePlot(self.area.addPlot(row=1, col=0), session)
            self.plane.show_test(self.show_test.isChecked())
            self.plane.discretize = self.discretize.isChecked()
            if session.model.hidden:
                inner = self.area.addLayout(row=1, col=1)
                self.plane.hidden = HiddenMaps(inner, session)
        for item in self.plot_items():
            plot_menu.no_plot_menu(item)  # ours instead (gui.plot_menu): pyqtgraph's is English
        rows = self.area.ci.layout
        rows.setRowStretchFactor(0, 2)
        rows.setRowStretchFactor(1, 3)
        self.refresh(heavy=True)

    def _plane_options_changed(self, _checked: bool = False) -> None:
        if self.plane is not None:
            self.plane.show_test(self.show_test.isChecked())
            self.plane.discretize = self.discretize.isChecked()
            self.refresh_heavy()

    def set_plane_options(self, show_test: bool, discretize: bool) -> None:
        self.show_test.setChecked(show_test)
        self.discretize.setChecked(discretize)

    def plot_items(self) -> list[pg.PlotItem]:
        return [item for item in self.area.ci.items if isinstance(item, pg.PlotItem)]

    def _export_requested(self) -> None:
        if self.on_export is not None:
            self.on_export()

    # ------------------------------------------------------------------ updating
    def refresh(self, heavy: bool = True) -> None:
        """Redraw from the session's numbers; ``heavy`` includes the heat maps."""
        session = self.session
        if session is None or self.loss is None:
            return
        self.loss.refresh(session)
        if self.line is not None:
            self.line.refresh(session)
        if self.surface is not None:
            self.surface.refresh(session)
        if heavy:
            self.refresh_heavy()

    def has_heavy(self) -> bool:
        return self.plane is not None

    def refresh_heavy(self) -> None:
        """The heat maps (a forward pass over a grid, and many images)."""
        if self.session is not None and self.plane is not None:
            self.plane.refresh(self.session)

    # ------------------------------------------------------------------ export
    def export(self, path: str | Path) -> Path:
        """PNG (twice the on-screen size, so text stays sharp) or SVG, by the file's suffix."""
        return export_scene(self.area.scene(), path, self.area.width())


def export_scene(scene, path: str | Path, width: int) -> Path:
    """A pyqtgraph scene as SVG, or as PNG at twice its width (at least 1200 pixels), written
    atomically (core.io.atomic: WriteError, and the old file kept, if it cannot be written)."""
    from core.io import atomic

    from ..export.encode import image_png_bytes

    target = Path(path)
    if target.suffix.lower() == ".svg":
        with _closed_paths_tolerated():
            svg = pg.exporters.SVGExporter(scene).export(toBytes=True)
        atomic.write_bytes(target, bytes(svg))
        return target
    if target.suffix.lower() != ".png":
        target = target.with_suffix(".png")
    exporter = pg.exporters.ImageExporter(scene)
    exporter.parameters()["width"] = max(int(width * 2), 1200)
    atomic.write_bytes(target, image_png_bytes(exporter.export(toBytes=True), target))
    return target


@contextmanager
def _closed_paths_tolerated() -> Iterator[None]:
    """pyqtgraph 0.14's SVG exporter reads every token of a path as "x,y" and fails on the "Z"
    that Qt 6's QSvgGenerator writes to close a path. Qt also writes the closing line segment
    explicitly before it, so dropping the "Z" draws the same picture. Patched only while
    exporting, and only if pyqtgraph still has the function."""
    module: Any = sys.modules.get("pyqtgraph.exporters.SVGExporter")
    original = getattr(module, "correctCoordinates", None)
    if module is None or original is None:
        yield
        return

    def tolerant(node, defs, item, options):
        for element in node.getElementsByTagName("path"):
            d = element.getAttribute("d")
            tokens = [t for t in d.split() if t not in ("Z", "z")]
            element.setAttribute("d", " ".join(tokens))
        return original(node, defs, item, options)

    module.correctCoordinates = tolerant
    try:
        yield
    finally:
        module.correctCoordinates = original


def _font(points: int, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSize(points)
    font.setBold(bold)
    return font

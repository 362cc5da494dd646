"""The view on the graph scene: zoom (wheel, pinch, + − 0 keys), pan (drag the background or
use the scrollbars), fit to window, and following the step by the rules of gui.framing (the
whole graph at Start and End; the step kept in view with the least motion in between). Text is
hidden by the items themselves when zoomed far out (level of detail), so big graphs stay fluid.

The zoom is automatic (readable text, the whole graph when it fits readably) until the person
zooms by hand; their zoom is then kept while stepping (zooming out only when a step would not
fit) until Fit to Window hands it back to the automatic framing."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, Qt
from PySide6.QtGui import (
    QHelpEvent,
    QKeyEvent,
    QNativeGestureEvent,
    QPainter,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QGestureEvent,
    QGraphicsView,
    QPinchGesture,
    QStyle,
    QToolTip,
    QWidget,
)

from . import framing
from .override_guard import guard_overrides
from .scene import GraphScene

MIN_ZOOM = 0.03
MAX_ZOOM = 6.0
STEP = 1.2  # one wheel notch or key press
MAX_FIT_ZOOM = framing.MAX_FIT_ZOOM


def box(rect: QRectF) -> framing.Box:
    return framing.Box(rect.left(), rect.top(), rect.width(), rect.height())


def qrect(b: framing.Box) -> QRectF:
    return QRectF(b.left, b.top, b.width, b.height)


@guard_overrides
class GraphView(QGraphicsView):
    def __init__(self, scene: GraphScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheBackground)  # the edges' lines
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing, True)
        # every item sets the pen, brush and font it draws with (and restores any render hint
        # it changes), so Qt need not save and restore the painter around each one
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState, True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().grabGesture(Qt.GestureType.PinchGesture)
        self._pinch_start = 1.0
        self._follow = False
        self._manual_zoom: float | None = None  # the person's own zoom; None: automatic
        self.readable_px = framing.WINDOW_TEXT_PX  # node values at least this tall on screen
        scene.position_shown.connect(self._position_shown)

    def graph_scene(self) -> GraphScene:
        scene = self.scene()
        assert isinstance(scene, GraphScene)
        return scene

    # ------------------------------------------------------------------ zoom
    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, factor: float) -> None:
        """Zoom by hand: kept while stepping, until Fit to Window."""
        self._scale_to(factor)
        self._manual_zoom = self.zoom()

    def _scale_to(self, factor: float) -> None:
        factor = min(MAX_ZOOM, max(MIN_ZOOM, factor))
        current = self.zoom()
        if current > 0 and abs(factor - current) > 1e-9:
            self.scale(factor / current, factor / current)
        self._zoom_changed()

    def _zoom_changed(self) -> None:
        self.graph_scene().set_view_zoom(self.zoom())

    def zoom_by(self, factor: float) -> None:
        self.set_zoom(self.zoom() * factor)

    def zoom_in(self) -> None:
        self.zoom_by(STEP)

    def zoom_out(self) -> None:
        self.zoom_by(1 / STEP)

    def reset_zoom(self) -> None:
        """100%: text at its designed size."""
        self.set_zoom(1.0)

    def manual_zoom(self) -> float | None:
        return self._manual_zoom

    def fit_all(self) -> None:
        """Show the whole graph (never enlarging a small one beyond MAX_FIT_ZOOM) and give the
        zoom back to the automatic framing."""
        self._manual_zoom = None
        rect = self.graph_scene().graph_rect()
        if not rect.isEmpty():
            self.apply_frame(framing.whole(box(rect), self._viewport_size()))

    def fit_rect(self, rect: QRectF) -> None:
        self.apply_frame(framing.whole(box(rect), self._viewport_size()))

    def _viewport_size(self) -> tuple[float, float]:
        """The room framing fits into: the viewport less the room a scroll bar may take, shown
        or not. A fit must not depend on whether a bar shows, or showing one shrinks the
        viewport, the fit shrinks, the bar hides, the fit grows, and so on for ever."""
        size = self.contentsRect().size()
        w, h = size.width(), size.height()
        extent = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
        if self.verticalScrollBarPolicy() != Qt.ScrollBarPolicy.ScrollBarAlwaysOff:
            w -= extent
        if self.horizontalScrollBarPolicy() != Qt.ScrollBarPolicy.ScrollBarAlwaysOff:
            h -= extent
        return (float(max(1, w)), float(max(1, h)))

    def _shown_size(self) -> tuple[float, float]:
        """The viewport as it is now (scroll bars shown or not): what the person sees."""
        size = self.viewport().size()
        return (float(max(1, size.width())), float(max(1, size.height())))

    def current_frame(self) -> framing.Frame:
        centre = self.visible_rect().center()
        return framing.Frame(self.zoom(), (centre.x(), centre.y()))

    def visible_rect(self) -> QRectF:
        """The scene rectangle the viewport shows (to the fraction of a pixel)."""
        w, h = self._shown_size()
        inverse, _ok = self.viewportTransform().inverted()
        return inverse.mapRect(QRectF(0.0, 0.0, w, h))

    def apply_frame(self, frame: framing.Frame) -> None:
        if abs(frame.zoom - self.zoom()) > 1e-9 * max(1.0, frame.zoom):
            self._scale_to(frame.zoom)
        else:
            self._zoom_changed()
        now = self.current_frame()
        if abs(now.centre[0] - frame.centre[0]) * frame.zoom > 0.5 or (
            abs(now.centre[1] - frame.centre[1]) * frame.zoom > 0.5
        ):
            self.centerOn(*frame.centre)

    # ------------------------------------------------------------------ following the step
    def set_follow(self, follow: bool) -> None:
        """Keep the current step in sight (gui.framing); frames it at once."""
        self._follow = bool(follow)
        if follow:
            self.frame()

    def follows(self) -> bool:
        return self._follow

    def follow_state(self) -> tuple[bool, float | None]:
        """Following and the person's zoom, for presentation mode to put back exactly."""
        return (self._follow, self._manual_zoom)

    def set_follow_state(self, state: tuple[bool, float | None]) -> None:
        self._follow, self._manual_zoom = state

    def frame_automatically(self) -> None:
        """The automatic framing from now on: readable zoom, the whole graph when it fits."""
        self._manual_zoom = None
        self.set_follow(True)

    def readable_zoom(self) -> float:
        """The zoom at which node values show ``readable_px`` tall."""
        px = self.graph_scene().style.value_font.pixelSize()
        return framing.readable_zoom(px, self.readable_px)

    def _position_shown(self, _position: int) -> None:
        if self._follow:
            self.frame()

    def frame(self) -> None:
        """Frame the scene's current position by the rules of gui.framing."""
        scene = self.graph_scene()
        rect = scene.graph_rect()
        if rect.isEmpty():
            return
        graph, viewport = box(rect), self._viewport_size()
        position, length = scene.position, scene.length
        readable = self.readable_zoom()
        auto = self._manual_zoom is None
        if position in (0, length) or (auto and framing.fits_readably(graph, viewport, readable)):
            self.apply_frame(framing.whole(graph, viewport))
            return
        step = scene.focus_rect(whole=True)
        if step.isNull():
            return
        self.show_rect(step, look_ahead=True)

    def show_rect(self, rect: QRectF, look_ahead: bool = False) -> None:
        """Bring ``rect`` into view with the least motion (at a readable zoom); with
        ``look_ahead`` (``rect`` is the current step) also the next steps when the view has to
        move anyway, and no zooming in while the next step would zoom out again."""
        scene = self.graph_scene()
        graph = box(scene.graph_rect())
        viewport = self._viewport_size()
        preferred = self._manual_zoom if self._manual_zoom is not None else self.readable_zoom()
        current = self.current_frame()
        step = box(rect)
        core = box(scene.focus_rect(whole=False)) if look_ahead else None
        keep = False
        if look_ahead and current.zoom < preferred * (1 - 1e-6):
            for k in (1, 2):
                coming = scene.step_rect(scene.position + k * scene.direction)
                if not coming.isNull() and framing.fit_zoom(box(coming), viewport) < preferred:
                    keep = True
                    break
        target = framing.follow(
            current, viewport, graph, step, preferred, core=core, keep_zoom=keep
        )
        if look_ahead and target != current:
            room = qrect(target.visible(viewport)).size() * 0.8
            ahead = scene.follow_rect(room)
            if not ahead.isNull():
                target = framing.follow(
                    current, viewport, graph, step, preferred, box(ahead), core=core, keep_zoom=keep
                )
        self.apply_frame(target)

    def center_on_node(self, node_id: str) -> None:
        self.centerOn(self.graph_scene().node_item(node_id))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        if self._follow and self._manual_zoom is None:
            self.frame()

    # ------------------------------------------------------------------ input
    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 (Qt override)
        delta = event.angleDelta().y()
        if delta == 0:
            super().wheelEvent(event)
            return
        self.zoom_by(STEP ** (delta / 120.0))
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_in()
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom_out()
        elif key == Qt.Key.Key_0:
            self.reset_zoom()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.graph_scene().tooltip_at(self.mapToScene(event.pos()))
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        if (
            kind == QEvent.Type.NativeGesture
            and isinstance(event, QNativeGestureEvent)
            and event.gestureType() == Qt.NativeGestureType.ZoomNativeGesture
        ):
            self.zoom_by(1.0 + event.value())
            return True
        if kind == QEvent.Type.Gesture and isinstance(event, QGestureEvent):
            pinch = event.gesture(Qt.GestureType.PinchGesture)
            if isinstance(pinch, QPinchGesture):
                if pinch.state() == Qt.GestureState.GestureStarted:
                    self._pinch_start = self.zoom()
                self.set_zoom(self._pinch_start * pinch.totalScaleFactor())
                event.accept(pinch)
                return True
        return super().viewportEvent(event)

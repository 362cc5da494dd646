"""The view on the graph scene: zoom (wheel, pinch, + − 0 keys), pan (drag the background or
use the scrollbars), fit to window. Text is hidden by the items themselves when zoomed far out
(level of detail), so big graphs stay fluid."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, Qt
from PySide6.QtGui import QHelpEvent, QKeyEvent, QNativeGestureEvent, QPainter, QWheelEvent
from PySide6.QtWidgets import (
    QFrame,
    QGestureEvent,
    QGraphicsView,
    QPinchGesture,
    QToolTip,
    QWidget,
)

from gui.override_guard import guard_overrides
from gui.scene import GraphScene

MIN_ZOOM = 0.03
MAX_ZOOM = 6.0
STEP = 1.2  # one wheel notch or key press
MAX_FIT_ZOOM = 1.6  # fitting a tiny graph does not blow it up past this


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
        scene.focus_changed.connect(self._focus_changed)

    def graph_scene(self) -> GraphScene:
        scene = self.scene()
        assert isinstance(scene, GraphScene)
        return scene

    # ------------------------------------------------------------------ zoom
    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, factor: float) -> None:
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

    def fit_all(self) -> None:
        """Show the whole graph, but never enlarge a small one beyond MAX_FIT_ZOOM."""
        scene = self.graph_scene()
        rect = scene.graph_rect()
        if rect.isEmpty():
            return
        self.fit_rect(rect)

    def fit_rect(self, rect: QRectF) -> None:
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom() > MAX_FIT_ZOOM:
            self.set_zoom(MAX_FIT_ZOOM)
            self.centerOn(rect.center())
        self._zoom_changed()

    def set_follow(self, follow: bool) -> None:
        """Keep the current step in sight: scroll to it whenever it would leave the view."""
        self._follow = bool(follow)
        if follow:
            self._focus_changed(self.graph_scene().focus_rect(whole=False))

    def follows(self) -> bool:
        return self._follow

    def _focus_changed(self, rect: QRectF) -> None:
        """Scroll only when the current step nears the edge of the view, and then frame it
        together with the next steps (GraphScene.follow_rect): one bigger jump now and then
        reads better than a nudge at every step, and each scroll repaints the whole view."""
        if not self._follow or rect.isNull():
            return
        visible = self.mapToScene(self.viewport().rect()).boundingRect()
        margin = 40.0 / max(self.zoom(), 1e-6)
        inner = visible.adjusted(margin, margin, -margin, -margin)
        if inner.contains(rect):
            return
        if rect.width() <= inner.width() and rect.height() <= inner.height():
            self.centerOn(self.graph_scene().follow_rect(inner.size()).center())
        else:
            self.ensureVisible(rect, 10, 10)

    def center_on_node(self, node_id: str) -> None:
        self.centerOn(self.graph_scene().node_item(node_id))

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

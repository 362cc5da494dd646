"""Presentation mode (F5): the window on a projector, driven by a clicker.

Entering remembers the exact layout (docks, toolbars, menus, geometry, zoom), then goes full
screen with only the graph and the step explanation, both scaled up, the graph zoomed so its
numbers stay readable from the back of a lecture hall (following the step when the whole graph
would be too small). PageDown, →, Space and a left click go one step forward; PageUp, ← and a
right click one back (presentation clickers send these keys); Esc or F5 leaves and puts
everything back. A red laser-pointer ring follows the node under the mouse.

The keys are taken by an event filter while presenting, not bound as shortcuts: Space and the
arrows already belong to the player's actions, and a key is bound once in the whole window.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QObject,
    QPointF,
    QRect,
    QRectF,
    QSignalBlocker,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QCursor,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QTransform,
)
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QGraphicsItem,
    QStyle,
    QStyleOptionGraphicsItem,
    QToolBar,
    QWidget,
)

from . import framing, palette
from .actions import ActionSpec
from .items.node_item import NodeItem
from .override_guard import guard_overrides
from .qt_typed import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from .window_parts import WindowParts

SCENE_SCALE = 1.5  # node text and lines, relative to the window's normal size
EXPLANATION_SCALE = 1.7  # at least; more when the screen's font is small
EQUATION_PX = 40.0  # the step's equation at least this tall (pixels), read from the back row
BASE_TEXT_PX = 15.0  # the scene's number font at scale 1 (gui.items.Style)
MIN_TEXT_PX = framing.PRESENTATION_TEXT_PX  # numbers on screen, or zoom in and follow the step
EXPLANATION_SHARE = 0.22  # of the screen's height, for the explanation under the graph
LASER_RED = (230, 20, 40)
Z_LASER = 100.0  # above everything the scene draws
CLICK_SLOP = 8  # pixels a click may move and still count as a click
KEEP_DOCK = "explanation_dock"

FORWARD_KEYS = {Qt.Key.Key_Right, Qt.Key.Key_PageDown, Qt.Key.Key_Space, Qt.Key.Key_Down}
BACK_KEYS = {Qt.Key.Key_Left, Qt.Key.Key_PageUp, Qt.Key.Key_Up}
LEAVE_KEYS = {Qt.Key.Key_Escape}

SPEC = ActionSpec(
    "view_presentation",
    QT_TRANSLATE_NOOP("Actions", "&Presentation Mode"),
    ("F5",),
    QT_TRANSLATE_NOOP(
        "Actions",
        "Full screen for a projector: big text, only the graph and the explanation; "
        "PageDown/→/Space/click step, PageUp/← back, Esc leaves",
    ),
    QStyle.StandardPixmap.SP_TitleBarMaxButton,
    checkable=True,
    icon_text=QT_TRANSLATE_NOOP("Actions", "Present"),
)


@guard_overrides
class LaserItem(QGraphicsItem):
    """A glowing red ring around the node under the mouse; never picked by the mouse itself."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(Z_LASER)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.node_id = ""
        self._rect = QRectF()
        self._round = True
        self._width = 6.0
        self.setVisible(False)

    def point_at(self, item: NodeItem | None) -> None:
        if item is None:
            self.node_id = ""
            self.setVisible(False)
            return
        self.prepareGeometryChange()
        self.node_id = item.node_id
        self._rect = item.mapRectToScene(item.shape_rect)
        self._round = item.caption.kind == "op"
        self._width = 6.0 * item.style.scale
        self.setVisible(True)
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt override)
        m = self._width * 3
        return self._rect.adjusted(-m, -m, m, m)

    def shape(self) -> QPainterPath:
        return QPainterPath()

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        m = self._width * 2.2  # the glow stays outside the node: its numbers stay readable
        rect = self._rect.adjusted(-m, -m, m, m)
        for width, alpha in ((self._width * 3.2, 60), (self._width, 230)):
            painter.setPen(QPen(QColor(*LASER_RED, alpha), width))
            if self._round:
                painter.drawEllipse(rect)
            else:
                radius = min(rect.height(), rect.width()) / 2
                painter.drawRoundedRect(rect, radius, radius)


def _laser_cursor() -> QCursor:
    """A red dot, like a laser pointer's spot."""
    size = 22
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(*LASER_RED, 90))
    painter.drawEllipse(QRectF(1, 1, size - 2, size - 2))
    painter.setBrush(QColor(*LASER_RED))
    painter.drawEllipse(QRectF(6, 6, size - 12, size - 12))
    painter.end()
    return QCursor(pixmap, size // 2, size // 2)


@dataclass
class SavedLayout:
    """Everything presentation mode changes, to put back exactly on leaving."""

    state: QByteArray
    geometry: QByteArray
    rect: QRect  # the window's geometry itself: restoreGeometry alone is off by the frame
    window_state: Qt.WindowState
    menu_bar: bool
    status_bar: bool
    transform: QTransform
    centre: QPointF
    scroll: tuple[int, int, QRectF]  # scroll bar values and the scene rectangle they were for
    follow: tuple[bool, float | None]  # GraphView.follow_state
    readable_px: float
    dim_alpha: int
    scene_scale: float
    explanation_scale: float
    mouse_tracking: bool
    cursor: QCursor
    scroll_bars: tuple[Qt.ScrollBarPolicy, Qt.ScrollBarPolicy]


@guard_overrides
class Presentation(QObject):
    """Presentation mode of one window (``window.presentation``)."""

    active_changed = Signal(bool)

    def __init__(self, parts: WindowParts) -> None:
        super().__init__(parts.window)
        self.parts = parts
        self.window = parts.window  # full screen, its bars and docks; the graph is parts'
        self.saved: SavedLayout | None = None
        self.laser = LaserItem()
        self._press: QPointF | None = None
        self._restored: SavedLayout | None = None
        self._blank_title = QWidget()
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(80)
        self._refit.timeout.connect(self.fit)
        self.action = parts.actions.add(SPEC, self.set_active)
        parts.window.addAction(self.action)  # F5 works with the toolbar and menus hidden
        parts.main_toolbar.addAction(self.action)
        parts.menus.view.insertAction(parts.menus.panels.menuAction(), self.action)

    @property
    def active(self) -> bool:
        return self.saved is not None

    def set_active(self, active: bool) -> None:
        if active:
            self.enter()
        else:
            self.leave()

    # ------------------------------------------------------------------ entering and leaving
    def enter(self) -> None:
        if self.active:
            return
        w, p = self.window, self.parts
        view = p.view
        self.saved = SavedLayout(
            state=w.saveState(),
            geometry=w.saveGeometry(),
            rect=w.geometry(),
            window_state=w.windowState(),
            menu_bar=w.menuBar().isVisible(),
            status_bar=w.statusBar().isVisible(),
            transform=view.transform(),
            centre=view.mapToScene(view.viewport().rect().center()),
            scroll=(
                view.horizontalScrollBar().value(),
                view.verticalScrollBar().value(),
                QRectF(p.scene.sceneRect()),
            ),
            follow=view.follow_state(),
            readable_px=view.readable_px,
            dim_alpha=p.scene.dim_alpha(),
            scene_scale=p.scene.presentation_scale(),
            explanation_scale=p.explanation.scale,
            mouse_tracking=view.viewport().hasMouseTracking(),
            cursor=view.viewport().cursor(),
            scroll_bars=(view.horizontalScrollBarPolicy(), view.verticalScrollBarPolicy()),
        )
        p.player.pause()
        for dock in w.findChildren(QDockWidget):
            if dock.objectName() != KEEP_DOCK:
                dock.hide()
        for bar in w.findChildren(QToolBar):
            bar.hide()
        w.menuBar().hide()
        w.statusBar().hide()
        explanation = p.docks.get(KEEP_DOCK)
        if explanation is not None:
            explanation.setFloating(False)
            w.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, explanation)
            explanation.setTitleBarWidget(self._blank_title)
            explanation.show()
        p.explanation.set_scale(EXPLANATION_SCALE, equation_px=EQUATION_PX)
        p.scene.set_presentation_scale(SCENE_SCALE)
        p.scene.set_dim_alpha(palette.PRESENTATION_DIM_ALPHA)
        self.show_full_screen()
        if explanation is not None:
            height = int(self.screen_rect().height() * EXPLANATION_SHARE)
            w.resizeDocks([explanation], [height], Qt.Orientation.Vertical)
        view.viewport().setMouseTracking(True)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.viewport().setCursor(_laser_cursor())
        view.viewport().installEventFilter(self)
        app = QApplication.instance()
        if app is not None:  # a QApplication runs whenever a window exists
            app.installEventFilter(self)
        p.scene.addItem(self.laser)
        view.setFocus()
        with QSignalBlocker(self.action):
            self.action.setChecked(True)
        self.fit()
        QTimer.singleShot(0, self.fit)
        QTimer.singleShot(250, self.fit)  # after the full-screen resize and the window's refit
        self.active_changed.emit(True)

    def show_full_screen(self) -> None:
        """The window over the whole screen (tests stand in a projector's size here)."""
        self.window.showFullScreen()

    def screen_rect(self) -> QRect:
        return self.window.screen().geometry()

    def leave(self) -> None:
        saved = self.saved
        if saved is None:
            with QSignalBlocker(self.action):
                self.action.setChecked(False)
            return
        w, p = self.window, self.parts
        view = p.view
        self.saved = None
        self._refit.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        view.viewport().removeEventFilter(self)
        view.viewport().setMouseTracking(saved.mouse_tracking)
        view.setHorizontalScrollBarPolicy(saved.scroll_bars[0])
        view.setVerticalScrollBarPolicy(saved.scroll_bars[1])
        view.viewport().setCursor(saved.cursor)
        self.laser.point_at(None)
        if self.laser.scene() is not None:
            self.laser.scene().removeItem(self.laser)
        p.scene.set_presentation_scale(saved.scene_scale)
        p.scene.set_dim_alpha(saved.dim_alpha)
        p.explanation.set_scale(saved.explanation_scale)
        explanation = p.docks.get(KEEP_DOCK)
        if explanation is not None:
            explanation.setTitleBarWidget(None)  # type: ignore[arg-type]  # None: Qt's own bar
        w.menuBar().setVisible(saved.menu_bar)
        w.statusBar().setVisible(saved.status_bar)
        if saved.window_state & Qt.WindowState.WindowFullScreen:
            w.showFullScreen()
        elif saved.window_state & Qt.WindowState.WindowMaximized:
            w.showMaximized()
        else:
            w.showNormal()
            w.restoreGeometry(saved.geometry)
            w.setGeometry(saved.rect)
        w.restoreState(saved.state)
        self._restore_view(saved)
        # once more after the window manager's resize and the window's own refit timer
        self._restored = saved
        QTimer.singleShot(250, self._restore_again)
        with QSignalBlocker(self.action):
            self.action.setChecked(False)
        self.active_changed.emit(False)

    def _restore_again(self) -> None:
        saved, self._restored = self._restored, None
        if saved is not None:
            self._restore_view(saved, geometry=True)

    def _restore_view(self, saved: SavedLayout, geometry: bool = False) -> None:
        if self.active:
            return
        if geometry and not saved.window_state & (
            Qt.WindowState.WindowFullScreen | Qt.WindowState.WindowMaximized
        ):
            self.window.setGeometry(saved.rect)
        view = self.parts.view
        view.readable_px = saved.readable_px
        view.set_follow_state(saved.follow)
        view.setTransform(saved.transform)
        h, v, rect = saved.scroll
        if self.parts.scene.sceneRect() == rect:  # exact, to the pixel
            view.horizontalScrollBar().setValue(h)
            view.verticalScrollBar().setValue(v)
        else:
            view.centerOn(saved.centre)

    # ------------------------------------------------------------------ the graph's zoom
    def fit(self) -> None:
        """The window's framing (gui.framing) with the projector's readable size: the whole
        graph at Start and End and whenever its numbers are readable from afar; else a zoom at
        which they are, following the step."""
        if not self.active:
            return
        view = self.parts.view
        view.readable_px = MIN_TEXT_PX
        view.frame_automatically()

    # ------------------------------------------------------------------ input
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if not self.active:
            return False
        kind = event.type()
        viewport = self.parts.view.viewport()
        if watched is viewport:
            return self._viewport_event(event)
        if kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) and isinstance(
            event, QKeyEvent
        ):
            return self._key_event(watched, event)
        if kind == QEvent.Type.Close and watched is self.window:
            self.leave()  # the layout saved on closing is the normal one, not the full screen
        return False

    def _key_event(self, watched: QObject, event: QKeyEvent) -> bool:
        if not isinstance(watched, QWidget) or watched.window() is not self.window:
            return False  # a dialog opened meanwhile keeps its keys
        plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        key = event.key()
        if plain != Qt.KeyboardModifier.NoModifier or key not in (
            FORWARD_KEYS | BACK_KEYS | LEAVE_KEYS
        ):
            return False
        if event.type() == QEvent.Type.ShortcutOverride:
            event.accept()  # ours, not the player's Space/arrow shortcuts
            return True
        if key in LEAVE_KEYS:
            self.leave()
        elif key in FORWARD_KEYS:
            self.step(+1)
        else:
            self.step(-1)
        return True

    def _viewport_event(self, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.MouseMove and isinstance(event, QMouseEvent):
            self.point_at(event.position())
            return False
        if kind == QEvent.Type.ToolTip:
            return True  # no pop-ups over the numbers on a projector
        if kind == QEvent.Type.Leave:
            self.laser.point_at(None)
            return False
        if kind == QEvent.Type.Resize:
            self._refit.start()
            return False
        if not isinstance(event, QMouseEvent) or kind not in (
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseButtonDblClick,
            QEvent.Type.MouseButtonRelease,
        ):
            return False
        button = event.button()
        if button not in (Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton):
            return False
        if kind != QEvent.Type.MouseButtonRelease:
            self._press = event.position()
            return True  # no dragging, selecting or value editing while presenting
        press, self._press = self._press, None
        if press is not None and (event.position() - press).manhattanLength() <= CLICK_SLOP:
            self.step(+1 if button == Qt.MouseButton.LeftButton else -1)
        return True

    def point_at(self, position: QPointF) -> None:
        """Put the laser ring on the node under a viewport position (or hide it)."""
        view = self.parts.view
        point = view.mapToScene(position.toPoint())
        node = next((i for i in view.scene().items(point) if isinstance(i, NodeItem)), None)
        self.laser.point_at(node)

    def step(self, direction: int) -> None:
        player = self.parts.player
        player.pause()
        if direction > 0:
            player.step_forward()
        else:
            player.step_back()


def install(parts: WindowParts) -> Presentation:
    """F5 and a toolbar button (a gui.features entry)."""
    return Presentation(parts)

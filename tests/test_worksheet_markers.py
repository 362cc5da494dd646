"""A worksheet's numbered markers: each blank marked once, beside its node, no two markers
overlapping and none on a node (its name and value) or an edge's label, on dense graphs too
(the lecture, a layer-level network, a 2-8-8-1 network of single neurons)."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QRectF

from core.autodiff.engine import run as engine_run
from core.documents.document import Document
from core.documents.examples import load_example
from core.teaching.worksheet import worksheet_blanks
from core.training.nn import NetworkSpec
from gui.export.marker_layout import Anchor, overlaps, place_markers
from gui.export.painting import CANVAS_HEIGHT
from gui.export.worksheet import sheet_area, sheet_scene
from gui.export.worksheet_sheets import plan_sheets

PAGE = QRectF(0, 0, CANVAS_HEIGHT * 16 / 9, CANVAS_HEIGHT)


def document(name: str) -> Document:
    if name == "layers 2-3-2":
        return Document.from_network(NetworkSpec((2, 3, 2), granularity="layer"), title=name)
    if name == "neurons 2-8-8-1":
        return Document.from_network(NetworkSpec((2, 8, 8, 1)), title=name)
    return load_example(name)


def on_page(rect: QRectF, source: QRectF, target: QRectF) -> tuple[float, ...]:
    k = target.width() / source.width()
    left = target.left() + (rect.left() - source.left()) * k
    top = target.top() + (rect.top() - source.top()) * k
    return (left, top, left + rect.width() * k, top + rect.height() * k)


@pytest.fixture(scope="module", params=["lecture", "layers 2-3-2", "neurons 2-8-8-1", "xor"])
def planned(request, qapp):
    doc = document(request.param)
    run = engine_run(doc.build())
    blank = "both"
    blanks = worksheet_blanks(run, blank)
    scene = sheet_scene(run, blank, doc)
    return request.param, scene, blanks, plan_sheets(scene, blanks, sheet_area(PAGE))


def test_every_blank_is_marked_once_inside_the_page(planned):
    name, _, blanks, sheets = planned
    numbers = [m.number for sheet in sheets for m in sheet.markers]
    assert sorted(numbers) == [b.number for b in blanks]
    area = sheet_area(PAGE)
    for sheet in sheets:
        for m in sheet.markers:
            left, top, right, bottom = m.rect
            assert area.left() <= left and right <= area.right(), (name, m)
            assert area.top() <= top and bottom <= area.bottom(), (name, m)
    if name == "lecture":
        assert len(sheets) == 1  # the lecture's sheet is still one page


def test_no_two_markers_overlap(planned):
    name, _, _, sheets = planned
    for sheet in sheets:
        for a, b in itertools.combinations(sheet.markers, 2):
            assert not overlaps(a.rect, b.rect), (name, a.number, b.number)


def test_no_marker_covers_a_node_or_an_edge_label(planned):
    """Rectangles read from the scene here, not from the planner's list."""
    name, scene, _, sheets = planned
    things = [
        (nid, item.mapRectToScene(item.shape_rect)) for nid, item in scene.node_items().items()
    ]
    things += [
        (f"label {key}", edge.mapRectToScene(edge.label_rect))
        for key, edge in scene.edge_items().items()
        if not edge.label_rect.isNull()
    ]
    for sheet in sheets:
        shown = [(what, on_page(r, sheet.source, sheet.target)) for what, r in things]
        for m in sheet.markers:
            for what, rect in shown:
                assert not overlaps(m.rect, rect), (name, m.number, what)


def test_a_marker_stands_near_its_node(planned):
    name, scene, blanks, sheets = planned
    node_of = {b.number: b.node for b in blanks}
    for sheet in sheets:
        for m in sheet.markers:
            item = scene.node_item(node_of[m.number])
            left, top, right, bottom = on_page(
                item.mapRectToScene(item.shape_rect), sheet.source, sheet.target
            )
            x, y = m.centre
            dx = max(left - x, 0.0, x - right)
            dy = max(top - y, 0.0, y - bottom)
            assert (dx * dx + dy * dy) ** 0.5 < 8 * m.radius, (name, m.number)


def test_the_check_sees_the_overlaps_of_markers_at_node_corners(qapp):
    """Markers at the corners of each node's box (the first worksheets) overlap on the
    lecture: the pairwise check above would have failed them."""
    doc = load_example("lecture")
    run = engine_run(doc.build())
    scene = sheet_scene(run, "both", doc)
    blanks = worksheet_blanks(run, "both")
    corners = []
    for b in blanks:
        rect = scene.node_item(b.node).sceneBoundingRect()
        corner = rect.topRight() if b.kind == "value" else rect.bottomRight()
        corners.append((corner.x() - 15, corner.y() - 15, corner.x() + 15, corner.y() + 15))
    assert any(overlaps(a, b) for a, b in itertools.combinations(corners, 2))


def test_placement_prefers_the_corner_and_steps_aside():
    node = (100.0, 100.0, 200.0, 140.0)
    (value,) = place_markers([Anchor(1, node, "value")], [node], (0, 0, 1000, 1000), 10)
    assert value.centre[0] > 200 and value.centre[1] < 100 and not value.far  # top right
    blocker = value.rect
    (moved,) = place_markers([Anchor(2, node, "value")], [node, blocker], (0, 0, 1000, 1000), 10)
    assert not overlaps(moved.rect, blocker) and not overlaps(moved.rect, node)
    boxed = [(0, 0, 1000, 95), (0, 145, 1000, 1000), (0, 0, 95, 1000), (205, 0, 1000, 1000)]
    assert place_markers([Anchor(3, node, "value")], [node, *boxed], (0, 0, 1000, 1000), 10) is None

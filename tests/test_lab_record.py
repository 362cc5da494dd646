"""The lab's state in a document: it round-trips exactly, and a bad one is named by its path."""

from __future__ import annotations

import json

import pytest

from core.documents.document import Document, DocumentError, loads_document
from core.documents.lab_record import CONTROLS, LabRecord, file_hash, lab_from_dict
from core.training.nn import NetworkSpec

RECORD = LabRecord(
    source="circle",
    samples=150,
    noise=0.15,
    seed=7,
    test_fraction=0.25,
    learning_rate=0.3,
    batch_size=16,
    momentum=0.9,
    max_epochs=1234,
    stop=(("weights", 1e-07), ("gradient", 0.00025), ("early", 50.0)),
    speed=30.0,
    hidden=("noise", "command"),
    show_test=False,
    discretize=True,
)


def _document(lab: LabRecord | None = RECORD) -> Document:
    spec = NetworkSpec(
        (2, 3, 1),
        output_activation="sigmoid",
        loss="bce",
        granularity="layer",
        features=("x1^2", "x2^2"),
        regularization="l2",
        reg_rate=0.003,
    )
    return Document.from_network(spec, title="shared", lab=lab)


def test_a_document_with_the_lab_round_trips_exactly():
    doc = _document()
    text = doc.dumps()
    again = loads_document(text)
    assert again == doc and again.lab == RECORD and again.spec == doc.spec
    assert again.dumps() == text
    assert json.loads(text)["lab"]["settings"]["stop"] == [
        ["weights", 1e-07],
        ["gradient", 0.00025],
        ["early", 50.0],
    ]


def test_a_document_without_the_lab_is_written_as_before():
    doc = _document(lab=None)
    assert "lab" not in json.loads(doc.dumps())
    assert loads_document(doc.dumps()).lab is None


def test_every_key_is_optional_and_defaults_to_the_labs_own():
    assert lab_from_dict({}) == LabRecord()
    assert lab_from_dict({"data": {"source": "sin"}}).source == "sin"


def test_hidden_controls_are_kept_in_the_labs_order_once():
    record = lab_from_dict({"hidden": ["command", "noise", "command"]})
    assert record.hidden == ("noise", "command")
    assert set(CONTROLS) >= {"features", "penalty", "run", "source", "stop"}


def test_a_csv_source_records_its_file_and_hash(tmp_path):
    path = tmp_path / "points.csv"
    path.write_text("x1,x2,y\n1,2,0\n", encoding="utf-8")
    digest = file_hash(path)
    assert len(digest) == 64 and digest == file_hash(str(path))
    record = lab_from_dict({"data": {"source": "csv", "path": str(path), "sha256": digest}})
    assert record.path == str(path) and record.sha256 == digest
    assert file_hash(tmp_path / "missing.csv") == ""


@pytest.mark.parametrize(
    "lab, where, message",
    [
        ([], "lab", "must be an object"),
        ({"dat": {}}, "lab.dat", "did you mean 'data'?"),
        ({"data": {"source": "circel"}}, "lab.data.source", "did you mean 'circle'?"),
        ({"data": {"source": "csv"}}, "lab.data.path", "missing: the CSV file"),
        ({"data": {"samples": 1}}, "lab.data.samples", "whole number from 2"),
        ({"data": {"noise": 25}}, "lab.data.noise", "from 0 to 1"),
        ({"data": {"seed": -1}}, "lab.data.seed", "whole number from 0"),
        ({"data": {"sha256": "xyz"}}, "lab.data.sha256", "64 lowercase hexadecimal"),
        ({"settings": {"learning_rate": 0}}, "lab.settings.learning_rate", "above 0"),
        ({"settings": {"momentum": 1.5}}, "lab.settings.momentum", "from 0 to 0.99"),
        ({"settings": {"max_epochs": 2.5}}, "lab.settings.max_epochs", "whole number"),
        ({"settings": {"stop": "early"}}, "lab.settings.stop", "[rule, threshold] pairs"),
        ({"settings": {"stop": [["soon", 1]]}}, "lab.settings.stop[0]", "unknown stopping"),
        ({"settings": {"stop": [["early", 2.5]]}}, "lab.settings.stop[0]", "whole number"),
        ({"settings": {"speed": "fast"}}, "lab.settings.speed", "must be a number"),
        ({"hidden": ["nois"]}, "lab.hidden[0]", "did you mean 'noise'?"),
        ({"plots": {"show_test": 1}}, "lab.plots.show_test", "true or false"),
    ],
)
def test_a_bad_lab_is_named_by_its_path_never_a_traceback(lab, where, message):
    data = json.loads(_document(lab=None).dumps())
    data["lab"] = lab
    with pytest.raises(DocumentError) as caught:
        loads_document(json.dumps(data))
    assert caught.value.field == where
    assert message in caught.value.message

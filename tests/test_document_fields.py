"""The document reader and the lab record it holds check their fields with the same helpers
(core.documents.fields): the same mistake reads the same in the document's own fields and in
its ``lab``, only the path differs."""

from __future__ import annotations

import json

import pytest

from core.documents import fields
from core.documents.document import Document, DocumentError, loads_document
from core.documents.lab_record import MAX_PATH, LabRecordError, lab_from_dict
from core.text import i18n


def _base() -> dict:
    return json.loads(Document.from_program("x = 1\ny = x * 2", title="t").dumps())


def _error(**changes) -> DocumentError:
    data = _base()
    for key, value in changes.items():
        if key == "lab":
            data["lab"] = value
        else:
            data[key] = value
    with pytest.raises(DocumentError) as caught:
        loads_document(json.dumps(data))
    return caught.value


@pytest.mark.parametrize(
    ("document", "lab"),
    [
        # a field that must be an object
        ({"source": []}, {"lab": []}),
        ({"source": "fast"}, {"lab": {"settings": "fast"}}),
        # text that is not text
        ({"title": 5}, {"lab": {"data": {"path": 5}}}),
        ({"caption": None}, {"lab": {"data": {"sha256": None}}}),
    ],
)
def test_the_same_mistake_reads_the_same_in_the_document_and_its_lab(document, lab):
    assert _error(**document).message == _error(**lab).message


def test_unknown_keys_are_told_the_closest_known_one_in_the_same_words():
    top = _error(titel="x")
    lab = _error(lab={"data": {"sed": 3}})
    assert (top.field, lab.field) == ("titel", "lab.data.sed")
    assert top.message.startswith("unknown key (did you mean 'title'?); known keys: ")
    assert lab.message.startswith("unknown key (did you mean 'seed'?); known keys: ")


def test_too_long_text_is_counted_the_same_way():
    long_path = _error(lab={"data": {"path": "p" * (MAX_PATH + 1)}})
    assert long_path.field == "lab.data.path"
    assert long_path.message == f"{MAX_PATH + 1:,} characters is too long (at most {MAX_PATH:,})"
    caption = _error(caption="c" * 100_000)
    assert caption.message.startswith("100,000 characters is too long (at most ")


def test_a_wrong_value_is_described_as_the_document_describes_it():
    """Text is "text 'fast'", JSON's null and true are named as JSON names them."""
    assert "got text 'fast'" in _error(lab={"settings": {"speed": "fast"}}).message
    assert _error(lab={"plots": {"show_test": None}}).message == "must be true or false, got null"
    assert _error(lab={"data": {"seed": True}}).message.endswith("got true")


def test_both_readers_raise_a_field_error_by_its_path():
    with pytest.raises(LabRecordError) as caught:
        lab_from_dict({"hidden": ["nois"]})
    assert isinstance(caught.value, fields.FieldError)
    assert (caught.value.field, str(caught.value)) == (
        "hidden[0]",
        f"hidden[0]: {caught.value.message}",
    )
    assert "(did you mean 'noise'?)" in caught.value.message
    assert issubclass(DocumentError, fields.FieldError)
    assert str(fields.FieldError("", "whole")) == "whole"


def test_the_shared_messages_are_translated_for_the_lab_too():
    with i18n.using_language("ru"):
        message = _error(lab={"data": {"path": 5}}).message
    assert message == i18n.catalog("ru")["must be text, got {kind}"].format(kind="5")

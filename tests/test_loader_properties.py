"""Property tests of the loaders: whatever a file holds, loading it gives a valid document or
table, or DocumentError / DataError with a message, never another exception.

Documents are the examples with random mutations (a field replaced by a value of another type,
a huge or non-finite number, a deeply nested list, a long string; a key removed; an unknown key
added), written as JSON (NaN and Infinity literals included) and sometimes with an integer
literal too long for a float. A document that loads must also run (or fail with GraphError, the
shape errors the command line and the window report). CSV files are random headers and cells
(numbers, text, empty cells, NaN, inf, 1e400, quotes, stray commas, unicode, blank lines).

Kept modest for CI: the example counts below run in well under a minute.
"""

from __future__ import annotations

import contextlib
import copy
import json
import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.autodiff.engine import run
from core.autodiff.graph import GraphError
from core.documents.document import Document, DocumentError, load_document, loads_document
from core.documents.examples import example_names, example_path
from core.training.data import DataError, Table, parse_csv

DOCUMENT_EXAMPLES = 150  # per test; see the module's docstring
CSV_EXAMPLES = 200

EXAMPLES = {name: json.loads(example_path(name).read_text("utf-8")) for name in example_names()}

HUGE_INT = 10**400
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.sampled_from([HUGE_INT, -HUGE_INT, 10**300, 2**63, -1, 0, 1]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([1e300, 1.0000001e300, -1e301, 5e-324, math.nan, math.inf]),
    st.text(max_size=20),
    st.sampled_from(["program", "network", "x", "loss", "", "t" * 5000]),
)
json_values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(st.text(max_size=8), children, max_size=4),
    ),
    max_leaves=12,
)


def deep(depth: int) -> list:
    value: list = [1.0]
    for _ in range(depth):
        value = [value]
    return value


replacements = st.one_of(
    json_values,
    st.integers(min_value=1, max_value=60).map(deep),
    st.integers(min_value=0, max_value=4).map(lambda n: [[1.0] * 3] * n),
)


def paths(value, prefix=()):
    """Every path into a JSON value (dict keys and list indices)."""
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value[:6]):
            yield from paths(item, (*prefix, index))


@st.composite
def mutated_documents(draw) -> str:
    name = draw(st.sampled_from(sorted(EXAMPLES)))
    data = copy.deepcopy(EXAMPLES[name])
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        where = draw(st.sampled_from(list(paths(data))))
        action = draw(st.sampled_from(["replace", "replace", "delete", "add"]))
        if not where:
            if action == "replace" and draw(st.booleans()):
                data = draw(replacements)
            continue
        parent = data
        try:
            for key in where[:-1]:
                parent = parent[key]
        except (KeyError, IndexError, TypeError):
            continue
        last = where[-1]
        if action == "replace":
            parent[last] = draw(replacements)
        elif action == "delete":
            del parent[last]
        elif isinstance(parent, dict):
            parent[draw(st.text(max_size=10))] = draw(replacements)
        else:
            parent.append(draw(replacements))
    text = json.dumps(data, allow_nan=True)
    if draw(st.integers(min_value=0, max_value=9)) == 0:  # a literal longer than 4,300 digits
        text = text.replace("0.5", "5" * 5000, 1)
    return text


def loads_or_refuses(text: str | bytes) -> Document | None:
    try:
        document = loads_document(text)
    except DocumentError as exc:
        message = str(exc)
        assert message and len(message) < 2000, message[:300]
        assert message.isprintable(), repr(message[:300])  # one line, no terminal escapes
        return None
    with contextlib.suppress(GraphError):
        run(document.build())
    return document


@settings(
    max_examples=DOCUMENT_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutated_documents())
def test_mutated_documents_load_or_are_refused(text):
    loads_or_refuses(text)


@settings(max_examples=DOCUMENT_EXAMPLES, deadline=None)
@given(st.binary(max_size=300), st.sampled_from(sorted(EXAMPLES)), st.integers(0, 2000))
def test_bytes_spliced_into_a_document_load_or_are_refused(junk, name, at):
    text = json.dumps(EXAMPLES[name]).encode("utf-8")
    at = min(at, len(text))
    loads_or_refuses(text[:at] + junk + text[at + len(junk) // 2 :])


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=1, max_value=5000), st.sampled_from(["[", '{"a":', '{"values": [']))
def test_deep_nesting_is_refused(depth, opener):
    closer = {"[": "]", '{"a":': "}", '{"values": [': "]}"}[opener]
    assert loads_or_refuses(opener * depth + "1" + closer * depth) is None


def test_a_document_file_that_is_huge_nested_or_a_device_is_refused(tmp_path):
    nested = tmp_path / "nested.json"
    nested.write_text("[" * 100_000 + "]" * 100_000)
    zero = tmp_path / "zero.json"
    zero.symlink_to("/dev/zero")
    for path in (nested, zero, tmp_path):
        try:
            load_document(path)
        except DocumentError:
            continue
        raise AssertionError(f"{path} loaded")


cells = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["", " ", "nan", "NaN", "inf", "-inf", "1e400", "1e301", "1_000", "0x10"]),
    st.sampled_from(['"1"', '"1,2"', '"', "1,", "١٢", "−1", "1e", "e1"]),
    st.text(max_size=8),
)
headers = st.lists(
    st.one_of(st.sampled_from(["x", "y", "x1", "x2", "", " y "]), st.text(max_size=6)),
    min_size=0,
    max_size=5,
)


@st.composite
def csv_texts(draw) -> str:
    names = draw(headers)
    width = len(names)
    rows = draw(
        st.lists(
            st.lists(cells, min_size=max(0, width - 1), max_size=width + 1), min_size=0, max_size=6
        )
    )
    ending = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    lines = [",".join(names), *(",".join(row) for row in rows)]
    if draw(st.booleans()):
        lines.insert(draw(st.integers(0, len(lines))), "")
    return ending.join(lines) + draw(st.sampled_from(["", ending]))


@settings(max_examples=CSV_EXAMPLES, deadline=None)
@given(csv_texts())
def test_csv_text_loads_or_is_refused(text):
    try:
        table = parse_csv(text, "data.csv")
    except DataError as exc:
        assert str(exc).startswith("data.csv"), str(exc)
        return
    assert isinstance(table, Table) and len(table) >= 1
    for column in table.columns.values():
        assert len(column) == len(table)
        assert all(math.isfinite(v) and abs(v) <= 1e300 for v in column)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=200))
def test_csv_bytes_from_a_file_load_or_are_refused(tmp_path_factory, data):
    from core.training.data import load_csv

    path = tmp_path_factory.mktemp("csv") / "data.csv"
    path.write_bytes(data)
    with contextlib.suppress(DataError):
        load_csv(path)

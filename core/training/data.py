"""Tables of samples: read from CSV, split into train and test, and bound to a graph by name.

A column becomes the value of the input leaf with the same name, as a vector over the samples;
the engine then averages the (per-sample) loss. So the program a person steps through for one
sample trains on a whole table unchanged.

CSV rules: a header row of distinct names, then one row per sample, every cell a finite number.
Each refusal names the file, the line (1 is the header) and the column, so it can be fixed in
an editor.
"""

from __future__ import annotations

import csv
import io
import itertools
import math
from array import array
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..autodiff.graph import Graph, Role
from ..io.atomic import write_text
from ..io.limits import MAX_ABS, NotARegularFile, TooLarge, read_limited, short_repr
from ..text.i18n import tr
from ..text.passthrough import csv_reason, os_reason

MAX_CSV_BYTES = 200 * 1024 * 1024


class DataError(ValueError):
    """Data that cannot be used; the message says where and why."""


@dataclass(frozen=True)
class Table:
    """Named numeric columns of equal length (one entry per sample)."""

    columns: dict[str, np.ndarray]
    source: str = "data"
    delimiter: str = ","  # what separated the cells of the CSV file it was read from

    def __post_init__(self) -> None:
        lengths = [(name, len(v)) for name, v in self.columns.items()]
        for name, count in lengths[1:]:
            if count != lengths[0][1]:
                raise DataError(
                    tr(
                        "{source}: column {name} has {count} values but column {other} has "
                        "{other_count}; every column needs one value per sample",
                        source=self.source,
                        name=short_repr(lengths[0][0]),
                        count=lengths[0][1],
                        other=short_repr(name),
                        other_count=count,
                    )
                )

    @property
    def names(self) -> list[str]:
        return list(self.columns)

    def __len__(self) -> int:
        return len(next(iter(self.columns.values()))) if self.columns else 0

    def column(self, name: str) -> np.ndarray:
        if name not in self.columns:
            raise DataError(
                tr(
                    "{source} has no column {name}; its columns are {columns}",
                    source=self.source,
                    name=short_repr(name),
                    columns=", ".join(self.names),
                )
            )
        return self.columns[name]

    def take(self, rows: np.ndarray, source: str | None = None) -> Table:
        return Table(
            {k: v[rows] for k, v in self.columns.items()}, source or self.source, self.delimiter
        )

    def split(self, test_fraction: float, seed: int = 0) -> tuple[Table, Table | None]:
        """A seeded shuffle into (train, test); test is None for a fraction of 0."""
        train_rows, test_rows = split_rows(len(self), test_fraction, seed, self.source)
        if test_rows is None:
            return self, None
        return (
            self.take(train_rows, tr("{source} (train)", source=self.source)),
            self.take(test_rows, tr("{source} (test)", source=self.source)),
        )


def split_rows(
    n: int, test_fraction: float, seed: int = 0, source: str = "data"
) -> tuple[np.ndarray, np.ndarray | None]:
    """(train rows, test rows or None): the one seeded split that the lab and ``train`` share,
    so the same seed holds out the same samples in the window and on the command line."""
    if not 0.0 <= test_fraction < 1.0:
        raise DataError(
            tr(
                "the test fraction must be at least 0 and below 1, got {fraction}",
                fraction=test_fraction,
            )
        )
    n_test = int(round(n * test_fraction))
    if test_fraction > 0 and n_test == 0:
        n_test = 1
    if n_test == 0:
        return np.arange(n), None
    if n - n_test < 1:
        raise DataError(tr("{source}: {n} samples leave none for training", source=source, n=n))
    order = np.random.default_rng(seed).permutation(n)
    return np.sort(order[n_test:]), np.sort(order[:n_test])


# ---------------------------------------------------------------------------- CSV


def load_csv(path: str | Path) -> Table:
    """A CSV file with a header row; every cell must be a finite number."""
    try:
        data = read_limited(path, MAX_CSV_BYTES)
    except FileNotFoundError as exc:
        raise DataError(tr("{path}: no such file", path=path)) from exc
    except NotARegularFile as exc:
        if Path(path).is_dir():
            raise DataError(tr("{path}: is a folder, not a CSV file", path=path)) from exc
        raise DataError(tr("{path}: not a regular file", path=path)) from exc
    except TooLarge as exc:
        raise DataError(
            tr(
                "{path}: {size} MB is larger than the 200 MB limit",
                path=path,
                size=f"{exc.size / 1e6:.0f}",
            )
        ) from exc
    except OSError as exc:
        raise DataError(f"{path}: {os_reason(exc)}") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(
            tr("{path}: not UTF-8 text (byte {byte})", path=path, byte=exc.start)
        ) from exc
    return parse_csv(text, str(path))


DELIMITERS = (",", ";", "\t")


def detect_delimiter(text: str) -> str:
    """The header row's separator: ``;`` (what spreadsheets write where the decimal mark is a
    comma), else a tab, else a comma."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    if ";" in header:
        return ";"
    if "\t" in header:
        return "\t"
    return ","


def delimiter_text(delimiter: str) -> str:
    """How the file was read, for the lab's status and ``train``'s report."""
    if delimiter == ";":
        return tr("semicolon-separated, decimal commas accepted")
    if delimiter == "\t":
        return tr("tab-separated")
    return tr("comma-separated")


def parse_csv(text: str, source: str = "data") -> Table:
    """CSV text with a header row into a Table (see the module's rules). Rows are read one at a
    time into one flat array of floats, so memory stays near 8 bytes per cell (2,000,000 rows
    of a 20 MB file: seconds, not minutes); a row whose cells are not all plain finite numbers
    is looked at cell by cell, for the message. The delimiter is detected from the header
    (``detect_delimiter``); with ``;`` a decimal comma (``1,5``) reads as a decimal point."""
    delimiter = detect_delimiter(text)
    comma = delimiter == ";"
    rows = _rows(text, source, delimiter)
    first = next(rows, None)
    if first is None:
        raise DataError(
            tr(
                "{source} is empty: expected a header row and then one row per sample",
                source=source,
            )
        )
    header_line, header = first
    names = [h.strip() for h in header]
    for k, name in enumerate(names, start=1):
        if not name:
            raise DataError(
                tr(
                    "{source}, line {line}: column {k} has no name in the header",
                    source=source,
                    line=header_line,
                    k=k,
                )
            )
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise DataError(
                tr(
                    "{source}, line {line}: column {name} appears twice",
                    source=source,
                    line=header_line,
                    name=short_repr(name),
                )
            )
        seen.add(name)
    width = len(names)
    flat = array("d")
    count = 0
    for line, cells in rows:
        count += 1
        if len(cells) != width:
            raise DataError(
                tr(
                    "{source}, line {line} (data row {row}): {cells} cells, but the header has "
                    "{count} columns ({columns})",
                    source=source,
                    line=line,
                    row=count,
                    cells=len(cells),
                    count=width,
                    columns=", ".join(names),
                )
            )
        try:
            flat.extend([float(cell.replace(",", ".") if comma else cell) for cell in cells])
        except ValueError:  # names the bad cell
            flat.extend(_check_row(source, names, line, count, cells, comma))
    if not count:
        raise DataError(
            tr(
                "{source} has a header ({columns}) but no rows of data",
                source=source,
                columns=", ".join(names),
            )
        )
    data = np.frombuffer(flat, dtype=float).reshape(count, width)
    bad = ~(np.abs(data) <= MAX_ABS)  # NaN, ±inf and beyond ±1e300
    if bad.any():  # read the first such row again, cell by cell, for its message
        row = int(np.argmax(bad.any(axis=1)))
        line, cells = next(itertools.islice(_data_rows(text, source, delimiter), row, None))
        _check_row(source, names, line, row + 1, cells, comma)
    return Table({name: data[:, c].copy() for c, name in enumerate(names)}, source, delimiter)


def _check_row(
    source: str, names: list[str], line: int, row: int, cells: list[str], decimal_comma: bool
) -> list[float]:
    """A data row's numbers, or DataError naming its first cell that is not a usable number."""
    values = []
    for name, cell in zip(names, cells, strict=True):
        where = tr(
            "{source}, line {line} (data row {row}), column {name}",
            source=source,
            line=line,
            row=row,
            name=short_repr(name),
        )
        values.append(_number(cell, where, decimal_comma))
    return values


def _data_rows(text: str, source: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    rows = _rows(text, source, delimiter)
    next(rows, None)  # the header
    return rows


def _rows(text: str, source: str, delimiter: str = ",") -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) for every non-blank line, one at a time."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, skipinitialspace=True)
    try:
        for cells in reader:
            if not cells or (not cells[0].strip() and all(not c.strip() for c in cells)):
                continue
            yield reader.line_num, cells
    except csv.Error as exc:
        raise DataError(
            tr(
                "{source}, line {line}: {reason}",
                source=source,
                line=reader.line_num,
                reason=csv_reason(exc),
            )
        ) from exc


def _number(cell: str, where: str, decimal_comma: bool = False) -> float:
    text = cell.strip()
    if not text:
        raise DataError(tr("{where}: the cell is empty", where=where))
    if decimal_comma and text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")  # 1,5 in a ;-separated file is one and a half
    try:
        value = float(text)
    except ValueError:
        raise DataError(
            tr("{where}: {text} is not a number", where=where, text=short_repr(text))
        ) from None
    if math.isnan(value):
        raise DataError(tr("{where}: NaN is not a usable number", where=where))
    if math.isinf(value):
        raise DataError(tr("{where}: {text} is infinite", where=where, text=short_repr(text)))
    if abs(value) > MAX_ABS:
        raise DataError(
            tr(
                "{where}: {text} is too large: numbers must lie within ±{limit}",
                where=where,
                text=short_repr(text),
                limit=f"{MAX_ABS:g}",
            )
        )
    return value


def save_csv(table: Table, path: str | Path) -> None:
    """Write a table so that ``load_csv`` reads back the same numbers (repr is exact),
    atomically (core.io.atomic)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(table.names)
    for row in zip(*table.columns.values(), strict=True):
        writer.writerow([repr(float(v)) for v in row])
    write_text(path, out.getvalue())


# ---------------------------------------------------------------------------- binding


def input_leaves(graph: Graph) -> list[str]:
    """The names of the input leaves the output depends on (the data a program needs)."""
    assert graph.output is not None
    needed = graph.ancestors(graph.output) | {graph.output}
    return [
        n.name or n.id
        for n in graph.leaves()
        if n.role == Role.INPUT and n.id in needed and not n.literal
    ]


def bind(graph: Graph, table: Table, names: Iterable[str] | None = None) -> dict[str, np.ndarray]:
    """Overrides {input name: column} for every input leaf of ``graph`` (or for ``names``)."""
    wanted = list(names) if names is not None else input_leaves(graph)
    missing = [name for name in wanted if name not in table.columns]
    if missing:
        raise DataError(
            tr(
                "{source} has no column {name} for the input of the same name; "
                "its columns are {columns} (inputs needed: {inputs})",
                source=table.source,
                name=short_repr(missing[0]),
                columns=", ".join(table.names),
                inputs=", ".join(wanted),
            )
        )
    return {name: table.columns[name] for name in wanted}


def columns_of(table: Table, names: Iterable[str]) -> Mapping[str, np.ndarray]:
    """Just the named columns (for builders that bind by their own rules, e.g. core.training.nn)."""
    return {name: table.column(name) for name in names}

"""Turn an uploaded file into a raw table of untouched cells, whatever its format.

Supports CSV, TSV and semicolon files (decimal commas), UTF-8 with or without BOM, UTF-16,
CRLF, Windows-1252 and Latin-1 exports (:mod:`loadwatch.ingest.encoding`), workbooks
(`.xlsx`, `.xlsm`, `.ods`, legacy `.xls`: any sheet, header found below title rows, real date
cells; :mod:`loadwatch.ingest.spreadsheets`) and Parquet. Every cell of a text file stays a
string so that validation, not the reader, decides what a value means; a file that cannot be
read, or is bigger than the limits (:mod:`loadwatch.ingest.limits`), raises :class:`LogError`
with one clear line, before it is parsed.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pa_parquet

from loadwatch.errors import LogError, Problem
from loadwatch.ingest.encoding import decode
from loadwatch.ingest.headers import column_letter
from loadwatch.ingest.limits import Limits
from loadwatch.ingest.spreadsheets import read_workbook

Source = str | Path | bytes | BinaryIO

_XLSX_MAGIC = b"PK\x03\x04"
_PARQUET_MAGIC = b"PAR1"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls
_DELIMITERS = (",", ";", "\t", "|")
_COMMA_DECIMAL = re.compile(r"(?<![\d,])\d+,\d+(?![\d,])")
_DOT_DECIMAL = re.compile(r"(?<![\d.])\d+\.\d+(?![\d.])")
_TITLE_LINES = 5  # title lines looked through above a text file's header
_HEAD_CHARS = 65_536  # the leading blank lines and the header are looked for in this prefix


@dataclass
class RawTable:
    """Cells as read, the source's display name, and how numbers are written in it."""

    frame: pd.DataFrame
    name: str
    decimal_comma: bool = False
    typed: bool = False  # True when cells already carry types (xlsx, parquet)
    sheets: list[str] = field(default_factory=list)  # every sheet of a workbook, in order
    sheet: str | None = None  # the sheet read (None for a text or Parquet file)
    header_row: int | None = None  # 1-based row of the header (the lower one of two)
    header_cells: list[list[object]] = field(default_factory=list)  # header row(s) as read
    notes: list[Problem] = field(default_factory=list)  # what was noticed, never dropped
    encoding: str | None = None  # how a text file was decoded


def _read_bytes(source: Source, limits: Limits, name: str | None = None
                ) -> tuple[bytes, str]:
    """The file's bytes, refused by size before they are all read."""
    if isinstance(source, bytes):
        limits.check_bytes(len(source), name or "upload")
        return source, name or "upload"
    if isinstance(source, str | Path):
        path = Path(source)
        if not path.exists():
            raise LogError(f"{path}: no such file")
        if path.is_dir():
            raise LogError(f"{path}: is a folder, not a file")
        limits.check_bytes(path.stat().st_size, path.name)
        return path.read_bytes(), path.name
    name = name or str(getattr(source, "name", "upload"))
    data = source.read(limits.max_bytes + 1)
    limits.check_bytes(len(data), name, whole=False)
    return data, name


def read_table(source: Source, *, sheet: str | int | None = None,
               header_row: int | None = None, limits: Limits | None = None,
               name: str | None = None) -> RawTable:
    """Read any supported file into a raw table; raise LogError for unreadable input.

    ``sheet`` picks a workbook's sheet by name or 1-based number (default: the first that
    looks like a training log, else the first with data); ``header_row`` is the header's
    1-based row as a coach counts it (default: found below any title rows); ``limits``
    bounds the file (default: the shipped ``[limits]`` settings); ``name`` is how bytes or a
    stream are called in messages (default 'upload', or the stream's name).
    """
    bounds = limits or Limits.from_config()
    data, name = _read_bytes(source, bounds, name)
    if not data.strip():
        raise LogError(f"{name}: the file is empty")
    if header_row is not None and header_row < 1:
        raise LogError(f"{name}: the header row is counted from 1, got {header_row}")
    if data.startswith(_PARQUET_MAGIC):
        return _read_parquet(data, name, bounds)
    if data.startswith(_XLSX_MAGIC) or data.startswith(_OLE_MAGIC):
        return _read_workbook(data, name, bounds, sheet, header_row)
    if sheet is not None:
        raise LogError(f"{name}: a sheet was asked for, but this is a text file (one table)")
    return _read_text(data, name, bounds, header_row)


def _read_parquet(data: bytes, name: str, limits: Limits) -> RawTable:
    try:
        meta = pa_parquet.ParquetFile(io.BytesIO(data)).metadata
        limits.check_shape(meta.num_rows, meta.num_columns, name)
        frame = pd.read_parquet(io.BytesIO(data))
    except LogError:
        raise
    except Exception as exc:  # pyarrow raises many types for corrupt files
        raise LogError(f"{name}: not a readable Parquet file ({type(exc).__name__})") from None
    frame = frame.reset_index(drop=True)
    frame.index = pd.RangeIndex(2, len(frame) + 2)
    return RawTable(frame, name, typed=True)


def _read_workbook(data: bytes, name: str, limits: Limits, sheet: str | int | None,
                   header_row: int | None) -> RawTable:
    """One sheet of an .xlsx/.xlsm/.ods/.xls workbook, with the notes of what was seen."""
    read = read_workbook(data, name, limits, sheet=sheet, header_row=header_row)
    limits.check_shape(len(read.frame), read.frame.shape[1], f"{name}, sheet {read.sheet!r}")
    notes = [Problem(None, None, note, "warning") for note in read.notes]
    return RawTable(read.frame, name, typed=True, sheets=read.sheets, sheet=read.sheet,
                    header_row=read.header.row, header_cells=read.header.cells, notes=notes)


def _sniff_delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def _decimal_comma(text: str, delimiter: str) -> bool:
    """Semicolon files use decimal commas; tab/pipe files when commas between digits
    outnumber dots between digits."""
    if delimiter == ";":
        return True
    if delimiter == ",":
        return False
    return len(_COMMA_DECIMAL.findall(text)) > len(_DOT_DECIMAL.findall(text))


def _read_text(data: bytes, name: str, limits: Limits, header_row: int | None = None
               ) -> RawTable:
    text, encoding = decode(data, name)
    leading, header = _header_line(text, header_row)
    delimiter = _sniff_delimiter(header)
    names = _header_names(header, delimiter)
    _check_text_shape(text, names, leading, name, limits)
    frame = _arrow_frame(text, header, delimiter, leading)
    if frame is None:  # anything Arrow reads differently: pandas, its messages and row counts
        frame = _pandas_frame(text, name, delimiter, leading)
    if frame.shape[1] == 0:
        raise LogError(f"{name}: the file is empty")
    notes = _title_notes(text, leading, header_row)
    if len(names) == frame.shape[1] and len(set(names)) < len(names):
        frame.columns, duplicates = _named_duplicates(names)
        notes += duplicates
    frame.columns = [str(c).strip() for c in frame.columns]
    # a row number as a spreadsheet shows it: the header's row, then one per record
    first = leading + 2
    frame.index = pd.RangeIndex(first, len(frame) + first)
    blank = (frame == "").all(axis=1)
    if blank.any():
        frame = frame.loc[~blank]
    frame.columns = [c if not c.startswith("Unnamed: ") else "" for c in frame.columns]
    frame = frame.loc[:, [c != "" or frame[c].ne("").any() for c in frame.columns]]
    return RawTable(frame, name, decimal_comma=_decimal_comma(text, delimiter),
                    header_row=first - 1, header_cells=[list(names)], notes=notes,
                    encoding=encoding)


def _header_line(text: str, header_row: int | None = None) -> tuple[int, str]:
    """(number of lines above the header, the header line), from the file's start: the first
    non-blank line, or line ``header_row`` (1-based) when given."""
    lines = text[:_HEAD_CHARS].splitlines()
    if header_row is not None:
        if header_row > len(lines) and len(text) > _HEAD_CHARS:
            lines = text.splitlines()
        if header_row > len(lines):
            raise LogError(f"the header row {header_row} is below the file's last line "
                           f"({len(lines)})")
        return header_row - 1, lines[header_row - 1]
    leading = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    if leading >= len(lines) - 1 and len(text) > _HEAD_CHARS:  # header beyond the prefix
        lines = text.splitlines()
        leading = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    leading = _below_titles(lines, leading)
    return leading, lines[leading] if leading < len(lines) else ""


def _below_titles(lines: list[str], first: int) -> int:
    """The header below title lines: lines without any delimiter ('U14 training log') are
    skipped when a line with delimiters follows within the next few (a file whose first line
    is a title could not be split into columns before)."""
    line = first
    while line < min(len(lines), first + _TITLE_LINES) and (
            not lines[line].strip() or not any(d in lines[line] for d in _DELIMITERS)):
        line += 1
    if line < len(lines) and line < first + _TITLE_LINES and line + 1 < len(lines):
        return line
    return first


def _title_notes(text: str, leading: int, header_row: int | None) -> list[Problem]:
    """A note naming the title lines above a text file's header (not read as data)."""
    if not leading or header_row is not None:
        return []
    above = text[:_HEAD_CHARS].splitlines()[:leading]
    titles = [(i + 1, line.strip()) for i, line in enumerate(above) if line.strip()]
    if not titles:
        return []
    rows = ", ".join(str(n) for n, _ in titles)
    shown = "; ".join(repr(t[:60]) for _, t in titles)
    return [Problem(None, None, f"row{'s' if len(titles) > 1 else ''} {rows} above the header "
                    f"{'are titles' if len(titles) > 1 else 'is a title'}, not data: {shown}",
                    "warning")]


def _header_names(header: str, delimiter: str) -> list[str]:
    """The header's fields as written (a prefix of a huge header line still counts them)."""
    return [n.strip() for n in next(csv.reader([header], delimiter=delimiter), [])]


def _check_text_shape(text: str, names: list[str], leading: int, name: str,
                      limits: Limits) -> None:
    """Refuse a text file too wide (at its header line) or too long before it is parsed."""
    if len(names) > limits.max_columns:
        raise LogError(f"{name}: the header line has {len(names):,} columns; loadwatch reads at "
                       f"most {limits.max_columns:,} columns (setting limits.max_columns)")
    rows = max(text.count("\n") - leading - 1, 0)
    limits.check_shape(rows, len(names), name)


def _named_duplicates(names: list[str]) -> tuple[list[str], list[Problem]]:
    """Header names made unique by the column's letter, with one note per repeated name."""
    counts: dict[str, list[int]] = {}
    for i, n in enumerate(names):
        counts.setdefault(n.casefold(), []).append(i)
    out, notes = list(names), []
    for cols in (c for c in counts.values() if len(c) > 1 and names[c[0]]):
        letters = [column_letter(i) for i in cols]
        first = names[cols[0]]
        for i in cols[1:]:
            out[i] = f"{names[i]} ({column_letter(i)})"
        count = {2: "two", 3: "three"}.get(len(cols), str(len(cols)))
        notes.append(Problem(None, None, f"{count} columns are called {first!r} "
                             f"({', '.join(letters[:-1])} and {letters[-1]}); the "
                             f"later one{'s are' if len(cols) > 2 else ' is'} read as "
                             + ", ".join(repr(out[i]) for i in cols[1:]), "warning"))
    return out, notes


def _pandas_frame(text: str, name: str, delimiter: str, leading: int) -> pd.DataFrame:
    """Every cell as a string, by pandas' C parser (the reference behaviour)."""
    try:
        return pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
            skiprows=leading,
            index_col=False,
            quoting=csv.QUOTE_MINIMAL,
        )
    except pd.errors.EmptyDataError:
        raise LogError(f"{name}: the file is empty") from None
    except pd.errors.ParserError as exc:
        raise LogError(f"{name}: {_extra_fields(_short(exc))}") from None


def _arrow_frame(text: str, header: str, delimiter: str, leading: int) -> pd.DataFrame | None:
    """The same string cells as :func:`_pandas_frame`, read by Arrow's multithreaded parser;
    None for a file it would read differently (odd header, ragged or blank rows)."""
    names = next(csv.reader([header], delimiter=delimiter), [])
    plain = all(n.strip() and '"' not in n for n in names)
    if not names or not plain or len(set(names)) < len(names) or "\r" in header:
        return None
    if text.count('"') % 2:  # an unclosed quote: pandas refuses the file, Arrow would not
        return None
    try:
        table = pa_csv.read_csv(
            pa.py_buffer(text.encode("utf-8")),
            read_options=pa_csv.ReadOptions(skip_rows=leading + 1, column_names=names),
            parse_options=pa_csv.ParseOptions(delimiter=delimiter, newlines_in_values=True,
                                              ignore_empty_lines=False),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False,
                quoted_strings_can_be_null=False),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None
    if table.num_rows == 0:
        return None
    return table.to_pandas()


def _extra_fields(message: str) -> str:
    """'row 5 has 6 fields but the header has 4: …' for pandas' 'Expected 4 fields in line 5,
    saw 6' (its line counts the lines above the header too: the spreadsheet row)."""
    m = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", message)
    if not m:
        return f"cannot split the rows into columns ({message})"
    expected, line, saw = (int(g) for g in m.groups())
    return (f"row {line} has {saw} fields but the header has {expected} (extra "
            "fields): add the missing header names or remove the extra values")


def _short(exc: Exception) -> str:
    msg = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
    return msg.replace("Error tokenizing data. C error: ", "")

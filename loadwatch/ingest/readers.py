"""Turn an uploaded file into a raw table of untouched cells, whatever its format.

Supports CSV, TSV and semicolon files (decimal commas), UTF-8 with or without BOM, CRLF,
Windows-1252 exports, `.xlsx` workbooks (first sheet, real date cells) and Parquet. Every
cell of a text file stays a string so that validation, not the reader, decides what a value
means; a file that cannot be read raises :class:`LogError` with one clear line.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from loadwatch.errors import LogError

Source = str | Path | bytes | BinaryIO

_XLSX_MAGIC = b"PK\x03\x04"
_PARQUET_MAGIC = b"PAR1"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls
_DELIMITERS = (",", ";", "\t", "|")
_COMMA_DECIMAL = re.compile(r"(?<![\d,])\d+,\d+(?![\d,])")
_DOT_DECIMAL = re.compile(r"(?<![\d.])\d+\.\d+(?![\d.])")
_HEAD_CHARS = 65_536  # the leading blank lines and the header are looked for in this prefix


@dataclass
class RawTable:
    """Cells as read, the source's display name, and how numbers are written in it."""

    frame: pd.DataFrame
    name: str
    decimal_comma: bool = False
    typed: bool = False  # True when cells already carry types (xlsx, parquet)


def _read_bytes(source: Source) -> tuple[bytes, str]:
    if isinstance(source, bytes):
        return source, "upload"
    if isinstance(source, str | Path):
        path = Path(source)
        if not path.exists():
            raise LogError(f"{path}: no such file")
        if path.is_dir():
            raise LogError(f"{path}: is a folder, not a file")
        return path.read_bytes(), path.name
    data = source.read()
    return data, str(getattr(source, "name", "upload"))


def read_table(source: Source) -> RawTable:
    """Read any supported file into a raw table; raise LogError for unreadable input."""
    data, name = _read_bytes(source)
    if not data.strip():
        raise LogError(f"{name}: the file is empty")
    if data.startswith(_PARQUET_MAGIC):
        return _read_parquet(data, name)
    if data.startswith(_XLSX_MAGIC):
        return _read_xlsx(data, name)
    if data.startswith(_OLE_MAGIC):
        raise LogError(f"{name}: old Excel .xls files are not supported; save it as .xlsx or CSV")
    return _read_text(data, name)


def _read_parquet(data: bytes, name: str) -> RawTable:
    try:
        frame = pd.read_parquet(io.BytesIO(data))
    except Exception as exc:  # pyarrow raises many types for corrupt files
        raise LogError(f"{name}: not a readable Parquet file ({type(exc).__name__})") from None
    frame = frame.reset_index(drop=True)
    frame.index = pd.RangeIndex(2, len(frame) + 2)
    return RawTable(frame, name, typed=True)


def _read_xlsx(data: bytes, name: str) -> RawTable:
    try:
        frame = pd.read_excel(io.BytesIO(data), sheet_name=0, dtype=object, engine="openpyxl")
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise LogError(f"{name}: not a readable Excel workbook ({type(exc).__name__})") from None
    frame = frame.loc[:, [not str(c).startswith("Unnamed:") for c in frame.columns]]
    frame.columns = [str(c).strip() for c in frame.columns]
    frame.index = pd.RangeIndex(2, len(frame) + 2)
    frame = frame.dropna(how="all")
    return RawTable(frame, name, typed=True)


def _decode(data: bytes, name: str) -> str:
    if b"\x00" in data[:4096]:
        raise LogError(f"{name}: this is not a text, Excel or Parquet file (binary content)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    controls = sum(ch < " " and ch not in "\t\r\n" for ch in text[:4096])
    if text.count("\ufffd") > 3 or controls > 3:
        raise LogError(f"{name}: this is not a text, Excel or Parquet file (binary content)")
    return text


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


def _read_text(data: bytes, name: str) -> RawTable:
    text = _decode(data, name)
    leading, header = _header_line(text)
    delimiter = _sniff_delimiter(header)
    frame = _arrow_frame(text, header, delimiter, leading)
    if frame is None:  # anything Arrow reads differently: pandas, its messages and row counts
        frame = _pandas_frame(text, name, delimiter, leading)
    if frame.shape[1] == 0:
        raise LogError(f"{name}: the file is empty")
    frame.columns = [str(c).strip() for c in frame.columns]
    # a row number as a spreadsheet shows it: the header's row, then one per record
    first = leading + 2
    frame.index = pd.RangeIndex(first, len(frame) + first)
    blank = (frame == "").all(axis=1)
    if blank.any():
        frame = frame.loc[~blank]
    frame.columns = [c if not c.startswith("Unnamed: ") else "" for c in frame.columns]
    frame = frame.loc[:, [c != "" or frame[c].ne("").any() for c in frame.columns]]
    return RawTable(frame, name, decimal_comma=_decimal_comma(text, delimiter))


def _header_line(text: str) -> tuple[int, str]:
    """(number of blank lines above the header, the header line), from the file's start."""
    lines = text[:_HEAD_CHARS].splitlines()
    leading = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    if leading >= len(lines) - 1 and len(text) > _HEAD_CHARS:  # header beyond the prefix
        lines = text.splitlines()
        leading = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    return leading, lines[leading] if leading < len(lines) else ""


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
        raise LogError(f"{name}: cannot split the rows into columns ({_short(exc)})") from None


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


def _short(exc: Exception) -> str:
    msg = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
    return msg.replace("Error tokenizing data. C error: ", "")

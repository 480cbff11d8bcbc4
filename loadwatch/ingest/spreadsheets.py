"""Workbooks as coaches make them: .xlsx, .xlsm, .ods and legacy .xls (issues 13 and 19).

Read by python-calamine (Rust; 50,000 rows about 9x faster than openpyxl, see the readers'
tests and benchmarks README). Before calamine sees a zip workbook, its directory and its XML
are checked as a stream: member sizes (declared and real), the sheet's declared dimension and
the cells' own references against :class:`Limits`, and any document type declaration
(entity expansion, "billion laughs") refused. A sheet is chosen by name or number, or the
first that looks like a log; which sheet was read, where its header is and every sheet not
read are said in notes.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import cast

import pandas as pd
import python_calamine as pc

from loadwatch.errors import LogError
from loadwatch.ingest.headers import Header, column_letter, detect_header, is_blank, looks_like_log
from loadwatch.ingest.limits import Limits

Merged = list[tuple[tuple[int, int], tuple[int, int]]]

_CHUNK = 1 << 20
_DTD = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
_DIMENSION = re.compile(rb'<dimension ref="(?:[A-Z]+\d+:)?([A-Z]+)(\d+)"')
_WIDE_REF = re.compile(rb'<c r="([A-Z]{2,3})\d+"')
_ROW_REF = re.compile(rb'<row r="(\d+)"')
_UNCACHED = re.compile(rb'<c r="([A-Z]+\d+)"[^>]*?>\s*<f(?:\s[^>]*)?(?:/>|>[^<]*</f>)\s*'
                       rb'(?:<v\s*/>|<v></v>)?\s*</c>')
_ERROR = re.compile(rb'<c r="([A-Z]+\d+)"[^>]*?\st="e"')
_ODS_REPEAT = re.compile(rb'<table:table-cell[^>]*?number-columns-repeated="(\d+)"[^>]*>')
_ODS_ROWS = re.compile(rb'<table:table-row[^>]*?number-rows-repeated="(\d+)"[^>]*>'
                       rb'(?:(?!</table:table-row>).){0,4000}?office:value-type', re.DOTALL)
_SHEET_TAG = re.compile(rb'<sheet [^>]*?name="([^"]*)"[^>]*?r:id="([^"]*)"')
_REL_TAG = re.compile(rb'<Relationship [^>]*?Id="([^"]*)"[^>]*?Target="([^"]*)"')
_REL_TAG2 = re.compile(rb'<Relationship [^>]*?Target="([^"]*)"[^>]*?Id="([^"]*)"')
_SCAN = 1 << 16  # bytes kept between chunks so that a tag split across two is still seen


@dataclass
class Sheet:
    """One sheet read: cells with spreadsheet row numbers, and what the reader noticed."""

    frame: pd.DataFrame
    sheets: list[str]
    sheet: str
    header: Header
    notes: list[str] = field(default_factory=list)


def column_number(letters: bytes | str) -> int:
    """1-based column number of spreadsheet letters (A → 1, XFD → 16,384)."""
    text = letters.decode() if isinstance(letters, bytes) else letters
    number = 0
    for ch in text:
        number = number * 26 + ord(ch) - 64
    return number


def read_workbook(data: bytes, name: str, limits: Limits, *, sheet: str | int | None = None,
                  header_row: int | None = None) -> Sheet:
    """Read one sheet of a workbook into string-or-typed cells; LogError for a workbook that
    is unreadable, too big, or asks for a sheet it does not have."""
    uncached = _prescan(data, name, limits) if data.startswith(b"PK\x03\x04") else {}
    try:
        book = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = list(book.sheet_names)
    except Exception as exc:  # calamine raises its own error types and zip/xml ones
        raise LogError(f"{name}: not a readable Excel workbook ({_reason(exc)})") from None
    if not names:
        raise LogError(f"{name}: the workbook has no sheets")
    chosen, rows, merged = _choose(book, names, sheet, name, limits, header_row)
    header = detect_header(rows, header_row=header_row, merged=merged)
    frame = _frame(rows, header)
    notes = _sheet_notes(names, chosen, header, sheet is not None)
    notes += header.notes + _empty_name_notes(frame)
    found = uncached.get(chosen, [])
    notes += _cell_notes([ref for kind, ref in found if kind == "formula"],
                         "no saved value",
                         "open the file in Excel or LibreOffice and save it again")
    notes += _cell_notes([ref for kind, ref in found if kind == "error"],
                         "a formula error (#REF!, #DIV/0!…)", "correct the formula in the file")
    return Sheet(frame, names, chosen, header, notes)


def _cell_notes(cells: list[str], what: str, fix: str) -> list[str]:
    """One note naming formula cells read as blank (the first five and how many more)."""
    if not cells:
        return []
    shown = ", ".join(cells[:5]) + (f" and {len(cells) - 5} more" if len(cells) > 5 else "")
    many = len(cells) > 1
    return [f"{len(cells)} formula cell{'s have' if many else ' has'} {what} and "
            f"{'are' if many else 'is'} read as blank ({shown}): {fix}"]


def _reason(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    kind = type(exc).__name__
    return f"{kind}: {text[:80]}" if text and kind not in text else (text[:80] or kind)


def _choose(book: pc.CalamineWorkbook, names: list[str], wanted: str | int | None,
            name: str, limits: Limits, header_row: int | None
            ) -> tuple[str, list[list[object]], Merged]:
    """The sheet asked for, else the first that looks like a log, else the first non-empty."""
    if wanted is not None:
        chosen = _named_sheet(names, wanted, name)
        return (chosen, *_rows(book, chosen, name, limits))
    first: tuple[str, list[list[object]], Merged] | None = None
    for sheet_name in names:
        rows, merged = _rows(book, sheet_name, name, limits)
        if not any(not is_blank(c) for r in rows for c in r):
            continue
        first = first or (sheet_name, rows, merged)
        if looks_like_log(detect_header(rows, header_row=header_row, merged=merged).names):
            return sheet_name, rows, merged
    if first is None:
        raise LogError(f"{name}: every sheet of the workbook is empty ({_listing(names)})")
    return first


def _named_sheet(names: list[str], wanted: str | int, name: str) -> str:
    """A sheet by its name (case and spaces ignored) or its 1-based position."""
    text = str(wanted).strip()
    if text.isdigit() and 1 <= int(text) <= len(names) and text not in names:
        return names[int(text) - 1]
    for sheet_name in names:
        if sheet_name.casefold().strip() == text.casefold():
            return sheet_name
    raise LogError(f"{name}: no sheet called {text!r}; the workbook has {_listing(names)} "
                   f"(give a name or a number from 1 to {len(names)})")


def _listing(names: Sequence[str]) -> str:
    return ", ".join(repr(n) for n in names)


def _rows(book: pc.CalamineWorkbook, sheet_name: str, name: str, limits: Limits
          ) -> tuple[list[list[object]], Merged]:
    """Every row of one sheet from A1 (so that positions are spreadsheet rows and letters),
    after its size is checked against the limits."""
    try:
        sheet = book.get_sheet_by_name(sheet_name)
        end_row, end_col = sheet.end or (0, 0)
        limits.check_shape(end_row + 1, end_col + 1, f"{name}, sheet {sheet_name!r}")
        rows = cast(list[list[object]], sheet.to_python(skip_empty_area=False))
        merged = list(sheet.merged_cell_ranges or [])
    except LogError:
        raise
    except Exception as exc:
        raise LogError(f"{name}: sheet {sheet_name!r} is not readable ({_reason(exc)})"
                       ) from None
    return rows, merged


def _frame(rows: list[list[object]], header: Header) -> pd.DataFrame:
    """Cells under the header as objects (blank → None), indexed by spreadsheet row; empty
    rows and columns without a header or a value dropped."""
    width = len(header.names)
    body = [list(r) + [None] * (width - len(r)) for r in rows[header.row:]]
    frame = pd.DataFrame(body, columns=header.names, dtype=object)
    frame.index = pd.RangeIndex(header.row + 1, header.row + 1 + len(frame))
    frame = frame.mask(frame.eq("") | frame.isna(), None)  # calamine's blank is ''
    frame = frame.loc[frame.notna().any(axis=1)]
    keep = [not (n.startswith("column ") and frame[n].isna().all()) for n in header.names]
    return frame.loc[:, keep]


def _sheet_notes(names: list[str], chosen: str, header: Header, asked: bool) -> list[str]:
    """Which sheet was read, where its header is, and every sheet not read."""
    how = "as asked" if asked else "the first that looks like a training log" \
        if looks_like_log(header.names) else "the first sheet with data"
    notes = [f"read sheet {chosen!r} ({how}); its header is row {header.row}"]
    others = [n for n in names if n != chosen]
    if others:
        notes.append(f"not read: sheet{'s' if len(others) > 1 else ''} {_listing(others)} "
                     "(choose another sheet to read it)")
    return notes


def _empty_name_notes(frame: pd.DataFrame) -> list[str]:
    blank = [c for c in frame.columns if str(c).startswith("column ")]
    if not blank:
        return []
    return [f"{', '.join(blank)} {'has' if len(blank) == 1 else 'have'} values but no header "
            "name; read under that name"]


# --- before parsing: the zip directory and the XML as a stream --------------------------------


def _prescan(data: bytes, name: str, limits: Limits) -> dict[str, list[tuple[str, str]]]:
    """Check a zip workbook against the limits before it is parsed; the cells of each sheet
    that hold a formula without a saved value ('formula') or a formula error ('error')."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        members = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise LogError(f"{name}: not a readable Excel workbook ({type(exc).__name__})") from None
    for member in members:
        limits.check_unzipped(member.file_size, name, member.filename)
    limits.check_unzipped(sum(m.file_size for m in members), name, "")
    sheet_files = _sheet_files(zf)
    uncached: dict[str, list[tuple[str, str]]] = {}
    seen = 0
    for member in members:
        if not member.filename.endswith(".xml"):
            continue
        cells, seen = _scan_member(zf, member, name, limits, seen)
        sheet_name = sheet_files.get(member.filename)
        if sheet_name and cells:
            uncached[sheet_name] = cells
    return uncached


def _sheet_files(zf: zipfile.ZipFile) -> dict[str, str]:
    """xlsx worksheet part → sheet name, from workbook.xml and its relationships."""
    try:
        book = zf.read("xl/workbook.xml")[:2_000_000]
        rels = zf.read("xl/_rels/workbook.xml.rels")[:2_000_000]
    except KeyError:
        return {}
    targets = {i: t for i, t in _REL_TAG.findall(rels)}
    targets.update({i: t for t, i in _REL_TAG2.findall(rels)})
    out = {}
    for sheet_name, rel in _SHEET_TAG.findall(book):
        target = targets.get(rel, b"").decode("utf-8", "replace").lstrip("/")
        path = target if target.startswith("xl/") else f"xl/{target}"
        out[path] = _unescape(sheet_name.decode("utf-8", "replace"))
    return out


def _unescape(text: str) -> str:
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&apos;", "'").replace("&amp;", "&"))


def _chunks(zf: zipfile.ZipFile, member: zipfile.ZipInfo, name: str, limits: Limits,
            seen: int) -> Iterator[tuple[bytes, int]]:
    """The member's bytes in overlapping chunks, counting what is really decompressed (a
    directory can lie about sizes)."""
    size, tail = 0, b""
    with zf.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            size += len(chunk)
            limits.check_unzipped(size, name, member.filename)
            limits.check_unzipped(seen + size, name, "")
            yield tail + chunk, seen + size
            tail = chunk[-_SCAN:]


def _scan_member(zf: zipfile.ZipFile, member: zipfile.ZipInfo, name: str, limits: Limits,
                 seen: int) -> tuple[list[tuple[str, str]], int]:
    """Refuse a DTD or a sheet larger than the limits; return uncached and error cells."""
    sheetish = member.filename.startswith("xl/worksheets/") or member.filename == "content.xml"
    max_row = max_col = 0
    cells: list[tuple[str, str]] = []
    total = seen
    for chunk, size in _chunks(zf, member, name, limits, seen):
        total = size
        if _DTD.search(chunk):
            raise LogError(f"{name}: the workbook declares XML entities (a document type "
                           "declaration), which loadwatch never expands: save it again from "
                           "Excel or LibreOffice")
        if not sheetish:
            continue
        if m := _DIMENSION.search(chunk):
            limits.check_shape(int(m.group(2)), column_number(m.group(1)), name,
                               what="this workbook declares")
        last = chunk.rfind(b'<row r="')  # rows come in order: the chunk's last is its highest
        if last >= 0 and (m := _ROW_REF.match(chunk, last)):
            max_row = max(max_row, int(m.group(1)))
        max_col = max([max_col, *(column_number(c) for c in set(_WIDE_REF.findall(chunk)))])
        rows, cols = _ods_shape(chunk)
        limits.check_shape(max(max_row, rows), max(max_col, cols), name,
                           what="a sheet of this workbook has cells in")
        if b"</f>" in chunk or b"<f " in chunk:
            cells += [("formula", c.decode()) for c in _UNCACHED.findall(chunk)]
        if b't="e"' in chunk:
            cells += [("error", c.decode()) for c in _ERROR.findall(chunk)]
    return list(dict.fromkeys(cells)), total


def _ods_shape(chunk: bytes) -> tuple[int, int]:
    """Rows and columns an .ods chunk's repeated cells with values stand for."""
    if b"table:table-cell" not in chunk:
        return 0, 0
    cols = max((int(m.group(1)) for m in _ODS_REPEAT.finditer(chunk)
                if b"value-type" in m.group(0)), default=0)
    rows = max((int(m.group(1)) for m in _ODS_ROWS.finditer(chunk)), default=0)
    return rows, cols


__all__ = ["Sheet", "column_letter", "column_number", "read_workbook"]

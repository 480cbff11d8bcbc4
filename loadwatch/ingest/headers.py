"""Where a spreadsheet's header is, and what its cells say (issue 13, item 5).

Coaches put a title, a date or a logo above the table, merge a "Week 1" cell over seven day
columns and type the same header twice. These functions work on rows of cells as a workbook
reader returns them (row 0 = spreadsheet row 1) and never drop a column quietly: a header
that is empty, repeated or made of two rows is named in a note.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from statistics import median

Cell = object
Merged = Sequence[tuple[tuple[int, int], tuple[int, int]]]

_NUMBER = re.compile(r"\s*[-+]?(\d+([.,]\d*)?|[.,]\d+)([eE][-+]?\d+)?\s*%?\s*$")
_DATE_WORD = re.compile(r"\b(date|day|dato|datum|fecha|data|jour|giorno|when|timestamp|"
                        r"start|week)\b", re.IGNORECASE)
_ATHLETE_WORD = re.compile(r"\b(athlete|name|player|about|nom|navn|naam|spieler|jugador|"
                           r"atleta|who|id)\b", re.IGNORECASE)
_SEARCH_ROWS = 30
_LOOKAHEAD = 10


@dataclass
class Header:
    """The header found in a sheet: its 1-based row(s) as read and the column names made."""

    row: int  # 1-based spreadsheet row of the (lower) header row
    cells: list[list[Cell]]  # the header row(s) exactly as read, upper row first
    names: list[str]
    notes: list[str] = field(default_factory=list)


def is_blank(cell: Cell) -> bool:
    """True for an empty cell (None, '' or only spaces)."""
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _is_label(cell: Cell) -> bool:
    """A cell a header could hold: text that is not a number."""
    return isinstance(cell, str) and bool(cell.strip()) and not _NUMBER.match(cell)


def _filled(row: Sequence[Cell]) -> int:
    return sum(not is_blank(c) for c in row)


def _all_labels(row: Sequence[Cell]) -> bool:
    return _filled(row) >= 2 and all(is_blank(c) or _is_label(c) for c in row)


def column_letter(index: int) -> str:
    """Spreadsheet letters of a 0-based column index (0 → A, 27 → AB)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def find_header_row(rows: Sequence[Sequence[Cell]]) -> int:
    """0-based index of the header: the first row of two or more text cells that fills at
    least half as many columns as the rows below it, and has a row below it; else the first
    non-empty row (a sheet without any text header keeps its first row as names)."""
    head = rows[: 4 * (_SEARCH_ROWS + _LOOKAHEAD)]  # the header is near the top
    non_empty = [i for i, r in enumerate(head) if _filled(r)]
    for pos, i in enumerate(non_empty[:_SEARCH_ROWS]):
        below = non_empty[pos + 1: pos + 1 + _LOOKAHEAD]
        if not below or not _all_labels(rows[i]):
            continue
        if _filled(rows[i]) >= 0.5 * median(_filled(rows[j]) for j in below):
            return i
    return non_empty[0] if non_empty else 0


def detect_header(rows: Sequence[Sequence[Cell]], *, header_row: int | None = None,
                  merged: Merged | None = None) -> Header:
    """The header of a sheet (given as a 1-based ``header_row`` or found), two-row headers
    combined ("Week 1" over "Mon" → "Week 1 Mon"), empty and repeated names made unique."""
    if header_row is not None:
        top = header_row - 1
        lower = None
    else:
        top = find_header_row(rows)
        lower = top + 1 if _second_row(rows, top) else None
    width = max((len(r) for r in rows), default=0)
    upper = _pad(rows[top] if top < len(rows) else [], width)
    if lower is None:
        names = [_text(c) for c in upper]
        cells, row = [list(upper)], top + 1
    else:
        bottom = _pad(rows[lower], width)
        names = _combine(_spread(upper, bottom, top, merged), bottom)
        cells, row = [list(upper), list(bottom)], lower + 1
    names, notes = _unique(names)
    if lower is not None:
        notes.insert(0, f"rows {top + 1} and {lower + 1} together are the header "
                        "(a two-row header)")
    return Header(row, cells, names, notes)


def _pad(row: Sequence[Cell], width: int) -> list[Cell]:
    return list(row) + [None] * (width - len(row))


def _text(cell: Cell) -> str:
    return "" if is_blank(cell) else " ".join(str(cell).split())


def _second_row(rows: Sequence[Sequence[Cell]], top: int) -> bool:
    """True when the row under the header is its second half: all text, with a gap under a
    label of the upper row (a group label standing alone, e.g. 'Athlete' over nothing)."""
    if top + 2 >= len(rows) or not _all_labels(rows[top + 1]):
        return False
    upper, lower = rows[top], rows[top + 1]
    gaps = any(not is_blank(u) and (c >= len(lower) or is_blank(lower[c]))
               for c, u in enumerate(upper))
    return gaps and _filled(upper) >= 2 and not _all_labels(rows[top + 2])


def _spread(upper: list[Cell], lower: list[Cell], top: int, merged: Merged | None
            ) -> list[str]:
    """The upper labels carried over the columns they stand for: a merged span, or (without
    merge information) the following columns that have a lower label."""
    out = [_text(c) for c in upper]
    if merged:
        for (r0, c0), (r1, c1) in merged:
            if r0 <= top <= r1 and c0 < len(out):
                for c in range(c0, min(c1 + 1, len(out))):
                    out[c] = out[c] or out[c0]
        return out
    current = ""
    for c, label in enumerate(out):
        if label:
            current = label
        elif current and not is_blank(lower[c]):
            out[c] = current
    return out


def _combine(upper: list[str], lower: list[Cell]) -> list[str]:
    return [" ".join(p for p in (u, _text(b)) if p) for u, b in zip(upper, lower, strict=True)]


def _unique(names: list[str]) -> tuple[list[str], list[str]]:
    """Empty names become 'column C'; a repeated name keeps its first column and the others
    get their letter ('RPE (F)'); both are said in a note, never renamed silently."""
    notes, out = [], list(names)
    empty = [i for i, n in enumerate(names) if not n]
    for i in empty:
        out[i] = f"column {column_letter(i)}"
    seen: dict[str, list[int]] = {}
    for i, n in enumerate(names):
        if n:
            seen.setdefault(n.casefold(), []).append(i)
    for cols in seen.values():
        if len(cols) > 1:
            letters = [column_letter(i) for i in cols]
            count = {2: "two", 3: "three"}.get(len(cols), str(len(cols)))
            notes.append(f"{count} columns are called {names[cols[0]]!r} "
                         f"({', '.join(letters[:-1])} and {letters[-1]}); read as "
                         + ", ".join(repr(f"{names[i]} ({column_letter(i)})") for i in cols[1:])
                         + f" after {names[cols[0]]!r}")
            for i in cols[1:]:
                out[i] = f"{names[i]} ({column_letter(i)})"
    return out, notes


def looks_like_log(names: Sequence[str]) -> bool:
    """True when a header has a date-like and an athlete/name-like column."""
    return any(_DATE_WORD.search(n) for n in names) and any(_ATHLETE_WORD.search(n)
                                                             for n in names)

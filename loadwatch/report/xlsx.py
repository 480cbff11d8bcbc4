"""The Excel workbook: Summary, Athletes, Daily metrics, Last 8 weeks, Model (a clinical
report of a team with a validated model only) and Configuration.

Written with openpyxl so it opens in Excel and LibreOffice without loadwatch: frozen headers,
autofilters, number formats (ratios 0.00, AU #,##0, percentages 0.0), and level cells that
are coloured *and* say their level in words. Every text cell passes through
:func:`loadwatch.safety.neutralise`, so a text starting with = + - @ tab or CR stays text.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Sequence
from typing import Any, Final

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from loadwatch.report import checkins, fmt
from loadwatch.report.content import DAILY_COLUMNS, AthleteReport, Column, ReportData
from loadwatch.report.levels import LEVEL_COLOURS, LEVEL_TEXT, NO_WEEK_TEXT, SEVERITY
from loadwatch.risk.rules.base import Level
from loadwatch.safety import neutralise, strip_controls
from loadwatch.series.calendar import week_label
from loadwatch.vocab import round_half_up

NUMBER_FORMATS: Final[dict[str, str]] = {
    "ratio": "0.00", "au": "#,##0", "pct": "0.0", "hours": "0.0", "count": "0",
    "number2": "0.00", "date": "yyyy-mm-dd",
}
#: Decimals each numeric kind shows (spec §4.9): the cell holds exactly that value.
KIND_DP: Final[dict[str, int]] = {
    "ratio": 2, "number2": 2, "au": 0, "count": 0, "pct": 1, "hours": 1,
}
WIDTHS: Final[dict[str, float]] = {
    "text": 16, "level": 20, "date": 12, "ratio": 9, "au": 10, "pct": 9, "hours": 9,
    "count": 8, "number2": 9, "long": 90, "rule": 13,
}
_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="EAECEE")
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")
_BY_TEXT: Final[dict[str, Level]] = {text: level for level, text in LEVEL_TEXT.items()}
_FILLS = {level: PatternFill("solid", fgColor=fill) for level, (fill, _) in LEVEL_COLOURS.items()}
_FONTS = {level: Font(bold=True, color=ink) for level, (_, ink) in LEVEL_COLOURS.items()}


def safe_value(value: Any) -> Any:
    """A value openpyxl stores as data: text neutralised, NaN empty, ∞ as text."""
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime().date()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        number = float(value)
        if math.isnan(number):
            return None
        if math.isinf(number):
            return "∞" if number > 0 else "-∞"
        return value
    if isinstance(value, dt.date):
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", strip_controls(value))  # ANSI sequences whole
    return neutralise(text)


def _rounded(value: Any, dp: int) -> Any:
    """A finite number rounded half up to `dp` decimals (spec §4.9); anything else as is."""
    if isinstance(value, bool) or not isinstance(value, int | float | np.number):
        return value
    number = float(value)
    return float(round_half_up(number, dp)) if math.isfinite(number) else number


def _put(ws: Worksheet, row: int, col: int, value: Any, kind: str = "text") -> None:
    """One cell: a number of a numeric `kind` held rounded half up as its format shows it."""
    if kind in KIND_DP:
        value = _rounded(value, KIND_DP[kind])
    cell = ws.cell(row=row, column=col, value=safe_value(value))
    if kind in NUMBER_FORMATS and cell.value is not None and not isinstance(cell.value, str):
        cell.number_format = NUMBER_FORMATS[kind]
    if kind == "long":
        cell.alignment = _WRAP_TOP
    elif kind == "level":
        level = _BY_TEXT.get(str(value))
        if level is not None:
            cell.fill, cell.font = _FILLS[level], _FONTS[level]
        cell.alignment = _TOP


def _header(ws: Worksheet, row: int, names: Sequence[str]) -> None:
    for col, name in enumerate(names, start=1):
        cell = ws.cell(row=row, column=col, value=safe_value(name))
        cell.font, cell.fill = _BOLD, _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="bottom")


def _table(ws: Worksheet, frame: pd.DataFrame, columns: Sequence[Column], *,
           freeze: str = "B2") -> None:
    """A sheet holding one table: header row, typed cells, frozen header, autofilter."""
    _header(ws, 1, [c.key for c in columns])
    kinds = [c.kind for c in columns]
    for r, values in enumerate(frame.itertuples(index=False, name=None), start=2):
        for c, (value, kind) in enumerate(zip(values, kinds, strict=True), start=1):
            _put(ws, r, c, value, kind)
    for c, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(c)].width = WIDTHS.get(column.kind, 14)
    ws.freeze_panes = freeze
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(len(frame) + 1, 2)}"


def _summary(ws: Worksheet, data: ReportData) -> None:
    """The first sheet: the week's facts, athletes by level, who is referred, who needs
    action or review, level changes and the disclaimer."""
    for column, width in zip("ABCD", (24, 22, 110, 10), strict=True):
        ws.column_dimensions[column].width = width
    title = ws.cell(row=1, column=1, value=safe_value(f"{data.team} — weekly training-load "
                                                      "report"))
    title.font = Font(bold=True, size=14)
    facts = [("Week", f"{data.iso_week} ({fmt.week_span(data.week_start, data.week_end)})"),
             ("Athletes", str(len(data.details))),
             ("Generated", fmt.stamp(data.generated_at)),
             ("Version", data.mode),
             ("Primary ratio", data.primary_method)]
    row = 2
    for label, value in facts:
        ws.cell(row=row, column=1, value=safe_value(label)).font = _BOLD
        _put(ws, row, 2, value)
        row += 1
    row = _level_counts(ws, row + 1, data)
    row = _section(ws, row + 1, "Referred to clinician")
    referred = [d.athlete for d in data.referred]
    _put(ws, row, 1, ", ".join(referred) if referred else "none this week")
    row += 2
    for heading, group in (("Act now — red and referred", data.act_now),
                           ("Review the plan — amber",
                            [d for d in data.details if d.level == Level.AMBER])):
        row = _reason_group(ws, row, f"{heading} ({len(group)})", group) + 1
    row = _level_changes(ws, row, data) + 1
    _put(ws, row, 1, data.disclaimer)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
    ws.cell(row=row, column=1).alignment = _WRAP_TOP
    ws.row_dimensions[row].height = 30


def _section(ws: Worksheet, row: int, text: str) -> int:
    """A section heading at `row`; returns the next row."""
    ws.cell(row=row, column=1, value=safe_value(text)).font = Font(bold=True, size=12)
    return row + 1


def _level_counts(ws: Worksheet, row: int, data: ReportData) -> int:
    """Athletes per level, most serious first, with what each level asks for."""
    row = _section(ws, row, "Athletes by level")
    _header(ws, row, ["Level", "Athletes", "What it asks for"])
    for offset, level in enumerate(SEVERITY, start=1):
        _put(ws, row + offset, 1, LEVEL_TEXT[level], "level")
        _put(ws, row + offset, 2, data.counts[level], "count")
        _put(ws, row + offset, 3, level.words)
    return row + len(SEVERITY) + 1


def _reason_group(ws: Worksheet, row: int, heading: str, group: list[AthleteReport]) -> int:
    """A heading, then one line per athlete of `group` with the level and the main reason."""
    row = _section(ws, row, heading)
    _header(ws, row, ["Athlete", "Level", "Main reason", "Next week"])
    row += 1
    for d in group:
        _put(ws, row, 1, d.athlete)
        _put(ws, row, 2, LEVEL_TEXT[d.level], "level")
        _put(ws, row, 3, d.top_reason, "long")
        _put(ws, row, 4, d.advice, "long")
        row += 1
    if not group:
        _put(ws, row, 1, "none this week")
        row += 1
    return row


def _level_changes(ws: Worksheet, row: int, data: ReportData) -> int:
    """Athletes whose level changed since last week."""
    row = _section(ws, row, "Changed level since last week")
    _header(ws, row, ["Athlete", "Last week", "This week", "Change"])
    row += 1
    for change in data.changes.itertuples(index=False):
        _put(ws, row, 1, change.athlete)
        _put(ws, row, 2, change.last_week, "level")
        _put(ws, row, 3, change.this_week, "level")
        _put(ws, row, 4, change.change)
        row += 1
    if data.changes.empty:
        _put(ws, row, 1, "no level changed")
        row += 1
    return row


def _history(ws: Worksheet, data: ReportData) -> None:
    weeks = list(data.history.columns)
    _header(ws, 1, ["athlete"] + [f"{week_label(w)} ({w:%d %b})" for w in weeks])
    for r, (athlete, values) in enumerate(data.history.iterrows(), start=2):
        _put(ws, r, 1, athlete)
        for c, value in enumerate(values.to_numpy(), start=2):
            text = NO_WEEK_TEXT if pd.isna(value) else LEVEL_TEXT[Level(int(value))]
            _put(ws, r, c, text, "level")
    ws.column_dimensions["A"].width = 16
    for c in range(2, len(weeks) + 2):
        ws.column_dimensions[get_column_letter(c)].width = 20
    ws.freeze_panes = "B2"


def _configuration(ws: Worksheet, data: ReportData) -> None:
    widths = (34, 16, 16, 9, 14, 70, 22)
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.cell(row=1, column=1, value="Method").font = Font(bold=True, size=12)
    row = 2
    for paragraph in data.method:
        _put(ws, row, 1, paragraph, "long")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(widths))
        ws.row_dimensions[row].height = 13 * max(1, math.ceil(len(paragraph) / 150))
        row += 1
    row += 1
    ws.cell(row=row, column=1, value="Thresholds and settings").font = Font(bold=True, size=12)
    row += 1
    config = data.configuration
    _header(ws, row, list(config.columns))
    row += 1
    for values in config.itertuples(index=False, name=None):
        for c, value in enumerate(values, start=1):
            _put(ws, row, c, value, "long" if c == 6 else "text")
        row += 1
    row += 1
    ws.cell(row=row, column=1, value="Rules evaluated").font = Font(bold=True, size=12)
    row += 1
    _header(ws, row, list(data.rules.columns))
    row += 1
    for values in data.rules.itertuples(index=False, name=None):
        for c, value in enumerate(values, start=1):
            _put(ws, row, c, value)
        row += 1
    row += 1
    ws.cell(row=row, column=1, value="Column guide").font = Font(bold=True, size=12)
    row += 1
    _header(ws, row, ["column", "sheet", "meaning"])
    row += 1
    daily = {c.key for c in DAILY_COLUMNS}
    for column in data.column_guide:
        _put(ws, row, 1, column.key)
        in_athletes = column in data.columns
        _put(ws, row, 2, "Athletes" if in_athletes else "Daily metrics"
             if column.key in daily else "")
        _put(ws, row, 3, column.meaning)
        row += 1


def _model(ws: Worksheet, data: ReportData) -> None:
    """The team's validated model: its card's figures and verdict above the probabilities."""
    model = data.model
    assert model is not None
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 110
    ws.cell(row=1, column=1, value="Model second opinion").font = Font(bold=True, size=12)
    for row, (name, text) in enumerate((("Model card", model.summary),
                                        ("Verdict", model.verdict)), start=2):
        ws.cell(row=row, column=1, value=name).font = _BOLD
        _put(ws, row, 2, text, "long")
        ws.row_dimensions[row].height = 13 * max(1, math.ceil(len(text) / 110))
    _header(ws, 5, ["athlete", model.label])
    for row, (athlete, value) in enumerate(model.table.itertuples(index=False, name=None),
                                           start=6):
        _put(ws, row, 1, athlete)
        # the cell holds the rounded value, so the 0.0% format shows the text's digits
        cell = ws.cell(row=row, column=2, value=safe_value(_rounded(value, 3)))
        if cell.value is None:
            cell.value = "none this week (injured, or no data)"
        else:
            cell.number_format = "0.0%"
    ws.freeze_panes = "A6"


def _notes(ws: Worksheet, notes: pd.DataFrame) -> None:
    """Clinicians' notes of the clinical version, newest first (one row per note)."""
    _header(ws, 1, list(notes.columns))
    for row, values in enumerate(notes.itertuples(index=False, name=None), start=2):
        for col, value in enumerate(values, start=1):
            _put(ws, row, col, value, "long" if col == len(values) else "text")
    ws.column_dimensions["D"].width = 90
    if notes.empty:
        _put(ws, 2, 1, "No clinical note in the weeks of this report.")


def _compliance(ws: Worksheet, table: pd.DataFrame) -> None:
    """Who reported this week by link, as the HTML and PDF show it (loadwatch.report.checkins):
    the sentence, then one row per athlete; rates are numbers shown as whole percentages."""
    _put(ws, 1, 1, checkins.checkins_intro(table))
    _header(ws, 3, checkins.HEADINGS)
    cells = checkins.checkins_cells(table)
    rates = np.column_stack([checkins.whole_percent(table["back_check_rate"]).to_numpy(),
                             checkins.whole_percent(table["session_rate"]).to_numpy()]) / 100
    for row, values in enumerate(cells.itertuples(index=False, name=None), start=4):
        _put(ws, row, 1, values[0])
        _put(ws, row, 2, int(values[1]), "count")
        _put(ws, row, 3, values[2])
        for col, rate in zip((4, 5), rates[row - 4], strict=True):
            _put(ws, row, col, fmt.MISSING if np.isnan(rate) else float(rate))
            if not np.isnan(rate):
                ws.cell(row=row, column=col).number_format = "0%"
        _put(ws, row, 6, values[5])
    for letter, width in zip("ABCDEF", (16, 10, 11, 12, 12, 11), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "B4"
    ws.auto_filter.ref = f"A3:F{max(len(table) + 3, 4)}"


def _print_to_width(ws: Worksheet, landscape: bool = False) -> None:
    """Printing (and LibreOffice's PDF export) fits the sheet to the page width."""
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    if landscape:
        ws.page_setup.orientation = "landscape"


def render_xlsx(data: ReportData) -> bytes:
    """The workbook as bytes."""
    wb = Workbook()
    summary = wb.active
    assert summary is not None
    summary.title = "Summary"
    _summary(summary, data)
    _print_to_width(summary)
    _table(wb.create_sheet("Athletes"), data.athletes, data.columns)
    _table(wb.create_sheet("Daily metrics"), data.daily, DAILY_COLUMNS, freeze="C2")
    _history(wb.create_sheet(f"Last {len(data.history.columns)} weeks"), data)
    if data.model is not None:
        _model(wb.create_sheet("Model"), data)
        _print_to_width(wb["Model"], landscape=True)
    if data.notes is not None:
        _notes(wb.create_sheet("Clinical notes"), data.notes)
    if data.compliance is not None and len(data.compliance):
        _compliance(wb.create_sheet(checkins.TITLE), data.compliance)
    _configuration(wb.create_sheet("Configuration"), data)
    _print_to_width(wb["Configuration"], landscape=True)
    _print_to_width(wb[f"Last {len(data.history.columns)} weeks"], landscape=True)
    wb.properties.title = f"loadwatch weekly report — {data.team} — {data.iso_week}"
    wb.properties.creator = "loadwatch"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()

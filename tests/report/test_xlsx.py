"""The workbook read back with openpyxl, and opened by LibreOffice."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from loadwatch.report import LEVEL_TEXT, ReportData
from loadwatch.report.levels import LEVEL_COLOURS, level_of
from loadwatch.risk.engine import Assessment, Out
from loadwatch.risk.rules.base import round_half_up
from tests.report.support import need, pdf_text


def _sheet(path: Path, name: str) -> Worksheet:
    sheet = load_workbook(path)[name]
    assert isinstance(sheet, Worksheet)
    return sheet


def _rows(sheet: Worksheet) -> tuple[list[str], list[dict[str, object]]]:
    values = list(sheet.iter_rows(values_only=True))
    header = [str(v) for v in values[0]]
    return header, [dict(zip(header, row, strict=True)) for row in values[1:]]


def test_sheets(written: dict[str, Path]) -> None:
    names = load_workbook(written["xlsx"]).sheetnames
    assert names == ["Summary", "Athletes", "Daily metrics", "Last 8 weeks", "Configuration"]


def test_every_athletes_level_and_primary_acwr_match_the_engine(
        written: dict[str, Path], assessment: Assessment, week_start: pd.Timestamp) -> None:
    truth = assessment.week(week_start).set_index(Out.ATHLETE)
    _, rows = _rows(_sheet(written["xlsx"], "Athletes"))
    assert sorted(str(r["athlete"]) for r in rows) == sorted(truth.index)
    for row in rows:
        expected = truth.loc[str(row["athlete"])]
        assert row["level"] == LEVEL_TEXT[level_of(expected[Out.LEVEL])]
        primary = float(expected[Out.PRIMARY])
        if np.isnan(primary):
            assert row["primary_acwr"] is None
        else:
            assert row["primary_acwr"] == pytest.approx(float(round_half_up(primary)), abs=1e-12)


def test_athletes_sheet_is_filterable_frozen_and_formatted(
        written: dict[str, Path], data: ReportData) -> None:
    sheet = _sheet(written["xlsx"], "Athletes")
    header, rows = _rows(sheet)
    assert header == list(data.athletes.columns)
    assert sheet.freeze_panes == "B2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(header)).column_letter}" \
                                    f"{len(rows) + 1}"
    column = {name: i + 1 for i, name in enumerate(header)}
    formats = {"primary_acwr": "0.00", "load_7d_au": "#,##0", "change_pct": "0.0",
               "level_reached_on": "yyyy-mm-dd"}
    for name, number_format in formats.items():
        cells = [sheet.cell(r, column[name]) for r in range(2, len(rows) + 2)]
        filled = [c for c in cells if c.value is not None]
        assert filled, name
        assert all(c.number_format == number_format for c in filled), name
        assert all(not isinstance(c.value, str) for c in filled), name


def test_level_cells_are_coloured_and_say_their_level(written: dict[str, Path]) -> None:
    sheet = _sheet(written["xlsx"], "Athletes")
    by_text = {text: level for level, text in LEVEL_TEXT.items()}
    seen = set()
    for row in range(2, sheet.max_row + 1):
        cell = sheet.cell(row, 2)
        level = by_text[str(cell.value)]  # the level in words
        fill, ink = LEVEL_COLOURS[level]
        assert cell.fill.fgColor.rgb.endswith(fill)
        assert cell.font.color.rgb.endswith(ink)
        seen.add(level)
    assert len(seen) >= 3


def test_daily_metrics_cover_the_week(written: dict[str, Path], data: ReportData) -> None:
    header, rows = _rows(_sheet(written["xlsx"], "Daily metrics"))
    assert header[:3] == ["athlete", "date", "level"]
    days = {pd.Timestamp(str(r["date"])) for r in rows}
    assert min(days) >= data.week_start and max(days) <= data.week_end
    assert {r["athlete"] for r in rows} == set(data.athletes["athlete"])


def test_configuration_lists_thresholds_with_grades(written: dict[str, Path]) -> None:
    sheet = _sheet(written["xlsx"], "Configuration")
    text = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert "acwr.amber_above" in text and "acwr.red_at_or_above" in text
    assert any(t.startswith("E1") for t in text)
    assert any("in line with recent training" in t for t in text)
    assert any("does not diagnose" in t or "not diagnose" in t for t in text)


def test_summary_names_counts_and_the_referred(written: dict[str, Path],
                                                data: ReportData) -> None:
    sheet = _sheet(written["xlsx"], "Summary")
    text = " ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row
                    if c is not None)
    assert data.iso_week in text
    for a in data.referred:
        assert a.athlete in text
    assert "does not diagnose" in text


@pytest.mark.slow
def test_libreoffice_opens_the_workbook(written: dict[str, Path], tmp_path: Path,
                                        data: ReportData) -> None:
    soffice = need("soffice")
    result = subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(written["xlsx"])],
        capture_output=True, text=True, timeout=180)
    converted = tmp_path / (written["xlsx"].stem + ".pdf")
    assert result.returncode == 0, result.stderr
    assert converted.exists(), result.stdout + result.stderr
    text = pdf_text(converted)
    assert data.details[0].athlete in text
    assert "Athletes by level" in text

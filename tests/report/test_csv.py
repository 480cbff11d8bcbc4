"""The CSV: one row per athlete with the Athletes sheet's columns, readable anywhere."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import load_workbook

from loadwatch.report import ReportData
from loadwatch.risk.engine import Assessment, Out


def _csv_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the dashes and signs right
    reader = csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline=""))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


def test_same_columns_as_the_athletes_sheet(written: dict[str, Path]) -> None:
    header, rows = _csv_rows(written["csv"])
    sheet = load_workbook(written["xlsx"])["Athletes"]
    sheet_header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert header == sheet_header
    assert len(rows) == sheet.max_row - 1


def test_one_row_per_athlete_with_levels_and_flags(written: dict[str, Path], data: ReportData,
                                                   assessment: Assessment) -> None:
    _, rows = _csv_rows(written["csv"])
    truth = assessment.week(data.week_start).set_index(Out.ATHLETE)
    assert sorted(r["athlete"] for r in rows) == sorted(truth.index)
    by_athlete = {a.athlete: a for a in data.details}
    for row in rows:
        athlete = by_athlete[row["athlete"]]
        assert row["level"] == athlete.row["level"]
        assert row["flags"].split(" | ")[:len(athlete.reasons)] == [
            r.line for r in athlete.reasons]
        if row["primary_acwr"]:
            assert float(row["primary_acwr"]) == athlete.row["primary_acwr"]
        assert row["level_reached_on"] == f"{athlete.row['level_reached_on']:%Y-%m-%d}"

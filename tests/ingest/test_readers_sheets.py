"""Spreadsheets as coaches make them (issue 13 item 5, issue 19 item 8): sheets listed and
chosen, the header found below title rows or given, two-row merged headers, repeated and
empty header names, uncached formulas and extra fields named, .xls and .ods read; the real
planning workbook from ../shared/realworld (values checked by hand with LibreOffice's CSV
export and calamine)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from loadwatch.errors import LogError
from loadwatch.ingest.log import read_log
from loadwatch.ingest.mapping import prepare
from loadwatch.ingest.readers import read_table
from loadwatch.schema import Col

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "realworld"
IN_CI = os.environ.get("CI") == "true"


def book(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """An .xlsx with the given sheets (rows appended from A1)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


LOG_ROWS: list[list[object]] = [
    ["Athlete", "Date", "Minutes", "RPE"],
    ["Zoë", dt.datetime(2026, 3, 2), 60, 7],
    ["Ben", dt.datetime(2026, 3, 3), 45, 5],
]


def notes(raw: object) -> list[str]:
    return [p.message for p in raw.notes]  # type: ignore[attr-defined]


def test_header_found_below_title_rows(tmp_path: Path) -> None:
    path = book(tmp_path / "t.xlsx", {"Log": [["U14 squad — training log 2026"], [],
                                               *LOG_ROWS]})
    raw = read_table(path)
    assert raw.header_row == 3
    assert raw.frame.index.tolist() == [4, 5]
    assert raw.frame["Athlete"].tolist() == ["Zoë", "Ben"]
    assert raw.header_cells == [["Athlete", "Date", "Minutes", "RPE"]]
    log = read_log(path)
    assert log[Col.SOURCE_ROW].tolist() == [4, 5]
    assert log[Col.LOAD].tolist() == [420.0, 225.0]


def test_header_row_given_as_a_coach_counts(tmp_path: Path) -> None:
    """header_row=2 reads row 2 as the header even where detection would choose another."""
    path = book(tmp_path / "t.xlsx", {"Log": [["Athlete", "Date"], ["Name", "Day"],
                                               ["Zoë", dt.datetime(2026, 3, 2)]]})
    assert read_table(path).header_row == 1
    raw = read_table(path, header_row=2)
    assert raw.header_row == 2 and list(raw.frame.columns) == ["Name", "Day"]
    assert raw.frame.index.tolist() == [3]


def test_first_sheet_that_looks_like_a_log_and_the_others_named(tmp_path: Path) -> None:
    path = book(tmp_path / "club.xlsx", {
        "Notes": [["Reminder", "Who"], ["Bring bibs", "Coach"]],
        "Log": LOG_ROWS,
        "Plan": [["Week", "Focus"], [1, "base"]],
    })
    raw = read_table(path)
    assert (raw.sheets, raw.sheet) == (["Notes", "Log", "Plan"], "Log")
    assert notes(raw) == [
        "read sheet 'Log' (the first that looks like a training log); its header is row 1",
        "not read: sheets 'Notes', 'Plan' (choose another sheet to read it)",
    ]
    assert read_table(path, sheet="notes").sheet == "Notes"
    assert read_table(path, sheet=3).sheet == "Plan"
    assert notes(read_table(path, sheet="Plan"))[0] == (
        "read sheet 'Plan' (as asked); its header is row 1")
    with pytest.raises(LogError) as err:
        read_table(path, sheet="Week 12")
    assert str(err.value) == ("club.xlsx: no sheet called 'Week 12'; the workbook has 'Notes', "
                              "'Log', 'Plan' (give a name or a number from 1 to 3)")


def test_reader_notes_reach_the_preview(tmp_path: Path) -> None:
    """prepare() (the dashboard preview and the CLI's notes) carries the reader's notes."""
    path = book(tmp_path / "club.xlsx", {"Notes": [["Reminder", "Who"], ["Bibs", "Coach"]],
                                         "Log": LOG_ROWS})
    assert prepare(read_table(path)).notes[:2] == [
        "read sheet 'Log' (the first that looks like a training log); its header is row 1",
        "not read: sheet 'Notes' (choose another sheet to read it)",
    ]


def test_without_a_log_sheet_the_first_with_data_is_read(tmp_path: Path) -> None:
    path = book(tmp_path / "b.xlsx", {"Empty": [], "Pay": [["Month", "Fee"], ["May", 20]]})
    raw = read_table(path)
    assert raw.sheet == "Pay"
    assert notes(raw)[0] == "read sheet 'Pay' (the first sheet with data); its header is row 1"


def test_two_row_merged_header_is_combined(tmp_path: Path) -> None:
    """'Week 1' merged over Mon..Wed above the day names: 'Week 1 Mon' …, 'Athlete' alone."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Athlete", "Week 1", None, None, "Week 2", None])
    ws.append([None, "Mon", "Tue", "Wed", "Mon", "Tue"])
    ws.append(["Zoë", 300, 0, 240, 310, 120])
    ws.merge_cells("B1:D1")
    ws.merge_cells("E1:F1")
    wb.save(tmp_path / "wide.xlsx")
    raw = read_table(tmp_path / "wide.xlsx")
    assert list(raw.frame.columns) == ["Athlete", "Week 1 Mon", "Week 1 Tue", "Week 1 Wed",
                                       "Week 2 Mon", "Week 2 Tue"]
    assert raw.header_row == 2
    assert raw.header_cells == [["Athlete", "Week 1", "", "", "Week 2", ""],
                                ["", "Mon", "Tue", "Wed", "Mon", "Tue"]]
    assert raw.frame.loc[3].tolist() == ["Zoë", 300.0, 0.0, 240.0, 310.0, 120.0]
    assert "rows 1 and 2 together are the header (a two-row header)" in notes(raw)


def test_repeated_header_kept_twice_and_named(tmp_path: Path) -> None:
    path = book(tmp_path / "d.xlsx", {"Log": [["Athlete", "Date", "RPE", "Minutes", "Notes",
                                                "RPE"], ["Zoë", dt.datetime(2026, 3, 2), 7,
                                                         60, "", 8]]})
    raw = read_table(path)
    assert list(raw.frame.columns) == ["Athlete", "Date", "RPE", "Minutes", "Notes", "RPE (F)"]
    assert raw.frame[["RPE", "RPE (F)"]].iloc[0].tolist() == [7.0, 8.0]
    assert ("two columns are called 'RPE' (C and F); read as 'RPE (F)' after 'RPE'"
            in notes(raw))


def test_csv_repeated_header_named_not_silently_renamed() -> None:
    raw = read_table(b"athlete,date,rpe,minutes,rpe\nZo,2026-03-02,7,60,8\n")
    assert list(raw.frame.columns) == ["athlete", "date", "rpe", "minutes", "rpe (E)"]
    assert notes(raw) == ["two columns are called 'rpe' (C and E); the later one is read as "
                          "'rpe (E)'"]


def test_formula_without_saved_value_is_named(tmp_path: Path) -> None:
    """openpyxl writes formulas without a cached value: exactly the case to name."""
    path = book(tmp_path / "f.xlsx", {"Log": [["Athlete", "Date", "Minutes", "RPE", "Load"],
                                               ["Zoë", dt.datetime(2026, 3, 2), 60, 7, "=C2*D2"],
                                               ["Ben", dt.datetime(2026, 3, 3), 45, 5, "=C3*D3"]]})
    raw = read_table(path)
    assert raw.frame["Load"].isna().all()
    assert notes(raw)[-1] == ("2 formula cells have no saved value and are read as blank "
                              "(E2, E3): open the file in Excel or LibreOffice and save it again")


def test_value_without_header_is_kept_under_its_letter(tmp_path: Path) -> None:
    path = book(tmp_path / "x.xlsx", {"Log": [["Athlete", "Date", "RPE"],
                                               ["Zoë", dt.datetime(2026, 3, 2), 7, "sore"]]})
    raw = read_table(path)
    assert list(raw.frame.columns) == ["Athlete", "Date", "RPE", "column D"]
    assert notes(raw)[-1] == "column D has values but no header name; read under that name"


def test_csv_extra_fields_named_by_row() -> None:
    with pytest.raises(LogError) as err:
        read_table(b"athlete,date,rpe\nA,2026-03-02,7\nB,2026-03-03,5,oops\n")
    assert str(err.value) == ("upload: row 3 has 4 fields but the header has 3 (extra fields): "
                              "add the missing header names or remove the extra values")


def test_csv_header_row_and_sheet_options() -> None:
    data = b"Squad log\n\nathlete,date,rpe\nA,2026-03-02,7\n"
    raw = read_table(data, header_row=3)
    assert list(raw.frame.columns) == ["athlete", "date", "rpe"]
    assert raw.frame.index.tolist() == [4] and raw.header_row == 3
    with pytest.raises(LogError, match="a sheet was asked for, but this is a text file"):
        read_table(data, sheet="Log")
    with pytest.raises(LogError, match="the header row is counted from 1, got 0"):
        read_table(data, header_row=0)


def test_csv_title_lines_above_the_header_are_skipped_and_named() -> None:
    raw = read_table(b"U14 squad log\nSpring 2026\n\nathlete,date,rpe\nA,2026-03-02,7\n")
    assert raw.header_row == 4 and raw.frame.index.tolist() == [5]
    assert list(raw.frame.columns) == ["athlete", "date", "rpe"]
    assert notes(raw) == ["rows 1, 2 above the header are titles, not data: 'U14 squad log'; "
                          "'Spring 2026'"]
    single = read_table(b"athlete\nA\nB\n")  # a one-column file keeps its first line
    assert single.header_row == 1 and single.frame["athlete"].tolist() == ["A", "B"]


def test_bytes_take_the_name_given_in_messages() -> None:
    assert read_table(b"athlete,rpe\nA,5\n", name="monday.csv").name == "monday.csv"
    with pytest.raises(LogError) as err:
        read_table(b"  ", name="monday.csv")
    assert str(err.value) == "monday.csv: the file is empty"


@pytest.fixture(scope="module")
def legacy_xls(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real BIFF8 .xls, converted by LibreOffice from an .xlsx made here."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if IN_CI:
            pytest.fail("LibreOffice (soffice) is needed to make the .xls under CI")
        pytest.skip("LibreOffice not installed")
    folder = tmp_path_factory.mktemp("xls")
    source = book(folder / "log.xlsx", {"Log": LOG_ROWS})
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{folder}/profile",
                    "--convert-to", "xls", "--outdir", str(folder), str(source)],
                   check=True, capture_output=True, timeout=120)
    return folder / "log.xls"


def test_legacy_xls_is_read(legacy_xls: Path) -> None:
    assert legacy_xls.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"
    log = read_log(legacy_xls)
    assert log[Col.ATHLETE].tolist() == ["Zoë", "Ben"]
    assert log[Col.LOAD].tolist() == [420.0, 225.0]


# --- the real planning workbook (../shared/realworld) -----------------------------------------


def real(name: str) -> Path:
    path = REAL / name
    if not path.exists():
        if IN_CI:
            pytest.fail(f"{path} is missing under CI")
        pytest.skip(f"{path} not present")
    return path


@pytest.mark.parametrize("name", ["real_coach_planner.ods", "real_coach_planner_multisheet.xlsx"])
def test_real_planner_sheets_and_headers(name: str) -> None:
    """Three sheets; none is a training log, so the first with data is read and the others
    named; each sheet's header as a coach sees it."""
    path = real(name)
    first = read_table(path)
    assert first.sheets == ["Nutrition", "Entraînement annuel", "2022"]
    assert (first.sheet, first.header_row) == ("Nutrition", 2)
    assert [p.message for p in first.notes][:2] == [
        "read sheet 'Nutrition' (the first sheet with data); its header is row 2",
        "not read: sheets 'Entraînement annuel', '2022' (choose another sheet to read it)",
    ]
    assert list(first.frame.columns) == ["column A", "Pourquoi ?", "Comment ?"]
    assert first.frame.loc[7, "column A"] == "Jour J"
    assert first.frame.loc[7, "Pourquoi ?"] == "Dernier repas 2h avant"

    plan = read_table(path, sheet="Entraînement annuel")
    assert plan.header_row == 1
    assert list(plan.frame.columns)[:4] == ["Organisation annuelle", "Combien ?", "Comment ?",
                                            "Quand ?"]
    assert plan.frame.loc[3, "Matériel"] == "Chaussures 1"
    assert plan.frame.loc[3, "column J"] == 1683.0


@pytest.mark.parametrize("name", ["real_coach_planner.ods", "real_coach_planner_multisheet.xlsx"])
def test_real_planner_week_sheet_two_row_header(name: str) -> None:
    """Sheet '2022': group labels in row 1 over the measures in row 2, one row per week from
    row 3 (LibreOffice's CSV export: 'Prépa générale', 01/03/2022, …, 12, 170, 60)."""
    raw = read_table(real(name), sheet=3)
    assert (raw.sheet, raw.header_row) == ("2022", 2)
    assert len(raw.header_cells) == 2 and raw.header_cells[1][4:8] == [
        "Séance", "Distance", "FC moy", "Tps min"]
    week = raw.frame.loc[3]
    assert week["column A"] == "Prépa générale"
    assert week["CALENDRIER"] == dt.date(2022, 1, 3)
    assert week["FRACTIONNE Séance"] == "2*8*30/30 r=3’"
    assert week[["FRACTIONNE Distance", "FRACTIONNE FC moy", "FRACTIONNE Tps min"]].tolist() == [
        12.0, 170.0, 60.0]
    assert week["FRACTIONNE Séance (I)"] is None  # the second FRACTIONNE group, empty that week
    assert week["Charge aiguë Charge de la semaine"] == pytest.approx(586.226410132908)
    assert raw.frame.loc[4, "CALENDRIER"] == dt.date(2022, 1, 10)
    assert ("two columns are called 'FRACTIONNE Séance' (E and I); read as "
            "'FRACTIONNE Séance (I)' after 'FRACTIONNE Séance'") in [p.message for p in raw.notes]


def test_real_planner_xlsx_formula_errors_are_named() -> None:
    """The converted workbook keeps #REF! errors in 'Charge chronique …': named, not blank."""
    raw = read_table(real("real_coach_planner_multisheet.xlsx"), sheet="2022")
    assert [p.message for p in raw.notes][-1] == (
        "23 formula cells have a formula error (#REF!, #DIV/0!…) and are read as blank "
        "(AD3, AE3, AF3, AG3, AH3 and 18 more): correct the formula in the file")

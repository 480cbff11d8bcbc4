"""Formula injection (OWASP CSV injection): a hostile athlete id stays inert text in every
file, and markup stays text in the HTML and PDF."""

from __future__ import annotations

import csv
import datetime as dt
import io
import stat
from pathlib import Path

import pytest
from openpyxl import load_workbook

import loadwatch as lw
from loadwatch.report import ReportData, ReportOptions, build_report, write_report
from tests.report.support import GENERATED, flat, pdf_text

EVIL = '=HYPERLINK("http://evil","x")'
HOSTILE = (EVIL, "+SUM(A1:A2)", "-1+2", "@cmd", "<b>bold</b>&amp;")
#: Names that would render or drive a terminal: a markdown image, markdown bold, ANSI colour.
RENDERING = ("![x](http://evil/a.png)", "**bold**", "A\x1b[31mRED\x1b[0m")


def hostile_log() -> bytes:
    """Six weeks of sessions for athletes whose ids are formulas or markup."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["athlete", "date", "duration_min", "rpe", "extension_reps"])
    for i, athlete in enumerate((*HOSTILE, *RENDERING, "PLAIN")):
        for d in range(42):
            if d % 7 != 6:
                day = dt.date(2026, 10, 12) + dt.timedelta(days=d)
                minutes = 60 + 10 * i + (d % 5) * 5 + (60 if d >= 35 and i % 2 else 0)
                writer.writerow([athlete, day.isoformat(), minutes, 5, 20])
    return out.getvalue().encode()


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[ReportData, dict[str, Path]]:
    data = build_report(lw.read_log(hostile_log()), week="2026-W47",
                        options=ReportOptions(team="=cmd|' /C calc'!A0", generated_at=GENERATED))
    out = tmp_path_factory.mktemp("hostile")
    return data, {p.suffix.lstrip("."): p for p in write_report(data, out)}


def test_csv_cells_are_inert(report: tuple[ReportData, dict[str, Path]]) -> None:
    _, files = report
    text = files["csv"].read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    athletes = [row[0] for row in rows[1:]]
    for hostile in HOSTILE:
        expected = "'" + hostile if hostile[0] in "=+-@" else hostile
        assert expected in athletes
    for row in rows:
        for cell in row:
            if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
                float(cell)  # only plain numbers such as -21.7 may start so


def test_xlsx_cells_are_inert_text(report: tuple[ReportData, dict[str, Path]]) -> None:
    _, files = report
    book = load_workbook(files["xlsx"])
    found = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and "HYPERLINK" in cell.value:
                    assert cell.data_type == "s"
                    assert cell.value.startswith("'"), (sheet.title, cell.value)
                    found += 1
                if isinstance(cell.value, str):
                    assert cell.value[:1] not in ("=", "+", "@", "\t", "\r"), cell.value
                    assert not cell.value.startswith("-") or cell.value.startswith("-∞")
    assert found >= 3  # Athletes, Daily metrics, Last 8 weeks (and Summary when flagged)
    athletes = book["Athletes"]
    ids = [athletes.cell(r, 1).value for r in range(2, athletes.max_row + 1)]
    assert "'" + EVIL in ids


def test_markup_stays_text(report: tuple[ReportData, dict[str, Path]]) -> None:
    _, files = report
    page = files["html"].read_text(encoding="utf-8")
    assert "<b>bold</b>" not in page
    assert "&lt;b&gt;bold&lt;/b&gt;&amp;amp;" in page
    assert 'href="http' not in page
    text = flat(pdf_text(files["pdf"]))
    assert "<b>bold</b>&amp;" in text


def test_rendering_names_stay_literal_text(report: tuple[ReportData, dict[str, Path]]
                                           ) -> None:
    """A markdown image or bold stays literal in every format (no <img>, no fetch); an ANSI
    escape reaches no file: the CSV and the workbook drop it, the HTML and PDF too."""
    _, files = report
    text = files["csv"].read_bytes().decode("utf-8-sig")
    athletes = [row[0] for row in csv.reader(io.StringIO(text, newline=""))][1:]
    assert {"![x](http://evil/a.png)", "**bold**", "ARED"} <= set(athletes)
    book = load_workbook(files["xlsx"])
    ids = [book["Athletes"].cell(r, 1).value for r in range(2, book["Athletes"].max_row + 1)]
    assert {"![x](http://evil/a.png)", "**bold**", "ARED"} <= set(ids)
    page = files["html"].read_text(encoding="utf-8")
    assert "![x](http://evil/a.png)" in page and "<b>ARED</b>" in page
    assert 'src="http://evil' not in page and "<strong>bold" not in page
    pdf = flat(pdf_text(files["pdf"]))
    assert "![x](http://evil/a.png)" in pdf and "**bold**" in pdf
    for name, body in (("csv", text), ("html", page), ("pdf", pdf)):
        assert "\x1b" not in body, name


def test_clinical_report_files_are_owner_only(tmp_path: Path) -> None:
    data = build_report(lw.read_log(hostile_log()), week="2026-W47",
                        options=ReportOptions(team="Club", clinical=True,
                                              generated_at=GENERATED))
    paths = write_report(data, tmp_path, formats=("csv", "xlsx", "html"))
    assert sorted(p.suffix for p in paths) == [".csv", ".html", ".xlsx"]
    assert {stat.S_IMODE(p.stat().st_mode) for p in paths} == {0o600}

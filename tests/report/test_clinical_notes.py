"""Issue 15: the clinical report holds the clinical notes its method text announces
("symptom details and clinician notes are included"): those of its weeks and any written
since; the coach version holds none, and a pseudonymised clinical report names no athlete by
id, not even inside a note."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from loadwatch.report import ReportOptions, pseudonym, render, report_from_assessment
from loadwatch.risk.engine import Assessment
from tests.report.support import GENERATED, flat, pdf_text

NOTES = pd.DataFrame({  # newest first, as the store hands them over
    "athlete": ["GYM-10", "GYM-03", "GYM-04"],
    "date": pd.to_datetime(["2026-11-23", "2026-11-19", "2026-08-01"]),
    "author": ["physio1", "physio1", "physio1"],
    "text": ["Sent to the GP today", "Palpation tender L5, see GYM-03's mother Friday",
             "Old note from the summer"],
    "created_at": pd.to_datetime(["2026-11-23 08:00", "2026-11-19 18:00", "2026-08-01 10:00"]),
})


def _report(assessment: Assessment, week_start: pd.Timestamp, *, clinical: bool,
            pseudonymise: bool = False):
    options = ReportOptions(team="Sample gymnastics club", clinical=clinical,
                            pseudonymise=pseudonymise, salt="s", generated_at=GENERATED)
    return report_from_assessment(assessment, week_start, options, notes=NOTES)


def test_the_clinical_report_holds_the_notes_of_its_weeks(assessment: Assessment,
                                                         week_start: pd.Timestamp,
                                                         tmp_path: Path) -> None:
    data = _report(assessment, week_start, clinical=True)
    assert data.notes is not None
    assert data.notes.values.tolist() == [  # Monday's note about last week is in; the
        ["GYM-10", "2026-11-23", "physio1", "Sent to the GP today"],  # August one is older
        ["GYM-03", "2026-11-19", "physio1", "Palpation tender L5, see GYM-03's mother Friday"],
    ]  # than the report's 8 weeks
    html = render(data, "html").decode()
    assert "<h2>Clinical notes (2)</h2>" in html and "Sent to the GP today" in html
    assert "clinician notes are included" in html
    book = load_workbook(io.BytesIO(render(data, "xlsx")))
    sheet = book["Clinical notes"]
    assert [c.value for c in sheet[2]] == ["GYM-10", "2026-11-23", "physio1",
                                           "Sent to the GP today"]
    path = tmp_path / "report.pdf"
    path.write_bytes(render(data, "pdf"))
    text = flat(pdf_text(path))
    assert "Clinical notes (2)" in text and "Sent to the GP today" in text


def test_the_coach_report_holds_no_note(assessment: Assessment,
                                        week_start: pd.Timestamp) -> None:
    data = _report(assessment, week_start, clinical=False)
    assert data.notes is None
    html = render(data, "html").decode()
    assert "Clinical notes" not in html and "Sent to the GP" not in html
    assert "Clinical notes" not in load_workbook(io.BytesIO(render(data, "xlsx"))).sheetnames


@pytest.mark.parametrize("fmt", ["html", "xlsx"])
def test_a_pseudonymised_clinical_report_names_nobody_in_its_notes(
        assessment: Assessment, week_start: pd.Timestamp, fmt: str) -> None:
    data = _report(assessment, week_start, clinical=True, pseudonymise=True)
    assert data.notes is not None
    assert data.notes["athlete"].tolist() == [pseudonym("GYM-10", "s"), pseudonym("GYM-03", "s")]
    assert "GYM-03" not in data.notes["text"].iloc[1]
    payload = render(data, fmt)
    text = payload.decode() if fmt == "html" else str([
        c for ws in load_workbook(io.BytesIO(payload)).worksheets
        for row in ws.iter_rows(values_only=True) for c in row])
    assert "GYM-03" not in text and "GYM-10" not in text

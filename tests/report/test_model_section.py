"""A team's validated model in the weekly report: only in the clinical version, its card's
figures always above the probabilities, the same numbers in xlsx, PDF and HTML, never in the
CSV (a CSV column could not carry its card)."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from loadwatch.model.bundle import FittedModel
from loadwatch.model.serving import TeamModel
from loadwatch.report import ReportData, ReportOptions, render, report_from_assessment
from loadwatch.risk.engine import evaluate
from tests.model_builders import SmallSquad, carded, fitted_logistic, small_squad
from tests.report.support import GENERATED, flat, pdf_text

NONE_TEXT = "none this week (injured, or no data)"


@pytest.fixture(scope="module")
def squad() -> SmallSquad:
    return small_squad()


@pytest.fixture(scope="module")
def model(squad: SmallSquad) -> FittedModel:
    return carded(fitted_logistic(squad), beats_chance=True)


def _report(squad: SmallSquad, model: FittedModel, *, clinical: bool,
            pseudonymise: bool = False) -> tuple[ReportData, TeamModel]:
    team_model = TeamModel(model, squad.log, squad.injuries, squad.roster)
    assessment = evaluate(squad.log, roster=squad.roster)
    week = pd.Timestamp("2026-01-26")  # week 26 of the squad's 200 days
    options = ReportOptions(team="Squad", clinical=clinical, pseudonymise=pseudonymise,
                            generated_at=GENERATED)
    return report_from_assessment(assessment, week, options, model=team_model), team_model


def test_the_clinical_report_carries_each_athletes_probability_of_that_week(
        squad: SmallSquad, model: FittedModel) -> None:
    data, team_model = _report(squad, model, clinical=True)
    section = data.model
    assert section is not None
    assert section.label == "Modelled probability of an injury onset within 7 days"
    assert section.summary.startswith("ROC AUC 0.70 (95 % CI 0.60–0.80) on later months")
    assert "60 injury events (20 in the test part)" in section.summary
    assert section.verdict.startswith("Better than chance")
    # report order (most serious first), every athlete once
    assert section.table["athlete"].tolist() == [a.athlete for a in data.details]
    # each value is the model's own prediction on the athlete's last day of the week
    table = model.predict(squad.log, squad.injuries, squad.roster)
    week = table[(table["date"] >= "2026-01-26") & (table["date"] <= "2026-02-01")]
    sunday = week[week["date"] == "2026-02-01"].set_index("athlete")[model.probability_column]
    expected = sunday.reindex(section.table["athlete"]).to_numpy()
    np.testing.assert_allclose(section.table["probability"].to_numpy(), expected)
    assert section.table["probability"].isna().sum() == sunday.isna().sum() > 0  # injured
    assert team_model.probability(str(section.table["athlete"].iloc[0]),
                                  pd.Timestamp("2026-01-26")) == pytest.approx(expected[0],
                                                                             nan_ok=True)


def test_the_coach_version_never_carries_the_model(squad: SmallSquad,
                                                   model: FittedModel) -> None:
    data, _ = _report(squad, model, clinical=False)
    assert data.model is None
    workbook = load_workbook(io.BytesIO(render(data, "xlsx")))
    assert "Model" not in workbook.sheetnames
    assert b"Model second opinion" not in render(data, "html")


def test_xlsx_pdf_and_html_show_the_card_above_the_same_numbers(
        squad: SmallSquad, model: FittedModel, tmp_path: Path) -> None:
    data, _ = _report(squad, model, clinical=True, pseudonymise=True)
    section = data.model
    assert section is not None
    assert section.table["athlete"].str.fullmatch(r"ATH-\w{8}").all()  # pseudonyms
    shown = [NONE_TEXT if pd.isna(v) else f"{v:.1%}" for v in section.table["probability"]]

    sheet = load_workbook(io.BytesIO(render(data, "xlsx")))["Model"]
    assert sheet["A1"].value == "Model second opinion"
    assert (sheet["A2"].value, sheet["B2"].value) == ("Model card", section.summary)
    assert sheet["B3"].value == section.verdict
    assert [c.value for c in sheet[5]] == ["athlete", section.label]
    cells = [(r[0].value, r[1].value, r[1].number_format)
             for r in sheet.iter_rows(min_row=6, max_col=2)]
    assert [c[0] for c in cells] == section.table["athlete"].tolist()
    for (_, value, number_format), expected in zip(cells, section.table["probability"],
                                                   strict=True):
        if pd.isna(expected):
            assert value == NONE_TEXT
        else:
            # the cell holds what its 0.0% format shows: rounded half up (spec §4.9)
            held = np.floor(round(expected * 1000, 6) + 0.5) / 1000
            assert (value, number_format) == (pytest.approx(held, abs=1e-12), "0.0%")
            assert abs(value - expected) <= 0.0005 + 1e-12

    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(render(data, "pdf"))
    text = flat(pdf_text(pdf))
    start = text.index("Model second opinion")
    assert text.index(flat(section.summary), start) < text.index(shown[0], start)
    assert flat(f"Verdict: {section.verdict}") in text
    lines = flat(" ".join(f"{a} {v}" for a, v in zip(section.table["athlete"], shown,
                                                    strict=True)))
    assert lines in text

    html = render(data, "html").decode()
    assert html.index("Model second opinion") < html.index(f"<td>{shown[0]}</td>")
    assert all(f"<td>{v}</td>" in html for v in shown)


def test_the_csv_never_carries_the_model(squad: SmallSquad, model: FittedModel) -> None:
    clinical, _ = _report(squad, model, clinical=True)
    without = clinical.__class__(**{**clinical.__dict__, "model": None})
    assert render(clinical, "csv") == render(without, "csv")

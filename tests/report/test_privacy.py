"""Health data of minors: coach-safe by default, clinical text only with clinical=True, and
pseudonyms that are stable and leave no original id anywhere."""

from __future__ import annotations

import re
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from loadwatch.report import (
    REFERRED_TEXT,
    ReportData,
    ReportOptions,
    pseudonym,
    report_from_assessment,
    write_report,
)
from loadwatch.risk.engine import Assessment
from loadwatch.risk.rules.base import Level
from loadwatch.views.privacy import is_clinical_rule
from tests.report.support import GENERATED, flat, need, pdf_text

SALT = "club secret 2026"


def outputs_text(files: dict[str, Path]) -> dict[str, str]:
    """What a reader of each file can see, as one whitespace-collapsed text per format."""
    book = load_workbook(files["xlsx"])
    cells = [str(c) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
             for c in row if c is not None]
    with zipfile.ZipFile(files["xlsx"]) as archive:  # every part: strings, properties, …
        parts = [archive.read(name).decode("utf-8", "replace") for name in archive.namelist()]
    info = subprocess.run([need("pdfinfo"), str(files["pdf"])], capture_output=True,
                          text=True, check=True).stdout
    return {
        "csv": flat(files["csv"].read_bytes().decode("utf-8-sig")),
        "xlsx": flat(" ".join(cells)) + " " + flat(" ".join(parts)),
        "pdf": flat(pdf_text(files["pdf"])) + " " + flat(info),
        "html": flat(files["html"].read_text(encoding="utf-8")),
    }


def clinical_texts(assessment: Assessment, week: pd.Timestamp) -> dict[str, str]:
    """The week's texts of the clinical rules (symptoms, plans, injury history) per athlete
    and rule, as the engine writes them."""
    out = {}
    for detail in assessment.week_detail(week):
        for rule in detail["rules"]:
            level = Level[rule["level"].upper()]
            if is_clinical_rule(rule["id"], rule["family"]) and level >= Level.INFO:
                out[f"{detail['athlete']} {rule['id']}"] = rule["text"]
    return out


@pytest.fixture(scope="module")
def clinical_files(assessment: Assessment, week_start: pd.Timestamp,
                   tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    data = report_from_assessment(assessment, week_start, ReportOptions(
        team="Sample gymnastics club", clinical=True, generated_at=GENERATED))
    out = tmp_path_factory.mktemp("clinical")
    return {p.suffix.lstrip("."): p for p in write_report(data, out)}


def test_the_sample_week_has_symptoms_plans_and_history(assessment: Assessment,
                                                       week_start: pd.Timestamp) -> None:
    texts = clinical_texts(assessment, week_start)
    rules = {key.split()[1] for key in texts}
    assert {"S1", "S2", "S3", "S4", "M3"} <= rules, rules


def test_coach_version_has_no_symptom_or_clinical_text(
        written: dict[str, Path], assessment: Assessment, week_start: pd.Timestamp) -> None:
    texts = clinical_texts(assessment, week_start)
    for fmt, seen in outputs_text(written).items():
        for key, text in texts.items():
            assert flat(text) not in seen, (fmt, key)
            assert flat(text)[:40] not in seen, (fmt, key)
        for detail in ("left-sided", "worse when arching", "night pain", "330 extension reps"):
            assert detail not in seen, (fmt, detail)
        assert REFERRED_TEXT in seen, fmt
    assert "bone stress" not in outputs_text(written)["csv"]


def test_coach_version_has_no_clinical_rule_columns(written: dict[str, Path],
                                                    data: ReportData) -> None:
    header = written["csv"].read_bytes().decode("utf-8-sig").splitlines()[0].split(",")
    assert not {"S1", "S2", "S3", "S4", "M3"} & set(header)
    assert {"L1", "L3", "X1"} <= set(header)
    referred = [a for a in data.details if a.level in (Level.REFER, Level.REFER_URGENT)]
    assert referred
    for athlete in referred:
        assert athlete.reasons[0].text == REFERRED_TEXT
        assert athlete.reasons[0].masked


def test_clinical_version_has_the_details_and_says_so(
        clinical_files: dict[str, Path], assessment: Assessment,
        week_start: pd.Timestamp) -> None:
    texts = clinical_texts(assessment, week_start)
    seen = outputs_text(clinical_files)
    for fmt in ("csv", "xlsx", "html", "pdf"):
        for key, text in texts.items():
            assert flat(text) in seen[fmt], (fmt, key)
        if fmt != "csv":  # the CSV is one table; its file name says it
            assert "CLINICAL" in seen[fmt], fmt
    assert all("_clinical." in p.name for p in clinical_files.values())
    header = clinical_files["csv"].read_bytes().decode("utf-8-sig").splitlines()[0].split(",")
    assert {"S1", "S2", "S3", "S4", "M3"} <= set(header)


@pytest.fixture(scope="module")
def pseudonymised(assessment: Assessment, week_start: pd.Timestamp,
                  tmp_path_factory: pytest.TempPathFactory) -> tuple[ReportData,
                                                                     dict[str, Path]]:
    data = report_from_assessment(assessment, week_start, ReportOptions(
        team="Sample gymnastics club", pseudonymise=True, salt=SALT, generated_at=GENERATED))
    out = tmp_path_factory.mktemp("pseudonymised")
    return data, {p.suffix.lstrip("."): p for p in write_report(data, out)}


def test_no_original_id_in_any_output(pseudonymised: tuple[ReportData, dict[str, Path]],
                                      assessment: Assessment) -> None:
    _, files = pseudonymised
    ids = [str(a) for a in assessment.ctx.athletes]
    for fmt, seen in outputs_text(files).items():
        leaked = [a for a in ids if re.search(rf"(?<![\w-]){re.escape(a)}(?![\w])", seen)]
        assert not leaked, (fmt, leaked[:5])
        assert "GYM-" not in seen, fmt
    for path in files.values():
        assert "GYM" not in path.name


def test_pseudonyms_are_stable_and_salted(pseudonymised: tuple[ReportData, dict[str, Path]],
                                          data: ReportData, assessment: Assessment,
                                          week_start: pd.Timestamp) -> None:
    coded, _ = pseudonymised
    expected = {pseudonym(str(a), SALT) for a in assessment.ctx.athletes}
    assert set(coded.athletes["athlete"]) <= expected
    assert len(set(coded.athletes["athlete"])) == len(coded.athletes)
    again = report_from_assessment(assessment, week_start, ReportOptions(
        pseudonymise=True, salt=SALT))
    assert sorted(again.athletes["athlete"]) == sorted(coded.athletes["athlete"])
    other = report_from_assessment(assessment, week_start, ReportOptions(
        pseudonymise=True, salt="another club"))
    assert not set(other.athletes["athlete"]) & set(coded.athletes["athlete"])
    # the same athlete keeps the same code in every table of the report
    code = pseudonym("GYM-03", SALT)
    row = coded.athletes.set_index("athlete").loc[code]
    plain = data.athletes.set_index("athlete").loc["GYM-03"]
    assert row["level"] == plain["level"]
    assert row["primary_acwr"] == plain["primary_acwr"]
    assert code in set(coded.daily["athlete"]) and code in set(coded.history.index)
    assert pseudonym("GYM-03", SALT) == code  # deterministic


def test_pseudonymised_levels_are_unchanged(pseudonymised: tuple[ReportData, dict[str, Path]],
                                            data: ReportData) -> None:
    coded, _ = pseudonymised
    assert coded.counts == data.counts
    assert replace(coded.options, pseudonymise=False, salt="") == data.options

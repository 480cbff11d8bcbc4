"""Shared inputs of the report tests: the sample club, its assessment and a written report."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

import loadwatch as lw
from loadwatch.ingest.side_tables import read_growth, read_plans, read_roster, read_symptoms
from loadwatch.report import ReportData, ReportOptions, report_from_assessment, write_report
from loadwatch.risk.engine import Assessment, evaluate, parse_week

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "data" / "samples"
ARTIFACTS = ROOT / "test-artifacts"
WEEK = "2026-W47"
SESSIONS = SAMPLES / "gymnastics_club_sessions.csv"
ROSTER = SAMPLES / "gymnastics_club_roster.csv"
GROWTH = SAMPLES / "gymnastics_club_growth.csv"
SYMPTOMS = SAMPLES / "gymnastics_club_symptoms.csv"  # clinical data
PLANS = SAMPLES / "gymnastics_club_plans.csv"  # clinical data
WEEKLY = SAMPLES / "school_football_weekly.csv"
GENERATED = dt.datetime(2026, 11, 23, 7, 30, tzinfo=dt.UTC)


def need(tool: str) -> str:
    """Path of a command-line tool; skip without it, but fail in CI (CI=true)."""
    found = shutil.which(tool)
    if found is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{tool} is required in CI")
        pytest.skip(f"{tool} is not installed")
    return found


def pdf_text(path: Path, first: int | None = None, last: int | None = None) -> str:
    """pdftotext of a PDF (optionally some pages); pages are separated by form feeds."""
    command = [need("pdftotext"), "-enc", "UTF-8"]
    if first is not None:
        command += ["-f", str(first), "-l", str(last or first)]
    return subprocess.run([*command, str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def flat(text: str) -> str:
    """Whitespace collapsed, so wrapped lines compare with one-line texts."""
    return " ".join(text.split())


def sample_frames(*, clinical: bool = True) -> dict[str, pd.DataFrame | None]:
    """The sample club's log and side tables (with its symptoms and plans unless told not
    to), read as the CLI reads them."""
    return {
        "log": lw.read_log(SESSIONS),
        "roster": read_roster(ROSTER),
        "growth": read_growth(GROWTH),
        "symptoms": read_symptoms(SYMPTOMS) if clinical and SYMPTOMS.exists() else None,
        "plans": read_plans(PLANS) if clinical and PLANS.exists() else None,
    }


@pytest.fixture(scope="session")
def frames() -> dict[str, pd.DataFrame | None]:
    return sample_frames()


@pytest.fixture(scope="session")
def assessment(frames: dict[str, pd.DataFrame | None]) -> Assessment:
    log = frames["log"]
    assert log is not None
    return evaluate(log, roster=frames["roster"], growth=frames["growth"],
                    symptoms=frames["symptoms"], plans=frames["plans"])


@pytest.fixture(scope="session")
def week_start() -> pd.Timestamp:
    start = parse_week(WEEK)
    assert start is not None
    return start


@pytest.fixture(scope="session")
def data(assessment: Assessment, week_start: pd.Timestamp) -> ReportData:
    return report_from_assessment(assessment, week_start, ReportOptions(
        team="Sample gymnastics club", generated_at=GENERATED))


@pytest.fixture(scope="session")
def written(data: ReportData, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The four files of the sample club's report, written once for all tests."""
    out = tmp_path_factory.mktemp("report")
    return {path.suffix.lstrip("."): path for path in write_report(data, out)}

"""The report's content agrees with the rule engine, whatever format shows it."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import loadwatch as lw
from loadwatch.errors import LogError
from loadwatch.report import (
    ATHLETE_COLUMNS,
    FORMATS,
    LEVEL_TEXT,
    Reason,
    ReportData,
    ReportOptions,
    build_report,
    render,
    report_from_assessment,
)
from loadwatch.report.levels import FLAGGED, SEVERITY, level_of, severity_rank
from loadwatch.risk.engine import Assessment, Out
from loadwatch.risk.rules.base import ESCALATING_FAMILIES, Level, round_half_up
from tests.report.support import GENERATED, WEEKLY


def test_one_row_per_athlete_with_the_engines_level_and_ratio(
        data: ReportData, assessment: Assessment, week_start: pd.Timestamp) -> None:
    truth = assessment.week(week_start).set_index(Out.ATHLETE)
    table = data.athletes.set_index("athlete")
    assert sorted(table.index) == sorted(truth.index)
    for athlete, row in table.iterrows():
        expected = truth.loc[athlete]
        assert row["level"] == LEVEL_TEXT[level_of(expected[Out.LEVEL])]
        assert row["load_level"] == LEVEL_TEXT[level_of(expected[Out.LOAD_LEVEL])]
        assert row["level_reached_on"] == pd.Timestamp(expected[Out.LEVEL_DAY])
        primary = float(expected[Out.PRIMARY])
        if np.isnan(primary):
            assert np.isnan(row["primary_acwr"])
        else:
            assert row["primary_acwr"] == float(round_half_up(primary))


def test_clinical_reasons_are_the_engines_reasons(
        assessment: Assessment, week_start: pd.Timestamp) -> None:
    clinical = report_from_assessment(assessment, week_start, ReportOptions(clinical=True))
    truth = assessment.week(week_start).set_index(Out.ATHLETE)[Out.REASONS]
    for athlete in clinical.details:
        own, behind = [], []  # the report lists the ambers behind an escalation as its signs
        for part in truth[athlete.athlete].split(" | "):
            (behind if "(behind the escalation)" in part else own).append(part)
        assert " | ".join(r.line for r in athlete.reasons) == " | ".join(p for p in own if p)
        assert len(athlete.signs) >= len(behind)


def test_athletes_are_ordered_most_serious_first(data: ReportData) -> None:
    ranks = [severity_rank(a.level) for a in data.details]
    assert ranks == sorted(ranks)
    assert list(data.athletes["athlete"]) == [a.athlete for a in data.details]
    assert sum(data.counts.values()) == len(data.details)
    assert list(data.counts) == list(SEVERITY)
    assert {a.athlete for a in data.flagged} == {
        a.athlete for a in data.details if a.level in FLAGGED}


def test_columns_are_declared_in_order(data: ReportData) -> None:
    keys = [c.key for c in ATHLETE_COLUMNS]
    assert list(data.athletes.columns[:len(keys)]) == keys
    coach_rules = [r for r in data.rules["rule"] if not r.startswith("S") and r != "M3"]
    assert list(data.athletes.columns[len(keys):]) == coach_rules


def test_history_ends_with_this_week_and_changes_follow_from_it(data: ReportData) -> None:
    assert len(data.history.columns) == 8
    assert data.history.columns[-1] == data.week_start
    assert (data.history.columns[-1] - data.history.columns[0]).days == 49
    by_athlete = {a.athlete: a for a in data.details}
    for athlete, values in data.history.iterrows():
        assert Level(int(values.iloc[-1])) == by_athlete[str(athlete)].level
        before = values.iloc[-2]
        row = by_athlete[str(athlete)].row
        expected = "—" if pd.isna(before) else LEVEL_TEXT[Level(int(before))]
        assert row["last_week_level"] == expected
    changed = set(data.changes["athlete"])
    assert changed == {a.athlete for a in data.details if a.row["level_change"]}


def test_every_red_by_escalation_names_the_amber_signals_behind_it(data: ReportData) -> None:
    escalated = [a for a in data.details if a.row["escalation"]]
    assert escalated, "the sample club has escalated athletes"
    for athlete in escalated:
        assert athlete.signs, athlete.athlete
        assert all(s.level == Level.AMBER and s.date is not None for s in athlete.signs)
        if athlete.level == Level.RED:
            assert athlete.top_reason.lower().startswith(athlete.row["escalation"].lower())
        families = {s.rule[0] for s in athlete.signs}
        assert families <= set(ESCALATING_FAMILIES)


def test_numbers_are_rounded_as_shown(data: ReportData) -> None:
    table = data.athletes
    for column, dp in (("primary_acwr", 2), ("acwr_uncoupled", 2), ("acwr_ewma", 2),
                       ("load_7d_au", 0), ("change_pct", 1), ("monotony", 2)):
        values = table[column].to_numpy(dtype=float)
        finite = values[np.isfinite(values)]
        assert np.array_equal(finite, round_half_up(finite, dp)), column


def test_bands_describe_and_never_say_safe(data: ReportData) -> None:
    words = " ".join(w for _, _, w in data.bands.labelled())
    assert "in line with recent training" in words
    assert "safe" not in words.lower()


def test_generation_time_is_the_given_one(data: ReportData) -> None:
    assert data.generated_at == GENERATED
    assert data.iso_week == "2026-W47"
    assert data.week_end - data.week_start == pd.Timedelta(days=6)


@pytest.mark.parametrize(("text", "headline"), [
    ("7-day load up 29.3% (> 15%): 2,095 AU vs 1,620 AU.", "7-day load up 29.3% (> 15%)"),
    ("ACWR 1.33 > 1.30 (7:28 rolling, coupled): 6,970 AU", "ACWR 1.33 > 1.30 (7:28 rolling, "
                                                           "coupled)"),
    ("Organised : free play 2.1 : 1, above 2.0 : 1 — organised sport 10.6 h/week",
     "Organised : free play 2.1 : 1, above 2.0 : 1"),
    ("Organised sport 14.3 h/week over the last 4 weeks, more than age 14 (guideline: weekly "
     "hours ≤ age; Jayanthi et al. 2015).", "Organised sport 14.3 h/week over the last 4 weeks, "
                                             "more than age 14"),
])
def test_headline_is_the_text_before_its_details(text: str, headline: str) -> None:
    assert Reason("L3", Level.AMBER, "", text).headline == headline


def test_a_referral_leads_with_the_referral_not_the_load(data: ReportData) -> None:
    referred = [a for a in data.details if a.level in (Level.REFER, Level.REFER_URGENT)]
    assert referred, "the sample club has referred athletes"
    for athlete in referred:
        assert athlete.top_reason.startswith(athlete.reasons[0].headline)
        assert athlete.reasons[0].rule.startswith("S")


def test_a_week_without_data_is_a_clear_error(assessment: Assessment) -> None:
    with pytest.raises(LogError, match="no data in the week"):
        report_from_assessment(assessment, pd.Timestamp("2020-01-06"))


def test_weekly_totals_make_a_report_in_every_format() -> None:
    data = build_report(lw.read_log(WEEKLY), week="2026-W47",
                        options=ReportOptions(team="School football"))
    assert data.weekly_data
    assert "weekly" in data.primary_method
    assert data.athletes["acwr_ewma"].isna().all()
    for fmt in FORMATS:
        assert render(data, fmt)
    series = [a.series for a in data.flagged if a.series is not None]
    assert all(len(s) <= 8 for s in series)

"""The views print numbers as the vocabulary does (spec §4.9): the values below are binary
ties (0.125, 0.25, 2226.5 are exact in float64) where an f-string rounds half to even and a
person, and the rules, round half up."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from loadwatch.config import default_config, load_config
from loadwatch.risk.planner import Plan
from loadwatch.schema import Col
from loadwatch.views.athlete import ratio_series
from loadwatch.views.summary import SUMMARY_COLUMNS, WEEK_LABEL, format_summary
from loadwatch.views.team import Overview, as_shown
from loadwatch.views.teamview import TeamFrames, TeamView
from loadwatch.views.text import exposure, format_plan
from tests.builders import read


def test_the_ties_are_ties() -> None:
    assert (f"{0.125:.2f}", f"{0.25:+.1f}", f"{2226.5:,.0f}") == ("0.12", "+0.2", "2,226")


def _summary_row(**values: object) -> pd.DataFrame:
    row: dict[str, object] = {column: np.nan for column in SUMMARY_COLUMNS}
    row.update({Col.ATHLETE: "A", WEEK_LABEL: "2024-W04", Col.DATA_STATUS: "ok",
                Col.DATA_REASON: ""})
    row.update(values)
    return pd.DataFrame([row], columns=list(SUMMARY_COLUMNS))


def test_summary_rounds_half_up_and_keeps_missing_and_infinite_apart() -> None:
    text = format_summary(_summary_row(**{
        Col.WEEKLY_LOAD: 2226.5, Col.CHANGE_PCT: 0.25, Col.RAC: 0.125, Col.RAU: np.inf,
        Col.MONOTONY: 1.005, Col.EXT_EXPOSURE: 379.5}))
    header, row = text.splitlines()
    assert header.split() == ["athlete", "week", "load", "AU", "change", "ACWR", "RAU", "EWMA",
                              "monotony", "extension", "data"]
    assert row.split() == ["A", "2024-W04", "2,227", "+0.3%", "0.13", "∞", "—", "1.01", "380",
                           "ok"]


def test_plan_table_rounds_loads_and_names_the_extension_unit() -> None:
    plan = pd.DataFrame({
        Plan.ATHLETE: ["A", "B"], Plan.WEEK: pd.to_datetime(["2024-01-22"] * 2),
        Plan.PLAN_WEEK: pd.to_datetime(["2024-01-29"] * 2), Plan.LEVEL: ["green", "refer"],
        Plan.THIS_AU: [1870.0, 2226.5], Plan.MAX_AU: [2150.5, np.nan],
        Plan.MAX_MIN: [430.0, np.nan], Plan.MAX_EXT: [116.5, np.nan],
        Plan.EXT_UNIT: ["reps", "min"], Plan.REST_DAYS: [1, 1],
        Plan.LIMITED_BY: ["weekly increase", "referred"],
        Plan.ADVICE: ["Up to …", "See the clinician first: …"],
    })
    lines = format_plan(plan).splitlines()
    assert lines[0] == ("loadwatch plan — for the week of 2024-01-29 (2024-W05), after the "
                        "week of 2024-01-22 (2024-W04)")
    assert lines[3].split() == ["A", "GREEN", "1,870", "2,151", "7.2", "117", "reps", "1",
                                "weekly", "increase"]
    assert lines[4].split() == ["B", "REFER", "2,227", "—", "—", "—", "1", "referred"]
    assert lines[6:8] == ["A: Up to …", "B: See the clinician first: …"]
    assert (exposure(42.5, "min"), exposure(1379.0, "reps"), exposure(np.nan, "reps")) == (
        "43 min", "1,379 reps", "—")


def test_overview_as_shown_rounds_every_number_and_nothing_else() -> None:
    table = pd.DataFrame({
        Overview.ATHLETE: ["A", "B"], Overview.LEVEL: ["red", "green"],
        Overview.PRIMARY: [1.305, np.inf], Overview.WEEKLY_LOAD: [2226.5, np.nan],
        Overview.CHANGE_PCT: [0.25, -9.35], Overview.CHANGE_AU: [-0.5, 12.0],
        Overview.EXTENSION: [379.5, 0.0], Overview.COMPLETENESS: [7.0, 3.0],
    })
    shown = as_shown(table)
    assert shown[Overview.PRIMARY].tolist() == [1.31, np.inf]
    assert shown[Overview.WEEKLY_LOAD].iloc[0] == 2227.0
    assert np.isnan(shown[Overview.WEEKLY_LOAD].iloc[1])
    assert shown[Overview.CHANGE_PCT].tolist() == [0.3, -9.3]  # half up: towards +∞
    assert shown[Overview.CHANGE_AU].tolist() == [0.0, 12.0]
    assert shown[Overview.EXTENSION].tolist() == [380.0, 0.0]
    assert shown[[Overview.ATHLETE, Overview.LEVEL]].equals(table[[Overview.ATHLETE,
                                                                   Overview.LEVEL]])
    assert table[Overview.PRIMARY].iloc[0] == 1.305  # the input is left alone


def test_ratio_series_carries_the_tooltip_text() -> None:
    days = pd.DataFrame({Col.DATE: pd.to_datetime(["2024-01-27", "2024-01-28"]),
                         Col.RAC: [0.125, np.nan], Col.EWMA: [np.inf, 1.0]})
    long = ratio_series(days, [Col.RAC, Col.EWMA])
    assert long.columns.tolist() == [Col.DATE, "method", "ratio", "ratio_shown"]
    assert long["method"].tolist() == [Col.RAC, Col.RAC, Col.EWMA, Col.EWMA]
    assert long["ratio_shown"].tolist() == ["0.13", "—", "∞", "1.00"]


@pytest.mark.parametrize(("overrides", "expected"), [
    ({}, "Ratios: 0.80–1.30 is in line with recent training; above 1.30 and 1.50 are above "
         "and well above the recent average (adult studies; not validated in youth)."),
    ({"acwr.amber_above": 1.25, "acwr.red_at_or_above": 1.455},
     "Ratios: 0.80–1.25 is in line with recent training; above 1.25 and 1.46 are above "
     "and well above the recent average (adult studies; not validated in youth)."),
])
def test_the_band_caption_shows_the_team_thresholds(overrides: dict[str, float],
                                                    expected: str) -> None:
    config = load_config(overrides=overrides) if overrides else default_config()
    view = TeamView("T", TeamFrames(read({"A": [300.0] * 28})), config)
    assert view.band_caption() == expected


def test_athlete_tiles_and_tooltips_of_a_small_log() -> None:
    view = TeamView("T", TeamFrames(read({"A": [257] * 20 + [250] + [373] * 6 + [372]})),
                    default_config())
    week = view.default_week
    tile = view.athlete_summary("A", week)
    assert (tile["acwr"], tile["weekly_load"], tile["change"]) == ("1.31", "2,610 AU", "+45.6%")
    days = view.athlete_daily("A")
    assert days["load_shown"].iloc[[0, -1]].tolist() == ["257 AU", "372 AU"]
    overview = view.overview_shown(week)
    assert overview[Overview.PRIMARY].iloc[0] == 1.31
    assert view.overview(week)[Overview.PRIMARY].iloc[0] == pytest.approx(1.305, abs=1e-12)

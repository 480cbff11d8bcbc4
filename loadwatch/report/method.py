"""The report's method section and configuration tables (spec §6.3: method, windows,
thresholds with their evidence grade and source, descriptive bands)."""

from __future__ import annotations

from typing import Any, Final

import pandas as pd

from loadwatch.config import Config
from loadwatch.report.levels import LEVEL_TEXT
from loadwatch.risk.engine import Assessment
from loadwatch.risk.rules.base import Level
from loadwatch.risk.week import signs_reason
from loadwatch.vocab import ratio as shown_ratio

FAMILY_NAMES: Final[dict[str, str]] = {
    "L": "load change", "M": "modifier", "R": "recovery", "Y": "youth volume",
    "X": "extension exposure", "C": "cricket bowling", "S": "symptoms and clinician plans",
}

def configuration_table(config: Config) -> pd.DataFrame:
    def show(value: Any) -> str:
        if isinstance(value, list | tuple):
            return ", ".join(str(v) for v in value)
        return f"{value:g}" if isinstance(value, float) else str(value)

    rows = [{"setting": r["key"], "value": show(r["value"]), "default": show(r["default"]),
             "changed": "yes" if r["overridden"] else "", "grade": r["grade"],
             "source": r["source"], "set_in": r["set_in"]}
            for r in config.thresholds_table()]
    return pd.DataFrame(rows, columns=["setting", "value", "default", "changed", "grade",
                                       "source", "set_in"])


def rule_table(assessment: Assessment) -> pd.DataFrame:
    evidence = {r["key"]: r["grade"] for r in assessment.ctx.config.thresholds_table()}
    rows = []
    for item in assessment.rules:
        grades = sorted({evidence[k] for k in item.threshold_keys if k in evidence})
        rows.append({"rule": item.id, "family": FAMILY_NAMES.get(item.family, item.family),
                     "title": item.title, "settings": ", ".join(item.threshold_keys),
                     "grade": "; ".join(grades)})
    return pd.DataFrame(rows, columns=["rule", "family", "title", "settings", "grade"])


def _families_for_red(config: Config) -> str:
    """'three independent families': how many amber families make red for this team."""
    needed = int(config.get("escalation.amber_families_for_red"))
    return signs_reason(needed).replace(" warning signs", " families")


def method_text(assessment: Assessment, method: str, *, clinical: bool, pseudonymise: bool
                ) -> tuple[str, ...]:
    ctx = assessment.ctx
    c = ctx.config
    names = LEVEL_TEXT
    low, amber, red = (float(c.get(k)) for k in (
        "acwr.low_info_below", "acwr.amber_above", "acwr.red_at_or_above"))
    acute, chronic = int(c.get("acwr.acute_days")), int(c.get("acwr.chronic_days"))
    if ctx.weekly_data:
        ratio = (f"Workload ratio (ACWR): weekly totals, so the primary ratio is {method}: this "
                 "week's load against the average week of the last 4 weeks (this week "
                 "included); the uncoupled-3 ratio (against the 3 weeks before) is shown beside "
                 "it. Monotony and rest-day rules need daily data and are not applicable.")
    else:
        ratio = (f"Workload ratio (ACWR): primary ratio {method}: the load of the last {acute} "
                 f"days against the average of the last {chronic} days (sRPE load = RPE × "
                 "minutes, in AU). The uncoupled ratio (last 7 days against days 8–28, judged "
                 "on converted cut-offs) and the EWMA ratio (7/28 days) are shown beside it; "
                 "when the three disagree, treat the signal as uncertain. Ratios are compared "
                 "after rounding to 2 decimals, as shown.")
    privacy = ("Privacy: " + ("CLINICAL version: symptom details and clinician notes are "
                              "included; share it only with the athlete's clinicians."
                              if clinical else
                              "coach version: symptom details and clinical notes are left "
                              "out; an athlete with symptoms shows only 'referred to "
                              "clinician'."))
    if pseudonymise:
        privacy += (" Athlete ids are replaced by stable codes (a hash of the id and the "
                    "team's salt).")
    families = _families_for_red(c)
    return (
        "What this report is: loadwatch describes training load and flags patterns that "
        "published studies associate with a higher injury risk. It supports decisions; it does "
        "not diagnose, and a green level does not mean an athlete is safe.",
        "Levels: each rule gives a level every day; the athlete's level for the week is the "
        f"highest on any day, with the day it was first reached. {names[Level.REFER_URGENT]}: "
        f"red-flag symptoms; {names[Level.REFER]}: symptoms need a clinician, regardless of "
        f"load; {names[Level.RED]}: adjust load now and discuss with the physiotherapist (a "
        f"red rule, amber signs from {families} within 7 days, or a load or "
        f"extension amber while a modifier is active); {names[Level.AMBER]}: review the plan "
        f"for the coming week; {names[Level.GREEN]}: nothing noted in the data; "
        f"{names[Level.INSUFFICIENT_DATA]}: the core rules (L1 ratio, L3 week-to-week change) "
        "could not be evaluated.",
        ratio,
        f"Bands describe the data; they are not a safe zone: below {shown_ratio(low)} well "
        f"below recent average; {shown_ratio(low)}–{shown_ratio(amber)} in line with recent "
        f"training; above {shown_ratio(amber)} above recent average (amber); "
        f"{shown_ratio(red)} or more well above recent average (red).",
        "Evidence: the ratio thresholds come from adult elite cohorts and are not validated "
        "in youth; the ratio adds little over the acute load itself (Impellizzeri et al. "
        "2021), and planning training by the ratio did not reduce health problems in elite "
        "youth football (Dalen-Lorentsen et al. 2021). Read it as one signal among absolute "
        "load, week-to-week change, monotony, extension exposure, youth-volume rules and "
        "symptoms. Grades: E1 prospective data; E2 guideline or consensus; E3 loadwatch "
        "convention, not validated.",
        f"Data completeness: a ratio needs {chronic} consecutive recorded days (weekly "
        "totals: 4 complete weeks). A day that was not recorded is never counted as rest; "
        "'days_recorded' shows how many of the last 28 days had data.",
        privacy,
    )

"""Team-level tables the dashboard and reports show: the weekly overview, the season heat map
and the therapist's watch list. Computed here, once, for every face of loadwatch.

Coach-facing tables never carry symptom details or clinician plans: the S-rule texts are
replaced by "referred to clinician — symptoms reported" unless `clinical=True` (spec §1.4).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from loadwatch.risk.engine import Assessment, Out
from loadwatch.risk.rules.base import Level
from loadwatch.risk.rules.symptoms import _restrictions as restriction_intervals
from loadwatch.schema import Channel, Col, DayStatus, SymptomCol
from loadwatch.views.privacy import modifier_words, redact
from loadwatch.vocab import (
    LEVEL_COLOURS,
    LEVEL_NAMES,
    RATIO_DP,
    level_of,
    reps,
    round_half_up,
)
from loadwatch.vocab import au as shown_au

__all__ = ["LEVEL_COLOURS", "LEVEL_NAMES", "RESTRICTION_NAMES", "SHOWN_DP", "Overview",
           "Standing", "as_shown", "heatmap", "level_counts", "level_words", "logged_weeks",
           "overview", "severity", "standing_list", "watch_list", "weeks_available"]


class Overview:
    """Column names of the overview table."""

    ATHLETE = Col.ATHLETE
    LEVEL = Out.LEVEL
    LEVEL_NAME = "level_name"
    SEVERITY = "severity"
    PRIMARY = Out.PRIMARY
    WEEKLY_LOAD = Col.WEEKLY_LOAD
    CHANGE_PCT = Col.CHANGE_PCT
    CHANGE_AU = Col.CHANGE_AU
    EXTENSION = Col.EXT_EXPOSURE
    YOUTH = "youth_volume"
    COMPLETENESS = "days_recorded"
    TOP_REASON = "top_reason"
    REASONS = Out.REASONS
    REACHED = Out.LEVEL_DAY
    LOAD_LEVEL = Out.LOAD_LEVEL
    MODIFIERS = Out.MODIFIERS


#: Rule Y1 (organised hours per week against age) in a coach's words, not its level labels.
YOUTH_WORDS = {
    Level.GREEN.label: "within age",
    Level.INFO.label: "above age this week",
    Level.AMBER.label: "above age (4-week average)",
    Level.INSUFFICIENT_DATA.label: "not enough data",
    Level.NOT_APPLICABLE.label: "no birth date",
}


def severity(levels: pd.Series) -> pd.Series:
    """Numeric seriousness of level labels (higher = worse) for sorting."""
    order = {lv.label: int(lv) for lv in Level}
    return levels.astype(str).map(order).fillna(-1).astype(int)


def overview(assessment: Assessment, week_start: pd.Timestamp | None = None, *,
             clinical: bool = False) -> pd.DataFrame:
    """One row per athlete for a week, worst first: level (word and label), primary ACWR,
    weekly load and change, extension exposure, youth-volume status, days recorded, reasons."""
    start = week_start or assessment.latest_week()
    week = assessment.week(start)
    weekly = assessment.ctx.weekly(Channel.SRPE)
    this = weekly[weekly[Col.WEEK] == start].set_index(Col.ATHLETE)
    table = week.set_index(Out.ATHLETE)
    reasons = table[Out.REASONS].map(lambda r: redact(r, clinical=clinical))
    out = pd.DataFrame({
        Overview.LEVEL: table[Out.LEVEL],
        Overview.LEVEL_NAME: table[Out.LEVEL].map(LEVEL_NAMES),
        Overview.PRIMARY: table[Out.PRIMARY],
        Overview.WEEKLY_LOAD: this[Col.WEEKLY_LOAD].reindex(table.index),
        Overview.CHANGE_PCT: this[Col.CHANGE_PCT].reindex(table.index),
        Overview.CHANGE_AU: this[Col.CHANGE_AU].reindex(table.index),
        Overview.EXTENSION: this[Col.EXT_EXPOSURE].reindex(table.index),
        Overview.YOUTH: table.get("Y1", pd.Series("not_applicable", index=table.index)).map(
            lambda label: YOUTH_WORDS.get(str(label), str(label).replace("_", " "))),
        Overview.COMPLETENESS: (7 - this[Col.DAYS_MISSING]).reindex(table.index),
        Overview.TOP_REASON: reasons.map(lambda r: r.split(" | ")[0] if r else ""),
        Overview.REASONS: reasons,
        Overview.REACHED: table[Out.LEVEL_DAY],
        Overview.LOAD_LEVEL: table[Out.LOAD_LEVEL],
        Overview.MODIFIERS: table[Out.MODIFIERS].map(lambda m: modifier_words(m,
                                                                              clinical=clinical)),
    })
    out[Overview.SEVERITY] = severity(out[Overview.LEVEL])
    out = out.reset_index(names=Overview.ATHLETE)
    return out.sort_values([Overview.SEVERITY, Overview.ATHLETE], ascending=[False, True],
                           kind="stable").reset_index(drop=True)


#: Decimals of each number of the overview as a person reads it (spec §4.9).
SHOWN_DP: dict[str, int] = {
    Overview.PRIMARY: RATIO_DP, Overview.WEEKLY_LOAD: 0, Overview.CHANGE_PCT: 1,
    Overview.CHANGE_AU: 0, Overview.EXTENSION: 0, Overview.COMPLETENESS: 0,
}


def as_shown(table: pd.DataFrame) -> pd.DataFrame:
    """The overview with every number rounded half up as it is read (spec §4.9: ACWR 1.305 →
    1.31), so a table that formats numbers itself (the dashboard's "%.2f") shows the same
    digits as the vocabulary's formatters. Numbers stay numbers: the table still sorts."""
    rounded = {column: round_half_up(pd.to_numeric(table[column], errors="coerce"), dp)
               for column, dp in SHOWN_DP.items() if column in table.columns}
    return table.assign(**rounded)


_LEVEL_IN_REASON = re.compile(r"\b([A-Z]\d+) (" + "|".join(
    sorted((lv.label for lv in Level), key=len, reverse=True)) + r"):")


def level_words(reasons: str) -> str:
    """Reason lines with the level in words: 'S1 refer_urgent: …' → 'S1 REFER URGENTLY: …'
    (a screen never shows a machine label)."""
    return _LEVEL_IN_REASON.sub(lambda m: f"{m[1]} {LEVEL_NAMES.get(m[2], m[2])}:", reasons)


def heatmap(assessment: Assessment) -> pd.DataFrame:
    """Athlete × ISO week: the highest level reached in each week (for the season heat map)."""
    ctx = assessment.ctx
    frame = pd.DataFrame({"code": ctx.code, "week": ctx.week, "level": assessment.level})
    weekly = frame.groupby(["code", "week"], sort=True)["level"].max().reset_index()
    return pd.DataFrame({
        Col.ATHLETE: ctx.athletes.to_numpy()[weekly["code"].to_numpy()],
        Col.WEEK: weekly["week"].to_numpy().astype("datetime64[D]").astype("datetime64[ns]"),
        Out.LEVEL: [Level(int(v)).label for v in weekly["level"].to_numpy()],
    })


def watch_list(assessment: Assessment, week_start: pd.Timestamp | None = None) -> pd.DataFrame:
    """The therapist's list: athletes referred or red this week, with full (clinical) reasons."""
    table = overview(assessment, week_start, clinical=True)
    serious = table[Overview.SEVERITY] >= int(Level.RED)
    return table[serious].reset_index(drop=True)


def level_counts(table: pd.DataFrame) -> dict[str, int]:
    """How many athletes are at each level (for the summary line)."""
    counts = table[Overview.LEVEL].value_counts()
    return {name: int(counts.get(label, 0)) for label, name in LEVEL_NAMES.items()}


def weeks_available(assessment: Assessment) -> list[pd.Timestamp]:
    """Mondays of the weeks with data, newest first."""
    return [pd.Timestamp(int(w), unit="D") for w in np.unique(assessment.ctx.week)[::-1]]


def logged_weeks(log: pd.DataFrame, week_start_day: int = 0) -> pd.DataFrame:
    """(athlete, week, last) for every athlete-week with at least one logged day (a missing
    day is not data, spec §3.1): which athletes a week holds and when each last logged."""
    if Col.WEEK in log.columns:  # weekly totals: the week is the row
        weeks = pd.to_datetime(log[Col.WEEK])
        frame = pd.DataFrame({Col.ATHLETE: log[Col.ATHLETE].astype(str), Col.WEEK: weeks,
                              "last": weeks + pd.Timedelta(days=6)})
    else:
        logged = log[log[Col.DAY_STATUS].ne(DayStatus.MISSING).fillna(True).to_numpy(bool)]
        dates = pd.to_datetime(logged[Col.DATE]).dt.normalize()
        shift = pd.to_timedelta((dates.dt.day_of_week - week_start_day) % 7, unit="D")
        frame = pd.DataFrame({Col.ATHLETE: logged[Col.ATHLETE].astype(str),
                              Col.WEEK: dates - shift, "last": dates})
    return frame.groupby([Col.ATHLETE, Col.WEEK], as_index=False)["last"].max()


class Standing:
    """Columns of the standing list (open referrals and active restrictions)."""

    ATHLETE = Col.ATHLETE
    KIND = "kind"  # refer_urgent, refer or restricted
    SINCE = "since"
    TEXT = "text"


_STANDING_COLUMNS = [Standing.ATHLETE, Standing.KIND, Standing.SINCE, Standing.TEXT]

#: The clinician-plan choices in words (forms and tables show these; the store keeps codes).
RESTRICTION_NAMES = {
    "no_extension_loading": "No extension loading",
    "cap_extension_reps_per_week": "Cap on extension reps per week",
    "cap_load_au_per_week": "Cap on sRPE load (AU) per week",
    "no_bowling": "No bowling",
    "cleared": "Cleared (ends every restriction)",
}

#: Restriction words a coach may read (what the plan asks for, never why).
_RESTRICTION_WORDS = {
    "no_extension_loading": lambda cap: "no extension loading",
    "no_bowling": lambda cap: "no bowling",
    "cap_extension_reps_per_week": lambda cap: f"at most {reps(cap, 'extension reps')} a week",
    "cap_load_au_per_week": lambda cap: f"at most {shown_au(cap)} a week",
}


def _day(days: ArrayLike) -> pd.DatetimeIndex:
    return pd.to_datetime(np.asarray(days, dtype=np.int64), unit="D")


def _open_referrals(assessment: Assessment, clinical: bool) -> pd.DataFrame:
    """Athletes whose latest check-in referred them (S1/S2 on its day): open until a newer
    check-in (a clinician's) no longer refers, whatever week is shown."""
    ctx = assessment.ctx
    symptoms = ctx.symptoms
    if symptoms is None or symptoms.empty:
        return pd.DataFrame(columns=_STANDING_COLUMNS)
    latest = (symptoms.assign(day=pd.to_datetime(symptoms[SymptomCol.DATE]).dt.normalize())
              .sort_values("day", kind="stable").groupby(SymptomCol.ATHLETE).tail(1))
    grid = pd.DataFrame({Col.ATHLETE: ctx.athletes.to_numpy()[ctx.code],
                         "day": _day(ctx.day), "row": np.arange(len(ctx))})
    found = latest[[SymptomCol.ATHLETE, "day"]].astype({SymptomCol.ATHLETE: str}).merge(
        grid, left_on=[SymptomCol.ATHLETE, "day"], right_on=[Col.ATHLETE, "day"])
    rows = found["row"].to_numpy()
    urgent = assessment.outcomes["S1"].level[rows] >= int(Level.REFER_URGENT)
    refer = assessment.outcomes["S2"].level[rows] >= int(Level.REFER)
    found = found.assign(kind=np.where(urgent, Level.REFER_URGENT.label, Level.REFER.label))
    found = found[urgent | refer]
    texts = [_referral_text(assessment, int(row), kind, day, clinical)
             for row, kind, day in zip(found["row"], found["kind"], found["day"], strict=True)]
    return pd.DataFrame({Standing.ATHLETE: found[Col.ATHLETE].to_numpy(),
                         Standing.KIND: found["kind"].to_numpy(),
                         Standing.SINCE: found["day"].to_numpy(), Standing.TEXT: texts})


def _referral_text(assessment: Assessment, row: int, kind: str, day: pd.Timestamp,
                   clinical: bool) -> str:
    """One referral in words: a coach reads who and since when; a therapist also why."""
    urgently = "urgently " if kind == Level.REFER_URGENT.label else ""
    head = (f"referred {urgently}to a clinician (check-in of {day:%d %b}); listed until a "
            "clinician records a new check-in")
    if not clinical:
        return head
    rule_id = "S1" if urgently else "S2"
    outcome = assessment.outcomes[rule_id]
    return f"{head}. {outcome.explain(outcome.numbers.iloc[row], level_of(kind))}"


def _active_restrictions(assessment: Assessment, clinical: bool) -> pd.DataFrame:
    """Clinician restrictions active on the last day of the data (until cleared, replaced or
    reviewed)."""
    ctx = assessment.ctx
    if ctx.plans is None or ctx.plans.empty:
        return pd.DataFrame(columns=_STANDING_COLUMNS)
    found, _ = restriction_intervals(ctx)
    today = int(ctx.day.max())
    active = found[(found["start"] <= today) & (found["end"] >= today)]
    texts = []
    for kind, cap, start, review in zip(active["kind"], active["cap"], active["start"],
                                        active["review"], strict=True):  # a few plans
        text = f"restricted: {_RESTRICTION_WORDS[kind](cap)} (clinician plan)"
        if clinical:
            until = f", review {_day([review])[0]:%d %b %Y}" if np.isfinite(review) else ""
            text += f" since {_day([start])[0]:%d %b %Y}{until}"
        texts.append(text)
    return pd.DataFrame({Standing.ATHLETE: ctx.athletes.to_numpy()[active["code"].to_numpy()],
                         Standing.KIND: "restricted", Standing.SINCE: _day(active["start"]),
                         Standing.TEXT: texts})


def standing_list(assessment: Assessment, *, clinical: bool = False) -> pd.DataFrame:
    """Open referrals (most urgent first) and active restrictions, whatever week is shown:
    they stay until a clinician clears them. Coach texts carry no symptom details."""
    return sorted_standing(pd.concat([_open_referrals(assessment, clinical),
                                      _active_restrictions(assessment, clinical)],
                                     ignore_index=True))


def sorted_standing(table: pd.DataFrame) -> pd.DataFrame:
    """Standing items most urgent first (refer urgently, refer, restricted), then by athlete."""
    order = {Level.REFER_URGENT.label: 0, Level.REFER.label: 1, "restricted": 2}
    table = table.assign(_order=table[Standing.KIND].map(order))
    return (table.sort_values(["_order", Standing.ATHLETE], kind="stable")
            .drop(columns="_order").reset_index(drop=True))

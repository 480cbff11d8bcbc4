"""The rule engine: every rule on every athlete-day, escalation, and the weekly verdict.

Spec §10.1: any refer-urgent → REFER-URGENT; any refer → REFER TO CLINICIAN (the load level
stays listed underneath); any red → RED; amber in two or more families (L, X, Y, R, C) within
7 days → RED; amber in L or X while a modifier is active (growth window, low chronic base,
prior lumbar bone stress injury) → RED; any amber → AMBER; GREEN when the core rules (L1 and
L3) were evaluated, otherwise INSUFFICIENT DATA. A week's verdict is the highest level on any
of its days, so EWMA's Sunday dip cannot hide Saturday's flag.

Decision support, not diagnosis: no text here names a diagnosis; ids, never names.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

import loadwatch.rules  # noqa: F401  (registers every rule)
from loadwatch.config import Config, default_config
from loadwatch.errors import LogError
from loadwatch.ratios import shift
from loadwatch.rules.base import ESCALATING_FAMILIES, REGISTRY, Level, Outcome, Rule
from loadwatch.rules.context import Context
from loadwatch.rules.load import primary_ratio
from loadwatch.schema import Channel, Col

CORE_RULES = ("L1", "L3")
MODIFIER_NAMES = {"M1": "growth_window", "M2": "low_chronic", "M3": "prior_lbsi"}


class Out:
    """Column names of the assessment tables."""

    ATHLETE = Col.ATHLETE
    WEEK = Col.WEEK
    DATE = Col.DATE
    LEVEL = "level"
    LEVEL_WORDS = "level_words"
    LEVEL_DAY = "level_reached_on"
    LOAD_LEVEL = "load_level"
    PRIMARY = "primary_acwr"
    ESCALATION = "escalation"
    MODIFIERS = "modifiers"
    REASONS = "reasons"


@dataclass
class Assessment:
    """Levels of every rule and of the athlete on every grid row, plus the context."""

    ctx: Context
    outcomes: dict[str, Outcome]
    level: np.ndarray
    load_level: np.ndarray
    escalation: np.ndarray

    @property
    def rules(self) -> list[Rule]:
        """The rules evaluated, in registry order."""
        return [REGISTRY[r] for r in self.outcomes]

    def daily(self) -> pd.DataFrame:
        """One row per athlete-day (or week): athlete level and each rule's level."""
        ctx = self.ctx
        table = pd.DataFrame({
            Out.ATHLETE: ctx.cal.athlete_column(), Out.DATE: ctx.dates,
            Out.LEVEL: _labels(self.level), Out.LOAD_LEVEL: _labels(self.load_level),
            Out.ESCALATION: self.escalation,
        })
        for rule_id, outcome in self.outcomes.items():
            table[rule_id] = _labels(outcome.level)
        return table

    def week_rows(self, week_start: pd.Timestamp) -> np.ndarray:
        """Grid rows in the ISO week starting on `week_start` (a Monday)."""
        monday = int(np.datetime64(week_start.date(), "D").astype(np.int64))
        return np.flatnonzero(self.ctx.week == monday)

    def latest_week(self) -> pd.Timestamp:
        """Monday of the last week in the data."""
        return pd.Timestamp(int(self.ctx.week.max()), unit="D")

    def week(self, week_start: pd.Timestamp | None = None) -> pd.DataFrame:
        """Per-athlete verdict for one ISO week (spec §10.1: highest level of the week)."""
        return _week_table(self, week_start or self.latest_week(), detail=False)[0]

    def week_detail(self, week_start: pd.Timestamp | None = None) -> list[dict[str, Any]]:
        """The structured explanation of one week: per athlete, every rule with its numbers."""
        return _week_table(self, week_start or self.latest_week(), detail=True)[1]


def _labels(level: np.ndarray) -> pd.Categorical:
    return pd.Categorical.from_codes(level.astype(np.int8),
                                     categories=[lv.label for lv in Level])


def evaluate(
    log: pd.DataFrame, *, roster: pd.DataFrame | None = None,
    growth: pd.DataFrame | None = None, symptoms: pd.DataFrame | None = None,
    plans: pd.DataFrame | None = None, config: Config | None = None,
) -> Assessment:
    """Evaluate every registered rule on every athlete-day and combine them (spec §10.1)."""
    cfg = config or default_config()
    ctx = Context.build(log, cfg, roster=roster, growth=growth, symptoms=symptoms, plans=plans)
    outcomes = {r.id: _run(r, ctx) for r in REGISTRY}
    load_level, escalation = _combine(ctx, outcomes, include_symptoms=False)
    level, _ = _combine(ctx, outcomes, include_symptoms=True)
    return Assessment(ctx, outcomes, level, load_level, escalation)


def _run(item: Rule, ctx: Context) -> Outcome:
    outcome = item.evaluate(ctx)
    if ctx.weekly_data and item.daily_only:
        outcome.level[:] = int(Level.NOT_APPLICABLE)
    return outcome


def _window_any(mask: np.ndarray, ctx: Context) -> np.ndarray:
    """True where the mask holds on this row or the 6 days before (same athlete)."""
    if ctx.weekly_data:
        return mask
    out = mask.copy()
    for k in range(1, 7):  # offsets inside the 7-day window
        out |= (shift(mask.astype(float), k) == 1) & (ctx.pos >= k)
    return out


def _combine(ctx: Context, outcomes: dict[str, Outcome], *, include_symptoms: bool
             ) -> tuple[np.ndarray, np.ndarray]:
    n = len(ctx)
    chosen = {k: o for k, o in outcomes.items()
              if include_symptoms or REGISTRY[k].family != "S"}
    stack = np.vstack([o.level for o in chosen.values()]) if chosen else np.zeros((0, n))
    highest = stack.max(axis=0) if len(stack) else np.full(n, int(Level.INSUFFICIENT_DATA))
    amber_by_family = {}
    for family in ESCALATING_FAMILIES:
        rows = [o.level for k, o in chosen.items() if REGISTRY[k].family == family]
        if rows:
            amber_by_family[family] = _window_any(np.any(np.vstack(rows) == Level.AMBER, axis=0),
                                                  ctx)
    families = np.sum(list(amber_by_family.values()), axis=0) if amber_by_family else np.zeros(n)
    needed = int(ctx.config.get("escalation.amber_families_for_red"))
    two_families = families >= needed
    escalating = set(ctx.config.get("escalation.modifiers_escalate"))
    modifier = np.zeros(n, dtype=bool)
    for rule_id, name in MODIFIER_NAMES.items():
        outcome = outcomes.get(rule_id)
        if outcome is not None and outcome.modifier is not None and name in escalating:
            modifier |= outcome.modifier
    load_or_ext = amber_by_family.get("L", np.zeros(n, bool)) | amber_by_family.get(
        "X", np.zeros(n, bool))
    by_modifier = modifier & load_or_ext
    level = np.where(highest >= Level.RED, highest, 0)
    escalate = (level == 0) & (two_families | by_modifier)
    level[escalate] = int(Level.RED)
    amber = (level == 0) & (highest == Level.AMBER)
    level[amber] = int(Level.AMBER)
    core = np.all([~np.isin(outcomes[r].level, (Level.INSUFFICIENT_DATA, Level.NOT_APPLICABLE))
                   for r in CORE_RULES if r in outcomes], axis=0)
    rest = level == 0
    level[rest & core] = int(Level.GREEN)
    level[rest & ~core] = int(Level.INSUFFICIENT_DATA)
    reason = np.full(n, "", dtype=object)
    reason[escalate & two_families] = "two independent warning signs"
    reason[escalate & ~two_families & by_modifier] = "load increase during an active modifier"
    return level.astype(np.int8), reason


# --- weekly verdict -------------------------------------------------------------------------

def _week_table(assessment: Assessment, week_start: pd.Timestamp, *, detail: bool
                ) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    ctx = assessment.ctx
    rows = assessment.week_rows(week_start)
    if len(rows) == 0:
        raise LogError(f"no data in the week starting {week_start:%Y-%m-%d} "
                       f"({week_start:%G-W%V})")
    frame = pd.DataFrame({"row": rows, "code": ctx.code[rows], "level": assessment.level[rows],
                          "day": ctx.day[rows]})
    best = frame.sort_values(["code", "level", "day"], ascending=[True, False, True]) \
        .groupby("code", sort=True).first()
    last = frame.groupby("code", sort=True)["row"].max()
    srpe = ctx.channel(Channel.SRPE)
    primary = primary_ratio(ctx, srpe)[0] if srpe is not None else np.full(len(ctx), np.nan)
    table_rows, details = [], []
    evidence = _evidence_table(ctx.config)
    for code, top in best.iterrows():  # one row per athlete in the report: output formatting
        week_rows = frame.loc[frame["code"] == code, "row"].to_numpy()
        rules = _rule_details(assessment, week_rows, evidence)
        load = Level(int(assessment.load_level[week_rows].max()))
        level = Level(int(top["level"]))
        modifiers = [name for r, name in MODIFIER_NAMES.items()
                     if _modifier_active(assessment.outcomes.get(r), week_rows)]
        reasons = _reasons(rules, level)
        escalation = next((e for e in assessment.escalation[week_rows] if e), "")
        record = {
            Out.ATHLETE: ctx.athletes[int(code)],
            Out.WEEK: week_start,
            Out.LEVEL: level.label,
            Out.LEVEL_WORDS: level.words,
            Out.LEVEL_DAY: pd.Timestamp(int(top["day"]), unit="D"),
            Out.LOAD_LEVEL: load.label,
            Out.PRIMARY: float(primary[last[code]]),
            Out.ESCALATION: escalation,
            Out.MODIFIERS: ", ".join(modifiers),
            Out.REASONS: " | ".join(reasons),
            **{r["id"]: r["level"] for r in rules},
        }
        table_rows.append(record)
        if detail:
            details.append({**{k: jsonable(v) for k, v in record.items()
                               if k not in {r["id"] for r in rules}}, "rules": rules})
    return pd.DataFrame(table_rows), details


def _modifier_active(outcome: Outcome | None, rows: np.ndarray) -> bool:
    return outcome is not None and outcome.modifier is not None and bool(
        outcome.modifier[rows].any())


def _rule_details(assessment: Assessment, rows: np.ndarray,
                  evidence: dict[str, dict[str, str]]) -> list[dict[str, Any]]:
    """Each rule's highest level in the week, with the numbers and text of its latest such day."""
    out = []
    for rule_id, outcome in assessment.outcomes.items():
        item = REGISTRY[rule_id]
        week_levels = outcome.level[rows]
        top = int(week_levels.max())
        at = int(rows[np.flatnonzero(week_levels == top)[-1]])
        level = Level(top)
        numbers = outcome.numbers.iloc[at] if len(outcome.numbers.columns) else pd.Series(
            dtype=object, name=at)
        numbers.name = at
        out.append({
            "id": rule_id, "family": item.family, "title": item.title, "level": level.label,
            "date": str(pd.Timestamp(int(assessment.ctx.day[at]), unit="D").date()),
            "text": outcome.explain(numbers, level),
            "numbers": {k: jsonable(v) for k, v in numbers.items()},
            "thresholds": {k: jsonable(assessment.ctx.config.get(k))
                           for k in item.threshold_keys},
            "evidence": {k: evidence.get(k, {}) for k in item.threshold_keys},
            "modifier": item.modifier,
        })
    return out


def _reasons(rules: list[dict[str, Any]], level: Level) -> list[str]:
    """Texts worth a coach's attention, most serious first."""
    order = {lv.label: int(lv) for lv in Level}
    if level == Level.INSUFFICIENT_DATA:
        chosen = [r for r in rules if r["id"] in CORE_RULES
                  and r["level"] == Level.INSUFFICIENT_DATA.label]
    else:
        chosen = [r for r in rules if order[r["level"]] >= Level.INFO]
    chosen.sort(key=lambda r: -order[r["level"]])
    return [f"{r['id']} {r['level']}: {r['text']}" for r in chosen]


def _evidence_table(config: Config) -> dict[str, dict[str, str]]:
    table = {}
    for entry in config.thresholds_table():
        table[entry["key"]] = {"grade": entry["grade"], "source": entry["source"]}
    return table


def jsonable(value: Any) -> Any:
    """A value JSON can carry: numpy scalars unwrapped, dates as text, NA as null, inf as
    'inf', containers converted recursively."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, tuple | list | np.ndarray):
        return [jsonable(v) for v in value]
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, pd.Timestamp):
        return str(value.date())
    if isinstance(value, dt.date):
        return str(value)
    if isinstance(value, float) and not np.isfinite(value):
        return None if np.isnan(value) else ("inf" if value > 0 else "-inf")
    return value


def parse_week(text: str | None) -> pd.Timestamp | None:
    """'2026-W47' (or a date inside the week) → that ISO week's Monday."""
    if text is None:
        return None
    try:
        if "W" in text.upper():
            return pd.Timestamp(dt.datetime.strptime(text.upper() + "-1", "%G-W%V-%u"))
        day = pd.Timestamp(text).normalize()
    except ValueError:
        raise LogError(f"'{text}' is not a week (use 2026-W47) or a date (YYYY-MM-DD)") from None
    return day - pd.Timedelta(days=day.dayofweek)


def assess(
    log: pd.DataFrame, *, roster: pd.DataFrame | None = None,
    growth: pd.DataFrame | None = None, symptoms: pd.DataFrame | None = None,
    plans: pd.DataFrame | None = None, config: Config | None = None,
    week: str | pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Per athlete for one ISO week (default: the latest): level, the day it was reached,
    the primary ACWR, reasons with their numbers, and one column per rule."""
    result = evaluate(log, roster=roster, growth=growth, symptoms=symptoms, plans=plans,
                      config=config)
    start = parse_week(week) if isinstance(week, str) else week
    return result.week(start)

"""The rule engine: every rule on every athlete-day, escalation, and the weekly verdict.

Spec §10.1: any refer-urgent → REFER-URGENT; any refer → REFER TO CLINICIAN (the load level
stays listed underneath); any red → RED; amber in two or more *independent* families (L, X, Y, R, C)
within 7 days → RED (X beside L only when extension rose clearly more than load; Y3 counts
with R); amber in L or X while a modifier is active (growth window, low chronic base,
prior lumbar bone stress injury) → RED; any amber → AMBER; GREEN when the core rules (L1 and
L3) were evaluated, otherwise INSUFFICIENT DATA. A week's verdict is the highest level on any
of its days, so EWMA's Sunday dip cannot hide Saturday's flag.

Decision support, not diagnosis: no text here names a diagnosis; ids, never names.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

import loadwatch.risk.rules  # noqa: F401  (registers every rule)
from loadwatch.config import Config, default_config
from loadwatch.errors import LogError
from loadwatch.risk.context import Context
from loadwatch.risk.findings import CORE_RULES, AthleteWeek, Finding, jsonable
from loadwatch.risk.rules.base import (
    ESCALATING_FAMILIES,
    REGISTRY,
    Level,
    Outcome,
    Rule,
    round_half_up,
)
from loadwatch.risk.week import (
    BY_MODIFIER,
    COUNTS_WITH,
    MODIFIER_NAMES,
    Out,
    escalation_signs,
    escalation_text,
    level_shares,
    sign_family,
    signs_reason,
    week_detail,
    week_table,
)
from loadwatch.schema import Col, DayStatus, SymptomCol
from loadwatch.series.calendar import week_start_of
from loadwatch.series.windows import any_in_window

__all__ = ["CORE_RULES", "COUNTS_WITH", "MODIFIER_NAMES", "Assessment", "AthleteWeek",
           "Finding", "Out", "assess", "evaluate", "extension_above_load",
           "independent_families", "jsonable", "parse_week", "reach_check_ins"]


@dataclass
class Assessment:
    """Levels of every rule and of the athlete on every grid row, plus the context.

    What :func:`evaluate` returns (spec §10.1): ``level`` is the athlete's combined level per
    athlete-day (a :class:`loadwatch.vocab.Level` value), ``load_level`` the same without the
    symptom rules, ``outcomes`` each rule's result by rule id (§10.2); ``daily()`` and
    ``week(start)`` turn them into tables.

    Examples
    --------
    >>> import loadwatch as lw
    >>> loads = [257] * 20 + [250] + [373] * 6 + [372]            # AU, 2024-01-01 … 01-28
    >>> csv = "athlete,date,load\\n" + "".join(
    ...     f"A1,2024-01-{day:02d},{au}\\n" for day, au in enumerate(loads, start=1))
    >>> log = lw.read_log(csv.encode())
    >>> from loadwatch.vocab import Level
    >>> Level(lw.evaluate(log).level[-1]).label      # L and R amber: two of three families
    'amber'
    """

    ctx: Context
    outcomes: dict[str, Outcome]
    level: np.ndarray
    load_level: np.ndarray
    escalation: np.ndarray
    families: np.ndarray | None = None  # escalating families counted per row ("LR", "")
    #: each week's verdicts and readers' findings, computed once (the overview, the plan, the
    #: explanations and the team note all ask for the same week)
    _weeks: dict[pd.Timestamp, tuple[pd.DataFrame, list[AthleteWeek]]] = field(
        default_factory=dict, repr=False, compare=False)

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
        """Grid rows in the team's week starting on `week_start` (``calendar.week_start``)."""
        first = int(np.datetime64(week_start.date(), "D").astype(np.int64))
        return np.flatnonzero(self.ctx.week == first)

    def latest_week(self) -> pd.Timestamp:
        """First day of the last team week in the data."""
        return pd.Timestamp(int(self.ctx.week.max()), unit="D")

    def _summary(self, week_start: pd.Timestamp) -> tuple[pd.DataFrame, list[AthleteWeek]]:
        key = pd.Timestamp(week_start)
        if key not in self._weeks:
            table, found = week_table(self, key, detail=False)
            self._weeks[key] = (table, list(found))
        return self._weeks[key]

    def week(self, week_start: pd.Timestamp | None = None) -> pd.DataFrame:
        """Per-athlete verdict for one week (spec §10.1: highest level of the week)."""
        return self._summary(week_start or self.latest_week())[0].copy()

    def week_detail(self, week_start: pd.Timestamp | None = None, athlete: str | None = None
                    ) -> list[dict[str, Any]]:
        """The structured explanation of one week: per athlete (or one), every rule with its
        numbers, thresholds, evidence grade and text (JSON-safe dicts)."""
        return week_detail(self, week_start or self.latest_week(), athlete)

    def findings(self, week_start: pd.Timestamp | None = None, athlete: str | None = None,
                 *, detail: bool = True) -> list[AthleteWeek]:
        """Per athlete (or one) of a week: the reasons a reader sees (most serious first),
        the amber signs behind an escalation and, with `detail`, every rule's typed finding
        (texts are written only for what is asked: `detail=False` is the fast reader's view).
        """
        start = week_start or self.latest_week()
        if not detail and athlete is None:
            return list(self._summary(start)[1])
        return week_table(self, start, detail=detail, only=athlete)[1]

    def escalation_signs(self, rows: np.ndarray) -> tuple[Finding, ...]:
        """The amber signs behind the first escalation among one athlete's grid `rows`."""
        return escalation_signs(self, rows)

    def escalation_text(self, rows: np.ndarray) -> str:
        """The first escalation among one athlete's grid `rows`, naming its signs: "two
        independent warning signs: load change (L3) and recovery (R1)"; "" without one."""
        escalated = rows[self.escalation[rows] != ""]
        if len(escalated) == 0:
            return ""
        return escalation_text(str(self.escalation[escalated[0]]),
                               self.escalation_signs(rows))

    def level_shares(self) -> pd.DataFrame:
        """Share of athlete-weeks at each level over every week in the data (the alarm
        budget, issue 14): level, athlete_weeks, share (0–1)."""
        return level_shares(self)


def _labels(level: np.ndarray) -> pd.Categorical:
    return pd.Categorical.from_codes(level.astype(np.int8),
                                     categories=[lv.label for lv in Level])


def evaluate(
    log: pd.DataFrame, *, roster: pd.DataFrame | None = None,
    growth: pd.DataFrame | None = None, symptoms: pd.DataFrame | None = None,
    plans: pd.DataFrame | None = None, config: Config | None = None,
    like: Assessment | None = None,
) -> Assessment:
    """Evaluate every registered rule on every athlete-day and combine them (spec §10.1).

    Each rule of the catalogue (§10.2: load change, recovery, youth volume, growth window,
    extension exposure, cricket bowling, symptoms) gives a level per athlete-day with its
    numbers and evidence grade; two independent warning signs, or one with a modifier (growth
    spurt, low chronic base, previous lumbar injury), escalate to red; back-pain symptoms
    route to a clinician (§8.5).

    Parameters
    ----------
    log : DataFrame
        A session or weekly-totals log (:func:`read_log`; load in AU, durations in minutes).
    roster : DataFrame, optional
        :func:`read_roster` (age in years from the birth date, main sport, prior injury).
    growth : DataFrame, optional
        :func:`read_growth` (heights in cm; velocity in cm/year, spec §7.4).
    symptoms : DataFrame, optional
        :func:`read_symptoms` (pain 0–10; clinical).
    plans : DataFrame, optional
        :func:`read_plans` (weekly caps in reps or AU; clinical).
    config : Config, optional
        Thresholds with their evidence (spec §10.3); default: the shipped ones.
    like : Assessment, optional
        The team's evaluation when `log` holds only some of its athletes (re-evaluating the
        athletes a write touched): the team's channels and extension unit are kept.

    Returns
    -------
    Assessment
        Levels of every rule and of the athlete on every athlete-day.

    Examples
    --------
    >>> import loadwatch as lw
    >>> loads = [257] * 20 + [250] + [373] * 6 + [372]            # AU, 2024-01-01 … 01-28
    >>> csv = "athlete,date,load\\n" + "".join(
    ...     f"A1,2024-01-{day:02d},{au}\\n" for day, au in enumerate(loads, start=1))
    >>> log = lw.read_log(csv.encode())
    >>> result = lw.evaluate(log)
    >>> [result.outcomes[rule].level[-1].item() for rule in ("L1", "L3")]   # both amber
    [4, 4]
    """
    cfg = config or default_config()
    log = reach_check_ins(log, symptoms, cfg)
    ctx = Context.build(log, cfg, roster=roster, growth=growth, symptoms=symptoms, plans=plans,
                        like=like.ctx if like is not None else None)
    outcomes = {r.id: _run(r, ctx) for r in REGISTRY}
    load_level, escalation, families = _combine(ctx, outcomes, include_symptoms=False)
    level, _, _ = _combine(ctx, outcomes, include_symptoms=True)
    load_level, level, escalation = _cap_unconfirmed(ctx, outcomes, load_level, level,
                                                     escalation)
    return Assessment(ctx, outcomes, level, load_level, escalation, families)


def reach_check_ins(log: pd.DataFrame, symptoms: pd.DataFrame | None,
                    config: Config | None = None) -> pd.DataFrame:
    """The log, extended with 'not recorded' days up to any symptom check-in dated after an
    athlete's last logged day, so that a fresh report of back pain is never lost because
    this week's training log has not been uploaded yet (the load days stay missing)."""
    if symptoms is None or symptoms.empty:
        return log
    weekly = Col.WEEK in log.columns
    week_start = (config or default_config()).week_start_day
    day_col = Col.WEEK if weekly else Col.COVER_END
    last = log.groupby(Col.ATHLETE, observed=True)[day_col].max()
    latest = symptoms.groupby(SymptomCol.ATHLETE)[SymptomCol.DATE].max()
    known = latest.index.intersection(last.index)
    days = pd.to_datetime(latest[known]).dt.normalize()
    if weekly:
        days = days - pd.to_timedelta((days.dt.day_of_week - week_start) % 7, unit="D")
        late = days[days > last[known]]
        extra = pd.DataFrame({Col.ATHLETE: late.index, Col.WEEK: late.to_numpy()})
    else:
        late = days[days > last[known]]
        extra = pd.DataFrame({Col.ATHLETE: late.index, Col.DATE: late.to_numpy(),
                              Col.DAY_STATUS: DayStatus.MISSING, Col.COVER_START: late.to_numpy(),
                              Col.COVER_END: late.to_numpy()})
    if extra.empty:
        return log
    extra = extra.reindex(columns=log.columns)
    extra[Col.SPORT] = "unspecified"  # reindex left it all-NaN (float64)
    return pd.concat([log, extra.astype(log.dtypes.to_dict(), errors="ignore")],
                     ignore_index=True)


def _run(item: Rule, ctx: Context) -> Outcome:
    outcome = item.evaluate(ctx)
    if ctx.weekly_data and item.daily_only:
        outcome.level[:] = int(Level.NOT_APPLICABLE)
    return outcome


def _cap_unconfirmed(ctx: Context, outcomes: dict[str, Outcome], load_level: np.ndarray,
                     level: np.ndarray, escalation: np.ndarray
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A red built on unconfirmed rest is at most amber (spec §3.2, issue 14): a row stays red
    only when it is red without the signs and modifiers that lean on unconfirmed days (each
    rule's ``Outcome.unconfirmed``); otherwise it is amber and names no escalation."""
    leaning = {k: o.unconfirmed for k, o in outcomes.items()
               if o.unconfirmed is not None and o.unconfirmed.any()}
    if not leaning:
        return load_level, level, escalation
    clean = dict(outcomes)
    for rule_id, mask in leaning.items():
        outcome = outcomes[rule_id]
        signs = mask & (outcome.level == Level.AMBER)
        clean[rule_id] = Outcome(np.where(signs, int(Level.GREEN), outcome.level),
                                 outcome.numbers, outcome.explain,
                                 None if outcome.modifier is None else outcome.modifier & ~mask)
    capped = []
    for current, symptoms in ((load_level, False), (level, True)):
        without = _combine(ctx, clean, include_symptoms=symptoms)[0]
        capped.append(np.where((current == Level.RED) & (without < Level.RED),
                               int(Level.AMBER), current).astype(np.int8))
    escalation = np.where(capped[0] != load_level, "", escalation)
    return capped[0], capped[1], escalation


def _window_any(mask: np.ndarray, ctx: Context) -> np.ndarray:
    """True where the mask holds on this row or the 6 days before (same athlete)."""
    return mask if ctx.weekly_data else any_in_window(mask, ctx.pos, 7)


def _family_masks(outcomes: dict[str, Outcome], chosen: set[str]) -> dict[str, np.ndarray]:
    """Per escalating family: amber on this row in one of its rules (COUNTS_WITH applied)."""
    masks: dict[str, np.ndarray] = {}
    for rule_id in chosen:  # rules, not athletes
        family = sign_family(rule_id)
        if family in ESCALATING_FAMILIES:
            amber = outcomes[rule_id].level == Level.AMBER
            masks[family] = masks[family] | amber if family in masks else amber
    return masks


def _number(outcomes: dict[str, Outcome], rule_id: str, column: str, n: int) -> np.ndarray:
    """One rule's number on every row (NaN when the rule or the column is absent)."""
    outcome = outcomes.get(rule_id)
    if outcome is None or column not in outcome.numbers.columns:
        return np.full(n, np.nan)
    return pd.to_numeric(outcome.numbers[column], errors="coerce").to_numpy(float)


def extension_above_load(ctx: Context, outcomes: dict[str, Outcome]) -> np.ndarray:
    """True where extension exposure rose clearly more than load on this row (spec §10.1):
    the extension ratio (X1) above the load ratio (L1) by more than
    ``escalation.extension_margin_ratio``, or the extension change % (X2) above the load
    change % (L3) by more than ``escalation.extension_margin_points``, both as shown."""
    n = len(ctx)
    margin = float(ctx.config.get("escalation.extension_margin_ratio"))
    points = float(ctx.config.get("escalation.extension_margin_points"))
    dp = int(ctx.config.get("acwr.compare_rounded_dp"))
    ratio_gap = round_half_up(_number(outcomes, "X1", "shown", n)
                              - _number(outcomes, "L1", "shown", n), dp)
    pct_gap = round_half_up(_number(outcomes, "X2", "pct", n)
                            - _number(outcomes, "L3", "pct", n), 1)
    with np.errstate(invalid="ignore"):
        return np.asarray((ratio_gap > margin) | (pct_gap > points), dtype=bool)


def independent_families(ctx: Context, outcomes: dict[str, Outcome], chosen: set[str]
                         ) -> dict[str, np.ndarray]:
    """Per escalating family: an amber in the 7 days up to this row that counts as its own
    warning sign (spec §10.1 rule 4). X amber while L is amber counts only when, on an X-amber
    day, extension rose clearly more than load (:func:`extension_above_load`): otherwise L
    and X rose from the same sessions and are one sign."""
    masks = _family_masks(outcomes, chosen)
    found = {family: _window_any(mask, ctx) for family, mask in masks.items()}
    if "X" in found and "L" in found:
        distinct = _window_any(masks["X"] & extension_above_load(ctx, outcomes), ctx)
        found["X"] = found["X"] & (~found["L"] | distinct)
    return found


def _counted_text(found: dict[str, np.ndarray], n: int) -> np.ndarray:
    """The families counted on each row, as one string ("LR", "LX", "")."""
    text = np.full(n, "", dtype=object)
    for family in ESCALATING_FAMILIES:
        if family in found:
            text = np.where(found[family], text + family, text)
    return text


def _combine(ctx: Context, outcomes: dict[str, Outcome], *, include_symptoms: bool
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Level, escalation reason and counted families per row (spec §10.1 rules 1–7)."""
    n = len(ctx)
    chosen = {k for k in outcomes if include_symptoms or REGISTRY[k].family != "S"}
    stack = np.vstack([outcomes[k].level for k in chosen]) if chosen else np.zeros((0, n))
    highest = stack.max(axis=0) if len(stack) else np.full(n, int(Level.INSUFFICIENT_DATA))
    found = independent_families(ctx, outcomes, chosen)
    families = np.sum(list(found.values()), axis=0) if found else np.zeros(n)
    needed = int(ctx.config.get("escalation.amber_families_for_red"))
    two_families = families >= needed
    escalating = set(ctx.config.get("escalation.modifiers_escalate"))
    modifier = np.zeros(n, dtype=bool)
    for rule_id, name in MODIFIER_NAMES.items():
        outcome = outcomes.get(rule_id)
        if outcome is not None and outcome.modifier is not None and name in escalating:
            modifier |= outcome.modifier
    load_or_ext = np.zeros(n, bool)
    for family in ("L", "X"):
        rows = [outcomes[k].level == Level.AMBER for k in chosen
                if REGISTRY[k].family == family]
        if rows:
            load_or_ext |= _window_any(np.any(np.vstack(rows), axis=0), ctx)
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
    reason[escalate & two_families] = signs_reason(needed)
    reason[escalate & ~two_families & by_modifier] = BY_MODIFIER
    return level.astype(np.int8), reason, _counted_text(found, n)


def parse_week(text: str | None, week_start: int = 0) -> pd.Timestamp | None:
    """'2026-W47' (or a date inside the week) → the first day of that week, in weeks starting
    on weekday `week_start` (Monday 0 … Sunday 6, `Config.week_start_day`). ISO labels name
    Monday weeks only; other teams give a date."""
    if text is None:
        return None
    if "W" in text.upper() and week_start != 0:
        raise LogError(f"'{text}' is an ISO week (Monday to Sunday), but this team's weeks "
                       "start on another day (calendar.week_start); give a date inside the "
                       "week (YYYY-MM-DD)")
    try:
        if "W" in text.upper():
            return pd.Timestamp(dt.datetime.strptime(text.upper() + "-1", "%G-W%V-%u"))
        day = pd.Timestamp(text).normalize()
    except ValueError:
        raise LogError(f"'{text}' is not a week (use 2026-W47) or a date (YYYY-MM-DD)") from None
    return week_start_of(day, week_start)


def assess(
    log: pd.DataFrame, *, roster: pd.DataFrame | None = None,
    growth: pd.DataFrame | None = None, symptoms: pd.DataFrame | None = None,
    plans: pd.DataFrame | None = None, config: Config | None = None,
    week: str | pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Per athlete, the verdict of one week (default: the latest), with its reasons and numbers.

    The weekly verdict of spec §10.1: the highest level reached on any day of the week (§4.5:
    daily flags are evaluated every day), with the escalation that made it and each reason
    rendered with its numbers (§10.4).

    Parameters
    ----------
    log : DataFrame
        A session or weekly-totals log (:func:`read_log`; load in AU, durations in minutes).
    roster, growth, symptoms, plans : DataFrame, optional
        As for :func:`evaluate` (ages in years, heights in cm, pain 0–10, caps per week).
    config : Config, optional
        Thresholds with their evidence (spec §10.3); default: the shipped ones.
    week : str or Timestamp, optional
        '2026-W47', a date inside the week (YYYY-MM-DD) or the week's first day.

    Returns
    -------
    DataFrame
        One row per athlete: athlete, week_start, level, level_words, level_reached_on,
        load_level, primary_acwr (unrounded ratio), escalation, modifiers, one level column per
        rule id (L1 … S4) and reasons (texts with their numbers, AU and %).

    Examples
    --------
    >>> import loadwatch as lw
    >>> loads = [257] * 20 + [250] + [373] * 6 + [372]            # AU, 2024-01-01 … 01-28
    >>> csv = "athlete,date,load\\n" + "".join(
    ...     f"A1,2024-01-{day:02d},{au}\\n" for day, au in enumerate(loads, start=1))
    >>> log = lw.read_log(csv.encode())
    >>> verdict = lw.assess(log).iloc[0]       # L and R amber; three families make red
    >>> print(verdict["level"], verdict["primary_acwr"], sep=" | ")
    amber | 1.305
    >>> two = lw.load_config(overrides={"escalation.amber_families_for_red": 2})
    >>> lw.assess(log, config=two).iloc[0]["escalation"]       # a team that sets two
    'two independent warning signs'
    """
    result = evaluate(log, roster=roster, growth=growth, symptoms=symptoms, plans=plans,
                      config=config)
    cfg = result.ctx.config
    start = parse_week(week, cfg.week_start_day) if isinstance(week, str) else week
    return result.week(start)

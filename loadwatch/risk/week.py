"""The week's assessment: per athlete the highest level of the week, its findings and reasons.

Spec §10.1: a week's verdict is the highest level reached on any of its days. Each rule's
finding is taken on the last day it reached its highest level of the week; texts are written
only for the findings a reader will see (the reasons), or for every rule when the full detail
is asked for. An escalation to red lists the amber signs behind it, which may lie in the
previous week (two independent families within 7 days), and its text names them. The alarm
budget (:func:`level_shares`) counts athlete-weeks at each level over all weeks.

Vectorised over athletes: the week's grid rows are one contiguous block per athlete.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from loadwatch.errors import LogError
from loadwatch.risk.findings import AthleteWeek, Citation, Finding, is_reason, jsonable
from loadwatch.risk.findings import most_serious_first as _by_level
from loadwatch.risk.findings import reasons_text as _joined
from loadwatch.risk.rules.base import ESCALATING_FAMILIES, REGISTRY, Level, Rule
from loadwatch.risk.rules.load import primary_ratio
from loadwatch.schema import Channel, Col
from loadwatch.series.calendar import week_label

if TYPE_CHECKING:
    from loadwatch.risk.engine import Assessment

_LABELS = np.asarray([lv.label for lv in Level], dtype=object)
_WORDS = np.asarray([lv.words for lv in Level], dtype=object)
#: Modifier rules (M1–M3) and the name of the modifier each one sets.
MODIFIER_NAMES = {r.id: r.modifier for r in sorted(REGISTRY, key=lambda r: r.id)
                  if r.modifier}
#: The two escalation reasons of spec §10.1 (rules 4 and 5), as the escalation column holds them.
TWO_SIGNS = "two independent warning signs"
_COUNT_WORDS = {2: "two", 3: "three", 4: "four", 5: "five"}


def signs_reason(needed: int) -> str:
    """The escalation reason for `needed` independent signs ('three independent warning
    signs' under the default, spec §10.1 rule 4): the words say how many were needed."""
    return f"{_COUNT_WORDS.get(needed, str(needed))} independent warning signs"


def is_signs_reason(reason: str) -> bool:
    """True for an escalation by independent signs (whatever their number)."""
    return reason.endswith("independent warning signs")
BY_MODIFIER = "load increase during an active modifier"
#: Rules that count, for escalation, with another family because they read the same days:
#: Y3 (no day without sport in 7 days) and R1 (monotony of the same 7 days) are one sign,
#: "too little recovery this week" (spec §10.1 rule 4).
COUNTS_WITH = {"Y3": "R"}
#: What each escalating family's sign is called in an escalation text.
FAMILY_SIGNS = {"L": "load change", "X": "extension exposure", "Y": "youth volume",
                "R": "recovery", "C": "cricket bowling"}
#: Athlete levels in the alarm budget, most serious first.
BUDGET_LEVELS = (Level.REFER_URGENT, Level.REFER, Level.RED, Level.AMBER, Level.GREEN,
                 Level.INSUFFICIENT_DATA)


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


@dataclass(frozen=True)
class WeekRows:
    """The grid rows of one week, one contiguous block per athlete."""

    rows: np.ndarray
    starts: np.ndarray   # index (into rows) of each athlete's first row
    counts: np.ndarray   # rows per athlete
    codes: np.ndarray    # athlete code of each block

    @classmethod
    def of(cls, assessment: Assessment, week_start: pd.Timestamp, only: str | None = None
           ) -> WeekRows:
        """The week's rows (of one athlete with `only`); LogError when there are none."""
        ctx = assessment.ctx
        rows = assessment.week_rows(week_start)
        if only is not None:
            if only not in ctx.athletes:
                raise LogError(f"no athlete '{only}' in this log")
            rows = rows[ctx.code[rows] == int(ctx.athletes.get_loc(only))]
        if len(rows) == 0:
            raise LogError(f"no data in the week starting {week_start:%Y-%m-%d} "
                           f"({week_label(week_start, ctx.config.week_start_day)})")
        codes = ctx.code[rows]
        starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
        return cls(rows, starts, np.diff(np.r_[starts, len(rows)]), codes[starts])

    def top(self, values: np.ndarray) -> np.ndarray:
        """Highest value of the week per athlete (values on the whole grid)."""
        return np.maximum.reduceat(values[self.rows], self.starts)

    def first(self, mask: np.ndarray) -> np.ndarray:
        """Index (into rows) of the first True of each athlete's week; −1 if none."""
        marked = np.where(mask, np.arange(len(mask)), len(mask))
        found = np.minimum.reduceat(marked, self.starts)
        return np.where(found == len(mask), -1, found)

    def last(self, mask: np.ndarray) -> np.ndarray:
        """Index (into rows) of the last True of each athlete's week; −1 if none."""
        return np.maximum.reduceat(np.where(mask, np.arange(len(mask)), -1), self.starts)

    def block(self, g: int) -> np.ndarray:
        """The grid rows of athlete block g."""
        return self.rows[self.starts[g]:self.starts[g] + self.counts[g]]


class FindingMaker:
    """Writes findings of one assessment: a rule on a grid row at a level, with its numbers,
    thresholds and citations (read from the configuration once per rule)."""

    def __init__(self, assessment: Assessment) -> None:
        self.assessment = assessment
        self._citations: dict[str, dict[str, Citation]] = {}

    def citations(self, item: Rule) -> dict[str, Citation]:
        """The evidence of each threshold the rule reads, as this team has set it."""
        if item.id not in self._citations:
            config = self.assessment.ctx.config
            self._citations[item.id] = {k: Citation.of(config, k) for k in item.threshold_keys}
        return self._citations[item.id]

    def __call__(self, rule_id: str, at: int, level: Level, *, behind: bool = False
                 ) -> Finding:
        """The finding of `rule_id` on grid row `at`, explained at `level`."""
        item = REGISTRY[rule_id]
        ctx = self.assessment.ctx
        outcome = self.assessment.outcomes[rule_id]
        numbers = outcome.numbers.iloc[at] if len(outcome.numbers.columns) else pd.Series(
            dtype=object)
        numbers.name = at  # some explanations look up their own row
        citations = self.citations(item)
        return Finding(
            rule=rule_id, family=item.family, title=item.title, level=level,
            date=pd.Timestamp(int(ctx.day[at]), unit="D").date(),
            text=outcome.explain(numbers, level),
            numbers={k: jsonable(v) for k, v in numbers.items()},
            thresholds={k: jsonable(c.value) for k, c in citations.items()},
            evidence=citations, modifier=item.modifier, clinical_kind=item.clinical_kind,
            behind_escalation=behind,
        )


def sign_family(rule_id: str) -> str:
    """The family a rule's amber counts in for escalation (COUNTS_WITH, else its own)."""
    return COUNTS_WITH.get(rule_id, REGISTRY[rule_id].family)


def _counted(assessment: Assessment, at: int) -> str:
    """Families whose signs stand behind the escalation on grid row `at`: those counted as
    independent (rule 4), or L and X for a modifier escalation (rule 5)."""
    if assessment.escalation[at] == BY_MODIFIER:
        return "LX"
    if assessment.families is None:
        return "".join(ESCALATING_FAMILIES)
    return str(assessment.families[at])


def escalation_signs(assessment: Assessment, rows: np.ndarray,
                     make: FindingMaker | None = None) -> tuple[Finding, ...]:
    """The amber signs behind the first escalation to red among one athlete's `rows` (spec
    §10.1 rules 4–5): every rule amber in the 7 days up to that day in a family that counted
    (an X amber that rose with load is not a sign of its own), each on its latest amber day.
    They may lie in the previous week. Empty without an escalation."""
    escalated = rows[assessment.escalation[rows] != ""]
    if len(escalated) == 0:
        return ()
    ctx = assessment.ctx
    make = make or FindingMaker(assessment)
    at = int(escalated[0])
    counted = _counted(assessment, at)
    back = 0 if ctx.weekly_data else min(6, int(ctx.pos[at]))
    window = np.arange(at - back, at + 1)
    signs = []
    for rule_id, outcome in assessment.outcomes.items():  # rules, not athletes
        family = sign_family(rule_id)
        if family not in ESCALATING_FAMILIES or family not in counted:
            continue
        hits = window[outcome.level[window] == Level.AMBER]
        if len(hits):
            signs.append(make(rule_id, int(hits[-1]), Level.AMBER, behind=True))
    return tuple(signs)


def escalation_text(reason: str, signs: tuple[Finding, ...]) -> str:
    """The escalation with the signs it counted, by family in catalogue order: "two
    independent warning signs: load change (L1, L3) and recovery (R1)"; beside load, an
    independent extension sign reads "extension exposure rising more than load (X2)"."""
    if not reason or not signs:
        return reason
    by_family: dict[str, list[str]] = {}
    for sign in signs:
        by_family.setdefault(sign_family(sign.rule), []).append(sign.rule)
    names = []
    for family in ESCALATING_FAMILIES:
        if family in by_family:
            name = FAMILY_SIGNS[family]
            if family == "X" and "L" in by_family and is_signs_reason(reason):
                name += " rising more than load"
            names.append(f"{name} ({', '.join(by_family[family])})")
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"{reason}: {listed}"


def level_shares(assessment: Assessment) -> pd.DataFrame:
    """The alarm budget (issue 14): athlete-weeks at each athlete level over every team week
    in the data (a week's level is its highest day, spec §10.1), most serious first, with
    their share of all athlete-weeks (0–1)."""
    ctx = assessment.ctx
    weeks = pd.DataFrame({"code": ctx.code, "week": ctx.week, "level": assessment.level})
    top = weeks.groupby(["code", "week"], sort=False)["level"].max().to_numpy()
    counts = np.bincount(top.astype(np.int64), minlength=len(Level))
    order = np.asarray([int(lv) for lv in BUDGET_LEVELS])
    total = max(int(counts.sum()), 1)
    return pd.DataFrame({
        Out.LEVEL: _LABELS[order], Out.LEVEL_WORDS: _WORDS[order],
        "athlete_weeks": counts[order], "share": counts[order] / total,
    })


def _verdict(assessment: Assessment, w: WeekRows, week_start: pd.Timestamp) -> pd.DataFrame:
    """Per athlete: level, when it was reached, load level, primary ACWR, escalation and
    modifiers of the week."""
    ctx = assessment.ctx
    level = w.top(assessment.level)
    reached = w.first(assessment.level[w.rows] == np.repeat(level, w.counts))
    srpe = ctx.channel(Channel.SRPE)
    primary = primary_ratio(ctx, srpe)[0] if srpe is not None else np.full(len(ctx), np.nan)
    escalation = assessment.escalation[w.rows]
    first = w.first(escalation != "")
    return pd.DataFrame({
        Out.ATHLETE: ctx.athletes.to_numpy()[w.codes],
        Out.WEEK: week_start,
        Out.LEVEL: _LABELS[level],
        Out.LEVEL_WORDS: _WORDS[level],
        Out.LEVEL_DAY: pd.to_datetime(ctx.day[w.rows][reached], unit="D"),
        Out.LOAD_LEVEL: _LABELS[w.top(assessment.load_level)],
        Out.PRIMARY: primary[w.rows[w.starts + w.counts - 1]],
        Out.ESCALATION: np.where(first >= 0, escalation[np.maximum(first, 0)], ""),
        Out.MODIFIERS: _modifier_names(assessment, w),
    })


def _modifier_names(assessment: Assessment, w: WeekRows) -> list[str]:
    active = []
    for rule_id, name in MODIFIER_NAMES.items():  # three modifiers
        outcome = assessment.outcomes.get(rule_id)
        if outcome is not None and outcome.modifier is not None:
            on = np.logical_or.reduceat(outcome.modifier[w.rows], w.starts)
            active.append(np.where(on, name, ""))
    if not active:
        return [""] * len(w.starts)
    return [", ".join(n for n in names if n) for names in zip(*active, strict=True)]


def _rule_tops(assessment: Assessment, w: WeekRows) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per rule: its highest level of the week per athlete and the (last) grid row where it
    reached it."""
    tops = {}
    for rule_id, outcome in assessment.outcomes.items():  # rules, not athletes
        top = w.top(outcome.level)
        at = w.rows[w.last(outcome.level[w.rows] == np.repeat(top, w.counts))]
        tops[rule_id] = (top, at)
    return tops


def athlete_weeks(assessment: Assessment, w: WeekRows, table: pd.DataFrame,
                  tops: dict[str, tuple[np.ndarray, np.ndarray]], *, detail: bool
                  ) -> list[AthleteWeek]:
    """Each athlete's reasons, escalation signs and (with `detail`) every rule's finding."""
    make = FindingMaker(assessment)
    level = w.top(assessment.level)
    reasons: list[list[Finding]] = [[] for _ in w.starts]
    every: list[list[Finding]] = [[] for _ in w.starts]
    for rule_id, (top, at) in tops.items():  # rules, not athletes
        wanted = is_reason(rule_id, top, level)
        for g in np.flatnonzero(wanted | detail):  # only the findings a reader sees
            finding = make(rule_id, int(at[g]), Level(int(top[g])))
            if wanted[g]:
                reasons[g].append(finding)
            if detail:
                every[g].append(finding)
    escalated = set(np.flatnonzero(table[Out.ESCALATION].to_numpy() != "").tolist())
    return [
        AthleteWeek(athlete=str(athlete), level=Level(int(level[g])),
                    reasons=tuple(_by_level(reasons[g])),
                    signs=escalation_signs(assessment, w.block(g), make) if g in escalated
                    else (), findings=tuple(every[g]))
        for g, athlete in enumerate(table[Out.ATHLETE])
    ]


def week_table(assessment: Assessment, week_start: pd.Timestamp, *, detail: bool,
               only: str | None = None) -> tuple[pd.DataFrame, list[AthleteWeek]]:
    """Per-athlete verdict of a week (one column per rule, reasons as text) and each
    athlete's findings; rule texts are written only for the reasons unless `detail`."""
    w = WeekRows.of(assessment, week_start, only)
    table = _verdict(assessment, w, week_start)
    tops = _rule_tops(assessment, w)
    # one concat, not a column insert per rule (each insert copies the column index)
    labels = pd.DataFrame({rule_id: _LABELS[top] for rule_id, (top, _) in tops.items()},
                          index=table.index)
    table = pd.concat([table, labels], axis=1)
    athletes = athlete_weeks(assessment, w, table, tops, detail=detail)
    table[Out.REASONS] = [_joined(a.shown) for a in athletes]
    return table, athletes


def week_detail(assessment: Assessment, week_start: pd.Timestamp, only: str | None = None
                ) -> list[dict[str, Any]]:
    """The JSON-safe explanation of a week: the verdict columns and every rule's record."""
    table, athletes = week_table(assessment, week_start, detail=True, only=only)
    records = table.drop(columns=list(assessment.outcomes)).to_dict("records")
    return [{**{k: jsonable(v) for k, v in record.items()},
             "rules": [f.as_dict() for f in athlete.findings]}
            for record, athlete in zip(records, athletes, strict=True)]

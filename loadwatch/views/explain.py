"""Why an athlete is red or referred and what to do, the same in every face (issue 14).

Each explanation has three parts, in the order a volunteer coach reads them:

1. **why** — for a referral the referral (coach-safe unless clinical); for a red reached by
   escalation which two warning signs, or which modifier with which sign (the engine's
   :meth:`~loadwatch.risk.engine.Assessment.findings`); for a red rule that rule;
2. **what to do** — the planner's plain sentence (:func:`loadwatch.risk.planner.plan_week`);
3. **the numbers** — every reason's line with its values, for those who want them.

Also here: the legend of evidence grades (spec §0) and the items that cannot apply to any
athlete of the team yet (Y4/Y5 before 12 months of logs), listed once per team.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd

from loadwatch.risk.engine import Assessment, Out
from loadwatch.risk.findings import AthleteWeek, Finding
from loadwatch.risk.planner import Plan, plan_week
from loadwatch.risk.rules.base import REGISTRY, Level
from loadwatch.views.privacy import for_reader, modifier_words, reader_lines

#: What each evidence grade means (spec §0), shown wherever grades are.
GRADE_LEGEND: Final[dict[str, str]] = {
    "E1": "prospective cohort or trial data support the number",
    "E2": "governing-body or consensus guideline",
    "E3": "a convention chosen for loadwatch, not validated",
}
#: Why a rule may not be judged for anyone on a team yet (its data need a long history).
_LONG_HISTORY: Final = {"Y4": "needs 12 months of logs", "Y5": "needs 12 months of logs"}


def grade_legend() -> str:
    """'Evidence grades: E1 = …; E2 = …; E3 = …' (spec §0)."""
    return "Evidence grades: " + "; ".join(f"{g} = {w}" for g, w in GRADE_LEGEND.items()) + "."


@dataclass(frozen=True)
class Explanation:
    """One athlete's week in three parts: why, what to do, the numbers."""

    athlete: str
    level: Level
    why: str
    advice: str
    numbers: tuple[str, ...]

    @property
    def needs_action(self) -> bool:
        """Red or referred: the explanation is shown first."""
        return self.level >= Level.RED


def _names(findings: tuple[Finding, ...]) -> str:
    parts = [f"{f.rule} {f.title.lower()} ({f.date:%a %d %b})" for f in findings]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _named(finding: Finding, clinical: bool) -> str:
    """'S1 back pain with red-flag symptoms'; a coach reads the rule's fixed sentence
    instead of a clinical title ('S1: referred to clinician — symptoms reported')."""
    shown = for_reader(finding, clinical=clinical)
    if shown.text != finding.text:
        return f"{finding.rule}: {shown.text.rstrip('.')}"
    return f"{finding.rule} {finding.title.lower()}"


def why(week: AthleteWeek, escalation: str, modifiers: str, *, clinical: bool) -> str:
    """The first sentence of a red or a referral: what made the level (empty below red).

    A referral or a red rule names the rule (a coach reads its coach-safe sentence); an
    escalation names its kind ('two independent warning signs', or the modifier) and the
    amber signs behind it with their days. The numbers follow in the reason lines."""
    level = week.level
    if level in (Level.REFER, Level.REFER_URGENT):
        top = next((f for f in week.reasons if f.level == level), None)
        if top is None:
            return f"{level.display}."
        return f"{level.display} — {_named(top, clinical)}."
    if level != Level.RED:
        return ""
    if escalation:
        head = escalation[:1].upper() + escalation[1:]
        words = modifier_words(modifiers, clinical=clinical)
        if "modifier" in escalation and words:
            head += f" ({words})"
        signs = week.signs
        return f"RED — {head}: {_names(signs)}." if signs else f"RED — {head}."
    reds = tuple(f for f in week.reasons if f.level == Level.RED)
    if not reds:
        return "RED."
    return f"RED — {_named(reds[0], clinical)}."


def explain_week(assessment: Assessment, week_start: pd.Timestamp | None = None, *,
                 clinical: bool = False, plan: pd.DataFrame | None = None,
                 team_wide: Collection[str] | None = None) -> dict[str, Explanation]:
    """Per athlete of the week: why (red and referred only), the plan's sentence, and the
    reason lines as this reader may see them (team-wide 'not judged' items left out: those
    of `team_wide` when the assessment holds only some of the team's athletes)."""
    start = week_start or assessment.latest_week()
    table = assessment.week(start).set_index(Out.ATHLETE)
    weeks = assessment.findings(start, detail=False)  # only what a reader sees
    plan = plan if plan is not None else plan_week(assessment, start)
    advice = plan.set_index(Plan.ATHLETE)[Plan.ADVICE]
    team_wide = set(not_judged_for_anyone(assessment, start) if team_wide is None
                    else team_wide)
    out = {}
    for week in weeks:  # text per athlete: output formatting only
        row = table.loc[week.athlete]
        shown = tuple(f for f in week.shown if f.rule not in team_wide)
        out[week.athlete] = Explanation(
            athlete=week.athlete, level=week.level,
            why=why(week, str(row[Out.ESCALATION]), str(row[Out.MODIFIERS]), clinical=clinical),
            advice=str(advice.get(week.athlete, "")),
            numbers=tuple(reader_lines(shown, clinical=clinical)))
    return out


def not_judged_for_anyone(assessment: Assessment, week_start: pd.Timestamp | None = None,
                          *, without: Collection[str] = ()) -> dict[str, str]:
    """Rules 'not enough data' for every athlete of the week (but those `without`): rule id
    → a line saying so once for the team (e.g. Y4 and Y5 before 12 months of logs)."""
    start = week_start or assessment.latest_week()
    table = assessment.week(start)
    if without:
        table = table[~table[Out.ATHLETE].astype(str).isin(set(without))]
    grey = Level.INSUFFICIENT_DATA.label
    out = {}
    for item in REGISTRY:  # rules, not athletes
        if item.id in table.columns and len(table) and bool(
                np.all(table[item.id].astype(str).to_numpy() == grey)):
            out[item.id] = (f"{item.id} {item.title.lower()}: "
                            f"{_LONG_HISTORY.get(item.id, 'not enough data for any athlete')}")
    return out


def team_note(assessment: Assessment, week_start: pd.Timestamp | None = None) -> str:
    """One line above a team's table: the items no athlete can be judged on yet."""
    return note_for(not_judged_for_anyone(assessment, week_start))


def note_for(items: dict[str, str]) -> str:
    """The team note's sentence for the items of :func:`not_judged_for_anyone` ('' if none)."""
    if not items:
        return ""
    return "Not judged for anyone on this team yet — " + "; ".join(items.values()) + "."

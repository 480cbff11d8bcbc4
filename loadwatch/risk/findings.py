"""What a reader sees of a rule: typed findings, which of them are reasons, and their text.

A :class:`Finding` is one rule's result on one athlete-day: the rule, its level, the numbers
it used, the thresholds it read with their evidence (grade, source, and whether the number is
the shipped default or the team's own setting), whether its text is clinical, and the text.
Faces read these fields instead of splitting joined strings again. The one renderer,
:func:`render`, writes the line every face shows ("L1 amber: ACWR 1.31 > 1.30 …"), and
:func:`reasons_text` joins a week's lines as the assessment's ``reasons`` column.

Which rules are a week's reasons (:func:`is_reason`) is decided here, once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from loadwatch.config import Config
from loadwatch.vocab import Level

#: The rules whose "not enough data" is a reason when the athlete's level is itself grey.
CORE_RULES = ("L1", "L3")
#: How the reasons of one athlete are joined in text columns (CLI, CSV).
SEPARATOR = " | "
DEFAULT_ORIGIN, TEAM_ORIGIN = "default", "team setting"


@dataclass(frozen=True)
class Citation:
    """The evidence behind one threshold as this team uses it (spec §6.1, §10.2)."""

    key: str
    value: Any
    default: Any
    grade: str
    source: str
    origin: str          # DEFAULT_ORIGIN or TEAM_ORIGIN
    note: str            # Config.setting_note: "2.0 (grade E1: …)" or "team setting 3.0 (…)"

    @classmethod
    def of(cls, config: Config, key: str) -> Citation:
        """The citation of a configured threshold (grade and source empty when none)."""
        try:
            evidence = config.evidence(key)
            grade, source = evidence.grade, evidence.source
        except KeyError:
            grade, source = "", ""
        origin = TEAM_ORIGIN if config.is_team_setting(key) else DEFAULT_ORIGIN
        return cls(key, config.get(key), config.default(key), grade, source, origin,
                   config.setting_note(key))

    def as_dict(self) -> dict[str, str]:
        """The JSON form of week_detail: grade, source, origin."""
        return {"grade": self.grade, "source": self.source, "origin": self.origin}


@dataclass(frozen=True)
class Finding:
    """One rule's result on one athlete-day, as a reader sees it."""

    rule: str
    family: str
    title: str
    level: Level
    date: dt.date
    text: str
    numbers: Mapping[str, Any] = field(default_factory=dict)
    thresholds: Mapping[str, Any] = field(default_factory=dict)
    evidence: Mapping[str, Citation] = field(default_factory=dict)
    modifier: str | None = None
    clinical_kind: str = ""          # "" | "symptoms" | "plan" | "history" (from the rule)
    behind_escalation: bool = False  # an amber sign behind an escalation to red (§10.1)

    @property
    def clinical(self) -> bool:
        """True when the text may hold symptom details, a clinician's plan or history."""
        return bool(self.clinical_kind)

    @property
    def line(self) -> str:
        """The finding as one line of text (see :func:`render`)."""
        return render(self)

    def as_dict(self) -> dict[str, Any]:
        """The JSON record of week_detail (numbers and thresholds already JSON-safe)."""
        return {
            "id": self.rule, "family": self.family, "title": self.title,
            "level": self.level.label, "date": self.date.isoformat(), "text": self.text,
            "numbers": dict(self.numbers), "thresholds": dict(self.thresholds),
            "evidence": {k: c.as_dict() for k, c in self.evidence.items()},
            "modifier": self.modifier, "clinical": self.clinical,
        }


def render(finding: Finding, text: str | None = None) -> str:
    """'L1 amber: <text>'; a sign behind an escalation says so and when: 'L3 amber on
    2024-01-05 (behind the escalation): <text>'. `text` replaces the finding's own (a
    coach-safe face passes its sentence)."""
    body = finding.text if text is None else text
    if finding.behind_escalation:
        return (f"{finding.rule} {finding.level.label} on {finding.date.isoformat()} "
                f"(behind the escalation): {body}")
    return f"{finding.rule} {finding.level.label}: {body}"


def is_reason(rule: str, level: Any, athlete_level: Any) -> Any:
    """Whether a rule's level for the week is a reason a reader sees: info and above, and the
    core rules' 'not enough data' when the athlete's own level is 'not enough data'. Levels
    may be arrays (one per athlete); the answer then is one per athlete too."""
    level, athlete_level = np.asarray(level), np.asarray(athlete_level)
    grey = (level == Level.INSUFFICIENT_DATA) & (athlete_level == Level.INSUFFICIENT_DATA)
    answer = (level >= Level.INFO) | (grey & (rule in CORE_RULES))
    return bool(answer) if answer.ndim == 0 else answer


def most_serious_first(findings: Iterable[Finding]) -> list[Finding]:
    """Findings by level, most serious first; rules of one level keep the catalogue order."""
    return sorted(findings, key=lambda f: -int(f.level))


@dataclass(frozen=True)
class AthleteWeek:
    """One athlete's week: the verdict, the reasons (most serious first), the amber signs
    behind an escalation, and (when asked for) every rule's finding."""

    athlete: str
    level: Level
    reasons: tuple[Finding, ...]
    signs: tuple[Finding, ...] = ()
    findings: tuple[Finding, ...] = ()

    @property
    def extra_signs(self) -> tuple[Finding, ...]:
        """Signs whose rule is not already an amber reason of the week."""
        shown = {f.rule for f in self.reasons if f.level == Level.AMBER}
        return tuple(s for s in self.signs if s.rule not in shown)

    @property
    def shown(self) -> tuple[Finding, ...]:
        """What the reasons column lists: the reasons, then the extra signs."""
        return self.reasons + self.extra_signs


def reasons_text(findings: Sequence[Finding]) -> str:
    """Lines joined as the assessment's reasons column."""
    return SEPARATOR.join(render(f) for f in findings)


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

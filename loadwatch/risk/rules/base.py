"""What every risk rule is and returns (spec §10.1, §10.2).

A rule is a small function evaluated for all athletes and all days at once: it receives the
:class:`~loadwatch.risk.context.Context` (metrics of every channel on one grid of
athlete-days, profiles, symptoms, plans, configuration) and returns a :class:`Outcome`: one
level per grid row, the numbers it used (one column each), and a function that writes the
explanation of a row from those numbers (spec §10.4). Texts are written only for the rows a
user will read, so evaluating a season for 500 athletes stays fast.

Rules register themselves with :func:`rule`; the registry is the single place that lists them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from loadwatch.vocab import LEVEL_LABELS, Level, one_dp, round_half_up, whole

if TYPE_CHECKING:
    from loadwatch.config import Config
    from loadwatch.risk.context import Context

__all__ = ["LEVEL_LABELS", "Level", "round_half_up"]  # re-exported: rule modules read them here



#: Rule families (spec §10.1): only these count towards "two independent warning signs".
ESCALATING_FAMILIES = ("L", "X", "Y", "R", "C")

#: What a clinical rule's text may hold, so a coach-safe face knows what to say instead:
#: a symptom check-in, a clinician's plan, or a clinician-recorded history. "" = not clinical.
SYMPTOMS, PLAN, HISTORY = "symptoms", "plan", "history"
#: Families whose every rule is clinical (unless the rule says otherwise).
CLINICAL_FAMILIES = {"S": SYMPTOMS}


@dataclass
class Outcome:
    """A rule's result on every grid row: level, numbers used, and how to explain a row."""

    level: np.ndarray
    numbers: pd.DataFrame
    explain: Callable[[pd.Series, Level], str]
    modifier: np.ndarray | None = None  # True where the rule's modifier is active (M rules)
    #: True where the rule's numbers lean on unconfirmed rest days (spec §3.2 logging gaps):
    #: the level is at most amber there, and it counts towards no escalation
    unconfirmed: np.ndarray | None = None

    def __post_init__(self) -> None:
        self.level = np.asarray(self.level, dtype=np.int8)


@dataclass(frozen=True)
class Rule:
    """A registered rule: identity, family, the thresholds it reads, where it applies."""

    id: str
    family: str
    title: str
    evaluate: Callable[[Context], Outcome]
    threshold_keys: tuple[str, ...] = ()
    daily_only: bool = False
    modifier: str | None = None
    clinical_kind: str = ""

    @property
    def clinical(self) -> bool:
        """True when the rule's texts may hold symptom details, a clinician's plan or a
        clinical history (decided here, once, for every face)."""
        return bool(self.clinical_kind)


@dataclass
class Registry:
    """All rules in evaluation order."""

    rules: dict[str, Rule] = field(default_factory=dict)

    def add(self, item: Rule) -> None:
        """Register a rule; ids are unique."""
        if item.id in self.rules:
            raise ValueError(f"rule {item.id} registered twice")
        self.rules[item.id] = item

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules.values())

    def __getitem__(self, rule_id: str) -> Rule:
        return self.rules[rule_id]


REGISTRY = Registry()


def rule(
    rule_id: str, family: str, title: str, *, thresholds: tuple[str, ...] = (),
    daily_only: bool = False, modifier: str | None = None, clinical: str | None = None,
) -> Callable[[Callable[[Context], Outcome]], Callable[[Context], Outcome]]:
    """Decorator registering a rule function in :data:`REGISTRY`; `clinical` names what kind
    of clinical content its texts hold (default: that of its family, see CLINICAL_FAMILIES)."""
    kind = CLINICAL_FAMILIES.get(family, "") if clinical is None else clinical

    def register(func: Callable[[Context], Outcome]) -> Callable[[Context], Outcome]:
        REGISTRY.add(Rule(rule_id, family, title, func, thresholds, daily_only, modifier, kind))
        return func

    return register


def levels(n: int, value: Level) -> np.ndarray:
    """An int8 level array filled with one level."""
    return np.full(n, int(value), dtype=np.int8)


def grade_levels(
    evaluable: np.ndarray, *conditions: tuple[np.ndarray, Level], missing: Level,
    otherwise: Level = Level.GREEN,
) -> np.ndarray:
    """Level per row: `missing` where not evaluable, the first true condition, else green."""
    out = levels(len(evaluable), otherwise)
    for mask, level in reversed(conditions):
        out[np.asarray(mask, dtype=bool)] = int(level)
    out[~np.asarray(evaluable, dtype=bool)] = int(missing)
    return out


# --- thresholds in texts (spec §10.4) --------------------------------------------------------


def setting(value: float) -> str:
    """A configured number as a text shows it: whole when it is (15 → '15'), else to one
    decimal (12.5 → '12.5'), through the vocabulary's formatters."""
    return whole(value) if float(value).is_integer() else one_dp(value)


def threshold_text(config: Config, key: str, shown: str) -> str:
    """A threshold inside a rule's text: the number as shown, or, when the team changed it,
    "team setting 1.40 (default 1.3, grade …)" so an overridden number never borrows the
    paper's authority (Config.setting_note)."""
    return config.setting_note(key, shown) if config.is_team_setting(key) else shown


def cite(config: Config, key: str, shown: str) -> str:
    """A threshold with its evidence from the configuration's [evidence] table: "2.0 (grade
    E1: …source…)", or for a team's own setting "team setting 3.0 (default 2.0, grade E1)"."""
    return config.setting_note(key, shown)

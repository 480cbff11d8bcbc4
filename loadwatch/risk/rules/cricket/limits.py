"""A pack's limits resolved for every grid row at once, and why a row is not checked
(spec §9.1 age groups and tables, §10.2 C1–C7, §10.4 texts).

The athlete's age-group number (:mod:`.roles`) places each row in the youngest group U<n> of
a table with n ≥ m; the pack's age range is that of its match table. An athlete younger than
a table's youngest group gets that group's limit (the youngest published one; the text says
so), one older than its oldest group (or an "Open"/"Senior" override) is ``not_applicable``.
A rule whose table the pack does not name is ``not_applicable`` with the pack's note (e.g. C4
with the ECB pack, spec §13). A row that cannot be decided is ``insufficient_data``, never
green. Also here: the wrapper every C rule returns through.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from loadwatch import vocab as fmt
from loadwatch.risk.context import Context
from loadwatch.risk.rules.base import Level, Outcome, levels
from loadwatch.risk.rules.cricket.days import Days, days
from loadwatch.risk.rules.cricket.packs import MATCH, PACK_KEY, Pack, Table
from loadwatch.risk.rules.cricket.roles import Athletes, athletes

_NA, _INSUFFICIENT = "na", "insufficient"

#: Why a row is not checked, by reason code (roles sets the first six).
STATUS_TEXT = {
    "pack_none": "Cricket limits are switched off for this team (cricket.rule_pack = none).",
    "no_role": "Cricket fast-bowling limits apply to fast bowlers; no role on the roster.",
    "not_bowler": "Cricket fast-bowling limits apply to fast bowlers; roster role: {role}.",
    "no_age": "No birth date or age group on the roster: the {body} limits depend on the age "
              "group.",
    "bad_group": "Age group '{override}' on the roster is not understood (use U13, U15, …).",
    "adult": "Age group '{override}' is not a junior group: junior bowling limits do not apply.",
}
#: The level each reason code gives a row.
STATUS_LEVEL = {"pack_none": _NA, "no_role": _NA, "not_bowler": _NA, "no_age": _INSUFFICIENT,
                "bad_group": _INSUFFICIENT, "adult": _NA, "too_old": _NA, "no_table": _NA,
                "no_deliveries": _NA}

Explain = Callable[[pd.Series, Level], str]


@dataclass
class Limits:
    """One table resolved per grid row: where each row sits, and whether it is checked.

    `pack_note` is what a text adds after the table's body when the team chose the pack
    ("; rule pack team setting ecb_2016 (default ca_2019, grade E2)"), else ""."""

    who: Athletes
    table: Table | None
    purpose: str
    where: np.ndarray
    status: np.ndarray
    labels: np.ndarray
    pack_note: str = ""

    @property
    def checked(self) -> np.ndarray:
        """True where the rule judges the row."""
        return self.status == ""

    @property
    def body(self) -> str:
        """The table's governing body as texts cite it ('Cricket Australia', 'ECB guidance')."""
        return self.table.body if self.table is not None else ""

    def value(self, name: str) -> np.ndarray:
        """The table's limit `name` per row (NaN where the row has no group)."""
        if self.table is None:
            return np.full(len(self.status), np.nan)
        return self.table.value(name, self.where)

    def group(self) -> np.ndarray:
        """The age-group label per row ('U15'; '' where none)."""
        return self.labels

    def levels(self, level: np.ndarray) -> np.ndarray:
        """Apply the not-checked levels on top of a rule's levels."""
        out = level.copy()
        for code, kind in STATUS_LEVEL.items():  # a dozen reason codes, not rows
            out[self.status == code] = int(
                Level.NOT_APPLICABLE if kind == _NA else Level.INSUFFICIENT_DATA)
        return out

    def numbers(self) -> dict[str, np.ndarray]:
        """Columns shared by every C rule."""
        pack, n = self.who.pack, len(self.status)
        source = f"{self.table.source} ({self.table.grade})" if self.table else ""
        return {"status": self.status, "group": self.group(),
                "pack": np.full(n, pack.name if pack else "none", dtype=object),
                "source": np.full(n, source, dtype=object)}

    def not_checked(self, row: pd.Series) -> str:
        """Why the rule does not judge this row."""
        code = row["status"]
        i = int(row.name)
        who = self.who
        if code == "no_table":
            assert who.pack is not None
            note = who.pack.missing.get(self.purpose, "the pack has no such limit")
            return f"Not checked with the {who.pack.body} pack: {note}."
        if code == "too_old":
            assert who.pack is not None
            table = self.table if self.table is not None and self.table.groups else \
                who.pack.tables[MATCH]
            return (f"Age group U{fmt.whole(who.m[i])} is above the oldest group in the "
                    f"{table.body} table ({table.groups[-1]}): junior bowling limits "
                    "do not apply.")
        if code == "no_deliveries":
            return "No deliveries in the log."
        body = who.pack.body if who.pack else "governing-body"
        return STATUS_TEXT[code].format(role=who.role[i], override=who.override[i], body=body)

    def youngest_note(self, row: pd.Series) -> str:
        """'; youngest group published, applied to U11' when a table without the athlete's
        group had to use its youngest one (unless the table says it covers younger players,
        as the ECB's "up to U13")."""
        i = int(row.name)
        table = self.table
        if table is None or not table.groups or self.where[i] != 0 or table.settings.get(
                "youngest_covers_younger", False):
            return ""
        m = self.who.m[i]
        if m >= table.under[0] - 1:
            return ""
        return f"; youngest group published, applied to U{fmt.whole(m)}"


def pack_note(ctx: Context, pack: Pack | None) -> str:
    """'; rule pack team setting ecb_2016 (default ca_2019, grade E2)' when the team chose
    its pack (Config.setting_note), '' for the shipped default: a chosen pack is said to be
    the team's own choice, and its tables keep their own source."""
    config = ctx.config
    if pack is None or not config.is_team_setting(PACK_KEY):
        return ""
    return f"; rule pack {config.setting_note(PACK_KEY, pack.name)}"


def limits(ctx: Context, who: Athletes, purpose: str) -> Limits:
    """The pack's table for `purpose` placed on every grid row, with not-checked codes."""
    n = len(ctx)
    status = who.status.copy()
    table = who.pack.tables.get(purpose) if who.pack else None
    where = np.full(n, -1, dtype=np.int64)
    labels = np.full(n, "", dtype=object)
    note = pack_note(ctx, who.pack)
    if who.pack is None:
        return Limits(who, table, purpose, where, status, labels, note)
    # the pack's age range is its match table's; a table may narrow it further
    primary = who.pack.tables[MATCH]
    in_pack = primary.locate(who.m)
    labels = primary.group(in_pack)
    status[(status == "") & (in_pack == -2)] = "too_old"
    if table is None:
        status[status == ""] = "no_table"
    elif table.groups:
        where = table.locate(who.m)
        labels = table.group(where)
        status[(status == "") & (where == -2)] = "too_old"
    else:
        where = np.where(in_pack >= 0, 0, -1)
    return Limits(who, table, purpose, where, status, labels, note)


def na_outcome(n: int, text: str) -> Outcome:
    """Every row not applicable, with one explanation."""
    return Outcome(levels(n, Level.NOT_APPLICABLE), pd.DataFrame(index=range(n)),
                   lambda row, level: text)


def outcome(lim: Limits, level: np.ndarray, numbers: dict[str, Any], judged: Explain
            ) -> Outcome:
    """Wrap a rule's levels: not-checked rows, shared numbers, and their explanation."""
    frame = pd.DataFrame({**lim.numbers(), **numbers})

    def explain(row: pd.Series, lvl: Level) -> str:
        if row["status"]:
            return lim.not_checked(row)
        return judged(row, lvl)

    return Outcome(lim.levels(level), frame, explain)


def daily_context(ctx: Context, purpose: str) -> tuple[Limits, Days] | Outcome:
    """Limits and bowling days for a daily-only rule, or its outcome on weekly data."""
    if ctx.weekly_data:
        return na_outcome(len(ctx), "Needs daily session data (weekly totals given).")
    return limits(ctx, athletes(ctx), purpose), days(ctx)

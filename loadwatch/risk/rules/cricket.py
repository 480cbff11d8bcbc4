"""Cricket fast-bowling rules C1–C7 (spec §9.1, §10.2; E2 governing-body guidance).

The published limits live in ``loadwatch/cricket_packs.toml`` as named tables with their
sources; a *rule pack* (config ``cricket.rule_pack``: ``ca_2019`` | ``ecb_2016`` | ``none``)
names the tables of one governing body. A rule whose table the selected pack does not name
is ``not_applicable`` with the pack's note (e.g. C4 with the ECB pack: the ECB consecutive-days
wording could not be verified, spec §13).

Who is checked. Only athletes whose roster role is a fast bowler (``fast_bowler``, "fast
bowler", "pace bowler", "seam", "seamer", "medium fast", …; matching ignores case and
punctuation and accepts a role that contains one of these, e.g. "all-rounder (fast bowler)").
Everyone else is ``not_applicable``; so is everyone when the pack is ``none``.

Age group (documented convention). The roster's age-group override wins ("U15", "u-15",
"Under 15s", "15U"); without one, the athlete's group on a day is the youngest group U<n> of
the table with age < n, age being completed years *on that day* (no season cut-off date is
configured; a team that plays by a cut-off sets the override). An override U<m> uses the
youngest group with n ≥ m (a CA "U14" plays under the U15 limits). An athlete younger than a
table's youngest group gets that group's limit (the youngest published one; the text says so),
one older than its oldest group (or an "Open"/"Senior" override) is ``not_applicable``.

Days. A *bowling day* has a session with deliveries > 0 or with spells (overs per spell,
e.g. "4,3"; cricket notation "5.3" = 5 overs and 3 balls). A *match day* has a session whose
type is competition / match / game. A day is *known* when any channel has a value that day
(a session or a rest marker inside the log's coverage); days outside coverage or marked "not
recorded" are unknown, and a rule that cannot be decided because of them is
``insufficient_data`` (never green). A recorded session without deliveries and without
spells counts as no bowling.

Decision support, not diagnosis: texts say "review"/"consider"; limits describe workload
guidance, never an athlete's injury.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
import pandas as pd

from loadwatch.risk.context import Context
from loadwatch.risk.rules.base import Level, Outcome, grade_levels, levels, rule
from loadwatch.schema import Channel, Col, DayStatus, RosterCol
from loadwatch.series.ratios import shift
from loadwatch.series.windows import (
    last_true,
    next_true,
    run_length,
    trailing_count,
    trailing_sum,
)

PACKS_FILE = "cricket_packs.toml"
THRESHOLDS = ("cricket.rule_pack",)

#: Normalised session types that make a day a match day.
MATCH_TYPES = frozenset({"competition", "match", "game", "matchday", "competitive"})
#: A role is a fast bowler when its normalised spelling contains one of these …
_BOWLER_PARTS = ("fastbowl", "pacebowl", "seam", "fastmedium", "mediumfast", "quickbowl")
#: … or equals one of these.
_BOWLER_WORDS = frozenset({"fast", "pace", "pacer", "paceman", "quick", "quicks"})
#: Overrides meaning "not a junior group".
_ADULT_WORDS = frozenset({"open", "senior", "seniors", "adult", "adults", "men", "women"})
_GROUP = re.compile(r"^(?:u|under)[\s\-_]*(\d{1,2})\s*s?$|^(\d{1,2})\s*u$", re.IGNORECASE)
_TOKEN = r"^(\d+)(?:\.([0-5]))?$"
_SPLIT = r"[,;/+\s]+"
_BALLS_PER_OVER = 6

# what a pack's table is used for (keys of [packs.<name>] in the TOML)
MATCH, DAYS, CONSECUTIVE, WEEKLY, BLOCK, PRESEASON = (
    "match_overs", "bowling_days", "consecutive_days", "weekly_deliveries", "bowling_block",
    "preseason")


# --------------------------------------------------------------------------------------------
# Packs (published tables as data)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    """One published table: limits by age group (youngest first), its body and source."""

    name: str
    body: str
    source: str
    grade: str
    groups: tuple[str, ...]
    under: np.ndarray
    values: dict[str, np.ndarray]
    settings: dict[str, Any]

    def locate(self, m: np.ndarray) -> np.ndarray:
        """Row of the youngest group U<n> with n ≥ m; -1 for NaN, -2 above the oldest group."""
        m = np.asarray(m, dtype=float)
        out = np.full(len(m), -1, dtype=np.int64)
        known = np.isfinite(m)
        found = np.searchsorted(self.under, m[known], side="left")
        out[known] = np.where(found < len(self.under), found, -2)
        return out

    def value(self, name: str, where: np.ndarray) -> np.ndarray:
        """A limit per row (NaN where the row has no group)."""
        column = self.values[name].astype(float)
        return np.where(where >= 0, column[np.maximum(where, 0)], np.nan)

    def group(self, where: np.ndarray) -> np.ndarray:
        """Group label per row ('' where none)."""
        labels = np.asarray(self.groups + ("",), dtype=object)
        return labels[np.where(where >= 0, where, len(self.groups))]


@dataclass(frozen=True)
class Pack:
    """A governing body's rule pack: its title and the tables it uses, by purpose."""

    name: str
    title: str
    body: str
    tables: dict[str, Table]
    missing: dict[str, str] = field(default_factory=dict)


def _table(name: str, raw: dict[str, Any]) -> Table:
    groups = {k: v for k, v in raw.items() if re.fullmatch(r"U\d+", k)}
    fields = set(next(iter(groups.values()))) if groups else set()
    for group, limits in groups.items():
        if not isinstance(limits, dict) or set(limits) != fields:
            raise ValueError(f"{PACKS_FILE}: table {name!r} group {group} must give "
                             f"{', '.join(sorted(fields))}")
    order = sorted(groups, key=lambda g: int(g[1:]))
    for key in ("body", "source", "grade"):
        if not isinstance(raw.get(key), str):
            raise ValueError(f"{PACKS_FILE}: table {name!r} needs a text {key!r}")
    return Table(
        name=name, body=raw["body"], source=raw["source"], grade=raw["grade"],
        groups=tuple(order), under=np.array([int(g[1:]) for g in order], dtype=float),
        values={f: np.array([groups[g][f] for g in order]) for f in sorted(fields)},
        settings={k: v for k, v in raw.items() if k not in groups},
    )


@cache
def load_packs() -> dict[str, Pack]:
    """The rule packs of ``cricket_packs.toml`` by name (read once)."""
    text = resources.files("loadwatch").joinpath(PACKS_FILE).read_text(encoding="utf-8")
    data = tomllib.loads(text)
    tables = {name: _table(name, raw) for name, raw in data.get("tables", {}).items()}
    packs = {}
    for name, raw in data.get("packs", {}).items():
        used = {}
        for purpose in (MATCH, DAYS, CONSECUTIVE, WEEKLY, BLOCK, PRESEASON):
            if purpose in raw:
                if raw[purpose] not in tables:
                    raise ValueError(f"{PACKS_FILE}: pack {name!r} names unknown table "
                                     f"{raw[purpose]!r}")
                used[purpose] = tables[raw[purpose]]
        if MATCH not in used:
            raise ValueError(f"{PACKS_FILE}: pack {name!r} needs a {MATCH} table")
        packs[name] = Pack(name, raw["title"], raw["body"], used, dict(raw.get("missing", {})))
    return packs


# --------------------------------------------------------------------------------------------
# Who is checked, and in which age group
# --------------------------------------------------------------------------------------------

_NA, _INSUFFICIENT = "na", "insufficient"


@dataclass
class Athletes:
    """Per grid row: the pack, whether the athlete is checked, and the age-group number m."""

    pack: Pack | None
    status: np.ndarray   # '' checked, else a reason code (see _STATUS_TEXT)
    m: np.ndarray        # age-group number U<m> (float, NaN unknown)
    role: np.ndarray
    override: np.ndarray


_STATUS_TEXT = {
    "pack_none": "Cricket limits are switched off for this team (cricket.rule_pack = none).",
    "no_role": "Cricket fast-bowling limits apply to fast bowlers; no role on the roster.",
    "not_bowler": "Cricket fast-bowling limits apply to fast bowlers; roster role: {role}.",
    "no_age": "No birth date or age group on the roster: the {body} limits depend on the age "
              "group.",
    "bad_group": "Age group '{override}' on the roster is not understood (use U13, U15, …).",
    "adult": "Age group '{override}' is not a junior group: junior bowling limits do not apply.",
}
_STATUS_LEVEL = {"pack_none": _NA, "no_role": _NA, "not_bowler": _NA, "no_age": _INSUFFICIENT,
                 "bad_group": _INSUFFICIENT, "adult": _NA, "too_old": _NA, "no_table": _NA,
                 "no_deliveries": _NA}


def _athletes(ctx: Context) -> Athletes:
    """Who is checked and their age-group number per grid row (computed once per context)."""
    who: Athletes = ctx.once("cricket.athletes", _compute_athletes)
    return who


def _compute_athletes(ctx: Context) -> Athletes:
    n = len(ctx)
    packs = load_packs()
    name = str(ctx.config.get("cricket.rule_pack"))
    pack = packs.get(name)
    roster = ctx.roster
    ids = ctx.athletes

    def column(col: str) -> pd.Series:
        if col not in roster.columns:
            return pd.Series(pd.NA, index=ids, dtype="string")
        return roster[col].astype("string").str.strip().reindex(ids)

    role = column(RosterCol.ROLE)
    folded = role.str.lower().str.replace(r"[^0-9a-z]+", "", regex=True)
    bowler = (folded.str.contains("|".join(_BOWLER_PARTS), regex=True)
              | folded.isin(list(_BOWLER_WORDS))).fillna(False).astype(bool)
    override = column(RosterCol.AGE_GROUP)
    parts = override.str.extract(_GROUP)
    override_m = parts[0].fillna(parts[1]).astype(float)
    given = override.fillna("").ne("")
    adult = override.str.lower().str.replace(r"[^a-z]+", "", regex=True).isin(list(_ADULT_WORDS))
    adult = adult.fillna(False).astype(bool)

    code = ctx.code
    age = ctx.age_years()
    m = np.where(given.to_numpy(bool)[code], override_m.to_numpy(float)[code], age + 1)
    status = np.full(n, "", dtype=object)
    bad = (given & override_m.isna()).to_numpy(bool)[code]
    status[~np.isfinite(m)] = "no_age"
    status[bad] = "bad_group"
    status[adult.to_numpy(bool)[code]] = "adult"
    status[~bowler.to_numpy(bool)[code]] = "not_bowler"
    status[role.isna().to_numpy(bool)[code]] = "no_role"
    if pack is None:
        status[:] = "pack_none"
    return Athletes(pack=pack, status=status, m=m, role=role.to_numpy(object)[code],
                    override=override.to_numpy(object)[code])


@dataclass
class Limits:
    """One table resolved per grid row: where each row sits, and whether it is checked."""

    who: Athletes
    table: Table | None
    purpose: str
    where: np.ndarray
    status: np.ndarray
    labels: np.ndarray

    @property
    def checked(self) -> np.ndarray:
        return self.status == ""

    def value(self, name: str) -> np.ndarray:
        if self.table is None:
            return np.full(len(self.status), np.nan)
        return self.table.value(name, self.where)

    def group(self) -> np.ndarray:
        return self.labels

    def levels(self, level: np.ndarray) -> np.ndarray:
        """Apply the not-checked levels on top of a rule's levels."""
        out = level.copy()
        for code, kind in _STATUS_LEVEL.items():  # a dozen reason codes, not rows
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
            return (f"Age group U{who.m[i]:.0f} is above the oldest group in the "
                    f"{table.body} table ({table.groups[-1]}): junior bowling limits "
                    "do not apply.")
        if code == "no_deliveries":
            return "No deliveries in the log."
        body = who.pack.body if who.pack else "governing-body"
        return _STATUS_TEXT[code].format(role=who.role[i], override=who.override[i], body=body)

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
        return f"; youngest group published, applied to U{m:.0f}"


def _limits(ctx: Context, who: Athletes, purpose: str) -> Limits:
    n = len(ctx)
    status = who.status.copy()
    table = who.pack.tables.get(purpose) if who.pack else None
    where = np.full(n, -1, dtype=np.int64)
    labels = np.full(n, "", dtype=object)
    if who.pack is None:
        return Limits(who, table, purpose, where, status, labels)
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
    return Limits(who, table, purpose, where, status, labels)


# --------------------------------------------------------------------------------------------
# Bowling per athlete-day (from the session log, vectorised)
# --------------------------------------------------------------------------------------------


@dataclass
class Days:
    """Per grid row: what was bowled that day."""

    known: np.ndarray            # the day has information (any channel, or bowling)
    bowl: np.ndarray             # bowling day
    match: np.ndarray            # match day (a competition/match/game session)
    match_spell: np.ndarray      # longest match spell, balls (NaN: no readable match spell)
    overs: np.ndarray            # balls in all readable spells that day
    overs_unknown: np.ndarray    # a bowling session without readable spells
    match_unknown: np.ndarray    # a match bowling session without readable spells
    deliveries: np.ndarray       # deliveries that day (blank counted as 0)
    deliveries_unknown: np.ndarray  # a session with spells but blank deliveries
    bad_text: np.ndarray         # log row (position) of an unreadable spells text, or NaN


def _spells(text: pd.Series) -> pd.DataFrame:
    """Per session: longest spell and total in balls, and whether some part is unreadable."""
    n = len(text)
    cleaned = text.astype("string").str.strip()
    has = cleaned.fillna("").ne("").to_numpy(bool)
    parts = cleaned[has].str.split(_SPLIT, regex=True).explode()
    parts = parts[parts.notna() & parts.ne("")]
    found = parts.str.extract(_TOKEN)
    balls = (found[0].astype(float) * _BALLS_PER_OVER + found[1].astype(float).fillna(0.0))
    per = pd.DataFrame({"balls": balls, "bad": balls.isna()}).groupby(level=0)
    out = pd.DataFrame({"longest": per["balls"].max(), "total": per["balls"].sum(),
                        "bad": per["bad"].sum(), "parts": per["balls"].size()}).reindex(range(n))
    out["has"] = has
    out["total"] = out["total"].fillna(0.0)
    # a text with an unreadable part, or with no part at all (e.g. ","), is unreadable
    out["bad"] = (out["bad"].fillna(0).to_numpy() > 0) | (has & out["parts"].isna().to_numpy())
    return out.drop(columns="parts")


def _days(ctx: Context) -> Days:
    """Bowling per grid row (computed once per context)."""
    days: Days = ctx.once("cricket.days", _compute_days)
    return days


def _compute_days(ctx: Context) -> Days:
    log = ctx.log.reset_index(drop=True)
    n_rows = len(log)
    spells = _spells(log[Col.SPELLS]) if Col.SPELLS in log.columns else pd.DataFrame({
        "longest": np.nan, "total": 0.0, "bad": False, "has": False}, index=range(n_rows))
    deliveries = log[Col.DELIVERIES].to_numpy(float) if Col.DELIVERIES in log.columns \
        else np.full(n_rows, np.nan)
    kind = log[Col.SESSION_TYPE].astype("string").str.lower().str.replace(
        r"[^0-9a-z]+", "", regex=True) if Col.SESSION_TYPE in log.columns else \
        pd.Series(pd.NA, index=range(n_rows), dtype="string")
    status = log[Col.DAY_STATUS].astype("string") if Col.DAY_STATUS in log.columns else \
        pd.Series(pd.NA, index=range(n_rows), dtype="string")
    session = ~status.isin([DayStatus.REST, DayStatus.MISSING]).fillna(False).to_numpy(bool)
    match = kind.isin(list(MATCH_TYPES)).fillna(False).to_numpy(bool) & session
    has, bad = spells["has"].to_numpy(bool), spells["bad"].to_numpy(bool)
    total = spells["total"].to_numpy(float)
    bowled = session & ((np.nan_to_num(deliveries) > 0) | (total > 0) | bad)
    no_overs = bowled & (~has | bad)
    rows = pd.DataFrame({
        Col.ATHLETE: log[Col.ATHLETE], Col.DATE: log[Col.DATE],
        "bowl": bowled, "match": match,
        "match_spell": np.where(match, spells["longest"].to_numpy(float), np.nan),
        "overs": np.where(session, total, 0.0),
        "overs_unknown": no_overs, "match_unknown": no_overs & match,
        "deliveries": np.where(session, np.nan_to_num(deliveries), 0.0),
        "deliveries_unknown": bowled & np.isnan(deliveries),
        "bad_text": np.where(has & bad, np.arange(n_rows), np.nan),
    })
    daily = rows.groupby([Col.ATHLETE, Col.DATE], sort=False, observed=True).agg(
        bowl=("bowl", "any"), match=("match", "any"), match_spell=("match_spell", "max"),
        overs=("overs", "sum"), overs_unknown=("overs_unknown", "any"),
        match_unknown=("match_unknown", "any"), deliveries=("deliveries", "sum"),
        deliveries_unknown=("deliveries_unknown", "any"), bad_text=("bad_text", "min"),
    ).reset_index()

    at = ctx.by_athlete_day(daily, Col.DATE, np.arange(len(daily), dtype=float))
    found = np.isfinite(at)
    take = np.where(found, at, 0).astype(np.int64)

    def place(name: str) -> np.ndarray:
        values = daily[name].to_numpy(float)
        return np.where(found, values[take], np.nan) if len(values) else np.full(len(at), np.nan)

    def flag(name: str) -> np.ndarray:
        return place(name) == 1

    bowl = flag("bowl")
    known = bowl.copy()
    for metrics in ctx.metrics.values():  # a handful of channels, not athletes or days
        known |= metrics[Col.VALUE].notna().to_numpy()
    return Days(
        known=known, bowl=bowl, match=flag("match"), match_spell=place("match_spell"),
        overs=np.nan_to_num(place("overs")), overs_unknown=flag("overs_unknown"),
        match_unknown=flag("match_unknown"), deliveries=np.nan_to_num(place("deliveries")),
        deliveries_unknown=flag("deliveries_unknown"), bad_text=place("bad_text"),
    )


# --------------------------------------------------------------------------------------------
# Small array helpers (per-athlete runs and windows on the flat grid)
# --------------------------------------------------------------------------------------------


def overs_text(balls: float) -> str:
    """Balls as overs in cricket notation: 30 → '5', 33 → '5.3'."""
    if not np.isfinite(balls):
        return "?"
    whole, rest = divmod(int(round(balls)), _BALLS_PER_OVER)
    return f"{whole}.{rest}" if rest else f"{whole}"


def _day(value: Any) -> str:
    return f"{pd.Timestamp(value):%Y-%m-%d}"


def _na_outcome(n: int, text: str) -> Outcome:
    return Outcome(levels(n, Level.NOT_APPLICABLE), pd.DataFrame(index=range(n)),
                   lambda row, level: text)


Explain = Callable[[pd.Series, Level], str]


def _outcome(lim: Limits, level: np.ndarray, numbers: dict[str, Any], judged: Explain
             ) -> Outcome:
    """Wrap a rule's levels: not-checked rows, shared numbers, and their explanation."""
    frame = pd.DataFrame({**lim.numbers(), **numbers})

    def explain(row: pd.Series, lvl: Level) -> str:
        if row["status"]:
            return lim.not_checked(row)
        return judged(row, lvl)

    return Outcome(lim.levels(level), frame, explain)


def _daily_context(ctx: Context, purpose: str) -> tuple[Limits, Days] | Outcome:
    """Limits and bowling days for a daily-only rule, or its outcome on weekly data."""
    if ctx.weekly_data:
        return _na_outcome(len(ctx), "Needs daily session data (weekly totals given).")
    who = _athletes(ctx)
    return _limits(ctx, who, purpose), _days(ctx)


def _source(table: Table | None) -> str:
    return table.body if table is not None else ""


# --------------------------------------------------------------------------------------------
# Rules
# --------------------------------------------------------------------------------------------


@rule("C1", "C", "Overs per match spell", daily_only=True, thresholds=THRESHOLDS)
def c1_match_spell(ctx: Context) -> Outcome:
    """Overs in any match spell > the age group's maximum (CA 2019/20; ECB directives)."""
    prepared = _daily_context(ctx, MATCH)
    if isinstance(prepared, Outcome):
        return prepared
    lim, d = prepared
    limit = lim.value("spell")
    spell = d.match_spell
    over = np.nan_to_num(spell, nan=-1.0) > limit * _BALLS_PER_OVER
    match_bowl = d.match & d.bowl
    evaluable = d.known & ~(match_bowl & d.match_unknown)
    level = grade_levels(evaluable, (over, Level.AMBER), missing=Level.INSUFFICIENT_DATA)
    dates = ctx.dates
    numbers = {"date": dates, "longest_spell_balls": spell, "limit_overs": limit,
               "match_bowling": match_bowl, "bad_text": d.bad_text}

    def judged(row: pd.Series, lvl: Level) -> str:
        day, limit_text = _day(row["date"]), _spell_limit(lim, row)
        if lvl == Level.INSUFFICIENT_DATA:
            if not row["match_bowling"]:
                return f"Nothing recorded on {day}."
            return f"Match bowling on {day} without readable spells{_bad(ctx, row)}: " \
                   f"log overs per spell, e.g. 4,3 ({limit_text})."
        if lvl == Level.AMBER:
            return (f"{overs_text(row['longest_spell_balls'])}-over spell in the match on {day} "
                    f"({limit_text}). Review the bowling plan with the coach.")
        if not row["match_bowling"]:
            return f"No match bowling on {day} ({limit_text})."
        return (f"Longest match spell {overs_text(row['longest_spell_balls'])} overs on {day} "
                f"({limit_text}).")

    return _outcome(lim, level, numbers, judged)


def _spell_limit(lim: Limits, row: pd.Series) -> str:
    return (f"limit {row['limit_overs']:.0f} overs per spell for {row['group']}"
            f"{lim.youngest_note(row)}, {_source(lim.table)}")


def _bad(ctx: Context, row: pd.Series) -> str:
    if not np.isfinite(row.get("bad_text", np.nan)):
        return ""
    text = ctx.log[Col.SPELLS].iloc[int(row["bad_text"])]
    return f" ('{text}' is not overs per spell)"


@rule("C2", "C", "Overs in a day", daily_only=True, thresholds=THRESHOLDS)
def c2_day_overs(ctx: Context) -> Outcome:
    """Overs in a day > the age group's match-day maximum (CA 2019/20; ECB directives).

    All spells of the day count, match and training; on a day without a match the text says
    that the comparison is with the match-day maximum."""
    prepared = _daily_context(ctx, MATCH)
    if isinstance(prepared, Outcome):
        return prepared
    lim, d = prepared
    limit = lim.value("day")
    over = d.overs > limit * _BALLS_PER_OVER
    evaluable = d.known & ~(d.bowl & d.overs_unknown)
    level = grade_levels(evaluable, (over, Level.AMBER), missing=Level.INSUFFICIENT_DATA)
    numbers = {"date": ctx.dates, "overs_balls": d.overs, "limit_overs": limit,
               "match_day": d.match, "bowling": d.bowl, "bad_text": d.bad_text}

    def judged(row: pd.Series, lvl: Level) -> str:
        day = _day(row["date"])
        limit_text = (f"limit {row['limit_overs']:.0f} overs per match day for {row['group']}"
                      f"{lim.youngest_note(row)}, {_source(lim.table)}")
        what = "a match day" if row["match_day"] else "a day without a match"
        if lvl == Level.INSUFFICIENT_DATA:
            if not row["bowling"]:
                return f"Nothing recorded on {day}."
            return (f"Bowling on {day} without readable spells{_bad(ctx, row)}: overs for the "
                    f"day unknown ({limit_text}).")
        overs = overs_text(row["overs_balls"])
        if lvl == Level.AMBER:
            return (f"{overs} overs on {day}, {what} ({limit_text}). Review the bowling plan "
                    "with the coach.")
        if not row["bowling"]:
            return f"No bowling on {day} ({limit_text})."
        return f"{overs} overs on {day}, {what} ({limit_text})."

    return _outcome(lim, level, numbers, judged)


@rule("C3", "C", "Bowling days in 7 days", daily_only=True, thresholds=THRESHOLDS)
def c3_bowling_days(ctx: Context) -> Outcome:
    """Bowling days in any 7-day window > max (CA: 3 for U13–U17, 4 for U19; ECB guidance 4)."""
    prepared = _daily_context(ctx, DAYS)
    if isinstance(prepared, Outcome):
        return prepared
    lim, d = prepared
    width = int(lim.table.settings.get("window_days", 7)) if lim.table else 7
    limit = lim.value("max_days")
    count = trailing_count(d.bowl, ctx.pos, width, partial=True)
    unknown = width - trailing_count(d.known, ctx.pos, width, partial=True)
    over = count > limit
    level = grade_levels(count + unknown <= limit, (over, Level.AMBER),
                         missing=Level.INSUFFICIENT_DATA)
    level[over] = int(Level.AMBER)
    numbers = {"date": ctx.dates, "bowling_days": count, "unknown_days": unknown,
               "limit_days": limit, "window_days": np.full(len(ctx), width)}

    def judged(row: pd.Series, lvl: Level) -> str:
        limit_text = (f"limit {row['limit_days']:.0f} for {row['group']}"
                      f"{lim.youngest_note(row)}, {_source(lim.table)}")
        core = (f"{row['bowling_days']:.0f} bowling days in the {width} days to "
                f"{_day(row['date'])} ({limit_text}).")
        if lvl == Level.AMBER:
            return core + " Review the bowling plan; spread bowling days with days off between."
        if lvl == Level.INSUFFICIENT_DATA:
            return core + f" {row['unknown_days']:.0f} of those days not recorded."
        return core

    return _outcome(lim, level, numbers, judged)


@rule("C4", "C", "Consecutive bowling days", daily_only=True, thresholds=THRESHOLDS)
def c4_consecutive(ctx: Context) -> Outcome:
    """Bowling days in a row: U13–U17 any two (unless both are match days), U19 more than two
    (CA 2019/20). Not checked with the ECB pack (unverified wording, spec §13)."""
    prepared = _daily_context(ctx, CONSECUTIVE)
    if isinstance(prepared, Outcome):
        return prepared
    lim, d = prepared
    pos = ctx.pos
    most = lim.value("max_in_a_row")
    exempt = lim.value("match_days_exempt") == 1
    prev_bowl = (shift(d.bowl.astype(float), 1) == 1) & (pos >= 1)
    prev_match = (shift(d.match.astype(float), 1) == 1) & (pos >= 1)
    link = d.bowl & prev_bowl & ~(exempt & d.match & prev_match)
    in_a_row = np.where(d.bowl, run_length(link, pos) + 1, 0)
    over = in_a_row > most
    first = np.arange(len(ctx)) - np.maximum(in_a_row - 1, 0)
    before = first - 1
    before_known = (pos - (in_a_row - 1) >= 1) & d.known[np.maximum(before, 0)]
    # a run at or under the limit may continue into an unknown day before it
    evaluable = d.known & (~d.bowl | before_known)
    level = grade_levels(evaluable, (over, Level.AMBER), missing=Level.INSUFFICIENT_DATA)
    level[over] = int(Level.AMBER)
    dates = ctx.dates
    numbers = {"date": dates, "days_in_a_row": in_a_row, "first_day": dates[first],
               "limit_in_a_row": most, "match_days_exempt": exempt}

    def judged(row: pd.Series, lvl: Level) -> str:
        k, day = int(row["days_in_a_row"]), _day(row["date"])
        if row["limit_in_a_row"] <= 1:
            rule_text = ("at least 1 day off between bowling days; consecutive match days only "
                         "when fixtures force it")
        else:
            rule_text = f"no more than {row['limit_in_a_row']:.0f} bowling days in a row"
        limit_text = (f"{_source(lim.table)} for {row['group']}{lim.youngest_note(row)}: "
                      f"{rule_text}")
        if lvl == Level.AMBER:
            return (f"{k} bowling days in a row ({_day(row['first_day'])} to {day}); "
                    f"{limit_text}. Review the bowling plan.")
        if lvl == Level.INSUFFICIENT_DATA:
            if k == 0:
                return f"Nothing recorded on {day}."
            return (f"Bowling on {day}; the day before is not recorded ({limit_text}).")
        if k == 0:
            return f"No bowling on {day} ({limit_text})."
        return f"{k} bowling day{'s' if k > 1 else ''} in a row to {day} ({limit_text})."

    return _outcome(lim, level, numbers, judged)


@rule("C5", "C", "Weekly deliveries", thresholds=THRESHOLDS)
def c5_weekly_deliveries(ctx: Context) -> Outcome:
    """Deliveries in 7 days (daily data) or in the week (weekly totals) > the older CA Junior
    Cricket Policy cap 108/132/204/246 (U13/U15/U17/U19; via Dennis et al. 2005)."""
    who = _athletes(ctx)
    lim = _limits(ctx, who, WEEKLY)
    n = len(ctx)
    cap = lim.value("max_week")
    dates = ctx.dates
    if ctx.weekly_data:
        metrics = ctx.channel(Channel.DELIVERIES)
        if metrics is None:
            lim.status[lim.checked] = "no_deliveries"
            total = np.full(n, np.nan)
        else:
            total = metrics[Col.WEEKLY_LOAD].to_numpy(float)
        unknown = np.where(np.isfinite(total), 0, 7)
        total = np.nan_to_num(total)
    else:
        if Col.DELIVERIES not in ctx.log.columns or ctx.log[Col.DELIVERIES].isna().all():
            lim.status[lim.checked] = "no_deliveries"
        d = _days(ctx)
        counted = d.known & ~d.deliveries_unknown
        total = trailing_sum(np.where(counted, d.deliveries, 0.0), ctx.pos, 7, partial=True)
        unknown = 7 - trailing_count(counted, ctx.pos, 7, partial=True)
    over = total > cap
    level = grade_levels(unknown == 0, (over, Level.AMBER), missing=Level.INSUFFICIENT_DATA)
    level[over] = int(Level.AMBER)
    numbers = {"date": dates, "deliveries": total, "unknown_days": unknown, "cap": cap}
    span = "in the week of" if ctx.weekly_data else "in the 7 days to"

    def judged(row: pd.Series, lvl: Level) -> str:
        table = lim.table
        assert table is not None
        cap_text = (f"cap {row['cap']:.0f} for {row['group']}{lim.youngest_note(row)}, "
                    f"{table.body} as tabulated by Dennis et al. 2005")
        day = _day(row["date"])
        if lvl == Level.INSUFFICIENT_DATA:
            if ctx.weekly_data:
                return f"No deliveries recorded for the week of {day} ({cap_text})."
            return (f"{row['deliveries']:,.0f} deliveries on the recorded days of the 7 days to "
                    f"{day}; {row['unknown_days']:.0f} of those days not recorded, so not judged "
                    f"({cap_text}).")
        core = f"{row['deliveries']:,.0f} deliveries {span} {day} ({cap_text})."
        if lvl == Level.AMBER:
            return core + " Review the week's bowling volume."
        return core

    return _outcome(lim, level, numbers, judged)


@rule("C6", "C", "Weeks of bowling without a break", daily_only=True, thresholds=THRESHOLDS)
def c6_bowling_block(ctx: Context) -> Outcome:
    """More than 12 weeks of bowling without a break of ≥ 5 days → info (CA 2019/20, 2023)."""
    prepared = _daily_context(ctx, BLOCK)
    if isinstance(prepared, Outcome):
        return prepared
    lim, d = prepared
    settings = lim.table.settings if lim.table else {}
    max_weeks = int(settings.get("max_weeks", 12))
    break_days = int(settings.get("break_days", 5))
    pos = ctx.pos
    idx = np.arange(len(ctx))
    # unrecorded days may have been a break: the stretch is a lower bound, never a guess
    resting = run_length(~d.bowl, pos)
    last_break = last_true(resting >= break_days, pos)
    start = next_true(d.bowl)[np.where(last_break >= 0, last_break + 1, idx - pos)]
    in_stretch = (resting < break_days) & (start <= idx)
    length = np.where(in_stretch, idx - start + 1, 0)
    long = length > max_weeks * 7
    unseen = in_stretch & (last_break < 0)
    level = grade_levels(~(unseen & ~long), (long, Level.INFO), missing=Level.INSUFFICIENT_DATA)
    dates = ctx.dates
    numbers = {"date": dates, "stretch_days": length,
               "stretch_start": dates[np.minimum(start, len(ctx) - 1)],
               "max_weeks": max_weeks, "break_days": break_days, "resting_days": resting}

    def judged(row: pd.Series, lvl: Level) -> str:
        day = _day(row["date"])
        guide = (f"{_source(lim.table)}: a week off bowling after every 10–12 weeks; a break is "
                 f"{break_days} or more days without bowling")
        weeks = row["stretch_days"] / 7
        if lvl == Level.INFO:
            return (f"Bowling for {weeks:.1f} weeks ({_day(row['stretch_start'])} to {day}) "
                    f"without a break, more than {max_weeks} weeks ({guide}). Consider "
                    "planning a week off bowling.")
        if lvl == Level.INSUFFICIENT_DATA:
            return (f"Bowling since {_day(row['stretch_start'])} ({weeks:.1f} weeks); the log "
                    f"does not show a break before that ({guide}).")
        if row["stretch_days"] == 0:
            return (f"No bowling recorded on {day} ({row['resting_days']:.0f} days without "
                    "bowling so far).")
        return f"Bowling for {weeks:.1f} weeks since the last break ({guide})."

    return _outcome(lim, level, numbers, judged)


@rule("C7", "C", "Pre-season bowling before matches", daily_only=True, thresholds=THRESHOLDS)
def c7_preseason(ctx: Context) -> Outcome:
    """Match bowling after < 2/4/6/8 weeks (U13/U15/U17/U19) of pre-season bowling → info.

    A season's bowling starts on the first bowling day after an off-season: a run of at least
    `off_season_days` (28, a loadwatch convention, E3) days without bowling. Info only when
    that off-season is fully recorded (otherwise the bowling may have started earlier);
    green when the bowler has bowled for the recommended weeks even counting every
    unrecorded run as a possible off-season."""
    prepared = _daily_context(ctx, PRESEASON)
    if isinstance(prepared, Outcome):
        return prepared
    lim, d = prepared
    settings = lim.table.settings if lim.table else {}
    off_days = int(settings.get("off_season_days", 28))
    weeks = lim.value("weeks")
    pos = ctx.pos
    idx = np.arange(len(ctx))
    athlete_start = idx - pos
    # latest possible off-season (unrecorded days may be part of it) and the bowling after it
    possible = last_true(run_length(~d.bowl, pos) >= off_days, pos)
    start = next_true(d.bowl)[np.where(possible >= 0, possible + 1, athlete_start)]
    start = np.minimum(start, idx)
    bowled_days = idx - start
    # was the off-season before `start` recorded as such (no unrecorded day in it)?
    quiet = run_length(d.known & ~d.bowl, pos)
    recorded_off = (start > athlete_start) & (quiet[np.maximum(start - 1, 0)] >= off_days)
    match_bowl = d.match & d.bowl
    enough = bowled_days >= weeks * 7
    short = match_bowl & ~enough & recorded_off
    evaluable = d.known & (~match_bowl | enough | recorded_off)
    level = grade_levels(evaluable, (short, Level.INFO), missing=Level.INSUFFICIENT_DATA)
    dates = ctx.dates
    numbers = {"date": dates, "match_bowling": match_bowl, "season_start": dates[start],
               "off_season_recorded": recorded_off, "weeks_bowled": bowled_days / 7,
               "weeks_needed": weeks, "off_season_days": np.full(len(ctx), off_days)}

    def judged(row: pd.Series, lvl: Level) -> str:
        day = _day(row["date"])
        guide = (f"{_source(lim.table)}: {row['weeks_needed']:.0f} weeks of gradual pre-season "
                 f"bowling for {row['group']}{lim.youngest_note(row)}")
        since = _day(row["season_start"])
        if lvl == Level.INFO:
            return (f"Match bowling on {day} after {row['weeks_bowled']:.1f} weeks of bowling "
                    f"since {since}, after {off_days}+ days without bowling ({guide}). "
                    "Consider a graded build-up before more match bowling.")
        if lvl == Level.INSUFFICIENT_DATA:
            if not row["match_bowling"]:
                return f"Nothing recorded on {day}."
            return (f"Match bowling on {day} after {row['weeks_bowled']:.1f} weeks of recorded "
                    f"bowling since {since}; the log does not show whether bowling started "
                    f"earlier ({guide}).")
        if not row["match_bowling"]:
            return f"No match bowling on {day}."
        return (f"Match bowling on {day} after {row['weeks_bowled']:.1f} weeks of bowling "
                f"since {since} ({guide}).")

    return _outcome(lim, level, numbers, judged)

"""What was bowled on each athlete-day, from the session log (spec §2 spells, §9.1; C1–C7).

A *bowling day* has a session with deliveries > 0 or with spells (overs per spell, e.g.
"4,3"; cricket notation "5.3" = 5 overs and 3 balls). A *match day* has a session whose type
is competition / match / game. A day is *known* when any channel has a value that day (a
session or a rest marker inside the log's coverage); days outside coverage or marked "not
recorded" are unknown. A recorded session without deliveries and without spells counts as no
bowling. Vectorised over the whole log; computed once per rule context.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from loadwatch.risk.context import Context
from loadwatch.schema import Col, DayStatus
from loadwatch.vocab import MISSING, round_half_up

#: Normalised session types that make a day a match day.
MATCH_TYPES = frozenset({"competition", "match", "game", "matchday", "competitive"})
BALLS_PER_OVER = 6
_TOKEN = r"^(\d+)(?:\.([0-5]))?$"
_SPLIT = r"[,;/+\s]+"


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


def overs_text(balls: float) -> str:
    """Balls as overs in cricket notation: 30 → '5', 33 → '5.3' (missing → '—')."""
    if not np.isfinite(balls):
        return MISSING
    complete, rest = divmod(int(round_half_up(balls, 0)), BALLS_PER_OVER)
    return f"{complete}.{rest}" if rest else f"{complete}"


def spells(text: pd.Series) -> pd.DataFrame:
    """Per session: longest spell and total in balls, and whether some part is unreadable."""
    n = len(text)
    cleaned = text.astype("string").str.strip()
    has = cleaned.fillna("").ne("").to_numpy(bool)
    parts = cleaned[has].str.split(_SPLIT, regex=True).explode()
    parts = parts[parts.notna() & parts.ne("")]
    found = parts.str.extract(_TOKEN)
    balls = (found[0].astype(float) * BALLS_PER_OVER + found[1].astype(float).fillna(0.0))
    per = pd.DataFrame({"balls": balls, "bad": balls.isna()}).groupby(level=0)
    out = pd.DataFrame({"longest": per["balls"].max(), "total": per["balls"].sum(),
                        "bad": per["bad"].sum(), "parts": per["balls"].size()}).reindex(range(n))
    out["has"] = has
    out["total"] = out["total"].fillna(0.0)
    # a text with an unreadable part, or with no part at all (e.g. ","), is unreadable
    out["bad"] = (out["bad"].fillna(0).to_numpy() > 0) | (has & out["parts"].isna().to_numpy())
    return out.drop(columns="parts")


def days(ctx: Context) -> Days:
    """Bowling per grid row (computed once per context)."""
    found: Days = ctx.once("cricket.days", _compute_days)
    return found


def _text_column(log: pd.DataFrame, col: str) -> pd.Series:
    """A log column as text (all missing when the log lacks it)."""
    if col in log.columns:
        return log[col].astype("string")
    return pd.Series(pd.NA, index=range(len(log)), dtype="string")


def _sessions(log: pd.DataFrame) -> pd.DataFrame:
    """Per log row: bowling, match, spells and deliveries as the day aggregation needs them."""
    n_rows = len(log)
    parsed = spells(log[Col.SPELLS]) if Col.SPELLS in log.columns else pd.DataFrame({
        "longest": np.nan, "total": 0.0, "bad": False, "has": False}, index=range(n_rows))
    deliveries = log[Col.DELIVERIES].to_numpy(float) if Col.DELIVERIES in log.columns \
        else np.full(n_rows, np.nan)
    kind = _text_column(log, Col.SESSION_TYPE).str.lower().str.replace(
        r"[^0-9a-z]+", "", regex=True)
    status = _text_column(log, Col.DAY_STATUS)
    session = ~status.isin([DayStatus.REST, DayStatus.MISSING]).fillna(False).to_numpy(bool)
    match = kind.isin(list(MATCH_TYPES)).fillna(False).to_numpy(bool) & session
    has, bad = parsed["has"].to_numpy(bool), parsed["bad"].to_numpy(bool)
    total = parsed["total"].to_numpy(float)
    bowled = session & ((np.nan_to_num(deliveries) > 0) | (total > 0) | bad)
    no_overs = bowled & (~has | bad)
    return pd.DataFrame({
        Col.ATHLETE: log[Col.ATHLETE], Col.DATE: log[Col.DATE],
        "bowl": bowled, "match": match,
        "match_spell": np.where(match, parsed["longest"].to_numpy(float), np.nan),
        "overs": np.where(session, total, 0.0),
        "overs_unknown": no_overs, "match_unknown": no_overs & match,
        "deliveries": np.where(session, np.nan_to_num(deliveries), 0.0),
        "deliveries_unknown": bowled & np.isnan(deliveries),
        "bad_text": np.where(has & bad, np.arange(n_rows), np.nan),
    })


def _compute_days(ctx: Context) -> Days:
    rows = _sessions(ctx.log.reset_index(drop=True))
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

"""Who the C rules check and in which age group (spec §9.1, roster fields §2; rules §10.2).

Only athletes whose roster role is a fast bowler (``fast_bowler``, "fast bowler", "pace
bowler", "seam", "seamer", "medium fast", …; matching ignores case and punctuation and
accepts a role that contains one of these, e.g. "all-rounder (fast bowler)") are checked.

Age group (documented convention): the roster's override wins ("U15", "u-15", "Under 15s",
"15U"); without one, the group number on a day is the age in completed years on that day + 1
(no season cut-off date is configured; a team that plays by a cut-off sets the override).
"Open", "Senior" and similar overrides are not junior groups. Everything here is computed once
per rule context, for every grid row at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from loadwatch.risk.context import Context
from loadwatch.risk.rules.cricket.packs import PACK_KEY, Pack, load_packs
from loadwatch.schema import RosterCol

#: A role is a fast bowler when its normalised spelling contains one of these …
BOWLER_PARTS = ("fastbowl", "pacebowl", "seam", "fastmedium", "mediumfast", "quickbowl")
#: … or equals one of these.
BOWLER_WORDS = frozenset({"fast", "pace", "pacer", "paceman", "quick", "quicks"})
#: Overrides meaning "not a junior group".
ADULT_WORDS = frozenset({"open", "senior", "seniors", "adult", "adults", "men", "women"})
_GROUP = re.compile(r"^(?:u|under)[\s\-_]*(\d{1,2})\s*s?$|^(\d{1,2})\s*u$", re.IGNORECASE)


@dataclass
class Athletes:
    """Per grid row: the pack, whether the athlete is checked, and the age-group number m."""

    pack: Pack | None
    status: np.ndarray   # '' checked, else a reason code (see limits.STATUS_TEXT)
    m: np.ndarray        # age-group number U<m> (float, NaN unknown)
    role: np.ndarray
    override: np.ndarray


def athletes(ctx: Context) -> Athletes:
    """Who is checked and their age-group number per grid row (computed once per context)."""
    who: Athletes = ctx.once("cricket.athletes", _compute_athletes)
    return who


def _roster_text(ctx: Context, col: str) -> pd.Series:
    """A roster column as stripped text per athlete of the grid (missing when absent)."""
    roster, ids = ctx.roster, ctx.athletes
    if col not in roster.columns:
        return pd.Series(pd.NA, index=ids, dtype="string")
    return roster[col].astype("string").str.strip().reindex(ids)


def is_fast_bowler(role: pd.Series) -> pd.Series:
    """Per athlete: does the roster role name a fast bowler (missing role: False)?"""
    folded = role.str.lower().str.replace(r"[^0-9a-z]+", "", regex=True)
    return (folded.str.contains("|".join(BOWLER_PARTS), regex=True)
            | folded.isin(list(BOWLER_WORDS))).fillna(False).astype(bool)


def _compute_athletes(ctx: Context) -> Athletes:
    pack = load_packs().get(str(ctx.config.get(PACK_KEY)))
    role = _roster_text(ctx, RosterCol.ROLE)
    bowler = is_fast_bowler(role)
    override = _roster_text(ctx, RosterCol.AGE_GROUP)
    parts = override.str.extract(_GROUP)
    override_m = parts[0].fillna(parts[1]).astype(float)
    given = override.fillna("").ne("")
    adult = override.str.lower().str.replace(r"[^a-z]+", "", regex=True).isin(list(ADULT_WORDS))
    adult = adult.fillna(False).astype(bool)

    code = ctx.code
    age = ctx.age_years()
    m = np.where(given.to_numpy(bool)[code], override_m.to_numpy(float)[code], age + 1)
    status = np.full(len(ctx), "", dtype=object)
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

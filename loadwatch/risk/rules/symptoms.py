"""Symptom rules S1–S3 and the clinician-plan rule S4 (spec §1.4, §8.3–§8.5, §10.2, §10.4).

Decision support, not diagnosis: these rules route an athlete who reports low back pain to a
clinician; they never name a condition, and a pain-free check-in is "nothing noted", never
"safe". Every referral text ends with "loadwatch does not diagnose."

- **S1** (refer_urgent): a red-flag item (night pain or pain at rest that wakes, fever or
  feeling unwell, unexplained weight loss, leg numbness/tingling/weakness, bladder or bowel
  change, recent fall or significant trauma) reported together with back pain. A red-flag
  item reported *without* back pain is outside S1 (spec §10.2) but is never shown as
  "nothing noted": it is ``info`` with a text asking to pass it on to the therapist.
- **S2** (refer): back pain in an athlete of an extension-heavy sport that is one-sided
  (left/right) or worse when arching or limits training; or any back pain ongoing for
  ``symptoms.refer_after_days`` (14) days or more.
- **S3** (amber): any other back-pain report ("recheck within 7 days; refer if it persists
  or matches S2").
- **S4** (red): logged exposure exceeds an active clinician plan; green while an active plan
  is respected; not_applicable without one.

How a check-in reaches the grid (persistence). A check-in applies from its own date: it
holds on the grid day of the check-in and on the following days until the athlete's next
check-in (an as-of join, backward, by athlete on date), but for at most
``symptoms.refer_after_days`` days after it (check-in day + 0 … + 14 by default), so an old
report does not flag forever; after that S1–S3 are ``not_applicable`` ("no check-in in the
last 14 days") until a new check-in arrives. Two check-ins of one athlete on the same day
count as one: the more serious. On weekly totals a week shows the most serious check-in that
held on any of its seven days, exactly as the daily verdict of that week would.

"Ongoing" (S2 note) is measured *to the check-in date*, from the earlier of the reported
onset date and the first check-in of the uninterrupted run of pain reports it belongs to; a
run is broken by a pain-free check-in or by a gap longer than the persistence window between
two pain reports. A check-in's days are what was reported, not extrapolated to later grid
days: a held report keeps its level, and S3's text asks for the recheck that would show pain
persisting. An onset date after the check-in date is ignored.

Extension-heavy sport (S2): any sport the athlete has in the log, the roster's main sport or
the roster's role (e.g. ``fast_bowler``), through ``Config.is_extension_heavy``.

Clinician plans (S4). A restriction is active from its start date through its review date
(inclusive; open-ended without one). It ends earlier when the athlete's plan is ``cleared``
(a ``cleared`` row ends every restriction that started before it) or when a newer row of the
same kind of restriction starts (extension: ``no_extension_loading`` and
``cap_extension_reps_per_week``; load: ``cap_load_au_per_week``; bowling: ``no_bowling``), so
"no extension loading" followed by "cap 100 reps a week" is a graded return, not both at
once. Checked against the log, only on days the restriction was active:

- ``no_extension_loading``: any extension exposure that day → red;
- ``no_bowling``: any delivery that day → red;
- ``cap_extension_reps_per_week``: extension reps over the 7 days to the day → red when above
  the cap (equal to the cap is within it);
- ``cap_load_au_per_week``: sRPE load (AU) over the 7 days to the day → red when above.

Only days on which the restriction was active are counted (reps done the day before a cap
began are not a departure from it). On weekly totals a week is judged against a restriction
active on all seven days; when it covered only part of the week, a total that respects the
restriction is green and one that does not is insufficient_data (the week's total cannot
tell when the exposure happened). A plan that cannot be checked (the log has no such
channel, a cap without a value, a reps cap on a log that counts extension minutes) is
insufficient_data. S4 judges logged exposure only: a day without a value is not a departure,
and the text says how many such days the window had.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd

from loadwatch import vocab as fmt
from loadwatch.risk.context import Context
from loadwatch.risk.rules.base import PLAN, Level, Outcome, levels, rule, threshold_text
from loadwatch.schema import Channel, Col, PlanCol, RosterCol, SymptomCol
from loadwatch.series.calendar import to_days
from loadwatch.series.windows import trailing_sum

DOES_NOT_DIAGNOSE: Final = "loadwatch does not diagnose."
_K_KEY: Final = "symptoms.refer_after_days"
_RECHECK_DAYS: Final = 7
_WEEK: Final = 7

#: What a coach reads for each red-flag item (spec §1.4).
RED_FLAG_WORDS: Final[dict[str, str]] = {
    SymptomCol.NIGHT_PAIN: "night pain or pain at rest that wakes",
    SymptomCol.FEVER: "fever or feeling unwell",
    SymptomCol.WEIGHT_LOSS: "unexplained weight loss",
    SymptomCol.LEG_SYMPTOMS: "numbness, tingling or weakness in a leg",
    SymptomCol.BLADDER_BOWEL: "bladder or bowel change",
    SymptomCol.TRAUMA: "recent fall or significant trauma",
}
_SIDE_WORDS: Final = {"left": "left-sided", "right": "right-sided", "central": "central",
                      "both": "both sides"}

# Restriction kinds (schema.RESTRICTIONS) and the family a newer row supersedes within.
NO_EXTENSION: Final = "no_extension_loading"
EXTENSION_CAP: Final = "cap_extension_reps_per_week"
LOAD_CAP: Final = "cap_load_au_per_week"
NO_BOWLING: Final = "no_bowling"
CLEARED: Final = "cleared"
_KINDS: Final = (NO_EXTENSION, EXTENSION_CAP, LOAD_CAP, NO_BOWLING)
_FAMILY: Final = {NO_EXTENSION: "extension", EXTENSION_CAP: "extension", LOAD_CAP: "load",
                  NO_BOWLING: "bowling"}
#: The log channel each restriction is checked against.
_CHANNEL_OF: Final = {NO_EXTENSION: Channel.EXTENSION, NO_BOWLING: Channel.DELIVERIES,
                      EXTENSION_CAP: Channel.EXTENSION, LOAD_CAP: Channel.SRPE}


# --------------------------------------------------------------------------- small helpers


def _column(table: pd.DataFrame, name: str) -> pd.Series:
    """A column of a side table, or an all-missing one when the table lacks it."""
    if name in table.columns:
        return table[name].reset_index(drop=True)
    return pd.Series(pd.NA, index=range(len(table)), dtype="object")


def _flag(table: pd.DataFrame, name: str) -> np.ndarray:
    """A yes/no column as booleans (blank = no)."""
    return _column(table, name).astype("boolean").fillna(False).to_numpy(dtype=bool)


def _day_numbers(values: pd.Series) -> np.ndarray:
    """Dates as days since 1970-01-01 (float, NaN where blank)."""
    dates = pd.to_datetime(values)
    out = np.full(len(values), np.nan)
    ok = dates.notna().to_numpy()
    out[ok] = to_days(dates[ok])
    return out


def _iso(days: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 → 'YYYY-MM-DD' strings ('' where NaN or infinite)."""
    values = np.asarray(days, dtype=float)
    ok = np.isfinite(values)
    out = np.full(len(values), "", dtype=object)
    out[ok] = np.datetime_as_string(values[ok].astype(np.int64).astype("datetime64[D]"))
    return out


def _codes(ctx: Context, table: pd.DataFrame) -> np.ndarray:
    """Athlete code (grid) of each side-table row; -1 for athletes without a log."""
    athletes = _column(table, Col.ATHLETE).astype("string").to_numpy(dtype=object)
    return np.asarray(ctx.athletes.get_indexer(athletes), dtype=np.int64)


def _slots(ctx: Context) -> tuple[np.ndarray, int]:
    """The calendar days each grid row covers: (rows × width) days; width 7 on weekly data."""
    width = _WEEK if ctx.weekly_data else 1
    return ctx.day.astype(np.int64)[:, None] + np.arange(width, dtype=np.int64), width


def _extension_sport(ctx: Context) -> np.ndarray:
    """Per athlete code: does a logged sport, the main sport or the role count as
    extension-heavy (spec §8.2, configurable)?"""
    names = [pd.DataFrame({"code": _codes(ctx, ctx.log), "sport": _column(ctx.log, Col.SPORT)})]
    for column in (RosterCol.MAIN_SPORT, RosterCol.ROLE):
        if column in ctx.roster.columns:
            values = ctx.roster[column].reindex(ctx.athletes)
            names.append(pd.DataFrame({"code": np.arange(len(ctx.athletes)),
                                       "sport": values.to_numpy(dtype=object)}))
    sports = pd.concat(names, ignore_index=True).dropna()
    sports = sports[(sports["code"] >= 0) & (sports["sport"].astype(str).str.strip() != "")]
    sports = sports.drop_duplicates()
    heavy_name = {name: ctx.config.is_extension_heavy(str(name))  # once per distinct name
                  for name in sports["sport"].unique()}
    heavy = sports["sport"].map(heavy_name).astype(bool).to_numpy()
    out = np.zeros(len(ctx.athletes), dtype=bool)
    np.logical_or.at(out, sports["code"].to_numpy(np.int64)[heavy], True)
    return out


# --------------------------------------------------------------------------- check-ins


def _checkins(ctx: Context, refer_after: int) -> pd.DataFrame:
    """One row per athlete and check-in day (the more serious of same-day check-ins), in
    athlete/date order, with what S1–S3 need: pattern, red flags, days ongoing, verdicts."""
    table = ctx.symptoms
    flags = {name: _flag(table, name) for name in SymptomCol.RED_FLAGS}
    red_text = np.full(len(table), "", dtype=object)
    for name, words in RED_FLAG_WORDS.items():  # six items, not rows
        with_sep = np.where(red_text == "", words, red_text + ", " + words)
        red_text = np.where(flags[name], with_sep, red_text)
    pain = _flag(table, SymptomCol.BACK_PAIN)
    side = _column(table, SymptomCol.SIDE).astype("string").str.strip().str.lower().fillna("")
    one_sided = side.isin(["left", "right"]).to_numpy()
    arching = _flag(table, SymptomCol.WORSE_ARCHING)
    limits = _flag(table, SymptomCol.LIMITS_TRAINING)
    code = _codes(ctx, table)
    heavy = _extension_sport(ctx)[np.maximum(code, 0)] & (code >= 0)
    any_red = red_text != ""
    frame = pd.DataFrame({
        "code": code, "day": _day_numbers(_column(table, SymptomCol.DATE)),
        "back_pain": pain, "side": side.to_numpy(dtype=object), "worse_when_arching": arching,
        "limits_training": limits,
        "onset": _day_numbers(_column(table, SymptomCol.ONSET)),
        "pain_0_10": pd.to_numeric(_column(table, SymptomCol.PAIN), errors="coerce")
        .to_numpy(dtype=float),
        "red_flags": red_text, "extension_sport": heavy,
        "pattern": pain & heavy & (one_sided | arching | limits),
        "s1": pain & any_red, "red_flag_only": ~pain & any_red,
    })
    frame = frame[(frame["code"] >= 0) & frame["day"].notna()].copy()
    frame["day"] = frame["day"].astype(np.int64)
    first_pass = (16 * frame["s1"] + 8 * frame["pattern"] + 4 * frame["back_pain"]
                  + 2 * frame["red_flag_only"])
    frame = frame.assign(rank=first_pass).sort_values(["code", "day", "rank"], kind="stable") \
        .drop_duplicates(["code", "day"], keep="last").reset_index(drop=True)

    # uninterrupted runs of pain reports → days ongoing, measured to the check-in date
    code_a, day_a = frame["code"].to_numpy(), frame["day"].to_numpy()
    pain_a = frame["back_pain"].to_numpy()
    same = np.r_[False, code_a[1:] == code_a[:-1]]
    prev_pain = np.r_[False, pain_a[:-1]]
    gap = np.r_[0, np.diff(day_a)]
    new_run = ~pain_a | ~same | ~prev_pain | (gap > refer_after)
    run = np.cumsum(new_run)
    run_start = pd.Series(day_a).groupby(run).transform("first").to_numpy(dtype=float)
    onset = frame["onset"].to_numpy()
    onset = np.where(onset <= day_a, onset, np.inf)  # NaN and future onsets ignored
    earliest_onset = pd.Series(onset).groupby(run).cummin().to_numpy()
    start = np.fmin(run_start, earliest_onset)
    days = np.where(pain_a, day_a - start, np.nan)
    ongoing = pain_a & (days >= refer_after)
    frame["days_so_far"] = days
    frame["ongoing"] = ongoing
    frame["s2"] = frame["pattern"].to_numpy() | ongoing
    frame["s3"] = pain_a & ~frame["s1"].to_numpy() & ~frame["s2"].to_numpy()
    frame["severity"] = (16 * frame["s1"] + 8 * frame["s2"] + 4 * frame["s3"]
                         + 2 * frame["red_flag_only"] + 1).astype(np.int64)
    return frame


def _held(ctx: Context, refer_after: int) -> pd.DataFrame | None:
    """The check-in holding on each grid row (None without a symptoms table)."""
    if ctx.symptoms is None or ctx.symptoms.empty:
        return None
    checkins = _checkins(ctx, refer_after)
    slots, width = _slots(ctx)
    left = pd.DataFrame({"code": np.repeat(ctx.code.astype(np.int64), width),
                         "key": slots.ravel(), "slot": np.arange(slots.size)})
    right = pd.DataFrame({"code": checkins["code"].to_numpy(np.int64),
                          "key": checkins["day"].to_numpy(np.int64),
                          "checkin": np.arange(len(checkins), dtype=float)})
    joined = pd.merge_asof(left.sort_values("key", kind="stable"),
                           right.sort_values("key", kind="stable"), on="key", by="code",
                           direction="backward", tolerance=refer_after)
    which = joined.sort_values("slot")["checkin"].to_numpy()
    none = len(checkins)  # index of "no check-in" (severity 0)
    severity = np.r_[checkins["severity"].to_numpy(), 0][
        np.where(np.isnan(which), none, which).astype(np.int64)]
    # most serious check-in over the row's days; the latest of equally serious ones
    grid = severity.reshape(len(ctx), width)
    pick = width - 1 - np.argmax(grid[:, ::-1], axis=1)
    chosen = which.reshape(len(ctx), width)[np.arange(len(ctx)), pick]
    held = ~np.isnan(chosen)
    rows = checkins.reindex(np.where(held, chosen, -1).astype(np.int64)).reset_index(drop=True)
    return pd.DataFrame({
        "held": held,
        "checkin_date": _iso(rows["day"].to_numpy(dtype=float)),
        "back_pain": rows["back_pain"].fillna(False).to_numpy(dtype=bool),
        "side": rows["side"].fillna("").to_numpy(dtype=object),
        "worse_when_arching": rows["worse_when_arching"].fillna(False).to_numpy(dtype=bool),
        "limits_training": rows["limits_training"].fillna(False).to_numpy(dtype=bool),
        "onset_date": _iso(rows["onset"].to_numpy(dtype=float)),
        "pain_0_10": rows["pain_0_10"].to_numpy(dtype=float),
        "red_flags": rows["red_flags"].fillna("").to_numpy(dtype=object),
        "days_so_far": rows["days_so_far"].to_numpy(dtype=float),
        "extension_sport": rows["extension_sport"].fillna(False).to_numpy(dtype=bool),
        "one_sided_or_arching_or_limiting": rows["pattern"].fillna(False).to_numpy(dtype=bool),
        "ongoing": rows["ongoing"].fillna(False).to_numpy(dtype=bool),
        "s1": rows["s1"].fillna(False).to_numpy(dtype=bool),
        "s2": rows["s2"].fillna(False).to_numpy(dtype=bool),
        "s3": rows["s3"].fillna(False).to_numpy(dtype=bool),
        "red_flag_only": rows["red_flag_only"].fillna(False).to_numpy(dtype=bool),
    })


def _what(row: pd.Series) -> str:
    """'left-sided, worse when arching, limits training' from a check-in's answers."""
    parts = [_SIDE_WORDS.get(str(row["side"]), "side not given")]
    if row["worse_when_arching"]:
        parts.append("worse when arching")
    if row["limits_training"]:
        parts.append("limits training")
    return ", ".join(parts)


def _so_far(days: float) -> str:
    """'4 days so far', '1 day so far' (days to the check-in, whole)."""
    n = int(days) if np.isfinite(days) else 0
    return f"{fmt.whole(n)} day{'s' if n != 1 else ''} so far"


def _symptom_outcome(ctx: Context, rule_id: str) -> Outcome:
    """S1, S2 or S3 on every grid row."""
    n = len(ctx)
    refer_after = int(ctx.config.get(_K_KEY))
    held = ctx.once(f"symptoms-held-{refer_after}", lambda c: _held(c, refer_after))  # S1-S3
    if held is None:
        return Outcome(levels(n, Level.NOT_APPLICABLE), pd.DataFrame(index=range(n)),
                       lambda row, level: "No symptom check-ins supplied.")
    level = levels(n, Level.GREEN)
    if rule_id == "S1":
        level[held["red_flag_only"].to_numpy()] = int(Level.INFO)
        level[held["s1"].to_numpy()] = int(Level.REFER_URGENT)
    elif rule_id == "S2":
        level[held["s2"].to_numpy()] = int(Level.REFER)
    else:
        level[held["s3"].to_numpy()] = int(Level.AMBER)
    level[~held["held"].to_numpy()] = int(Level.NOT_APPLICABLE)
    held = held.assign(refer_after_days=refer_after)  # the shared table stays as it was
    # "14", or "team setting 21 (default 14, grade E1/E3)" when the team changed it
    days_text = threshold_text(ctx.config, _K_KEY, fmt.whole(refer_after))

    def explain(row: pd.Series, lvl: Level) -> str:
        return _symptom_text(rule_id, row, lvl, days_text)

    return Outcome(level, held, explain)


def _symptom_text(rule_id: str, row: pd.Series, level: Level, refer_after: str) -> str:
    """S1–S3's explanation of one row; `refer_after` is the persistence setting as shown."""
    if level == Level.NOT_APPLICABLE:
        return f"No symptom check-in in the last {refer_after} days."
    date = row["checkin_date"]
    if not row["back_pain"]:
        if row["red_flags"]:
            if level == Level.INFO:
                return (f"Check-in on {date}: no low back pain, but {row['red_flags']} "
                        "reported; pass this on to the therapist.")
            return f"Check-in on {date}: no low back pain reported (see S1)."
        return f"Check-in on {date}: no low back pain reported."
    reported = f"Back pain reported on {date}: {_what(row)}; {_so_far(row['days_so_far'])}"
    if rule_id == "S1":
        if level == Level.REFER_URGENT:
            return (f"Back pain with red-flag symptoms reported on {date}: {row['red_flags']}. "
                    "Refer urgently to a doctor (the same day if possible); consider pausing all "
                    f"training until assessed. {DOES_NOT_DIAGNOSE}")
        return f"Back pain reported on {date}: no red-flag item reported."
    if rule_id == "S2":
        if level == Level.REFER:
            why = f" (ongoing {refer_after} days or more)" if row["ongoing"] else ""
            return (f"{reported}{why}. Refer to a sports medicine clinician; consider pausing "
                    f"back-arching, impact and bowling work until assessed. {DOES_NOT_DIAGNOSE}")
        return f"{reported}. Not the referral pattern (see S3)."
    if level == Level.AMBER:
        recheck = (pd.Timestamp(date) + pd.Timedelta(days=_RECHECK_DAYS)).date().isoformat()
        also = (" or becomes one-sided, worse when arching or limits training"
                if row["extension_sport"] else "")
        return (f"{reported}. Recheck by {recheck} (within {fmt.whole(_RECHECK_DAYS)} days); "
                f"refer to a sports medicine clinician if it lasts {refer_after} days{also}. "
                f"{DOES_NOT_DIAGNOSE}")
    return f"{reported}. Referral rules apply (see S1/S2)."


@rule("S1", "S", "Back pain with red-flag symptoms")
def s1_red_flags(ctx: Context) -> Outcome:
    """Any red-flag item with back pain → refer urgently (J Fam Pract 2020)."""
    return _symptom_outcome(ctx, "S1")


@rule("S2", "S", "Back pain needing a clinician", thresholds=(_K_KEY,))
def s2_refer(ctx: Context) -> Outcome:
    """Extension-sport back pain that is one-sided, worse arching or limits training; or any
    back pain ongoing ≥ 14 days → refer (Micheli & Wood 1995; Masci et al. 2006)."""
    return _symptom_outcome(ctx, "S2")


@rule("S3", "S", "Other back pain", thresholds=(_K_KEY,))
def s3_other_pain(ctx: Context) -> Outcome:
    """Any other back-pain report → amber: recheck within 7 days."""
    return _symptom_outcome(ctx, "S3")


# --------------------------------------------------------------------------- clinician plans


def _restrictions(ctx: Context) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Restriction intervals [start, end] per athlete code, and the `cleared` entries."""
    table = ctx.plans
    kind = _column(table, PlanCol.RESTRICTION).astype("string").str.strip().str.lower()
    plans = pd.DataFrame({
        "code": _codes(ctx, table), "start": _day_numbers(_column(table, PlanCol.START)),
        "review": _day_numbers(_column(table, PlanCol.REVIEW)),
        "kind": kind.fillna("").to_numpy(dtype=object),
        "cap": pd.to_numeric(_column(table, PlanCol.CAP), errors="coerce").to_numpy(dtype=float),
    })
    plans = plans[(plans["code"] >= 0) & plans["start"].notna()]
    plans = plans.astype({"start": np.int64})
    cleared = plans.loc[plans["kind"] == CLEARED, ["code", "start"]] \
        .rename(columns={"start": "cleared"}).sort_values("cleared", kind="stable")
    found = plans[plans["kind"].isin(_KINDS)].copy()
    found["family"] = found["kind"].map(_FAMILY)
    starts = found[["code", "family", "start"]].drop_duplicates() \
        .sort_values(["code", "family", "start"], kind="stable")
    starts["next"] = starts.groupby(["code", "family"])["start"].shift(-1)
    found = found.merge(starts, on=["code", "family", "start"], how="left")
    found = pd.merge_asof(found.sort_values("start", kind="stable"), cleared, left_on="start",
                          right_on="cleared", by="code", direction="forward",
                          allow_exact_matches=False)
    found["end"] = np.fmin(np.fmin(found["review"].fillna(np.inf),
                                   found["next"].fillna(np.inf) - 1),
                           found["cleared"].astype(float).fillna(np.inf) - 1)
    return found, cleared


def _counts_reps(ctx: Context) -> bool:
    """True when the log's extension exposure is a count of reps (daily or weekly log)."""
    return Col.EXT_REPS in ctx.log.columns and bool(ctx.log[Col.EXT_REPS].notna().any())


def _exposure(ctx: Context, channel: str) -> np.ndarray | None:
    metrics = ctx.channel(channel)
    if metrics is None:
        return None
    column = Col.WEEKLY_LOAD if ctx.weekly_data else Col.VALUE
    return metrics[column].to_numpy(dtype=float)


def _plan_state(ctx: Context, found: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Per restriction kind and grid row: days active, cap, since, review."""
    slots, width = _slots(ctx)
    n = len(ctx)
    left = pd.DataFrame({"code": np.repeat(ctx.code.astype(np.int64), width),
                         "key": slots.ravel(), "slot": np.arange(slots.size)})
    pairs = left.merge(found[["code", "kind", "start", "end", "review", "cap"]], on="code")
    pairs = pairs[(pairs["start"] <= pairs["key"]) & (pairs["key"] <= pairs["end"])]
    state = {}
    for kind in _KINDS:  # four restriction kinds, not rows
        rows = pairs[pairs["kind"] == kind]
        per_slot = rows.groupby("slot").agg(cap=("cap", "min"), since=("start", "min"),
                                            review=("review", "max"))
        per_slot = per_slot.reindex(np.arange(slots.size))
        active = per_slot["since"].notna().to_numpy().reshape(n, width)
        with np.errstate(all="ignore"):
            frame = pd.DataFrame({
                "days": active.sum(axis=1),
                "cap": pd.DataFrame(per_slot["cap"].to_numpy().reshape(n, width)).min(axis=1)
                .to_numpy(),
                "since": pd.DataFrame(per_slot["since"].to_numpy(dtype=float).reshape(n, width))
                .min(axis=1).to_numpy(),
                "review": pd.DataFrame(per_slot["review"].to_numpy(dtype=float)
                                       .reshape(n, width)).max(axis=1).to_numpy(),
            })
        frame["active"] = frame["days"] > 0
        frame["full"] = frame["days"] == width
        state[kind] = frame
    return state


def _last_cleared(ctx: Context, cleared: pd.DataFrame) -> np.ndarray:
    """Latest `cleared` date on or before each grid row's last day (NaN if none)."""
    width = _WEEK if ctx.weekly_data else 1
    left = pd.DataFrame({"code": ctx.code.astype(np.int64),
                         "key": ctx.day.astype(np.int64) + width - 1, "row": np.arange(len(ctx))})
    right = cleared.rename(columns={"cleared": "key"}).assign(on=lambda f: f["key"])
    joined = pd.merge_asof(left.sort_values("key", kind="stable"),
                           right.sort_values("key", kind="stable").astype({"key": np.int64}),
                           on="key", by="code", direction="backward")
    return joined.sort_values("row")["on"].to_numpy(dtype=float)


@rule("S4", "S", "Logged exposure against the clinician plan", clinical=PLAN)
def s4_clinician_plan(ctx: Context) -> Outcome:
    """Logged exposure exceeding an active clinician plan → red; respected → green."""
    n = len(ctx)
    if ctx.plans is None or ctx.plans.empty:
        return Outcome(levels(n, Level.NOT_APPLICABLE), pd.DataFrame(index=range(n)),
                       lambda row, level: "No clinician plans supplied.")
    found, cleared = _restrictions(ctx)
    state = _plan_state(ctx, found)
    pos = ctx.pos
    reps = _counts_reps(ctx)
    numbers = pd.DataFrame({"date": _iso(ctx.day.astype(float)),
                            "cleared_on": _iso(_last_cleared(ctx, cleared)),
                            "weekly": ctx.weekly_data, "unit": "reps" if reps else "min"})
    any_active, red, unknown = np.zeros(n, bool), np.zeros(n, bool), np.zeros(n, bool)
    for kind, channel in _CHANNEL_OF.items():  # four restriction kinds, not rows
        st = state[kind]
        active = st["active"].to_numpy()
        values = _exposure(ctx, channel)
        is_cap = kind in (EXTENSION_CAP, LOAD_CAP)
        limit = st["cap"].to_numpy(dtype=float) if is_cap else np.zeros(n)
        if values is None:
            exposure, blanks = np.full(n, np.nan), np.zeros(n)
        else:
            blank = (np.isnan(values) & active).astype(float)
            counted = np.where(active, np.nan_to_num(values), 0.0)
            if is_cap and not ctx.weekly_data:  # 7 days to the row, active days only
                counted = trailing_sum(counted, pos, _WEEK, partial=True)
                blank = trailing_sum(blank, pos, _WEEK, partial=True)
            exposure, blanks = np.where(active, counted, np.nan), blank
        reason = np.full(n, "", dtype=object)
        unit_ok = kind != EXTENSION_CAP or reps
        if values is None:
            reason[:] = f"the log has no {Channel.UNIT[channel]} values"
        elif not unit_ok:
            reason[:] = "the log has no extension reps (its extension exposure is in minutes)"
        reason[(reason == "") & np.isnan(limit)] = "the plan gives no cap value"
        over = np.nan_to_num(exposure) > np.nan_to_num(limit, nan=np.inf)
        partial = active & ~st["full"].to_numpy()
        reason[(reason == "") & over & partial] = "the restriction covered only part of this week"
        breach = active & over & (reason == "")
        unsure = active & ~breach & (reason != "")
        any_active |= active
        red |= breach
        unknown |= unsure
        numbers[f"{kind}_active"] = active
        numbers[f"{kind}_since"] = _iso(st["since"].to_numpy())
        numbers[f"{kind}_review"] = _iso(st["review"].to_numpy())
        numbers[f"{kind}_exposure"] = exposure
        numbers[f"{kind}_blank_days"] = blanks
        numbers[f"{kind}_breach"] = breach
        numbers[f"{kind}_unsure"] = unsure
        numbers[f"{kind}_reason"] = reason
        if is_cap:
            numbers[f"{kind}_cap"] = limit
    level = levels(n, Level.NOT_APPLICABLE)
    level[any_active] = int(Level.GREEN)
    level[unknown] = int(Level.INSUFFICIENT_DATA)
    level[red] = int(Level.RED)
    return Outcome(level, numbers, _plan_text)


_PLAN_NAMES: Final = {NO_EXTENSION: "no extension loading", NO_BOWLING: "no bowling",
                      EXTENSION_CAP: "extension cap", LOAD_CAP: "load cap"}


def _plan_text(row: pd.Series, level: Level) -> str:
    """S4's explanation of one row; exposures are counted whole through the vocabulary (reps
    and deliveries as counts, minutes and AU as loads; spec §4.9 rounding)."""
    if level == Level.NOT_APPLICABLE:
        cleared = f" (cleared by the clinician on {row['cleared_on']})" if row["cleared_on"] else ""
        return f"No active clinician plan{cleared}."
    when = f"the week of {row['date']}" if row["weekly"] else f"the 7 days to {row['date']}"
    on = f"in the week of {row['date']}" if row["weekly"] else f"on {row['date']}"
    unit = "reps" if row["unit"] == "reps" else "min"
    breaches, fine, unsure = [], [], []
    for kind in _KINDS:  # four restriction kinds
        if not row[f"{kind}_active"]:
            continue
        review = f", review {row[f'{kind}_review']}" if row[f"{kind}_review"] else ""
        plan = f"{_PLAN_NAMES[kind]} since {row[f'{kind}_since']}{review}"
        value = row[f"{kind}_exposure"]
        blanks = row[f"{kind}_blank_days"]
        gaps = (f"; {fmt.whole(blanks)} day{'s' if blanks != 1 else ''} without a value"
                if blanks and np.isfinite(blanks) else "")
        if kind == NO_EXTENSION:
            amount = fmt.reps if unit == "reps" else fmt.au
            said = f"{amount(value, f'extension {unit}')} logged {on}"
        elif kind == NO_BOWLING:
            said = f"{fmt.reps(value, 'deliveries')} logged {on}"
        else:
            what, amount = ("extension reps", fmt.reps) if kind == EXTENSION_CAP else ("AU", fmt.au)
            above = "above" if row[f"{kind}_breach"] else "within"
            said = (f"{amount(value, what)} in {when}, {above} the cap of "
                    f"{amount(row[f'{kind}_cap'], '')} a week")
        if row[f"{kind}_breach"]:
            breaches.append(f"{said} ({plan})")
        elif row[f"{kind}_unsure"]:
            unsure.append(f"{plan}: cannot be checked, {row[f'{kind}_reason']}")
        else:
            fine.append(f"{said} ({plan}{gaps})")
    if level == Level.RED:
        return ("Logged exposure exceeds the clinician plan: " + "; ".join(breaches)
                + ". Discuss with the therapist before the next session; the clinician, not "
                "loadwatch, decides the return.")
    if level == Level.INSUFFICIENT_DATA:
        return "Clinician plan not checked: " + "; ".join(unsure) + "."
    return "Logged exposure within the clinician plan: " + "; ".join(fine) + "."

"""Corrections: rows of a new file that match a stored session and differ (issues 15, 19).

A corrected export is recognised by athlete, date and sport (case and punctuation folded)
and, when both carry one, start time — not by its exact values, which are what changed. A
file row and a stored session *match* when neither has an exact twin on the other side (same
session key) and they share those fields; within one athlete, day and sport, unmatched rows
pair in order. A match is a probable correction: storing it as a new session counts the
day twice (the 6,375 → 11,340 AU false red of issue 19), so the upload asks first.
"""

from __future__ import annotations

from typing import Final

import pandas as pd

from loadwatch.schema import Col, normalise_word

#: the diff table's columns (what the upload preview and the CLI show), in order
DIFF_COLUMNS: Final = (
    "row", "athlete", "date", "sport", "start",
    "stored minutes", "new minutes", "stored RPE", "new RPE", "stored AU", "new AU",
)
_KEYS: Final = ["athlete_id", "date", "sport_key"]


def _sides(new: pd.DataFrame, stored: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The file rows and stored sessions without an exact twin (and not day markers)."""
    exact = set(zip(stored["athlete_id"].astype(int), stored["session_key"], strict=True))
    file_pairs = zip(new["athlete_id"].astype(int), new["key"], strict=True)
    twin = pd.Series([p in exact for p in file_pairs], index=new.index, dtype=bool)
    taken = set(zip(new["athlete_id"].astype(int), new["key"], strict=True))
    stored_pairs = zip(stored["athlete_id"].astype(int), stored["session_key"], strict=True)
    used = pd.Series([p in taken for p in stored_pairs], index=stored.index, dtype=bool)
    left = new[~twin & new[Col.DAY_STATUS].isna()]
    right = stored[~used & stored[Col.DAY_STATUS].isna()]
    left = pd.DataFrame({
        "athlete_id": left["athlete_id"].astype("int64"), "date": left[Col.DATE].dt.date,
        "sport_key": left[Col.SPORT].map(normalise_word), "start": left[Col.START_TIME]
        .astype(object).where(left[Col.START_TIME].notna(), None),
        "row": left[Col.SOURCE_ROW].astype("int64"), "athlete": left[Col.ATHLETE].astype(str),
        "sport": left[Col.SPORT].astype(str), "new minutes": left[Col.DURATION],
        "new RPE": left[Col.RPE], "new AU": left[Col.LOAD]})
    right = pd.DataFrame({
        "athlete_id": right["athlete_id"].astype("int64"),
        "date": pd.to_datetime(right["date"]).dt.date,
        "sport_key": right["sport"].map(normalise_word),
        "start": right["start_time"].astype(object).where(right["start_time"].notna(), None),
        "stored minutes": right[Col.DURATION].astype(float),
        "stored RPE": right[Col.RPE].astype(float), "stored AU": right[Col.LOAD].astype(float)})
    return left, right


def matched_sessions(new: pd.DataFrame, stored: pd.DataFrame) -> pd.DataFrame:
    """The diff: file rows (`new`: parsed rows with athlete_id and key) that match a stored
    session (`stored`: id, athlete_id, session_key, date, sport, start_time, duration, RPE,
    load, day status) and differ, as :data:`DIFF_COLUMNS`, in file order."""
    if new.empty or stored.empty:
        return pd.DataFrame(columns=list(DIFF_COLUMNS))
    left, right = _sides(new, stored)
    timed = left["start"].notna()
    by_time = left[timed].merge(right[right["start"].notna()], on=[*_KEYS, "start"])
    rest_left = left[~left["row"].isin(by_time["row"])]
    rest_right = right[~right.index.isin(_matched_index(right, by_time))]
    rest_left = rest_left.assign(n=rest_left.groupby(_KEYS).cumcount())
    rest_right = rest_right.assign(n=rest_right.groupby(_KEYS).cumcount())
    by_order = rest_left.merge(rest_right, on=[*_KEYS, "n"], suffixes=("", "_stored"))
    clash = by_order["start"].notna() & by_order["start_stored"].notna() & \
        (by_order["start"] != by_order["start_stored"])
    both = pd.concat([by_time, by_order[~clash]], ignore_index=True)
    out = both.sort_values("row", kind="stable").reset_index(drop=True)
    out["start"] = out["start"].where(out["start"].notna(), "")
    return out[list(DIFF_COLUMNS)]


def _matched_index(right: pd.DataFrame, by_time: pd.DataFrame) -> pd.Index:
    """Stored rows already paired on exact start time (each used once)."""
    if by_time.empty:
        return pd.Index([])
    keyed = right.reset_index().merge(by_time[[*_KEYS, "start"]].drop_duplicates(),
                                      on=[*_KEYS, "start"])
    return pd.Index(keyed["index"])


def describe(diff: pd.DataFrame, name: str, limit: int = 10) -> str:
    """One paragraph for the CLI and the refusal: how many rows match stored sessions and
    differ, which rows, and the two ways on."""
    rows = diff["row"].astype(int).tolist()
    shown = ", ".join(str(r) for r in rows[:limit])
    if len(rows) > limit:
        shown += f", … {len(rows) - limit} more"
    return (f"{name}: {len(rows)} row(s) match stored sessions by athlete, date and sport "
            f"but differ in duration, RPE or load (rows {shown}); nothing was stored. If the "
            "file corrects them, upload it with --replace-period (the file's period is "
            "replaced for its athletes); if they are extra sessions, upload it with "
            "--add-as-new")

"""A graded return to extension after an injury episode (issue 17, spec §8.6).

The caps of each stage are fractions of the athlete's **own** typical week before the onset
(:func:`typical_week`: the median of the last four complete weeks before the onset's week),
never a population number: a gymnast who trained 8 h a week returns through 4, 5.6, 7.2 and
8 h; one who trained 4 h returns through 2, 2.8, 3.6 and 4 h. A clinician edits and approves
the proposal; progression needs a symptom-free back check and the clinician's tick
(:func:`may_advance`). loadwatch proposes numbers and compares the log with them
(:func:`adherence`); it does not decide when the athlete may return.

After the return to full training the ratios lean on a chronic window that still holds the
weeks of reduced training: they mean something again once 28 days of data follow the return
(:func:`ratios_meaningful_from`); until then the availability says "returning from injury".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd

from loadwatch.schema import Channel, Col, StageCol
from loadwatch.series.calendar import daily_series, to_days, week_of


@dataclass(frozen=True)
class Stage:
    """One stage of the default return: its name, the fractions of the typical week it allows
    (load: minutes and sRPE; extension: back-arching reps) and its usual length in weeks."""

    name: str
    load_fraction: float
    extension_fraction: float
    weeks: int


#: The default stages (spec §8.6): extension stays at 0 through the first two stages (the
#: aggravating movement, spec §8.1/§8.4), load at half then 70 % so that the chronic base does
#: not collapse (spec §5.3); each later stage adds about a fifth of the typical week.
STAGES: Final = (
    Stage("relative rest from extension", 0.5, 0.0, 4),
    Stage("non-extension conditioning", 0.7, 0.0, 2),
    Stage("graded reintroduction of extension", 0.9, 0.5, 3),
    Stage("full training", 1.0, 0.9, 2),
    Stage("competition", 1.0, 1.0, 0),
)
BASE_WEEKS: Final = 4          # complete weeks whose median is the typical week
LOOKBACK_WEEKS: Final = 8      # how far before the onset's week they are looked for
CHRONIC_DAYS: Final = 28       # data after the return before ratios mean something again
TYPICAL_COLUMNS: Final = (Col.ATHLETE, "base_weeks", "base_minutes", "base_srpe_au",
                          "base_extension")
_CHANNELS: Final = {"base_minutes": Channel.MINUTES, "base_srpe_au": Channel.SRPE,
                    "base_extension": Channel.EXTENSION}


def _weekly(log: pd.DataFrame, channel: str, week_start: int) -> pd.DataFrame:
    """athlete, week (days since epoch), total and recorded days of one channel."""
    days = daily_series(log, channel)
    day = to_days(days[Col.DATE])
    frame = pd.DataFrame({Col.ATHLETE: days[Col.ATHLETE].astype(str).to_numpy(),
                          "week": week_of(day, week_start), "value": days[Col.VALUE]})
    return frame.groupby([Col.ATHLETE, "week"], sort=True).agg(
        total=("value", lambda s: s.sum(min_count=len(s)) if s.notna().all() else np.nan),
        days=("value", "count")).reset_index()


def typical_week(log: pd.DataFrame, onsets: pd.DataFrame, *, week_start: int = 0
                 ) -> pd.DataFrame:
    """Each athlete's typical week before the onset: the median of the last
    :data:`BASE_WEEKS` complete weeks (seven recorded days) among the :data:`LOOKBACK_WEEKS`
    weeks before the onset's week — minutes, sRPE (AU) and extension (reps or minutes).

    `onsets` has athlete and onset_date columns. base_weeks says how many weeks the median
    used (0: none complete; the caps are then the clinician's to enter). A week's extension is
    NaN when a day of it has no value (missing is not rest, spec §11.4).

    Examples
    --------
    >>> import loadwatch as lw
    >>> rows = "".join(f"G1,2024-01-{d:02d},300,60\\n" for d in range(1, 29) if d % 7 != 3)
    >>> log = lw.read_log(("athlete,date,load,duration_min\\n" + rows).encode())
    >>> onset = pd.DataFrame({"athlete": ["G1"], "onset_date": [pd.Timestamp("2024-01-31")]})
    >>> row = typical_week(log, onset).iloc[0]
    >>> print(row["base_weeks"], row["base_minutes"], row["base_srpe_au"])
    4 360.0 1800.0
    """
    wanted = pd.DataFrame({Col.ATHLETE: onsets[Col.ATHLETE].astype(str).to_numpy(),
                           "onset_week": week_of(to_days(onsets["onset_date"]), week_start)})
    srpe = _weekly(log, Channel.SRPE, week_start).merge(wanted, on=Col.ATHLETE)
    before = (srpe["week"] < srpe["onset_week"]) & \
        (srpe["week"] >= srpe["onset_week"] - 7 * LOOKBACK_WEEKS)
    chosen = srpe[before & (srpe["days"] == 7) & srpe["total"].notna()]
    chosen = chosen.groupby(Col.ATHLETE, sort=False).tail(BASE_WEEKS)[[Col.ATHLETE, "week"]]
    out = wanted[[Col.ATHLETE]].copy()
    out["base_weeks"] = out[Col.ATHLETE].map(chosen.groupby(Col.ATHLETE).size()) \
        .fillna(0).astype(int)
    for name, channel in _CHANNELS.items():
        values = _weekly(log, channel, week_start).merge(chosen, on=[Col.ATHLETE, "week"])
        out[name] = out[Col.ATHLETE].map(values.groupby(Col.ATHLETE)["total"].median())
    return out[list(TYPICAL_COLUMNS)].reset_index(drop=True)


def propose_stages(base: pd.Series | dict[str, float], start: dt.date) -> pd.DataFrame:
    """The default stages with weekly caps (whole units, rounded down so that no face shows a
    number above a limit) and proposed dates: each stage starts the day after the previous
    one's review; the last (competition) has no review date and no caps."""
    weeks = np.array([s.weeks for s in STAGES])
    offsets = np.concatenate([[0], np.cumsum(weeks * 7)[:-1]])
    starts = pd.Timestamp(start) + pd.to_timedelta(offsets, unit="D")
    reviews = starts + pd.to_timedelta(weeks * 7 - 1, unit="D")
    load = np.array([s.load_fraction for s in STAGES])
    ext = np.array([s.extension_fraction for s in STAGES])
    last = len(STAGES) - 1

    def caps(value: float | None, fraction: np.ndarray) -> np.ndarray:
        number = np.nan if value is None else float(value)
        capped = np.floor(fraction * number + 1e-9)   # 0.7 × 360 is 251.999…: 252
        capped[last] = np.nan
        return capped

    return pd.DataFrame({
        StageCol.STAGE: np.arange(1, len(STAGES) + 1),
        StageCol.NAME: [s.name for s in STAGES],
        StageCol.START: starts.date,
        StageCol.REVIEW: [None if i == last else d for i, d in enumerate(reviews.date)],
        "weeks": weeks,
        StageCol.MINUTES: caps(base.get("base_minutes"), load),
        StageCol.SRPE: caps(base.get("base_srpe_au"), load),
        StageCol.EXTENSION: caps(base.get("base_extension"), ext),
        StageCol.NO_EXTENSION: ext == 0,
    })


def adherence(log: pd.DataFrame, stages: pd.DataFrame, athlete: str) -> pd.DataFrame:
    """Per day of the athlete's dated stages: the 7-day sums of minutes, sRPE and extension to
    that day against the stage's caps, and whether the day is over a cap (equal is within)."""
    days = {name: daily_series(log, channel) for name, channel in _CHANNELS.items()}
    own = {name: frame[frame[Col.ATHLETE].astype(str) == str(athlete)]
           for name, frame in days.items()}
    base = own["base_srpe_au"][[Col.DATE]].reset_index(drop=True)
    for name, frame in own.items():
        base[name.replace("base_", "week_")] = frame[Col.VALUE].fillna(0.0).rolling(
            7, min_periods=1).sum().to_numpy()
    dated = stages.dropna(subset=[StageCol.START]).sort_values(StageCol.START)
    if base.empty or dated.empty:
        return base.assign(stage=pd.Series(dtype="Int64"), over_cap=pd.Series(dtype=bool))
    first = pd.to_datetime(dated[StageCol.START]).astype("datetime64[ns]")
    base[Col.DATE] = base[Col.DATE].astype("datetime64[ns]")
    found = pd.merge_asof(base.sort_values(Col.DATE), dated.assign(_on=first), left_on=Col.DATE,
                          right_on="_on", direction="backward")
    found = found[found[StageCol.STAGE].notna()]
    ended = found[StageCol.REVIEW].notna() & (
        found[Col.DATE] > pd.to_datetime(found[StageCol.REVIEW]))
    found = found[~ended | (found[StageCol.STAGE] == dated[StageCol.STAGE].max())]
    over = pd.DataFrame({
        "minutes": found["week_minutes"] > found[StageCol.MINUTES],
        "srpe": found["week_srpe_au"] > found[StageCol.SRPE],
        "extension": found["week_extension"] > np.where(
            found[StageCol.NO_EXTENSION].astype(bool), 0.0, found[StageCol.EXTENSION]),
    })
    found["over"] = over.apply(lambda r: ", ".join(r.index[r.to_numpy()]), axis=1) \
        if len(over) else ""
    found["over_cap"] = over.any(axis=1)
    keep = [Col.DATE, StageCol.STAGE, "week_minutes", "week_srpe_au", "week_extension",
            StageCol.MINUTES, StageCol.SRPE, StageCol.EXTENSION, "over", "over_cap"]
    return found[keep].reset_index(drop=True)


def may_advance(symptoms: pd.DataFrame, stage_start: dt.date) -> tuple[bool, str]:
    """Whether the clinician may tick the stage: the latest back check since the stage began
    is symptom-free, and no check-in since then reported back pain (else: re-refer)."""
    if symptoms is None or symptoms.empty:
        return False, "no back check since the stage began"
    since = symptoms[pd.to_datetime(symptoms["date"]) >= pd.Timestamp(stage_start)]
    pain = since["low_back_pain"].astype("boolean").fillna(False).astype(bool)
    if pain.any():
        day = pd.Timestamp(since.loc[pain, "date"].max()).date()
        return False, (f"back pain reported {day.isoformat()} during the return: re-refer to "
                       "the clinician before any progression")
    if since.empty:
        return False, "no back check since the stage began"
    day = pd.Timestamp(since["date"].max()).date()
    return True, f"symptom-free back check on {day.isoformat()}"


def ratios_meaningful_from(return_date: dt.date | None) -> dt.date | None:
    """The first day the ratios lean on a chronic window rebuilt after the return: 28 days of
    data after the return to full training (spec §4.7, §5.3)."""
    if return_date is None:
        return None
    return pd.Timestamp(return_date).date() + dt.timedelta(days=CHRONIC_DAYS)


OVER_COLUMNS: Final = (Col.ATHLETE, "over_days", "top_minutes", "cap_minutes")


def minutes_over_cap(log: pd.DataFrame, running: pd.DataFrame | None, on: dt.date, *,
                     week_start: int = 0) -> pd.DataFrame:
    """Per athlete whose running stage caps minutes: the days of `on`'s week (up to `on`,
    from the stage's start) whose 7-day minutes exceed the cap (equal is within), and the
    highest such 7-day total — the same sums :func:`adherence` shows the therapist. S4 carries
    the sRPE and extension caps; this is how the minutes cap reaches the coach.

    Examples
    --------
    >>> import loadwatch as lw
    >>> rows = "".join(f"G1,2026-11-{d:02d},300,60\\n" for d in range(23, 28))
    >>> log = lw.read_log(("athlete,date,load,duration_min\\n" + rows).encode())
    >>> running = pd.DataFrame({"athlete": ["G1"], "start_date": [dt.date(2026, 11, 23)],
    ...     "cap_minutes": [120.0]})
    >>> minutes_over_cap(log, running, dt.date(2026, 11, 26)).values.tolist()
    [['G1', 2, 240.0, 120.0]]
    """
    if running is None or running.empty or "cap_minutes" not in running:
        return pd.DataFrame(columns=list(OVER_COLUMNS))
    capped = running[running["cap_minutes"].notna()].drop_duplicates(Col.ATHLETE, keep="last")
    days = daily_series(log, Channel.MINUTES)
    days = days[days[Col.ATHLETE].astype(str).isin(capped[Col.ATHLETE].astype(str))]
    frame = pd.DataFrame({Col.ATHLETE: days[Col.ATHLETE].astype(str).to_numpy(),
                          "day": to_days(days[Col.DATE]),
                          "value": days[Col.VALUE].fillna(0.0).to_numpy(float)})
    frame["week_minutes"] = frame.groupby(Col.ATHLETE, sort=False)["value"].transform(
        lambda s: s.rolling(7, min_periods=1).sum())
    stage = pd.DataFrame({Col.ATHLETE: capped[Col.ATHLETE].astype(str).to_numpy(),
                          "start": to_days(pd.to_datetime(capped["start_date"])),
                          "cap_minutes": capped["cap_minutes"].to_numpy(float)})
    frame = frame.merge(stage, on=Col.ATHLETE)
    today = int(to_days(pd.Series([pd.Timestamp(on)]))[0])
    first = int(week_of(np.array([today]), week_start)[0])
    inside = (frame["day"] >= np.maximum(frame["start"], first)) & (frame["day"] <= today)
    over = frame[inside & (frame["week_minutes"] > frame["cap_minutes"] + 1e-9)]
    out = over.groupby(Col.ATHLETE, sort=True).agg(
        over_days=("day", "size"), top_minutes=("week_minutes", "max"),
        cap_minutes=("cap_minutes", "first")).reset_index()
    return out[list(OVER_COLUMNS)]


def over_cap_text(days: int, top_minutes: float, cap_minutes: float) -> str:
    """The coach's words for days over a stage's minutes cap, whole minutes rounded so that
    the cap is never shown above itself: 'over the return-plan cap on 3 days this week:
    412 min vs ≤ 360'."""
    plural = "day" if days == 1 else "days"
    return (f"over the return-plan cap on {days} {plural} this week: "
            f"{np.floor(top_minutes + 1e-9):,.0f} min vs ≤ {np.floor(cap_minutes + 1e-9):,.0f}")


def adherence_text(table: pd.DataFrame) -> str:
    """The therapist's line for the days of :func:`adherence` over a cap, each with the caps
    it passed; minutes with their numbers as the coach reads them: 'Over the stage's caps on
    2 day(s): 25 Nov (minutes: 180 min vs ≤ 120); 26 Nov (minutes: 240 min vs ≤ 120, srpe)'
    ('' when no day is over)."""
    days = table[table["over_cap"].astype(bool)] if len(table) else table
    if days.empty:
        return ""
    minutes = days["week_minutes"] > days[StageCol.MINUTES]
    numbers = ("minutes: " + np.floor(days["week_minutes"] + 1e-9).map("{:,.0f}".format)
               + " min vs ≤ " + np.floor(days[StageCol.MINUTES] + 1e-9).map("{:,.0f}".format))
    rest = days["over"].str.replace(r"^minutes(, )?", "", regex=True)
    what = numbers.where(minutes, "") + np.where(minutes & (rest != ""), ", ", "") + rest
    words = pd.to_datetime(days[Col.DATE]).dt.strftime("%d %b") + " (" + what + ")"
    return f"Over the stage's caps on {len(days)} day(s): " + "; ".join(words)

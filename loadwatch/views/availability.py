"""Availability a coach can act on (issue 17): full / modified / unavailable, with the caps and
the review date — never the diagnosis, notes or symptoms.

Built from what a coach may know: the current stage of a running return plan (its caps), the
clinician plans active on the day (rule S4's restrictions), and whether an injury episode is
open without a plan yet. An athlete with an active clinician plan is never ``full``. After
the return to full training the athlete is ``full`` again but "returning from injury" until
the chronic window is rebuilt (28 days of data after the return,
:func:`loadwatch.risk.return_plan.ratios_meaningful_from`): the availability says so, so that
a coach reads that week's ratios with care. This is shown by the view, not a risk finding.

Examples
--------
>>> import datetime as dt
>>> import pandas as pd
>>> running = pd.DataFrame({"athlete": ["G1"], "name": ["relative rest from extension"],
...     "start_date": [dt.date(2026, 11, 16)], "review_date": [dt.date(2026, 12, 14)],
...     "cap_minutes": [360.0], "cap_srpe_au": [1800.0], "cap_extension": [0.0],
...     "no_extension": [True], "stage": [1], "return_date": [None],
...     "episode_status": ["in_return"]})
>>> table = availability_table(["G1", "G2"], running, None, dt.date(2026, 12, 2))
>>> table["availability_text"].tolist()
['modified — no back-arching skills, ≤ 6 h/week until 14 Dec', 'full']
"""

from __future__ import annotations

import datetime as dt
from typing import Final

import numpy as np
import pandas as pd

from loadwatch.schema import AvailabilityCol as A
from loadwatch.schema import Col, PlanCol
from loadwatch.series.calendar import to_days

COLUMNS: Final = (A.ATHLETE, A.AVAILABILITY, A.TEXT, A.MAX_MINUTES, A.MAX_SRPE,
                  A.MAX_EXTENSION, A.NO_EXTENSION, A.REVIEW, A.RETURNING_UNTIL)
RETURNING_DAYS: Final = 28


def hours_text(minutes: float) -> str:
    """Minutes as hours, rounded down to a tenth so that no number exceeds the cap:
    360 → '6 h', 294 → '4.9 h'."""
    tenths = np.floor(float(minutes) / 6.0 + 1e-9) / 10.0
    return f"{tenths:g} h"


def day_text(day: dt.date | None) -> str:
    """A review date as a coach reads it: '14 Dec' ('' when there is none)."""
    return "" if day is None or pd.isna(day) else f"{pd.Timestamp(day).day} " \
        f"{pd.Timestamp(day).strftime('%b')}"


def _active_plans(plans: pd.DataFrame | None, on: dt.date) -> pd.DataFrame:
    """Clinician plans active on `on` (start ≤ day ≤ review, not after a later `cleared`, the
    newest of each kind), as rule S4 reads them."""
    if plans is None or plans.empty:
        return pd.DataFrame(columns=[PlanCol.ATHLETE, PlanCol.RESTRICTION, PlanCol.CAP,
                                     "_review"])
    day = to_days(pd.Series([pd.Timestamp(on)]))[0]
    frame = plans.assign(_start=to_days(pd.to_datetime(plans[PlanCol.START])),
                         _review=pd.to_datetime(plans[PlanCol.REVIEW]))
    frame = frame[frame["_start"] <= day]
    cleared = frame[frame[PlanCol.RESTRICTION] == "cleared"].groupby(PlanCol.ATHLETE)[
        "_start"].max()
    frame = frame[frame["_start"] > frame[PlanCol.ATHLETE].map(cleared).fillna(-np.inf)]
    frame = frame[frame[PlanCol.RESTRICTION] != "cleared"]
    kind = frame[PlanCol.RESTRICTION].replace({"cap_extension_reps_per_week":
                                               "no_extension_loading"})
    frame = frame.assign(_kind=kind).sort_values("_start").groupby(
        [PlanCol.ATHLETE, "_kind"]).tail(1)
    live = frame["_review"].isna() | (frame["_review"] >= pd.Timestamp(on))
    return frame[live]


def _from_plans(active: pd.DataFrame) -> pd.DataFrame:
    """Caps per athlete from their active clinician plans."""
    def cap(kind: str) -> pd.Series:
        rows = active[active[PlanCol.RESTRICTION] == kind]
        return rows.groupby(PlanCol.ATHLETE)[PlanCol.CAP].min()

    athletes = pd.Index(active[PlanCol.ATHLETE].unique(), name=Col.ATHLETE)
    no_ext = active[active[PlanCol.RESTRICTION] == "no_extension_loading"][PlanCol.ATHLETE]
    out = pd.DataFrame(index=athletes)
    out[A.MAX_SRPE] = cap("cap_load_au_per_week")
    out[A.MAX_EXTENSION] = cap("cap_extension_reps_per_week")
    out[A.NO_EXTENSION] = out.index.isin(no_ext)
    out[A.MAX_EXTENSION] = np.where(out[A.NO_EXTENSION], 0.0, out[A.MAX_EXTENSION])
    out[A.MAX_MINUTES] = np.nan
    out[A.REVIEW] = pd.to_datetime(active.groupby(PlanCol.ATHLETE)["_review"].min())
    out["_no_bowling"] = out.index.isin(
        active[active[PlanCol.RESTRICTION] == "no_bowling"][PlanCol.ATHLETE])
    return out


def _from_stages(running: pd.DataFrame | None) -> pd.DataFrame:
    """Caps per athlete from the current stage of a running return plan."""
    if running is None or running.empty or "cap_minutes" not in running:
        return pd.DataFrame()
    live = running[running["cap_minutes"].notna() | running["cap_srpe_au"].notna()
                   | running["no_extension"].fillna(False).astype(bool)]
    out = pd.DataFrame({
        A.MAX_MINUTES: live["cap_minutes"].to_numpy(float),
        A.MAX_SRPE: live["cap_srpe_au"].to_numpy(float),
        A.MAX_EXTENSION: live["cap_extension"].to_numpy(float),
        A.NO_EXTENSION: live["no_extension"].fillna(False).astype(bool).to_numpy(),
        A.REVIEW: pd.to_datetime(live["review_date"]).to_numpy(),
        "_no_bowling": False,
    }, index=pd.Index(live[Col.ATHLETE].astype(str), name=Col.ATHLETE))
    return out[~out.index.duplicated(keep="last")]


def _sentence(row: pd.Series) -> str:
    """'modified — no back-arching skills, ≤ 6 h/week until 14 Dec' (or unavailable/full)."""
    if row[A.AVAILABILITY] == "full":
        until = row[A.RETURNING_UNTIL]
        return "full" if pd.isna(until) else \
            f"full — returning from injury until {day_text(until)} (read ratios with care)"
    if row[A.AVAILABILITY] == "unavailable":
        review = day_text(row[A.REVIEW])
        return "unavailable — no training until the therapist's plan" + (
            f" (review {review})" if review else "")
    parts = []
    if row[A.NO_EXTENSION]:
        parts.append("no back-arching skills")
    elif pd.notna(row[A.MAX_EXTENSION]):
        parts.append(f"≤ {row[A.MAX_EXTENSION]:,.0f} back-arching reps/week")
    if row["_no_bowling"]:
        parts.append("no bowling")
    if pd.notna(row[A.MAX_MINUTES]):
        parts.append(f"≤ {hours_text(row[A.MAX_MINUTES])}/week")
    elif pd.notna(row[A.MAX_SRPE]):
        parts.append(f"≤ {row[A.MAX_SRPE]:,.0f} AU/week")
    review = day_text(row[A.REVIEW])
    return "modified — " + ", ".join(parts) + (f" until {review}" if review else "")


def availability_table(athletes: list[str], running: pd.DataFrame | None,
                       plans: pd.DataFrame | None, on: dt.date) -> pd.DataFrame:
    """One row per athlete: availability (full / modified / unavailable), its sentence, the
    weekly caps (minutes, AU, extension; NaN: none), no back-arching, the review date and the
    date until which the athlete is returning from injury (NaT: not returning).

    A running plan's stage takes precedence over clinician plans entered by hand; an open
    episode without a plan, or a stage capped at 0 minutes, is unavailable."""
    index = pd.Index([str(a) for a in athletes], name=Col.ATHLETE)
    manual = _from_plans(_active_plans(plans, on))
    staged = _from_stages(running)
    caps = pd.concat([manual[~manual.index.isin(staged.index)], staged]).reindex(index)
    table = caps.assign(_no_bowling=caps["_no_bowling"].fillna(False).astype(bool),
                        **{A.NO_EXTENSION: caps[A.NO_EXTENSION].fillna(False).astype(bool)})
    limited = caps[[A.MAX_MINUTES, A.MAX_SRPE, A.MAX_EXTENSION]].notna().any(axis=1) | \
        table[A.NO_EXTENSION] | table["_no_bowling"]
    zero = (caps[A.MAX_MINUTES] == 0) | (caps[A.MAX_SRPE] == 0)
    open_only = pd.Series(False, index=index)
    returning = pd.Series(pd.NaT, index=index, dtype="datetime64[ns]")
    if running is not None and not running.empty:
        status = running.drop_duplicates(Col.ATHLETE, keep="last").set_index(Col.ATHLETE)
        open_only = (status["episode_status"] == "open").reindex(index, fill_value=False)
        back = pd.to_datetime(status["return_date"]) + pd.Timedelta(days=RETURNING_DAYS)
        returning = back.where(back > pd.Timestamp(on)).reindex(index)
    table[A.AVAILABILITY] = np.select([zero | open_only, limited],
                                      ["unavailable", "modified"], "full")
    table[A.RETURNING_UNTIL] = returning.where(table[A.AVAILABILITY] == "full")
    table[A.REVIEW] = pd.to_datetime(table[A.REVIEW]).dt.date
    table[A.RETURNING_UNTIL] = pd.to_datetime(table[A.RETURNING_UNTIL]).dt.date
    table[A.TEXT] = table.apply(_sentence, axis=1) if len(table) else []  # one per athlete
    return table.reset_index()[list(COLUMNS)]

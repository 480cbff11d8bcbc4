"""The team's injury epidemiology (issue #8), from the injury log and the training log.

:func:`injury_epidemiology`, overall, by body region and by type:

- **incidence** = injuries / exposure hours × 1,000, with the **exact Poisson** 95 % interval
  (Garwood 1936; chi-square form: lower = χ²(α/2; 2n)/2, upper = χ²(1 − α/2; 2n + 2)/2
  injuries, divided by the exposure);
- **burden** = days lost / exposure hours × 1,000, with a **log-normal** 95 % interval whose
  variance treats the days lost as a compound Poisson sum: Var(days lost) = Σ sᵢ² over the
  injuries' time losses sᵢ, so SE(log burden) = √(Σ sᵢ²) / Σ sᵢ. Days lost are clustered in
  injuries; an exact Poisson interval on the days themselves would be far too narrow.

Exposure is organised training and competition time from the training log (session minutes, or
a weekly log's total minutes). Only injuries with their onset inside an athlete's logged span
count (injuries of athletes without a training log, or outside its dates, are listed as
excluded); an ongoing injury counts its days up to the end of that athlete's log.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from loadwatch.errors import LogError
from loadwatch.ingest.injuries import InjuryCol
from loadwatch.ingest.log import is_weekly
from loadwatch.schema import (
    BODY_REGIONS,
    INJURY_TYPES,
    Col,
    DayStatus,
)

_DAY = np.timedelta64(1, "D")



def poisson_rate_ci(count: float, exposure: float, *, per: float = 1000.0,
                    confidence: float = 0.95) -> tuple[float, float]:
    """Exact Poisson (Garwood) interval of a rate: `count` events over `exposure` units,
    expressed per `per` units (e.g. injuries per 1,000 h)."""
    alpha = 1 - confidence
    low = 0.0 if count == 0 else stats.chi2.ppf(alpha / 2, 2 * count) / 2
    high = stats.chi2.ppf(1 - alpha / 2, 2 * count + 2) / 2
    return float(low / exposure * per), float(high / exposure * per)


def burden_ci(days_lost: np.ndarray, exposure: float, *, per: float = 1000.0,
              confidence: float = 0.95) -> tuple[float, float]:
    """Log-normal interval of the burden (days lost per `per` units of exposure), with the
    compound-Poisson variance Var(Σ sᵢ) = Σ sᵢ² (see the module docstring). NaN bounds when
    no day was lost (no spread to estimate)."""
    days = np.asarray(days_lost, dtype=float)
    total = float(days.sum())
    if total <= 0:
        return float("nan"), float("nan")
    z = stats.norm.ppf(1 - (1 - confidence) / 2)
    se_log = float(np.sqrt(np.sum(days**2)) / total)
    burden = total / exposure * per
    return float(burden * np.exp(-z * se_log)), float(burden * np.exp(z * se_log))


@dataclass
class InjurySummary:
    """Injury epidemiology of a team: one row per group (overall, each region, each type)."""

    table: pd.DataFrame
    exposure_hours: float
    n_athletes: int
    first_day: pd.Timestamp
    last_day: pd.Timestamp
    excluded: pd.DataFrame
    notes: list[str]

    def as_dict(self) -> dict[str, object]:
        """JSON-friendly form."""
        rows = self.table.replace({np.nan: None}).to_dict(orient="records")
        return {"exposure_hours": self.exposure_hours, "n_athletes": self.n_athletes,
                "first_day": str(self.first_day.date()), "last_day": str(self.last_day.date()),
                "rows": rows, "notes": self.notes}


def athlete_spans(log: pd.DataFrame) -> pd.DataFrame:
    """First and last day of each athlete's logged span (coverage of a session log; the
    weeks of a weekly log), indexed by athlete."""
    if is_weekly(log):
        weeks = log.groupby(Col.ATHLETE, observed=True)[Col.WEEK]
        return pd.DataFrame({"first": weeks.min(), "last": weeks.max() + pd.Timedelta(days=6)})
    by = log.groupby(Col.ATHLETE, observed=True)
    first = by[Col.COVER_START].min().fillna(by[Col.DATE].min())
    last = by[Col.COVER_END].max().fillna(by[Col.DATE].max())
    return pd.DataFrame({"first": first, "last": np.maximum(last, by[Col.DATE].max())})


def exposure_hours(log: pd.DataFrame) -> tuple[pd.Series, int]:
    """Organised sport hours per athlete, and the number of sessions without minutes."""
    if is_weekly(log):
        minutes = log[Col.WEEK_MINUTES].astype(float)
        sessions = pd.Series(True, index=log.index)
    else:
        sessions = ~log[Col.DAY_STATUS].isin([DayStatus.REST, DayStatus.MISSING]).fillna(False)
        minutes = log[Col.DURATION].astype(float)
    blank = int((sessions & minutes.isna()).sum())
    hours = (minutes.where(sessions, 0.0).fillna(0.0) / 60).groupby(
        log[Col.ATHLETE], observed=True).sum()
    return hours, blank


def injury_epidemiology(injuries: pd.DataFrame, log: pd.DataFrame, *,
                        confidence: float = 0.95) -> InjurySummary:
    """Incidence and burden per 1,000 h with 95 % intervals, overall, by body region and type.

    Incidence = injuries per 1,000 h of exposure with the exact Poisson interval (Garwood
    1936); burden = days lost per 1,000 h with a log-normal interval (module docstring;
    issue #8).

    Parameters
    ----------
    injuries : DataFrame
        :func:`read_injuries` (time loss in days).
    log : DataFrame
        The training log: exposure in hours from session minutes (or a weekly log's total
        minutes).
    confidence : float, default 0.95
        Level of the intervals (a fraction, not %).

    Returns
    -------
    InjurySummary
        ``table`` with group, name, injuries, ongoing, days_lost (days), exposure_hours (h),
        incidence_per_1000h and its low/high, burden_days_per_1000h and its low/high; plus
        exposure_hours (h), n_athletes, first_day, last_day, excluded and notes.

    Examples
    --------
    >>> import loadwatch as lw
    >>> injuries = lw.read_injuries(
    ...     b"athlete,onset_date,body_region,injury_type,time_loss_days\\n"
    ...     b"A1,2024-01-20,lumbar_spine,overuse,14\\n")
    >>> log = lw.read_log(b"athlete,date,duration_min,rpe\\nA1,2024-01-01,600,5\\n"
    ...                   b"A1,2024-01-31,600,5\\n")                    # 20 h of exposure
    >>> overall = lw.injury_epidemiology(injuries, log).table.iloc[0]
    >>> print(overall["incidence_per_1000h"], overall["burden_days_per_1000h"])
    50.0 700.0
    """
    hours, blank = exposure_hours(log)
    total_hours = float(hours.sum())
    if total_hours <= 0:
        raise LogError("the training log has no session minutes, so exposure hours (the "
                       "denominator of incidence and burden) cannot be computed")
    spans = athlete_spans(log)
    counted, excluded = _injuries_in_spans(injuries, spans)
    days_lost = counted[InjuryCol.TIME_LOSS].to_numpy(float)
    ongoing = np.isnan(days_lost)
    if ongoing.any():
        end = spans["last"].reindex(counted[InjuryCol.ATHLETE]).to_numpy("datetime64[ns]")
        onset = counted[InjuryCol.ONSET].to_numpy("datetime64[ns]")
        to_end = (end - onset) / _DAY + 1
        days_lost = np.where(ongoing, to_end, days_lost)
    counted = counted.assign(days_lost=days_lost, ongoing=ongoing)
    return InjurySummary(
        table=pd.DataFrame(_group_rows(counted, total_hours, confidence)),
        exposure_hours=total_hours, n_athletes=len(spans),
        first_day=pd.Timestamp(spans["first"].min()), last_day=pd.Timestamp(spans["last"].max()),
        excluded=excluded, notes=_notes(int(ongoing.sum()), blank, excluded),
    )


def _group_rows(counted: pd.DataFrame, total_hours: float, confidence: float
                ) -> list[dict[str, object]]:
    """One row per group (all injuries, each body region with injuries, every injury type):
    counts, days lost, incidence and burden per 1,000 h with their intervals."""
    groups: list[tuple[str, str, pd.DataFrame]] = [("overall", "all injuries", counted)]
    for region in BODY_REGIONS:
        part = counted[counted[InjuryCol.REGION] == region]
        if len(part):
            groups.append(("body_region", region, part))
    for kind in INJURY_TYPES:
        part = counted[counted[InjuryCol.TYPE] == kind]
        groups.append(("injury_type", kind, part))
    rows = []
    for group, name, part in groups:
        n = len(part)
        lost = part["days_lost"].to_numpy(float)
        inc_low, inc_high = poisson_rate_ci(n, total_hours, confidence=confidence)
        bur_low, bur_high = burden_ci(lost, total_hours, confidence=confidence)
        if n == 0:
            bur_low = 0.0
        rows.append({
            "group": group, "name": name, "injuries": n, "ongoing": int(part["ongoing"].sum()),
            "days_lost": float(lost.sum()), "exposure_hours": total_hours,
            "incidence_per_1000h": n / total_hours * 1000,
            "incidence_low": inc_low, "incidence_high": inc_high,
            "burden_days_per_1000h": float(lost.sum()) / total_hours * 1000,
            "burden_low": bur_low, "burden_high": bur_high,
        })
    return rows


def _notes(n_ongoing: int, blank: int, excluded: pd.DataFrame) -> list[str]:
    """How the numbers were made, and what they leave out (ongoing, blank, excluded)."""
    notes = [
        "incidence: exact Poisson 95 % interval (Garwood); burden: log-normal 95 % interval "
        "with compound-Poisson variance (days lost clustered in injuries)",
        "exposure: organised training and competition hours in the training log; regions and "
        "types share the team's total exposure as denominator",
    ]
    if n_ongoing:
        notes.append(f"{n_ongoing} ongoing injury(ies): days lost counted up to the end "
                     "of the athlete's log (a lower bound)")
    if blank:
        notes.append(f"{blank} session(s) without minutes add no exposure hours")
    if len(excluded):
        notes.append(f"{len(excluded)} injury(ies) not counted: " + "; ".join(
            f"{a} {d:%Y-%m-%d} ({r})" for a, d, r in excluded[
                [InjuryCol.ATHLETE, InjuryCol.ONSET, "reason"]].head(10).itertuples(index=False))
            + ("; …" if len(excluded) > 10 else ""))
    return notes


def _injuries_in_spans(injuries: pd.DataFrame, spans: pd.DataFrame
                       ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Injuries whose onset lies inside their athlete's logged span, and the others with why."""
    known = injuries[InjuryCol.ATHLETE].isin(spans.index)
    first = spans["first"].reindex(injuries[InjuryCol.ATHLETE]).to_numpy("datetime64[ns]")
    last = spans["last"].reindex(injuries[InjuryCol.ATHLETE]).to_numpy("datetime64[ns]")
    onset = injuries[InjuryCol.ONSET].to_numpy("datetime64[ns]")
    inside = known.to_numpy() & (onset >= first) & (onset <= last)
    reason = np.where(~known.to_numpy(), "athlete not in the training log",
                      "onset outside the athlete's logged dates")
    excluded = injuries[~inside].assign(reason=reason[~inside])
    return injuries[inside], excluded.reset_index(drop=True)


def format_epidemiology(summary: InjurySummary) -> str:
    """A plain-text table for the terminal."""
    lines = [
        f"Injury epidemiology — {summary.n_athletes} athletes, {summary.first_day:%Y-%m-%d} to "
        f"{summary.last_day:%Y-%m-%d}, {summary.exposure_hours:,.0f} h of exposure",
        "",
        f"{'group':<28}{'injuries':>9}{'days lost':>11}   {'incidence /1000 h (95 % CI)':<30}"
        f"{'burden days/1000 h (95 % CI)':<30}",
    ]
    for row in summary.table.itertuples(index=False):
        label = row.name if row.group != "injury_type" else f"type: {row.name}"
        if row.group == "body_region":
            label = f"  {row.name}"
        inc = f"{row.incidence_per_1000h:.2f} ({row.incidence_low:.2f}–{row.incidence_high:.2f})"
        if np.isnan(row.burden_high):
            bur = f"{row.burden_days_per_1000h:.1f} (no interval)"
        else:
            bur = (f"{row.burden_days_per_1000h:.1f} ({row.burden_low:.1f}–"
                   f"{row.burden_high:.1f})")
        lines.append(f"{label:<28}{row.injuries:>9}{row.days_lost:>11,.0f}   {inc:<30}{bur:<30}")
    lines.append("")
    lines += [f"note: {n}" for n in summary.notes]
    return "\n".join(lines)


def injury_days(injuries: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Onset and return as whole days since 1970-01-01 (return = -1 when ongoing)."""
    onset = injuries[InjuryCol.ONSET].to_numpy("datetime64[ns]").astype("datetime64[D]")
    ret = injuries[InjuryCol.RETURN].to_numpy("datetime64[ns]").astype("datetime64[D]")
    ret_days = np.where(np.isnat(ret), -1, ret.astype(np.int64))
    return onset.astype(np.int64), ret_days


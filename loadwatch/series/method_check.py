"""Method check per team: does the ratio tell this team more than acute load alone, and how
much do its flags depend on the window lengths? (issue 14; the idea of PyPI ``acwr``'s
diagnostics, written for loadwatch's calendar and missing-day rules.)

**Rescaling check** (Impellizzeri et al. 2021). A coupled ratio is acute load over chronic
load; when the chronic load varies little, the ratio is a rescaled copy of its numerator.
Measured within athletes (each athlete's own scale removed): the Spearman correlation of
the 7:28 coupled ratio (RAC) with the 7-day load, the share of the ratio's variance that
acute load explains alone (R² of a within-athlete linear fit), and how many of the ratio's
flag days (RAC > ``acwr.amber_above``) are also among the athlete's highest 7-day loads when
acute load alone flags as many days (matched rate).

**Window sensitivity.** The same flag (RAC > amber on the coupled scale, rounded half up as
read, spec §4.9) for acute 5/7/10 × chronic 21/28/35 days: flagged days per pair and how
many days change flag against the team's own windows.

Session logs only (daily windows); missing days are missing, never rest (spec §4.7).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from loadwatch.config import Config, default_config
from loadwatch.ingest.log import is_weekly
from loadwatch.schema import Channel, Col
from loadwatch.series.calendar import daily_calendar
from loadwatch.series.metrics import Windows, compute_daily
from loadwatch.vocab import round_half_up

ACUTE_DAYS = (5, 7, 10)
CHRONIC_DAYS = (21, 28, 35)
#: Above this share of variance explained, the ratio "adds little beyond acute load".
LITTLE_BEYOND = 0.5


@dataclass(frozen=True)
class Rescaling:
    """How much of the ratio acute load explains alone, within athletes."""

    days: int              # athlete-days with a ratio
    athletes: int
    spearman: float        # median over athletes of Spearman(RAC, 7-day load)
    r_squared: float       # within-athlete share of RAC's variance explained by acute load
    flag_days: int         # days with RAC > amber
    also_acute: int        # of those, days among the athlete's top 7-day loads (same count)

    @property
    def overlap(self) -> float:
        """Share of the ratio's flag days that acute load alone flags too."""
        return self.also_acute / self.flag_days if self.flag_days else float("nan")


@dataclass(frozen=True)
class MethodCheck:
    """A team's method check: the rescaling check and the window-sensitivity table."""

    rescaling: Rescaling | None
    windows: pd.DataFrame   # acute_days, chronic_days, flagged_days, changed_days, changed_pct
    amber: float
    reason: str = ""        # why there is no check (weekly totals, too little history)

    def lines(self) -> list[str]:
        """The check in honest words, one paragraph per part (CLI and report appendix)."""
        if self.rescaling is None:
            return [f"Method check not run: {self.reason}."]
        return [_rescaling_words(self.rescaling, self.amber),
                _window_words(self.windows, self.amber)]


def _within(values: pd.Series, athlete: pd.Series) -> pd.Series:
    return values - values.groupby(athlete, observed=True).transform("mean")


def _rescaling(days: pd.DataFrame, amber: float) -> Rescaling:
    """The rescaling numbers on the days with a finite ratio (see module docstring)."""
    who = days[Col.ATHLETE]
    ranks = days[[Col.RAC, Col.ACUTE]].groupby(who, observed=True).rank()
    x, y = _within(ranks[Col.ACUTE], who), _within(ranks[Col.RAC], who)
    sums = pd.DataFrame({"xy": x * y, "xx": x * x, "yy": y * y}).groupby(who, observed=True).sum()
    with np.errstate(invalid="ignore", divide="ignore"):
        spearman = (sums["xy"] / np.sqrt(sums["xx"] * sums["yy"])).median()
    a, r = _within(days[Col.ACUTE], who), _within(days[Col.RAC], who)
    with np.errstate(invalid="ignore", divide="ignore"):
        r2 = float((a * r).sum() ** 2 / ((a * a).sum() * (r * r).sum()))
    flagged = round_half_up(days[Col.RAC].to_numpy()) > amber
    per_athlete = pd.Series(flagged, index=days.index).groupby(who, observed=True) \
        .transform("sum")
    top = days[Col.ACUTE].groupby(who, observed=True).rank(ascending=False, method="first")
    also = flagged & (top.to_numpy() <= per_athlete.to_numpy())
    return Rescaling(days=len(days), athletes=int(who.nunique()), spearman=float(spearman),
                     r_squared=r2, flag_days=int(flagged.sum()), also_acute=int(also.sum()))


def method_check(log: pd.DataFrame, *, config: Config | None = None) -> MethodCheck:
    """The team's method check: rescaling (ratio vs acute load alone) and window sensitivity.

    Spec §4.1 (coupled ratio), §4.7 (missing days), §6.1 (amber cut-off); Impellizzeri et al.
    2021 (rescaling). Daily session logs only.

    Parameters
    ----------
    log : DataFrame
        A session log (:func:`read_log`; load in AU).
    config : Config, optional
        The team's windows and thresholds; default: the shipped ones.

    Returns
    -------
    MethodCheck
        ``rescaling`` (None when it cannot run, with ``reason``) and ``windows``: per acute ×
        chronic pair (days), the flagged days and the days whose flag changes against the
        team's windows (count and %).

    Examples
    --------
    >>> import loadwatch as lw
    >>> loads = [257] * 20 + [250] + [373] * 6 + [372]            # AU, 2024-01-01 … 01-28
    >>> csv = "athlete,date,load\\n" + "".join(
    ...     f"A1,2024-01-{day:02d},{au}\\n" for day, au in enumerate(loads, start=1))
    >>> check = method_check(lw.read_log(csv.encode()))
    >>> check.rescaling.days, check.rescaling.flag_days
    (1, 1)
    """
    cfg = config or default_config()
    amber = float(cfg.get("acwr.amber_above"))
    empty = pd.DataFrame(columns=["acute_days", "chronic_days", "flagged_days", "changed_days",
                                  "changed_pct"])
    if is_weekly(log):
        return MethodCheck(None, empty, amber, "it needs daily sessions (weekly totals given)")
    base = Windows.from_config(cfg)
    cal = daily_calendar(log, Channel.SRPE, absent_as=base.absent_as)
    athlete = pd.Series(cal.athletes.to_numpy()[cal.code], name=Col.ATHLETE)
    own = compute_daily(cal, base)
    days = pd.DataFrame({Col.ATHLETE: athlete, Col.RAC: own[Col.RAC].to_numpy(),
                         Col.ACUTE: own[Col.ACUTE].to_numpy()})
    days = days[np.isfinite(days[Col.RAC]) & np.isfinite(days[Col.ACUTE])]
    if len(days) == 0:
        return MethodCheck(None, empty, amber, f"no day has a {base.acute}:{base.chronic} "
                                               "ratio yet (needs a full chronic window)")
    flags = {}
    for a in ACUTE_DAYS:  # nine window pairs, not athletes
        for c in CHRONIC_DAYS:
            rac = compute_daily(cal, replace(base, acute=a, chronic=c))[Col.RAC].to_numpy()
            flags[(a, c)] = np.where(np.isfinite(rac), round_half_up(rac) > amber, False)
    reference = flags.get((base.acute, base.chronic),
                          round_half_up(own[Col.RAC].to_numpy()) > amber)
    changed = {k: int((v != reference).sum()) for k, v in flags.items()}
    windows = pd.DataFrame({
        "acute_days": [k[0] for k in flags], "chronic_days": [k[1] for k in flags],
        "flagged_days": [int(v.sum()) for v in flags.values()],
        "changed_days": list(changed.values()),
    })
    total = int(reference.sum())
    windows["changed_pct"] = 100 * windows["changed_days"] / total if total else np.nan
    return MethodCheck(_rescaling(days.reset_index(drop=True), amber), windows, amber)


def _rescaling_words(r: Rescaling, amber: float) -> str:
    explained = f"{round(100 * r.r_squared):d} %" if np.isfinite(r.r_squared) else "—"
    verdict = ("adds little beyond acute load" if np.isfinite(r.r_squared)
               and r.r_squared >= LITTLE_BEYOND else "carries information beyond acute load")
    overlap = (f"; of its {r.flag_days} flag days (ratio > {amber:.2f}), {r.also_acute} "
               f"({round(100 * r.overlap):d} %) are also among the athletes' highest 7-day "
               "loads when acute load alone flags as many days" if r.flag_days else
               f"; no day had a ratio above {amber:.2f}")
    spearman = f"{r.spearman:.2f}" if np.isfinite(r.spearman) else "—"
    return (f"Rescaling check: on this team's data the ratio {verdict}: within athletes, "
            f"acute load alone explains {explained} of the ratio's variance (Spearman "
            f"{spearman}, median of {r.athletes} athlete{'s' if r.athletes != 1 else ''}, "
            f"{r.days} athlete-days){overlap}.")


def _window_words(windows: pd.DataFrame, amber: float) -> str:
    others = windows[windows["changed_days"] > 0]
    if windows.empty:
        return "Window sensitivity: not run."
    worst = windows.loc[windows["changed_days"].idxmax()]
    cells = ", ".join(f"{int(r.acute_days)}:{int(r.chronic_days)} {int(r.flagged_days)}"
                      for r in windows.itertuples(index=False))
    if others.empty:
        return (f"Window sensitivity: every acute 5/7/10 × chronic 21/28/35 pair flags the same "
                f"days (ratio > {amber:.2f}); flagged days per pair: {cells}.")
    return (f"Window sensitivity: flagged days (ratio > {amber:.2f}) per acute:chronic pair: "
            f"{cells}. Up to {int(worst.changed_days)} days change flag against the team's "
            f"windows ({int(worst.acute_days)}:{int(worst.chronic_days)}); the windows are a "
            "convention (E3), so read a flag near the cut-off with that in mind.")

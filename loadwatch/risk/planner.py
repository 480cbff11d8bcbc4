"""What-if planner: the largest load next week that stays at or below amber (issue #3).

For the week after the last complete week, with next week's total X spread over its seven
days, the coupled ratio at the end of that week is

    RAC = (X / 7) / ((X + S21) / 28) = 4X / (X + S21),

where S21 is the load of the last 21 days of history (the part of the chronic window that is
already known). RAC ≤ a  ⇔  X ≤ a·S21 / (4 − a). The week-to-week limit is X ≤ W·(1 + p/100)
with W the last week's load and p the amber percentage; the absolute floor of L3 is ignored
here, which keeps the number on the cautious side. The same holds for weekly totals with the
weekly coupled ratio (S21 = the last three weeks). The matching extension exposure uses the
extension channel and its own thresholds. Rounding is not used: the plan keeps the raw ratio
at or below the threshold. Daily rules still evaluate every day, so spread the load evenly.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from loadwatch.config import Config, default_config
from loadwatch.ingest.log import is_weekly
from loadwatch.schema import Channel, Col
from loadwatch.series.metrics import weekly_metrics

PLAN_COLUMNS = (
    Col.ATHLETE, "next_week_start", "max_load_au", "limited_by", "last_week_au",
    "max_extension", "extension_unit", "status",
)


def _limits(weekly: pd.DataFrame, ratio: float, pct: float, min_prev: float
            ) -> pd.DataFrame:
    """Per athlete (indexed by id): both limits from the last four weeks of a weekly table."""
    load = weekly[Col.WEEKLY_LOAD]
    earlier = load.groupby(weekly[Col.ATHLETE], observed=True)
    s21 = load + earlier.shift(1) + earlier.shift(2)  # NaN unless all three weeks complete
    complete = (s21 + earlier.shift(3)).notna()
    table = pd.DataFrame({Col.ATHLETE: weekly[Col.ATHLETE].astype(str), "week": weekly[Col.WEEK],
                          "last_week": load, "s21": s21, "complete": complete})
    last = table.groupby(Col.ATHLETE, sort=True).tail(1).set_index(Col.ATHLETE)
    by_ratio = ratio * last["s21"] / (4 - ratio)
    by_change = np.where(last["last_week"] >= min_prev, last["last_week"] * (1 + pct / 100),
                         np.inf)
    last["limit"] = np.where(last["complete"], np.minimum(by_ratio, by_change), np.nan)
    last["limited_by"] = np.where(by_ratio <= by_change, "ACWR", "weekly increase")
    return last


def max_safe_load(log: pd.DataFrame, *, config: Config | None = None) -> pd.DataFrame:
    """Per athlete, the largest sRPE load (AU) next week that keeps ACWR and increase ≤ amber.

    The what-if of the module docstring: RAC ≤ a ⇔ X ≤ a·S21/(4 − a) (spec §4.1, §4.3) and
    X ≤ W·(1 + p/100) (§5.1), with a = ``acwr.amber_above`` (1.30) and p =
    ``spike.amber_above_pct`` (15 %) from the thresholds of §6.1/§10.3. 'insufficient_data'
    without 4 complete weeks of history (§4.7).

    Parameters
    ----------
    log : DataFrame
        A session or weekly-totals log (:func:`read_log`; load in AU, extension in reps or
        minutes).
    config : Config, optional
        The team's thresholds; default: the shipped ones.

    Returns
    -------
    DataFrame
        One row per athlete: athlete, next_week_start (date), max_load_au (AU/week; NaN when
        insufficient), limited_by ('ACWR' or 'weekly increase'), last_week_au (AU),
        max_extension (reps or minutes per week), extension_unit ('reps' or 'min'), status.

    Examples
    --------
    >>> import loadwatch as lw
    >>> loads = [257] * 20 + [250] + [373] * 6 + [372]            # AU, 2024-01-01 … 01-28
    >>> csv = "athlete,date,load\\n" + "".join(
    ...     f"A1,2024-01-{day:02d},{au}\\n" for day, au in enumerate(loads, start=1))
    >>> log = lw.read_log(csv.encode())
    >>> plan = lw.max_safe_load(log).iloc[0]
    >>> round(plan["max_load_au"]), plan["limited_by"], plan["status"]
    (2986, 'ACWR', 'ok')
    """
    cfg = config or default_config()
    srpe = _limits(
        weekly_metrics(log, Channel.SRPE, config=cfg), float(cfg.get("acwr.amber_above")),
        float(cfg.get("spike.amber_above_pct")), float(cfg.get("spike.min_prev_week_au")))
    ext = _limits(
        weekly_metrics(log, Channel.EXTENSION, config=cfg),
        float(cfg.get("extension.amber_above")),
        float(cfg.get("extension.spike_amber_above_pct")),
        float(cfg.get("extension.min_prev_week_reps")))
    unit = "reps" if not is_weekly(log) and log[Col.EXT_REPS].notna().any() else "min"
    plan = pd.DataFrame({
        Col.ATHLETE: srpe.index.to_numpy(),
        "next_week_start": srpe["week"].to_numpy() + pd.Timedelta(days=7),
        "max_load_au": srpe["limit"].to_numpy(),
        "limited_by": np.where(srpe["complete"], srpe["limited_by"], ""),
        "last_week_au": srpe["last_week"].to_numpy(),
        "max_extension": ext["limit"].where(ext["s21"] + ext["last_week"] > 0)
        .reindex(srpe.index).to_numpy(),
        "extension_unit": unit,
        "status": np.where(srpe["complete"], "ok", "insufficient_data"),
    })
    return plan[list(PLAN_COLUMNS)]

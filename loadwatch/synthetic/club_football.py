"""The sample school football team's weekly totals (spec §1.2)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from loadwatch.schema import Col
from loadwatch.synthetic.club_files import (
    DEFAULT_SEED,
    FOOTBALL,
    FOOTBALL_LAST_MONDAY,
    FOOTBALL_SIZE,
    FOOTBALL_WEEKS,
    WEEKLY_HEADERS,
)
from loadwatch.synthetic.club_plan import round_to, stream_rng
from loadwatch.synthetic.club_scenarios import Planted


def football_weekly(seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """Weekly totals of a school football team, 16 athletes aged 14–16 (spec §1.2).

    20 ISO weeks ending 2026-W47; one row per athlete and week (a week without a row is
    missing, a row with 0 minutes is a rest week). Columns: :data:`WEEKLY_HEADERS` (minutes,
    duration-weighted CR-10 RPE, counts, hours).
    """
    rng = stream_rng(seed, "football")
    n, n_weeks = FOOTBALL_SIZE, FOOTBALL_WEEKS
    ids = np.array([f"FB-{i:02d}" for i in range(1, n + 1)])
    row = {athlete: i for i, athlete in enumerate(ids)}
    mondays = FOOTBALL_LAST_MONDAY - pd.to_timedelta(7 * np.arange(n_weeks)[::-1], unit="D")
    iso = mondays.isocalendar()
    weeks = (iso["year"].astype(str) + "-W" + iso["week"].astype(str).str.zfill(2)).to_numpy()

    base_sessions = rng.choice([3, 4, 4, 5], n)[:, None]
    sessions = base_sessions - (rng.random((n, n_weeks)) < 0.12) + (rng.random((n, n_weeks)) < 0.06)
    per_session = rng.uniform(65, 85, n)[:, None] * (1 + rng.normal(0, 0.06, (n, n_weeks)))
    minutes = round_to(sessions * per_session, 5)
    mean_rpe = np.clip(np.round(rng.uniform(4.3, 6.0, n)[:, None]
                                + rng.normal(0, 0.4, (n, n_weeks)), 1), 3, 8)
    free_play = round_to(np.clip(rng.uniform(1.5, 8.0, n)[:, None]
                                  + rng.normal(0, 0.8, (n, n_weeks)), 0, None), 0.5)
    free_play[rng.choice(n, 3, replace=False)] = np.nan  # never reported
    free_play[rng.random((n, n_weeks)) < 0.05] = np.nan

    a = row[Planted.FOOTBALL_REST_WEEK[0]]
    w = int(np.flatnonzero(weeks == Planted.FOOTBALL_REST_WEEK[1])[0])
    sessions[a, w], minutes[a, w], mean_rpe[a, w] = 0, 0.0, 0.0

    a = row[Planted.FOOTBALL_JUMP[0]]
    w = int(np.flatnonzero(weeks == Planted.FOOTBALL_JUMP[1])[0])
    before = minutes[a, w - 4:w].mean()
    sessions[a, w] = base_sessions[a, 0] + 2
    minutes[a, w] = round_to(before * rng.uniform(1.6, 1.8), 5)
    mean_rpe[a, w] = min(mean_rpe[a, w] + 0.8, 8.0)

    keep = np.ones((n, n_weeks), dtype=bool)
    keep[row[Planted.FOOTBALL_MISSING_WEEK[0]], weeks == Planted.FOOTBALL_MISSING_WEEK[1]] = False
    a_i, w_i = np.nonzero(keep)
    frame = pd.DataFrame({
        Col.ATHLETE: ids[a_i],
        Col.WEEK: weeks[w_i],
        Col.SPORT: FOOTBALL,
        Col.WEEK_MINUTES: minutes[a_i, w_i].astype(int),
        Col.MEAN_RPE: mean_rpe[a_i, w_i],
        Col.SESSIONS: sessions[a_i, w_i].astype(int),
        Col.REST_DAYS: np.clip(7 - sessions[a_i, w_i], 0, 7).astype(int),
        Col.FREE_PLAY: free_play[a_i, w_i],
    })
    return frame.loc[:, list(WEEKLY_HEADERS)]


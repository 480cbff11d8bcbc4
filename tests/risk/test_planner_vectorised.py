"""The planner's 4-week sums per athlete, vectorised, equal the per-athlete apply they replaced.

The reference is the expression of loadwatch/risk/planner.py before issue 18
(``groupby(...).apply(lambda s: s.tail(4).sum(min_count=…))``); random weekly tables with NaN,
athletes with 1 to 12 weeks and loads of several magnitudes and decimals must give the same
floats bit for bit, NaN in the same places, on the same athlete index.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from loadwatch.risk.planner import _tail_sum
from loadwatch.schema import Col


@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize("min_count", [1, 4])
def test_tail_sum_equals_the_per_athlete_apply(seed: int, min_count: int) -> None:
    rng = np.random.default_rng(seed)
    n = 2500
    table = pd.DataFrame({
        Col.ATHLETE: rng.integers(0, 300, n).astype(str),
        Col.WEEKLY_LOAD: np.round(rng.random(n) * rng.choice([1.0, 1e3, 1e6]), seed % 4),
    })
    table.loc[rng.random(n) < 0.15, Col.WEEKLY_LOAD] = np.nan
    own = table.groupby(table[Col.ATHLETE].astype(str), observed=True)
    old = own[Col.WEEKLY_LOAD].apply(lambda s: s.tail(4).sum(min_count=min_count))
    new = _tail_sum(own, table[Col.WEEKLY_LOAD], min_count=min_count)
    assert new.index.equals(old.index)
    assert np.array_equal(new.to_numpy(), old.to_numpy(), equal_nan=True)


def test_tail_sum_counts_only_the_last_four_weeks() -> None:
    table = pd.DataFrame({Col.ATHLETE: ["B", "A", "A", "A", "A", "A", "B", "C"],
                          Col.WEEKLY_LOAD: [1.0, 100, 200, np.nan, 300, 400, 2, np.nan]})
    own = table.groupby(Col.ATHLETE, observed=True)
    one = _tail_sum(own, table[Col.WEEKLY_LOAD], min_count=1)
    four = _tail_sum(own, table[Col.WEEKLY_LOAD], min_count=4)
    assert one.to_dict() == {"A": 900.0, "B": 3.0, "C": pytest.approx(np.nan, nan_ok=True)}
    assert np.isnan(four.to_numpy()).tolist() == [True, True, True]

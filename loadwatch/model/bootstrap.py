"""Bootstrap intervals that resample athletes, not athlete-days (issue #8, part 5).

An athlete's days are not independent: resampling rows would treat 300 days of one athlete as
300 pieces of evidence and give intervals that are far too narrow. Each replicate here draws
the test athletes with replacement (multinomial counts per athlete) and weighs every row by its
athlete's count. ROC AUC is computed exactly from a matrix of concordant pairs between
athletes (so thousands of replicates cost a matrix product), average precision from weighted
cumulative sums over the rows sorted once. Percentile intervals; replicates without a positive
or without a negative row are dropped.
"""

from __future__ import annotations

import numpy as np

#: Replicates per chunk when the per-row weights are materialised (average precision).
_CHUNK = 16


def athlete_weights(groups: np.ndarray, n_boot: int, seed: int | np.random.Generator
                    ) -> tuple[np.ndarray, np.ndarray]:
    """(group index per row in 0..G−1, replicate × group counts) for `n_boot` replicates."""
    _, index = np.unique(groups, return_inverse=True)
    n_groups = int(index.max()) + 1 if len(index) else 0
    rng = np.random.default_rng(seed)
    counts = rng.multinomial(n_groups, np.full(n_groups, 1.0 / n_groups), size=n_boot)
    return index, counts.astype(float)


def _dense_rank(score: np.ndarray) -> np.ndarray:
    _, rank = np.unique(score, return_inverse=True)
    return rank.astype(np.int64)


def pair_matrix(y: np.ndarray, score: np.ndarray, index: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """C[a, b] = Σ over positives i of athlete a and negatives j of athlete b of
    1[s_i > s_j] + ½·1[s_i = s_j]; and the positive and negative counts per athlete."""
    n_groups = int(index.max()) + 1
    rank = _dense_rank(np.asarray(score, dtype=float))
    pos = np.asarray(y) == 1
    stride = np.int64(rank.max() + 2)
    neg_keys = np.sort(index[~pos] * stride + rank[~pos])
    queries = (np.arange(n_groups)[None, :] * stride + rank[pos][:, None])  # n_pos × G
    below = np.searchsorted(neg_keys, queries, side="left")
    upto = np.searchsorted(neg_keys, queries, side="right")
    start = np.searchsorted(neg_keys, np.arange(n_groups) * stride, side="left")
    concordant = (below - start[None, :]) + 0.5 * (upto - below)
    matrix = np.zeros((n_groups, n_groups))
    np.add.at(matrix, index[pos], concordant)
    n_pos = np.bincount(index[pos], minlength=n_groups).astype(float)
    n_neg = np.bincount(index[~pos], minlength=n_groups).astype(float)
    return matrix, n_pos, n_neg


def auc_replicates(y: np.ndarray, score: np.ndarray, index: np.ndarray,
                   counts: np.ndarray) -> np.ndarray:
    """ROC AUC of each replicate (rows weighted by their athlete's count); NaN when a
    replicate has no positive or no negative row."""
    matrix, n_pos, n_neg = pair_matrix(y, score, index)
    numerator = np.einsum("ra,ab,rb->r", counts, matrix, counts)
    denominator = (counts @ n_pos) * (counts @ n_neg)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(denominator > 0, numerator / denominator, np.nan)


def weighted_auc(y: np.ndarray, score: np.ndarray) -> float:
    """Plain ROC AUC (one group), through the same pair counting."""
    index = np.zeros(len(y), dtype=np.int64)
    return float(auc_replicates(y, score, index, np.ones((1, 1)))[0])


def ap_replicates(y: np.ndarray, score: np.ndarray, index: np.ndarray,
                  counts: np.ndarray) -> np.ndarray:
    """Average precision (step-wise, as scikit-learn's average_precision_score) of each
    replicate; NaN when a replicate has no positive row."""
    order = np.argsort(-np.asarray(score, dtype=float), kind="stable")
    s = np.asarray(score, dtype=float)[order]
    truth = (np.asarray(y)[order] == 1).astype(float)
    group = index[order]
    last = np.r_[np.flatnonzero(np.diff(s) != 0), len(s) - 1]  # end of each tie block
    out = np.full(len(counts), np.nan)
    for lo in range(0, len(counts), _CHUNK):  # chunks of replicates, rows vectorised
        w = counts[lo:lo + _CHUNK][:, group]
        tp = np.cumsum(w * truth, axis=1)[:, last]
        fp = np.cumsum(w * (1 - truth), axis=1)[:, last]
        total = tp[:, -1:]
        with np.errstate(invalid="ignore", divide="ignore"):
            precision = np.where(tp + fp > 0, tp / (tp + fp), 0.0)
            recall = tp / total
        step = np.diff(np.concatenate([np.zeros((len(w), 1)), recall], axis=1), axis=1)
        ap = np.sum(step * precision, axis=1)
        out[lo:lo + _CHUNK] = np.where(total[:, 0] > 0, ap, np.nan)
    return out


def interval(values: np.ndarray, confidence: float = 0.95) -> tuple[float, float]:
    """Percentile interval of bootstrap replicates (NaN replicates ignored)."""
    alpha = (1 - confidence) / 2 * 100
    finite = values[np.isfinite(values)]
    if len(finite) == 0:
        return float("nan"), float("nan")
    low, high = np.percentile(finite, [alpha, 100 - alpha])
    return float(low), float(high)

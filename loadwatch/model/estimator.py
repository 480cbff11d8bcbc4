"""RiskModel: a calibrated scikit-learn classifier of injury onset within the next days.

Two kinds, each a scikit-learn Pipeline inside probability calibration:

- ``'hgb'`` (default): HistGradientBoostingClassifier — handles the missing ratios natively
  (NaN goes to whichever side of a split fits best), captures non-linear and interaction
  effects, and is fast on hundreds of thousands of athlete-days. Kept small (shallow trees,
  many samples per leaf, L2 penalty, no early stopping on a random, athlete-mixing split).
- ``'logistic'``: median imputation *with missing-indicator columns*, standardisation and an
  L2-penalised logistic regression — a transparent baseline-grade model.

Injuries are rare (a few per cent of athlete-days), so positive rows get more weight
("balanced" sample weights, n / (2 · n_class)) when the trees or the regression are fitted.
Weighting distorts probabilities, which is why the model is *calibrated* afterwards
(CalibratedClassifierCV): for each of `calibration_folds` folds the pipeline is fitted on the
other folds and the calibration map (Platt's sigmoid by default, isotonic on request) is fitted
on the fold it never saw, without weights. Folds are grouped by athlete when `groups` are
given to :meth:`RiskModel.fit` (StratifiedGroupKFold), so no athlete's days sit on both sides;
the final probability is the mean of the folds' calibrated models.

Decision support, not diagnosis: a probability describes athlete-days like this one in the
data the model was fitted on; its model card says how well that held on later months of
other athletes.
"""

from __future__ import annotations

import contextlib
from typing import Any, Literal

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits

Kind = Literal["hgb", "logistic"]
Calibration = Literal["sigmoid", "isotonic", "none"]


def balanced_weights(y: np.ndarray) -> np.ndarray:
    """n / (2 · n_class) for each row's class: both classes weigh the same in total."""
    y = np.asarray(y)
    n_pos = int((y == 1).sum())
    n_neg = len(y) - n_pos
    return np.where(y == 1, len(y) / (2 * max(n_pos, 1)), len(y) / (2 * max(n_neg, 1)))


class RiskModel(ClassifierMixin, BaseEstimator):
    """Calibrated classifier of injury onset within the horizon (see the module docstring).

    Parameters
    ----------
    kind : 'hgb' or 'logistic'
    calibration : 'sigmoid' (Platt), 'isotonic' or 'none' (uncalibrated, weighted scores)
    calibration_folds : folds of the calibration split (grouped by athlete when possible)
    class_weight : 'balanced' (sample weights n / (2 · n_class)) or None
    max_iter, learning_rate, max_leaf_nodes, min_samples_leaf, l2_regularization :
        HistGradientBoostingClassifier settings (kind='hgb')
    C : inverse L2 penalty of the logistic regression (kind='logistic')
    random_state : seed of the folds and of the trees
    n_threads : OpenMP threads while fitting and predicting (None: the library default).
        On a small shared machine 1 is often fastest: busy cores make OpenMP threads wait.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> import loadwatch as lw
    >>> rng = np.random.default_rng(0)
    >>> X = pd.DataFrame({"acwr": rng.uniform(0.5, 2.0, 200)})      # a ratio per athlete-day
    >>> y = (rng.uniform(size=200) < 0.1 + 0.3 * (X["acwr"] > 1.5)).astype(int)
    >>> model = lw.RiskModel(kind="logistic").fit(X, y)
    >>> low, high = model.predict_proba(pd.DataFrame({"acwr": [0.8, 1.8]}))[:, 1]
    >>> bool(high > low)
    True
    """

    def __init__(
        self, kind: Kind = "hgb", calibration: Calibration = "sigmoid",
        calibration_folds: int = 3, class_weight: str | None = "balanced",
        max_iter: int = 150, learning_rate: float = 0.05, max_leaf_nodes: int = 8,
        min_samples_leaf: int = 200, l2_regularization: float = 1.0, C: float = 0.1,
        random_state: int | None = 0, n_threads: int | None = None,
    ) -> None:
        self.kind = kind
        self.calibration = calibration
        self.calibration_folds = calibration_folds
        self.class_weight = class_weight
        self.max_iter = max_iter
        self.learning_rate = learning_rate
        self.max_leaf_nodes = max_leaf_nodes
        self.min_samples_leaf = min_samples_leaf
        self.l2_regularization = l2_regularization
        self.C = C
        self.random_state = random_state
        self.n_threads = n_threads

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        return tags

    # --- building blocks ------------------------------------------------------------------

    def pipeline(self) -> Pipeline:
        """The unfitted, uncalibrated pipeline of this kind (last step named 'model')."""
        if self.kind == "hgb":
            return Pipeline([("model", HistGradientBoostingClassifier(
                max_iter=self.max_iter, learning_rate=self.learning_rate,
                max_leaf_nodes=self.max_leaf_nodes, min_samples_leaf=self.min_samples_leaf,
                l2_regularization=self.l2_regularization, early_stopping=False,
                random_state=self.random_state))])
        if self.kind == "logistic":
            return Pipeline([
                ("impute", SimpleImputer(strategy="median", add_indicator=True,
                                         keep_empty_features=True)),
                ("scale", StandardScaler()),
                ("model", LogisticRegression(C=self.C, max_iter=2000)),
            ])
        raise ValueError(f"kind must be 'hgb' or 'logistic', not {self.kind!r}")

    def _frame(self, X: Any, *, fitting: bool) -> pd.DataFrame:
        if isinstance(X, pd.DataFrame):
            if fitting:
                self.feature_names_in_ = np.asarray(X.columns, dtype=object)
            elif hasattr(self, "feature_names_in_"):
                missing = [c for c in self.feature_names_in_ if c not in X.columns]
                if missing:
                    raise ValueError(f"X lacks the feature(s) the model was fitted on: {missing}")
                X = X[list(self.feature_names_in_)]
            frame = X.astype(float)
        else:
            array = np.asarray(X, dtype=float)
            if array.ndim != 2:
                raise ValueError(f"X must be 2-dimensional, got shape {array.shape}")
            names = (list(self.feature_names_in_) if not fitting and hasattr(
                self, "feature_names_in_") else [f"x{i}" for i in range(array.shape[1])])
            if len(names) != array.shape[1]:
                raise ValueError(f"X has {array.shape[1]} features; the model was fitted on "
                                 f"{len(names)}")
            frame = pd.DataFrame(array, columns=names)
        if fitting:
            self.n_features_in_ = frame.shape[1]
        elif frame.shape[1] != self.n_features_in_:
            raise ValueError(f"X has {frame.shape[1]} features; the model was fitted on "
                             f"{self.n_features_in_}")
        if np.isinf(frame.to_numpy()).any():
            raise ValueError("X contains infinite values; use NaN for values that do not exist")
        return frame

    def _splits(self, y: np.ndarray, groups: np.ndarray | None) -> list[tuple[np.ndarray,
                                                                             np.ndarray]]:
        k = self.calibration_folds
        if groups is not None:
            n_injured_groups = len(np.unique(groups[y == 1]))
            if n_injured_groups < k:
                raise ValueError(f"calibration needs injured rows from at least {k} athletes "
                                 f"(one per fold); found {n_injured_groups}")
            splitter: Any = StratifiedGroupKFold(n_splits=k, shuffle=True,
                                                 random_state=self.random_state)
            splits = list(splitter.split(np.zeros(len(y)), y, groups))
        else:
            if int(y.sum()) < k:
                raise ValueError(f"calibration needs at least {k} injured rows")
            splitter = StratifiedKFold(n_splits=k, shuffle=True, random_state=self.random_state)
            splits = list(splitter.split(np.zeros(len(y)), y))
        for train, test in splits:
            if y[train].min() == y[train].max() or y[test].min() == y[test].max():
                raise ValueError("a calibration fold has only injured or only uninjured rows; "
                                 "too few injury events to calibrate")
        return splits

    # --- scikit-learn API -----------------------------------------------------------------

    def _threads(self) -> Any:
        if self.n_threads is None:
            return contextlib.nullcontext()
        return threadpool_limits(limits=self.n_threads, user_api="openmp")

    def fit(self, X: Any, y: Any, groups: Any = None, sample_weight: Any = None) -> RiskModel:
        """Fit the weighted pipeline and its calibration (grouped by `groups` if given)."""
        with self._threads():
            return self._fit(X, y, groups, sample_weight)

    def _fit(self, X: Any, y: Any, groups: Any, sample_weight: Any) -> RiskModel:
        frame = self._frame(X, fitting=True)
        target = np.asarray(y).astype(int)
        if len(target) != len(frame):
            raise ValueError(f"X has {len(frame)} rows but y has {len(target)}")
        self.classes_ = np.unique(target)
        if not np.array_equal(self.classes_, [0, 1]):
            raise ValueError("y must contain both 0 (no injury) and 1 (injury onset)")
        weights = np.ones(len(target)) if sample_weight is None else np.asarray(
            sample_weight, dtype=float)
        if self.class_weight == "balanced":
            weights = weights * balanced_weights(target)
        elif self.class_weight is not None:
            raise ValueError(f"class_weight must be 'balanced' or None, not {self.class_weight!r}")
        if self.calibration == "none":
            self.estimator_: Any = self.pipeline().fit(frame, target, model__sample_weight=weights)
            return self
        if self.calibration not in ("sigmoid", "isotonic"):
            raise ValueError(f"calibration must be 'sigmoid', 'isotonic' or 'none', not "
                             f"{self.calibration!r}")
        group_array = None if groups is None else np.asarray(groups)
        splits = self._splits(target, group_array)
        calibrated = CalibratedClassifierCV(self.pipeline(), method=self.calibration,
                                            cv=splits, ensemble=True)
        self.estimator_ = calibrated.fit(frame, target, model__sample_weight=weights)
        return self

    def predict_proba(self, X: Any) -> np.ndarray:
        """Probability of no injury / injury onset within the horizon, per row."""
        check_is_fitted(self, "estimator_")
        frame = self._frame(X, fitting=False)
        with self._threads():
            return np.asarray(self.estimator_.predict_proba(frame))

    def predict(self, X: Any) -> np.ndarray:
        """The more probable class per row (almost always 0: injuries are rare; use the
        probabilities)."""
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]

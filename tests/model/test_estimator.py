"""RiskModel follows scikit-learn's conventions and calibrates on data it did not fit on."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone, is_classifier
from sklearn.model_selection import cross_val_score

from loadwatch.model.estimator import Kind, RiskModel, balanced_weights


@pytest.fixture(scope="module")
def data() -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    n = 6000
    x = rng.normal(size=(n, 3))
    x[rng.random(x.shape) < 0.15] = np.nan                      # missing values stay NaN
    risk = -3.5 + 1.2 * np.nan_to_num(x[:, 0])
    y = (rng.random(n) < 1 / (1 + np.exp(-risk))).astype(int)
    groups = np.repeat(np.arange(30), n // 30)
    return pd.DataFrame(x, columns=["a", "b", "c"]), y, groups


def test_parameters_clone_and_set_params() -> None:
    model = RiskModel(kind="logistic", C=0.5, calibration="isotonic", n_threads=1)
    params = model.get_params()
    assert params["kind"] == "logistic" and params["C"] == 0.5 and params["n_threads"] == 1
    twin = clone(model)
    assert twin is not model and twin.get_params() == params
    assert twin.set_params(kind="hgb", max_iter=20) is twin
    assert twin.kind == "hgb" and twin.max_iter == 20 and model.kind == "logistic"
    assert is_classifier(model)
    assert "RiskModel(" in repr(model)


@pytest.mark.parametrize("kind", ["hgb", "logistic"])
def test_fit_predict_proba_with_nan_and_groups(kind: Kind, data: tuple) -> None:
    x, y, groups = data
    model = RiskModel(kind=kind, max_iter=30, n_threads=1).fit(x, y, groups=groups)
    prob = model.predict_proba(x)
    assert prob.shape == (len(x), 2) and np.allclose(prob.sum(axis=1), 1)
    assert list(model.classes_) == [0, 1] and model.n_features_in_ == 3
    assert list(model.feature_names_in_) == ["a", "b", "c"]
    # calibrated: the mean probability is near the observed rate, not the weighted 0.5
    assert abs(prob[:, 1].mean() - y.mean()) < 0.02
    assert prob[np.nan_to_num(x["a"].to_numpy()) > 1, 1].mean() > prob[:, 1].mean()
    reordered = x[["c", "a", "b"]]
    assert np.allclose(model.predict_proba(reordered), prob)      # columns matched by name
    assert set(model.predict(x)) <= {0, 1}


def test_logistic_pipeline_imputes_with_missing_indicators(data: tuple) -> None:
    x, y, groups = data
    pipeline = RiskModel(kind="logistic").pipeline()
    assert [name for name, _ in pipeline.steps] == ["impute", "scale", "model"]
    assert pipeline.named_steps["impute"].add_indicator is True
    fitted = pipeline.fit(x, y)
    assert fitted.named_steps["model"].coef_.shape[1] == 6       # 3 values + 3 indicators


def test_works_with_cross_validation_and_numpy(data: tuple) -> None:
    x, y, _ = data
    model = RiskModel(kind="logistic", calibration="none")
    scores = cross_val_score(model, x.to_numpy(), y, cv=3, scoring="roc_auc")
    assert scores.mean() > 0.6


def test_balanced_weights_give_both_classes_the_same_total() -> None:
    y = np.array([0] * 90 + [1] * 10)
    w = balanced_weights(y)
    assert w[y == 1].sum() == pytest.approx(w[y == 0].sum()) == pytest.approx(50)


def test_bad_input_is_refused(data: tuple) -> None:
    x, y, groups = data
    with pytest.raises(ValueError, match="both 0"):
        RiskModel().fit(x, np.zeros(len(x)))
    with pytest.raises(ValueError, match="kind must be"):
        RiskModel(kind="forest").fit(x, y)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="at least 3 athletes"):
        RiskModel().fit(x, y, groups=np.where(y == 1, 0, groups))
    model = RiskModel(kind="logistic").fit(x, y, groups=groups)
    with pytest.raises(ValueError, match="lacks the feature"):
        model.predict_proba(x[["a", "b"]])
    with pytest.raises(ValueError, match="infinite"):
        model.predict_proba(x.assign(a=np.inf))


def test_calibration_folds_are_grouped_by_athlete(data: tuple) -> None:
    x, y, groups = data
    model = RiskModel(kind="logistic")
    for train, test in model._splits(y, groups):
        assert not set(groups[train]) & set(groups[test])

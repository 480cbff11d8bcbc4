"""The team's model in the store: only a model with the card of an evaluation that beat
chance is installed; it reads back predicting exactly as the file did; replace, remove,
audit and export. Every test runs on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from loadwatch.app.cli.main import main
from loadwatch.app.team_models import install_model, load_team_model, remove_model
from loadwatch.errors import LogError
from loadwatch.model.bundle import FittedModel, load_model
from loadwatch.store import Store, audit_events, export_tables
from loadwatch.store.athletes import ensure_team
from tests.model_builders import SmallSquad, carded, fitted_logistic, small_squad
from tests.store.support import count

TEAM = "Squad"


@pytest.fixture(scope="module")
def squad() -> SmallSquad:
    return small_squad()


@pytest.fixture(scope="module")
def fitted(squad: SmallSquad) -> FittedModel:
    return fitted_logistic(squad)


@pytest.fixture
def team_store(store: Store) -> Store:
    with store.write() as conn:
        ensure_team(conn, TEAM)
    return store


def test_only_a_model_whose_card_beat_chance_is_installed(team_store: Store,
                                                          fitted: FittedModel) -> None:
    with pytest.raises(LogError, match="no model card attached.*evaluate --save-model"):
        install_model(team_store, fitted, TEAM)
    with pytest.raises(LogError, match="did not beat chance.*The card says: No better than"):
        install_model(team_store, carded(fitted, beats_chance=False), TEAM)
    assert count(team_store, "team_models") == 0
    with pytest.raises(LogError, match="no team named 'Nobody'"):
        install_model(team_store, carded(fitted, beats_chance=True), "Nobody")
    assert load_team_model(team_store, TEAM) is None
    message = install_model(team_store, carded(fitted, True), TEAM, by="admin1")
    assert message.startswith("installed for team 'Squad'; therapists see its probabilities")


def test_the_stored_model_predicts_exactly_as_before(
        team_store: Store, fitted: FittedModel, squad: SmallSquad) -> None:
    install_model(team_store, carded(fitted, True), TEAM)
    stored = load_team_model(team_store, TEAM)
    assert stored is not None and stored.card is not None and "Better than chance" in stored.card
    assert_frame_equal(stored.predict(*squad.frames()), fitted.predict(*squad.frames()))
    # installing again replaces; removing leaves none; both are audited
    install_model(team_store, carded(fitted, True), TEAM, by="admin1")
    assert count(team_store, "team_models") == 1
    assert remove_model(team_store, TEAM, by="admin1") is True
    assert remove_model(team_store, TEAM) is False
    assert load_team_model(team_store, TEAM) is None
    assert audit_events(team_store)["action"].head(3).tolist() == \
        ["model.remove", "model.install", "model.install"]


def test_the_export_keeps_the_card_but_not_the_binary(team_store: Store, fitted: FittedModel,
                                                      tmp_path: Path) -> None:
    install_model(team_store, carded(fitted, True), TEAM)
    export_tables(team_store, tmp_path / "backup")
    table = pd.read_csv(tmp_path / "backup" / "team_models.csv")
    assert list(table.columns) == ["team_id", "team", "card", "metrics_json", "installed_by",
                                   "installed_at"]
    assert "Better than chance" in table["card"].iloc[0]


def test_the_commands_install_and_remove(team_store: Store, db_url: str, fitted: FittedModel,
                                         tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    bare, with_card = tmp_path / "bare.joblib", tmp_path / "with-card.joblib"
    fitted.save(bare)
    carded(fitted, True).save(with_card)
    assert main(["model", "install", str(bare), "--team", TEAM, "--db", db_url]) == 2
    err = capsys.readouterr().err
    assert "no model card attached" in err and "Traceback" not in err
    assert main(["model", "install", str(with_card), "--team", TEAM, "--db", db_url]) == 0
    assert "installed for team 'Squad'" in capsys.readouterr().out
    installed = load_team_model(team_store, TEAM)
    assert installed is not None and installed.metrics == load_model(with_card).metrics
    assert main(["model", "remove", "--team", TEAM, "--db", db_url]) == 0
    assert capsys.readouterr().out.strip() == "team 'Squad': model removed"

"""Saved column mappings (issue 13): kept per team and export profile, replaced when changed,
never seen by another team, audited without the headers."""

from __future__ import annotations

from loadwatch.ingest.mapping import ReadOptions
from loadwatch.store import Store, audit_events
from loadwatch.store.mappings import forget_mapping, save_mapping, saved_mapping

STRAVA = "strava_activities"


def test_a_saved_mapping_comes_back_for_its_team_and_profile_only(store: Store) -> None:
    options = ReadOptions(columns={"rpe": "Perceived Exertion"}, athlete="Runner 1",
                          duration_unit="s", timezone="Europe/Copenhagen")
    save_mapping(store, "Club A", STRAVA, options, by="coach1")
    assert saved_mapping(store, "Club A", STRAVA) == options
    assert saved_mapping(store, "Club A", "trainingpeaks_workouts") is None
    assert saved_mapping(store, "Club B", STRAVA) is None


def test_saving_again_replaces_and_forgetting_removes(store: Store) -> None:
    save_mapping(store, "Club A", STRAVA, ReadOptions(athlete="Runner 1"))
    save_mapping(store, "Club A", STRAVA, ReadOptions(athlete="Runner 2", merge_names=False))
    assert saved_mapping(store, "Club A", STRAVA) == ReadOptions(athlete="Runner 2",
                                                                 merge_names=False)
    assert forget_mapping(store, "Club A", STRAVA, by="admin1") is True
    assert forget_mapping(store, "Club A", STRAVA) is False
    assert saved_mapping(store, "Club A", STRAVA) is None


def test_saving_is_audited_with_the_profile_not_the_headers(store: Store) -> None:
    save_mapping(store, "Club A", STRAVA, ReadOptions(columns={"athlete": "Secret Name"}),
                 by="coach1")
    events = audit_events(store)
    row = events[events["action"] == "mapping.save"].iloc[-1]
    assert (row["actor"], row["detail"]) == ("coach1", f"profile={STRAVA}")
    assert not events["detail"].fillna("").str.contains("Secret").any()

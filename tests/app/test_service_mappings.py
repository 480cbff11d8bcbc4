"""Service door for saved mappings and the export preview (issue 13): coach or admin of the
team, refusals audited; the preview applies the team's saved mapping and says so."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from loadwatch.app.auth import AccessDenied, User
from loadwatch.app.service import Service
from loadwatch.ingest.mapping import ReadOptions
from loadwatch.store import audit_events

A, B = "Club A", "Club B"
COACH_A = User("coach_a", "coach", (A,))
COACH_B = User("coach_b", "coach", (B,))
PHYSIO_A = User("physio_a", "therapist", (A,))
STRAVA = (b"Activity ID,Activity Date,Activity Type,Moving Time,Perceived Exertion,"
          b"Training Load,Avg Notes\n"
          b'1,"Jan 8, 2024, 7:00:00 AM",Run,3600,5,80,easy\n'
          b'2,"Jan 9, 2024, 11:30:00 PM",Run,1800,,40,\n'
          b'3,"Jan 10, 2024, 6:00:00 PM",Run,2700,7,95,hills\n')


@pytest.fixture
def svc(tmp_path: Path) -> Iterator[Service]:
    service = Service.open(f"sqlite:///{tmp_path / 'maps.db'}")
    yield service
    service.store.close()


def test_a_coach_saves_a_mapping_that_the_next_preview_applies(svc: Service) -> None:
    first, used, applied = svc.preview_export(STRAVA, "activities.csv", A, user=COACH_A)
    assert (first.profile, applied) == ("strava_activities", False)
    assert first.error is not None and "--athlete NAME" in first.error
    svc.save_mapping(A, "strava_activities",
                     ReadOptions(athlete="Runner 1", timezone="Europe/Copenhagen"), user=COACH_A)
    preview, used, applied = svc.preview_export(STRAVA, "activities.csv", A, user=COACH_A)
    assert applied and used.athlete == "Runner 1" and preview.error is None
    assert preview.profile_name == "Strava activities" and preview.n_sessions == 3
    assert preview.fields["external_load"] == "Training Load"
    assert preview.fields["load_au"] == "not in this file"
    assert preview.ignored == ["Activity ID", "Avg Notes"]
    # 23:30 UTC on 9 January is 00:30 on 10 January in Copenhagen
    assert preview.rows["date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2024-01-08", "2024-01-10", "2024-01-10"]
    assert preview.rows["load_au"].tolist()[::2] == [300.0, 315.0]
    assert svc.saved_mapping(A, "strava_activities", user=COACH_A) == used


@pytest.mark.parametrize("user", [COACH_B, PHYSIO_A])
def test_another_team_or_a_therapist_is_refused_and_audited(svc: Service, user: User) -> None:
    with pytest.raises(AccessDenied):
        svc.save_mapping(A, "strava_activities", ReadOptions(athlete="X"), user=user)
    with pytest.raises(AccessDenied):
        svc.saved_mapping(A, "strava_activities", user=user)
    events = audit_events(svc.store)
    assert events.iloc[0]["action"] == "access.denied"
    assert events.iloc[0]["object_id"] == "saved_mapping"
    assert svc.saved_mapping(A, "strava_activities", user=COACH_A) is None

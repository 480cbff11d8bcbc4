"""Every dashboard page for every role with Streamlit's AppTest; clinical data never reaches a
coach; first run, sign-in and sign-out."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from loadwatch.app.team_models import load_team_model
from loadwatch.ingest.injuries import read_injuries
from loadwatch.ingest.log import read_log
from loadwatch.ingest.tables import read_roster_table
from loadwatch.store.db import open_store
from loadwatch.synthetic.cohorts import simulate_cohort
from loadwatch.synthetic.demo import COHORT, DEMO_TEAM
from loadwatch.vocab import LEVEL_NAMES
from tests.dashboards.conftest import APP, CLUB, PASSWORD, USERS, app_as, seen

from ui import DISCLAIMER, TEAM_KEY

ROLE_PAGES = {
    "coach": ["overview.py", "athlete.py", "upload.py", "report.py"],
    "therapist": ["overview.py", "watchlist.py", "athlete.py", "clinical.py", "report.py"],
    "admin": ["overview.py", "athlete.py", "upload.py", "report.py", "settings.py"],
}
ALL_PAGES = sorted({p for pages in ROLE_PAGES.values() for p in pages})
#: "no back-arching skills" is a restriction a coach must read (issue 17), not a symptom
SYMPTOM_WORDS = re.compile(r"(?<!back-)arching|night pain|back pain|left-sided|one-sided|"
                           r"bone stress", re.IGNORECASE)


def _texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [t.value for t in at.title]
    parts += [e.value for e in at.error] + [i.value for i in at.info]
    parts += [str(s.value) for s in at.subheader] + [c.value for c in at.caption]
    parts += [c.value for c in at.sidebar.caption]
    for frame in at.dataframe:
        parts.append(frame.value.to_string())
    return seen("\n".join(str(p) for p in parts))


def _open(role: str, page: str) -> AppTest:
    at = app_as(role)
    at.run()
    at.switch_page(f"views/{page}")
    at.run()
    return at


@pytest.mark.parametrize(("role", "page"), [(r, p) for r, pages in ROLE_PAGES.items()
                                            for p in pages])
def test_every_page_of_every_role_renders(db_env: str, role: str, page: str) -> None:
    at = _open(role, page)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title, "the page shows its title"
    assert "loadwatch supports decisions; it does not diagnose" in _texts(at)


@pytest.mark.parametrize("page", sorted(set(ALL_PAGES) - set(ROLE_PAGES["coach"])))
def test_a_coach_running_a_clinical_page_directly_is_stopped(db_env: str, page: str) -> None:
    at = app_as("coach", page)
    at.run()
    assert [e.value for e in at.error] == ["This page is not available for your role."]
    assert not at.dataframe and not at.text_input and not at.checkbox


def _without_disclaimer(text: str) -> str:
    return text.replace(DISCLAIMER, "")


@pytest.mark.parametrize("role", ["coach", "admin"])
def test_coach_views_show_referral_but_no_symptom_details(db_env: str, role: str) -> None:
    overview = _open(role, "overview.py")
    text = _without_disclaimer(_texts(overview))
    assert "REFER TO CLINICIAN" in text and "REFER URGENTLY" in text
    assert "referred to clinician — symptoms reported" in text
    assert not SYMPTOM_WORDS.search(text), SYMPTOM_WORDS.search(text)
    athlete = _open(role, "athlete.py")
    athlete.selectbox(key="athlete_choice").set_value("GYM-03").run()
    text = _without_disclaimer(_texts(athlete))
    assert "REFER TO CLINICIAN" in text and "referred to clinician" in text
    assert not SYMPTOM_WORDS.search(text), SYMPTOM_WORDS.search(text)


def test_therapist_sees_the_symptom_details_on_the_watch_list(db_env: str) -> None:
    at = _open("therapist", "watchlist.py")
    text = _texts(at)
    assert "GYM-03" in text and "worse when arching" in text
    assert "GYM-10" in text and "night pain" in text.lower()


def test_overview_lists_every_level_in_words(db_env: str) -> None:
    at = _open("coach", "overview.py")
    table = at.dataframe[0].value
    assert set(table["level_name"]) >= {"RED", "AMBER", "GREEN", "REFER TO CLINICIAN",
                                        "REFER URGENTLY", "NOT ENOUGH DATA"}
    rank = {name: i for i, name in enumerate(LEVEL_NAMES.values())}  # most serious first
    order = [rank[name] for name in table["level_name"]]
    assert order == sorted(order), "worst first"


def test_therapist_check_in_turns_an_athlete_to_refer(db_env: str) -> None:
    at = _open("therapist", "clinical.py")
    at.selectbox(key="clinical_athlete").set_value("GYM-12").run()
    at.checkbox(key="ci_pain").check()
    at.selectbox(key="ci_side").set_value("right")
    at.checkbox(key="ci_arching").check()
    at.button[0].click().run()  # the form's "Save check-in"
    assert any("Check-in saved" in s.value for s in at.success), [e.value for e in at.exception]
    watch = _open("therapist", "watchlist.py")
    assert "GYM-12" in _texts(watch)


def test_settings_refuse_an_unknown_threshold_and_accept_a_valid_one(db_env: str) -> None:
    at = _open("admin", "settings.py")
    at.text_area(key="config_text").set_value("[acwr]\namber_abvoe = 1.2\n")
    at.button(key="config_save").click().run()
    assert any("amber_above" in seen(e.value) for e in at.error)
    at.text_area(key="config_text").set_value("[acwr]\namber_above = 1.25\n")
    at.button(key="config_save").click().run()
    assert any("Saved" in s.value for s in at.success)
    at.text_area(key="config_text").set_value("")
    at.button(key="config_save").click().run()  # back to the defaults for other tests


def test_first_run_creates_the_admin(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    open_store(url).close()
    monkeypatch.setenv("LOADWATCH_DB", url)
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    assert at.title[0].value == "Welcome to loadwatch"
    inputs = at.text_input
    inputs[0].set_value("headcoach")
    inputs[1].set_value("short")
    inputs[2].set_value("short")
    at.button[0].click().run()
    assert any("at least 12 characters" in e.value for e in at.error)
    at.text_input[1].set_value(PASSWORD)
    at.text_input[2].set_value(PASSWORD)
    at.button[0].click().run()
    assert at.session_state["user"].role == "admin"
    assert at.title[0].value == "Team overview"


def test_sign_in_checks_the_password_and_sign_out_clears_the_session(db_env: str) -> None:
    at = app_as(None)
    at.run()
    at.text_input[0].set_value(USERS["coach"].username)
    at.text_input[1].set_value("wrong password!")
    at.button[0].click().run()
    assert [e.value for e in at.error] == ["Unknown username or wrong password."]
    at.text_input[1].set_value(PASSWORD)
    at.button[0].click().run()
    assert at.session_state["user"].username == "coach1"
    at.session_state["team"] = "Gymnastics club"
    at.button(key="sign_out").click().run()
    assert "user" not in at.session_state and "team" not in at.session_state
    at.run()
    assert [t.label for t in at.text_input] == ["Username", "Password"]


def _athlete_page(role: str, team: str, athlete: str) -> AppTest:
    at = app_as(role)
    at.session_state[TEAM_KEY] = team
    at.run()
    at.switch_page("views/athlete.py")
    at.run()
    at.selectbox(key="athlete_choice").set_value(athlete).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_therapist_sees_the_model_probability_beside_its_card(db_env: str) -> None:
    at = _athlete_page("therapist", DEMO_TEAM, "SIM-007")
    # the same squad, simulated again from its seed and read from files, not from the store
    folder_squad = simulate_cohort(**COHORT)  # type: ignore[arg-type]
    with open_store(db_env) as store:
        fitted = load_team_model(store, DEMO_TEAM)
    assert fitted is not None
    table = fitted.predict(read_log(folder_squad.csv("sessions")),
                           read_injuries(folder_squad.csv("injuries")),
                           read_roster_table(folder_squad.csv("roster")))
    week = at.selectbox(key="athlete_week").value
    days = table[(table["athlete"] == "SIM-007") & (table["date"] >= week)
                 & (table["date"] < week + pd.Timedelta(days=7))]
    expected = days[fitted.probability_column].iloc[-1]
    [metric] = [m for m in at.metric if m.label.startswith("Modelled probability")]
    assert metric.label == "Modelled probability of an injury onset within 7 days"
    assert metric.value == f"{expected:.1%}"
    text = _texts(at)
    m = fitted.metrics
    assert m is not None
    low, high = m["roc_auc_ci"]
    assert f"ROC AUC {m['roc_auc']:.2f}** (95 % CI {low:.2f}–{high:.2f})" in text
    assert f"{m['n_events']} injury events ({m['n_events_test']} in the test part)" in text
    assert "Better than chance" in text
    [card] = [e for e in at.expander if e.label == "Model card"]
    assert "Model card — loadwatch injury-risk model" in card.markdown[0].value


@pytest.mark.parametrize(("role", "team"), [("coach", DEMO_TEAM), ("admin", DEMO_TEAM),
                                            ("therapist", CLUB)])
def test_no_model_no_probability_and_never_for_a_coach(db_env: str, role: str,
                                                       team: str) -> None:
    athlete = "SIM-007" if team == DEMO_TEAM else "GYM-03"
    at = _athlete_page(role, team, athlete)
    assert "Model second opinion" not in _texts(at)
    assert not [m for m in at.metric if "probability" in m.label.lower()]
    assert not [e for e in at.expander if e.label == "Model card"]


@pytest.mark.parametrize("role", ["coach", "therapist"])
def test_every_red_says_why_and_what_to_do_next_week(db_env: str, role: str) -> None:
    """Issue 14: a red athlete's page says why above its flags, then next week's plan; the
    overview lists every red and referral with both; grades carry their legend; Y4/Y5 (12
    months of logs) are one line per team, not a flag on every athlete."""
    overview = _open(role, "overview.py")
    table = overview.dataframe[0].value
    reds = sorted(table.loc[table["level_name"] == LEVEL_NAMES["red"], "athlete"])
    assert reds, "the sample club has red athletes"
    text = _texts(overview)
    assert "Red and referred: why, and next week" in text
    assert "Not judged for anyone on this team yet — Y4 months in the main sport" in text
    page = _open(role, "athlete.py")
    page.selectbox(key="athlete_choice").set_value(reds[0]).run()
    lines = [m.value for m in page.markdown]
    why = next(i for i, line in enumerate(lines) if line.startswith("**Why:** RED — "))
    assert lines[why + 1].startswith("**Next week:** ")
    assert "AU" in lines[why + 1] and "in the week of" in lines[why + 1]
    flags = [line for line in lines if "Evidence:" in line]
    assert flags and not any("**Y4 " in line or "**Y5 " in line for line in lines)
    assert any(c.value.startswith("Evidence grades: E1 = ") for c in page.caption)


# --- issue 15: a club trusts the dashboard on Monday morning --------------------------------

PARTIAL = ("GYM-05", "GYM-06", "GYM-07")  # the only athletes who logged the new week
NEW_WEEK = pd.Timestamp("2026-11-23")  # 2026-W48
FULL_WEEK = pd.Timestamp("2026-11-16")  # 2026-W47: all 20 athletes


def _partial_upload(url: str) -> None:
    """A coach uploads one week for 3 of the club's 20 athletes."""
    rows = ["athlete,date,sport,start_time,duration_min,rpe,session_type,day_status,"
            "extension_reps"]
    rows += [f"{a},{d},gymnastics,16:00,140,6,training,,60" for a in PARTIAL
             for d in ("2026-11-23", "2026-11-25", "2026-11-27")]
    from loadwatch.app.service import Service

    service = Service.open(url)
    try:
        service.store_upload("\n".join(rows).encode(), "w48.csv", CLUB, user=USERS["coach"],
                             column_map=None, dayfirst=None, skip_invalid=False)
    finally:
        service.store.close()


@pytest.fixture(scope="module")
def partial_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The sample club and the football team, then a partial upload of a new week."""
    from tests.dashboards.conftest import seed_store

    url = seed_store(tmp_path_factory.mktemp("partial"))
    _partial_upload(url)
    return url


@pytest.fixture
def partial_env(partial_db: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("LOADWATCH_DB", partial_db)
    return partial_db


@pytest.fixture
def written_env(partial_db: str, tmp_path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A copy of the partial store for tests that write."""
    import shutil

    path = tmp_path / "loadwatch.db"
    shutil.copy(partial_db.removeprefix("sqlite:///"), path)
    monkeypatch.setenv("LOADWATCH_DB", f"sqlite:///{path}")
    return f"sqlite:///{path}"


def _clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def _weeks(at: AppTest, key: str) -> list[pd.Timestamp]:
    return list(at.selectbox(key=key).options)


@pytest.mark.parametrize(("role", "page", "key"), [
    ("coach", "overview.py", "overview_week"), ("therapist", "overview.py", "overview_week"),
    ("therapist", "watchlist.py", "watch_week"), ("coach", "report.py", "report_week"),
    ("coach", "gaps.py", None), ("therapist", "clinical.py", None),
    ("admin", "settings.py", None),
])
def test_every_page_and_week_after_a_partial_upload(partial_env: str, role: str, page: str,
                                                    key: str | None) -> None:
    at = _open(role, page)
    _clean(at)
    if key is None:
        return
    box = at.selectbox(key=key)
    assert box.value == FULL_WEEK, "every page opens on the latest week with most athletes"
    for index in range(len(box.options)):
        at.selectbox(key=key).select_index(index).run()
        _clean(at)


def test_every_athlete_and_week_on_the_athlete_page(partial_env: str) -> None:
    at = _open("coach", "athlete.py")
    assert at.selectbox(key="athlete_week").value == FULL_WEEK
    athletes = list(at.selectbox(key="athlete_choice").options)
    assert len(athletes) == 20
    for week in (NEW_WEEK, FULL_WEEK):
        at.selectbox(key="athlete_week").set_value(week).run()
        for athlete in athletes:
            at.selectbox(key="athlete_choice").set_value(athlete).run()
            _clean(at)
            shown = [i.value for i in at.info if i.value.startswith("No data for")]
            assert bool(shown) == (week == NEW_WEEK and athlete not in PARTIAL), athlete
    at.selectbox(key="athlete_choice").set_value("GYM-01").run()
    for index in range(len(_weeks(at, "athlete_week"))):
        at.selectbox(key="athlete_week").select_index(index).run()
        _clean(at)


def test_an_athlete_without_data_that_week_gets_a_sentence(partial_env: str) -> None:
    at = _open("therapist", "athlete.py")
    at.selectbox(key="athlete_choice").set_value("GYM-01").run()
    at.selectbox(key="athlete_week").set_value(NEW_WEEK).run()
    _clean(at)
    assert [seen(i.value) for i in at.info if i.value.startswith("No data")] == [
        "No data for GYM-01 in 2026-W48 (23 Nov) — last logged 21 Nov 2026."]
    assert ("Showing 2026-W48 (23 Nov): data for 3 of 20 athletes (pages open on 2026-W47 "
            "(16 Nov)).") in [c.value for c in at.caption]
    assert not at.metric, "no tiles without a week of data"


def test_the_overview_says_which_week_and_who_has_no_data(partial_env: str) -> None:
    at = _open("coach", "overview.py")
    captions = [c.value for c in at.caption]
    assert "Showing 2026-W47 (16 Nov), the latest week with data for 20 of 20 athletes." \
        in captions
    at.selectbox(key="overview_week").set_value(NEW_WEEK).run()
    missing = [seen(m.value) for m in at.markdown if "have no data" in m.value]
    assert missing == ["17 athletes have no data in 2026-W48 (23 Nov): GYM-01, GYM-02, GYM-03, "
                       "GYM-04, GYM-08, GYM-09, GYM-10, GYM-11, GYM-12, GYM-13, GYM-14, GYM-15, "
                       "GYM-16, GYM-17, GYM-18, GYM-19, GYM-20."]
    assert sorted(at.dataframe[0].value["athlete"]) == list(PARTIAL)


STANDING = {  # coach words: who, since when; no symptom detail
    "GYM-10": "- :violet-background[**REFER URGENTLY**] **GYM-10** — referred urgently to a "
              "clinician (check-in of 20 Nov); listed until a clinician records a new check-in",
    "GYM-03": "- :violet[**REFER TO CLINICIAN**] **GYM-03** — referred to a clinician "
              "(check-in of 18 Nov); listed until a clinician records a new check-in",
    "GYM-09": "- :blue-background[**RESTRICTED**] **GYM-09** — restricted: at most 300 "
              "extension reps a week (clinician plan)",
}


def _standing(at: AppTest) -> list[str]:
    found = [seen(m.value) for m in at.markdown if m.value.startswith("- ")
             and ("listed until" in m.value or "RESTRICTED" in m.value)]
    return found[0].split("\n") if found else []


@pytest.mark.parametrize(("role", "page", "key"), [("coach", "overview.py", "overview_week"),
                                                   ("therapist", "watchlist.py", "watch_week")])
def test_referrals_stand_in_every_week_until_a_clinician_clears_them(
        written_env: str, role: str, page: str, key: str) -> None:
    at = _open(role, page)
    for index in range(len(_weeks(at, key))):
        at.selectbox(key=key).select_index(index).run()
        lines = _standing(at)
        assert [line.split("**")[3] for line in lines] == ["GYM-10", "GYM-03", "GYM-09"], index
        if role == "coach":
            assert lines == list(STANDING.values())
            assert not SYMPTOM_WORDS.search("\n".join(lines))
        else:
            assert "night pain" in lines[0] and "worse when arching" in lines[1]
    clinic = _open("therapist", "clinical.py")
    clinic.selectbox(key="clinical_athlete").set_value("GYM-03").run()
    clinic.date_input(key="ci_date").set_value(pd.Timestamp("2026-11-24").date())
    clinic.button[0].click().run()  # a pain-free check-in: "Save check-in"
    _clean(clinic)
    assert [seen(s.value) for s in clinic.success] == [
        "Check-in saved for GYM-03. The athlete's level is updated for the week of the "
        "check-in (see the watch list)."]
    at = _open(role, page)
    assert [line.split("**")[3] for line in _standing(at)] == ["GYM-10", "GYM-09"]


def test_a_saved_note_and_plan_are_listed_at_once(written_env: str) -> None:
    at = _open("therapist", "clinical.py")
    at.selectbox(key="clinical_athlete").set_value("GYM-12").run()
    assert "No clinician plan for this athlete." in [m.value for m in at.markdown]
    at.text_area(key="note_text").set_value("Spoke with the athlete after training.")
    at.button(key="FormSubmitter:note-Save note").click().run()
    _clean(at)
    assert [seen(s.value) for s in at.success] == ["Note saved for GYM-12."]
    assert any(seen(m.value).endswith("(physio1): Spoke with the athlete after training.")
               for m in at.markdown)
    at.number_input(key="plan_cap").set_value(900)
    at.selectbox(key="plan_kind").set_value("cap_load_au_per_week")
    at.button(key="FormSubmitter:plan-Save plan").click().run()
    _clean(at)
    assert [seen(s.value) for s in at.success] == ["Plan saved for GYM-12."]
    assert "No clinician plan for this athlete." not in [m.value for m in at.markdown]
    plans = at.dataframe[0].value
    assert plans.values.tolist() == [["Cap on sRPE load (AU) per week", "900",
                                      pd.Timestamp.today().strftime("%d %b %Y"), "none set"]]


def test_a_cap_plan_without_its_cap_is_refused_with_the_reason(written_env: str) -> None:
    """The form's weekly cap left at 0 for a cap restriction: nothing is stored (it was stored
    without a cap, and the athlete stayed 'full' for the coach)."""
    at = _open("therapist", "clinical.py")
    at.selectbox(key="clinical_athlete").set_value("GYM-14").run()
    at.selectbox(key="plan_kind").set_value("cap_extension_reps_per_week")
    at.button(key="FormSubmitter:plan-Save plan").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [seen(e.value) for e in at.error] == [
        "Not saved: a weekly-cap restriction needs its cap (reps or AU a week)."]
    assert not at.success
    assert "No clinician plan for this athlete." in [m.value for m in at.markdown]


def test_report_downloads_belong_to_their_week(partial_env: str) -> None:
    at = _open("coach", "report.py")
    at.button(key="report_prepare").click().run()
    _clean(at)
    names = [seen(b.label) for b in at.get("download_button")]
    assert len(names) == 4 and all("2026-W47" in n for n in names), names
    at.selectbox(key="report_week").set_value(NEW_WEEK).run()
    assert not at.get("download_button"), "last week's files are gone when the week changes"


def test_the_sample_club_is_offered_only_into_an_empty_store(partial_env: str) -> None:
    at = _open("admin", "settings.py")
    assert ("The sample club can be loaded only into an empty database; this one already "
            "holds 2 teams.") in [i.value for i in at.info]
    assert not [b for b in at.button if b.key == "load_sample"]


def test_an_unexpected_error_shows_an_id_and_logs_no_personal_data(
        partial_env: str, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    from loadwatch.views.teamview import TeamView

    def broken(self: TeamView, athlete: str, week: pd.Timestamp) -> None:
        raise KeyError(athlete)

    monkeypatch.setattr(TeamView, "athlete_summary", broken)
    with caplog.at_level("ERROR", logger="loadwatch.dashboard"):
        at = _open("coach", "athlete.py")
    assert not at.exception
    [message] = [e.value for e in at.error]
    match = re.fullmatch(r"Something went wrong \(error ([A-Z2-9]{6})\); the details are in "
                         r"the server log\. Please tell your administrator the error id\.",
                         message)
    assert match, message
    [record] = [r for r in caplog.records if r.name == "loadwatch.dashboard"]
    assert re.fullmatch(rf"dashboard error {match[1]}: KeyError at test_pages.py:\d+ "
                        r"\(page athlete.py:\d+\)", record.getMessage()), record.getMessage()
    assert "GYM" not in record.getMessage()


def test_the_clinical_report_holds_a_note_saved_today(written_env: str) -> None:
    at = _open("therapist", "clinical.py")
    at.selectbox(key="clinical_athlete").set_value("GYM-04").run()
    at.text_area(key="note_text").set_value("Reviewed the plan with the athlete.")
    at.button(key="FormSubmitter:note-Save note").click().run()
    report = _open("therapist", "report.py")
    report.checkbox(key="report_clinical").check().run()
    report.button(key="report_prepare").click().run()
    _clean(report)
    labels = [b.label for b in report.get("download_button")]
    assert len(labels) == 4 and all("clinical" in label for label in labels), labels
    files = report.session_state["report_files"]  # what the download buttons hand out
    [html] = [payload for name, (_, payload) in files.items() if name.endswith(".html")]
    assert b"<h2>Clinical notes (" in html
    assert b"Reviewed the plan with the athlete." in html


def test_an_empty_cell_shows_a_dash_and_full_columns_stay_numbers() -> None:
    """The overview_shown table is already rounded half up (1.305 → 1.31, spec §4.9)."""
    from ui import OVERVIEW_COLUMNS, Overview, overview_cells

    table = pd.DataFrame({Overview.PRIMARY: [1.31, None], Overview.WEEKLY_LOAD: [2610.0, 90.0],
                          Overview.CHANGE_PCT: [None, None]})
    cells, config = overview_cells(table)
    assert cells.values.tolist() == [["1.31", 2610.0, "—"], ["—", 90.0, "—"]]
    assert config[Overview.WEEKLY_LOAD] is OVERVIEW_COLUMNS[Overview.WEEKLY_LOAD]
    assert config[Overview.PRIMARY]["type_config"]["type"] == "text"

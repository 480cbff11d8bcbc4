"""The therapist's record (issue 17): injury episodes, treatment log, the graded return plan
(generate from the athlete's own weeks, edit, approve, tick after a symptom-free back check)
and one timeline of load, flags, check-ins and episodes. Therapist role; an admin sees only
the erase action (a family's request to delete)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from loadwatch.app.clinic import (
    ADHERENCE_TEXT,
    EPISODE_COLUMNS,
    EPISODE_STATUS_WORDS,
    MECHANISMS,
    REGIONS,
    STAGE_COLUMNS,
)
from loadwatch.app.words import SIDES

import ui

user = ui.start_page("therapist", "admin")
team = ui.team_picker(user)
st.title("Injury episodes and return plans" if user.role == "therapist" else "Erase an athlete")
if team is None:
    st.stop()
svc = ui.service()
view = svc.team_view(team, user=user, clinical=user.role == "therapist")
if view is None:
    st.info("No athletes yet.")
    st.stop()
ui.show_flash()

if user.role == "admin":
    st.write("A family's request to delete: every row about the athlete leaves every table "
             "(load, check-ins, notes, episodes, plans, links) and the audit log keeps the "
             "events under a one-way code. There is no undo — make a backup first.")
    with st.form("erase"):
        athlete = st.selectbox("Athlete", view.athletes, key="erase_athlete")
        confirm = st.text_input("Type the athlete's id again to confirm", key="erase_confirm")
        if st.form_submit_button("Erase every trace of this athlete"):
            try:
                said = svc.erase_athlete(team, athlete, user=user, confirm=confirm)
                ui.flash(ui.plain_text(said))
            except ValueError as exc:
                st.error(ui.plain_text(str(exc)))
    st.stop()

athlete = st.selectbox("Athlete", view.athletes, key="episode_athlete")
st.markdown(f"Availability (what coaches see): "
            f"**{ui.plain_text(svc.athlete_availability(team, athlete, user=user))}**")
episodes = svc.episodes(team, user=user, athlete=athlete)

with st.expander("Open an injury episode", expanded=episodes.empty):
    with st.form("episode", clear_on_submit=True):
        onset = st.date_input("Onset", value=dt.date.today(), max_value=dt.date.today(),
                              key="ep_onset")
        region = st.selectbox("Body region", REGIONS, key="ep_region",
                              format_func=lambda r: r.replace("_", " "))
        side = st.selectbox("Side", ["(not recorded)", *SIDES], key="ep_side")
        mechanism = st.selectbox("Mechanism", MECHANISMS, key="ep_mechanism")
        diagnosis = st.text_input("Working diagnosis (clinician's words; never shown to "
                                  "coaches)", key="ep_diagnosis")
        ordered = st.text_input("Imaging ordered", key="ep_imaging_ordered")
        result = st.text_input("Imaging result", key="ep_imaging_result")
        if st.form_submit_button("Open episode"):
            svc.open_episode(team, athlete, user=user, onset=onset, mechanism=mechanism,
                             region=region, side=None if side.startswith("(") else side,
                             diagnosis=diagnosis, imaging_ordered=ordered,
                             imaging_result=result)
            ui.flash(f"Episode opened for {ui.plain_text(athlete)}.")

if episodes.empty:
    st.write("No injury episode for this athlete.")
    st.stop()
shown = episodes.assign(status=episodes["status"].map(EPISODE_STATUS_WORDS),
                        body_region=episodes["body_region"].str.replace("_", " "))
ui.table(shown.rename(columns=EPISODE_COLUMNS)[list(EPISODE_COLUMNS.values())],
             hide_index=True, width="stretch")
ids = episodes["episode_id"].tolist()
episode = st.selectbox("Episode", ids, key="episode_choice", format_func=lambda i: (
    f"onset {episodes.set_index('episode_id').loc[i, 'onset_date']:%d %b %Y} · "
    f"{episodes.set_index('episode_id').loc[i, 'body_region'].replace('_', ' ')}"))
plan_tab, treatment_tab, timeline_tab = st.tabs(["Return plan", "Treatment log", "Timeline"])

with plan_tab:
    plan, stages = svc.return_plan(team, episode, user=user)
    if plan is None:
        st.write("No return plan yet. The generator proposes five stages with weekly caps "
                 "built from this athlete's own typical week before the onset.")
        start = st.date_input("Plan starts on", value=dt.date.today(), key="plan_start")
        if st.button("Generate a return plan", key="plan_generate"):
            try:
                svc.propose_return_plan(team, episode, user=user, start=start)
                ui.flash("Return plan proposed: check the caps, edit them, then approve.")
            except ValueError as exc:
                st.error(ui.plain_text(str(exc)))
    else:
        base = (f"Typical week before the onset (median of {plan['base_weeks']} complete "
                f"week(s)): {plan['base_minutes'] or 0:,.0f} min, "
                f"{plan['base_srpe_au'] or 0:,.0f} AU sRPE, "
                f"{plan['base_extension'] or 0:,.0f} extension {view.extension_unit}.")
        st.caption(base)
        table = stages.rename(columns=STAGE_COLUMNS)
        if plan["status"] == "draft":
            edited = st.data_editor(table, hide_index=True, width="stretch",
                                    disabled=["Stage", "Stage name", "Ticked by"],
                                    key="plan_editor")
            if st.button("Approve plan", key="plan_approve", type="primary"):
                back = {v: k for k, v in STAGE_COLUMNS.items()}
                svc.approve_return_plan(team, plan["id"], user=user,
                                        stages=edited.rename(columns=back))
                ui.flash("Plan approved: stage 1 is the athlete's clinician plan now.")
        else:
            ui.table(table, hide_index=True, width="stretch")
            st.markdown(f"Plan **{plan['status']}**, stage **{plan['current_stage']}** of "
                        f"{len(stages)}.")
            over = svc.return_adherence(team, athlete, user=user)
            if len(over) and over["over_cap"].any():
                st.warning(ADHERENCE_TEXT(over))
            if plan["status"] == "approved":
                on = st.date_input("Next stage starts on", value=dt.date.today(),
                                   key="plan_next")
                if st.button("Symptom-free back check done: move to the next stage",
                             key="plan_advance"):
                    try:
                        stage, reason = svc.advance_return_plan(team, episode, user=user, on=on)
                        ui.flash(f"Stage {stage} begins ({ui.plain_text(reason)}).")
                    except ValueError as exc:
                        st.error(ui.plain_text(str(exc)))

with treatment_tab:
    log = svc.treatments(team, episode, user=user)
    if log.empty:
        st.write("No treatment logged yet.")
    else:
        ui.table(log, hide_index=True, width="stretch")
    with st.form("treatment", clear_on_submit=True):
        day = st.date_input("Date", value=dt.date.today(), key="tr_date")
        what = st.text_area("What was done", key="tr_what")
        review = st.date_input("Next review", value=None, key="tr_review")
        if st.form_submit_button("Log treatment") and what.strip():
            svc.add_treatment(team, episode, user=user, day=day, treatment=what.strip(),
                              next_review=review)
            ui.flash("Treatment logged.")

with timeline_tab:
    line = svc.timeline(team, athlete, user=user)
    ui.table(line.rename(columns={
        "week_start": "Week", "level": "Level", "load_au": "Load (AU)",
        "pain_reported": "Back pain reported", "pain_free_checks": "Pain-free checks",
        "episode": "Episode"}), hide_index=True, width="stretch")

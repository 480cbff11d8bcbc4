"""Therapist tools: symptom check-in (with red-flag items), clinician plan and its adherence,
clinical notes. Every write lands in the audit log. Therapist role only."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from loadwatch.app.words import RESTRICTION_WORDS, RESTRICTIONS, SIDES

import ui

user = ui.start_page("therapist")
team = ui.team_picker(user)
st.title("Check-ins, plans and notes")
if team is None:
    st.stop()
svc = ui.service()
view = svc.team_view(team, user=user, clinical=True)
if view is None:
    st.info("No athletes yet.")
    st.stop()
athlete = st.selectbox("Athlete", view.athletes, key="clinical_athlete")
ui.show_flash()
check_tab, plan_tab, notes_tab = st.tabs(["Symptom check-in", "Clinician plan", "Notes"])

with check_tab, st.form("checkin", clear_on_submit=True):
    day = st.date_input("Date", value=dt.date.today(), key="ci_date")
    pain = st.checkbox("Low back pain", key="ci_pain")
    side = st.selectbox("Side", ["(not reported)", *SIDES], key="ci_side")
    arching = st.checkbox("Worse when arching / extending", key="ci_arching")
    onset = st.date_input("Pain started on", value=None, key="ci_onset")
    score = st.slider("Pain (0–10)", 0, 10, 0, key="ci_score")
    limits = st.checkbox("Limits training", key="ci_limits")
    st.markdown("**Red-flag items** (refer urgently when present with back pain)")
    flags = {key: st.checkbox(label, key=f"ci_{key}") for key, label in svc.red_flag_items()}
    if st.form_submit_button("Save check-in"):
        svc.add_checkin(team, athlete, user=user, date=day, back_pain=pain,
                        side=None if side == "(not reported)" else side,
                        worse_arching=arching, onset=onset, pain=score,
                        limits_training=limits, red_flags=flags)
        ui.flash(f"Check-in saved for {ui.plain_text(athlete)}. The athlete's level is updated "
                 "for the week of the check-in (see the watch list).")

with plan_tab:
    with st.form("plan", clear_on_submit=True):
        kind = st.selectbox("Restriction", RESTRICTIONS, key="plan_kind",
                            format_func=lambda k: RESTRICTION_WORDS.get(k, k))
        cap = st.number_input("Weekly cap (reps or AU, for the two caps)", min_value=0,
                              value=0, key="plan_cap")
        start = st.date_input("Start", value=dt.date.today(), key="plan_start")
        review = st.date_input("Review date", value=None, key="plan_review")
        if st.form_submit_button("Save plan"):
            try:
                svc.add_plan(team, athlete, user=user, restriction=kind, cap=cap or None,
                             start=start, review=review)
                ui.flash(f"Plan saved for {ui.plain_text(athlete)}.")
            except ValueError as exc:  # a cap plan without its cap, a review before the start
                reasons = "; ".join(p.message for p in getattr(exc, "problems", []))
                st.error(ui.plain_text(f"Not saved: {reasons or exc}."))
    plans = view.athlete_plans(athlete)
    adherence = view.plan_adherence(athlete)
    if plans.empty:
        st.write("No clinician plan for this athlete.")
    else:
        ui.table(plans, hide_index=True, width="stretch")
    if adherence.empty and not plans.empty:
        st.write("No logged week under an active plan yet.")
    elif not adherence.empty:
        ui.table(adherence, hide_index=True, width="stretch")
        st.caption("Plan check: the clinician-plan rule's level in each week of an active plan.")

with notes_tab:
    for note in svc.notes(team, athlete, user=user):
        st.markdown(f"**{note['created_at']:%d %b %Y}** ({ui.plain_text(note['author'])}): "
                    f"{ui.plain_text(note['text'])}")
    with st.form("note", clear_on_submit=True):
        text = st.text_area("New note (visible to therapists only)", key="note_text")
        if st.form_submit_button("Save note") and text.strip():
            svc.add_note(team, athlete, text.strip(), user=user)
            ui.flash(f"Note saved for {ui.plain_text(athlete)}.")

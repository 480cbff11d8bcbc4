"""Who answered (issue 16): this week's self-reports, the 4-week response rates, athletes
missing two weeks in a row, and the athlete-reported sessions beside the coach's log (the
coach's value wins). Therapists also see the team's referral mails (opening this page marks
them seen); admins see every mail's delivery and can send failed ones again."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from loadwatch.app.compliance import team_rates

import ui

user = ui.start_page("coach", "therapist", "admin")
team = ui.team_picker(user)
st.title("Athlete check-ins")
if team is None:
    st.stop()
svc = ui.service()
week = st.date_input("Week of", value=dt.date.today(), key="compliance_week",
                     help="Any day of the week to show; rates cover it and the 3 weeks before.")
table = svc.compliance(team, user=user, week=week)
rates = team_rates(table)
st.markdown(f"This week: **{rates['back_checks_this_week']} of {rates['athletes']}** athletes "
            f"did the back check; **{rates['sessions_this_week']}** session(s) reported. "
            f"Over 4 weeks: back check {rates['back_check_rate']:.0%}, session form "
            f"{rates['session_rate']:.0%} of the weeks asked.")
missing = table[table["missing_two_weeks"]]
if len(missing):
    st.warning(f"{len(missing)} athlete(s) missed the back check two weeks in a row: "
               + ", ".join(ui.plain_text(a) for a in missing["athlete"]))
ui.table(
    table, hide_index=True, width="stretch",
    column_config={
        "athlete": st.column_config.TextColumn("Athlete"),
        "sessions_this_week": st.column_config.NumberColumn("Sessions this week"),
        "back_check_this_week": st.column_config.CheckboxColumn("Back check this week"),
        "exempt_this_week": st.column_config.CheckboxColumn("Session form exempt"),
        "back_check_rate": st.column_config.NumberColumn("Back check, 4 weeks",
                                                         format="percent"),
        "session_rate": st.column_config.NumberColumn("Sessions, 4 weeks", format="percent"),
        "missing_two_weeks": st.column_config.CheckboxColumn("Missed 2 weeks"),
    })
st.caption("Athletes on a clinician plan are exempt from the session form, not from the "
           "back check.")

st.subheader("Athlete-reported sessions")
reported = svc.athlete_reported(team, user=user)
if reported.empty:
    st.write("No athlete-reported sessions yet.")
else:
    differ = reported[reported["used"] == "coach"]
    st.write(f"{len(reported)} athlete-reported session(s); {len(differ)} on a day the "
             "coach's log also has — there the coach's value is used, never both.")
    ui.table(reported, hide_index=True, width="stretch", column_config={
        "used": st.column_config.TextColumn("Value used"),
        "load_difference": st.column_config.NumberColumn("Athlete − coach (AU)",
                                                         format="%+.0f")})

if user.role == "therapist":
    seen = svc.open_referral_alerts(team, user=user)
    if seen:
        st.info(f"{seen} referral mail(s) marked as seen by you. The athletes are on the "
                "watch list.")
if user.role == "admin":
    st.subheader("Mail delivery")
    mails = svc.alerts_table(user=user)
    failed = mails[mails["status"] == "failed"]
    if len(failed):
        st.error(f"{len(failed)} mail(s) could not be sent: {failed['last_error'].iloc[0]}")
        if st.button("Send failed mails again", key="retry_mail"):
            sent, failing = svc.retry_alerts(user=user)
            st.success(f"{sent} sent, {failing} still failing.")
    ui.table(mails, hide_index=True, width="stretch")

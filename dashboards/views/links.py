"""Personal links (issue 16): the roster with each athlete's link state; a new link (athlete
or guardian) with its QR code to print or send. A link is shown once — only its hash is
stored — and a new one stops the old. Coaches and admins."""

from __future__ import annotations

import streamlit as st

import ui

user = ui.start_page("coach", "admin")
team = ui.team_picker(user)
st.title("Athlete links")
if team is None:
    st.stop()
svc = ui.service()
roster = svc.team_links(team, user=user)
st.write("Each athlete gets a personal link (no password) for the session form and the weekly "
         "back check. Athletes under the team's consent age need a guardian's consent first: "
         "give the guardian their own link.")
ui.table(roster.drop(columns="athlete_id"), hide_index=True, width="stretch")
if roster.empty:
    st.stop()
with st.form("new_link"):
    athlete = st.selectbox("Athlete", roster["athlete"].astype(str).tolist(), key="link_athlete")
    kind = st.radio("Link for", ["athlete", "guardian"], horizontal=True, key="link_kind")
    email = st.text_input("E-mail for weekly reminders (optional)", key="link_email")
    make = st.form_submit_button("Make a new link")
if make:
    try:
        new = svc.athlete_link(team, athlete, user=user, kind=kind, email=email or None)
    except ValueError as exc:
        st.error(ui.plain_text(exc))
    else:
        st.success(f"New {kind} link for {ui.plain_text(athlete)} (expires "
                   f"{new.expires_at:%d %b %Y}). Copy it now: it is not shown again.")
        st.code(new.url, language=None)
        st.image(new.qr_png(), caption="Scan to open", width=200)
if st.button("Revoke every link of this athlete", key="link_revoke"):
    count = svc.revoke_athlete_links(team, athlete, user=user)
    st.success(f"{count} link(s) revoked.")

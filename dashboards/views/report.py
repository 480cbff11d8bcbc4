"""Weekly report download: the same files `loadwatch report` writes."""

from __future__ import annotations

import streamlit as st

import ui

user = ui.start_page("coach", "therapist", "admin")
team = ui.team_picker(user)
st.title("Weekly report")
if team is None:
    st.stop()
view = ui.service().team_view(team, user=user, clinical=False)
if view is None:
    st.info("No uploads yet — nothing to report.")
    st.stop()
week = ui.week_picker(view, "report_week")
clinical = False
if user.role == "therapist":
    clinical = st.checkbox("Include symptom details and clinical notes (therapist only)",
                           key="report_clinical")
pseudonymise = st.checkbox("Replace athlete ids with codes (for sharing outside the club)",
                           key="report_pseudo")
# the files belong to one team, week and choice of contents: any change drops them
wanted = (team, f"{week:%Y-%m-%d}", clinical, pseudonymise)
if st.session_state.get("report_for") != wanted:
    st.session_state.pop("report_files", None)
if st.button("Prepare the report", key="report_prepare"):
    with st.spinner("Writing the report…"):
        st.session_state["report_files"] = ui.service().report_files(
            team, week, user=user, clinical=clinical, pseudonymise=pseudonymise)
        st.session_state["report_for"] = wanted
for name, (mime, payload) in st.session_state.get("report_files", {}).items():
    st.download_button(f"Download {ui.plain_text(name)}", payload, file_name=name, mime=mime,
                       key=f"dl_{wanted[1]}_{name}")

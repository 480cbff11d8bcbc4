"""Admin settings: team thresholds (validated TOML, evidence grade beside each default),
roster import, users and the sample club."""

from __future__ import annotations

import streamlit as st

import ui

user = ui.start_page("admin")
svc = ui.service()
st.title("Settings")
thresholds, roster, users, sample = st.tabs(["Thresholds", "Roster", "Users", "Sample club"])

ui.show_flash()
teams = svc.teams_for(user)
with sample:
    if teams:  # the sample club goes only into an empty database
        st.info("The sample club can be loaded only into an empty database; this one already "
                f"holds {len(teams)} team{'s' if len(teams) != 1 else ''}.")
    else:
        st.write("Load the bundled sample club (20 young gymnasts, 26 weeks) into this empty "
                 "database.")
        if st.button("Load the sample club", key="load_sample"):
            try:
                message = svc.load_sample(user=user)
            except ValueError as exc:
                st.error(ui.plain_text(exc))
            else:
                ui.flash(message)

with thresholds:
    if not teams:
        st.info("No teams yet.")
    else:
        team = st.selectbox("Team", teams, key="settings_team")
        ui.table(svc.thresholds_table(team, user=user), hide_index=True, width="stretch")
        text = st.text_area("Team overrides (TOML)", value=svc.team_config_text(team, user=user),
                            height=200, key="config_text",
                            help='For example:\n[acwr]\namber_above = 1.25')
        if st.button("Validate and save", key="config_save"):
            try:
                svc.save_team_config(team, text, user=user)
            except ValueError as exc:
                st.error(ui.plain_text(exc))
            else:
                st.success("Saved. Every result now uses these thresholds.")

with roster:
    team_name = st.text_input("Team", value=teams[0] if teams else "", key="roster_team")
    file = st.file_uploader("Roster (CSV or XLSX)", type=["csv", "xlsx"], key="roster_file")
    if file is not None and team_name and st.button("Import roster", key="roster_import"):
        try:
            st.success(svc.import_roster(file.getvalue(), file.name, team_name, user=user))
        except ValueError as exc:
            st.error(ui.plain_text(exc))

with users:
    ui.table(svc.users_table(by=user), hide_index=True, width="stretch")
    with st.form("add_user", clear_on_submit=True):
        name = st.text_input("Username", key="new_username")
        password = st.text_input("Password (at least 12 characters)", type="password",
                                 key="new_password")
        role = st.selectbox("Role", ["coach", "therapist", "admin"], key="new_role")
        user_teams = st.multiselect("Teams", teams, key="new_user_teams")
        if st.form_submit_button("Add user"):
            try:
                svc.add_user(name, password, role, user_teams, by=user)
            except ValueError as exc:
                st.error(ui.plain_text(exc))
            else:
                ui.flash(f"User {ui.plain_text(name)} added.")

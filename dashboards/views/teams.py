"""Teams (admin): create, rename and archive teams. Coaches upload only into teams chosen
from this list (no free-text team names); an archived team vanishes from every picker and
takes no uploads, and its data is kept (restore brings it back). Every change is audited."""

from __future__ import annotations

import streamlit as st

from loadwatch.app.service import AccessDenied

import ui

user = ui.start_page("admin")
st.title("Teams")
ui.show_flash()
svc = ui.service()
table = svc.team_table(user=user)
if table.empty:
    st.info("No teams yet: create the first one below.")
else:
    shown = table.assign(archived=table["archived"].map({True: "archived", False: "active"}))
    ui.table(shown.rename(columns={"archived": "status"}), hide_index=True,
                 width="stretch")

with st.form("new_team", clear_on_submit=True):
    name = st.text_input("New team name")
    if st.form_submit_button("Create team"):
        try:
            ui.flash(f"Team '{ui.plain_text(svc.create_team(name, user=user))}' created.")
        except (ValueError, AccessDenied) as exc:
            st.error(ui.plain_text(exc))

names = table["team"].tolist()
if names:
    chosen = st.selectbox("Team to change", names, key="team_change")
    archived = bool(table.set_index("team").loc[chosen, "archived"])
    with st.form("rename_team"):
        new = st.text_input("New name", value=chosen)
        if st.form_submit_button("Rename"):
            try:
                ui.flash(f"Team '{ui.plain_text(chosen)}' is now "
                         f"'{ui.plain_text(svc.rename_team(chosen, new, user=user))}'.")
            except (ValueError, AccessDenied) as exc:
                st.error(ui.plain_text(exc))
    label = "Restore team" if archived else "Archive team (hidden from pickers, data kept)"
    if st.button(label, key="archive_team"):
        svc.archive_team(chosen, user=user, archived=not archived)
        ui.flash(f"Team '{ui.plain_text(chosen)}' {'restored' if archived else 'archived'}.")

"""Admin: users (add, deactivate / reactivate, reset password, teams) and the audit log
reader, including who opened clinical data (issue 15 item 6, issue 19 item 7)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

import ui

user = ui.start_page("admin")
svc = ui.service()
st.title("Users and audit log")
FLASH = "admin_flash"
TEMPORARY = "admin_temporary"


def done(message: str) -> None:
    """Say what was saved on the next run, after the lists are read again."""
    st.session_state[FLASH] = message
    st.rerun()


flash = st.session_state.pop(FLASH, None)
if flash:
    st.success(flash)  # names in it already through plain_text
temporary = st.session_state.pop(TEMPORARY, None)  # shown once: gone on the next run
if temporary:
    st.warning(f"Temporary password for **{ui.plain_text(temporary[0])}** — shown only now; give "
               "it to them in person. They choose their own at the next sign-in.")
    st.code(temporary[1], language=None)

users_tab, audit_tab = st.tabs(["Users", "Audit log"])
teams = svc.teams_for(user)

with users_tab:
    table = svc.users_table(by=user)
    ui.table(table, hide_index=True, width="stretch", column_config={
        "username": "Username", "role": "Role", "teams": "Teams", "active": "Active"})
    st.subheader("Change a user")
    names = table["username"].tolist()
    if names:
        picked = st.selectbox("User", names, key="admin_user")
        found = svc.account(picked, by=user)
        if found is not None:
            account, active = found
            st.write(f"**{ui.plain_text(account.username)}** — {account.role}, "
                     f"{'active' if active else 'deactivated'}"
                     + (", must choose a new password" if account.must_change_password
                        else ""))
            left, middle = st.columns(2)
            label = "Deactivate" if active else "Reactivate"
            if left.button(label, key="admin_toggle"):
                try:
                    svc.set_user_active(account.username, not active, by=user)
                except ValueError as exc:
                    st.error(ui.plain_text(exc))
                else:
                    name = ui.plain_text(account.username)
                    done(f"{name} deactivated: signed out everywhere." if active
                         else f"{name} reactivated.")
            if middle.button("Reset password", key="admin_reset"):
                st.session_state[TEMPORARY] = (account.username,
                                               svc.reset_password(account.username, by=user))
                done(f"Password of {ui.plain_text(account.username)} reset: their sessions ended.")
            if account.role != "admin":
                new_teams = st.multiselect("Teams", teams, default=[
                    t for t in account.teams if t in teams], key=f"admin_teams_{picked}")
                if st.button("Save teams", key="admin_save_teams"):
                    saved = svc.set_user_teams(account.username, new_teams, by=user)
                    done(f"Teams of {ui.plain_text(account.username)}: "
                         f"{', '.join(map(ui.plain_text, saved)) or 'none'}.")

    st.subheader("Add a user")
    with st.form("admin_add_user", clear_on_submit=True):
        name = st.text_input("Username", key="admin_new_username")
        password = st.text_input("Password (at least 12 characters)", type="password",
                                 key="admin_new_password")
        role = st.selectbox("Role", ["coach", "therapist", "admin"], key="admin_new_role")
        chosen = st.multiselect("Teams", teams, key="admin_new_teams",
                                help="Teams that exist in this database")
        if st.form_submit_button("Add user"):
            try:
                added = svc.add_user(name, password, role, chosen, by=user)
            except ValueError as exc:
                st.error(ui.plain_text(exc))
            else:
                done(f"User {ui.plain_text(added.username)} added ({added.role}).")

with audit_tab:
    st.write("Newest first: every change, sign-in attempt and read of clinical data "
             "(who, which team or athlete code, when — never names or symptoms).")
    actions = svc.audit_actions(by=user)
    first, second, third = st.columns(3)
    action = first.selectbox("Action", ["All", "Clinical data opened", *actions],
                             key="audit_action")
    actor = second.text_input("Who (username)", key="audit_actor").strip()
    today = dt.datetime.now(dt.UTC).date()
    days = third.date_input("Days", value=(today - dt.timedelta(days=30), today),
                            key="audit_days")
    since, until = (days if isinstance(days, tuple) and len(days) == 2 else (None, None))
    wanted = {"All": None, "Clinical data opened": "clinical.read"}.get(action, action)
    log = svc.audit_table(by=user, action=wanted, actor=actor or None, since=since,
                          until=until)
    st.caption(f"{len(log)} entries (at most 500 shown)")
    ui.table(log, hide_index=True, width="stretch", column_config={
        "at": st.column_config.DatetimeColumn("When (UTC)", format="D MMM YYYY, HH:mm:ss"),
        "actor": "Who", "action": "Action", "object_type": "Object",
        "object_id": "Object id", "detail": "Detail"})

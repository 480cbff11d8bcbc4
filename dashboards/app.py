"""loadwatch dashboard: `streamlit run dashboards/app.py`.

The entry point routes: first run → create the admin; signed out → sign in; a password reset
by an admin → choose a new password; signed in → the pages of the user's role. Each page
checks the role again on the server (ui.require), and the user is read again from the store
on every run (ui.current_user).

Sessions survive a browser refresh (issue 15 item 6). Streamlit 1.67 starts a new session on
every refresh and forgets st.session_state; it can read cookies (st.context.cookies, sent
with the page's websocket) but has no API to set one. Signing in therefore creates a
server-side session (loadwatch.app.sessions: a random token, stored hashed, ending on
sign-out, after 60 minutes idle or 12 hours) and a tiny same-origin script writes the token
into a SameSite=Strict cookie (ui.session_cookie). We chose the cookie over st.query_params:
a token in the URL would land in the browser history, in bookmarks and in every shared deep
link. The deep link itself survives because every page address of a signed-out visitor
shows the sign-in form under the same address, and a refresh keeps the address.
"""

from __future__ import annotations

import streamlit as st

from loadwatch.app.sessions import SignInLocked

import ui

st.set_page_config(page_title="loadwatch", page_icon="📈", layout="wide")

PAGES = {
    "overview": st.Page("views/overview.py", title="Team overview", icon="📋", default=True),
    "athlete": st.Page("views/athlete.py", title="Athlete", icon="🏃"),
    "gaps": st.Page("views/gaps.py", title="Logging gaps", icon="🗓️"),
    "upload": st.Page("views/upload.py", title="Upload a log", icon="⬆️"),
    "report": st.Page("views/report.py", title="Weekly report", icon="📄"),
    "watch": st.Page("views/watchlist.py", title="Watch list", icon="🩺"),
    "clinical": st.Page("views/clinical.py", title="Check-ins, plans & notes", icon="📝"),
    "settings": st.Page("views/settings.py", title="Settings", icon="⚙️"),
    "compliance": st.Page("views/compliance.py", title="Athlete check-ins", icon="✅"),
    "links": st.Page("views/links.py", title="Athlete links", icon="🔗"),
    "admin": st.Page("views/admin.py", title="Users and audit log", icon="🔐"),
    "teams": st.Page("views/teams.py", title="Teams", icon="👥"),
    "episodes": st.Page("views/episodes.py", title="Injury episodes", icon="🩹"),
    "epidemiology": st.Page("views/epidemiology.py", title="Injury epidemiology", icon="📊"),
}
ROLE_PAGES = {
    "coach": ["overview", "athlete", "gaps", "upload", "report", "compliance", "links"],
    "therapist": ["overview", "watch", "athlete", "gaps", "clinical", "episodes",
                  "epidemiology", "report", "compliance"],
    "admin": ["overview", "athlete", "gaps", "upload", "report", "settings", "compliance",
              "links", "admin", "teams", "episodes",
              "epidemiology"],
}


def first_run() -> None:
    """No account exists yet: the first person to open loadwatch creates the admin."""
    st.title("Welcome to loadwatch")
    st.write("No account exists yet. Create the administrator account to start.")
    with st.form("first_admin"):
        username = st.text_input("Admin username")
        password = st.text_input("Password (at least 12 characters)", type="password")
        repeat = st.text_input("Repeat the password", type="password")
        submitted = st.form_submit_button("Create admin")
    if submitted:
        if password != repeat:
            st.error("The two passwords differ.")
            return
        try:
            ui.service().create_first_admin(username, password)
            found = ui.service().sign_in(username, password)
        except ValueError as exc:
            st.error(str(exc))
            return
        if found is not None:
            ui.start_session(*found)
        st.rerun()


def sign_in() -> None:
    """Username and password; wrong ones get one message that does not say which was wrong."""
    st.title("loadwatch")
    notice = st.session_state.pop(ui.NOTICE_KEY, None)
    if notice:
        st.info(notice)
    with st.form("sign_in"):
        username = st.text_input("Username")
        password = st.text_input("Password", type="password")
        submitted = st.form_submit_button("Sign in")
    if submitted:
        try:  # per client as well when the server sees the browser's address
            found = ui.service().sign_in(username, password, client=ui.client_address())
        except SignInLocked as exc:  # "too many failed sign-ins; try again in N minutes"
            st.error(f"{str(exc)[:1].upper()}{str(exc)[1:]}.")
            return
        if found is None:
            st.error("Unknown username or wrong password.")
            return
        ui.start_session(*found)
        st.rerun()


def new_password() -> None:
    """After an admin's reset: the user chooses their own password before anything else."""
    st.title("Choose a new password")
    st.write("An administrator has reset your password. Choose your own to continue: at "
             "least 12 characters; a phrase of several words is easiest to remember.")
    with st.form("new_password"):
        old = st.text_input("Temporary password", type="password")
        new = st.text_input("New password", type="password")
        repeat = st.text_input("Repeat the new password", type="password")
        submitted = st.form_submit_button("Save the new password")
    if submitted:
        if new != repeat:
            st.error("The two new passwords differ.")
            return
        try:
            ui.service().change_password(old, new, user=user,
                                         token=st.session_state.get(ui.TOKEN_KEY))
        except ValueError as exc:
            st.error(f"{str(exc)[:1].upper()}{str(exc)[1:]}.")
            return
        st.rerun()


if "t" in st.query_params or "g" in st.query_params:  # personal links, no sign-in (issue 16)
    st.navigation([st.Page("views/checkin.py" if "t" in st.query_params else
                           "views/guardian.py", title="Check-in", default=True)],
                  position="hidden").run()
    st.stop()
user = ui.current_user()
ui.session_cookie()
if user is None or user.must_change_password:  # every page address leads to the form
    form = (new_password if user is not None else
            first_run if not ui.service().has_users() else sign_in)
    st.navigation([st.Page(form, title="Sign in", default=True)]
                  + [st.Page(form, title="Sign in", url_path=page.url_path)
                     for name, page in PAGES.items() if name != "overview"],
                  position="hidden").run()
    if user is not None:
        st.button("Sign out", key="sign_out", on_click=ui.sign_out)
    ui.caption()
    st.stop()
assert user is not None
page = st.navigation([PAGES[name] for name in ROLE_PAGES[user.role]])
with st.sidebar:
    st.write(f"Signed in as **{user.username}** ({user.role})")
    st.button("Sign out", key="sign_out", on_click=ui.sign_out)
ui.guarded(page.run)  # an unexpected error: a short message with an id, no traceback

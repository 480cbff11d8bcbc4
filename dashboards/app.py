"""loadwatch dashboard: `streamlit run dashboards/app.py`.

The entry point routes: first run → create the admin; signed out → sign in; signed in → the
pages of the user's role. Each page checks the role again on the server (ui.require).
"""

from __future__ import annotations

import streamlit as st

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
}
ROLE_PAGES = {
    "coach": ["overview", "athlete", "gaps", "upload", "report", "compliance", "links"],
    "therapist": ["overview", "watch", "athlete", "gaps", "clinical", "report", "compliance"],
    "admin": ["overview", "athlete", "gaps", "upload", "report", "settings", "compliance",
              "links"],
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
            user = ui.service().create_first_admin(username, password)
        except ValueError as exc:
            st.error(str(exc))
            return
        st.session_state[ui.USER_KEY] = user
        st.rerun()


def sign_in() -> None:
    """Username and password; wrong ones get one message that does not say which was wrong."""
    st.title("loadwatch")
    with st.form("sign_in"):
        username = st.text_input("Username")
        password = st.text_input("Password", type="password")
        submitted = st.form_submit_button("Sign in")
    if submitted:
        user = ui.service().authenticate(username, password)
        if user is None:
            st.error("Unknown username or wrong password.")
            return
        st.session_state[ui.USER_KEY] = user
        st.rerun()


if "t" in st.query_params or "g" in st.query_params:  # personal links, no sign-in (issue 16)
    st.navigation([st.Page("views/checkin.py" if "t" in st.query_params else
                           "views/guardian.py", title="Check-in", default=True)],
                  position="hidden").run()
    st.stop()
user = ui.current_user()
if user is None:  # every page address leads to the sign-in form; no page is listed
    form = first_run if not ui.service().has_users() else sign_in
    st.navigation([st.Page(form, title="Sign in", default=True)]
                  + [st.Page(form, title="Sign in", url_path=page.url_path)
                     for name, page in PAGES.items() if name != "overview"],
                  position="hidden").run()
    ui.caption()
    st.stop()
assert user is not None
page = st.navigation([PAGES[name] for name in ROLE_PAGES[user.role]])
with st.sidebar:
    st.write(f"Signed in as **{user.username}** ({user.role})")
    st.button("Sign out", key="sign_out", on_click=ui.sign_out)
ui.guarded(page.run)  # an unexpected error: a short message with an id, no traceback

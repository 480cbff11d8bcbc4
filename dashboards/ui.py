"""Shared pieces of the dashboard: the service, the signed-in user, role checks, captions.

Every page starts with `user = require(...)`: the role is checked on the server for every
run of every page, not only by hiding links. No numbers are computed here.
"""

from __future__ import annotations

import os

import altair as alt
import pandas as pd
import streamlit as st

from loadwatch.app.service import Service, User
from loadwatch.app.words import DISCLAIMER, LEVEL_COLOURS, LEVEL_NAMES, Overview

USER_KEY = "user"
BAND_COLOURS = ["#1565c0", "#2e7d32", "#ef8f00", "#c62828"]  # below, in line, above, well above
HEATMAP_DRAWN_UP_TO = 60  # athletes: above this the season heat map is drawn on request
TEAM_KEY = "team"


def service() -> Service:
    """One service (database connection pool) per database per server process."""
    return _service(os.environ.get("LOADWATCH_DB"))


@st.cache_resource
def _service(url: str | None) -> Service:
    return Service.open(url)


def current_user() -> User | None:
    """The signed-in user of this browser session, if any."""
    user = st.session_state.get(USER_KEY)
    return user if isinstance(user, User) else None


def require(*roles: str) -> User:
    """Stop the page unless a user with one of `roles` is signed in (checked on the server)."""
    user = current_user()
    if user is None:
        st.warning("Please sign in.")
        st.stop()
    assert user is not None
    if roles and user.role not in roles:
        st.error("This page is not available for your role.")
        st.stop()
    return user


def start_page(*roles: str) -> User:
    """Check the role (server side) and show the decision-support caption in the sidebar."""
    user = require(*roles)
    with st.sidebar:
        caption()
    return user


def sign_out() -> None:
    """Forget everything about this browser session."""
    st.session_state.clear()


def team_picker(user: User) -> str | None:
    """The team this page shows (a user sees only their teams; admins see all)."""
    teams = service().teams_for(user)
    if not teams:
        st.info("No teams yet — an admin can load the sample club or a coach can upload a log.")
        return None
    current = st.session_state.get(TEAM_KEY)
    index = teams.index(current) if current in teams else 0
    team = st.sidebar.selectbox("Team", teams, index=index, key="team_select")
    st.session_state[TEAM_KEY] = team
    return team


def caption() -> None:
    """The decision-support sentence every page carries."""
    st.caption(DISCLAIMER)


def level_badge(level: str) -> str:
    """Markdown for a level: coloured and in words (never colour alone)."""
    colour = LEVEL_COLOURS.get(level, "#9e9e9e")
    name = LEVEL_NAMES.get(level, level.replace("_", " ").upper())
    return f":{_streamlit_colour(colour)}-background[**{name}**]"


def _streamlit_colour(hex_colour: str) -> str:
    return {
        "#6a1b9a": "violet", "#8e24aa": "violet", "#c62828": "red", "#ef8f00": "orange",
        "#2e7d32": "green", "#9e9e9e": "gray", "#1565c0": "blue",
    }.get(hex_colour, "gray")


def level_scale() -> alt.Scale:
    """The fixed colour scale of level names (words, never codes) for every chart."""
    return alt.Scale(domain=list(LEVEL_NAMES.values()),
                     range=[LEVEL_COLOURS[label] for label in LEVEL_NAMES])


def week_label(week: pd.Timestamp) -> str:
    """'2026-W47 (16 Nov)' for a Monday week; a team whose weeks start on another day
    (calendar.week_start) sees the first date, '2026-11-15 (Sun)': an ISO number would name
    a different span."""
    if week.day_of_week == 0:
        return f"{week:%G-W%V} ({week:%d %b})"
    return f"{week:%Y-%m-%d} ({week:%a})"


#: Columns of `TeamView.overview_shown` (numbers already rounded half up, spec §4.9), printed
#: as the vocabulary writes them: ACWR 2 dp, AU whole with thousands separators, change 1 dp.
OVERVIEW_COLUMNS = {
    Overview.ATHLETE: st.column_config.TextColumn("Athlete"),
    Overview.LEVEL_NAME: st.column_config.TextColumn("Level"),
    Overview.PRIMARY: st.column_config.NumberColumn("ACWR", format="%.2f"),
    Overview.WEEKLY_LOAD: st.column_config.NumberColumn("Week load (AU)", format="%,d"),
    Overview.CHANGE_PCT: st.column_config.NumberColumn("Change", format="%+.1f%%"),
    Overview.EXTENSION: st.column_config.NumberColumn("Extension", format="%,d"),
    Overview.YOUTH: st.column_config.TextColumn("Hours vs age"),
    Overview.REACHED: st.column_config.DateColumn("Reached", format="ddd D MMM"),
    Overview.COMPLETENESS: st.column_config.NumberColumn("Days recorded", format="%d/7"),
    Overview.TOP_REASON: st.column_config.TextColumn("Top reason", width="large"),
}


def styled_overview(table: pd.DataFrame) -> pd.io.formats.style.Styler:
    """The overview with each level cell coloured (its word stays in the cell)."""
    colours = {LEVEL_NAMES[k]: v for k, v in LEVEL_COLOURS.items() if k in LEVEL_NAMES}
    return table.style.map(
        lambda name: f"background-color: {colours.get(name, '#ffffff')}; color: white",
        subset=[Overview.LEVEL_NAME])

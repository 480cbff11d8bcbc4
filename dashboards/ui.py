"""Shared pieces of the dashboard: the service, the signed-in user, role checks, captions.

Every page starts with `user = require(...)`: the role is checked on the server for every
run of every page, not only by hiding links. No numbers are computed here.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import secrets
import traceback
from collections.abc import Callable
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

from loadwatch.app.display import plain_text, shown_table
from loadwatch.app.service import Service, User
from loadwatch.app.words import (
    DISCLAIMER,
    LEVEL_COLOURS,
    LEVEL_NAMES,
    Overview,
    Standing,
    TeamView,
)

LOG = logging.getLogger("loadwatch.dashboard")
USER_KEY = "user"
BAND_COLOURS = ["#1565c0", "#2e7d32", "#ef8f00", "#c62828"]  # below, in line, above, well above
HEATMAP_DRAWN_UP_TO = 60  # athletes: above this the season heat map is drawn on request
TEAM_KEY = "team"


def service() -> Service:
    """One service (database connection pool) per database per server process."""
    return _service(os.environ.get("LOADWATCH_DB"))


@st.cache_resource
def _service(url: str | None) -> Service:
    service = Service.open(url)
    # The ~250,000 objects of the imported libraries live as long as the server: frozen
    # (once per process), Python's full collections skip them (0.2 s each at 500 athletes,
    # several a minute, before).
    if not gc.get_freeze_count():
        gc.collect()
        gc.freeze()
    return service


TOKEN_KEY = "session_token"
COOKIE = "loadwatch_session"
_COOKIE_KEY = "_session_cookie"  # a cookie write due on this run: a token, or "" to clear
NOTICE_KEY = "_session_notice"
ENDED = "Your session has ended (signed out, timed out or the account changed). " \
        "Please sign in again."


def current_user() -> User | None:
    """The signed-in user of this browser session, read again from the store on every run
    (a deactivated account, a revoked or idle session signs out; new teams show at once).

    The session token lives in this session's state and in a cookie, so that a browser
    refresh (a new Streamlit session) finds it again in ``st.context.cookies``."""
    token, user = st.session_state.get(TOKEN_KEY), st.session_state.get(USER_KEY)
    if token:
        fresh = service().resume_session(token)
    elif isinstance(user, User):  # set without a session (AppTest): the account as stored
        fresh = service().refresh_user(user)
    else:
        token = st.context.cookies.get(COOKIE)
        fresh = service().resume_session(token) if isinstance(token, str) else None
        if fresh is None:
            return None
        st.session_state[TOKEN_KEY] = token
    if fresh is None:
        _forget(ENDED)
        return None
    st.session_state[USER_KEY] = fresh
    return fresh


def client_address() -> str | None:
    """The browser's address as the server sees it (None locally or behind no proxy info):
    failed sign-ins are also counted per client (kept only as a keyed hash)."""
    address = st.context.ip_address
    return address if isinstance(address, str) and address else None


def start_session(user: User, token: str) -> None:
    """Remember a new sign-in in this session and (on the next run) in the browser."""
    st.session_state[USER_KEY] = user
    st.session_state[TOKEN_KEY] = token
    st.session_state[_COOKIE_KEY] = token


def session_cookie(lifetime_s: int = 12 * 3600) -> None:
    """Write or clear the session cookie when a sign-in or sign-out asked for it: a tiny
    same-origin script (Streamlit can read cookies, not set them). SameSite=Strict, Secure
    over https; the token is random and revocable on the server."""
    if _COOKIE_KEY not in st.session_state:
        return
    token = st.session_state.pop(_COOKIE_KEY)
    age = lifetime_s if token else 0
    value = json.dumps(f"{COOKIE}={token}; Path=/; SameSite=Strict; Max-Age={age}")
    st.html(f"<script>document.cookie = {value} + (location.protocol === 'https:' ? "
            f"'; Secure' : '');</script>", unsafe_allow_javascript=True)


def _forget(notice: str | None = None) -> None:
    """Clear this browser session (and its cookie on the next run), keeping a notice."""
    st.session_state.clear()
    st.session_state[_COOKIE_KEY] = ""
    if notice:
        st.session_state[NOTICE_KEY] = notice


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
    """End the session on the server and forget everything about this browser session."""
    service().sign_out(st.session_state.get(TOKEN_KEY))
    _forget()


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
    if level == "refer":  # violet words without the fill: never confused with refer urgently
        return f":violet[**{name}**]"
    return f":{_streamlit_colour(colour)}-background[**{name}**]"


def _streamlit_colour(hex_colour: str) -> str:
    return {
        "#4a148c": "violet", "#ab47bc": "violet", "#c62828": "red", "#ef8f00": "orange",
        "#2e7d32": "green", "#9e9e9e": "gray", "#1565c0": "blue",
    }.get(hex_colour, "gray")


def date_axis() -> alt.Axis:
    """A date axis a phone can read: '16 Nov', at most about six labels, none overlapping."""
    return alt.Axis(format="%d %b", tickCount=6, labelOverlap=True)


def bottom_legend(title: str | None = None) -> alt.Legend:
    """A legend under the chart, one entry per line: at phone width a legend beside the chart
    would squeeze it, and a legend in one row would be cut off."""
    return alt.Legend(title=title, orient="bottom", direction="vertical", labelLimit=0)


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


def table(data: pd.DataFrame, **options: object) -> None:
    """``st.dataframe`` of what the table shows: its toolbar's "Download as CSV" exports the
    cells as shown, so formula-like text cells are made inert first (issue 19.5)."""
    st.dataframe(shown_table(data), **options)  # type: ignore[arg-type]


def styled_overview(table: pd.DataFrame) -> pd.io.formats.style.Styler:
    """The overview with each level cell coloured (its word stays in the cell); formula-like
    text cells inert, as in :func:`table`."""
    colours = {LEVEL_NAMES[k]: v for k, v in LEVEL_COLOURS.items() if k in LEVEL_NAMES}
    return shown_table(table).style.map(
        lambda name: f"background-color: {colours.get(name, '#ffffff')}; color: white",
        subset=[Overview.LEVEL_NAME])


def overview_cells(table: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, object]]:
    """The overview's shown columns and their configuration: a number column with an empty
    cell becomes text with the same digits and '—' (a table never shows 'None'); the others
    stay numbers (they sort as numbers). Only the shown columns: the page styles and sends
    every cell it is given (at 500 athletes the hidden reasons doubled the table's cost)."""
    config: dict[str, object] = dict(OVERVIEW_COLUMNS)
    texts = {}
    for column, shown in OVERVIEW_FORMATS.items():
        if column in table.columns and table[column].isna().any():
            texts[column] = (table[column].map(shown, na_action="ignore").astype(object)
                             .fillna(MISSING_CELL))
            config[column] = st.column_config.TextColumn(OVERVIEW_COLUMNS[column]["label"])
    return table.assign(**texts)[[c for c in OVERVIEW_COLUMNS if c in table.columns]], config


#: What an empty cell shows (never 'None'); the caption under the table says why.
MISSING_CELL = "—"
MISSING_CAPTION = ("— = not computed: too few logged days in the window (missing days are not "
                   "rest), or not applicable to this athlete.")
#: The cell texts of the overview (the same digits as OVERVIEW_COLUMNS' formats), for a
#: column that has an empty cell and is therefore shown as text.
OVERVIEW_FORMATS = {
    Overview.PRIMARY: "{:.2f}".format, Overview.WEEKLY_LOAD: "{:,.0f}".format,
    Overview.CHANGE_PCT: "{:+.1f}%".format, Overview.EXTENSION: "{:,.0f}".format,
    Overview.COMPLETENESS: "{:.0f}/7".format,
    Overview.REACHED: lambda day: f"{pd.Timestamp(day):%a %d %b}",
}


# --- never a traceback, nothing hidden (issue 15) --------------------------------------------

_ERROR_ID_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over a phone


def guarded(run: Callable[[], object]) -> None:
    """Run a page; an unexpected error shows a short message with an error id instead of a
    traceback. The server log gets the id, the exception type and file:line only: exception
    messages can hold athlete ids, so they stay out of the log (no personal data)."""
    try:
        run()
    except Exception as exc:  # st.stop/st.rerun are BaseException: they pass through
        error_id = "".join(secrets.choice(_ERROR_ID_LETTERS) for _ in range(6))
        frames = traceback.extract_tb(exc.__traceback__)
        where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
        pages = [f for f in frames if Path(f.filename).parent.name == "views"
                 and Path(f.filename).parents[1].name == "dashboards"]
        page = f"{Path(pages[-1].filename).name}:{pages[-1].lineno}" if pages else "?"
        LOG.error("dashboard error %s: %s at %s (page %s)", error_id, type(exc).__name__,
                  where, page)
        st.error(f"Something went wrong (error {error_id}); the details are in the server "
                 "log. Please tell your administrator the error id.")


def week_picker(view: TeamView, key: str) -> pd.Timestamp:
    """The week selector every page shares: the same default week everywhere (the latest
    week with data for most athletes) and one line saying which week is shown and why."""
    week = st.selectbox("Week", view.weeks, format_func=week_label, index=view.week_index(),
                        key=key)
    with_data, total = view.week_coverage(week)
    if week == view.default_week:
        st.caption(f"Showing {week_label(week)}, the latest week with data for {with_data} of "
                   f"{total} athletes.")
    else:
        st.caption(f"Showing {week_label(week)}: data for {with_data} of {total} athletes "
                   f"(pages open on {week_label(view.default_week)}).")
    return week


_FLASH_KEY = "flash"


def flash(message: str) -> None:
    """Say `message` on the next run and rerun now: the page is drawn again from the store,
    so a list below a form already holds what was just saved."""
    st.session_state[_FLASH_KEY] = message
    st.rerun()


def show_flash() -> None:
    """The message of the last save, once."""
    message = st.session_state.pop(_FLASH_KEY, None)
    if message:
        st.success(message)  # the caller wrote names in it through plain_text


def short_day(day: pd.Timestamp | None) -> str:
    """'22 Nov' (no time of day; '—' when there is no day)."""
    return "—" if day is None or pd.isna(day) else f"{pd.Timestamp(day):%d %b}"


def standing_list(view: TeamView) -> None:
    """Open referrals and active restrictions as text at the top of a page, whatever week is
    selected (screen readers and tests read the ids), until a clinician clears them."""
    table = view.standing()
    if table.empty:
        return
    st.markdown("**Open referrals and restrictions** (listed until a clinician clears them):")
    lines = [f"- {_standing_badge(row[Standing.KIND])} **{plain_text(row[Standing.ATHLETE])}** — "
             f"{row[Standing.TEXT]}" for row in table.to_dict("records")]
    st.markdown("\n".join(lines))


def _standing_badge(kind: str) -> str:
    """A referral's level badge; a restriction in words (it is not a level)."""
    return ":blue-background[**RESTRICTED**]" if kind == "restricted" else level_badge(kind)


def without_data_line(view: TeamView, week: pd.Timestamp) -> None:
    """'17 athletes have no data in 2026-W48 (23 Nov): GYM-01, …' (missing is not rest)."""
    missing = view.without_data(week)
    if missing:
        who = "1 athlete has" if len(missing) == 1 else f"{len(missing)} athletes have"
        st.markdown(f"{who} no data in {week_label(week)}: "
                    f"{', '.join(plain_text(a) for a in missing)}.")


def no_data_sentence(view: TeamView, athlete: str, week: pd.Timestamp) -> str:
    """'No data for GYM-01 in 2026-W48 (23 Nov) — last logged 22 Nov.'"""
    last = view.last_logged(athlete)
    since = f" — last logged {last:%d %b %Y}" if last is not None else " — nothing logged yet"
    return f"No data for {plain_text(athlete)} in {week_label(week)}{since}."

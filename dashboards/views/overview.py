"""Team overview: one row per athlete for the selected week, worst first; the season heat map."""

from __future__ import annotations

import altair as alt
import streamlit as st

from loadwatch.app.words import LEVEL_NAMES, Overview

import ui

user = ui.start_page("coach", "therapist", "admin")
team = ui.team_picker(user)
st.title("Team overview")
if team is None:
    st.stop()
view = ui.service().team_view(team, user=user, clinical=user.role == "therapist")
if view is None:
    st.info("No uploads yet — drop a file on **Upload a log**, or an admin can load the "
            "sample club in **Settings**.")
    st.stop()
weeks = view.weeks
week = st.selectbox("Week", weeks, format_func=ui.week_label, index=view.week_index(),
                    key="overview_week")
table = view.overview_shown(week)  # numbers rounded as read (spec §4.9)
later = view.referred_after(week)
if later:
    st.warning(f"Referred after this week: {', '.join(later)} — see the newest week "
               f"({ui.week_label(view.weeks[0])}).")
counts = view.level_counts(table)
st.markdown(" · ".join(f"{ui.level_badge(label)} {counts[name]}"
                       for label, name in LEVEL_NAMES.items() if counts[name]))

levels = st.multiselect("Show levels", list(LEVEL_NAMES.values()),
                        default=list(LEVEL_NAMES.values()), key="overview_levels")
shown = table[table[Overview.LEVEL_NAME].isin(levels)]
note = view.team_note(week)
if note:
    st.caption(note)
st.dataframe(ui.styled_overview(shown), hide_index=True, width="stretch",
             column_config=ui.OVERVIEW_COLUMNS, column_order=list(ui.OVERVIEW_COLUMNS))
st.caption(view.band_caption())
explained = view.explanations(week)
serious = [e for e in explained.values() if e.needs_action]
if serious:
    st.subheader("Red and referred: why, and next week")
    for item in sorted(serious, key=lambda e: (-int(e.level), e.athlete)):
        st.markdown(f"{ui.level_badge(item.level.label)} **{item.athlete}** — {item.why}  \n"
                    f"Next week: {item.advice}")

st.subheader("Season heat map")
big = len(view.athletes) > ui.HEATMAP_DRAWN_UP_TO
if st.toggle("Show the heat map", value=not big, key="overview_heatmap",
             help="Drawn on request for large teams (one cell per athlete and week)."):
    heat = view.heatmap_table()
    chart = alt.Chart(heat).mark_rect().encode(
        x=alt.X("week_start:T", title="Week"), x2="week_end:T",
        y=alt.Y("athlete:N", title=None, sort=sorted(heat["athlete"].unique()),
                axis=alt.Axis(labelOverlap=False)),
        color=alt.Color("level_name:N", scale=ui.level_scale(), title="Level"),
        tooltip=["athlete", alt.Tooltip("week_start:T", format="%G-W%V", title="week"),
                 alt.Tooltip("level_name:N", title="level")],
    ).properties(height=max(200, 18 * heat["athlete"].nunique()))
    st.altair_chart(chart, width="stretch")

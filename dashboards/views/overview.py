"""Team overview: one row per athlete for the selected week, worst first; the season heat map."""

from __future__ import annotations

from collections.abc import Callable

import altair as alt
import streamlit as st

from loadwatch.app.words import LEVEL_NAMES, Explanation, Overview

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
ui.standing_list(view)  # open referrals and restrictions, whatever the week
st.markdown("  \n".join(f"Availability — **{ui.plain_text(a)}**: {ui.plain_text(t)}" for a, t in ui.service().availability_lines(team, user=user)))  # noqa: E501
week = ui.week_picker(view, "overview_week")
table = view.overview_shown(week)  # numbers rounded as read (spec §4.9)
ui.without_data_line(view, week)
counts = view.level_counts(table)
st.markdown(" · ".join(f"{ui.level_badge(label)} {counts[name]}"
                       for label, name in LEVEL_NAMES.items() if counts[name]))

levels = st.multiselect("Show levels", list(LEVEL_NAMES.values()),
                        default=list(LEVEL_NAMES.values()), key="overview_levels")
shown = table[table[Overview.LEVEL_NAME].isin(levels)]
note = view.team_note(week)
if note:
    st.caption(note)
cells, columns = ui.overview_cells(shown)  # '—' for an empty cell, never 'None'
st.dataframe(ui.styled_overview(cells), hide_index=True, width="stretch",
             column_config=columns, column_order=list(ui.OVERVIEW_COLUMNS))
st.caption(f"{view.band_caption()} {ui.MISSING_CAPTION}")
explained = view.explanations(week)


def _lines(items: list[Explanation], reason: Callable[[Explanation], str]) -> str:
    """One text block for the items, not one element per athlete (500 draw at once)."""
    return "\n\n".join(
        f"{ui.level_badge(item.level.label)} **{ui.plain_text(item.athlete)}** — "
        f"{reason(item)}  \nNext week: {item.advice}"
        for item in sorted(items, key=lambda e: (-int(e.level), e.athlete)))


def first_reason(item: Explanation) -> str:
    """The first reason line, or that nothing was noted."""
    return item.numbers[0] if item.numbers else "Nothing noted in the data this week."


serious = [e for e in explained.values() if e.needs_action]
if serious:
    st.subheader("Red and referred: why, and next week")
    st.markdown(_lines(serious, lambda e: e.why))
others = [e for e in explained.values() if not e.needs_action]
if len(others) > ui.HEATMAP_DRAWN_UP_TO:  # a big squad: on request, as the heat map
    if st.toggle(f"Show everyone else's reasons and next week ({len(others)} athletes)",
                 key="overview_others"):
        st.markdown(_lines(others, first_reason))
elif others:
    with st.expander(f"Everyone else: reasons and next week ({len(others)} athletes)"):
        st.markdown(_lines(others, first_reason))

st.subheader("Season heat map")
big = len(view.athletes) > ui.HEATMAP_DRAWN_UP_TO
if st.toggle("Show the heat map", value=not big, key="overview_heatmap",
             help="Drawn on request for large teams (one cell per athlete and week)."):
    heat = view.heatmap_table()
    chart = alt.Chart(heat).mark_rect().encode(
        x=alt.X("week_start:T", title="Week", axis=ui.date_axis()), x2="week_end:T",
        y=alt.Y("athlete:N", title=None, sort=sorted(heat["athlete"].unique()),
                axis=alt.Axis(labelOverlap=False)),
        color=alt.Color("level_name:N", scale=ui.level_scale(), title="Level"),
        tooltip=["athlete", alt.Tooltip("week_name:N", title="week"),
                 alt.Tooltip("level_name:N", title="level")],
    ).properties(height=max(200, 18 * heat["athlete"].nunique()))
    st.altair_chart(chart, width="stretch")

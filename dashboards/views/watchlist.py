"""Therapist watch list: athletes referred or red this week, with the full reasons."""

from __future__ import annotations

import streamlit as st

from loadwatch.app.words import Overview

import ui

user = ui.start_page("therapist")
team = ui.team_picker(user)
st.title("Watch list")
if team is None:
    st.stop()
view = ui.service().team_view(team, user=user, clinical=True)
if view is None:
    st.info("No uploads yet.")
    st.stop()
ui.standing_list(view)  # open referrals and restrictions, whatever the week
week = ui.week_picker(view, "watch_week")
ui.without_data_line(view, week)
table = view.watch_list(week)
if table.empty:
    st.success("Nobody is referred or red this week.")
explained = view.explanations(week)
for _, row in table.iterrows():
    with st.container(border=True):
        st.markdown(f"**{ui.plain_text(row[Overview.ATHLETE])}** — "
                    f"{ui.level_badge(row[Overview.LEVEL])} "
                    f"(reached {row[Overview.REACHED]:%a %d %b})")
        item = explained.get(str(row[Overview.ATHLETE]))
        if item is not None:
            st.markdown(f"**Why:** {item.why}  \n**Next week:** {item.advice}")
        for reason in str(row[Overview.REASONS]).split(" | "):
            if reason:
                st.markdown(f"- {reason}")

"""Injury epidemiology (issue 17): incidence and burden per 1,000 h with 95 % intervals, by
season and body region, and the risk matrix (incidence × mean days lost) as injurytools draws
it. Therapists and admins: injuries are clinical data. Counts only — no athlete is named."""

from __future__ import annotations

import altair as alt
import streamlit as st

import ui

user = ui.start_page("therapist", "admin")
team = ui.team_picker(user)
st.title("Injury epidemiology")
if team is None:
    st.stop()
try:
    table = ui.service().epidemiology(team, user=user)
except ValueError as exc:
    st.info(ui.plain_text(str(exc)))
    st.stop()
seasons = table["season"].drop_duplicates().tolist()
season = st.selectbox("Season", seasons, key="epi_season")
part = table[table["season"] == season]
overall = part[part["group"] == "overall"].iloc[0]
st.markdown(f"**{int(overall['injuries'])}** injuries in **{overall['exposure_hours']:,.0f} h** "
            f"of exposure: incidence **{overall['incidence_per_1000h']:.1f}** per 1,000 h "
            f"(95 % CI {overall['incidence_low']:.1f}–{overall['incidence_high']:.1f}); "
            f"burden **{overall['burden_days_per_1000h']:.0f}** days lost per 1,000 h.")
regions = part[(part["group"] == "body_region") & (part["injuries"] > 0)]
if len(regions):
    st.subheader("Risk matrix: incidence × mean days lost, by body region")
    chart = alt.Chart(regions).mark_circle(opacity=0.8).encode(
        x=alt.X("incidence_per_1000h:Q", title="Incidence (injuries per 1,000 h)"),
        y=alt.Y("mean_days_lost:Q", title="Mean days lost per injury"),
        size=alt.Size("burden_days_per_1000h:Q", title="Burden (days/1,000 h)"),
        tooltip=["name", "injuries", alt.Tooltip("incidence_per_1000h:Q", format=".1f"),
                 alt.Tooltip("mean_days_lost:Q", format=".1f")],
    )
    labels = chart.mark_text(dx=12, align="left").encode(text="name:N")
    st.altair_chart(chart + labels, width="stretch")
ui.table(part.rename(columns={
    "group": "Group", "name": "Name", "injuries": "Injuries", "ongoing": "Ongoing",
    "days_lost": "Days lost", "exposure_hours": "Exposure (h)",
    "incidence_per_1000h": "Incidence /1,000 h", "incidence_low": "low",
    "incidence_high": "high", "burden_days_per_1000h": "Burden days /1,000 h",
    "burden_low": "low ", "burden_high": "high ", "mean_days_lost": "Mean days lost"}
    ).drop(columns=["season"]), hide_index=True, width="stretch")
st.caption("Exact Poisson intervals for incidence; log-normal intervals for burden "
           "(model/epidemiology.py). Episodes recorded here and the imported injury log count "
           "once each.")

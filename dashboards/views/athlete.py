"""One athlete: daily load with acute and chronic lines, ratios over time with descriptive
bands, extension exposure, weekly hours against age, this week's flags and next week's plan."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from loadwatch.app.words import CHART_PERIODS, RATIO_COLUMNS

import ui

user = ui.start_page("coach", "therapist", "admin")
team = ui.team_picker(user)
st.title("Athlete")
if team is None:
    st.stop()
view = ui.service().team_view(team, user=user, clinical=user.role == "therapist")
if view is None:
    st.info("No uploads yet — drop a file on **Upload a log** or load the sample club.")
    st.stop()
athletes = view.athletes
chosen = st.session_state.get("athlete_choice")
athlete = st.selectbox("Athlete", athletes,
                       index=athletes.index(chosen) if chosen in athletes else 0,
                       key="athlete_choice")
st.markdown(f"Availability: **{ui.plain_text(ui.service().athlete_availability(team, athlete, user=user))}**")  # noqa: E501
week = ui.week_picker(view, "athlete_week")
has_week = view.has_week(athlete, week)
if has_week:
    summary = view.athlete_summary(athlete, week)
    st.markdown(f"### {ui.plain_text(athlete)} — {ui.level_badge(summary['level'])}")
    if summary["why"]:  # a red or a referral says why first (the signs, the modifier, the rule)
        st.markdown(f"**Why:** {summary['why']}")
    st.markdown(f"**Next week:** {summary['advice']}")
    if summary["load_level"] != summary["level"]:
        st.markdown(f"Load context underneath: {ui.level_badge(summary['load_level'])}")
    cols = st.columns(3)
    cols[0].metric("ACWR (primary)", summary["acwr"], help=f"Band: {summary['band']}")
    cols[1].metric("Week load", summary["weekly_load"], summary["change"],
                   delta_color="inverse",  # a rise in load is a caution, not a success
                   help="Change against the week before: a rise shows as a caution (red), a "
                        "drop in grey-green; neither is good or bad on its own.")
    cols[2].metric("Next week up to", summary["plan"],
                   help=f"For {summary['plan_week']}: {summary['plan_help']}")
    st.caption(f"ACWR band: {summary['band']}."
               + (" The ratio is not shown when the recent weeks hold too few logged days "
                  "(missing days are not rest)." if summary["acwr"] == "—" else ""))
else:
    st.markdown(f"### {ui.plain_text(athlete)}")
    st.info(ui.no_data_sentence(view, athlete, week))
period = st.radio("Charts show", list(CHART_PERIODS), horizontal=True, key="athlete_period")
since = view.chart_start(week, CHART_PERIODS[period])
if since is not None:
    st.caption(f"Charts from {since:%d %b %Y} to {pd.Timestamp(view.last_day):%d %b %Y}.")
gaps = ui.service().gaps(team, user=user, athlete=athlete)  # spec §3.2 logging gaps
open_gaps = gaps[gaps["status"] == "open"]
earlier = open_gaps["to"] < since if since is not None else open_gaps["to"].isna()
for gap in open_gaps[~earlier].to_dict("records"):  # the period's gaps, in full
    st.warning(f"Possible logging gap: {gap['days']} days without a logged session, "
               f"{gap['from']:%d %b} to {gap['to']:%d %b %Y}. Until confirmed, flags that lean "
               "on these days are at most amber: say whether it was rest on **Logging gaps**.")
if earlier.any():  # older ones are counted, not hidden
    n = int(earlier.sum())
    st.caption(f"{n} earlier open logging gap{'s' if n != 1 else ''} (before {since:%d %b %Y}):"
               " answer on **Logging gaps**, or show the whole history.")
if view.weekly_data:
    st.info("This team logs weekly totals: daily charts need a session log.")
else:
    days = view.athlete_daily(athlete, since)
    st.subheader("Daily load")
    # each chart gets only the columns it draws: the page sends every chart's data inline
    bars = alt.Chart(days[["date", "load", "status", "load_shown"]]).mark_bar(opacity=0.6).encode(
        x=alt.X("date:T", title=None, axis=ui.date_axis()), y=alt.Y("load:Q", title="AU"),
        tooltip=[alt.Tooltip("date:T", title="day", format="%a %d %b %Y"),
                 alt.Tooltip("status:N", title="day status"),
                 alt.Tooltip("load_shown:N", title="load")])
    lines = alt.Chart(view.load_lines(days)).mark_line().encode(
        x="date:T", y="AU/day:Q", color=alt.Color("series:N", legend=ui.bottom_legend("Line")))
    st.altair_chart(bars + lines, width="stretch")
    st.caption("Missing days are gaps, not zeros: no bar, and no line through them.")

    st.subheader("Acute:chronic ratio")
    methods = st.multiselect("Methods", list(RATIO_COLUMNS),
                             default=list(RATIO_COLUMNS)[:1], key="ratio_methods")
    ratio = view.ratio_series(days, [RATIO_COLUMNS[m] for m in methods])
    bands = view.band_table()
    band_chart = alt.Chart(bands).mark_rect(opacity=0.12).encode(
        y=alt.Y("low:Q", title="ACWR"), y2="high:Q",
        color=alt.Color("band:N", legend=ui.bottom_legend("Band"),
                        scale=alt.Scale(domain=list(bands["band"]), range=ui.BAND_COLOURS)))
    line = alt.Chart(ratio).mark_line(point=False, clip=True).encode(  # > 2.5: off the top
        x=alt.X("date:T", title=None, axis=ui.date_axis()),
        y=alt.Y("ratio:Q", title="ACWR", scale=alt.Scale(domain=[0, 2.5])),
        color=alt.Color("method:N", legend=ui.bottom_legend("Method")),
        tooltip=[alt.Tooltip("date:T", title="day", format="%a %d %b %Y"),
                 alt.Tooltip("method:N", title="method"),
                 alt.Tooltip("ratio_shown:N", title="ratio")])
    st.altair_chart((band_chart + line).resolve_scale(color="independent"), width="stretch")

    st.subheader("Extension exposure")
    st.altair_chart(alt.Chart(days[["date", "extension"]]).mark_bar().encode(
        x=alt.X("date:T", title=None, axis=ui.date_axis()),
        y=alt.Y("extension:Q", title=view.extension_unit)),
        width="stretch")

hours = view.athlete_hours(athlete, since)
if hours["age"].notna().any():
    st.subheader("Organised hours per week against age")
    base = alt.Chart(hours).encode(x=alt.X("week_start:T", title=None, axis=ui.date_axis()))
    st.altair_chart(base.mark_bar().encode(y=alt.Y("hours:Q", title="hours")) +
                    base.mark_line(color="#c62828").encode(y="age:Q"),
                    width="stretch")
    st.caption("Guideline: weekly hours of organised sport ≤ age in years (Jayanthi et al. 2015).")

st.subheader("Flags this week")
note = view.team_note(week)
if note:
    st.caption(note)
flags = view.athlete_flags(athlete, week)
if not flags:
    st.write("Nothing noted in the data this week." if has_week
             else ui.no_data_sentence(view, athlete, week))
for flag in flags:
    grades = ", ".join(sorted({e.get("grade", "") for e in flag["evidence"].values()} - {""}))
    st.markdown(f"{ui.level_badge(flag['level'])} **{flag['id']} {flag['title']}** — "
                f"{flag['text']}" + (f"  \n_Evidence: {grades}_" if grades else ""))
if flags:
    st.caption(view.grade_legend())

card = view.model_card()
if card is not None and user.role == "therapist":
    st.subheader("Model second opinion")
    problem = view.model_problem()
    probability = None if problem else view.model_probability(athlete, week)
    if probability is not None:
        st.metric(card["label"], probability)
    else:
        st.write(problem or "No probability for this week (injured, or no data).")
    st.markdown(f"Model card: {card['summary']}")
    st.caption(card["verdict"])
    with st.expander("Model card"):
        st.markdown(card["text"])
st.caption(f"Data as of {pd.Timestamp(view.last_day):%d %b %Y}.")

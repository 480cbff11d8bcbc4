"""Possible logging gaps of a team (spec §3.2): the open ones, each with "It was rest" and
"Not recorded" buttons, and the resolved ones. Until resolved, a gap is unconfirmed rest and
flags that lean on it are at most amber. Coaches, therapists and admins; every answer is
audited."""

from __future__ import annotations

import streamlit as st

import ui

#: Open gaps drawn at once (each has its two answer buttons).
GAPS_PER_PAGE = 25

user = ui.start_page("coach", "therapist", "admin")
team = ui.team_picker(user)
st.title("Logging gaps")
if team is None:
    st.stop()
svc = ui.service()
table = svc.gaps(team, user=user)
st.write("A week or more without any logged session, for an athlete who usually trains three "
         "or more days a week, may be rest or may be a logging gap. Until someone says which, "
         "the days are *unconfirmed*: flags that lean on them are at most amber.")
opened = table[table["status"] == "open"]
if opened.empty:
    st.success("No open logging gaps.")
elif len(opened) > GAPS_PER_PAGE:  # a big squad has hundreds: one athlete, or a page at once
    every = "(every athlete)"
    who = st.selectbox("Athlete", [every, *sorted(opened["athlete"].astype(str).unique())],
                       key="gaps_athlete")
    if who != every:
        opened = opened[opened["athlete"].astype(str) == who]
    pages = -(-len(opened) // GAPS_PER_PAGE)
    number = int(st.number_input(f"Page (of {pages})", min_value=1, max_value=pages, value=1,
                                 key=f"gaps_page_{pages}")) if pages > 1 else 1
    first_shown = (number - 1) * GAPS_PER_PAGE
    st.caption(f"{len(table[table['status'] == 'open']):,} open gaps in the team; showing "
               f"{first_shown + 1}–{min(first_shown + GAPS_PER_PAGE, len(opened))} of "
               f"{len(opened):,}" + ("" if who == every else f" for {ui.plain_text(who)}") + ".")
    opened = opened.iloc[first_shown:first_shown + GAPS_PER_PAGE]
for i, row in enumerate(opened.to_dict("records")):
    with st.container(border=True):
        first, last = row["from"].date(), row["to"].date()
        st.markdown(f"**{ui.plain_text(row['athlete'])}** — {row['days']} days without a logged "
                    f"session, {first:%a %d %b %Y} to {last:%a %d %b %Y}")
        rest, missing = st.columns(2)
        answer = None
        if rest.button("It was rest", key=f"gap_rest_{i}"):
            answer = "rest"
        if missing.button("Not recorded", key=f"gap_missing_{i}"):
            answer = "not_recorded"
        if answer is not None:
            svc.resolve_gap(team, str(row["athlete"]), first, last, answer, user=user)
            st.rerun()
done = table[table["status"] != "open"]
if not done.empty:
    st.subheader("Resolved")
    shown = done.assign(**{"from": done["from"].dt.strftime("%Y-%m-%d"),
                           "to": done["to"].dt.strftime("%Y-%m-%d")})
    ui.table(shown, hide_index=True, width="stretch", column_config={
        "athlete": "Athlete", "from": "From", "to": "To", "days": "Days", "status": "Answer"})

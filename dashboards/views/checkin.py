"""The athlete's phone page, reached by a personal link (`/?t=TOKEN`) without signing in
(issue 16): "After a session" and the 30-second "Weekly back check". The token is the only
scope: the page shows its own athlete's name and team, nothing about anyone else. A form
carries a submission id, so sending it twice stores it once."""

from __future__ import annotations

import datetime as dt
import uuid

import streamlit as st

from loadwatch.app.selfreport import (
    CR10,
    OSTRC,
    RED_FLAG_QUESTIONS,
    SIDE_WORDS,
    BackCheck,
    Refused,
)

import ui

YES_NO = ["Yes", "No"]
NO_PAIN = "It doesn't hurt"


def submission_id(form: str) -> str:
    """The id of the form being filled in (a new one after each stored form)."""
    slot = f"submission_{form}"
    if slot not in st.session_state:
        st.session_state[slot] = uuid.uuid4().hex
    return str(st.session_state[slot])


def key(form: str, name: str) -> str:
    """The widget key of `name` in the current generation of the form."""
    generation = st.session_state.get(f"generation_{form}", 0)
    return name if generation == 0 else f"{name}-{generation}"


def stored(form: str, ok: bool) -> None:
    """Say what happened and start a fresh, empty form: new widget keys, so that the browser
    shows no answer of the stored form."""
    st.session_state.pop(f"submission_{form}", None)
    st.session_state[f"generation_{form}"] = st.session_state.get(f"generation_{form}", 0) + 1
    st.session_state[f"done_{form}"] = ("Thank you — saved." if ok else
                                        "Already saved — thank you.")
    st.rerun()


token = st.query_params.get("t")
svc = ui.service()
page = svc.link_page(token)
st.title("My check-in")
if not page.ok:
    st.info(page.message)
    ui.caption()
    st.stop()
st.write(f"Hi **{page.athlete}** ({page.team}). Two short forms: answer honestly, there are "
         "no wrong answers. Your coach and your club's physio see what you send.")
session_tab, back_tab = st.tabs(["After a session", "Weekly back check"])

with session_tab:
    if st.session_state.get("done_session"):
        st.success(st.session_state.pop("done_session"))
    with st.form("self_session"):
        day = st.date_input("Day of the session", value=dt.date.today(),
                            key=key("session", "s_day"), max_value=dt.date.today())
        minutes = st.number_input("How many minutes did you train?", min_value=1,
                                  max_value=600, value=60, step=5,
                                  key=key("session", "s_minutes"))
        rpe = st.radio("How hard was the whole session?", list(CR10), index=None,
                       format_func=lambda v: f"{v} — {CR10[v]}", key=key("session", "s_rpe"))
        arches = None
        if page.ask_arches:
            arches = st.number_input(
                "About how many back-arching skills did you do? (walkovers, back "
                "handsprings, bridges…) — leave empty if you don't know", min_value=0,
                max_value=2000, value=None, step=5, key=key("session", "s_arches"))
        send = st.form_submit_button("Send session")
    if send:
        if rpe is None:
            st.error("Please choose how hard it was (0 to 10).")
        else:
            try:
                ok = svc.submit_session(token, submission_id("session"), day=day,
                                        minutes=minutes, rpe=int(rpe), arches=arches)
            except Refused as exc:
                st.error(ui.plain_text(str(exc)))
            else:
                stored("session", ok)

with back_tab:
    if st.session_state.get("done_back"):
        st.success(st.session_state.pop("done_back"))
    st.caption("About your lower back in the last 7 days. It takes about 30 seconds.")
    with st.form("back_check"):
        points = {}
        for name, question, options in OSTRC:
            labels = [text for text, _ in options]
            picked = st.radio(question, labels, index=None, key=key("back", f"b_{name}"))
            points[name] = None if picked is None else dict(options)[picked]
        arching = st.radio("Does it hurt when you arch backwards?", YES_NO, index=None,
                           horizontal=True, key=key("back", "b_arching"))
        side = st.radio("Where does your lower back hurt?", [NO_PAIN, *SIDE_WORDS.values()],
                        index=None, key=key("back", "b_side"))
        flags = {name: st.radio(question, YES_NO, index=None, horizontal=True,
                                key=key("back", f"b_{name}"))
                 for name, question in RED_FLAG_QUESTIONS.items()}
        send_back = st.form_submit_button("Send back check")
    if send_back:
        answers = [*points.values(), arching, side, *flags.values()]
        if any(a is None for a in answers):
            st.error("Please answer every question (tap Yes or No).")
        else:
            sides = {words: side_key for side_key, words in SIDE_WORDS.items()}
            check = BackCheck(points={k: int(v) for k, v in points.items()},
                              hurts_arching=arching == "Yes", side=sides.get(side),
                              red_flags={k: v == "Yes" for k, v in flags.items()})
            try:
                ok = svc.submit_back_check(token, submission_id("back"),
                                           day=dt.date.today(), check=check)
            except Refused as exc:
                st.error(ui.plain_text(str(exc)))
            else:
                stored("back", ok)
ui.caption()

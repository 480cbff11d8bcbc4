"""The guardian's page, reached by their own link (`/?g=TOKEN`) without signing in (issue 16):
what is collected and who sees it, consent or refusal (stored with the text's version),
withdrawal (stops collection at once) and deletion; then their child's training availability
(full / modified / unavailable, from the therapist's plans: never why) and own reports only."""

from __future__ import annotations

import streamlit as st

from loadwatch.app.selfreport import CONSENT_VERSION, Refused

import ui

WHAT = """**What your child's link collects**

- after a session: the day, the minutes, how hard it felt (0–10) and, for back-arching sports,
  about how many back-arching skills;
- once a week, a 30-second back check: four questions about the lower back (the OSTRC
  questionnaire), whether arching backwards hurts and on which side, and six warning-sign
  questions (night pain, a numb or weak leg, toilet changes, fever, weight loss, a bad fall).

**Who sees it**: the club's coaches see the sessions and that a physio has been asked to look,
never the back answers; the club's therapists see everything. When the answers suggest a
clinician should look, the therapists get an e-mail that names no one and says nothing about
the symptoms. loadwatch supports decisions and does not diagnose.

You can withdraw at any time: collection stops at once, and you can delete the answers."""

token = st.query_params.get("g")
svc = ui.service()
page = svc.link_page(token)
st.title("Consent for your child's check-ins")
if not page.ok or page.kind != "guardian":
    st.info(page.message or "This link does not work. Ask the coach for a new one.")
    ui.caption()
    st.stop()
st.write(f"For **{ui.plain_text(page.athlete)}** ({ui.plain_text(page.team)}). "
         f"Text version {CONSENT_VERSION}.")
st.markdown(WHAT)
state = {"consented": "You have agreed.", "refused": "You have said no.",
         "withdrawn": "You have withdrawn your consent."}.get(page.consent or "",
                                                              "You have not answered yet.")
st.info(state)
try:
    if page.consent == "consented":
        if st.button("Withdraw my consent", key="g_withdraw"):
            svc.guardian_decide(token, "withdrawn")
            st.rerun()
    else:
        choice = st.radio("Do you agree that your child uses the check-in link?",
                          ["Yes, I agree", "No"], index=None, key="g_choice")
        if st.button("Save my answer", key="g_save") and choice is not None:
            svc.guardian_decide(token, "consented" if choice.startswith("Yes") else "refused")
            st.rerun()
        if page.consent in ("withdrawn", "refused") and st.button(
                "Delete my child's answers", key="g_delete"):
            count = svc.guardian_delete(token)
            st.success(f"{count} answer(s) deleted.")
    sessions, checks = svc.guardian_reports(token)
    availability = svc.guardian_availability(token)
except Refused as exc:
    st.error(str(exc))
    st.stop()
st.subheader("Your child's training today")
st.markdown(f"**{ui.plain_text(availability[:1].upper() + availability[1:])}**")
st.caption("Set by the club's therapist: full, modified (with its limits and review date) or "
           "unavailable. It says what training is possible, never why; ask the therapist "
           "about the reasons.")
st.subheader("Your child's answers")
st.write(f"{len(sessions)} session(s) and {len(checks)} back check(s).")
if len(sessions):
    ui.table(sessions, hide_index=True, width="stretch")
if len(checks):
    ui.table(checks, hide_index=True, width="stretch")
ui.caption()

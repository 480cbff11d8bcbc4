"""The athlete's own reports by link (issue 16): after a session, and the weekly back check.

The words are for a 12-year-old and say nothing diagnostic. The back check is the OSTRC
overuse questionnaire for the lower back (Clarsen et al. 2013, BJSM 47:495; OSTRC-O2,
Clarsen et al. 2020, BJSM 54:390): participation and pain scored 0/8/17/25, training volume
and performance 0/6/13/19/25, summed to 0-100 (docs/domain-spec.md §8.6). Its answers become
a symptom check-in that the S rules read beside the therapist's:

- low back pain: any OSTRC answer other than the first, or "it hurts when I arch backwards";
- worse when arching: that question; side: the side chosen;
- limits training: reduced or no participation, or any reduction of training volume;
- the red-flag items as asked.

A link works only for its athlete, only while it is neither revoked nor expired, only with
a guardian's consent for an athlete under the team's consent age (or of unknown age), and at
most :data:`MAX_PER_HOUR` forms an hour; a form sent twice (same submission id) is stored once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd

from loadwatch.app import alerts, links
from loadwatch.config import Config, load_config
from loadwatch.ingest.log import extension_heavy
from loadwatch.risk.engine import Assessment
from loadwatch.risk.rules.base import Level
from loadwatch.schema import SIDES, Col, SymptomCol
from loadwatch.store import selfreport
from loadwatch.store.db import StoreOrUrl, now
from loadwatch.store.selfreport import Link

MAX_PER_HOUR: Final = 12
MAX_MINUTES: Final = 600
MAX_ARCHES: Final = 2000
CONSENT_KEY: Final = "selfreport.consent_age"
CONSENT_VERSION: Final = "1 (2026-12-02)"

#: Foster's CR-10 words (Foster et al. 2001), as the session form shows them.
CR10: Final[dict[int, str]] = {
    0: "Rest", 1: "Very, very easy", 2: "Easy", 3: "Moderate", 4: "Somewhat hard", 5: "Hard",
    6: "Hard+", 7: "Very hard", 8: "Very hard+", 9: "Very, very hard", 10: "Maximal",
}

#: The four OSTRC questions for the lower back: (key, question, [(answer, points), ...]).
OSTRC: Final[tuple[tuple[str, str, tuple[tuple[str, int], ...]], ...]] = (
    ("ostrc_participation",
     "In the last 7 days, could you take part in training and competitions as normal, "
     "with your lower back?",
     (("Yes, fully, with no problems", 0), ("Yes, fully, but with problems", 8),
      ("Only partly, because of my lower back", 17),
      ("I could not take part because of my lower back", 25))),
    ("ostrc_volume",
     "In the last 7 days, how much did you cut down your training because of your lower back?",
     (("Not at all", 0), ("A little", 6), ("Some", 13), ("A lot", 19),
      ("I could not take part", 25))),
    ("ostrc_performance",
     "In the last 7 days, how much did your lower back make you perform worse?",
     (("Not at all", 0), ("A little", 6), ("Some", 13), ("A lot", 19),
      ("I could not take part", 25))),
    ("ostrc_pain",
     "In the last 7 days, how much did your lower back hurt during or after sport?",
     (("Not at all", 0), ("A little", 8), ("Quite a lot", 17), ("A lot", 25))),
)

#: The red-flag items in a child's words (the therapist form's SymptomCol fields).
RED_FLAG_QUESTIONS: Final[dict[str, str]] = {
    SymptomCol.NIGHT_PAIN: "Does your back hurt at night, or wake you up?",
    SymptomCol.LEG_SYMPTOMS: "Does a leg feel numb, tingly or weak?",
    SymptomCol.BLADDER_BOWEL: "Has anything changed with going to the toilet (wee or poo)?",
    SymptomCol.FEVER: "Do you have a fever, or feel ill?",
    SymptomCol.WEIGHT_LOSS: "Have you lost weight without trying?",
    SymptomCol.TRAUMA: "Did you have a bad fall or a hard knock to your back recently?",
}
SIDE_WORDS: Final[dict[str, str]] = {"left": "Left side", "right": "Right side",
                                     "both": "Both sides", "central": "In the middle"}
assert set(SIDE_WORDS) <= set(SIDES)


class Refused(ValueError):
    """A link or form that cannot be used; the message is the friendly page's one line."""


@dataclass(frozen=True)
class BackCheck:
    """One weekly back check as answered (OSTRC answers as their points)."""

    points: dict[str, int]
    hurts_arching: bool
    side: str | None
    red_flags: dict[str, bool]


def ostrc_score(points: dict[str, int]) -> int:
    """The OSTRC severity score 0-100: the sum of the four answers' points."""
    allowed = {key: {p for _, p in options} for key, _, options in OSTRC}
    for key, value in points.items():
        if key not in allowed or value not in allowed[key]:
            raise Refused(f"'{value}' is not an answer to {key}")
    if set(points) != set(allowed):
        raise Refused("please answer all four questions")
    return int(sum(points.values()))


def checkin_values(check: BackCheck, day: dt.date) -> dict[str, object]:
    """The back check as stored: OSTRC points and score plus the check-in fields."""
    score = ostrc_score(check.points)
    if check.side is not None and check.side not in SIDE_WORDS:
        raise Refused("choose a side from the list")
    unknown = set(check.red_flags) - set(RED_FLAG_QUESTIONS)
    if unknown:
        raise Refused("unknown question")
    limits = check.points["ostrc_participation"] >= 17 or check.points["ostrc_volume"] > 0
    pain = score > 0 or check.hurts_arching
    return {**check.points, "ostrc_score": score, SymptomCol.DATE: day,
            SymptomCol.BACK_PAIN: pain, SymptomCol.WORSE_ARCHING: check.hurts_arching,
            SymptomCol.SIDE: check.side if pain else None, SymptomCol.LIMITS_TRAINING: limits,
            **{k: bool(check.red_flags.get(k, False)) for k in RED_FLAG_QUESTIONS}}


def session_values(day: dt.date, minutes: float, rpe: int, arches: float | None,
                   today: dt.date | None = None) -> dict[str, object]:
    """A session as stored; Refused with a plain sentence for an impossible answer."""
    today = today or dt.date.today()
    if day > today:
        raise Refused("the date cannot be in the future")
    if day < today - dt.timedelta(days=14):
        raise Refused("sessions older than 2 weeks are entered by your coach")
    if not 0 < minutes <= MAX_MINUTES:
        raise Refused(f"minutes must be between 1 and {MAX_MINUTES}")
    if rpe not in CR10:
        raise Refused("choose how hard it was from 0 to 10")
    if arches is not None and not 0 <= arches <= MAX_ARCHES:
        raise Refused(f"back-arching skills must be between 0 and {MAX_ARCHES}")
    return {"date": day, "duration_min": float(minutes), "rpe": float(rpe),
            "extension_reps": None if arches is None else float(arches)}


def age_on(birth: dt.date | None, day: dt.date) -> int | None:
    """Whole years of age on `day` (None when the birth date is unknown)."""
    if birth is None or pd.isna(birth):
        return None
    birth = pd.Timestamp(birth).date()
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def needs_consent(birth: dt.date | None, config: Config, today: dt.date | None = None
                  ) -> bool:
    """True for an athlete under the team's consent age, or of unknown age."""
    age = age_on(birth, today or dt.date.today())
    return age is None or age < int(config.get(CONSENT_KEY))


def consented(store: StoreOrUrl, link: Link) -> bool:
    """True when the latest guardian decision is a consent."""
    state = selfreport.consent_of(store, link.athlete_id)
    return state is not None and state[0] == "consented"


def check_open(store: StoreOrUrl, link: Link | None, status: str, config: Config) -> Link:
    """The athlete link, once it may take a form; Refused with the friendly sentence."""
    if link is None or status == "unknown" or link.kind != "athlete":
        raise Refused("This link does not work. Ask your coach for a new one.")
    if status == "revoked":
        raise Refused("This link has been replaced. Ask your coach for your new link.")
    if status == "expired":
        raise Refused("This link has expired. Ask your coach for a new one.")
    if needs_consent(link.birth_date, config) and not consented(store, link):
        raise Refused("A parent or guardian needs to say yes first. Your coach can give "
                      "them their own link.")
    return link


def check_rate(store: StoreOrUrl, link: Link) -> None:
    """At most MAX_PER_HOUR forms an hour per link."""
    if selfreport.submissions_since(store, link.id, now() - dt.timedelta(hours=1)) \
            >= MAX_PER_HOUR:
        raise Refused("That is a lot of answers in one hour. Please try again later.")


def clean_submission_id(value: str | None) -> str:
    """The form's submission id (the page makes one per form); Refused when malformed."""
    text = (value or "").strip()
    if not 8 <= len(text) <= 64 or not all(ch.isalnum() or ch in "-_" for ch in text):
        raise Refused("This form is out of date. Please reload the page.")
    return text


# --- the pages' server side -------------------------------------------------------------

ConfigOf = Callable[[str], Config]


@dataclass(frozen=True)
class LinkPage:
    """What a link's page shows: its state, and only its own athlete's name and team."""

    ok: bool
    message: str
    kind: str = "athlete"
    athlete: str = ""
    team: str = ""
    ask_arches: bool = True
    consent: str | None = None
    needs_consent: bool = False


def _open_link(store: StoreOrUrl, token: str | None, kind: str) -> Link:
    link, status = links.resolve(store, token)
    if link is None or link.kind != kind or status != "ok":
        raise Refused(check_message(status))
    return link


def check_message(status: str) -> str:
    """The friendly sentence for a link that does not work."""
    return {"revoked": "This link has been replaced. Ask your coach for your new link.",
            "expired": "This link has expired. Ask your coach for a new one."}.get(
        status, "This link does not work. Ask your coach for a new one.")


def link_page(store: StoreOrUrl, token: str | None, config_of: ConfigOf) -> LinkPage:
    """The state of an athlete's or guardian's link, for its page."""
    link, status = links.resolve(store, token)
    if link is None or status != "ok":
        return LinkPage(False, check_message(status))
    config = config_of(link.team)
    state = selfreport.consent_of(store, link.athlete_id)
    decision = None if state is None else state[0]
    minor = needs_consent(link.birth_date, config)
    heavy = link.main_sport is None or bool(extension_heavy(
        pd.Series([link.main_sport]), config)[0])
    if link.kind == "athlete" and minor and decision != "consented":
        return LinkPage(False, "A parent or guardian needs to say yes first. Your coach can "
                        "give them their own link.", athlete=link.athlete, team=link.team,
                        consent=decision, needs_consent=True)
    return LinkPage(True, "", link.kind, link.athlete, link.team, heavy, decision, minor)


def submit_session(store: StoreOrUrl, token: str | None, config_of: ConfigOf,
                   submission_id: str, *, day: dt.date, minutes: float, rpe: int,
                   arches: float | None) -> bool:
    """Store a session of the link's athlete (False: this form was already stored)."""
    link, status = links.resolve(store, token)
    link = check_open(store, link, status, config_of(link.team) if link else _defaults())
    values = session_values(day, minutes, rpe, arches)
    sid = clean_submission_id(submission_id)
    check_rate(store, link)
    return selfreport.add_report(store, link, "session", sid, values)


def submit_back_check(store: StoreOrUrl, token: str | None, config_of: ConfigOf,
                      submission_id: str, *, day: dt.date, check: BackCheck,
                      routed: Callable[[str, str, dt.date], bool]) -> bool:
    """Store a back check of the link's athlete; when the athlete is then referred, every
    therapist of the team gets a mail at once (False: this form was already stored)."""
    link, status = links.resolve(store, token)
    link = check_open(store, link, status, config_of(link.team) if link else _defaults())
    if day > dt.date.today() or day < dt.date.today() - dt.timedelta(days=7):
        raise Refused("the back check is for this week")
    values = checkin_values(check, day)
    sid = clean_submission_id(submission_id)
    check_rate(store, link)
    stored = selfreport.add_report(store, link, "back_check", sid, values)
    if stored and routed(link.team, link.athlete, day):
        alerts.send_referral(store, link.team_id, link.team, link.athlete_id)
    return stored


def _defaults() -> Config:
    """The default configuration (only used to word a refusal)."""
    return load_config()


def referred(assessment: Assessment, athlete: str, day: dt.date) -> bool:
    """True when S1 (refer urgently) or S2 (refer) refers the athlete on `day`: on the day of
    a check-in its own answers decide (an older report no longer holds)."""
    ctx = assessment.ctx
    names = ctx.athletes.to_numpy()[ctx.code].astype(str)
    target = (pd.Timestamp(day) - pd.Timestamp("1970-01-01")).days
    rows = np.flatnonzero((names == str(athlete))
                          & (np.asarray(ctx.day, dtype=np.int64) == target))
    if not len(rows):
        return False
    return bool((assessment.outcomes["S1"].level[rows] >= int(Level.REFER_URGENT)).any()
                or (assessment.outcomes["S2"].level[rows] >= int(Level.REFER)).any())


def guardian_decide(store: StoreOrUrl, token: str | None, decision: str) -> None:
    """Record a guardian's decision ('consented', 'refused', 'withdrawn') with the version
    of the text they read; withdrawing (or refusing) stops the athlete's link at once."""
    link = _open_link(store, token, "guardian")
    if decision not in ("consented", "refused", "withdrawn"):
        raise Refused("choose yes or no")
    selfreport.add_consent(store, link, decision, CONSENT_VERSION)


def guardian_delete(store: StoreOrUrl, token: str | None) -> int:
    """Erase the child's self-reports; only once consent is withdrawn or refused."""
    link = _open_link(store, token, "guardian")
    state = selfreport.consent_of(store, link.athlete_id)
    if state is not None and state[0] == "consented":
        raise Refused("withdraw your consent first")
    return selfreport.delete_reports(store, link.athlete_id, by="guardian-link")


def guardian_reports(store: StoreOrUrl, token: str | None) -> tuple[pd.DataFrame,
                                                                    pd.DataFrame]:
    """The child's own sessions and back checks (date, score), for the guardian's page."""
    link = _open_link(store, token, "guardian")
    sessions = selfreport.load_self_sessions(store, link.team, athlete_id=link.athlete_id)
    checks = selfreport.load_back_checks(store, link.team, athlete_id=link.athlete_id)
    shown = sessions[[Col.DATE, Col.DURATION, Col.RPE]].rename(columns={
        Col.DATE: "date", Col.DURATION: "minutes", Col.RPE: "how hard (0-10)"})
    back = checks[[SymptomCol.DATE, "ostrc_score"]].rename(columns={
        SymptomCol.DATE: "date", "ostrc_score": "back check score (0-100)"})
    return shown, back

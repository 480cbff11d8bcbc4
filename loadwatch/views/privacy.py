"""What a shared report may say about a minor's health: coach-safe texts and pseudonyms.

Coach-safe (the default): a finding whose rule is clinical (:attr:`Finding.clinical`, decided
by the rule itself: the symptom rules carry symptom details, S4 a clinician's plan, M3 a past
injury) shows a fixed sentence instead of its text ("referred to clinician — symptoms
reported"), a neutral title and no numbers. The level itself stays visible, so
the coach still sees who must be referred. ``clinical=True`` keeps the rule texts.

Pseudonyms: a deterministic hash of the id and a team salt (no key file, no HMAC): the same
id and salt always give the same code, so weekly reports line up. Anyone who holds the id
list and the salt can recompute the codes, so keep a team's salt private.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Final

from loadwatch.risk.findings import SEPARATOR, Finding
from loadwatch.risk.rules.base import (
    CLINICAL_FAMILIES,
    HISTORY,
    PLAN,
    REGISTRY,
    SYMPTOMS,
    Level,
)

REFERRED_TEXT: Final = "referred to clinician — symptoms reported"
_PLAN_TEXT: Final = "clinician's restriction exceeded — check with the therapist"
_RECHECK_TEXT: Final = "symptoms reported — recheck within 7 days (details for clinicians only)"
_ON_FILE_TEXT: Final = "symptom check-in on file (details for clinicians only)"
_HISTORY_TEXT: Final = ("clinician-recorded history: load increases weigh more; keep them "
                        "gradual and discuss the plan with the physiotherapist")

_MODIFIER_WORDS: Final[dict[str, tuple[str, str]]] = {
    # name: (coach-safe words, clinical words)
    "growth_window": ("growth window", "growth window"),
    "low_chronic": ("low chronic base / return from a break",
                    "low chronic base / return from a break"),
    "prior_lbsi": ("clinician-recorded history",
                   "previous lumbar bone stress injury (clinician-recorded)"),
}

PSEUDONYM_PREFIX: Final = "ATH-"
_CODE_LENGTH: Final = 8


def is_clinical_rule(rule_id: str, family: str = "") -> bool:
    """True when a rule's text may hold symptom details or clinical notes (the rule says so:
    :attr:`Rule.clinical`; an unknown id of the symptom family counts as clinical)."""
    return bool(_kind(rule_id, family))


def _kind(rule_id: str, family: str = "") -> str:
    item = REGISTRY.rules.get(rule_id)
    if item is not None:
        return item.clinical_kind
    return SYMPTOMS if family in CLINICAL_FAMILIES else ""


def _sentence(kind: str, level: Level) -> str:
    """What a coach reads instead of a clinical text of this kind at this level."""
    if kind == HISTORY:
        return _HISTORY_TEXT
    if kind == PLAN or level == Level.RED:
        return _PLAN_TEXT
    if level in (Level.REFER, Level.REFER_URGENT):
        return REFERRED_TEXT
    if level == Level.AMBER:
        return _RECHECK_TEXT
    return _ON_FILE_TEXT


def _title(kind: str, title: str) -> str:
    if not kind:
        return title
    return {HISTORY: "Clinician-recorded history", PLAN: "Clinician plan"}.get(
        kind, "Clinician referral")


def coach_text(rule_id: str, family: str, level: Level) -> str:
    """The sentence a coach-safe report shows instead of a clinical rule's text."""
    return _sentence(_kind(rule_id, family) or SYMPTOMS, level)


def coach_title(rule_id: str, family: str, title: str) -> str:
    """A clinical rule's title without its subject ('Back pain …' → 'Clinician referral')."""
    return _title(_kind(rule_id, family), title)


def for_reader(finding: Finding, *, clinical: bool) -> Finding:
    """The finding as this reader may see it: unchanged for clinicians and for non-clinical
    findings; else with a fixed sentence for its text, a neutral title and no numbers."""
    if clinical or not finding.clinical:
        return finding
    return replace(finding, text=_sentence(finding.clinical_kind, finding.level),
                   title=_title(finding.clinical_kind, finding.title), numbers={})


def reader_lines(findings: Iterable[Finding], *, clinical: bool) -> list[str]:
    """Each finding's line as this reader may see it (repeated coach sentences once)."""
    return list(dict.fromkeys(for_reader(f, clinical=clinical).line for f in findings))


def redact(reasons: str, *, clinical: bool) -> str:
    """Reasons joined by ' | ' ('S2 refer: …') with clinical texts replaced for coaches
    (for faces that hold the joined text; those holding findings use :func:`for_reader`)."""
    if clinical or not reasons:
        return reasons
    kept = []
    for part in reasons.split(SEPARATOR):
        rule_id, _, rest = part.partition(" ")
        head, _, _ = rest.partition(":")
        label = head.split(" ", 1)[0]
        kind = _kind(rule_id)
        if kind:
            level = next((lv for lv in Level if lv.label == label), Level.INFO)
            part = f"{rule_id} {head}: {_sentence(kind, level)}"
        kept.append(part)
    return SEPARATOR.join(dict.fromkeys(kept))


def modifier_words(names: str, *, clinical: bool) -> str:
    """'growth_window, prior_lbsi' → words a reader understands (coach-safe by default)."""
    out = []
    for name in (n.strip() for n in names.split(",")):
        if name:
            words = _MODIFIER_WORDS.get(name, (name.replace("_", " "),) * 2)
            out.append(words[1] if clinical else words[0])
    return ", ".join(out)


def pseudonym(athlete: str, salt: str = "", length: int = _CODE_LENGTH) -> str:
    """Stable code of an athlete id: 'ATH-' + base32 of SHA-256(salt, id)."""
    digest = hashlib.sha256(f"loadwatch-pseudonym\x1f{salt}\x1f{athlete}".encode()).digest()
    return PSEUDONYM_PREFIX + base64.b32encode(digest).decode()[:length]


class Names:
    """How athlete ids appear in a report: as they are, or as pseudonyms everywhere."""

    def __init__(self, athletes: Iterable[str], *, pseudonymise: bool, salt: str = "") -> None:
        ids = sorted({str(a) for a in athletes})
        self.pseudonymise = pseudonymise
        self.mapping: dict[str, str] = {a: a for a in ids}
        self._pattern: re.Pattern[str] | None = None
        if pseudonymise and ids:
            length = _CODE_LENGTH
            codes = {a: pseudonym(a, salt, length) for a in ids}
            while len(set(codes.values())) < len(ids):  # a collision: longer codes for all
                length += 4
                codes = {a: pseudonym(a, salt, length) for a in ids}
            self.mapping = codes
            by_length = sorted(ids, key=len, reverse=True)  # longest first: GYM-10 before GYM-1
            alternatives = "|".join(re.escape(a) for a in by_length)
            # whole ids only: athlete "A" must not turn "ACWR" into a pseudonym
            self._pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")

    def __call__(self, athlete: object) -> str:
        """The name the report uses for an athlete id."""
        text = str(athlete)
        return self.mapping.get(text, text)

    def scrub(self, text: str) -> str:
        """A text with every athlete id in it replaced by its pseudonym."""
        if self._pattern is None or not text:
            return text
        return self._pattern.sub(lambda m: self.mapping[m.group(0)], text)

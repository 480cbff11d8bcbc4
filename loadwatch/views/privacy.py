"""What a shared report may say about a minor's health: coach-safe texts and pseudonyms.

Coach-safe (the default): the symptom rules (family S) carry symptom details and clinician
plans in their texts, and M3 names a past injury; the report replaces them with a fixed
sentence ("referred to clinician — symptoms reported"). The level itself stays visible, so
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
from typing import Final

from loadwatch.risk.rules.base import REGISTRY, Level

REFERRED_TEXT: Final = "referred to clinician — symptoms reported"
_PLAN_TEXT: Final = "clinician's restriction exceeded — check with the therapist"
_RECHECK_TEXT: Final = "symptoms reported — recheck within 7 days (details for clinicians only)"
_ON_FILE_TEXT: Final = "symptom check-in on file (details for clinicians only)"
_HISTORY_TEXT: Final = ("clinician-recorded history: load increases weigh more; keep them "
                        "gradual and discuss the plan with the physiotherapist")

#: Rule families whose texts are clinical, and single rules that are.
CLINICAL_FAMILIES: Final = frozenset({"S"})
CLINICAL_RULES: Final = frozenset({"M3"})

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


def is_clinical_rule(rule_id: str, family: str) -> bool:
    """True when a rule's text may hold symptom details or clinical notes."""
    return family in CLINICAL_FAMILIES or rule_id in CLINICAL_RULES


def coach_text(rule_id: str, family: str, level: Level) -> str:
    """The sentence a coach-safe report shows instead of a clinical rule's text."""
    if rule_id in CLINICAL_RULES:
        return _HISTORY_TEXT
    if rule_id == "S4" or (level == Level.RED and family in CLINICAL_FAMILIES):
        return _PLAN_TEXT
    if level in (Level.REFER, Level.REFER_URGENT):
        return REFERRED_TEXT
    if level == Level.AMBER:
        return _RECHECK_TEXT
    return _ON_FILE_TEXT


def coach_title(rule_id: str, family: str, title: str) -> str:
    """A clinical rule's title without its subject ('Back pain …' → 'Clinician referral')."""
    if not is_clinical_rule(rule_id, family):
        return title
    if rule_id in CLINICAL_RULES:
        return "Clinician-recorded history"
    return "Clinician plan" if rule_id == "S4" else "Clinician referral"


def redact(reasons: str, *, clinical: bool) -> str:
    """Reasons joined by ' | ' ('S2 refer: …') with clinical texts replaced for coaches."""
    if clinical or not reasons:
        return reasons
    kept = []
    for part in reasons.split(" | "):
        rule_id, _, rest = part.partition(" ")
        label = rest.split(":", 1)[0]
        item = REGISTRY.rules.get(rule_id)
        if item is not None and is_clinical_rule(rule_id, item.family):
            level = next((lv for lv in Level if lv.label == label), Level.INFO)
            part = f"{rule_id} {label}: {coach_text(rule_id, item.family, level)}"
        kept.append(part)
    return " | ".join(dict.fromkeys(kept))


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

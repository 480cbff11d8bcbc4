"""Which new passwords are refused (issue 19 item 6, OWASP ASVS 2.1): too short, common,
trivial, or holding the username.

A password needs at least 12 characters (ASVS 2.1.1) and is refused when it is in the
shipped list of common passwords (``common_passwords.txt``, about 7,000 entries built from
well-known patterns, compared case-insensitively), when it is only spaces, one repeated
character, a short pattern repeated ("abcabcabcabc"), a run of a sequence
("123456789012", "abcdefghijkl", a keyboard row), or when it holds the username. Long
passphrases such as "correct horse battery" pass: length beats composition rules (ASVS
2.1.9 asks for no composition rules).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Final

MIN_LENGTH: Final = 12
MAX_LENGTH: Final = 128  # ASVS 2.1.2: at least 64 allowed; argon2 hashes any length
#: sequences a run of which is trivial (forwards or backwards, wrapping around)
_SEQUENCES: Final = ("0123456789", "abcdefghijklmnopqrstuvwxyz", "qwertyuiop", "asdfghjkl",
                     "zxcvbnm", "qwertzuiop", "azertyuiop")


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords, lower case."""
    text = resources.files("loadwatch.app").joinpath("common_passwords.txt").read_text()
    return frozenset(line.strip() for line in text.splitlines()
                     if line.strip() and not line.startswith("#"))


def _is_sequence_run(text: str) -> bool:
    """True when `text` is a run of one of the sequences (either way, wrapping around)."""
    for sequence in _SEQUENCES:
        for order in (sequence, sequence[::-1]):
            cycle = order * (len(text) // len(order) + 2)
            if text in cycle:
                return True
    return False


def _is_repeated_pattern(text: str) -> bool:
    """True for one short chunk (1 to 4 characters) repeated: 'aaaa…', 'abab…', 'abcabc…'."""
    return any(len(text) % size == 0 and text == text[:size] * (len(text) // size)
               for size in range(1, 5))


def password_problem(password: str, username: str = "") -> str | None:
    """The sentence saying why `password` is refused for `username`, or None when it is fine.

    >>> password_problem("password12")
    'a password needs at least 12 characters (this one has 10)'
    >>> password_problem("correct horse battery") is None
    True
    """
    if not password.strip():
        return "a password cannot be only spaces"
    if len(password) < MIN_LENGTH:
        return f"a password needs at least {MIN_LENGTH} characters (this one has {len(password)})"
    if len(password) > MAX_LENGTH:
        return f"a password can have at most {MAX_LENGTH} characters"
    folded = password.lower()
    squeezed = "".join(folded.split())
    if _is_repeated_pattern(squeezed):
        return "a password cannot be one character or a short pattern repeated"
    if _is_sequence_run(squeezed):
        return "a password cannot be a run of a sequence such as 1234… or abcd… or qwerty…"
    name = username.strip().lower()
    if len(name) >= 3 and name in folded:
        return "a password cannot contain the username"
    if folded in common_passwords() or squeezed in common_passwords():
        return "this password is on the list of common passwords; choose a longer phrase"
    return None


def check_password(password: str, username: str = "") -> None:
    """Refuse a weak new password with ValueError (the sentence of :func:`password_problem`)."""
    problem = password_problem(password, username)
    if problem is not None:
        raise ValueError(problem)


__all__ = ["MIN_LENGTH", "check_password", "common_passwords", "password_problem"]

"""New passwords (issue 19 item 6, OWASP ASVS 2.1): length 12, not common, not trivial."""

from __future__ import annotations

from pathlib import Path

import pytest

from loadwatch.app import passwords
from loadwatch.app.auth import check_new_account
from loadwatch.app.passwords import check_password, common_passwords, password_problem

SHORT = "a password needs at least 12 characters (this one has {n})"


@pytest.mark.parametrize(("password", "message"), [
    ("password12", SHORT.format(n=10)),
    ("aaaaaaaaaa", SHORT.format(n=10)),
    ("1234567890", SHORT.format(n=10)),
    (" " * 10, "a password cannot be only spaces"),
    (" " * 14, "a password cannot be only spaces"),
    ("aaaaaaaaaaaa", "a password cannot be one character or a short pattern repeated"),
    ("abcabcabcabc", "a password cannot be one character or a short pattern repeated"),
    ("123456789012", "a password cannot be a run of a sequence such as 1234… or abcd… or "
                     "qwerty…"),
    ("abcdefghijkl", "a password cannot be a run of a sequence such as 1234… or abcd… or "
                     "qwerty…"),
    ("LKJIHGFEDCBA", "a password cannot be a run of a sequence such as 1234… or abcd… or "
                     "qwerty…"),
    ("password1234", "this password is on the list of common passwords; choose a longer "
                     "phrase"),
    ("Football2024", "this password is on the list of common passwords; choose a longer "
                     "phrase"),
    ("qwertyuiop12", "this password is on the list of common passwords; choose a longer "
                     "phrase"),
])
def test_weak_passwords_are_refused_with_a_sentence(password: str, message: str) -> None:
    assert password_problem(password) == message
    with pytest.raises(ValueError) as caught:
        check_password(password)
    assert str(caught.value) == message


def test_the_username_inside_is_refused_case_insensitively() -> None:
    assert password_problem("my Coach1 secret", "coach1") == \
        "a password cannot contain the username"
    with pytest.raises(ValueError, match="cannot contain the username"):
        check_new_account("coach1", "xxCOACH1-rides-bikes", "coach")


@pytest.mark.parametrize("password", ["correct horse battery", "a long enough passphrase",
                                      "long enough pw", "Tr4ining-load-2026"])
def test_passphrases_are_accepted(password: str) -> None:
    assert password_problem(password, "coach1") is None
    check_new_account("coach1", password, "coach")


def test_the_shipped_list_is_packaged_lower_case_and_small() -> None:
    path = Path(passwords.__file__).with_name("common_passwords.txt")
    assert path.stat().st_size < 100_000
    common = common_passwords()
    assert 5_000 < len(common) < 10_000
    assert {"password", "password12", "iloveyou", "1234567890", "qwertyuiop"} <= common
    assert all(entry == entry.lower() for entry in common)
    assert "correct horse battery" not in common


def test_a_very_long_password_is_refused() -> None:
    assert password_problem("x" * 60 + "y" * 69) == \
        "a password can have at most 128 characters"

"""Password hashing and account rules."""

from __future__ import annotations

import pytest

from loadwatch.app.auth import check_new_account, hash_password, verify_password


def test_hash_is_salted_slow_argon2_and_verifies() -> None:
    first, second = hash_password("correct horse"), hash_password("correct horse")
    assert first.startswith("$argon2id$") and first != second
    assert verify_password(first, "correct horse")
    assert not verify_password(first, "Correct horse")
    assert not verify_password("not a hash", "correct horse")


@pytest.mark.parametrize(("username", "password", "role", "message"), [
    ("", "long enough pw", "coach", "1 to 64"),
    ("ann smith", "long enough pw", "coach", "spaces"),
    ("ann", "short", "coach", "at least 12 characters \\(this one has 5\\)"),
    ("ann", "long enough pw", "parent", "role must be one of coach, therapist, admin"),
    ("annannanna", "AnnAnnAnna", "coach", "cannot be the username"),
])
def test_weak_or_malformed_accounts_are_refused(username: str, password: str, role: str,
                                                message: str) -> None:
    with pytest.raises(ValueError, match=message):
        check_new_account(username, password, role)

"""Local accounts: salted, slow password hashes (argon2id) and the roles of loadwatch.

Roles (least privilege): a coach sees load and flags and that an athlete is "referred", never
symptom details or clinical notes; a therapist sees both; an admin manages users, teams and
settings. No credential lives in code or configuration files.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from loadwatch.app.passwords import MIN_LENGTH, check_password
from loadwatch.errors import UsageError

ROLES = ("coach", "therapist", "admin")
MIN_PASSWORD = MIN_LENGTH
_HASHER = PasswordHasher()  # argon2id with a random salt per hash


class AccessDenied(UsageError, PermissionError):
    """A call the user's role or teams do not allow (the service audits every refusal).

    Its message is one line naming the team at most, never an athlete."""


@dataclass(frozen=True)
class User:
    """A signed-in user: name, role and the teams they may see (admins see all)."""

    username: str
    role: str
    teams: tuple[str, ...] = field(default_factory=tuple)
    #: set by an admin's password reset: the user must choose a new password first
    must_change_password: bool = False

    @property
    def clinical(self) -> bool:
        """True for the role allowed to see symptoms, plans and notes."""
        return self.role == "therapist"

    def may_see(self, team: str) -> bool:
        """True when the user may work with the team: an admin every team, others theirs."""
        return self.role == "admin" or team in self.teams


def check_new_account(username: str, password: str, role: str) -> None:
    """Refuse weak or malformed accounts with a clear message (ValueError)."""
    if not username or not username.strip() or len(username) > 64:
        raise ValueError("a username needs 1 to 64 characters")
    if any(ch.isspace() for ch in username):
        raise ValueError("a username cannot contain spaces")
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}, not '{role}'")
    if password.lower() == username.lower():
        raise ValueError("the password cannot be the username")
    check_password(password, username)


def hash_password(password: str) -> str:
    """An argon2id hash (salted, slow) of the password."""
    return _HASHER.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """True when the password matches the stored hash; never raises for a wrong password."""
    try:
        return _HASHER.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False

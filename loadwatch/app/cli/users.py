"""`loadwatch users …`: manage dashboard accounts from scripts (passwords never on the
command line: typed at a prompt or read from standard input)."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable

from loadwatch.app import accounts, alerts
from loadwatch.app.auth import ROLES
from loadwatch.errors import UsageError

Handler = Callable[[argparse.Namespace], None]


def register(sub: argparse._SubParsersAction) -> dict[str, Handler]:
    """Add `loadwatch users add|list`."""
    users = sub.add_parser("users", help="dashboard accounts (coach, therapist, admin)")
    actions = users.add_subparsers(dest="users_action", required=True)
    add = actions.add_parser("add", help="create an account")
    add.add_argument("username")
    add.add_argument("--role", choices=ROLES, required=True)
    add.add_argument("--team", action="append", default=[], metavar="NAME",
                     help="a team the user may see (repeat for several)")
    add.add_argument("--email", metavar="ADDRESS",
                     help="where referral alerts reach this user (therapists, issue 16)")
    add.add_argument("--password-stdin", action="store_true",
                     help="read the password from standard input instead of a prompt")
    add.add_argument("--db", metavar="URL")
    listing = actions.add_parser("list", help="list accounts (never their passwords)")
    listing.add_argument("--db", metavar="URL")
    return {"users": _cmd_users}


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    if not sys.stdin.isatty():
        raise UsageError("no terminal to type a password: use --password-stdin")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Repeat: "):
        raise UsageError("the two passwords differ")
    return first


def _cmd_users(args: argparse.Namespace) -> None:
    if args.users_action == "list":
        print(accounts.list_users(args.db).to_string(index=False))
        return
    try:
        email = alerts.clean_email(args.email)
        user = accounts.add_user(args.db, args.username, _password(args), args.role, args.team,
                                 by="cli")
        if email:
            alerts.set_email(args.db, user.username, email, by="cli")
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    teams = ", ".join(user.teams) or "no team yet"
    print(f"added {user.role} '{user.username}' ({teams})")

"""`loadwatch users …`: manage dashboard accounts from scripts (passwords never on the
command line: typed at a prompt or read from standard input). add / list / deactivate /
reactivate / reset-password / teams; each names the database it changed, the one the
dashboard reads when run from the checkout (`loadwatch db which`)."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable

from loadwatch.app import accounts, alerts
from loadwatch.app.auth import ROLES
from loadwatch.app.cli.store import DB_HELP
from loadwatch.errors import UsageError
from loadwatch.store.db import describe, resolve_url

Handler = Callable[[argparse.Namespace], None]


def register(sub: argparse._SubParsersAction) -> dict[str, Handler]:
    """Add `loadwatch users add|list|deactivate|reactivate|reset-password|teams`."""
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
    add.add_argument("--db", metavar="URL", help=DB_HELP)
    listing = actions.add_parser("list", help="list accounts (never their passwords)")
    listing.add_argument("--db", metavar="URL", help=DB_HELP)
    for name, words in (("deactivate", "stop an account (its open sessions end at once)"),
                        ("reactivate", "let a deactivated account sign in again"),
                        ("reset-password", "print a temporary password, once; the user "
                                           "chooses a new one at the next sign-in")):
        action = actions.add_parser(name, help=words)
        action.add_argument("username")
        action.add_argument("--db", metavar="URL", help=DB_HELP)
    teams = actions.add_parser("teams", help="set the teams of an account (existing teams)")
    teams.add_argument("username")
    teams.add_argument("--team", action="append", default=[], metavar="NAME",
                       help="a team the user may see (repeat; none: no team)")
    teams.add_argument("--db", metavar="URL", help=DB_HELP)
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


def _change(args: argparse.Namespace) -> None:
    """deactivate / reactivate / reset-password / teams (ValueError: a clear message)."""
    where = describe(resolve_url(args.db))
    name = args.username
    if args.users_action == "reset-password":
        temporary = accounts.reset_password(args.db, name, by="cli")
        print(f"temporary password for '{name}' (shown once; they choose their own at the "
              f"next sign-in): {temporary}")
    elif args.users_action == "teams":
        teams = accounts.set_teams(args.db, name, args.team, by="cli")
        print(f"'{name}' now sees: {', '.join(teams) or 'no team'} ({where})")
    else:
        accounts.set_active(args.db, name, args.users_action == "reactivate", by="cli")
        print(f"{args.users_action}d '{name}' in {where}")


def _cmd_users(args: argparse.Namespace) -> None:
    if args.users_action == "list":
        print(accounts.list_users(args.db).to_string(index=False))
        return
    if args.users_action != "add":
        try:
            _change(args)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
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
    print(f"added {user.role} '{user.username}' ({teams}) to {describe(resolve_url(args.db))}")

"""`loadwatch alerts …` (issue 16): reminders and the mail queue, for cron and the admin.

    loadwatch alerts send-reminders --team T [--week YYYY-MM-DD] [--db URL]
    loadwatch alerts retry [--db URL]        send failed mails again
    loadwatch alerts list [--failed] [--db URL]

A weekly cron line: ``0 17 * * 0 loadwatch alerts send-reminders --team "Gymnastics club"``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path

from loadwatch.app import alerts, compliance
from loadwatch.app.selfreport import CONSENT_KEY
from loadwatch.config import load_config
from loadwatch.errors import UsageError
from loadwatch.store import settings
from loadwatch.store.athletes import clean_team
from loadwatch.store.db import Store, open_store

Handler = Callable[[argparse.Namespace], None]


def register(sub: argparse._SubParsersAction) -> dict[str, Handler]:
    """Add `loadwatch alerts send-reminders|retry|list`."""
    group = sub.add_parser("alerts", help="weekly reminders and the mail queue (issue 16)")
    actions = group.add_subparsers(dest="alerts_action", required=True)
    remind = actions.add_parser("send-reminders",
                                help="remind athletes (or guardians) without this week's "
                                     "back check")
    remind.add_argument("--team", required=True, metavar="NAME")
    remind.add_argument("--week", metavar="YYYY-MM-DD", help="a day of the week (default: today)")
    remind.add_argument("--db", metavar="URL")
    retry = actions.add_parser("retry", help="send failed mails again")
    retry.add_argument("--db", metavar="URL")
    listing = actions.add_parser("list", help="mails and their delivery state")
    listing.add_argument("--failed", action="store_true", help="only the failed ones")
    listing.add_argument("--db", metavar="URL")
    return {"alerts": _run}


def _team_age(store: Store, team: str) -> int:
    """The team's consent age (its saved settings, else the default)."""
    text = settings.team_config(store, team)
    if not text:
        return int(load_config().get(CONSENT_KEY))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "team.toml"
        path.write_text(text)
        return int(load_config(path).get(CONSENT_KEY))


def _run(args: argparse.Namespace) -> None:
    with open_store(args.db) as store:
        if args.alerts_action == "retry":
            sent, failing = alerts.retry_failed(store)
            print(f"{sent} mail(s) sent, {failing} still failing")
            return
        if args.alerts_action == "list":
            statuses = ("failed",) if args.failed else ("pending", "sent", "failed")
            table = alerts.alert_table(store, statuses=statuses)
            print(table.to_string(index=False) if len(table) else "no mails")
            return
        team = clean_team(args.team)
        try:
            week = dt.date.fromisoformat(args.week) if args.week else None
        except ValueError:
            raise UsageError(f"'{args.week}' is not a date (use YYYY-MM-DD)") from None
        mailed, in_person = compliance.send_reminders(store, team, _team_age(store, team),
                                                      week)
    print(f"{mailed} reminder(s) mailed")
    if in_person:
        print(f"{len(in_person)} athlete(s) without this week's back check have no address: "
              "remind them in person")

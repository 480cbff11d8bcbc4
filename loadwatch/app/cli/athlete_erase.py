"""`loadwatch athletes erase` (issue 17): a family's request to delete is one command.

    loadwatch athletes erase --team T --athlete A --confirm A [--db URL] [--by NAME]

The athlete's id is typed twice (``--confirm``); every row about the athlete leaves every
table and the audit log keeps the events under a one-way code (loadwatch.store.erase).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from loadwatch.app.cli.store import db_errors
from loadwatch.store.athletes import clean_team
from loadwatch.store.erase import erase_athlete

Handler = Callable[[argparse.Namespace], None]


def add(actions: argparse._SubParsersAction) -> dict[str, Handler]:
    """Add `loadwatch athletes erase` to `loadwatch athletes`; returns action → handler."""
    parser = actions.add_parser("erase", help="erase every trace of an athlete (no undo)")
    parser.add_argument("--team", required=True, metavar="NAME")
    parser.add_argument("--athlete", required=True, metavar="ID",
                        help="the athlete id as in the coach's files")
    parser.add_argument("--confirm", required=True, metavar="ID",
                        help="the same id again: nothing is erased otherwise")
    parser.add_argument("--db", metavar="URL")
    parser.add_argument("--by", metavar="NAME", default="cli", help="who asks (audit log)")
    return {"erase": db_errors(_run)}


def _run(args: argparse.Namespace) -> None:
    result = erase_athlete(args.db, clean_team(args.team), args.athlete, confirm=args.confirm,
                           by=args.by)
    print(result.message)

"""`loadwatch` subcommands of the model stage; `register` adds them to the CLI parser."""

from __future__ import annotations

import argparse
from collections.abc import Callable

Handler = Callable[[argparse.Namespace], None]


def register(sub: argparse._SubParsersAction) -> dict[str, Handler]:
    """Add this stage's subcommands to `sub`; return {command name: handler}."""
    return {}

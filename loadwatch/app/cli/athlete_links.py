"""Action of `loadwatch athletes` (issue 16): filled in by that issue's work."""

from __future__ import annotations

import argparse
from collections.abc import Callable

Handler = Callable[[argparse.Namespace], None]


def add(actions: argparse._SubParsersAction) -> dict[str, Handler]:
    """Add this module's action(s) to `loadwatch athletes`; returns action → handler."""
    return {}

"""Risk rules, one module per family; importing this package registers all of them."""

# ruff: noqa: I001  (modules are imported in catalogue order: it is the rules' order)

from loadwatch.risk.rules import (  # noqa: F401  (registration, in catalogue order)
    load,
    recovery,
    youth,
    extension,
    cricket,
    symptoms,
)
from loadwatch.risk.rules.base import REGISTRY, Level, Outcome, Rule

__all__ = ["REGISTRY", "Level", "Outcome", "Rule"]

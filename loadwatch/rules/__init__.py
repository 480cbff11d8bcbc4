"""Risk rules, one module per family; importing this package registers all of them."""

from loadwatch.rules import extension, load, recovery  # noqa: F401  (registration)
from loadwatch.rules.base import REGISTRY, Level, Outcome, Rule

__all__ = ["REGISTRY", "Level", "Outcome", "Rule"]

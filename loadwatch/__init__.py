"""loadwatch: training-load risk monitor for young athletes in extension-heavy sports.

Decision support, not diagnosis. This module is the curated public API, grouped below by the
data's journey (configuration → reading logs → series and metrics → side tables → flags and
planning → risk model); the packages behind it and what each may import are described in
docs/architecture.md. Every name in ``__all__`` documents its units, the spec section
(docs/domain-spec.md) or paper it implements, and one example that the suite runs
(tests/test_docstrings.py).

The dashboard imports only this module and :mod:`loadwatch.app`.
"""

from loadwatch.config import Config, ConfigError, default_config, load_config
from loadwatch.errors import LogError, Problem
from loadwatch.ingest.log import ParsedLog, combine_logs, parse_log, read_log
from loadwatch.ingest.side_tables import read_growth, read_plans, read_roster, read_symptoms
from loadwatch.risk.engine import Assessment, assess, evaluate
from loadwatch.risk.planner import max_safe_load
from loadwatch.schema import Channel, Col, DataStatus, DayStatus
from loadwatch.series.calendar import daily_series
from loadwatch.series.gaps import logging_gaps
from loadwatch.series.metrics import daily_metrics, weekly_metrics
from loadwatch.series.ratios import rac_from_rau, rau_from_rac
from loadwatch.version import __version__
from loadwatch.views.summary import latest_week

#: the risk model pulls in scikit-learn: imported on first use only (`import loadwatch` stays light)
_MODEL = {"RiskModel", "evaluate_model", "fit_model", "load_model", "read_injuries",
          "injury_epidemiology", "simulate_cohort"}


def __getattr__(name: str) -> object:
    if name in _MODEL:
        import loadwatch.model as model

        return getattr(model, name)
    raise AttributeError(f"module 'loadwatch' has no attribute {name!r}")


__all__ = [
    "__version__",
    # configuration (spec §10.3)
    "Config", "ConfigError", "default_config", "load_config",
    # reading logs (spec §1–§3)
    "LogError", "Problem", "ParsedLog", "read_log", "parse_log", "combine_logs",
    # series and metrics (spec §3–§5)
    "daily_series", "logging_gaps", "daily_metrics", "weekly_metrics", "latest_week",
    "rau_from_rac", "rac_from_rau",
    # side tables (spec §1.3, §1.4)
    "read_roster", "read_growth", "read_symptoms", "read_plans",
    # risk flags and planning (spec §10)
    "evaluate", "assess", "Assessment", "max_safe_load",
    # risk model (issue #8; lazy)
    "RiskModel", "evaluate_model", "fit_model", "load_model", "read_injuries",
    "injury_epidemiology", "simulate_cohort",
    # vocabularies
    "Channel", "Col", "DataStatus", "DayStatus",
]

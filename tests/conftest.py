"""Fixtures shared across the suite's folders (the suite mirrors the package, so a stage's
tests and the face tests that drive it use the same stores, squads and report data)."""

from tests.model.support import null, null_eval, planted, planted_eval
from tests.report.support import assessment, data, frames, week_start, written
from tests.store.support import club, db_url, new_url, store

__all__ = ["assessment", "club", "data", "db_url", "frames", "new_url", "null", "null_eval",
           "planted", "planted_eval", "store", "week_start", "written"]

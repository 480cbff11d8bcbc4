"""Reading the uploads the model stage needs, through the shared validation path."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from loadwatch.ingest.injuries import pad_absent_fields
from loadwatch.ingest.log import combine_logs, read_log
from loadwatch.ingest.readers import RawTable, Source
from loadwatch.ingest.validate import ROW, parse_fields
from loadwatch.schema import ROSTER_FIELDS


def read_roster_table(source: Source | RawTable, *, dayfirst: bool | None = None
                      ) -> pd.DataFrame:
    """The roster, as :func:`loadwatch.ingest.side_tables.read_roster` reads it (all-or-nothing),
    also when the file lacks an optional number column (see `pad_absent_fields`)."""
    parsed = parse_fields(pad_absent_fields(source, ROSTER_FIELDS), ROSTER_FIELDS,
                          dayfirst=dayfirst)
    return parsed.valid_or_raise("roster").drop(columns=[ROW])


def read_logs(sources: Sequence[Source], *, dayfirst: bool | None = None) -> pd.DataFrame:
    """One or more training logs, validated all-or-nothing and stacked."""
    return combine_logs([read_log(s, dayfirst=dayfirst) for s in sources])

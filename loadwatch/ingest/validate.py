"""The shared validation path of every uploaded table (logs, roster, symptoms, plans, growth).

Headers are matched to the schema's fields through their aliases; every cell is parsed by
its field's kind; every problem is collected with its spreadsheet row (header = row 1), the
column as the user wrote it and the reason. Rejected rows come back with their reasons, so
nothing is ever dropped silently.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from loadwatch.config import Config, default_config
from loadwatch.errors import LogError, Problem
from loadwatch.ingest.parsing import (
    Parsed,
    as_text,
    parse_bool,
    parse_date,
    parse_duration,
    parse_number,
)
from loadwatch.ingest.readers import RawTable, Source, read_table
from loadwatch.schema import (
    Field,
    PlanCol,
    RosterCol,
    normalise_header,
    normalise_word,
)

REASON = "reason"
ROW = "row"
_EMPTY_DTYPE = {"date": "datetime64[ns]", "number": "float64", "duration": "float64",
                "bool": "boolean"}


def map_columns(
    headers: Iterable[str], fields: tuple[Field, ...], column_map: Mapping[str, str] | None = None
) -> tuple[dict[str, str], list[str]]:
    """Match file headers to canonical fields: ({canonical: header}, ignored headers).

    `column_map` ({canonical name: header in the file}) overrides the automatic match; the
    first alias (in the schema's order of preference) present in the file wins.
    """
    headers = list(headers)
    forced = dict(column_map or {})
    names = [f.name for f in fields]
    unknown_targets = [k for k in forced if k not in names]
    if unknown_targets:
        raise LogError(f"column_map names unknown field(s) {unknown_targets}; "
                       f"valid: {', '.join(names)}")
    missing_sources = [h for h in forced.values() if h not in headers]
    if missing_sources:
        raise LogError(
            f"column_map refers to column(s) {missing_sources} that are not in the file; "
            f"columns found: {', '.join(headers)}"
        )
    mapping: dict[str, str] = dict(forced)
    used = set(forced.values())
    by_norm: dict[str, str] = {}
    for header in headers:
        by_norm.setdefault(normalise_header(header), header)
    for fld in fields:
        if fld.name in mapping:
            continue
        for candidate in (normalise_header(fld.name), *fld.aliases):
            found = by_norm.get(candidate)
            if found is not None and found not in used:
                mapping[fld.name] = found
                used.add(found)
                break
    ignored = [h for h in headers if h not in used]
    return mapping, ignored


def require(mapping: dict[str, str], fields: tuple[Field, ...], headers: list[str],
            name: str) -> None:
    """Refuse a table without a required column, naming it and listing the columns found."""
    for fld in fields:
        if fld.required and fld.name not in mapping:
            accepted = ", ".join(fld.aliases[:6])
            raise LogError(
                f"{name}: missing required column '{fld.name}' (accepted headers include: "
                f"{accepted}; or map it: --map {fld.name}=COLUMN, or choose another sheet of "
                f"a workbook: --sheet NAME); columns found: {', '.join(headers) or 'none'}"
            )


class Checker:
    """Collects row-level problems while the columns of one table are parsed."""

    def __init__(self, raw: pd.DataFrame, mapping: dict[str, str]) -> None:
        self.raw = raw
        self.mapping = mapping
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []
        self.bad_rows = pd.Series(False, index=raw.index)

    def header(self, name: str) -> str:
        """The user's header for a canonical field (the field name if it is absent)."""
        return self.mapping.get(name, name)

    def flag(self, mask: pd.Series, name: str, message: object, *, warn: bool = False) -> None:
        """Record a problem for every row in `mask`; `message` is a str, a per-row Series, or
        a function returning one (called only when some row is flagged)."""
        mask = mask.fillna(False).astype(bool)
        if not mask.any():
            return
        if callable(message):  # built only when a row is flagged: cheap on clean files
            message = message()
        rows = mask.index[mask.to_numpy()]
        texts = message.reindex(rows) if isinstance(message, pd.Series) else [message] * len(rows)
        column = self.header(name)
        target = self.warnings if warn else self.errors
        severity: Literal["error", "warning"] = "warning" if warn else "error"
        target.extend(
            Problem(int(r), column, str(t), severity) for r, t in zip(rows, texts, strict=True)
        )
        if not warn:
            self.bad_rows |= mask

    def cells(self, name: str) -> pd.Series | None:
        """Raw cells of a canonical field, or None when the file lacks it."""
        header = self.mapping.get(name)
        return None if header is None else self.raw[header]

    def parsed(self, fld: Field, parsed: Parsed, what: str) -> pd.Series:
        """Report the unreadable cells of a parsed column and return its values."""
        cells = self.cells(fld.name)
        if cells is not None:
            bad = parsed.bad
            self.flag(bad, fld.name,  # texts built for the flagged rows alone
                      lambda: "'" + as_text(cells[bad.fillna(False).to_numpy(bool)]).astype(str)
                      + f"' is not {what}")
        return parsed.values

    def text(self, name: str) -> pd.Series | None:
        """Stripped text of a field (blank → <NA>)."""
        cells = self.cells(name)
        return None if cells is None else as_text(cells)

    def number(self, fld: Field, decimal_comma: bool = False, *, check_maximum: bool = True
               ) -> pd.Series | None:
        """Numbers of a field with its declared range checked (the caller may check the
        maximum itself to give a more specific message)."""
        cells = self.cells(fld.name)
        if cells is None:
            return None
        values = self.parsed(fld, parse_number(cells, decimal_comma=decimal_comma), "a number")
        if fld.minimum == 0:
            self.flag(values < 0, fld.name, lambda: "negative value " + values.astype(str)
                      + " (must be ≥ 0)")
        elif fld.minimum is not None:
            self.flag(values < fld.minimum, fld.name, lambda: "value " + values.astype(str)
                      + f" is below the minimum {fld.minimum:g}")
        if fld.maximum is not None and check_maximum:
            self.flag(values > fld.maximum, fld.name, lambda: "value " + values.astype(str)
                      + f" is above the maximum {fld.maximum:g}")
        return values

    def required_blank(self, fld: Field) -> None:
        """A required field left blank is an error on that row."""
        cells = self.cells(fld.name)
        if fld.required and cells is not None:
            self.flag(as_text(cells).isna(), fld.name, f"{fld.name.replace('_', ' ')} is blank")

    def rejects(self) -> pd.DataFrame:
        """The invalid rows as the user wrote them, with their row number and reasons."""
        rejects = self.raw.loc[self.bad_rows].copy()
        if rejects.empty:
            return rejects.reset_index(drop=True)
        reasons = pd.DataFrame([(p.row, str(p)) for p in self.errors], columns=[ROW, REASON])
        joined = reasons.groupby(ROW)[REASON].agg("; ".join)
        rejects.insert(0, REASON, joined.reindex(rejects.index).to_numpy())
        rejects.insert(0, ROW, rejects.index)
        return rejects.reset_index(drop=True)


@dataclass
class ParsedTable:
    """A validated table: canonical valid rows, every problem, and the rejected rows."""

    data: pd.DataFrame
    name: str
    mapping: dict[str, str]
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    rejects: pd.DataFrame = field(default_factory=pd.DataFrame)
    ignored_columns: list[str] = field(default_factory=list)

    def valid_or_raise(self, what: str) -> pd.DataFrame:
        """The data, or LogError listing every problem (all-or-nothing)."""
        if self.problems:
            n_rows = len({p.row for p in self.problems})
            raise LogError(f"{self.name}: {n_rows} row(s) of the {what} are invalid; nothing "
                           "was read", self.problems)
        return self.data


def parse_fields(
    source: Source | RawTable,
    fields: tuple[Field, ...],
    *,
    dayfirst: bool | None = None,
    column_map: Mapping[str, str] | None = None,
    window: DateWindow | None = None,
) -> ParsedTable:
    """Read a table whose columns are all plain fields (text, date, number, bool, choice);
    dates outside `window` (default: the shipped settings around today) are refused."""
    raw = source if isinstance(source, RawTable) else read_table(source)
    headers = [str(h) for h in raw.frame.columns]
    if raw.frame.empty:
        raise LogError(f"{raw.name}: no data rows below the header ({', '.join(headers)})")
    mapping, ignored = map_columns(headers, fields, column_map)
    require(mapping, fields, headers, raw.name)
    check = Checker(raw.frame, mapping)
    out = pd.DataFrame(index=raw.frame.index)
    try:
        for fld in fields:
            out[fld.name] = _parse_field(check, fld, raw, dayfirst, window)
    except LogError as exc:
        raise LogError(f"{raw.name}: {exc}", exc.problems) from None
    check.errors.sort(key=lambda p: (p.row or 0, p.column or ""))
    return ParsedTable(
        data=out.loc[~check.bad_rows.to_numpy()].reset_index(names=ROW),
        name=raw.name, mapping=mapping, problems=check.errors, warnings=check.warnings,
        rejects=check.rejects(), ignored_columns=ignored,
    )


def _parse_field(check: Checker, fld: Field, raw: RawTable, dayfirst: bool | None,
                 window: DateWindow | None = None) -> pd.Series:
    cells = check.cells(fld.name)
    index = raw.frame.index
    if cells is None:
        return pd.Series(index=index, dtype=_EMPTY_DTYPE.get(fld.kind, "string"))
    check.required_blank(fld)
    if fld.kind == "date":
        column = check.header(fld.name)
        return plausible_dates(check, fld, lambda c: parse_date(c, dayfirst=dayfirst,
                                                                column=column),
                               "a date (use YYYY-MM-DD)", window)
    if fld.kind == "number":
        values = check.number(fld, raw.decimal_comma)
        assert values is not None
        return values
    if fld.kind == "duration":
        return check.parsed(fld, parse_duration(cells, decimal_comma=raw.decimal_comma),
                            "a duration")
    if fld.kind == "bool":
        return check.parsed(fld, parse_bool(cells), "yes or no")
    text = as_text(cells)
    if fld.kind == "choice" and fld.choices:
        allowed = {normalise_word(c): c for c in fld.choices}
        values = text.map(lambda v: allowed.get(normalise_word(v)), na_action="ignore")
        check.flag(text.notna() & values.isna(), fld.name, "'" + text.astype(str)
                   + f"' is not one of: {', '.join(fld.choices)}")
        return values
    return text


# --- plausible dates (issue 19.2) -------------------------------------------------------------

#: Set to a date (YYYY-MM-DD) to fix "today" (tests, replaying an old season); default: the
#: machine's date.
TODAY_VARIABLE = "LOADWATCH_TODAY"
#: Dates that may lie ahead (a clinician plans the weeks to come; plans extend no calendar)
#: and dates that may precede ingest.earliest_date (an athlete's birth).
FUTURE_OK = frozenset({PlanCol.START, PlanCol.REVIEW})
PAST_OK = frozenset({RosterCol.BIRTH_DATE})
#: A date-like text with a four-digit year: YYYY-MM(-DD), YYYY/MM/DD, YYYY-Www, DD/MM/YYYY.
_YEAR = r"^\s*(?:(\d{4})[-/.]W?\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.](\d{4}))(?!\d)"
#: Years a datetime64[ns] holds (1677-09-21 to 2262-04-11): beyond them pandas overflows.
_NS_YEARS = (1678, 2261)


def today() -> pd.Timestamp:
    """Today's date, or the date in the LOADWATCH_TODAY environment variable."""
    fixed = os.environ.get(TODAY_VARIABLE, "").strip()
    if fixed:
        try:
            return pd.Timestamp(dt.date.fromisoformat(fixed))
        except ValueError:
            raise LogError(f"{TODAY_VARIABLE}={fixed!r} is not a date (YYYY-MM-DD)") from None
    return pd.Timestamp.today().normalize()


@dataclass(frozen=True)
class DateWindow:
    """Plausible dates: from `earliest` to `ahead` days after `today` (settings
    ingest.earliest_date and ingest.max_days_ahead)."""

    today: pd.Timestamp
    ahead: int
    earliest: pd.Timestamp

    @classmethod
    def from_config(cls, config: Config | None = None, on: dt.date | str | None = None
                    ) -> DateWindow:
        """The window of a team's settings around `on` (default: :func:`today`)."""
        cfg = config or default_config()
        day = pd.Timestamp(on).normalize() if on is not None else today()
        return cls(day, int(cfg.get("ingest.max_days_ahead")),
                   pd.Timestamp(cfg.get("ingest.earliest_date")))

    @property
    def latest(self) -> pd.Timestamp:
        """The last plausible day."""
        return self.today + pd.Timedelta(days=self.ahead)

    def too_late(self, value: str) -> str:
        """Why a date is refused for lying ahead."""
        days = "day" if self.ahead == 1 else "days"
        when = (f"is after today ({self.today:%Y-%m-%d})" if self.ahead == 0 else
                f"is more than {self.ahead} {days} after today ({self.today:%Y-%m-%d})")
        return f"{value} {when}: a typing error? (setting ingest.max_days_ahead)"

    def too_early(self, value: str) -> str:
        """Why a date is refused for lying before the earliest plausible date."""
        return (f"{value} is before {self.earliest:%Y-%m-%d}: a typing error? "
                "(setting ingest.earliest_date)")


def far_dates(cells: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(beyond 2261, before 1678): cells holding a date pandas cannot represent, found before
    parsing (a year 9999 would otherwise end in an overflow traceback). Text cells are
    matched once per distinct value."""
    none = pd.Series(False, index=cells.index)
    if pd.api.types.is_datetime64_any_dtype(cells.dtype) or cells.empty:
        return none, none.copy()
    codes, uniques = pd.factorize(cells, use_na_sentinel=True)
    distinct = pd.Series(uniques, dtype=object)
    years = pd.Series(
        [v.year if isinstance(v, dt.date) else None for v in distinct], dtype="Float64")
    text = distinct.where(distinct.map(lambda v: isinstance(v, str))).astype("string")
    found = text.str.extract(_YEAR)
    years = years.fillna(pd.to_numeric(found[0].fillna(found[1]), errors="coerce"))
    late = (years > _NS_YEARS[1]).fillna(False).to_numpy(bool)
    early = (years < _NS_YEARS[0]).fillna(False).to_numpy(bool)
    known = codes >= 0
    pick = lambda flags: pd.Series(known & flags[codes.clip(0)], index=cells.index)  # noqa: E731
    return pick(late), pick(early)


def plausible_dates(check: Checker, fld: Field, parse: Callable[[pd.Series], Parsed],
                    what: str, window: DateWindow | None, *, noun: str = "date"
                    ) -> pd.Series:
    """Parse a date column with `parse` and refuse each implausible date with its row and
    value (:class:`DateWindow`; FUTURE_OK and PAST_OK fields are exempt from one side).
    Refused dates come back as NaT, so that they reach no coverage, calendar or marker."""
    cells = check.cells(fld.name)
    assert cells is not None
    win = window or DateWindow.from_config()
    late, early = far_dates(cells)
    far = late | early
    values = check.parsed(fld, parse(cells.mask(far) if far.any() else cells), what)
    shown = lambda: noun + " " + as_text(cells).astype(str)  # noqa: E731
    stamp = lambda: noun + " " + values.dt.strftime("%Y-%m-%d").astype(str)  # noqa: E731
    if fld.name not in FUTURE_OK:
        check.flag(late, fld.name, lambda: shown().map(win.too_late))
        ahead = values > win.latest
        check.flag(ahead, fld.name, lambda: stamp().map(win.too_late))
        values = values.mask(ahead.fillna(False))
    else:
        check.flag(late, fld.name, lambda: "'" + as_text(cells).astype(str) + f"' is not {what}")
    if fld.name not in PAST_OK:
        check.flag(early, fld.name, lambda: shown().map(win.too_early))
        before = values < win.earliest
        check.flag(before, fld.name, lambda: stamp().map(win.too_early))
        values = values.mask(before.fillna(False))
    else:
        check.flag(early, fld.name, lambda: "'" + as_text(cells).astype(str) + f"' is not {what}")
    return values

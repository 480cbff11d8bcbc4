"""Weekly team report (issue #6): Excel, PDF, CSV and HTML a club can file and share.

Build the content once, then write or serve any format::

    from loadwatch.report import ReportOptions, build_report, render, write_report

    data = build_report(log, roster=roster, growth=growth, week="2026-W47",
                        options=ReportOptions(team="Sample club"))
    write_report(data, "out/", ("xlsx", "pdf", "csv", "html"))   # → list of paths
    pdf_bytes = render(data, "pdf")                              # e.g. a download button
    name = report_filename(data, "pdf")          # loadwatch_sample-club_2026-W47.pdf

`build_report` takes already-loaded frames (as `risk.evaluate` does), so a store or a
dashboard can feed it; `report_from_assessment` takes an existing Assessment. The default is
coach-safe (no symptom details or clinical notes); `ReportOptions(clinical=True)` includes
them and marks every page and file name as clinical.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Final

from loadwatch.errors import UsageError
from loadwatch.report.charts import ChartCache
from loadwatch.report.content import (
    ATHLETE_COLUMNS,
    DAILY_COLUMNS,
    AthleteReport,
    Column,
    Reason,
    ReportData,
    ReportOptions,
    build_report,
    report_from_assessment,
)
from loadwatch.report.levels import LEVEL_TEXT
from loadwatch.safety import write_private
from loadwatch.views.privacy import REFERRED_TEXT, pseudonym

__all__ = [
    "ATHLETE_COLUMNS", "DAILY_COLUMNS", "FORMATS", "LEVEL_TEXT", "MEDIA_TYPES", "REFERRED_TEXT",
    "AthleteReport", "Column", "Reason", "ReportData", "ReportOptions", "build_report",
    "parse_formats", "pseudonym", "render", "report_filename", "report_from_assessment",
    "write_report",
]

FORMATS: Final = ("xlsx", "pdf", "csv", "html")
MEDIA_TYPES: Final[dict[str, str]] = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
    "html": "text/html; charset=utf-8",
}
Progress = Callable[[str], None]


def parse_formats(text: str | Iterable[str]) -> tuple[str, ...]:
    """'xlsx,pdf' → ('xlsx', 'pdf'); unknown names raise UsageError."""
    names = text.split(",") if isinstance(text, str) else list(text)
    chosen = tuple(dict.fromkeys(n.strip().lower().lstrip(".") for n in names if n.strip()))
    unknown = [n for n in chosen if n not in FORMATS]
    if unknown or not chosen:
        raise UsageError(f"unknown report format(s): {', '.join(unknown) or '(none)'}; "
                         f"choose from {', '.join(FORMATS)}")
    return chosen


def report_filename(data: ReportData, fmt: str) -> str:
    """'loadwatch_<team>_<YYYY-Www>[_clinical].<fmt>': no athlete id, clinical files marked."""
    slug = re.sub(r"[^a-z0-9]+", "-", data.team.lower()).strip("-") or "team"
    clinical = "_clinical" if data.options.clinical else ""
    return f"loadwatch_{slug[:40]}_{data.iso_week}{clinical}.{fmt}"


def render(data: ReportData, fmt: str, *, charts: ChartCache | None = None) -> bytes:
    """One format as bytes (what a download button serves)."""
    (fmt,) = parse_formats(fmt)
    if fmt == "xlsx":
        from loadwatch.report.xlsx import render_xlsx

        return render_xlsx(data)
    if fmt == "csv":
        from loadwatch.report.csv import render_csv

        return render_csv(data)
    if fmt == "pdf":
        from loadwatch.report.pdf import render_pdf

        return render_pdf(data, charts)
    from loadwatch.report.html import render_html

    return render_html(data, charts)


def write_report(data: ReportData, out_dir: str | Path, formats: Iterable[str] = FORMATS, *,
                 progress: Progress | None = None) -> list[Path]:
    """Write the chosen formats into `out_dir` (created if needed); returns the paths."""
    chosen = parse_formats(formats)
    folder = Path(out_dir)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"--out {folder} is a file, not a folder")
    folder.mkdir(parents=True, exist_ok=True)
    charts = None
    if {"pdf", "html"} & set(chosen):
        from loadwatch.report.charts import athlete_charts

        if progress:
            progress(f"drawing charts for {len(data.flagged)} flagged athletes")
        charts = athlete_charts(data)
    written = []
    for fmt in chosen:
        if progress:
            progress(f"writing {fmt}")
        path = folder / report_filename(data, fmt)
        temporary = path.with_name(path.name + ".part")
        payload = render(data, fmt, charts=charts)
        if data.options.clinical:  # health data: readable by the owner only (issue 19.5)
            write_private(temporary, payload)
        else:
            temporary.write_bytes(payload)
        temporary.replace(path)
        written.append(path)
    return written

"""The PDF: page 1 tells a coach who is red or referred and why; every flag is in the text;
every page carries the team, the week, the generation time and its page number."""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace
from pathlib import Path

from loadwatch.report import LEVEL_TEXT, ReportData, render
from loadwatch.report.fmt import stamp
from loadwatch.report.levels import SEVERITY
from tests.report.support import ARTIFACTS, flat, need, pdf_text


def _pages(path: Path) -> list[str]:
    return [page for page in pdf_text(path).split("\f") if page.strip()]


def test_every_flagged_athlete_and_every_reason_is_in_the_text(
        written: dict[str, Path], data: ReportData) -> None:
    text = flat(pdf_text(written["pdf"]))
    assert data.flagged
    for athlete in data.flagged:
        assert athlete.athlete in text
        assert athlete.reasons or athlete.signs
        for reason in athlete.reasons:
            assert flat(f"{reason.rule} {reason.level.label}: {reason.text}") in text, \
                (athlete.athlete, reason.rule)
        for sign in athlete.earlier_signs:
            assert flat(sign.text) in text, (athlete.athlete, sign.rule)


def test_page_one_counts_levels_and_lists_red_and_referred_with_a_reason(
        written: dict[str, Path], data: ReportData) -> None:
    first = flat(_pages(written["pdf"])[0])
    for level in SEVERITY:
        assert flat(LEVEL_TEXT[level]) in first
    assert data.act_now
    for athlete in data.act_now:
        assert athlete.athlete in first
        assert athlete.top_reason
        # the table wraps the reason; its first words are on page 1
        assert flat(athlete.top_reason)[:25] in first, athlete.athlete
    assert "does not diagnose" in first


def test_every_page_has_team_week_time_and_page_number(
        written: dict[str, Path], data: ReportData) -> None:
    pages = _pages(written["pdf"])
    assert len(pages) > 3
    for number, page in enumerate(pages, start=1):
        text = flat(page)
        assert data.team in text
        assert data.iso_week in text
        assert f"generated {stamp(data.generated_at)}" in text
        assert f"page {number} of {len(pages)}" in text


def test_page_one_as_a_picture(written: dict[str, Path]) -> None:
    """Page 1 rendered at 80 dpi into test-artifacts/ (look at it: it must read at a glance)."""
    pdftoppm = need("pdftoppm")
    ARTIFACTS.mkdir(exist_ok=True)
    prefix = ARTIFACTS / "report-page1"
    subprocess.run([pdftoppm, "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile",
                    str(written["pdf"]), str(prefix)], check=True)
    picture = prefix.with_suffix(".png")
    assert picture.stat().st_size > 10_000
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_letter_paper(data: ReportData, tmp_path: Path) -> None:
    letter = replace(data, options=replace(data.options, paper="letter"))
    path = tmp_path / "letter.pdf"
    path.write_bytes(render(letter, "pdf"))
    info = subprocess.run([need("pdfinfo"), str(path)], capture_output=True, text=True,
                          check=True).stdout
    assert re.search(r"Page size:\s+612 x 792", info), info
    a4 = tmp_path / "a4.pdf"
    a4.write_bytes(render(data, "pdf"))
    info = subprocess.run([need("pdfinfo"), str(a4)], capture_output=True, text=True,
                          check=True).stdout
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+", info), info

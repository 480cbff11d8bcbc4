"""The PDF report (reportlab): a first page a coach reads in 30 seconds, then the details.

Page 1: counts by level and every red or referred athlete with the main reason; amber and
"not enough data" athletes in one line each. Then the changes since last week, the team's
levels over the last 8 weeks, all athletes' numbers, one section per flagged athlete (numbers,
chart, every flag's explanation), the method and configuration with evidence grades, and the
disclaimer. Every page carries the team, the ISO week, the generation time and "page X of Y".
"""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import cache, partial
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pandas as pd
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from loadwatch.report import checkins, fmt
from loadwatch.report.charts import MARGIN_PT, ChartCache, Scene, athlete_charts, to_drawing
from loadwatch.report.content import AthleteReport, ReportData
from loadwatch.report.levels import (
    LEVEL_COLOURS,
    LEVEL_SHORT,
    LEVEL_TEXT,
    NO_WEEK_TEXT,
    SEVERITY,
)
from loadwatch.risk.rules.base import Level
from loadwatch.series.calendar import week_label

PAGE_SIZES = {"a4": A4, "letter": LETTER}
MARGIN = MARGIN_PT


@cache
def fonts() -> tuple[str, str]:
    """(regular, bold) font names: DejaVu Sans when found (it has ≥, ∞, —), else Helvetica."""
    candidates = []
    try:
        import matplotlib

        candidates.append(Path(matplotlib.get_data_path()) / "fonts" / "ttf")
    except ImportError:  # pragma: no cover - matplotlib is a dependency
        pass
    candidates.append(Path("/usr/share/fonts/truetype/dejavu"))
    for folder in candidates:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            pdfmetrics.registerFont(TTFont("LW-Sans", str(regular)))
            pdfmetrics.registerFont(TTFont("LW-Sans-Bold", str(bold)))
            return "LW-Sans", "LW-Sans-Bold"
    return "Helvetica", "Helvetica-Bold"  # pragma: no cover


def _colour(hex_rgb: str) -> colors.Color:
    return colors.HexColor("#" + hex_rgb)


class _Styles:
    def __init__(self) -> None:
        regular, bold = fonts()
        self.regular, self.bold = regular, bold
        base = ParagraphStyle("base", fontName=regular, fontSize=8.5, leading=11,
                              alignment=TA_LEFT)
        self.body = base
        self.small = ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5)
        self.cell = ParagraphStyle("cell", parent=base, fontSize=7.5, leading=9.2)
        self.cell_bold = ParagraphStyle("cellb", parent=self.cell, fontName=bold)
        self.title = ParagraphStyle("title", parent=base, fontName=bold, fontSize=17,
                                    leading=21, spaceAfter=2)
        self.subtitle = ParagraphStyle("subtitle", parent=base, fontSize=10, leading=13,
                                       textColor=_colour("34495E"))
        self.h1 = ParagraphStyle("h1", parent=base, fontName=bold, fontSize=12.5, leading=16,
                                 spaceBefore=10, spaceAfter=4)
        self.h2 = ParagraphStyle("h2", parent=base, fontName=bold, fontSize=10.5, leading=13,
                                 spaceBefore=4, spaceAfter=2)
        self.count = ParagraphStyle("count", parent=base, fontName=bold, fontSize=20,
                                    leading=23, alignment=1)
        self.count_label = ParagraphStyle("countlabel", parent=base, fontName=bold,
                                          fontSize=7, leading=8.5, alignment=1)
        self.bullet = ParagraphStyle("bullet", parent=base, leftIndent=10, bulletIndent=2,
                                     spaceAfter=2)
        self.note = ParagraphStyle("note", parent=self.small, textColor=_colour("34495E"))


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def _level_cell_style(table_row: int, col: int, level: Level | None) -> list[tuple[Any, ...]]:
    if level is None:
        return []
    fill, ink = LEVEL_COLOURS[level]
    return [("BACKGROUND", (col, table_row), (col, table_row), _colour(fill)),
            ("TEXTCOLOR", (col, table_row), (col, table_row), _colour(ink))]


def _grid_style(s: _Styles, header: bool = True) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), s.regular, 7.5),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, _colour("D5D8DC")),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        out += [("FONT", (0, 0), (-1, 0), s.bold, 7.5),
                ("BACKGROUND", (0, 0), (-1, 0), _colour("EAECEE")),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, _colour("85929E"))]
    return out


# --- page furniture ---------------------------------------------------------------------------


class _NumberedCanvas(rl_canvas.Canvas):
    """Defers pages so that every page can say 'page X of Y'."""

    def __init__(self, *args: Any, decorate: Callable[[rl_canvas.Canvas, int, int], None],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []
        self._decorate = decorate

    def showPage(self) -> None:  # reportlab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._decorate(self, number, total)
            super().showPage()
        super().save()


def _decorator(data: ReportData, s: _Styles, size: tuple[float, float]
               ) -> Callable[[rl_canvas.Canvas, int, int], None]:
    width, height = size
    top = f"loadwatch weekly report · {data.team}"
    week = f"week {data.iso_week} ({fmt.week_span(data.week_start, data.week_end)})"
    bottom = f"generated {fmt.stamp(data.generated_at)} · decision support, not diagnosis"
    mode = ("CLINICAL — contains symptom details; clinicians only" if data.options.clinical
            else "coach version — no symptom details")

    def decorate(c: rl_canvas.Canvas, number: int, total: int) -> None:
        c.saveState()
        c.setFont(s.regular, 7.5)
        c.setFillColor(_colour("34495E"))
        c.drawString(MARGIN, height - 1.1 * cm, top)
        c.drawRightString(width - MARGIN, height - 1.1 * cm, week)
        c.setStrokeColor(_colour("D5D8DC"))
        c.setLineWidth(0.5)
        c.line(MARGIN, height - 1.25 * cm, width - MARGIN, height - 1.25 * cm)
        c.line(MARGIN, 1.25 * cm, width - MARGIN, 1.25 * cm)
        c.drawString(MARGIN, 0.85 * cm, bottom)
        c.drawRightString(width - MARGIN, 0.85 * cm, f"page {number} of {total}")
        if data.options.clinical:
            c.setFillColor(_colour("922B21"))
            c.setFont(s.bold, 7.5)
        c.drawCentredString(width / 2, 0.5 * cm, mode)
        c.restoreState()

    return decorate


# --- sections ---------------------------------------------------------------------------------


def _first_page(data: ReportData, s: _Styles, width: float) -> list[Flowable]:
    n = len(data.details)
    story: list[Flowable] = [
        _p(data.team, s.title),
        _p(f"Weekly training-load report · week {data.iso_week} · "
           f"{fmt.week_span(data.week_start, data.week_end)} · {n} athlete"
           f"{'s' if n != 1 else ''}", s.subtitle),
        Spacer(1, 2),
        _p(f"{data.mode}. {data.disclaimer}", s.note),
        Spacer(1, 8),
    ]
    cells, style = [], []
    for i, level in enumerate(SEVERITY):
        fill, ink = LEVEL_COLOURS[level]
        number = ParagraphStyle(f"count{i}", parent=s.count, textColor=_colour(ink))
        label = ParagraphStyle(f"label{i}", parent=s.count_label, textColor=_colour(ink))
        cells.append([Paragraph(str(data.counts[level]), number),
                      Paragraph(escape(LEVEL_TEXT[level]), label)])
        style.append(("BACKGROUND", (i, 0), (i, 0), _colour(fill)))
    boxes = Table([cells], colWidths=[width / 6] * 6, rowHeights=[46])
    boxes.setStyle(TableStyle(style + [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LINEAFTER", (0, 0), (-2, 0), 2, colors.white),
    ]))
    story += [boxes, Spacer(1, 10)]

    act = data.act_now
    story.append(_p(f"Act now — red and referred ({len(act)})", s.h1))
    if act:
        story.append(_reason_table(act, s, width))
    else:
        story.append(_p("No athlete is red or referred this week.", s.body))
    amber = [d for d in data.details if d.level == Level.AMBER]
    story.append(_p(f"Review the plan — amber ({len(amber)})", s.h1))
    if amber:
        story.append(_reason_table(amber, s, width))
    else:
        story.append(_p("No athlete is amber this week.", s.body))
    thin = [d.athlete for d in data.details if d.level == Level.INSUFFICIENT_DATA]
    if thin:
        story.append(Spacer(1, 6))
        story.append(_p(f"Not enough data to judge ({len(thin)}): " + ", ".join(thin)
                        + ". See their data notes in the athlete table.", s.body))
    return story


def _reason_table(athletes: list[AthleteReport], s: _Styles, width: float) -> Table:
    rows: list[list[Any]] = [["Athlete", "Level", "Main reason, and next week"]]
    style = _grid_style(s)
    for i, a in enumerate(athletes, start=1):
        reason = escape(a.top_reason or "—")
        if a.advice:
            reason += f"<br/><b>Next week:</b> {escape(a.advice)}"
        rows.append([Paragraph(escape(a.athlete), s.cell_bold), LEVEL_TEXT[a.level],
                     Paragraph(reason, s.cell)])
        style += _level_cell_style(i, 1, a.level)
        style.append(("FONT", (1, i), (1, i), s.bold, 7))
    table = Table(rows, colWidths=[2.6 * cm, 3.1 * cm, width - 5.7 * cm], repeatRows=1)
    table.setStyle(TableStyle(style))
    return table


def _changes(data: ReportData, s: _Styles, width: float) -> list[Flowable]:
    story: list[Flowable] = [CondPageBreak(5 * cm), _p("Changes since last week", s.h1)]
    if data.changes.empty:
        return story + [_p("No athlete's level changed since last week.", s.body)]
    rows: list[list[Any]] = [["Athlete", "Last week", "This week", "Change"]]
    style = _grid_style(s)
    by_text = {text: level for level, text in LEVEL_TEXT.items()}
    for i, r in enumerate(data.changes.itertuples(index=False), start=1):
        rows.append([r.athlete, r.last_week, r.this_week, r.change])
        style += _level_cell_style(i, 1, by_text.get(r.last_week))
        style += _level_cell_style(i, 2, by_text.get(r.this_week))
    table = Table(rows, colWidths=[3 * cm, 4 * cm, 4 * cm, 2.5 * cm], repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle(style))
    return story + [table]


def _history(data: ReportData, s: _Styles, width: float) -> list[Flowable]:
    weeks = list(data.history.columns)
    story: list[Flowable] = [_p(f"Team levels over the last {len(weeks)} weeks", s.h1),
                             _p("Each cell is the athlete's highest level that week; "
                                f"{NO_WEEK_TEXT} = no data that week. NO DATA = not enough data "
                                "to judge; URGENT = refer urgently; REFER = refer to "
                                "clinician.", s.note), Spacer(1, 4)]
    header = ["Athlete"] + [f"{week_label(w)}\n{w:%d %b}" for w in weeks]
    rows: list[list[Any]] = [header]
    style = _grid_style(s) + [("ALIGN", (1, 0), (-1, -1), "CENTER"),
                              ("FONT", (1, 1), (-1, -1), s.bold, 6.5),
                              ("LINEAFTER", (0, 0), (-1, -1), 0.8, colors.white)]
    for i, (athlete, values) in enumerate(data.history.iterrows(), start=1):
        cells = [str(athlete)]
        for j, value in enumerate(values.to_numpy(), start=1):
            if pd.isna(value):
                cells.append(NO_WEEK_TEXT)
                continue
            level = Level(int(value))
            cells.append(LEVEL_SHORT[level])
            style += _level_cell_style(i, j, level)
        rows.append(cells)
    first = 3.2 * cm
    table = Table(rows, colWidths=[first] + [(width - first) / len(weeks)] * len(weeks),
                  repeatRows=1)
    table.setStyle(TableStyle(style))
    return story + [table]


def _all_athletes(data: ReportData, s: _Styles, width: float) -> list[Flowable]:
    ext_unit = data.extension_unit
    header = ["Athlete", "Level", "ACWR", "Uncoupled", "EWMA", "Load\n7 d (AU)", "Change",
              "Monotony", f"Extension\n7 d ({ext_unit})", "Organised\nh/wk vs age",
              "Data\ndays"]
    head_style = ParagraphStyle("head", parent=s.cell_bold, fontSize=6.5, leading=7.8)
    rows: list[list[Any]] = [[Paragraph(escape(h).replace("\n", "<br/>"), head_style)
                              for h in header]]
    style = _grid_style(s) + [("ALIGN", (2, 1), (-1, -1), "RIGHT"),
                              ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
                              ("FONT", (0, 1), (-1, -1), s.regular, 7)]
    for i, a in enumerate(data.details, start=1):
        r = a.row
        rows.append([
            a.athlete, LEVEL_TEXT[a.level], fmt.ratio(r["primary_acwr"]),
            fmt.ratio(r["acwr_uncoupled"]), fmt.ratio(r["acwr_ewma"]), fmt.au(r["load_7d_au"]),
            fmt.pct(r["change_pct"]), fmt.ratio(r["monotony"]), fmt.au(r["extension_7d"]),
            _hours_text(r), fmt.whole(r["days_recorded"]),
        ])
        style += _level_cell_style(i, 1, a.level)
        style.append(("FONT", (1, i), (1, i), s.bold, 6.5))
    widths = [1.9, 3.0, 1.1, 1.6, 1.1, 1.4, 1.3, 1.5, 1.6, 1.7, 1.1]  # 17.4 cm
    scale = width / (sum(widths) * cm)
    table = Table(rows, colWidths=[w * cm * scale for w in widths], repeatRows=1)
    table.setStyle(TableStyle(style))
    note = [_p(data.team_note, s.note)] if data.team_note else []
    return [_p("All athletes", s.h1),
            _p(f"Ratios on the last day of the week; primary ratio: {data.primary_method}. "
               "Load 7 d = sRPE load of the last 7 days; change against the 7 days before.",
               s.note), *note, Spacer(1, 4), table]


def _hours_text(row: dict[str, Any]) -> str:
    hours, age = row["organised_h_4wk"], row["age"]
    if fmt.one_dp(hours) == fmt.MISSING and fmt.one_dp(row["organised_h_week"]) == fmt.MISSING:
        return fmt.MISSING
    shown = fmt.one_dp(hours) if fmt.one_dp(hours) != fmt.MISSING \
        else fmt.one_dp(row["organised_h_week"])
    return f"{shown} vs {fmt.whole(age)}"


def _key_numbers(a: AthleteReport, data: ReportData, s: _Styles, width: float) -> Table:
    r = a.row
    unit = r["extension_unit"] or data.extension_unit
    pairs = [
        ("ACWR (primary)", f"{fmt.ratio(r['primary_acwr'])}  ({r['acwr_method']})"),
        ("Uncoupled / EWMA", f"{fmt.ratio(r['acwr_uncoupled'])} / {fmt.ratio(r['acwr_ewma'])}"),
        ("Load, last 7 days", f"{fmt.au(r['load_7d_au'], 'AU')} (average week "
                              f"{fmt.au(r['chronic_week_au'], 'AU')})"),
        ("Change vs prior 7 d", f"{fmt.pct(r['change_pct'])} "
                                    f"({fmt.signed_au(r['change_au'])})"),
        ("Monotony", fmt.ratio(r["monotony"])),
        ("Extension, 7 days", f"{fmt.au(r['extension_7d'], unit)} (ratio "
                                   f"{fmt.ratio(r['extension_acwr'])}, change "
                                   f"{fmt.pct(r['extension_change_pct'])})"),
        ("Organised hours", f"{fmt.one_dp(r['organised_h_4wk'])} (4-week average), "
                                   f"{fmt.one_dp(r['organised_h_week'])} last 7 days; age "
                                   f"{fmt.whole(r['age'])}"
                                   + (f" — {r['hours_vs_age']}" if r["hours_vs_age"] else "")),
        ("Data", f"{fmt.whole(r['days_recorded'])} of the last 28 days recorded"
                 + (f"; {r['data_note']}" if r["data_note"] else "")),
    ]
    if data.weekly_data:
        pairs[-1] = ("Data", f"{fmt.whole(r['days_recorded'])} of the last 4 weeks complete"
                             + (f"; {r['data_note']}" if r["data_note"] else ""))
    rows = []
    for i in range(0, len(pairs), 2):
        row: list[Any] = []
        for label, value in pairs[i:i + 2]:
            # plain strings are much faster than paragraphs; wrap only what needs it
            row += [label, Paragraph(escape(value), s.cell) if len(value) > 44 else value]
        rows.append(row)
    table = Table(rows, colWidths=[3.4 * cm, width / 2 - 3.4 * cm] * 2)
    table.setStyle(TableStyle(_grid_style(s, header=False) + [
        ("FONT", (0, 0), (0, -1), s.bold, 7.5), ("FONT", (2, 0), (2, -1), s.bold, 7.5)]))
    return table


def _athlete_section(a: AthleteReport, data: ReportData, s: _Styles, width: float,
                     chart: Scene | None) -> list[Flowable]:
    fill, ink = LEVEL_COLOURS[a.level]
    head = Table([[Paragraph(escape(a.athlete), ParagraphStyle(
        "ah", parent=s.h2, spaceBefore=0, spaceAfter=0)), LEVEL_TEXT[a.level]]],
        colWidths=[width - 5.2 * cm, 5.2 * cm])
    head.setStyle(TableStyle([
        ("BACKGROUND", (1, 0), (1, 0), _colour(fill)), ("TEXTCOLOR", (1, 0), (1, 0), _colour(ink)),
        ("FONT", (1, 0), (1, 0), s.bold, 9), ("ALIGN", (1, 0), (1, 0), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LINEBELOW", (0, 0), (-1, 0), 1, _colour(fill)),
    ]))
    r = a.row
    facts = [f"level reached on {fmt.day(r['level_reached_on'])}",
             f"last week {r['last_week_level']}" + (f" ({r['level_change']})"
                                                    if r["level_change"] else ""),
             f"load level {r['load_level']}"]
    if r["escalation"]:
        facts.append(f"escalated: {r['escalation']}")
    if r["modifiers"]:
        facts.append(f"modifiers: {r['modifiers']}")
    top: list[Flowable] = [head, Spacer(1, 3), _p(" · ".join(facts), s.small), Spacer(1, 3),
                           _key_numbers(a, data, s, width), Spacer(1, 4)]
    if chart is not None:
        top.append(to_drawing(chart, s.regular, s.bold))
    if a.why:  # red and referred: why first, then what to do, then the numbers
        top.append(Paragraph(f"<b>Why:</b> {escape(a.why)}", s.body))
    if a.advice:
        top.append(Paragraph(f"<b>Next week:</b> {escape(a.advice)}", s.body))
    story: list[Flowable] = [CondPageBreak(9 * cm), KeepTogether(top),
                             _p("Flags, most serious first:", s.h2)]
    for reason in a.reasons:  # a flag is never broken across two pages
        story.append(KeepTogether([Paragraph(
            f"<b>{escape(reason.rule)} {escape(reason.level.label)}:</b> "
            f"{escape(reason.text)}", s.bullet, bulletText="•")]))
    if not a.reasons:
        story.append(_p("No flag texts.", s.body))
    if a.earlier_signs:
        story.append(_p("Also behind the escalation to red (amber on an earlier day, within "
                        "7 days of it):", s.h2))
        for sign in a.earlier_signs:
            story.append(KeepTogether([Paragraph(
                f"<b>{escape(sign.rule)} amber on {escape(fmt.day(sign.date))}:</b> "
                f"{escape(sign.text)}", s.bullet, bulletText="•")]))
    story.append(Spacer(1, 10))
    return story


def _model(data: ReportData, s: _Styles, width: float) -> list[Flowable]:
    """The team's validated model: its card's figures and verdict above the probabilities."""
    model = data.model
    assert model is not None
    story: list[Flowable] = [PageBreak(), _p("Model second opinion", s.h1),
                             Paragraph(f"<b>Model card:</b> {escape(model.summary)}", s.body),
                             Paragraph(f"<b>Verdict:</b> {escape(model.verdict)}", s.body),
                             Spacer(1, 6)]
    rows: list[list[Any]] = [["Athlete", Paragraph(escape(model.label), s.cell)]]
    for athlete, value in model.table.itertuples(index=False, name=None):
        shown = ("none this week (injured, or no data)" if pd.isna(value)
                 else fmt.probability(value))
        rows.append([Paragraph(escape(str(athlete)), s.cell), shown])
    table = Table(rows, colWidths=[5 * cm, width - 5 * cm], repeatRows=1)
    table.setStyle(TableStyle(_grid_style(s)))
    return story + [table]


def _notes(notes: pd.DataFrame, s: _Styles, width: float) -> list[Flowable]:
    """Clinicians' notes of the clinical version (the method text announces them)."""
    story: list[Flowable] = [PageBreak(), _p(f"Clinical notes ({len(notes)})", s.h1)]
    if notes.empty:
        return story + [_p("No clinical note in the weeks of this report.", s.note)]
    rows: list[list[Any]] = [["Athlete", "Date", "Author", "Note"]]
    rows += [[Paragraph(escape(str(a)), s.cell), d, Paragraph(escape(str(w)), s.cell),
              Paragraph(escape(str(t)), s.cell)]
             for a, d, w, t in notes.itertuples(index=False, name=None)]
    table = Table(rows, colWidths=[3 * cm, 2.4 * cm, 2.6 * cm, width - 8 * cm], repeatRows=1)
    table.setStyle(TableStyle(_grid_style(s)))
    return story + [table]


def _compliance(table: pd.DataFrame, s: _Styles, width: float) -> list[Flowable]:
    """Who reported this week by link: the cells of :mod:`loadwatch.report.checkins`, as the
    HTML and the workbook show them."""
    story: list[Flowable] = [PageBreak(), _p(checkins.TITLE, s.h1),
                             _p(checkins.checkins_intro(table), s.body), Spacer(1, 6)]
    rows: list[list[Any]] = [[Paragraph(escape(h), s.cell) for h in checkins.HEADINGS]]
    rows += [[Paragraph(escape(cells[0]), s.cell), *cells[1:]]
             for cells in checkins.checkins_cells(table).itertuples(index=False, name=None)]
    rest = (width - 4 * cm) / 5
    table_ = Table(rows, colWidths=[4 * cm] + [rest] * 5, repeatRows=1)
    table_.setStyle(TableStyle(_grid_style(s)))
    return story + [table_]


def _method(data: ReportData, s: _Styles, width: float) -> list[Flowable]:
    story: list[Flowable] = [PageBreak(), _p("Method and configuration", s.h1)]
    story += [_p(text, s.body) for text in data.method]
    story.append(_p("Thresholds and settings (with evidence grade and source; E1 prospective "
                    "data, E2 guideline or consensus, E3 loadwatch convention)", s.h2))
    rows: list[list[Any]] = [["Setting", "Value", "Grade", "Source"]]
    for r in data.configuration.itertuples(index=False):
        value = f"{r.value} (changed; default {r.default})" if r.changed else r.value
        rows.append([Paragraph(escape(r.setting), s.cell), Paragraph(escape(value), s.cell),
                     Paragraph(escape(r.grade), s.cell), Paragraph(escape(r.source), s.cell)])
    table = Table(rows, colWidths=[5.4 * cm, 2.8 * cm, 2.2 * cm, width - 10.4 * cm],
                  repeatRows=1)
    table.setStyle(TableStyle(_grid_style(s)))
    story.append(table)
    story.append(_p("Rules evaluated", s.h2))
    rows = [["Rule", "Family", "What it checks", "Grade"]]
    for r in data.rules.itertuples(index=False):
        rows.append([r.rule, Paragraph(escape(r.family), s.cell), Paragraph(escape(r.title),
                                                                            s.cell),
                     Paragraph(escape(r.grade or "—"), s.cell)])
    table = Table(rows, colWidths=[1.3 * cm, 4.2 * cm, width - 9.0 * cm, 3.5 * cm], repeatRows=1)
    table.setStyle(TableStyle(_grid_style(s)))
    story += [table, Spacer(1, 10)]
    box = Table([[_p(data.disclaimer, s.body)]], colWidths=[width])
    box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.8, _colour("34495E")),
                             ("BACKGROUND", (0, 0), (-1, -1), _colour("F4F6F7")),
                             ("TOPPADDING", (0, 0), (-1, -1), 6),
                             ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
    story.append(box)
    return story


def render_pdf(data: ReportData, charts: ChartCache | None = None) -> bytes:
    """The report as PDF bytes (A4 or letter, from the options)."""
    size = PAGE_SIZES[data.options.paper]
    width = size[0] - 2 * MARGIN
    s = _Styles()
    if charts is None:
        charts = athlete_charts(data, width)
    story = _first_page(data, s, width)
    story += _changes(data, s, width)
    story += _history(data, s, width)
    story += [PageBreak()] + _all_athletes(data, s, width)
    flagged = data.flagged
    if flagged:
        story += [PageBreak(), _p(f"Flagged athletes ({len(flagged)})", s.h1),
                  _p("Load and ratio over the last weeks; the bands describe the data ('in "
                     "line with recent training'); they are not a safe zone.", s.note),
                  Spacer(1, 6)]
        for a in flagged:
            story += _athlete_section(a, data, s, width, charts.get(a.athlete))
    if data.model is not None:
        story += _model(data, s, width)
    if data.notes is not None:
        story += _notes(data.notes, s, width)
    if data.compliance is not None and len(data.compliance):
        story += _compliance(data.compliance, s, width)
    story += _method(data, s, width)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=size, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=1.7 * cm,
        bottomMargin=1.7 * cm, title=f"loadwatch weekly report — {data.team} — {data.iso_week}",
        author="loadwatch", subject="Weekly training-load report (decision support)",
        creator="loadwatch")
    use_a85 = rl_config.useA85
    rl_config.useA85 = 0  # Flate alone: ASCII85 on top only adds size and seconds
    try:
        doc.build(story, canvasmaker=partial(_NumberedCanvas,
                                             decorate=_decorator(data, s, size)))
    finally:
        rl_config.useA85 = use_a85
    return buffer.getvalue()

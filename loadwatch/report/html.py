"""The HTML report: one self-contained file (inline CSS, inline SVG charts, no external URL).

Same content and order as the PDF. Every text is escaped, so an athlete id or a rule text
cannot inject markup; the page loads nothing from anywhere (no scripts, fonts or images).
"""

from __future__ import annotations

from html import escape
from typing import Any

import pandas as pd

from loadwatch.report import checkins, fmt
from loadwatch.report.charts import ChartCache, athlete_charts, to_svg
from loadwatch.report.content import AthleteReport, ReportData
from loadwatch.report.levels import (
    LEVEL_COLOURS,
    LEVEL_SHORT,
    LEVEL_TEXT,
    NO_WEEK_TEXT,
    SEVERITY,
)
from loadwatch.risk.rules.base import Level
from loadwatch.safety import strip_controls
from loadwatch.series.calendar import week_label

_BY_TEXT = {text: level for level, text in LEVEL_TEXT.items()}


def _css() -> str:
    levels = "\n".join(
        f".lv-{level.label} {{ background: #{fill}; color: #{ink}; }}"
        for level, (fill, ink) in LEVEL_COLOURS.items())
    return f"""
body {{ font-family: "DejaVu Sans", Verdana, Arial, sans-serif; color: #1B2631;
       margin: 0 auto; max-width: 1000px; padding: 16px 24px; font-size: 14px; }}
header.page {{ display: flex; justify-content: space-between; color: #34495E;
              font-size: 12px; border-bottom: 1px solid #D5D8DC; padding-bottom: 4px; }}
h1 {{ font-size: 26px; margin: 16px 0 2px; }}
h2 {{ font-size: 19px; margin: 26px 0 8px; border-bottom: 1px solid #D5D8DC; }}
h3 {{ font-size: 15px; margin: 10px 0 4px; }}
.sub {{ color: #34495E; font-size: 15px; margin: 0 0 6px; }}
.note {{ color: #34495E; font-size: 12px; }}
.clinical {{ color: #922B21; font-weight: bold; }}
.counts {{ display: flex; gap: 3px; margin: 12px 0; }}
.counts div {{ flex: 1; text-align: center; padding: 8px 2px; font-weight: bold; }}
.counts .n {{ font-size: 28px; display: block; }}
.counts .t {{ font-size: 11px; }}
table {{ border-collapse: collapse; width: 100%; font-size: 12px; margin: 4px 0 10px; }}
th {{ background: #EAECEE; text-align: left; border-bottom: 2px solid #85929E; }}
th, td {{ padding: 3px 5px; vertical-align: top; }}
td {{ border-bottom: 1px solid #D5D8DC; }}
td.num {{ text-align: right; white-space: nowrap; }}
td.level {{ font-weight: bold; white-space: nowrap; }}
table.grid td {{ text-align: center; font-size: 10px; font-weight: bold;
                border: 1px solid #fff; }}
table.grid td:first-child {{ text-align: left; font-weight: normal; }}
section.athlete {{ border-top: 3px solid #D5D8DC; margin-top: 18px; padding-top: 6px;
                   break-inside: avoid-page; }}
section.athlete .head {{ display: flex; justify-content: space-between; align-items: center; }}
section.athlete .badge {{ padding: 3px 14px; font-weight: bold; }}
dl.numbers {{ display: grid; grid-template-columns: 190px 1fr 190px 1fr; gap: 2px 8px;
             font-size: 12px; margin: 6px 0; }}
dl.numbers dt {{ font-weight: bold; }}
dl.numbers dd {{ margin: 0; }}
svg {{ max-width: 100%; height: auto; }}
section.athlete svg {{ width: 100%; max-width: 900px; }}
td:first-child {{ white-space: nowrap; }}
.disclaimer {{ border: 1px solid #34495E; background: #F4F6F7; padding: 8px 12px;
               margin: 20px 0; }}
footer {{ color: #34495E; font-size: 12px; border-top: 1px solid #D5D8DC; margin-top: 24px;
          padding-top: 4px; }}
{levels}
"""


def _e(value: Any) -> str:
    return escape(strip_controls(value), quote=True)  # no ESC/C1 bytes in the page


def _level(level: Level | None, text: str | None = None, tag: str = "td") -> str:
    shown = _e(text if text is not None else (LEVEL_TEXT[level] if level else NO_WEEK_TEXT))
    css = f' class="level lv-{level.label}"' if level is not None else ' class="level"'
    return f"<{tag}{css}>{shown}</{tag}>"


def _reason_rows(athletes: list[AthleteReport]) -> str:
    rows = ["<table><tr><th>Athlete</th><th>Level</th><th>Main reason, and next week</th></tr>"]
    for a in athletes:
        advice = f"<br><b>Next week:</b> {_e(a.advice)}" if a.advice else ""
        rows.append(f"<tr><td><b>{_e(a.athlete)}</b></td>{_level(a.level)}"
                    f"<td>{_e(a.top_reason or fmt.MISSING)}{advice}</td></tr>")
    rows.append("</table>")
    return "".join(rows)


def _first_page(data: ReportData) -> str:
    n = len(data.details)
    mode_class = "clinical" if data.options.clinical else "note"
    parts = [
        f"<h1>{_e(data.team)}</h1>",
        f'<p class="sub">Weekly training-load report · week {_e(data.iso_week)} · '
        f"{_e(fmt.week_span(data.week_start, data.week_end))} · {n} athlete"
        f"{'s' if n != 1 else ''}</p>",
        f'<p class="{mode_class}">{_e(data.mode)}. {_e(data.disclaimer)}</p>',
        '<div class="counts">',
    ]
    for level in SEVERITY:
        parts.append(f'<div class="lv-{level.label}"><span class="n">{data.counts[level]}'
                     f'</span><span class="t">{_e(LEVEL_TEXT[level])}</span></div>')
    parts.append("</div>")
    act = data.act_now
    parts.append(f"<h2>Act now — red and referred ({len(act)})</h2>")
    parts.append(_reason_rows(act) if act else "<p>No athlete is red or referred this week.</p>")
    amber = [d for d in data.details if d.level == Level.AMBER]
    parts.append(f"<h2>Review the plan — amber ({len(amber)})</h2>")
    parts.append(_reason_rows(amber) if amber else "<p>No athlete is amber this week.</p>")
    thin = [d.athlete for d in data.details if d.level == Level.INSUFFICIENT_DATA]
    if thin:
        parts.append(f"<p>Not enough data to judge ({len(thin)}): {_e(', '.join(thin))}.</p>")
    return "".join(parts)


def _changes(data: ReportData) -> str:
    parts = ["<h2>Changes since last week</h2>"]
    if data.changes.empty:
        return parts[0] + "<p>No athlete's level changed since last week.</p>"
    parts.append("<table><tr><th>Athlete</th><th>Last week</th><th>This week</th>"
                 "<th>Change</th></tr>")
    for r in data.changes.itertuples(index=False):
        parts.append(f"<tr><td>{_e(r.athlete)}</td>"
                     f"{_level(_BY_TEXT.get(r.last_week), r.last_week)}"
                     f"{_level(_BY_TEXT.get(r.this_week), r.this_week)}<td>{_e(r.change)}</td>"
                     "</tr>")
    parts.append("</table>")
    return "".join(parts)


def _history(data: ReportData) -> str:
    weeks = list(data.history.columns)
    parts = [f"<h2>Team levels over the last {len(weeks)} weeks</h2>",
             f'<p class="note">Each cell is the athlete\'s highest level that week; '
             f"{NO_WEEK_TEXT} = no data that week; NO DATA = not enough data to judge.</p>",
             '<table class="grid"><tr><th>Athlete</th>']
    parts += [f"<th>{_e(week_label(w))}<br>{_e(f'{w:%d %b}')}</th>" for w in weeks]
    parts.append("</tr>")
    for athlete, values in data.history.iterrows():
        parts.append(f"<tr><td>{_e(athlete)}</td>")
        for value in values.to_numpy():
            if pd.isna(value):
                parts.append(f"<td>{NO_WEEK_TEXT}</td>")
            else:
                level = Level(int(value))
                parts.append(f'<td class="lv-{level.label}">{_e(LEVEL_SHORT[level])}</td>')
        parts.append("</tr>")
    parts.append("</table>")
    return "".join(parts)


def _all_athletes(data: ReportData) -> str:
    head = ["Athlete", "Level", "ACWR", "Uncoupled", "EWMA", "Load 7 d (AU)", "Change",
            "Change (AU)", "Monotony", f"Extension 7 d ({data.extension_unit})",
            "Organised h/wk (4 wk)", "Age", "Days recorded"]
    parts = ["<h2>All athletes</h2>",
             f'<p class="note">Ratios on the last day of the week; primary ratio: '
             f"{_e(data.primary_method)}. The workbook and CSV hold every column.</p>",
             f'<p class="note">{_e(data.team_note)}</p>' if data.team_note else "",
             "<table><tr>" + "".join(f"<th>{_e(h)}</th>" for h in head) + "</tr>"]
    for a in data.details:
        r = a.row
        cells = [fmt.ratio(r["primary_acwr"]), fmt.ratio(r["acwr_uncoupled"]),
                 fmt.ratio(r["acwr_ewma"]), fmt.au(r["load_7d_au"]), fmt.pct(r["change_pct"]),
                 fmt.signed_au(r["change_au"], ""), fmt.ratio(r["monotony"]),
                 fmt.au(r["extension_7d"]), fmt.one_dp(r["organised_h_4wk"]),
                 fmt.whole(r["age"]), fmt.whole(r["days_recorded"])]
        parts.append(f"<tr><td>{_e(a.athlete)}</td>{_level(a.level)}"
                     + "".join(f'<td class="num">{_e(c)}</td>' for c in cells) + "</tr>")
    parts.append("</table>")
    return "".join(parts)


def _athlete(a: AthleteReport, data: ReportData, chart: Any) -> str:
    r = a.row
    unit = r["extension_unit"] or data.extension_unit
    facts = [f"level reached on {fmt.day(r['level_reached_on'])}",
             f"last week {r['last_week_level']}"
             + (f" ({r['level_change']})" if r["level_change"] else ""),
             f"load level {r['load_level']}"]
    if r["escalation"]:
        facts.append(f"escalated: {r['escalation']}")
    if r["modifiers"]:
        facts.append(f"modifiers: {r['modifiers']}")
    numbers = [
        ("ACWR (primary)", f"{fmt.ratio(r['primary_acwr'])} ({r['acwr_method']})"),
        ("Uncoupled / EWMA", f"{fmt.ratio(r['acwr_uncoupled'])} / {fmt.ratio(r['acwr_ewma'])}"),
        ("Load, last 7 days", f"{fmt.au(r['load_7d_au'], 'AU')} (average week "
                              f"{fmt.au(r['chronic_week_au'], 'AU')})"),
        ("Change vs 7 days before", f"{fmt.pct(r['change_pct'])} "
                                    f"({fmt.signed_au(r['change_au'])})"),
        ("Monotony", fmt.ratio(r["monotony"])),
        ("Extension, last 7 days", f"{fmt.au(r['extension_7d'], unit)} (ratio "
                                   f"{fmt.ratio(r['extension_acwr'])}, change "
                                   f"{fmt.pct(r['extension_change_pct'])})"),
        ("Organised hours / week", f"{fmt.one_dp(r['organised_h_4wk'])} (4-week average), "
                                   f"{fmt.one_dp(r['organised_h_week'])} last 7 days; age "
                                   f"{fmt.whole(r['age'])}"
                                   + (f" — {r['hours_vs_age']}" if r["hours_vs_age"] else "")),
        ("Data", f"{fmt.whole(r['days_recorded'])} "
                 + ("of the last 4 weeks complete" if data.weekly_data
                    else "of the last 28 days recorded")
                 + (f"; {r['data_note']}" if r["data_note"] else "")),
    ]
    parts = [f'<section class="athlete"><div class="head"><h3>{_e(a.athlete)}</h3>'
             f'<span class="badge lv-{a.level.label}">{_e(LEVEL_TEXT[a.level])}</span></div>',
             f'<p class="note">{_e(" · ".join(facts))}</p><dl class="numbers">']
    parts += [f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in numbers]
    parts.append("</dl>")
    if a.why:  # red and referred: why first, then what to do, then the numbers
        parts.append(f"<p><b>Why:</b> {_e(a.why)}</p>")
    if a.advice:
        parts.append(f"<p><b>Next week:</b> {_e(a.advice)}</p>")
    if chart is not None:
        parts.append(to_svg(chart))
    parts.append("<h3>Flags, most serious first</h3><ul>")
    parts += [f"<li><b>{_e(x.rule)} {_e(x.level.label)}:</b> {_e(x.text)}</li>"
              for x in a.reasons]
    parts.append("</ul>")
    if a.earlier_signs:
        parts.append("<h3>Also behind the escalation to red (amber on an earlier day, within "
                     "7 days of it)</h3><ul>")
        parts += [f"<li><b>{_e(x.rule)} amber on {_e(fmt.day(x.date))}:</b> {_e(x.text)}</li>"
                  for x in a.earlier_signs]
        parts.append("</ul>")
    parts.append("</section>")
    return "".join(parts)


def _model(data: ReportData) -> str:
    """The team's validated model: its card's figures and verdict above the probabilities."""
    model = data.model
    assert model is not None
    parts = ["<h2>Model second opinion</h2>",
             f"<p><b>Model card:</b> {_e(model.summary)}</p>",
             f"<p><b>Verdict:</b> {_e(model.verdict)}</p>",
             f"<table><tr><th>Athlete</th><th>{_e(model.label)}</th></tr>"]
    for athlete, value in model.table.itertuples(index=False, name=None):
        shown = ("none this week (injured, or no data)" if pd.isna(value)
                 else fmt.probability(value))
        parts.append(f"<tr><td>{_e(athlete)}</td><td>{_e(shown)}</td></tr>")
    parts.append("</table>")
    return "".join(parts)


def _method(data: ReportData) -> str:
    parts = ["<h2>Method and configuration</h2>"]
    parts += [f"<p>{_e(p)}</p>" for p in data.method]
    parts.append("<h3>Thresholds and settings</h3><table><tr><th>Setting</th><th>Value</th>"
                 "<th>Default</th><th>Grade</th><th>Source</th></tr>")
    for r in data.configuration.itertuples(index=False):
        value = f"{r.value} (changed)" if r.changed else r.value
        parts.append(f"<tr><td>{_e(r.setting)}</td><td>{_e(value)}</td><td>{_e(r.default)}"
                     f"</td><td>{_e(r.grade)}</td><td>{_e(r.source)}</td></tr>")
    parts.append("</table><h3>Rules evaluated</h3><table><tr><th>Rule</th><th>Family</th>"
                 "<th>What it checks</th><th>Grade</th></tr>")
    for r in data.rules.itertuples(index=False):
        parts.append(f"<tr><td>{_e(r.rule)}</td><td>{_e(r.family)}</td><td>{_e(r.title)}</td>"
                     f"<td>{_e(r.grade or fmt.MISSING)}</td></tr>")
    parts.append("</table>")
    return "".join(parts)


def _notes(notes: pd.DataFrame) -> str:
    """Clinicians' notes of the clinical version (the method text announces them)."""
    parts = [f"<h2>Clinical notes ({len(notes)})</h2>"]
    if notes.empty:
        parts.append('<p class="note">No clinical note in the weeks of this report.</p>')
        return "".join(parts)
    parts.append("<table><tr><th>Athlete</th><th>Date</th><th>Author</th><th>Note</th></tr>")
    parts += [f"<tr><td>{_e(a)}</td><td>{_e(d)}</td><td>{_e(w)}</td><td>{_e(t)}</td></tr>"
              for a, d, w, t in notes.itertuples(index=False, name=None)]
    parts.append("</table>")
    return "".join(parts)


def _compliance(table: pd.DataFrame) -> str:
    """Who reported this week by link (sessions with RPE, weekly back check), 4-week rates:
    the cells of :mod:`loadwatch.report.checkins`, as the PDF and the workbook show them."""
    intro = escape(checkins.checkins_intro(table), quote=False)
    parts = [f"<h2>{checkins.TITLE}</h2><p>{intro}</p>",
             "<table><tr>" + "".join(f"<th>{_e(h)}</th>" for h in checkins.HEADINGS)
             + "</tr>"]
    for cells in checkins.checkins_cells(table).itertuples(index=False, name=None):
        shown = [_e(c) for c in cells]
        shown[-1] = "<b>yes</b>" if cells[-1] == "yes" else shown[-1]
        parts.append("<tr>" + "".join(f"<td>{c}</td>" for c in shown) + "</tr>")
    parts.append("</table>")
    return "".join(parts)


def render_html(data: ReportData, charts: ChartCache | None = None) -> bytes:
    """The report as one self-contained UTF-8 HTML page."""
    if charts is None:
        charts = athlete_charts(data)
    title = f"loadwatch weekly report — {data.team} — {data.iso_week}"
    stamp = fmt.stamp(data.generated_at)
    flagged = data.flagged
    body = [
        f'<header class="page"><span>loadwatch weekly report · {_e(data.team)}</span>'
        f"<span>week {_e(data.iso_week)} · generated {_e(stamp)}</span></header>",
        _first_page(data), _changes(data), _history(data), _all_athletes(data),
    ]
    if flagged:
        body.append(f"<h2>Flagged athletes ({len(flagged)})</h2><p class=\"note\">Load and "
                    "ratio over the last weeks; the bands describe the data ('in line with "
                    "recent training'); they are not a safe zone.</p>")
        body += [_athlete(a, data, charts.get(a.athlete)) for a in flagged]
    if data.model is not None:
        body.append(_model(data))
    if data.notes is not None:
        body.append(_notes(data.notes))
    if data.compliance is not None and len(data.compliance):
        body.append(_compliance(data.compliance))
    body += [_method(data), f'<div class="disclaimer">{_e(data.disclaimer)}</div>',
             f"<footer>{_e(data.team)} · week {_e(data.iso_week)} · generated {_e(stamp)} · "
             f"{_e(data.mode)}</footer>"]
    page = ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_e(title)}</title><style>{_css()}</style></head><body>"
            + "\n".join(body) + "</body></html>\n")
    return page.encode("utf-8")

"""Charts of the report, drawn once as a small scene and rendered to PDF or inline SVG.

A :class:`Scene` is a list of rectangles, polylines and texts in points (origin bottom left,
as in PDF). :func:`to_drawing` turns it into a reportlab Drawing (vector, in the PDF) and
:func:`to_svg` into inline SVG for the HTML report, so both formats show the same picture.
Drawing the primitives directly keeps a 300-athlete report fast (a matplotlib figure costs
about 0.2 s each, a scene well under a millisecond) and needs no fonts or files at runtime.

The per-athlete chart shows the last weeks' sRPE load (bars; grey = not recorded), the
athlete's daily level (a strip, with the level named in the text beside it) and the primary
ratio with EWMA over the descriptive bands ("in line with recent training", never "safe").
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from typing import Literal

import numpy as np
import pandas as pd
from reportlab.graphics.shapes import Drawing, PolyLine, String
from reportlab.graphics.shapes import Rect as RlRect
from reportlab.lib.colors import HexColor

from loadwatch.report.content import ReportData
from loadwatch.report.levels import LEVEL_COLOURS
from loadwatch.risk.rules.base import Level
from loadwatch.safety import strip_controls
from loadwatch.vocab import au, one_dp
from loadwatch.vocab import ratio as shown_ratio

Anchor = Literal["start", "middle", "end"]

INK = "1B2631"
MUTED = "5D6D7E"
GRID = "D5D8DC"
LOAD_BAR = "5B7DB1"
MISSING_BAR = "E5E7E9"
THIS_WEEK = "EAF2FB"
BAND_FILLS = ("E8EEF4", "E9F5EC", "FCEBCF", "F6D5D1")  # well below, in line, above, well above
#: The PDF's page widths and side margin in points: charts are drawn for its text frame.
PAGE_WIDTH_PT = {"a4": 595.2756, "letter": 612.0}
MARGIN_PT = 1.8 * 72 / 2.54


@dataclass(frozen=True)
class Rect:
    """A filled rectangle."""

    x: float
    y: float
    w: float
    h: float
    fill: str
    stroke: str | None = None


@dataclass(frozen=True)
class Line:
    """An open polyline."""

    points: tuple[tuple[float, float], ...]
    stroke: str
    width: float = 1.0
    dash: tuple[float, float] | None = None


@dataclass(frozen=True)
class Text:
    """A single line of text; y is the baseline."""

    x: float
    y: float
    text: str
    size: float = 7.0
    anchor: Anchor = "start"
    fill: str = INK
    bold: bool = False


@dataclass
class Scene:
    """What a chart draws, in points, bottom-left origin."""

    width: float
    height: float
    title: str
    items: list[Rect | Line | Text] = field(default_factory=list)


# --- renderers ------------------------------------------------------------------------------


def _x(text: str) -> str:
    """Text escaped for SVG, without control characters (an ANSI id reaches no page)."""
    return escape(strip_controls(text))


def to_svg(scene: Scene) -> str:
    """Inline SVG (no namespace or external reference needed inside HTML5)."""
    h = scene.height
    out = [f'<svg viewBox="0 0 {scene.width:.0f} {h:.0f}" width="{scene.width:.0f}" '
           f'height="{h:.0f}" role="img" aria-label="{_x(scene.title)}" '
           'font-family="DejaVu Sans, Verdana, Arial, sans-serif">',
           f"<title>{_x(scene.title)}</title>"]
    for item in scene.items:
        if isinstance(item, Rect):
            stroke = f' stroke="#{item.stroke}" stroke-width="0.5"' if item.stroke else ""
            out.append(f'<rect x="{item.x:.2f}" y="{h - item.y - item.h:.2f}" '
                       f'width="{item.w:.2f}" height="{item.h:.2f}" fill="#{item.fill}"{stroke}/>')
        elif isinstance(item, Line):
            points = " ".join(f"{x:.2f},{h - y:.2f}" for x, y in item.points)
            dash = f' stroke-dasharray="{item.dash[0]:g} {item.dash[1]:g}"' if item.dash else ""
            out.append(f'<polyline points="{points}" fill="none" stroke="#{item.stroke}" '
                       f'stroke-width="{item.width:g}"{dash}/>')
        else:
            weight = ' font-weight="bold"' if item.bold else ""
            out.append(f'<text x="{item.x:.2f}" y="{h - item.y:.2f}" font-size="{item.size:g}" '
                       f'text-anchor="{item.anchor}" fill="#{item.fill}"{weight}>'
                       f"{_x(item.text)}</text>")
    out.append("</svg>")
    return "".join(out)


def to_drawing(scene: Scene, font: str = "Helvetica", bold_font: str = "Helvetica-Bold"
               ) -> Drawing:
    """A reportlab Drawing (a flowable) of the scene."""

    drawing = Drawing(scene.width, scene.height)
    for item in scene.items:
        if isinstance(item, Rect):
            drawing.add(RlRect(item.x, item.y, item.w, item.h, fillColor=HexColor("#" + item.fill),
                               strokeColor=HexColor("#" + item.stroke) if item.stroke else None,
                               strokeWidth=0.5 if item.stroke else 0))
        elif isinstance(item, Line):
            flat = [v for point in item.points for v in point]
            drawing.add(PolyLine(flat, strokeColor=HexColor("#" + item.stroke),
                                 strokeWidth=item.width,
                                 strokeDashArray=list(item.dash) if item.dash else None))
        else:
            drawing.add(String(item.x, item.y, item.text, fontName=bold_font if item.bold
                               else font, fontSize=item.size, fillColor=HexColor("#" + item.fill),
                               textAnchor=item.anchor))
    return drawing


# --- the athlete chart ------------------------------------------------------------------------


def text_width(text: str, size: float) -> float:
    """A generous estimate of a text's width in points (DejaVu Sans averages 0.55 em)."""
    return len(text) * size * 0.56


def _segments(xs: np.ndarray, ys: np.ndarray) -> list[tuple[tuple[float, float], ...]]:
    """Polylines through the finite points; a missing value breaks the line."""
    out, current = [], []
    for x, y in zip(xs, ys, strict=True):
        if np.isfinite(y):
            current.append((float(x), float(y)))
        elif current:
            out.append(tuple(current))
            current = []
    if current:
        out.append(tuple(current))
    return [seg if len(seg) > 1 else (seg[0], (seg[0][0] + 0.01, seg[0][1])) for seg in out]


@dataclass(frozen=True)
class _Layout:
    """Where the athlete chart's panels lie, in points, and the x of each row's slot."""

    left: float
    right: float
    slot: float
    xs: np.ndarray
    load_top: float
    load_bottom: float
    strip_top: float
    strip_bottom: float
    ratio_top: float
    ratio_bottom: float

    @property
    def n(self) -> int:
        """Number of slots (at least 1)."""
        return max(len(self.xs), 1)


def athlete_chart(series: pd.DataFrame, bands: list[tuple[float, float, str]], *,
                  week_start: pd.Timestamp, method: str, weekly: bool, title: str,
                  width: float = 480.0) -> Scene:
    """Load bars, the daily level strip and the ratio over its bands, for one athlete.

    `series` has columns date, load, missing, ratio, ewma, level (one row per day, or per
    week for weekly totals); `bands` are (from, to, words) from the lowest band up."""
    height = 176.0
    scene = Scene(width, height, title)
    left, right_space = 40.0, 150.0
    plot_w = width - left - right_space
    slot = plot_w / max(len(series), 1)
    load_top, load_bottom = height - 22, height - 70
    layout = _Layout(left=left, right=left + plot_w, slot=slot,
                     xs=left + slot * (np.arange(len(series)) + 0.5),
                     load_top=load_top, load_bottom=load_bottom,
                     strip_top=load_bottom - 8, strip_bottom=load_bottom - 15,
                     ratio_top=load_bottom - 21, ratio_bottom=22.0)
    dates = pd.DatetimeIndex(series["date"])
    this_week = np.asarray(dates >= week_start)
    unit = "week" if weekly else "day"
    add = scene.items.append
    _legend(add, layout, height - 10, unit, method, weekly=weekly)
    if this_week.any():  # this week's background in both panels
        first = int(np.argmax(this_week))
        add(Rect(left + slot * first, layout.ratio_bottom, slot * (layout.n - first),
                 load_top - layout.ratio_bottom, THIS_WEEK))
        add(Text(left + slot * (first + (layout.n - first) / 2), load_top + 2, "report week",
                 6, "middle", MUTED))
    _load_bars(add, layout, series, unit)
    _level_strip(add, layout, series["level"].to_numpy(dtype=np.int64), unit)
    _ratio_panel(add, layout, series, bands, this_week)
    _time_axis(add, layout, dates, week_start, weekly=weekly)
    return scene


Add = Callable[[Rect | Line | Text], None]


def _legend(add: Add, layout: _Layout, y: float, unit: str, method: str, *,
            weekly: bool) -> None:
    """The legend above the chart, laid out left to right."""
    cursor = layout.left
    entries: list[tuple[str, str]] = [("bar", f"sRPE load per {unit} (AU)"),
                                      ("missing", "not recorded"), ("line", f"ratio: {method}")]
    if not weekly:
        entries.append(("dash", "EWMA 7/28"))
    for kind, words in entries:
        if kind == "bar":
            add(Rect(cursor, y - 1, 8, 7, LOAD_BAR))
        elif kind == "missing":
            add(Rect(cursor, y - 1, 8, 7, MISSING_BAR, GRID))
        else:
            add(Line(((cursor, y + 2.5), (cursor + 12, y + 2.5)),
                     INK if kind == "line" else MUTED, 1.4 if kind == "line" else 1.0,
                     None if kind == "line" else (3, 2)))
        add(Text(cursor + 15, y, words, 6.5))
        cursor += 15 + text_width(words, 6.5) + 12


def _load_bars(add: Add, layout: _Layout, series: pd.DataFrame, unit: str) -> None:
    """The load of each slot as a bar (a grey full-height bar when not recorded)."""
    lo = layout
    load = series["load"].to_numpy(dtype=float)
    missing = series["missing"].to_numpy(dtype=bool)
    top_load = float(np.nanmax(load)) if np.isfinite(load).any() else 0.0
    scale_max = top_load if top_load > 0 else 1.0
    span = lo.load_top - lo.load_bottom
    add(Line(((lo.left, lo.load_top), (lo.right, lo.load_top)), GRID, 0.5))
    for x, value, gone in zip(lo.xs, load, missing, strict=True):
        if gone:
            add(Rect(x - lo.slot * 0.4, lo.load_bottom, lo.slot * 0.8, span, MISSING_BAR))
        elif value > 0:
            add(Rect(x - lo.slot * 0.375, lo.load_bottom, lo.slot * 0.75,
                     span * value / scale_max, LOAD_BAR))
    add(Line(((lo.left, lo.load_bottom), (lo.right, lo.load_bottom)), MUTED, 0.6))
    add(Text(lo.left - 3, lo.load_top - 2, au(top_load, ""), 6, "end", MUTED))
    add(Text(lo.left - 3, lo.load_bottom, au(0, ""), 6, "end", MUTED))
    add(Text(lo.right + 6, (lo.load_top + lo.load_bottom) / 2,
             f"highest {unit}: {au(top_load)}", 6.5, fill=MUTED))


def _level_strip(add: Add, layout: _Layout, levels: np.ndarray, unit: str) -> None:
    """The athlete's level of each slot as a coloured strip (one rectangle per run)."""
    lo = layout
    starts = [int(i) for i in np.flatnonzero(np.r_[True, levels[1:] != levels[:-1]])] \
        if len(levels) else []
    for first, end in zip(starts, [*starts[1:], len(levels)], strict=True):  # runs of a level
        fill = LEVEL_COLOURS.get(Level(int(levels[first])), ("FFFFFF", INK))[0]
        add(Rect(lo.left + lo.slot * first, lo.strip_bottom, lo.slot * (end - first),
                 lo.strip_top - lo.strip_bottom, fill))
    add(Text(lo.left - 3, lo.strip_bottom + 1, "level", 6, "end", MUTED))
    add(Text(lo.right + 6, lo.strip_bottom + 1, f"athlete's level each {unit}", 6.5,
             fill=MUTED))


def _ratio_range(ratio: np.ndarray, ewma: np.ndarray) -> tuple[float, float]:
    """The ratio panel's (lowest, highest) value: 0.5–2.0, widened to the data (≤ 3.0)."""
    seen = np.concatenate([ratio[np.isfinite(ratio)], ewma[np.isfinite(ewma)]])
    if not len(seen):
        return 0.5, 2.0
    y_max = min(3.0, max(2.0, math.ceil(float(seen.max()) * 10) / 10 + 0.1))
    y_min = max(0.0, min(0.5, math.floor(float(seen.min()) * 10) / 10))
    return y_min, y_max


def _ratio_panel(add: Add, layout: _Layout, series: pd.DataFrame,
                 bands: list[tuple[float, float, str]], this_week: np.ndarray) -> None:
    """The primary ratio (solid) and EWMA (dashed) over the descriptive bands."""
    lo = layout
    ratio = series["ratio"].to_numpy(dtype=float)
    ewma = series["ewma"].to_numpy(dtype=float)
    y_min, y_max = _ratio_range(ratio, ewma)

    def y_of(value: np.ndarray | float) -> np.ndarray:
        clipped = np.clip(np.asarray(value, dtype=float), y_min, y_max)
        return lo.ratio_bottom + (lo.ratio_top - lo.ratio_bottom) * (clipped - y_min) / (
            y_max - y_min)

    for (low, high, words), fill in zip(bands, BAND_FILLS, strict=False):
        y0, y1 = float(y_of(max(low, y_min))), float(y_of(min(high, y_max)))
        if y1 <= y0:
            continue
        add(Rect(lo.left, y0, lo.right - lo.left, y1 - y0, fill))
        add(Text(lo.right + 6, (y0 + y1) / 2 - 2.2, words, 6.5, fill=INK))
    if this_week.any():  # keep the report week visible over the bands
        x = lo.left + lo.slot * int(np.argmax(this_week))
        add(Line(((x, lo.ratio_bottom), (x, lo.load_top)), MUTED, 0.5, (2, 2)))
    for low, _high, _words in bands[1:]:
        add(Line(((lo.left, float(y_of(low))), (lo.right, float(y_of(low)))), "FFFFFF", 0.6))
        add(Text(lo.left - 3, float(y_of(low)) - 2, shown_ratio(low), 6, "end", MUTED))
    add(Text(lo.left - 3, lo.ratio_bottom, one_dp(y_min), 6, "end", MUTED))
    for segment in _segments(lo.xs, np.where(np.isfinite(ewma), y_of(ewma), np.nan)):
        add(Line(segment, MUTED, 1.0, (3, 2)))
    for segment in _segments(lo.xs, np.where(np.isfinite(ratio), y_of(ratio), np.nan)):
        add(Line(segment, INK, 1.4))
    if not np.isfinite(ratio).any():
        add(Text((lo.left + lo.right) / 2, (lo.ratio_top + lo.ratio_bottom) / 2,
                 "ratio not available (too little recorded history)", 7, "middle", MUTED))
    add(Line(((lo.left, lo.ratio_bottom), (lo.right, lo.ratio_bottom)), MUTED, 0.6))


def _time_axis(add: Add, layout: _Layout, dates: pd.DatetimeIndex, week_start: pd.Timestamp,
               *, weekly: bool) -> None:
    """Ticks under the ratio panel: the team's week starts (daily data) or its weeks (weekly
    totals; ISO numbers only for Monday weeks)."""
    lo = layout
    iso = week_start.day_of_week == 0
    for i, date in enumerate(dates):
        if weekly or date.day_of_week == week_start.day_of_week:
            label = f"{date:W%V}" if weekly and iso else f"{date:%d %b}"
            x = float(lo.xs[i]) if weekly else lo.left + lo.slot * i
            add(Line(((x, lo.ratio_bottom), (x, lo.ratio_bottom - 3)), MUTED, 0.6))
            add(Text(x, lo.ratio_bottom - 11, label, 6.5, "middle" if weekly else "start",
                     MUTED))


ChartCache = dict[str, Scene]


def frame_width(paper: str) -> float:
    """Width of the PDF's text frame in points (the charts' width)."""
    return PAGE_WIDTH_PT[paper] - 2 * MARGIN_PT


def athlete_charts(data: ReportData, width: float | None = None) -> ChartCache:
    """The chart of every flagged athlete, keyed by the name the report uses (built once,
    shared by the PDF and the HTML)."""
    bands = data.bands.labelled()
    out: ChartCache = {}
    for a in data.flagged:
        if a.series is None or a.series.empty:
            continue
        out[a.athlete] = athlete_chart(
            a.series, bands, week_start=data.week_start, method=data.primary_method,
            weekly=data.weekly_data, width=width or frame_width(data.options.paper),
            title=f"{a.athlete}: load and ratio over the last {data.options.history_weeks} "
                  "weeks")
    return out

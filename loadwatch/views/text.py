"""How results are shown: terminal tables, the flags CSV and the flags JSON.

Numbers follow spec §4.9 (ratios 2 dp, AU whole, percentages 1 dp). Every view carries the
decision-support sentence; texts use athlete ids, never names.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from loadwatch.risk.engine import Assessment, Out, jsonable
from loadwatch.risk.rules.base import REGISTRY
from loadwatch.schema import Col
from loadwatch.vocab import DISCLAIMER

FLAGS_CSV_COLUMNS = (Out.ATHLETE, Out.WEEK, Out.LEVEL, Out.PRIMARY, Out.REASONS)


def _ratio(value: float) -> str:
    if value is None or pd.isna(value):
        return "—"
    return "∞" if np.isinf(value) else f"{value:.2f}"


def flags_csv(table: pd.DataFrame) -> pd.DataFrame:
    """The flags table for CSV: athlete, week_start, level, primary_acwr, reasons, then one
    column per evaluated rule with its level."""
    rules = [r.id for r in REGISTRY if r.id in table.columns]
    extra = [Out.LEVEL_DAY, Out.LOAD_LEVEL, Out.ESCALATION, Out.MODIFIERS]
    return table[[*FLAGS_CSV_COLUMNS, *rules, *extra]]


def flags_json(result: Assessment, week: pd.Timestamp | None) -> dict[str, Any]:
    """Full structured explanation: per athlete, every rule's level, numbers, thresholds,
    evidence grade and text; plus the configuration used."""
    start = week or result.latest_week()
    return {
        "week_start": str(start.date()),
        "iso_week": f"{start:%G-W%V}",
        "disclaimer": DISCLAIMER,
        "configuration": [{k: jsonable(v) for k, v in row.items()}
                          for row in result.ctx.config.thresholds_table()],
        "athletes": result.week_detail(start),
    }


def format_flags(table: pd.DataFrame) -> str:
    """A per-athlete table a coach reads on a terminal, worst first, then the reasons."""
    if table.empty:
        return "No athletes in this week."
    order = {"refer_urgent": 0, "refer": 1, "red": 2, "amber": 3, "insufficient_data": 4,
             "green": 5}
    shown = table.assign(_order=table[Out.LEVEL].map(order)).sort_values(
        ["_order", Out.ATHLETE])
    week = pd.Timestamp(shown[Out.WEEK].iloc[0])
    lines = [f"loadwatch — week {week:%G-W%V} (from {week:%Y-%m-%d}), {len(shown)} athletes", ""]
    grid = pd.DataFrame({
        "athlete": shown[Out.ATHLETE].astype(str),
        "level": shown[Out.LEVEL].str.upper().str.replace("_", " "),
        "reached": pd.to_datetime(shown[Out.LEVEL_DAY]).dt.strftime("%a %d %b"),
        "ACWR": shown[Out.PRIMARY].map(_ratio),
        "load context": shown[Out.LOAD_LEVEL].str.replace("_", " "),
        "modifiers": shown[Out.MODIFIERS].replace("", "—"),
    })
    lines.append(grid.to_string(index=False))
    lines.append("")
    for _, row in shown.iterrows():  # one block per athlete: output formatting only
        if not row[Out.REASONS]:
            continue
        lines.append(f"{row[Out.ATHLETE]} — {row[Out.LEVEL_WORDS]}")
        if row[Out.ESCALATION]:
            lines.append(f"  escalated: {row[Out.ESCALATION]}")
        lines.extend(f"  • {reason}" for reason in row[Out.REASONS].split(" | "))
    lines += ["", DISCLAIMER]
    return "\n".join(lines)


def format_plan(plan: pd.DataFrame) -> str:
    """The next-week planner as a terminal table."""
    shown = pd.DataFrame({
        "athlete": plan[Col.ATHLETE].astype(str),
        "next week": pd.to_datetime(plan["next_week_start"]).dt.strftime("%G-W%V"),
        "max load AU": plan["max_load_au"].map(lambda v: "—" if pd.isna(v) else f"{v:,.0f}"),
        "limited by": plan["limited_by"].replace("", "—"),
        "last week AU": plan["last_week_au"].map(lambda v: "—" if pd.isna(v) else f"{v:,.0f}"),
        "max extension": [
            "—" if pd.isna(v) else f"{v:,.0f} {u}"
            for v, u in zip(plan["max_extension"], plan["extension_unit"], strict=True)
        ],
        "status": plan["status"],
    })
    return (shown.to_string(index=False) + "\n\nThe largest total for next week that keeps the "
            "ACWR and the week-to-week increase at or below amber, spread evenly over the week. "
            + DISCLAIMER)


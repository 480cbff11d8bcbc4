"""Athlete labels that differ only by case, spaces or accents (issue 13): probably the same
athlete, never merged or split silently — the user decides (merge, or keep apart)."""

from __future__ import annotations

import unicodedata

import numpy as np
import pandas as pd

from loadwatch.errors import LogError


def fold(label: str) -> str:
    """A label without case, accents or repeated/edge spaces ('  Ána  López' → 'ana lopez')."""
    decomposed = unicodedata.normalize("NFKD", str(label))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def similar_groups(athletes: pd.Series) -> list[list[str]]:
    """Groups of two or more distinct labels that fold to the same text (distinct labels are
    folded once each), most frequent spelling first."""
    counts = athletes.dropna().astype(str).value_counts()
    if len(counts) < 2:
        return []
    folded = pd.Series([fold(v) for v in counts.index], index=counts.index)
    shared = folded[folded.duplicated(keep=False)]
    return [list(group.index) for _, group in shared.groupby(shared, sort=True)]


def settle_names(athletes: pd.Series, merge: bool | None, name: str
                 ) -> tuple[pd.Series, list[str]]:
    """The athlete column once near-identical labels are decided, and the notes saying how.

    `merge` None refuses the file when such labels exist (naming them); True merges each group
    into its most frequent spelling; False keeps them apart (said in the notes).
    """
    groups = similar_groups(athletes)
    if not groups:
        return athletes, []
    listed = "; ".join(" / ".join(f"'{g}'" for g in group) for group in groups)
    if merge is None:
        raise LogError(
            f"{name}: athlete labels {listed} differ only by case, spaces or accents: probably "
            "the same athlete. Decide: --merge-names (one athlete each) or --keep-names-apart"
        )
    if not merge:
        return athletes, [f"kept apart as different athletes (your decision): {listed}"]
    to = {label: group[0] for group in groups for label in group[1:]}
    text = athletes.astype("string")
    merged = text.where(~text.isin(list(to)).fillna(False).to_numpy(np.bool_),
                        text.map(to))
    return merged, [f"merged as one athlete each (your decision): {listed}"]

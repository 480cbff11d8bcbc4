"""What the dashboard shows of a user's text: plain text, and downloads that never run.

An athlete id, team name or file name is data, not markup. Streamlit renders markdown (GitHub
flavoured, plus directives such as ``:red[...]``, ``$`` LaTeX and emoji shortcodes) in
``st.markdown``, ``st.write``, captions, headers and widget labels, so an id like
``![x](http://evil/a.png)`` would make every viewer's browser fetch that URL, and ``**bold**``
would shout. :func:`plain_text` escapes every ASCII punctuation character (CommonMark's
backslash escapes), folds line breaks and breaks bare-URL autolinks with a zero-width
space, so the text renders literally. :func:`table_csv`
is the one download of a table the pages offer, and :func:`shown_table` is what every table
on a page holds: Streamlit's own toolbar "Download as CSV" exports the cells as shown, so a
formula-like text cell is shown (and exported) with a leading quote (:mod:`loadwatch.safety`).
"""

from __future__ import annotations

import re

import pandas as pd

from loadwatch.safety import FORMULA_STARTS, csv_bytes, strip_controls

#: ASCII punctuation: CommonMark lets a backslash escape each of them.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_BREAKS = re.compile(r"[\r\n\t\u2028\u2029]+")
_AUTOLINK = re.compile(r"\\:(?=\\/)|(?i:www)(?=\\\.)|\\@")
ZERO_WIDTH_SPACE = "\u200b"

#: MIME type of :func:`table_csv` (for ``st.download_button(mime=...)``).
CSV_MIME = "text/csv"


def plain_text(text: object) -> str:
    """The text escaped so that Streamlit markdown shows it literally: no link, image,
    emphasis, heading, directive, LaTeX or HTML; line breaks become spaces. ``None`` and
    NaN give ''."""
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return ""
    flat = _BREAKS.sub(" ", strip_controls(_BREAKS.sub(" ", str(text))))
    escaped = _PUNCTUATION.sub(r"\\\1", flat)
    # GFM links bare URLs and e-mail addresses whatever the escapes: an invisible zero-width
    # space after the scheme's colon, 'www' and '@' keeps them text
    return _AUTOLINK.sub(lambda m: m.group(0) + ZERO_WIDTH_SPACE, escaped)


def table_csv(table: pd.DataFrame) -> bytes:
    """The table as a download: CSV bytes (UTF-8 with BOM), every text cell neutralised
    against formula injection whatever its dtype (categorical athlete columns included)."""
    return csv_bytes(table)


#: A number written as text ('+12.5%', '-3', '1,250'): no spreadsheet runs it as a formula.
_NUMBER_TEXT = r"[+-]?[\d.,]*%?"


def shown_table(table: pd.DataFrame) -> pd.DataFrame:
    """The table as a page shows it in ``st.dataframe``: every text cell (categorical
    included) that a spreadsheet would run as a formula gets a leading quote, because the
    table's own toolbar exports the cells as shown; numbers written as text stay as they are.
    Column names (ours) and other cells are unchanged."""
    out = table.copy()
    for position in range(out.shape[1]):
        values = out.iloc[:, position]
        if isinstance(values.dtype, pd.CategoricalDtype):
            values = values.astype(object)
        elif not (pd.api.types.is_object_dtype(values.dtype)
                  or pd.api.types.is_string_dtype(values.dtype)):
            continue
        is_text = values.map(lambda value: isinstance(value, str)).astype(bool)
        if not is_text.any():  # e.g. dates or None in an object column
            continue
        text = values.where(is_text).astype(object)
        live = (text.str.startswith(FORMULA_STARTS).fillna(False).astype(bool)
                & ~text.str.fullmatch(_NUMBER_TEXT).fillna(False).astype(bool))
        if live.any():
            out.isetitem(position, values.where(~live, "'" + text))
    return out

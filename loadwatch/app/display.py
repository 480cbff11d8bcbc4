"""What the dashboard shows of a user's text: plain text, and downloads that never run.

An athlete id, team name or file name is data, not markup. Streamlit renders markdown (GitHub
flavoured, plus directives such as ``:red[...]``, ``$`` LaTeX and emoji shortcodes) in
``st.markdown``, ``st.write``, captions, headers and widget labels, so an id like
``![x](http://evil/a.png)`` would make every viewer's browser fetch that URL, and ``**bold**``
would shout. :func:`plain_text` escapes every ASCII punctuation character (CommonMark's
backslash escapes), folds line breaks and breaks bare-URL autolinks with a zero-width
space, so the text renders literally. :func:`table_csv`
is the one download of a table the pages offer (Streamlit's own toolbar export is not
neutralised): formula-like cells are made inert (:mod:`loadwatch.safety`).
"""

from __future__ import annotations

import re

import pandas as pd

from loadwatch.safety import csv_bytes, strip_controls

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
    if text is None or (not isinstance(text, str) and pd.isna(text)):  # type: ignore[arg-type]
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

"""What the command line prints never drives the terminal (issue 19 item 5).

An athlete id, team name or file name can hold ANSI escape sequences ("\\x1b[2J" clears the
screen), a carriage return (rewrites the line: a red flag printed over by "GREEN") or other
C0/C1 control characters. Every CLI printer writes through :func:`clean_output`, which removes
them from everything written to stdout and stderr (newline and tab kept): one filter for every
command, plugins included, instead of a call at each of 70 print statements.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from loadwatch.safety import strip_controls


class CleanStream:
    """A text stream that writes `inner` with control characters removed."""

    def __init__(self, inner: TextIO) -> None:
        self.inner = inner

    def write(self, text: str) -> int:
        """Write the text without control characters; returns the length given (as print
        expects from a stream)."""
        self.inner.write(strip_controls(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        """Write each line cleaned."""
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        """Flush the wrapped stream."""
        self.inner.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def clean(text: object) -> str:
    """The text as it may be printed: no ANSI escapes or control characters."""
    return strip_controls(text)


@contextmanager
def clean_output() -> Iterator[None]:
    """Inside the block, sys.stdout and sys.stderr strip control characters; the streams
    are restored afterwards (also on an exception or SystemExit)."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = CleanStream(saved[0]), CleanStream(saved[1])
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved

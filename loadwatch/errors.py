"""Problems a user's file can have, and the exception that carries them all at once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Problem:
    """One problem in an input file: spreadsheet row (header = row 1), column, reason.

    Every validation (spec §1) reports problems this way, so a coach can find the cell.

    Examples
    --------
    >>> from loadwatch.errors import Problem
    >>> str(Problem(3, "rpe", "RPE must be between 0 and 10"))
    "row 3, column 'rpe': RPE must be between 0 and 10"
    """

    row: int | None
    column: str | None
    message: str
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message


class LogError(ValueError):
    """A file or value loadwatch cannot use; `problems` lists every problem found, not the first.

    Raised by the readers (spec §1) when a file is refused whole; ``report()`` lists the
    problems one per line.

    Examples
    --------
    >>> import loadwatch as lw
    >>> try:
    ...     lw.read_log(b"athlete,date,duration_min,rpe\\nA1,2024-01-01,-5,5\\n")
    ... except lw.LogError as exc:
    ...     print(*exc.problems, sep="\\n")
    row 2, column 'duration_min': negative value -5.0 (must be ≥ 0)
    """

    def __init__(self, message: str, problems: list[Problem] | tuple[Problem, ...] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)

    def report(self, limit: int = 50) -> str:
        """The message followed by up to `limit` problems, one per line."""
        lines = [str(self)]
        lines += [f"  {p}" for p in self.problems[:limit]]
        if len(self.problems) > limit:
            lines.append(f"  … and {len(self.problems) - limit} more problems")
        return "\n".join(lines)


class UsageError(Exception):
    """A wrong combination of command options, reported like invalid input (exit code 2)."""

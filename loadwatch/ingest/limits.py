"""How much one uploaded file may hold, checked before it is parsed (issue 19, item 1).

A 1.6 KB workbook can declare sixteen thousand columns and a million rows, and a 1 MB one can
expand to a gigabyte of text: every reader asks :class:`Limits` before it allocates, so a
hostile or mistaken file is refused with one sentence that names the limit and the setting
(``[limits]`` in the team settings), never by exhausting the server's memory.
"""

from __future__ import annotations

from dataclasses import dataclass

from loadwatch.config import Config, default_config
from loadwatch.errors import LogError

_MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Upper bounds on one file: bytes, rows, columns, cells, decompressed workbook parts."""

    max_bytes: int = 50 * _MB
    max_rows: int = 2_000_000
    max_columns: int = 500
    max_cells: int = 20_000_000
    max_unzipped_bytes: int = 500 * _MB
    max_shared_strings_bytes: int = 100 * _MB

    @classmethod
    def from_config(cls, config: Config | None = None) -> Limits:
        """The limits of a team's settings (``[limits]``, sizes in MB), the defaults if None."""
        cfg = config or default_config()
        return cls(
            max_bytes=cfg.get("limits.max_upload_mb") * _MB,
            max_rows=cfg.get("limits.max_rows"),
            max_columns=cfg.get("limits.max_columns"),
            max_cells=cfg.get("limits.max_cells"),
            max_unzipped_bytes=cfg.get("limits.max_unzipped_mb") * _MB,
            max_shared_strings_bytes=cfg.get("limits.max_shared_strings_mb") * _MB,
        )

    def check_bytes(self, size: int, name: str, *, whole: bool = True) -> None:
        """Refuse a file larger than the upload limit (before it is decoded or unzipped);
        ``whole=False`` when only the first limit + 1 bytes of a stream were read."""
        if size > self.max_bytes:
            told = _mb(size) if whole else f"over {_mb(self.max_bytes)}"
            raise LogError(f"{name}: the file is {told}; loadwatch reads at most "
                           f"{_mb(self.max_bytes)} (setting limits.max_upload_mb)")

    def check_shape(self, rows: int, columns: int, name: str, *, what: str = "the file has"
                    ) -> None:
        """Refuse a table wider, longer or bigger than the limits ('declares' for a workbook
        whose dimension is read before its cells)."""
        if columns > self.max_columns:
            raise LogError(f"{name}: {what} {columns:,} columns × {rows:,} rows; loadwatch "
                           f"reads at most {self.max_columns:,} columns (setting "
                           "limits.max_columns)")
        if rows > self.max_rows:
            raise LogError(f"{name}: {what} {rows:,} rows; loadwatch reads at most "
                           f"{self.max_rows:,} rows (setting limits.max_rows)")
        if rows * columns > self.max_cells:
            raise LogError(f"{name}: {what} {columns:,} columns × {rows:,} rows = "
                           f"{rows * columns:,} cells; loadwatch reads at most "
                           f"{self.max_cells:,} cells (setting limits.max_cells)")

    def check_unzipped(self, size: int, name: str, part: str) -> None:
        """Refuse a workbook whose parts expand beyond the decompressed-size limits."""
        if part.endswith("sharedStrings.xml") and size > self.max_shared_strings_bytes:
            raise LogError(f"{name}: the workbook's text table expands to {_mb(size)}; "
                           f"loadwatch reads at most {_mb(self.max_shared_strings_bytes)} "
                           "(setting limits.max_shared_strings_mb)")
        if size > self.max_unzipped_bytes:
            raise LogError(f"{name}: the workbook expands to {_mb(size)} when unzipped; "
                           f"loadwatch reads at most {_mb(self.max_unzipped_bytes)} "
                           "(setting limits.max_unzipped_mb)")


def _mb(size: int) -> str:
    """A byte count as a person reads it: '1,024 MB', '0.2 MB'."""
    value = size / _MB
    return f"{value:,.0f} MB" if value >= 10 else f"{value:,.1f} MB"

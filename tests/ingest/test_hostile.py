"""Hostile files are refused before they are parsed, with one sentence naming the limit and
its setting, and with memory bounded (issue 19, item 1). Every bomb is built here, in the
test, with zipfile: nothing big is committed.

Memory is measured in a fresh Python process forked after the import (peak resident size
minus the size it started from), because calamine allocates in Rust where tracemalloc does
not look; the bound is stated per test.
"""

from __future__ import annotations

import io
import json
import resource
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import pytest

from loadwatch.errors import LogError
from loadwatch.ingest.limits import Limits
from loadwatch.ingest.readers import read_table

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
    '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
    '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType='
    '"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target='
    '"xl/workbook.xml"/></Relationships>'
)
_BOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships"><sheets><sheet name="Log" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_BOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/'
    'sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    '</Relationships>'
)
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def sheet_xml(rows: str, dimension: str | None = "A1:B2", prolog: str = "") -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet {_NS}>{dim}'
            f"<sheetData>{rows}</sheetData></worksheet>")


def strings_xml(*texts: str, prolog: str = "") -> str:
    items = "".join(f"<si><t>{t}</t></si>" for t in texts)
    return f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<sst {_NS}>{items}</sst>'


SMALL_ROWS = ('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
              '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>7</v></c></row>')


def workbook(path: Path, sheet: str, strings: str | None = None, *, level: int = 9) -> Path:
    """A minimal .xlsx: one sheet 'Log' and a shared-strings part."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("xl/workbook.xml", _BOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", _BOOK_RELS)
        zf.writestr("xl/worksheets/sheet1.xml", sheet)
        zf.writestr("xl/sharedStrings.xml", strings or strings_xml("athlete", "rpe", "A1"))
    return path


def peak_mb_reading(path: Path) -> tuple[float, str]:
    """(MB a read of ``path`` adds at its peak, the refusal message or 'read'), measured in a
    process forked after loadwatch is imported: its peak resident size minus the resident
    size it starts from, so the import's own peak does not hide the read."""
    code = (
        "import json, os, resource, sys\n"
        "from loadwatch.ingest.readers import read_table\n"
        "from loadwatch.errors import LogError\n"
        "read, write = os.pipe()\n"
        "if os.fork() == 0:\n"
        "    page = os.sysconf('SC_PAGE_SIZE')\n"
        "    start = int(open('/proc/self/statm').read().split()[1]) * page\n"
        "    try:\n        read_table(sys.argv[1]); msg = 'read'\n"
        "    except LogError as exc:\n        msg = str(exc)\n"
        "    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024\n"
        "    os.write(write, json.dumps([(peak - start) / 2**20, msg]).encode())\n"
        "    os._exit(0)\n"
        "os.wait()\n"
        "os.close(write)\n"
        "print(os.read(read, 1 << 16).decode())\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                         text=True, timeout=120, check=True)
    grown, message = json.loads(out.stdout.strip().splitlines()[-1])
    return grown, message


def test_a_small_workbook_still_reads(tmp_path: Path) -> None:
    """The generator makes a workbook calamine reads: the refusals below are about size."""
    raw = read_table(workbook(tmp_path / "ok.xlsx", sheet_xml(SMALL_ROWS)))
    assert raw.frame.to_dict("list") == {"athlete": ["A1"], "rpe": [7.0]}
    assert raw.sheets == ["Log"] and raw.sheet == "Log" and raw.header_row == 1


def test_xfd1048576_workbook_refused_from_its_declared_dimension(tmp_path: Path) -> None:
    """1.6 KB declaring 16,384 × 1,048,576 cells: refused before any cell is read, the read
    adding less than 20 MB (measured 0.9 MB; issue 19 measured 5 GB in 23 s, and calamine
    alone aborts allocating the declared range)."""
    rows = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    path = workbook(tmp_path / "bomb.xlsx", sheet_xml(rows, "A1:XFD1048576"))
    assert path.stat().st_size < 2_000
    grown, message = peak_mb_reading(path)
    assert message == ("bomb.xlsx: this workbook declares 16,384 columns × 1,048,576 rows; "
                       "loadwatch reads at most 500 columns (setting limits.max_columns)")
    assert grown < 20


def test_workbook_without_dimension_refused_from_its_cell_references(tmp_path: Path) -> None:
    """A workbook that leaves out (or lies in) its dimension is measured by its cells."""
    rows = ('<row r="1"><c r="A1"><v>1</v></c></row>'
            '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
    path = workbook(tmp_path / "liar.xlsx", sheet_xml(rows, "A1"))
    with pytest.raises(LogError) as err:
        read_table(path)
    assert str(err.value) == (
        "liar.xlsx: a sheet of this workbook has cells in 16,384 columns × 1,048,576 rows; "
        "loadwatch reads at most 500 columns (setting limits.max_columns)")


class _RepeatingDeflate:
    """A raw-deflate compressor that compresses a repeated block once: after a full flush
    the compressor's state is the same, so the same block gives the same bytes (building a
    1 GiB member then costs a CRC, not a gigabyte of deflate)."""

    def __init__(self, block: bytes) -> None:
        self.inner = zlib.compressobj(9, zlib.DEFLATED, -15)
        self.block, self.cached = block, None
        self.started = False

    def compress(self, data: bytes) -> bytes:
        if data is not self.block:
            return self.inner.compress(data)
        if self.cached is None:
            head = self.inner.flush(zlib.Z_FULL_FLUSH)
            once = self.inner.compress(data) + self.inner.flush(zlib.Z_FULL_FLUSH)
            twice = self.inner.compress(data) + self.inner.flush(zlib.Z_FULL_FLUSH)
            assert once == twice  # the premise of the shortcut
            self.cached = once
            return head + once  # state after 'twice' equals the state after 'once'
        return self.cached

    def flush(self, mode: int = zlib.Z_FINISH) -> bytes:
        return self.inner.flush(mode)


@pytest.fixture(scope="module")
def giant_string(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ~1 MB workbook whose one shared string is 1 GiB once unzipped (streamed into the
    zip, so the test itself never holds it)."""
    path = tmp_path_factory.mktemp("bombs") / "giant-string.xlsx"
    block = b"A" * (1 << 24)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for part, body in (("[Content_Types].xml", _CONTENT_TYPES), ("_rels/.rels", _RELS),
                           ("xl/workbook.xml", _BOOK), ("xl/_rels/workbook.xml.rels", _BOOK_RELS),
                           ("xl/worksheets/sheet1.xml", sheet_xml(SMALL_ROWS))):
            zf.writestr(part, body)
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(zipfile, "_get_compressor", lambda *_: _RepeatingDeflate(block))
            with zf.open("xl/sharedStrings.xml", "w", force_zip64=True) as strings:
                strings.write(f"<sst {_NS}><si><t>athlete</t></si><si><t>".encode())
                strings.write(block)  # compressed twice for real (the check), then cached
                for _ in range(63):
                    strings.write(block)
                strings.write(b"</t></si></sst>")
    return path


def test_one_gib_shared_string_refused_from_the_zip_directory(giant_string: Path) -> None:
    """The 1 GiB string is never decompressed: the zip directory's size refuses it, and the
    read adds less than 20 MB (measured 1.8 MB; calamine alone aborts at 1.1 GB)."""
    assert giant_string.stat().st_size < 1_100_000
    grown, message = peak_mb_reading(giant_string)
    assert message == ("giant-string.xlsx: the workbook's text table expands to 1,024 MB; "
                       "loadwatch reads at most 100 MB (setting limits.max_shared_strings_mb)")
    assert grown < 20


def test_rows_that_expand_past_the_unzipped_limit_are_refused(tmp_path: Path) -> None:
    """A workbook of repeated rows (the 6.8 MB → 1.66 GB case, scaled by the setting)."""
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 60_000))
    path = workbook(tmp_path / "rows.xlsx", sheet_xml(rows, None))
    with pytest.raises(LogError) as err:
        read_table(path, limits=Limits(max_unzipped_bytes=1 << 20))
    assert str(err.value) == ("rows.xlsx: the workbook expands to 2.9 MB when unzipped; "
                              "loadwatch reads at most 1.0 MB (setting limits.max_unzipped_mb)")


def test_billion_laughs_is_refused_without_expanding(tmp_path: Path) -> None:
    """Entities in the shared strings (a 'billion laughs' of 10^9 'lol') are never
    expanded: the document type declaration refuses the workbook in well under a second."""
    levels = [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(2, 10)]
    lol = ('<!DOCTYPE sst [<!ENTITY lol "lol"><!ENTITY lol1 "' + "&lol;" * 10 + '">'
           + "".join(levels) + "]>")
    path = workbook(tmp_path / "laughs.xlsx", sheet_xml(SMALL_ROWS),
                    strings_xml("athlete", "rpe", "&lol9;", prolog=lol))
    start = time.perf_counter()
    with pytest.raises(LogError) as err:
        read_table(path)
    assert time.perf_counter() - start < 1.0
    assert str(err.value) == (
        "laughs.xlsx: the workbook declares XML entities (a document type declaration), "
        "which loadwatch never expands: save it again from Excel or LibreOffice")


def ods(path: Path, content: str) -> Path:
    """A minimal OpenDocument spreadsheet with the given content.xml body."""
    body = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
            f'<office:body><office:spreadsheet><table:table table:name="Log">{content}'
            "</table:table></office:spreadsheet></office:body></office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
                '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/'
                'vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path='
                '"content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                    compress_type=zipfile.ZIP_STORED)
        zf.writestr("META-INF/manifest.xml", manifest)
        zf.writestr("content.xml", body)
    return path


def _cell(value: str, attrs: str = "") -> str:
    return (f'<table:table-cell office:value-type="string" {attrs}><text:p>{value}</text:p>'
            "</table:table-cell>")


def test_ods_reads_and_its_repeated_cells_bomb_is_refused(tmp_path: Path) -> None:
    """An .ods reads; one whose single cell is repeated over 16,384 columns × 1,048,576
    rows (a few hundred bytes) is refused from its repeat counts, before calamine."""
    header = f"<table:table-row>{_cell('athlete')}{_cell('sport')}</table:table-row>"
    good = ods(tmp_path / "ok.ods", header + f"<table:table-row>{_cell('A1')}{_cell('run')}"
                                             "</table:table-row>")
    assert read_table(good).frame.to_dict("list") == {"athlete": ["A1"], "sport": ["run"]}
    bomb_row = ('<table:table-row table:number-rows-repeated="1048576">'
                + _cell("x", 'table:number-columns-repeated="16384"') + "</table:table-row>")
    path = ods(tmp_path / "bomb.ods", header + bomb_row)
    with pytest.raises(LogError) as err:
        read_table(path)
    assert str(err.value) == (
        "bomb.ods: a sheet of this workbook has cells in 16,384 columns × 1,048,576 rows; "
        "loadwatch reads at most 500 columns (setting limits.max_columns)")


def test_50000_column_csv_refused_at_its_header_line() -> None:
    """Refused from the header line (issue 19 measured ~100 s before the refusal)."""
    data = (",".join(f"c{i}" for i in range(50_000)) + "\n" + ",".join("1" * 50_000) + "\n")
    start = time.perf_counter()
    with pytest.raises(LogError) as err:
        read_table(data.encode())
    assert time.perf_counter() - start < 1.0
    assert str(err.value) == ("upload: the header line has 50,000 columns; loadwatch "
                              "reads at most 500 columns (setting limits.max_columns)")


def test_501_column_csv_names_its_exact_width() -> None:
    data = ",".join(f"c{i}" for i in range(501)) + "\n" + ",".join(["1"] * 501) + "\n"
    with pytest.raises(LogError) as err:
        read_table(data.encode())
    assert str(err.value) == ("upload: the header line has 501 columns; loadwatch reads at "
                              "most 500 columns (setting limits.max_columns)")


def test_upload_bigger_than_the_byte_limit_is_refused_before_decoding(tmp_path: Path) -> None:
    """51 MB is refused from its size: a path by stat, a stream after max+1 bytes."""
    path = tmp_path / "big.csv"
    with path.open("wb") as out:
        out.write(b"athlete,date,minutes,rpe\n")
        out.truncate(51 * 1024 * 1024)
    message = ("big.csv: the file is 51 MB; loadwatch reads at most 50 MB (setting "
               "limits.max_upload_mb)")
    with pytest.raises(LogError, match="^big.csv") as err:
        read_table(path)
    assert str(err.value) == message
    stream = io.BytesIO(path.read_bytes())
    stream.name = "big.csv"
    with pytest.raises(LogError) as err:
        read_table(stream)
    assert str(err.value) == message.replace("51 MB", "over 50 MB")  # read up to the limit + 1
    assert stream.tell() == 50 * 1024 * 1024 + 1


def test_rows_and_cells_limits_of_a_text_file() -> None:
    data = b"athlete,rpe\n" + b"A,5\n" * 11
    with pytest.raises(LogError) as err:
        read_table(data, limits=Limits(max_rows=10))
    assert str(err.value) == ("upload: the file has 11 rows; loadwatch reads at most 10 rows "
                              "(setting limits.max_rows)")
    with pytest.raises(LogError) as err:
        read_table(data, limits=Limits(max_cells=20))
    assert str(err.value) == ("upload: the file has 2 columns × 11 rows = 22 cells; loadwatch "
                              "reads at most 20 cells (setting limits.max_cells)")
    assert len(read_table(data, limits=Limits(max_rows=11)).frame) == 11


def test_limits_come_from_the_settings() -> None:
    """[limits] in MB and counts become the reader's bounds."""
    from loadwatch.config import load_config

    cfg = load_config(overrides={"limits.max_upload_mb": 2, "limits.max_columns": 3})
    bounds = Limits.from_config(cfg)
    assert (bounds.max_bytes, bounds.max_columns, bounds.max_rows) == (2 << 20, 3, 2_000_000)
    assert Limits.from_config() == Limits()


def test_memory_helper_measures_a_real_allocation(tmp_path: Path) -> None:
    """The bound above can fail: reading a 46 MB CSV adds more than 20 MB (measured 285)."""
    path = tmp_path / "big.csv"
    path.write_bytes(b"athlete,date,minutes,rpe\n" + b"Athlete-0001,2026-01-01,60,5\n" * 1_600_000)
    grown, message = peak_mb_reading(path)
    assert message == "read" and grown > 20
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss > 0

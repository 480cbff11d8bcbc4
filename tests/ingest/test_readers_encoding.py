"""Text encodings (issue 13 item 5, issue 19 item 8): UTF-8 with or without BOM, UTF-16
"Unicode text" with or without BOM, Windows-1252, Latin-1 and other alphabets are decoded; a
UTF-8 file with one Windows-1252 row is refused naming the row (never two garbled "new
children"); an unknown encoding names the encodings tried."""

from __future__ import annotations

import random

import pytest

from loadwatch.errors import LogError
from loadwatch.ingest.log import read_log
from loadwatch.ingest.readers import read_table
from loadwatch.schema import Col

ROWS = ["athlete,date,duration_min,rpe", "Zoë,2026-03-02,60,7", "José,2026-03-02,45,5"]


def text(lines: list[str], sep: str = ",") -> str:
    return "\r\n".join(line.replace(",", sep) for line in lines) + "\r\n"


@pytest.mark.parametrize(("encoding", "sep", "read_as"), [
    ("utf-8", ",", "utf-8"),
    ("utf-8-sig", ",", "utf-8-sig"),
    ("utf-16", "\t", "utf-16"),          # Excel's "Unicode text": BOM, tabs
    ("utf-16-le", "\t", "utf-16-le"),    # the same without its BOM
    ("utf-16-be", "\t", "utf-16-be"),
    ("cp1252", ";", "cp1252"),
    ("latin-1", ";", "cp1252"),          # the printable Latin-1 letters are Windows-1252's
])
def test_encodings_decode_to_the_same_athletes(encoding: str, sep: str, read_as: str) -> None:
    data = text(ROWS, sep).encode(encoding)
    raw = read_table(data)
    assert raw.encoding == read_as
    log = read_log(data)
    assert log[Col.ATHLETE].tolist() == ["Zoë", "José"]
    assert log[Col.LOAD].tolist() == [420.0, 225.0]


def test_decimal_comma_semicolon_cp1252_still_read() -> None:
    data = "athlete;date;duration_min;rpe\r\nRenée;13.03.2026;60;6,5\r\n".encode("cp1252")
    log = read_log(data)
    assert log[Col.ATHLETE].tolist() == ["Renée"] and log[Col.RPE].tolist() == [6.5]


def test_utf8_file_with_one_cp1252_row_is_refused_naming_the_row() -> None:
    """Decoding it whole as either would make 'Zoë' two athletes: refused with the row."""
    good = "".join(f"Renée,2026-03-{d:02d},60,7\n" for d in range(1, 13)).encode()
    data = b"athlete,date,duration_min,rpe\n" + good + "Zoë,2026-03-13,45,5\n".encode("cp1252")
    with pytest.raises(LogError) as err:
        read_table(data)
    assert str(err.value) == ("upload: row 14 is not UTF-8 (looks like Windows-1252: 'Zoë'): "
                              "save the file as UTF-8")


def test_cyrillic_windows_file_is_decoded_as_cyrillic() -> None:
    lines = ["имя,дата,duration_min,rpe"] + ["Иван Петров,2026-03-02,60,7",
                                            "Сергей Смирнов,2026-03-03,45,5"] * 3
    raw = read_table(text(lines).encode("cp1251"))
    assert raw.encoding == "cp1251"
    assert raw.frame["имя"].iloc[:2].tolist() == ["Иван Петров", "Сергей Смирнов"]


def test_unknown_encoding_names_the_encodings_tried() -> None:
    """Bytes no encoding makes sense of (charset-normalizer finds nothing coherent)."""
    rng = random.Random(3)
    junk = bytes(rng.randrange(0x80, 0x100) for _ in range(300))
    data = b"athlete,date\n" + junk + b",2026-03-02\n"
    with pytest.raises(LogError) as err:
        read_table(data)
    assert str(err.value) == ("upload: unknown text encoding (tried UTF-8, UTF-16, "
                              "Windows-1252 and Latin-1); save the file as UTF-8")


def test_utf16_with_a_broken_tail_says_where() -> None:
    data = text(ROWS, "\t").encode("utf-16") + b"\x00"
    with pytest.raises(LogError) as err:
        read_table(data)
    assert str(err.value) == ("upload: the file starts as UTF-16 but byte 150 is not; save "
                              "it again as UTF-8")

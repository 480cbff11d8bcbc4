"""Text files in the encodings coaches' tools write, or a refusal that says which was tried.

UTF-8 (with or without BOM), UTF-16 "Unicode text" from Excel (BOM or not), Windows-1252 and
Latin-1 exports are decoded; charset-normalizer names anything else. A UTF-8 file with a few
rows typed in another encoding (a line pasted from an old export) is refused with the row
number and the word as it probably reads, because decoding it whole either way would turn one
child into two garbled "new" athletes (issue 19, item 8).
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from loadwatch.errors import LogError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Single-byte western encodings read as Windows-1252 (its printable superset of Latin-1).
_WESTERN = {"cp1252", "latin_1", "iso8859_15", "iso8859_1", "ascii"}
_TRIED = "UTF-8, UTF-16, Windows-1252 and Latin-1"
#: Other single-byte encodings charset-normalizer may choose among (Windows code pages, KOI8).
_CANDIDATES = ("cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257",
               "koi8_r", "latin_1")
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")
_FIELD_SPLIT = re.compile(r"[,;\t|]")
_PROBE = 4096
_BINARY = "this is not a text, Excel or Parquet file (binary content)"


def decode(data: bytes, name: str) -> tuple[str, str]:
    """(text, encoding name) of a text file; LogError naming the rows or encodings otherwise."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data, encoding, name), encoding
    utf16 = _utf16_without_bom(data[:_PROBE])
    if utf16:
        return _strict(data, utf16, name), utf16
    if b"\x00" in data[:_PROBE]:
        raise LogError(f"{name}: {_BINARY}")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        if _has_utf8_line(data):
            _refuse_mixed(data, name)
    return _single_byte(data, name)


def _has_utf8_line(data: bytes) -> bool:
    """True when some line with non-ASCII letters is valid UTF-8 (the file was written as
    UTF-8, and the lines that are not were pasted from elsewhere). Only on the failure path."""
    for line in data.split(b"\n"):
        if _UTF8_MULTIBYTE.search(line):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                continue
            return True
    return False


def _strict(data: bytes, encoding: str, name: str) -> str:
    """Decode the whole file in one encoding, or say where it stops being that encoding."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise LogError(f"{name}: the file starts as {encoding.upper()} but byte {exc.start:,} "
                       "is not; save it again as UTF-8") from None


def _utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when every other byte of a text prefix is NUL (Excel's
    "Unicode text" saved without its BOM)."""
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _refuse_mixed(data: bytes, name: str) -> None:
    """A UTF-8 file with some rows in a single-byte encoding: name those rows (up to three)."""
    bad: list[tuple[int, str]] = []
    for number, line in enumerate(data.split(b"\n"), start=1):  # only on the refusal path
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad.append((number, _word_at(line.decode("cp1252", errors="replace"), exc.start)))
            if len(bad) == 3:
                break
    shown = "; ".join(f"row {n} is not UTF-8 (looks like Windows-1252: {word!r})"
                      for n, word in bad)
    raise LogError(f"{name}: {shown}: save the file as UTF-8")


def _word_at(text: str, position: int) -> str:
    """The field of a decoded line holding the character at about ``position``."""
    position = min(position, max(len(text) - 1, 0))
    start = max((m.end() for m in _FIELD_SPLIT.finditer(text, 0, position)), default=0)
    end = _FIELD_SPLIT.search(text, position)
    word = text[start:end.start() if end else len(text)].strip()
    return word if len(word) <= 40 else word[:39] + "…"


def _single_byte(data: bytes, name: str) -> tuple[str, str]:
    """A file with no UTF-8 at all: Windows-1252 for western exports, else what
    charset-normalizer finds; a message naming the encodings tried when nothing fits."""
    text = data.decode("cp1252", errors="replace")
    controls = sum(ch < " " and ch not in "\t\r\n" for ch in text[:_PROBE])
    if controls > 3:
        raise LogError(f"{name}: {_BINARY}")
    other = _other_alphabet(data)
    if other:
        try:
            return data.decode(other), other
        except (UnicodeDecodeError, LookupError):
            pass
    if text.count("\ufffd") <= 3:
        return text, "cp1252"
    raise LogError(f"{name}: unknown text encoding (tried {_TRIED}); save the file as UTF-8")


def _other_alphabet(data: bytes) -> str | None:
    """The encoding charset-normalizer finds when its letters are of another alphabet
    (Cyrillic, Greek, Hebrew, Arabic); None for Latin text, where accented letters stay what
    Windows-1252 says (a Central European guess for French words changes no letter that
    matters and would make the same file read two ways)."""
    if sum(b >= 0x80 for b in data[:_PROBE]) < 8:
        return None
    guess = from_bytes(data[:262_144], cp_isolation=list(_CANDIDATES)).best()
    if guess is None or guess.encoding in _WESTERN:
        return None
    text = data[:_PROBE].decode(guess.encoding, errors="ignore")
    letters = [ch for ch in text if ord(ch) >= 0x80 and ch.isalpha()]
    other = sum(ord(ch) >= 0x370 for ch in letters)
    return str(guess.encoding) if letters and other > 0.5 * len(letters) else None

"""Checks a delimited text file before the engine reads it: empty, binary, and its encoding.

UTF-8 (with or without BOM) and UTF-16 files are read as they are; any other encoding is
detected as Windows-1252 or Latin-1 and transcoded to a temporary UTF-8 copy, so that no
accented name is lost or quarantined for its encoding. It must not parse records; the engine does.
"""

from __future__ import annotations

import codecs
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from centric.errors import InvalidInputError

CHUNK = 1 << 20
MAGIC = {
    b"PK\x03\x04": "a ZIP archive (an .xlsx workbook is one: use format = 'excel')",
    b"PAR1": "a Parquet file (use format = 'parquet')",
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"\x1f\x8b": "a gzip archive (decompress it first)",
    b"\xd0\xcf\x11\xe0": "a legacy Office document (.xls: save it as .xlsx or CSV)",
    b"SQLite format 3": "an SQLite database (declare a SQL source with its URL instead)",
}
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_ESCAPED = re.compile("[\udc80-\udcff]+")
_NON_ASCII = re.compile("[^\x00-\x7f\udc80-\udcff]")
_CONTROL_BYTES = re.compile(b"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def detect_encoding(path: Path, declared: str | None = None) -> str:
    """Decide the encoding of a text file, refusing empty and binary files.

    A few NUL bytes or undecodable bytes in an otherwise readable file do not make it unusable:
    the records holding them are quarantined when the file is read.

    Args:
        path: The file.
        declared: The encoding the source declares, if any; it is trusted unless the bytes
            plainly contradict it.

    Returns:
        A Python codec name: ``utf-8``, ``utf-16``, ``utf-16-le``, ``utf-16-be``, ``cp1252`` or
        ``latin-1`` (or ``declared``).

    Raises:
        InvalidInputError: The file is empty or is not text, or the declared encoding is
            unknown or does not fit the file's bytes.
    """
    settled = detect_head_encoding(path, declared)
    return settled if settled is not None else settle_encoding(path, is_utf8_text(path))


def detect_head_encoding(path: Path, declared: str | None = None) -> str | None:
    """Decide the encoding of a text file from its first block where that is enough.

    Returns ``None`` when the choice between UTF-8 and a single-byte encoding needs the whole
    file: :func:`is_utf8_text` and :func:`settle_encoding` finish it, which a caller may run
    while the engine already reads the file as UTF-8.

    Raises:
        InvalidInputError: As :func:`detect_encoding`.
    """
    with path.open("rb") as handle:
        head = handle.read(CHUNK)
    if not head.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        raise InvalidInputError(
            f"'{path}' is empty: it has no header and no records.",
            hint="Export the data again; an extract with no rows still needs its header line.",
        )
    kind = next((what for magic, what in MAGIC.items() if head.startswith(magic)), None)
    if kind is not None and (b"\x00" in head or not head.startswith(b"\xff\xd8\xff")):
        raise InvalidInputError(
            f"'{path}' is not a text file: it looks like {kind}.",
            hint="Point the source at the CSV export, or declare the file's real format.",
        )
    if declared:
        return _checked_declaration(path, declared, head)
    if head.startswith(UTF16_BOMS):
        return "utf-16"
    if b"\x00" in head:
        unmarked = _bomless_utf16(head)
        if unmarked is not None:
            return unmarked
    controls = len(_CONTROL_BYTES.findall(head))
    # A stray NUL or control byte in a text export is quarantined with its record; a file
    # where they are common is not text at all.
    if controls > 8 and controls > len(head) // 100:
        raise InvalidInputError(
            f"'{path}' is not a text file: it holds binary data "
            f"({controls:,} control bytes in its first {len(head):,} bytes).",
            hint="Point the source at the CSV export, or declare the file's real format.",
        )
    return None


def settle_encoding(path: Path, is_utf8: bool) -> str:
    """The encoding of a file :func:`detect_head_encoding` left open, given :func:`is_utf8_text`."""
    return "utf-8" if is_utf8 else _single_byte_encoding(path)


def is_utf8_text(path: Path) -> bool:
    """Whether the whole file reads as UTF-8, allowing a few corrupt byte runs."""
    return _is_mostly_utf8(path)


def head_is_utf8(path: Path) -> bool:
    """Whether the file's first block decodes as UTF-8 (a likely, not a settled, answer)."""
    with path.open("rb") as handle:
        head = handle.read(CHUNK)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head)
    except UnicodeDecodeError:
        return False
    return True


def _checked_declaration(path: Path, declared: str, head: bytes) -> str:
    try:
        codec = codecs.lookup(declared).name
    except LookupError as exc:
        raise InvalidInputError(
            f"The encoding '{declared}' declared for '{path}' is not a known encoding.",
            hint="Use a name such as utf-8, utf-16, cp1252 or latin-1, or remove the option "
            "to let Centric detect the encoding.",
        ) from exc
    has_nuls = b"\x00" in head
    if codec.startswith("utf-16") and not head.startswith(UTF16_BOMS) and not has_nuls:
        raise InvalidInputError(
            f"'{path}' is declared as {declared} but is not UTF-16 text: it has no byte-order "
            "mark and none of the zero bytes UTF-16 text has.",
            hint="Remove the encoding option to let Centric detect it, or declare the file's "
            "real encoding (e.g. utf-8 or cp1252).",
        )
    if codec == "utf-8" and not _is_mostly_utf8(path):
        raise InvalidInputError(
            f"'{path}' is declared as {declared} but is not UTF-8 text: "
            f"{_first_undecodable(path, 'utf-8')}; it looks like "
            f"{_single_byte_encoding(path)}.",
            hint="Remove the encoding option to let Centric detect it, or declare "
            f"encoding = '{_single_byte_encoding(path)}'.",
        )
    return declared


def _bomless_utf16(head: bytes) -> str | None:
    # Mostly-Latin text in UTF-16 has a zero byte in every other position: even positions for
    # big-endian, odd for little-endian.
    sample = head[: 1 << 16]
    pairs = len(sample) // 2
    if pairs == 0:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    if odd >= pairs * 0.4 and even <= pairs * 0.02:
        return "utf-16-le"
    if even >= pairs * 0.4 and odd <= pairs * 0.02:
        return "utf-16-be"
    return None


@contextmanager
def utf8_copy(path: Path, encoding: str) -> Iterator[Path]:
    """Yield a path to the file's text in UTF-8 (the file itself when it already is).

    Raises:
        InvalidInputError: The file holds bytes that the encoding cannot decode.
    """
    if _codec(encoding) in ("utf-8", "utf-16"):
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="centric-") as folder:
        target = Path(folder) / (path.stem + ".utf8" + path.suffix)
        try:
            with (
                path.open("r", encoding=encoding, newline="") as source,
                target.open("w", encoding="utf-8", newline="") as sink,
            ):
                while block := source.read(CHUNK):
                    sink.write(block)
        except UnicodeDecodeError as exc:
            raise InvalidInputError(
                f"'{path}' is not valid {encoding} text: {_first_undecodable(path, encoding)}.",
                hint="Remove the encoding option to let Centric detect it, or declare the "
                "file's real encoding.",
            ) from exc
        yield target


def engine_encoding(encoding: str) -> str:
    """The encoding name to give the engine for a file that :func:`utf8_copy` prepared."""
    return "utf-16" if _codec(encoding) == "utf-16" else "utf-8"


def _codec(encoding: str) -> str:
    # utf-8-sig and utf_8 are UTF-8 to the engine; only BOM-marked UTF-16 is read as it is.
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return encoding.lower()
    return "utf-8" if name == "utf-8-sig" else name


def _is_mostly_utf8(path: Path) -> bool:
    # Valid UTF-8, or UTF-8 with a few corrupt byte runs: the records holding those are
    # quarantined, while reading the whole file as Windows-1252 would garble every accented
    # letter in it. A Windows-1252 file has hardly any valid multi-byte sequence.
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as handle:
        try:
            while block := handle.read(CHUNK):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            pass
        else:
            return True
    lenient = codecs.getincrementaldecoder("utf-8")(errors="surrogateescape")
    invalid = multibyte = 0
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            text = lenient.decode(block)
            invalid += len(_ESCAPED.findall(text))
            multibyte += len(_NON_ASCII.findall(text))
        invalid += len(_ESCAPED.findall(lenient.decode(b"", final=True)))
    return multibyte > invalid


def _first_undecodable(path: Path, encoding: str) -> str:
    decoder = codecs.getincrementaldecoder(encoding)()
    offset = 0
    with path.open("rb") as handle:
        try:
            while block := handle.read(CHUNK):
                decoder.decode(block)
                offset += len(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            position = max(offset - len(block), 0) + exc.start
            bad = exc.object[exc.start : exc.start + 1]
            return f"byte 0x{bad.hex().upper()} at offset {position:,} cannot be decoded"
    return "it cannot be decoded"


def _single_byte_encoding(path: Path) -> str:
    # Windows-1252 leaves five bytes undefined; a file using them can only be Latin-1.
    decoder = codecs.getincrementaldecoder("cp1252")()
    with path.open("rb") as handle:
        try:
            while block := handle.read(CHUNK):
                decoder.decode(block)
        except UnicodeDecodeError:
            return "latin-1"
    return "cp1252"

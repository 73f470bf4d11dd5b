"""Checks a delimited text file before the engine reads it: empty, binary, and its encoding.

UTF-8 (with or without BOM) and UTF-16 files are read as they are; any other encoding is
detected as Windows-1252 or Latin-1 and transcoded to a temporary UTF-8 copy, so that no
accented name is lost or quarantined for its encoding. It must not parse records; the engine does.
"""

from __future__ import annotations

import codecs
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


def detect_encoding(path: Path, declared: str | None = None) -> str:
    """Decide the encoding of a text file, refusing empty and binary files.

    Args:
        path: The file.
        declared: The encoding the source declares, if any; it is trusted.

    Returns:
        A Python codec name: ``utf-8``, ``utf-16``, ``cp1252`` or ``latin-1`` (or ``declared``).

    Raises:
        InvalidInputError: The file is empty or is not text.
    """
    with path.open("rb") as handle:
        head = handle.read(CHUNK)
    if not head.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        raise InvalidInputError(
            f"'{path}' is empty: it has no header and no records.",
            hint="Export the data again; an extract with no rows still needs its header line.",
        )
    if declared:
        return declared
    if head.startswith(UTF16_BOMS):
        return "utf-16"
    if b"\x00" in head:
        kind = next((what for magic, what in MAGIC.items() if head.startswith(magic)), None)
        raise InvalidInputError(
            f"'{path}' is not a text file: it holds binary data"
            + (f" and looks like {kind}." if kind else "."),
            hint="Point the source at the CSV export, or declare the file's real format.",
        )
    for magic, what in MAGIC.items():
        if head.startswith(magic) and magic not in (b"\xff\xd8\xff",):
            raise InvalidInputError(
                f"'{path}' is not a text file: it looks like {what}.",
                hint="Point the source at the CSV export, or declare the file's real format.",
            )
    return "utf-8" if _is_utf8(path) else _single_byte_encoding(path)


@contextmanager
def utf8_copy(path: Path, encoding: str) -> Iterator[Path]:
    """Yield a path to the file's text in UTF-8 (the file itself when it already is)."""
    if encoding.replace("_", "-").lower() in ("utf-8", "utf8", "utf-8-sig", "utf-16", "utf16"):
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="centric-") as folder:
        target = Path(folder) / (path.stem + ".utf8" + path.suffix)
        with (
            path.open("r", encoding=encoding, newline="") as source,
            target.open("w", encoding="utf-8", newline="") as sink,
        ):
            while block := source.read(CHUNK):
                sink.write(block)
        yield target


def engine_encoding(encoding: str) -> str:
    """The encoding name to give the engine for a file that :func:`utf8_copy` prepared."""
    return "utf-16" if encoding.replace("_", "-").lower() in ("utf-16", "utf16") else "utf-8"


def _is_utf8(path: Path) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as handle:
        try:
            while block := handle.read(CHUNK):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


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

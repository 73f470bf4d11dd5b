"""Prepares a delimited text file for the engine: banner lines above the header, broken quotes.

Exports often carry notes above the header ("Customer export, 3 May"), and one stray quote
character makes a strict CSV reader treat every following record as part of one quoted field.
This module finds both by looking at lines, and writes a UTF-8 copy for the engine without the
banner and with each broken record replaced by a line the engine rejects on its own, so that the
records after it are read normally and keep their record numbers. It must not read records into
the warehouse; the engine does.
"""

from __future__ import annotations

import csv
import tempfile
from collections import Counter, deque
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from centric.errors import InvalidInputError

BANNER_SAMPLE_LINES = 200
MAX_BANNER_LINES = 20
CANDIDATE_DELIMITERS = (",", ";", "\t", "|")
# Shown in the reason of a broken record: enough to recognise it.
RAW_PREVIEW_CHARS = 2_000


@dataclass(frozen=True)
class BrokenRecord:
    """A record whose quoted field never closes properly, by physical line (1-based)."""

    first_line: int  # where the record starts
    quote_line: int  # where the quote that never closes was opened
    end: str  # "the end of the file", or "line N" where the quoted field ended badly
    raw: str  # the record's own lines, up to and including quote_line


def detect_banner_lines(path: Path, encoding: str, delimiter: str | None) -> int:
    """How many note lines stand above the header, judged from the first lines of the file.

    A line counts as a note when it is blank or has fewer than half as many fields as the
    records below it, and the line after the notes has exactly as many fields as those records.
    Files with a single column cannot be judged and get 0.

    Args:
        path: The file.
        encoding: Its encoding.
        delimiter: The declared delimiter, or ``None`` to try the usual ones.

    Returns:
        The number of lines to skip (0 when no banner is found).
    """
    lines = _head_lines(path, encoding)
    if len(lines) < 3:
        return 0
    candidates = (delimiter,) if delimiter else CANDIDATE_DELIMITERS
    table = {
        candidate: [_field_count(line, candidate) for line in lines] for candidate in candidates
    }
    if any(len(set(counts) - {0}) == 1 and max(counts) > 1 for counts in table.values()):
        return 0  # every line splits alike with some delimiter: there is no banner
    for counts in table.values():
        body = Counter(counts[len(counts) // 2 :]).most_common(1)[0][0]
        if body < 2:
            continue
        for header in range(min(MAX_BANNER_LINES, len(counts) - 2) + 1):
            if counts[header] == body:
                notes = counts[:header]
                if all(count * 2 <= body for count in notes):
                    return header
                break
    return 0


def _head_lines(path: Path, encoding: str) -> list[str]:
    with path.open("r", encoding=_reading_codec(encoding), errors="replace", newline="") as handle:
        return [line.rstrip("\r\n") for line in islice(handle, BANNER_SAMPLE_LINES)]


def _field_count(line: str, delimiter: str) -> int:
    if not line.strip():
        return 0
    try:
        return len(next(csv.reader([line], delimiter=delimiter)))
    except (csv.Error, StopIteration):
        return line.count(delimiter) + 1


def find_broken_quotes(
    path: Path, encoding: str, *, delimiter: str, quote: str, escape: str, skip_lines: int
) -> list[BrokenRecord]:
    """Records whose quoted field is never closed, or closed by a quote not ending the field.

    A quoted field that runs to the end of the file, or whose closing quote is followed by
    something other than a delimiter or the end of the line, was opened by mistake: the record
    it starts in is broken, and the lines after the one where the quote opened are records of
    their own. Quoted fields that close properly, on the same line or several lines later, are
    left alone.

    Args:
        path: The file.
        encoding: Its encoding.
        delimiter: Field delimiter.
        quote: Quote character.
        escape: Escape character inside quotes (often the quote itself, doubled).
        skip_lines: Lines above the header that are not records.

    Returns:
        The broken records, in file order.
    """
    broken: list[BrokenRecord] = []
    with path.open("r", encoding=_reading_codec(encoding), errors="replace", newline="") as handle:
        lines = enumerate(handle, start=1)
        for _ in range(skip_lines):
            next(lines, None)
        pending: deque[tuple[int, str]] = deque()
        record: list[tuple[int, str]] = []
        opened = 0  # line where the quoted field that is still open began
        while True:
            if pending:
                number, line = pending.popleft()
            elif (item := next(lines, None)) is not None:
                number, line = item
            else:
                break
            if not record and quote not in line:
                continue  # the common case: a whole record on one line without quotes
            record.append((number, line))
            state, opened = _scan(line, number, opened, delimiter, quote, escape)
            if state == "bad":
                broken.append(_broken(record, opened, f"line {number}"))
                # The lines after the one where the quote opened are read again as records.
                pending.extendleft(reversed([entry for entry in record if entry[0] > opened]))
            if state != "open":
                record, opened = [], 0
        if record and record[-1][0] > opened > 0:
            broken.append(_broken(record, opened, "the end of the file"))
    return broken


def _scan(
    line: str, number: int, opened: int, delimiter: str, quote: str, escape: str
) -> tuple[str, int]:
    # Returns ("closed" | "open" | "bad", line where the open quoted field began).
    in_quote = opened > 0
    at_field_start = not in_quote
    index = 0
    length = len(line.rstrip("\r\n"))
    while index < length:
        char = line[index]
        if in_quote:
            if escape != quote and char == escape:
                index += 2
                continue
            if char == quote:
                if index + 1 < length and line[index + 1] == quote:
                    index += 2
                    continue
                following = line[index + 1] if index + 1 < length else ""
                if following not in ("", delimiter):
                    # On its own line the engine rejects just this record; only a quoted
                    # field that swallowed following lines needs taking apart.
                    return ("bad", opened) if opened < number else ("closed", 0)
                in_quote, opened = False, 0
        elif char == quote and at_field_start:
            in_quote, opened = True, number
        at_field_start = char == delimiter and not in_quote
        index += 1
    return ("open", opened) if in_quote else ("closed", 0)


def _broken(record: Sequence[tuple[int, str]], opened: int, end: str) -> BrokenRecord:
    own = [text for number, text in record if number <= opened]
    return BrokenRecord(record[0][0], opened, end, "".join(own)[:RAW_PREVIEW_CHARS])


def broken_quote_reason(record: BrokenRecord) -> str:
    """The quarantine reason of a broken record."""
    return (
        f"a quoted field opened at line {record.quote_line} is never closed (it runs to "
        f"{record.end}); only this record was set aside and the lines after it were read as "
        "records. Fix or remove the stray quote character in the source"
    )


@contextmanager
def prepared_copy(
    path: Path,
    encoding: str,
    *,
    skip_lines: int,
    broken: Sequence[BrokenRecord] = (),
    marker: str = "",
) -> Iterator[Path]:
    """Yield a UTF-8 copy of the file without its first lines and with broken records replaced.

    Each broken record's lines (up to the line where its quote opened) become one ``marker``
    line, which the engine rejects as a record of its own.

    Raises:
        InvalidInputError: The file cannot be decoded with the encoding.
    """
    replaced = {r.first_line: r.quote_line for r in broken}
    with tempfile.TemporaryDirectory(prefix="centric-") as folder:
        target = Path(folder) / (path.stem + ".prepared" + path.suffix)
        try:
            with (
                path.open(
                    "r", encoding=_reading_codec(encoding), errors="surrogateescape", newline=""
                ) as source,
                target.open("w", encoding="utf-8", errors="surrogateescape", newline="") as sink,
            ):
                until = 0
                for number, line in enumerate(source, start=1):
                    if number <= skip_lines or number <= until:
                        continue
                    if number in replaced:
                        until = replaced[number]
                        sink.write(marker + "\n")
                        continue
                    sink.write(line)
        except UnicodeDecodeError as exc:  # pragma: no cover - surrogateescape decodes any byte
            raise InvalidInputError(
                f"'{path}' is not valid {encoding} text: {exc}.",
                hint="Declare the file's real encoding in the source's options.",
            ) from exc
        yield target


def _reading_codec(encoding: str) -> str:
    # A byte-order mark is not part of the first field's name.
    return "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding

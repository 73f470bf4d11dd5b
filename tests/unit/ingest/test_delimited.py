"""Finding banner lines and broken quotes in delimited text, line by line."""

from __future__ import annotations

from pathlib import Path

import pytest

from centric.ingest.readers.delimited import (
    broken_quote_reason,
    detect_banner_lines,
    find_broken_quotes,
    prepared_copy,
)


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "f.csv"
    path.write_text(text, encoding="utf-8", newline="")
    return path


def _broken(path: Path, delimiter: str = ",", escape: str = '"', skip: int = 0):
    return find_broken_quotes(
        path, "utf-8", delimiter=delimiter, quote='"', escape=escape, skip_lines=skip
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Export\nby ops\n\na,b,c\n1,2,3\n4,5,6\n", 3),
        ("Report: customers, May\na,b,c,d,e\n1,2,3,4,5\n6,7,8,9,0\n", 1),
        ("a,b,c\n1,2,3\n4,5,6\n", 0),
        ("a;b;c\n1;Smith, Ann;3\n4;Lee, Bo;6\n", 0),
        ("a,b,c\n1,2,3,\n4,5,6,\n", 0),
        ("only\none\ncolumn\n", 0),
        ("a,b\n", 0),
    ],
)
def test_banner_lines_are_counted_only_when_plainly_different(tmp_path, text, expected):
    assert detect_banner_lines(_file(tmp_path, text), "utf-8", None) == expected


def test_quote_running_to_the_end_of_the_file_is_broken(tmp_path):
    path = _file(tmp_path, 'id,name\n1,Ann\n2,"Bo\n3,Cy\n4,Di\n')
    [record] = _broken(path)
    assert (record.first_line, record.quote_line, record.end) == (3, 3, "the end of the file")
    assert record.raw == '2,"Bo\n'
    assert "opened at line 3" in broken_quote_reason(record)


def test_quote_closed_badly_lines_later_is_broken_and_the_lines_between_are_records(tmp_path):
    # Line 2 opens a quote that line 4 "closes" with a quote followed by x: line 2 is the broken
    # record; lines 3 and 4 are read again as records (line 4 alone is the engine's to reject).
    path = _file(tmp_path, 'id,name\n1,"Bo\n2,Cy\n3,"Di"x\n4,Ed\n')
    records = _broken(path)
    assert [(r.first_line, r.quote_line, r.end) for r in records] == [(2, 2, "line 4")]
    assert "it runs to line 4" in broken_quote_reason(records[0])


@pytest.mark.parametrize(
    "text",
    [
        'id,note\n1,"two\nlines"\n2,plain\n',
        'id,note\n1,"say ""hi"""\n2,"a,b"\n',
        'id,note\n1,"a"x\n2,b\n',  # a bad quote on one line is the engine's to reject
        'id,note\n1,"open at the last line\n',
    ],
)
def test_quotes_that_close_or_break_only_their_own_line_are_left_alone(tmp_path, text):
    assert _broken(_file(tmp_path, text)) == []


def test_backslash_escape_inside_quotes_is_honoured(tmp_path):
    path = _file(tmp_path, 'id,note\n1,"a \\" quote"\n2,b\n')
    assert _broken(path, escape="\\") == []


def test_prepared_copy_skips_lines_and_replaces_broken_records(tmp_path):
    path = _file(tmp_path, 'note\nid,name\n1,Ann\n2,"Bo\n3,Cy\n')
    records = _broken(path, skip=1)
    with prepared_copy(path, "utf-8", skip_lines=1, broken=records, marker=",,,x") as copy:
        assert copy.read_text(encoding="utf-8") == "id,name\n1,Ann\n,,,x\n3,Cy\n"

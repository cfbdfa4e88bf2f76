"""The tracing matcher on small hand-made texts, and the archive header rules."""

from __future__ import annotations

import hashlib

import pytest

from analysis.archive import ArchiveError, copies_by_source, read_copy
from analysis.tracing import TraceItem, normalise, occurs_in, trace_item, unexplained


@pytest.mark.parametrize("printed, text", [
    ("nearly 24,000", "INTERPOL said Nearly 24,000 flights were checked."),  # case
    ("nearly 24,000", "checked nearly\n   24,000 flights"),  # line break and spaces
    ("4 414", "poner a salvo a 4\u202f414 posibles víctimas"),  # narrow no-break space
    ("4 414", "a 4\u00a0414 victims"),  # no-break space
    ("'other seven'", "the \u2018other seven\u2019 arrests"),  # curly quotes
    ("5-9 July", "from 5\u20139 July 2021"),  # en dash
    ("Côte d'Ivoire", "in C\u00f4te d\u2019Ivoire and Ghana"),  # apostrophe variant
    ("Turks & Caicos", "Bermuda, TURKS & CAICOS, Cayman"),
    ("116", "116 countries"),  # at the start of the text
    ("3,222", "rescued 3,222"),  # at the end
])
def test_found_despite_case_whitespace_and_typography(printed, text):
    assert occurs_in(printed, text)


@pytest.mark.parametrize("printed, text", [
    ("116", "1160 countries"),  # a longer number
    ("116", "2116 officers"),
    ("eight", "eighteen suspects"),  # inside a word
    ("2571", "2 571 arrests"),  # whitespace is not removed, only normalised
    ("1,194", "1.194 victims"),  # digit separators are not ignored
    ("Cote d'Ivoire", "Côte d'Ivoire"),  # accents are not ignored
    ("nearly 24,000", "nearly 23,000 flights and 24,000 passports"),
    ("Mali", "Somalia"),
])
def test_not_found_for_anything_else(printed, text):
    assert not occurs_in(printed, text)


def test_normalise_is_exactly_the_stated_rule():
    assert normalise("  A\u00a0\u2014 \u201cB\u201d\u2026\n") == 'a - "b"...'


def test_empty_printed_form_is_refused():
    with pytest.raises(ValueError):
        occurs_in("  ", "text")


def write_copy(folder, name, partial="yes (cut)", text="Some text 12 arrests.\n", url="https://x.example/a"):
    path = folder / name
    path.write_bytes((f"url: {url}\nmatches_source_url: {url}\ntitle: T\nretrieved_from: stored copy\n"
                      f"partial: {partial}\n\n").encode() + text.encode())
    return path


def test_fingerprint_is_sha256_of_the_bytes_below_the_header(tmp_path):
    text = "Line one\u00a0\n\nLine two\n"
    copy = read_copy(write_copy(tmp_path, "a__b.txt", text=text))
    assert copy.text_bytes == text.encode("utf-8")
    assert copy.sha256 == hashlib.sha256(text.encode("utf-8")).hexdigest()


@pytest.mark.parametrize("partial, extent", [
    ("no", "complete"), ("yes (the excerpt ends mid-word)", "opening-excerpt"),
    ("probably yes (close to the limit)", "opening-excerpt"),
    ("probably no (shorter than the limit, cannot be confirmed)", "opening-excerpt"),
])
def test_copy_extent_rule(tmp_path, partial, extent):
    assert read_copy(write_copy(tmp_path, "a__b.txt", partial=partial)).copy_extent == extent


def test_unknown_partial_value_is_an_error_naming_the_file(tmp_path):
    with pytest.raises(ArchiveError, match="a__b.txt"):
        read_copy(write_copy(tmp_path, "a__b.txt", partial="maybe"))


def test_trace_statuses_and_explanations(tmp_path):
    url = "https://x.example/a"
    excerpt = read_copy(write_copy(tmp_path, "op__excerpt.txt", text="It made 12 arrests.\n"))
    complete = read_copy(write_copy(tmp_path, "op__whole.txt", partial="no", text="It made 12 arrests.\n"))
    found = TraceItem("figure", "op / arrests", "12", url)
    missing = TraceItem("figure", "op / victims", "30", url)
    explained = TraceItem("figure", "op / migrants", "40", url, "Not in the archived copy: printed further down.")
    assert trace_item(found, [excerpt]).status == "found"
    assert trace_item(missing, [excerpt]).status == "not-in-excerpt"
    assert trace_item(missing, [complete]).status == "not-found"
    assert trace_item(missing, []).status == "no-copy"
    results = [trace_item(i, [excerpt]) for i in (found, missing, explained)]
    assert [r.item.key for r in unexplained(results)] == ["op / victims"]


def test_second_version_sorts_after_the_main_copy(tmp_path):
    write_copy(tmp_path, "op__site-version-b.txt")
    write_copy(tmp_path, "op__site.txt")
    copies = [read_copy(p) for p in sorted(tmp_path.glob("*.txt"))]
    assert [c.path.name for c in copies_by_source(copies)["https://x.example/a"]] == \
        ["op__site.txt", "op__site-version-b.txt"]

"""The cross-table rules of :mod:`analysis.package_rules` (issue 18, class 5): each bad input,
accepted before (or failing later on a page with a bare KeyError), is now one line naming the
file, line, column and rule, with exit status 1, from ``python -m analysis.validate`` and from
the report builder's check alike."""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

from analysis.checks import package_rules, validate
from analysis.package import paths
from analysis.report import datacheck
from tests.unit.test_bad_inputs import find_line, read_rows, set_cell, write_rows

OP = "liberterra-ii-2024"
FIRST_SOURCE = "https://publicnow.com/view/F74E5ECF70F7E61D8C54D833445A19F2B2EFF5F6"


@dataclass
class Rule:
    id: str
    mutate: Callable[[Path], int]  # returns the line expected in the message
    file: str
    column: str
    rule: str
    message: str


def set_where(file: str, column: str, value: str, **where: str) -> Callable[[Path], int]:
    return lambda data: set_cell(data / file, column, value, **where)


def participant_gap(data: Path) -> int:
    path = data / "participants.csv"
    header, rows = read_rows(path)
    p, o = header.index("position"), header.index("operation_id")
    target = next(n for n, row in enumerate(rows) if row[o] == OP and row[p] == "5")
    for row in rows:
        if row[o] == OP and int(row[p]) >= 5:
            row[p] = str(int(row[p]) + 1)
    write_rows(path, header, rows)
    return target + 2


def case_same_position(data: Path) -> int:
    path = data / "cases.csv"
    header, rows = read_rows(path)
    p, o = header.index("position"), header.index("operation_id")
    mine = [n for n, row in enumerate(rows) if row[o] == OP]
    rows[mine[1]][p] = rows[mine[0]][p]
    write_rows(path, header, rows)
    return mine[1] + 2


def case_id_of_other_operation(data: Path) -> int:
    path = data / "cases.csv"
    header, rows = read_rows(path)
    c, o = header.index("case_id"), header.index("operation_id")
    n = next(n for n, row in enumerate(rows) if row[o] == "liberterra-iii-2025")
    old = rows[n][c]
    rows[n][c] = old.replace("liberterra-iii-2025", "liberterra-ii-2024", 1)
    write_rows(path, header, rows)
    for name in ("case_figures.csv", "case_crime_types.csv", "case_places.csv", "case_seizures.csv",
                 "case_figure_alternatives.csv"):
        child = data / name
        child.write_text(child.read_text(encoding="utf-8").replace(old + ",", rows[n][c] + ","), encoding="utf-8")
    return n + 2


def region_renamed(data: Path, new: str, only_first: bool) -> int:
    path = data / "reference" / "region_membership.csv"
    header, rows = read_rows(path)
    s, name = header.index("scheme_id"), header.index("region_name")
    hits = [n for n, row in enumerate(rows) if row[s] == "m49-region" and row[name] == "Oceania"]
    for n in hits[:1] if only_first else hits:
        rows[n][name] = new
    write_rows(path, header, rows)
    return hits[1 if only_first else 0] + 2


def region_slug_collision(data: Path) -> int:
    path = data / "reference" / "region_membership.csv"
    header, rows = read_rows(path)
    s, name = header.index("scheme_id"), header.index("region_name")
    hits = [n for n, row in enumerate(rows) if row[s] == "m49-region" and row[name] == "Oceania"]
    for n in hits:
        rows[n][name] = "ASIA"
    write_rows(path, header, rows)
    first_asia = next(n for n, row in enumerate(rows) if row[s] == "m49-region" and row[name] == "Asia")
    return max(first_asia, hits[0]) + 2


def member_removed(data: Path) -> int:
    path = data / "reference" / "region_membership.csv"
    header, rows = read_rows(path)
    s, i = header.index("scheme_id"), header.index("iso3")
    rows = [row for row in rows if not (row[s] == "m49-sub-region" and row[i] == "ALB")]
    write_rows(path, header, rows)
    return find_line(data / "reference" / "region_schemes.csv", scheme_id="m49-sub-region")


def usd_times_ten(data: Path) -> int:
    return set_cell(data / "case_seizures.csv", "amount_usd", "24000", currency="DZD")


RULES = [
    Rule("start in year 204", set_where("operations.csv", "start_date", "0204-09-29", operation_id=OP),
         "operations.csv", "start_date", "date window", r"start_date 0204-09-29 is outside 2000 to \d{4}"),
    Rule("start in year 2041", set_where("operations.csv", "end_date", "2041-10-04", operation_id=OP),
         "operations.csv", "end_date", "date window", r"end_date 2041-10-04 is outside 2000 to"),
    Rule("announced before the start", set_where("operations.csv", "announced_date", "2024-09-01", operation_id=OP),
         "operations.csv", "announced_date", "announced after start",
         r"announced on 2024-09-01, before the start 2024-09-29"),
    Rule("source read before published", set_where("sources.csv", "date_accessed", "2024-01-01",
                                                   source_url=FIRST_SOURCE),
         "sources.csv", "date_accessed", "read after published", r"read on 2024-01-01, before it was published"),
    Rule("gap in a participant list", participant_gap, "participants.csv", "position", "positions without gaps",
         r"position 6 of 'liberterra-ii-2024' follows position 4: position\(s\) 5 to 5 are missing"),
    Rule("two cases at one position", case_same_position, "cases.csv", "position", "one case per position",
         r"is also the position of the case on line"),
    Rule("case id of another operation", case_id_of_other_operation, "cases.csv", "case_id",
         "case id names its operation", r"begins with the id of operation 'liberterra-ii-2024'"),
    Rule("focus area not M49", set_where("operations.csv", "focus_area_m49", "999", operation_id="nawa-2014"),
         "operations.csv", "focus_area_m49", "focus area is an M49 area", r"'999' is not an M49 area"),
    Rule("scheme of no operation", set_where("reference/region_schemes.csv", "operation_id", "liberterra-ix-2099",
                                             scheme_id="liberterra-ii-2024-coordination-hub"),
         "reference/region_schemes.csv", "operation_id", "scheme of an operation",
         r"'liberterra-ix-2099' is not an operation"),
    Rule("sovereign not a country", set_where("reference/countries.csv", "sovereign_iso3", "XXX", iso3="ABW"),
         "reference/countries.csv", "sovereign_iso3", "sovereign is a country", r"'XXX' is not a country"),
    Rule("lead country without iso3", lambda d: set_cell(d / "partners.csv", "iso3", "", role="lead-country"),
         "partners.csv", "iso3", "lead country has a code", r"is a lead-country without an iso3"),
    Rule("region code with two names", lambda d: region_renamed(d, "Oceania and Pacific", True),
         "reference/region_membership.csv", "region_name", "one name per region code",
         r"region '009' of 'm49-region' is named 'Oceania' here but 'Oceania and Pacific' on line"),
    Rule("names colliding on one page", region_slug_collision, "reference/region_membership.csv", "region_name",
         "region page address", r"give the same page address 'asia'"),
    Rule("empty page address", lambda d: region_renamed(d, "أوقيانوسيا", False), "reference/region_membership.csv",
         "region_name", "region page address", r"gives an empty page address"),
    Rule("member missing from a scheme", member_removed, "reference/region_schemes.csv", "scheme_id",
         "scheme covers its countries", r"scheme 'm49-sub-region' has no region for ALB"),
    Rule("USD equivalent ten times the printed one", usd_times_ten, "case_seizures.csv", "amount_usd",
         "USD amount as printed", r"amount_usd 24,000 is not the US dollar amount printed \(2,400\)"),
    Rule("signed formula", set_where("figures.csv", "notes", "-1+1+cmd|' /C calc'!A0", operation_id=OP,
                                     metric_id="arrests"),
         "figures.csv", "notes", "spreadsheet formula", r"starts with a sign and a number and goes on like a formula"),
]


@pytest.fixture
def verdict_cache(monkeypatch, tmp_path):
    monkeypatch.setattr(datacheck, "VERDICT_CACHE", tmp_path / "verdict.json")


@pytest.mark.parametrize("case", RULES, ids=lambda c: c.id)
def test_each_rule_is_one_line_from_validate_and_from_the_builder(case, data_copy, verdict_cache):
    line = case.mutate(data_copy)
    where = re.escape(f"{case.file}, line {line}, column '{case.column}': ")
    pattern = where + r".*" + case.message + r".*" + re.escape(f"[rule: {case.rule}] Hint: ") + r"\S"
    err = io.StringIO()
    with redirect_stdout(io.StringIO()), redirect_stderr(err):
        assert validate.main([str(data_copy)]) == 1
    assert re.search(pattern, err.getvalue()), err.getvalue()
    assert "Traceback" not in err.getvalue()
    from_builder = datacheck.report_problem(data_copy, "code")
    assert from_builder is not None and re.search(pattern, from_builder), from_builder


def test_the_project_data_breaks_no_rule():
    assert package_rules.problems(paths.DATA_DIR) == []


def test_the_date_window_follows_today():
    assert package_rules.last_year(datetime.date(2026, 12, 1)) == 2027
    problems = package_rules.date_problems(paths.DATA_DIR, today=datetime.date(2020, 1, 1))
    assert problems and all("is outside 2000 to 2021" in p for p in problems)


@pytest.mark.parametrize("text", ["-5 arrests were later released", "+ 3 others", "-3 %", "+30 compared to 2023",
                                  "-0.5 tonnes"])
def test_text_with_a_leading_sign_that_is_no_formula_is_accepted(text):
    assert not package_rules._SIGNED_FORMULA.match(text)


@pytest.mark.parametrize("text", ["-1+1+cmd|' /C calc'!A0", "+1-1", "-2*3", "+5|x", "-1 = 1", "+3(x)"])
def test_signed_formulas_are_caught(text):
    assert package_rules._SIGNED_FORMULA.match(text)


def test_printed_usd_amounts_are_read():
    assert package_rules._printed_usd("320,000 dinars (USD 2,400)") == [2400.0]
    assert package_rules._printed_usd("USD 1.1 million") == [1_100_000.0]
    assert package_rules._printed_usd("US$ 5 billion and $7") == [5e9, 7.0]
    assert package_rules._printed_usd("169 forged passports") == []

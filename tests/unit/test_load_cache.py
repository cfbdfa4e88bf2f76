"""The validated-table cache is keyed on file content: an edited file is re-read in a
running session, an unchanged one is never re-validated, and a table is re-checked when a
table it looks up (foreign keys, rules) changes."""

from __future__ import annotations

import csv

import pytest

from analysis import load
from analysis.schema import DataValidationError

OP = "liberterra-ii-2024"


@pytest.fixture
def reads(monkeypatch):
    """Names of the tables read and checked from CSV, in order (cache misses)."""
    seen: list[str] = []
    from analysis.package import load as package_load

    real = package_load.read_resource

    def counting(resource, data_dir, data=None):
        seen.append(resource.name)
        return real(resource, data_dir, data=data)

    monkeypatch.setattr(package_load, "read_resource", counting)
    return seen


def set_cell(path, column, value, **where):
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    row = next(r for r in rows[1:] if all(r[header.index(c)] == v for c, v in where.items()))
    row[header.index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def test_an_unchanged_table_is_not_validated_again(data_copy, reads):
    load.clear_cache()
    load.load_figures(data_dir=data_copy)
    assert "figures" in reads and "operations" in reads and "qualifiers" in reads
    reads.clear()
    load.load_figures(data_dir=data_copy)
    load.validate_package(data_copy)
    assert "figures" not in reads and "operations" not in reads


def test_a_file_edited_in_a_running_session_is_read_again(data_copy, reads):
    before = load.load_figures(OP, data_dir=data_copy).set_index("metric_id")
    reads.clear()
    set_cell(data_copy / "figures.csv", "notes", "Edited while the session ran.", operation_id=OP, metric_id="arrests")
    after = load.load_figures(OP, data_dir=data_copy).set_index("metric_id")
    assert after.loc["arrests", "notes"] == "Edited while the session ran."
    assert before.loc["arrests", "notes"] != after.loc["arrests", "notes"]
    assert reads == ["figures"]  # only the edited file; its foreign-key targets come from the cache


def test_a_table_is_checked_again_when_a_table_it_looks_up_changes(data_copy):
    load.load_participants(data_dir=data_copy)
    set_cell(data_copy / "reference" / "countries.csv", "iso3", "ALX", iso3="ALB")
    with pytest.raises(DataValidationError, match=r"participants.csv, line \d+, column 'iso3': 'ALB' not found in "
                                                  r"countries.iso3"):
        load.load_participants(data_dir=data_copy)


def test_a_table_is_checked_again_when_a_table_its_rules_read_changes(data_copy):
    load.load_case_figures(data_dir=data_copy)
    set_cell(data_copy / "reference" / "qualifiers.csv", "lower_factor", "0.8", qualifier="around")
    with pytest.raises(DataValidationError, match=r"column 'lower_bound': expected \d+ for qualifier 'around'"):
        load.load_case_figures(data_dir=data_copy)


def test_a_descriptor_edit_is_seen(data_copy):
    load.load_operations(data_dir=data_copy)
    path = data_copy / "datapackage.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"not-published"', '"unpublished"'), encoding="utf-8")
    with pytest.raises(DataValidationError, match=r"column 'participant_list': 'not-published' is not one of"):
        load.load_operations(data_dir=data_copy)


def test_a_broken_file_that_is_fixed_loads_again(data_copy, reads):
    path = data_copy / "figures.csv"
    original = path.read_bytes()
    set_cell(path, "value", "lots", operation_id=OP, metric_id="arrests")
    for _ in range(2):  # the error is cached too, and raised again while the file is broken
        with pytest.raises(DataValidationError, match="expected a number, got 'lots'"):
            load.load_figures(data_dir=data_copy)
    assert reads.count("figures") == 1
    path.write_bytes(original)
    assert len(load.load_figures(data_dir=data_copy)) == len(load.load_figures())


def test_a_copy_of_the_data_shares_the_cache_of_the_original(data_copy, reads):
    load.validate_package()
    reads.clear()
    load.validate_package(data_copy)
    assert reads == []


def test_clear_cache_forces_a_new_check(data_copy, reads):
    load.load_operations(data_dir=data_copy)
    load.clear_cache()
    reads.clear()
    load.load_operations(data_dir=data_copy)
    assert "operations" in reads


def test_callers_cannot_change_the_cached_table(data_copy):
    frame = load.load_operations(data_dir=data_copy)
    frame.loc[0, "operation_name"] = "changed"
    assert load.load_operations(data_dir=data_copy).loc[0, "operation_name"] != "changed"


def test_an_unchanged_file_is_not_read_again_but_an_edit_of_the_same_size_is_seen(data_copy, monkeypatch):
    """Files whose identity (inode, size, modification and change times) is unchanged are not
    re-read to compute their digest; an edit that keeps the size still changes the identity."""
    load.load_table("qualifiers", data_dir=data_copy)
    opened: list[str] = []
    real_read_bytes = type(data_copy).read_bytes

    def read_bytes(path):
        opened.append(path.name)
        return real_read_bytes(path)

    monkeypatch.setattr(type(data_copy), "read_bytes", read_bytes)
    load.load_table("qualifiers", data_dir=data_copy)
    assert "qualifiers.csv" not in opened  # the descriptor is read (it is parsed), the table is not
    path = data_copy / "reference" / "qualifiers.csv"
    text = path.read_text(encoding="utf-8")
    assert "taken at face value" in text
    path.write_text(text.replace("taken at face value", "taken at face VALUE"), encoding="utf-8")  # same size
    table = load.load_table("qualifiers", data_dir=data_copy).set_index("qualifier")
    assert "taken at face VALUE" in table.loc["exact", "meaning"]


def test_a_table_checked_by_every_rule_is_not_read_again_for_the_schema_alone(data_copy, reads):
    from analysis.package.load import Package

    load.clear_cache()
    checked = load.open_package(data_copy).frame("region_schemes")
    reads.clear()
    schema_only = Package.open(data_copy).frame("region_schemes")
    assert reads == []
    assert schema_only is checked


def test_a_table_that_breaks_a_rule_is_still_read_for_the_schema_alone(data_copy, reads):
    from analysis.package.load import Package

    # Bounds that the qualifier rule rejects, but that the Table Schema allows.
    set_cell(data_copy / "figures.csv", "lower_bound", "1", operation_id=OP, metric_id="arrests")
    load.clear_cache()
    with pytest.raises(DataValidationError, match="lower_bound"):
        load.load_figures(data_dir=data_copy)
    reads.clear()
    figures = Package.open(data_copy).frame("figures")
    assert reads == ["figures"]
    assert figures.loc[(figures["operation_id"] == OP) & (figures["metric_id"] == "arrests"), "lower_bound"].item() == 1


def test_a_descriptor_read_many_times_is_parsed_once_until_it_changes(data_copy, monkeypatch):
    from analysis.package import load as package_load

    load.clear_cache()
    load.load_operations(data_dir=data_copy)
    parsed = []
    real = package_load.parse_package
    monkeypatch.setattr(package_load, "parse_package", lambda data: parsed.append(1) or real(data))
    for _ in range(3):
        load.load_operations(data_dir=data_copy)
    assert parsed == []
    path = data_copy / "datapackage.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"title"', '"title" ', 1), encoding="utf-8")
    load.load_operations(data_dir=data_copy)
    assert parsed == [1]


def test_a_restored_snapshot_serves_unchanged_tables_and_rereads_edited_ones(data_copy, reads):
    import pickle

    from analysis.package import load as package_load

    load.validate_package(data_copy)
    snapshot = pickle.loads(pickle.dumps(package_load.cache_snapshot(data_copy)))  # as another process would
    load.clear_cache()
    package_load.restore_cache(snapshot)
    reads.clear()
    load.load_operations(data_dir=data_copy)
    assert reads == []
    set_cell(data_copy / "figures.csv", "notes", "Edited after the snapshot.", operation_id=OP, metric_id="arrests")
    figures = load.load_figures(OP, data_dir=data_copy).set_index("metric_id")
    assert figures.loc["arrests", "notes"] == "Edited after the snapshot."
    assert reads == ["figures"]


def test_the_warm_state_of_other_code_is_ignored(tmp_path, monkeypatch):
    import pickle

    from analysis.report import warm_state

    state_file = tmp_path / "state.pickle"
    monkeypatch.setattr(warm_state, "STATE_FILE", state_file)
    assert not warm_state.restore()  # no file
    state_file.write_bytes(b"not a pickle")
    assert not warm_state.restore()
    state_file.write_bytes(pickle.dumps({"version": {"code": "other", "python": "other"}, "tables": {}, "geometry": {}}))
    assert not warm_state.restore()
    warm_state.save()
    assert warm_state.restore()

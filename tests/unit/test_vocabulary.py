"""Words and orders the data decides live once, in the data package: the display words of the
list and results statuses in ``labels`` of their fields in datapackage.json, the order of the
region schemes in the ``order`` column of region_schemes.csv. A fifth list status is a data
change; a new scheme order is a data change."""

from __future__ import annotations

import json

import pytest

from analysis.checks import loaders as load
from analysis.package import schema, vocabulary
from analysis.package.schema import DataValidationError
from analysis.pages import present, regional_page
from analysis.places import regions
from analysis.views import country, overview

WITHHELD = {"label": "withheld by the coordinator", "summary": "list withheld", "has_list": False,
            "no_list": "the coordinator withheld the participant list", "status_line": "participant list withheld",
            "absent_listing": "list-withheld", "absent_listing_label": "list withheld"}


def edit_descriptor(data_dir, change):
    path = data_dir / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    change({(r["name"], f["name"]): f for r in descriptor["resources"] for f in r["schema"]["fields"]})
    path.write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")


def replace_in(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def fifth_status(data_copy, monkeypatch):
    """A copy of the data with a made-up fifth list status, 'withheld' (no list), given to
    Operation Liberterra (2021), whose list was not published; the copy is the default data."""
    def add(fields):
        field = fields[vocabulary.LIST_STATUS]
        field["constraints"]["enum"].append("withheld")
        field["labels"]["withheld"] = WITHHELD
    edit_descriptor(data_copy, add)
    replace_in(data_copy / "operations.csv", "INTERPOL,,,not-stated,not-published,http://dmoanon.com",
               "INTERPOL,,,not-stated,withheld,http://dmoanon.com")
    monkeypatch.setenv("TRAFFICKING_DATA_DIR", str(data_copy))
    return data_copy


def test_a_fifth_list_status_is_a_data_change(fifth_status):
    load.validate_package(fifth_status)  # the cross-table rule knows it has no participant rows
    assert "withheld" in vocabulary.list_statuses(False) and "withheld" not in vocabulary.list_statuses(True)
    assert present.value_label("participant_list", "withheld") == "withheld by the coordinator"
    assert regional_page.list_status_sentence("withheld") == "the coordinator withheld the participant list"
    tables = overview.overview_tables("liberterra-i-2021")
    assert "; participant list withheld; " in overview.one_line_summary("liberterra-i-2021", tables)
    ops = country.operations_table("NGA").set_index("operation_id")
    assert ops.at["liberterra-i-2021", "listing"] == "list-withheld"
    assert present.value_label("listing", "list-withheld") == "list withheld"
    assert "list-withheld" in country.no_list_listings()


def test_the_words_of_the_real_statuses():
    assert present.value_label("participant_list", "printed-not-transcribed") == "list printed, not transcribed"
    assert present.value_label("results_status", "initial-reporting") == "initial reporting"
    assert vocabulary.list_status_words("partial", "summary") == "partial list (counts are lower bounds)"
    assert vocabulary.list_statuses(True) == ("complete", "partial")
    assert present.value_label("listing", "partial-list-not-among-names") == "partial list, not among the names"


def test_the_reader_passes_the_labels_through():
    operations = schema.read_package(vocabulary.paths.DATAPACKAGE_PATH)["operations"]
    field = next(f for f in operations.fields if f.name == "participant_list")
    assert field.labels == vocabulary.labels(*vocabulary.LIST_STATUS)
    assert list(field.labels) == list(field.enum)


@pytest.mark.parametrize(("change", "message"), [
    (lambda f: f["constraints"]["enum"].append("withheld"), r"no words for \['withheld'\]"),
    (lambda f: f["labels"].update(withheld={"label": "withheld"}), r"words for values not in 'enum': \['withheld'\]"),
    (lambda f: f["labels"].update(partial="partial"), r"labels\['partial'\] is not an object of words"),
    (lambda f: f["labels"].update(partial={"summary": "partial list"}), r"labels\['partial'\] .* at least a 'label'"),
])
def test_labels_that_do_not_match_the_enum_are_a_descriptor_problem(data_copy, change, message):
    edit_descriptor(data_copy, lambda fields: change(fields[vocabulary.LIST_STATUS]))
    with pytest.raises(DataValidationError, match=r"'participant_list'.*" + message):
        schema.read_package(data_copy / "datapackage.json")


def test_the_scheme_order_is_a_column_of_the_schemes_table(data_copy):
    assert regions.scheme_sort_key("m49-region") < regions.scheme_sort_key("m49-sub-region") \
        < regions.scheme_sort_key("m49-intermediate-region") < regions.scheme_sort_key("eu")
    assert country.regions_table("FRA")["scheme"].iloc[0] == "m49-region"
    # Put the World Bank regions first in a copy (1, the M49 regions 2): every list of schemes follows.
    schemes = data_copy / "reference" / "region_schemes.csv"
    replace_in(schemes, '(outside every region).",4', '(outside every region).",1')
    replace_in(schemes, '(ATA).",1\n', '(ATA).",2\n')
    assert regions.scheme_sort_key("wb-region", data_copy) < regions.scheme_sort_key("m49-region", data_copy)
    assert country.regions_table("FRA", data_dir=data_copy)["scheme"].iloc[0] == "wb-region"

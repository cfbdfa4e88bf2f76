"""Values agree with their printed text, and participant names resolve to their codes
(analysis/printed.py). Expected numbers are typed by hand."""

from decimal import Decimal

import pytest

from analysis import load
from analysis.printed import parse_printed_number, printed_numerals, read_printed
from analysis.schema import DataValidationError


def rewrite(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(("printed", "number"), [
    ("21,450", 21450), ("2 571", 2571), ("2\u202f571", 2571), ("2\u00a0571", 2571), ("nearly 1 200", 1200),
    ("1374", 1374), ("nearly 5,000", 5000), ("some 1.5 million", 1_500_000), ("1.6 million", 1_600_000),
    ("nearly 8 million", 8_000_000), ("over 276", 276), ("USD 750,000", 750_000), ("EUR 277,669", 277_669),
    ("eight", 8), ("Four", 4), ("twenty-four", 24), ("more than a hundred", 100), ("nearly one million", 1_000_000),
    ("other seven", 7), ("close to 100", 100), ("approximately 1,500", 1500), ("1 (boy aged 8)", 1),
    ("440 (190 women + 250 men)", 440), ("more than 100 young women (some aged 15)", 100),
])
def test_printed_numbers_are_read(printed, number):
    assert parse_printed_number(printed) == number


@pytest.mark.parametrize("printed", [
    "a 26-year-old man", "Mexico City", "the female leader of a sect", "several", "", "a dozen",
    "Argentina, Senegal, the Philippines and North Macedonia", "list of 24 names, without Brazil",
])
def test_text_without_a_leading_number_reads_as_none(printed):
    assert parse_printed_number(printed) is None


def test_reading_gives_kind_and_qualifier_wording():
    assert read_printed("nearly 24,000") == read_printed("Nearly 24,000")
    reading = read_printed("more than a hundred")
    assert (reading.value, reading.kind, reading.wording) == (Decimal(100), "words", "more than")
    reading = read_printed("2,517")
    assert (reading.value, reading.kind, reading.wording) == (Decimal(2517), "numeral", None)
    assert read_printed("some 17,793").wording == "some"


def test_every_numeral_of_a_sum_is_found():
    assert printed_numerals("18 Red, 367 Blue, 188 Yellow, 4 Purple") == [18, 367, 188, 4]
    assert printed_numerals("88 HT + 63 smuggling") == [88, 63]
    assert printed_numerals("no number") == []


# --- the rule, on the mini package (real schema and vocabularies) ---------------------------

def test_a_transposed_number_fails_naming_file_line_printed_text_and_both_values(mini_data):
    rewrite(mini_data / "figures.csv", '"2,517",2517,exact,2517,2517', '"2,517",2571,exact,2571,2571')
    with pytest.raises(DataValidationError) as info:
        load.load_figures(data_dir=mini_data)
    message = str(info.value)
    # The fixture's source is recorded as English, so the digits are read in English.
    assert ("figures.csv, line 3, column 'value': '2,517' reads as 2517 ('2,517': ',' between groups of three, read "
            "in English), but value is 2571") in message
    assert "hint: set value 2517, qualifier 'exact', lower_bound 2517, upper_bound 2517" in message
    assert "[rule: value agrees with value_as_printed]" in message


def test_an_unreadable_printed_value_needs_a_recorded_reason(mini_data):
    rewrite(mini_data / "case_figures.csv", "mini-c1,victims,10,10,exact,10,10,,numeral",
            "mini-c1,victims,the victims,10,exact,10,10,,numeral")
    with pytest.raises(DataValidationError, match=r"case_figures.csv, line 2, column 'value_as_printed': no number "
                                                  r"starts 'the victims'.*hint: if the source prints no number, set "
                                                  r"value_reading to counted-from-text"):
        load.load_case_figures(data_dir=mini_data)


def test_counted_from_text_without_notes_fails_and_with_notes_passes(mini_data):
    rewrite(mini_data / "case_figures.csv", "mini-c1,victims,10,10,exact,10,10,,numeral",
            "mini-c1,victims,the victims,10,exact,10,10,,counted-from-text")
    with pytest.raises(DataValidationError, match=r"case_figures.csv, line 2, column 'notes': value_reading "
                                                  r"counted-from-text needs the reason"):
        load.load_case_figures(data_dir=mini_data)
    load.clear_cache()
    rewrite(mini_data / "case_figures.csv", "10,10,,counted-from-text", "10,10,Ten victims named one by one.,counted-from-text")
    assert len(load.load_case_figures(data_dir=mini_data)) == 3


def test_counted_from_text_for_a_plain_number_fails(mini_data):
    rewrite(mini_data / "case_figures.csv", "mini-c1,victims,10,10,exact,10,10,,numeral",
            "mini-c1,victims,10,10,exact,10,10,Counted.,counted-from-text")
    with pytest.raises(DataValidationError, match=r"column 'value_reading': '10' reads as the number 10 itself"):
        load.load_case_figures(data_dir=mini_data)


def test_typo_read_needs_notes(mini_data):
    rewrite(mini_data / "figures.csv", '"2,517",2517,exact,2517,2517,,true,false,https://example.org/release,,numeral',
            '"25,17",2517,exact,2517,2517,,true,false,https://example.org/release,,typo-read')
    with pytest.raises(DataValidationError, match=r"figures.csv, line 3, column 'notes': value_reading typo-read"):
        load.load_figures(data_dir=mini_data)
    load.clear_cache()
    rewrite(mini_data / "figures.csv", "release,,typo-read",
            "release,\"Printed '25,17', a misplaced comma: read as 2,517, the body's figure.\",typo-read")
    assert load.load_figures(data_dir=mini_data).set_index("metric_id").loc["arrests", "value"] == 2517


def test_words_marked_numeral_fail(mini_data):
    rewrite(mini_data / "case_figures.csv", "mini-c1,victims,10,10", "mini-c1,victims,ten,10")
    with pytest.raises(DataValidationError, match=r"column 'value_reading': 'ten' is a number in words \('ten'\), not numeral"):
        load.load_case_figures(data_dir=mini_data)


def test_a_wrong_sum_fails(mini_data):
    rewrite(mini_data / "figures.csv", "mini-i-2024,arrests_ht_ms,850,850,exact,850,850,,true,false,"
            "https://example.org/release,,numeral", "mini-i-2024,arrests_ht_ms,800 HT + 40 MS,850,exact,850,850,,true,"
            "false,https://example.org/release,,sum-of-printed")
    with pytest.raises(DataValidationError, match=r"figures.csv, line 4, column 'value': '800 HT \+ 40 MS' has "
                                                  r"800 \+ 40 \(sum 840\), but value is 850"):
        load.load_figures(data_dir=mini_data)


def test_the_qualifier_word_must_match_the_qualifier(mini_data):
    rewrite(mini_data / "figures.csv", '"nearly 24,000",24000,nearly,21600,24000',
            '"nearly 24,000",24000,around,21600,26400')
    with pytest.raises(DataValidationError, match=r"figures.csv, line 5, column 'qualifier': 'nearly 24,000' has the "
                                                  r"wording 'nearly', which means 'nearly' in English .*hint: set value 24000, "
                                                  r"qualifier 'nearly', lower_bound 21600, upper_bound 24000"):
        load.load_figures(data_dir=mini_data)


def test_a_qualifier_without_its_word_fails(mini_data):
    rewrite(mini_data / "case_figures.csv", "mini-c1,arrests,more than 5,5,more-than,5,,",
            "mini-c1,arrests,5,5,more-than,5,,")
    with pytest.raises(DataValidationError, match=r"'5' has no qualifier wording, which means 'exact'.*hint: set value 5, qualifier 'exact', "
                             r"lower_bound 5, upper_bound 5"):
        load.load_case_figures(data_dir=mini_data)


def test_an_unknown_value_reading_is_a_schema_error(mini_data):
    rewrite(mini_data / "case_figures.csv", "mini-c1,victims,10,10,exact,10,10,,numeral",
            "mini-c1,victims,10,10,exact,10,10,,guessed")
    with pytest.raises(DataValidationError, match=r"column 'value_reading': 'guessed' is not one of"):
        load.load_case_figures(data_dir=mini_data)


# --- participant names ---------------------------------------------------------------------

def test_swe_for_eswatini_fails_with_name_resolution_and_stored_code(data_copy):
    rewrite(data_copy / "participants.csv", ",Eswatini,SWZ,", ",Eswatini,SWE,")
    with pytest.raises(DataValidationError) as info:
        load.load_participants(data_dir=data_copy)
    assert ("participants.csv, line 41, column 'iso3': 'Eswatini' resolves to 'SWZ', but iso3 is 'SWE' "
            "[rule: name_as_printed resolves to iso3]") in str(info.value)


def test_an_unknown_name_fails_with_the_resolver_error(data_copy):
    rewrite(data_copy / "participants.csv", ",Eswatini,SWZ,", ",Eswatinia,SWZ,")
    with pytest.raises(DataValidationError, match=r"'Eswatinia' does not resolve \(unknown country name 'Eswatinia'"):
        load.load_participants(data_dir=data_copy)


def test_an_exception_needs_notes(mini_data):
    rewrite(mini_data / "participants.csv", "BBB,https://example.org/release,false,false,Made-up country of the test "
            "package.", "BBB,https://example.org/release,true,false,")
    with pytest.raises(DataValidationError, match=r"participants.csv, line 3, column 'notes': is_resolver_exception "
                                                  r"is true for 'Bland'"):
        load.load_participants(data_dir=mini_data)


def test_an_exception_for_a_name_that_resolves_fails(data_copy):
    rewrite(data_copy / "participants.csv", ",Eswatini,SWZ,https://publicnow.com/view/F74E5ECF70F7E61D8C54D833445A19F2B2EFF5F6,false",
            ",Eswatini,SWZ,https://publicnow.com/view/F74E5ECF70F7E61D8C54D833445A19F2B2EFF5F6,true")
    with pytest.raises(DataValidationError, match=r"column 'is_resolver_exception': 'Eswatini' resolves to 'SWZ' "
                                                  r"itself, so it is no exception"):
        load.load_participants(data_dir=data_copy)


def test_a_project_reading_needs_notes(data_copy):
    path = data_copy / "participants.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    nawa = [i for i, line in enumerate(lines) if line.startswith("nawa-2014,")]
    assert len(nawa) == 1
    lines[nawa[0]] = lines[nawa[0]].split(",true,")[0] + ",true,\n"
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(DataValidationError, match=r"column 'notes': is_project_reading is true for \"Côte d'Ivoire\""):
        load.load_participants(data_dir=data_copy)


# --- location_as_printed ------------------------------------------------------------------

def test_a_printed_location_must_not_be_empty(mini_data):
    rewrite(mini_data / "cases.csv", "case,,AAA,,Aland,", "case,,AAA,,,")
    with pytest.raises(DataValidationError, match=r"cases.csv, line 2, column 'location_as_printed': empty, but "
                                                  r"location_basis is printed"):
        load.load_cases(data_dir=mini_data)


def test_not_stated_keeps_the_location_empty(mini_data):
    rewrite(mini_data / "cases.csv", "Case two.,https://example.org/release,printed",
            "Case two.,https://example.org/release,not-stated")
    with pytest.raises(DataValidationError, match=r"cases.csv, line 3, column 'location_as_printed': 'Bland', but "
                                                  r"location_basis is not-stated"):
        load.load_cases(data_dir=mini_data)

"""Printed values in French, Spanish and Portuguese (analysis/printed_numbers.py,
analysis/printed_values.py, analysis/qualifier_wordings.py). Every expected number, qualifier
and bound below is worked out by hand from the printed text and reference/qualifiers.csv."""

from decimal import Decimal

import pytest

from analysis import load
from analysis.checks.printed_numbers import read_number
from analysis.checks.qualifier_wordings import implied_bounds
from analysis.package.schema import DataValidationError

SOURCES = {lang: f"https://example.org/{lang}" for lang in ("fr", "es", "pt", "unknown")}
FIGURE_COLUMNS = ("operation_id,metric_id,value_as_printed,value,qualifier,lower_bound,upper_bound,counting_basis,"
                  "is_preliminary,is_single_source,source_url,notes,value_reading,currency")


def csv_cell(text) -> str:
    text = "" if text is None else str(text)
    return f'"{text}"' if ("," in text or '"' in text) else text


def with_figures(mini_data, *rows):
    """The mini package plus one source per language (fr, es, pt, and one whose language is not
    recorded) and the given figure rows: (metric, printed, value, qualifier, lower, upper,
    language, reading, notes, currency)."""
    with (mini_data / "sources.csv").open("a", encoding="utf-8") as out:
        for lang, url in SOURCES.items():
            out.write(f"{url},Example,Release in {lang},2024-01-10,,{'' if lang == 'unknown' else lang},,,primary,\n")
    with (mini_data / "figures.csv").open("a", encoding="utf-8") as out:
        for metric, printed, value, qualifier, lower, upper, lang, *rest in rows:
            reading, notes, currency = (*rest, "numeral", "", "")[:3] if rest else ("numeral", "", "")
            cells = ["mini-i-2024", metric, printed, value, qualifier, lower, upper, "", "true", "false",
                     SOURCES[lang], notes, reading, currency]
            out.write(",".join(csv_cell(c) for c in cells) + "\n")
    return mini_data


def problems(data_dir) -> str:
    with pytest.raises(DataValidationError) as info:
        load.load_figures(data_dir=data_dir)
    return str(info.value)


# --- the reader ----------------------------------------------------------------------------

@pytest.mark.parametrize(("printed", "language", "value", "wording"), [
    ("3,6 millions", "fr", Decimal("3600000"), None),
    ("3,6 millions de francs CFA", None, Decimal("3600000"), None),
    ("plus de 1 150", "fr", Decimal(1150), "plus de"),
    ("plus de 1\u202f150 victimes", "fr", Decimal(1150), "plus de"),
    ("près de 40 000", "fr", Decimal(40000), "près de"),
    ("près de 40\u00a0000 contrôles", "fr", Decimal(40000), "près de"),
    ("dont 412 mineurs", "fr", Decimal(412), None),
    ("más de 10.000", "es", Decimal(10000), "más de"),
    ("cerca de 100", "es", Decimal(100), "cerca de"),
    ("mais de 2 mil", "pt", Decimal(2000), "mais de"),
    ("trois", "fr", Decimal(3), None),
    ("doscientos migrantes", "es", Decimal(200), None),
    ("2,5 millones", "es", Decimal(2500000), None),
    ("1,5 milhões", "pt", Decimal(1500000), None),
    ("jusqu'à 300", "fr", Decimal(300), "jusqu'à"),
    ("jusqu’à 300", "fr", Decimal(300), "jusqu'à"),
    ("21,450", "en", Decimal(21450), None),
])
def test_numbers_are_read_as_printed(printed, language, value, wording):
    reading = read_number(printed, language, ("plus de", "près de", "más de", "cerca de", "mais de", "jusqu'à"))
    assert reading.value == value
    assert reading.wording == wording


def test_a_comma_before_three_digits_follows_the_language():
    assert read_number("1,374", "en").values == (Decimal(1374),)
    assert read_number("1,374", "fr").values == (Decimal("1.374"),)
    # Spanish is printed both ways (Spain: decimal comma; Mexico: decimal point).
    assert set(read_number("1,374", "es").values) == {Decimal("1.374"), Decimal(1374)}
    # Three zeros after the mark are never decimals: '10.000' is ten thousand in any language.
    assert read_number("10.000", "en").values == (Decimal(10000),)


def test_money_bounds_are_not_rounded_and_counts_are():
    assert implied_bounds(2.5, 0.9, 1.1, whole=False) == (2.25, 2.75)
    assert implied_bounds(3600000, 1, 1, whole=False) == (3600000.0, 3600000.0)
    assert implied_bounds(3.6, 1, 1, whole=False) == (3.6, 3.6)
    assert implied_bounds(1155, 0.9, 1.1) == (1040.0, 1270.0)  # 1039.5 up, 1270.5 down


# --- the rule on a data package ------------------------------------------------------------

FRANCOPHONE_ROWS = (
    ("potential_victims", "plus de 1 150", 1150, "more-than", 1150, "", "fr"),
    ("child_victims", "dont 412 mineurs", 412, "exact", 412, 412, "fr"),
    ("database_checks", "près de 40 000", 40000, "nearly", 36000, 40000, "fr"),
    ("cash_seized", "3,6 millions de francs CFA", 3600000, "exact", 3600000, 3600000, "fr", "numeral", "", "XOF"),
    ("irregular_migrants", "más de 10.000", 10000, "more-than", 10000, "", "es"),
    ("officers_deployed", "cerca de 100", 100, "nearly", 90, 100, "es"),
    ("vehicles_checked", "cerca de 100", 100, "around", 90, 110, "pt"),
    ("suspects_identified", "mais de 2 mil", 2000, "more-than", 2000, "", "pt"),
    ("cannabis_seized_tonnes", "environ 2,5 tonnes", 2.5, "around", 2.25, 2.75, "fr"),
)


def test_figures_entered_exactly_as_printed_pass(mini_data):
    data = with_figures(mini_data, *FRANCOPHONE_ROWS)
    figures = load.load_figures(data_dir=data).set_index("metric_id")
    assert figures.loc["cash_seized", "value"] == 3600000
    assert figures.loc["cash_seized", "currency"] == "XOF"
    assert figures.loc["vehicles_checked", "qualifier"] == "around"


def test_three_point_six_million_wrong_value_gets_the_right_expectation(mini_data):
    # The trial of issue 15: value 3 with bounds 4 to 3. Both messages must give 3600000.
    data = with_figures(mini_data, ("cash_seized", "3,6 millions de francs CFA", 3, "exact", 4, 3, "fr", "numeral",
                                    "", "XOF"))
    text = problems(data)
    assert ("figures.csv, line 6, column 'value': '3,6 millions de francs CFA' reads as 3600000 ('3,6 millions': "
            "',' as decimal separator, 'millions' = 1,000,000 in French, read in French), but value is 3") in text
    assert ("hint: set value 3600000, qualifier 'exact', lower_bound 3600000, upper_bound 3600000") in text
    assert "lower_bound 4 is above value 3 [rule: lower_bound <= value <= upper_bound]" in text
    assert "reads as 3 " not in text and "reads as 3," not in text


def test_typo_read_does_not_let_crossed_bounds_pass(mini_data):
    data = with_figures(mini_data, ("cash_seized", "3,6 millions", 3.6, "exact", 4, 3, "fr", "typo-read",
                                    "Read as 3.6.", "XOF"))
    text = problems(data)
    assert "lower_bound 4 is above value 3.6 [rule: lower_bound <= value <= upper_bound]" in text
    assert "expected 3.6 for qualifier 'exact' and value 3.6, got 4" in text


def test_plus_de_with_the_wrong_qualifier(mini_data):
    data = with_figures(mini_data, ("potential_victims", "plus de 1 150", 1150, "exact", 1150, 1150, "fr"))
    text = problems(data)
    assert ("column 'qualifier': 'plus de 1 150' has the wording 'plus de', which means 'more-than' in French "
            "(reference/qualifiers.csv), but qualifier is 'exact'") in text
    assert "hint: set value 1150, qualifier 'more-than', lower_bound 1150, upper_bound empty" in text


def test_pres_de_with_the_wrong_value(mini_data):
    data = with_figures(mini_data, ("database_checks", "près de 40 000", 40, "nearly", 36, 40, "fr"))
    text = problems(data)
    assert "'près de 40 000' reads as 40000 ('40 000': spaces between groups of three, read in French)" in text
    assert "hint: set value 40000, qualifier 'nearly', lower_bound 36000, upper_bound 40000" in text


def test_dont_412_mineurs_is_exact(mini_data):
    data = with_figures(mini_data, ("child_victims", "dont 412 mineurs", 412, "nearly", 371, 412, "fr"))
    text = problems(data)
    assert "'dont 412 mineurs' has no qualifier wording, which means 'exact'" in text
    assert "hint: set value 412, qualifier 'exact', lower_bound 412, upper_bound 412" in text


def test_mas_de_10000_with_the_wrong_value(mini_data):
    data = with_figures(mini_data, ("irregular_migrants", "más de 10.000", 10, "more-than", 10, "", "es"))
    text = problems(data)
    assert "'más de 10.000' reads as 10000 ('10.000': '.' between groups of three, read in Spanish)" in text
    assert "hint: set value 10000, qualifier 'more-than', lower_bound 10000, upper_bound empty" in text


def test_cerca_de_100_follows_the_source_language(mini_data):
    data = with_figures(mini_data, ("officers_deployed", "cerca de 100", 100, "around", 90, 110, "es"),
                        ("vehicles_checked", "cerca de 100", 100, "nearly", 90, 100, "pt"))
    text = problems(data)
    assert ("line 6, column 'qualifier': 'cerca de 100' has the wording 'cerca de', which means 'nearly' in Spanish"
            in text)
    assert "hint: set value 100, qualifier 'nearly', lower_bound 90, upper_bound 100" in text
    assert "line 7, column 'qualifier': 'cerca de 100' has the wording 'cerca de', which means 'around' in Portuguese" \
        in text
    assert "hint: set value 100, qualifier 'around', lower_bound 90, upper_bound 110" in text


def test_cerca_de_100_without_a_recorded_language_asks_for_it(mini_data):
    data = with_figures(mini_data, ("officers_deployed", "cerca de 100", 100, "nearly", 90, 100, "unknown"))
    text = problems(data)
    assert ("the wording 'cerca de' means 'nearly' in Spanish, 'around' in Portuguese, and the source's language is "
            "not recorded") in text
    assert "record the source's language (ISO 639-1: en, fr, es, pt) in the language column of sources.csv for " \
           "https://example.org/unknown" in text


def test_mais_de_2_mil_with_the_wrong_value(mini_data):
    data = with_figures(mini_data, ("suspects_identified", "mais de 2 mil", 2, "more-than", 2, "", "pt"))
    text = problems(data)
    assert "'mais de 2 mil' reads as 2000 ('2 mil': 'mil' = 1,000 in Portuguese, read in Portuguese)" in text
    assert "hint: set value 2000, qualifier 'more-than', lower_bound 2000, upper_bound empty" in text


def test_an_unknown_wording_is_named_with_the_number_after_it(mini_data):
    data = with_figures(mini_data, ("database_checks", "quasiment 40 000", 40000, "nearly", 36000, 40000, "fr"))
    text = problems(data)
    assert "no number starts 'quasiment 40 000' (read in French)" in text
    assert "'quasiment' stands before the number '40 000'; if it is a qualifier wording" in text
    assert "add it with its language to reference/qualifiers.csv" in text


def test_money_needs_its_currency_and_the_printed_code_must_match(mini_data):
    data = with_figures(mini_data, ("cash_seized", "EUR 5 000", 5000, "exact", 5000, 5000, "fr", "numeral", "", "USD"),
                        ("potential_victims", "plus de 1 150", 1150, "more-than", 1150, "", "fr", "numeral", "", "EUR"))
    text = problems(data)
    assert "column 'currency': 'EUR 5 000' prints EUR, but currency is 'USD'" in text
    assert "column 'currency': 'EUR', but metric 'potential_victims' counts persons, not money" in text


def test_money_without_a_currency_fails(mini_data):
    data = with_figures(mini_data, ("cash_seized", "EUR 5 000", 5000, "exact", 5000, 5000, "fr"))
    assert "column 'currency': empty, but metric 'cash_seized' is an amount of money" in problems(data)


# --- collective numerals and 'mil' before the units ----------------------------------------

@pytest.mark.parametrize(("printed", "language", "value", "qualifier", "wording"), [
    ("une centaine", "fr", Decimal(100), "around", None),
    ("une centaine de suspects", "fr", Decimal(100), "around", None),
    ("plus d'une centaine de victimes", "fr", Decimal(100), "around", "plus d'"),
    ("un millier de migrants", "fr", Decimal(1000), "around", None),
    ("une vingtaine", "fr", Decimal(20), "around", None),
    ("un centenar de detenidos", "es", Decimal(100), "around", None),
    ("uma dezena de vítimas", "pt", Decimal(10), "around", None),
    ("4 mil 419", "es", Decimal(4419), None, None),
    ("4 mil 419 víctimas", "pt", Decimal(4419), None, None),
    ("más de 4 mil víctimas", "es", Decimal(4000), None, "más de"),
    ("4 mil, 419", "es", Decimal(4000), None, None),  # a comma after 'mil': the units are another number
])
def test_collective_numerals_and_units_after_mil(printed, language, value, qualifier, wording):
    reading = read_number(printed, language, ("plus d'", "más de"))
    assert reading.values == (value,)
    assert reading.qualifier == qualifier
    assert reading.wording == wording


def test_plural_collective_numerals_and_a_dozen_are_not_read():
    assert read_number("des centaines de victimes", "fr") is None
    assert read_number("une douzaine", "fr").value == 1  # 'une' alone: the dozen also means exactly twelve


def test_une_centaine_entered_as_around_passes(mini_data):
    passing = with_figures(mini_data, ("suspects_identified", "une centaine", 100, "around", 90, 110, "fr", "words"))
    assert load.load_figures(data_dir=passing).set_index("metric_id").loc["suspects_identified", "qualifier"] == "around"


def test_une_centaine_read_as_exact_gets_the_around_expectation(mini_data):
    data = with_figures(mini_data, ("suspects_identified", "une centaine", 100, "exact", 100, 100, "fr", "words"))
    text = problems(data)
    assert ("column 'qualifier': 'une centaine' prints 'une centaine', a collective numeral that means about 100 "
            "('une centaine' = about 100 in French), so qualifier 'around', but qualifier is 'exact'") in text
    assert "hint: set value 100, qualifier 'around', lower_bound 90, upper_bound 110" in text


def test_four_mil_419_is_read_as_printed(mini_data):
    data = with_figures(mini_data, ("potential_victims", "4 mil 419", 4419, "exact", 4419, 4419, "es"))
    assert load.load_figures(data_dir=data).set_index("metric_id").loc["potential_victims", "value"] == 4419

"""Issue 15, smaller items: a French edition name joins its family's timeline row, and a
participant with a wrong code does not make another country's correct row a duplicate."""

import pytest

from analysis import load
from analysis.pages.plots import family_label
from analysis.schema import DataValidationError


def test_an_edition_named_in_french_is_in_its_family_row():
    assert family_label("Opération Epervier (2017)") == "Epervier"
    assert family_label("Operation Epervier II (2019)") == "Epervier"
    assert family_label("Operación Turquesa V (2023)") == "Turquesa"
    assert family_label("Operação Liberterra III (2025)") == "Liberterra"


def test_a_wrong_code_is_the_duplicate_not_the_correct_row(data_copy):
    # Liberterra II lists Nigeria (NGA) at no. 79; a row 'Niger' coded NGA, placed before it,
    # is the wrong one: the duplicate message names it, not Nigeria's row.
    path = data_copy / "participants.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(n for n, line in enumerate(lines) if line.startswith("liberterra-ii-2024,79,Nigeria,NGA,"))
    niger = next(n for n, line in enumerate(lines) if line.startswith("liberterra-ii-2024,") and ",Niger,NER," in line)
    lines[niger] = lines[niger].replace(",Niger,NER,", ",Niger,NGA,")
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(DataValidationError) as info:
        load.load_participants(data_dir=data_copy)
    text = str(info.value)
    assert f"participants.csv, line {niger + 1}, column 'iso3': 'NGA' is listed twice" in text
    assert f"line {at + 1}, column 'iso3': 'NGA' is listed twice" not in text
    assert f"participants.csv, line {niger + 1}, column 'iso3': 'Niger' resolves to 'NER', but iso3 is 'NGA'" in text

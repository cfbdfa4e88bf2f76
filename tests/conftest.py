"""Shared fixtures: a copy of the real data package, and a tiny hand-made package whose
expected metrics can be worked out by hand."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis import paths

MINI_TABLES = {
    "sources.csv": """source_url,producer,title,date_published,date_accessed,language,text_sha256,copy_extent,source_kind,notes
https://example.org/release,Example Police,Mini release,2024-01-10,,en,,,primary,
""",
    "operations.csv": """operation_id,family_id,edition_label,operation_name,start_date,end_date,dates_as_printed,announced_date,announced_place,coordinator,focus_region,focus_area_m49,results_status,participant_list,source_url,notes
mini-i-2024,mini,I,Operation Mini,2024-01-01,2024-01-05,1 to 5 January 2024,2024-01-10,Lyon,INTERPOL,,,preliminary,complete,https://example.org/release,
""",
    "figures.csv": """operation_id,metric_id,value_as_printed,value,qualifier,lower_bound,upper_bound,counting_basis,is_preliminary,is_single_source,source_url,notes,value_reading,currency
mini-i-2024,participating_countries,3,3,exact,3,3,,true,false,https://example.org/release,,numeral,
mini-i-2024,arrests,"2,517",2517,exact,2517,2517,,true,false,https://example.org/release,,numeral,
mini-i-2024,arrests_ht_ms,850,850,exact,850,850,,true,false,https://example.org/release,,numeral,
mini-i-2024,flights_monitored,"nearly 24,000",24000,nearly,21600,24000,,true,false,https://example.org/release,,numeral,
""",
    "figure_alternatives.csv": """operation_id,metric_id,alternative_no,value_as_printed,value,qualifier,lower_bound,upper_bound,relation,source_url,notes,value_reading,currency
""",
    # Made-up countries: the resolver cannot know them, so each row is an explicit, noted exception.
    "participants.csv": """operation_id,position,name_as_printed,iso3,source_url,is_resolver_exception,is_project_reading,notes
mini-i-2024,1,Aland,AAA,https://example.org/release,false,false,Made-up country of the test package.
mini-i-2024,2,Bland,BBB,https://example.org/release,false,false,Made-up country of the test package.
mini-i-2024,3,Eland (A),EEE,https://example.org/release,false,false,Made-up territory of the test package.
""",
    "coordination_units.csv": """operation_id,iso3,name_as_printed,city,source_url,notes
mini-i-2024,AAA,Aland,,https://example.org/release,
""",
    "partners.csv": """operation_id,partner_id,name_as_printed,acronym,role,iso3,source_url,notes
mini-i-2024,fund,A Fund,AF,funder,,https://example.org/release,
""",
    "cases.csv": """case_id,operation_id,position,case_kind,section_as_printed,location_iso3,location_area_m49,location_as_printed,summary,source_url,location_basis
mini-c1,mini-i-2024,1,case,,AAA,,Aland,Case one.,https://example.org/release,printed
mini-c2,mini-i-2024,2,case,,BBB,,Bland,Case two.,https://example.org/release,printed
mini-c3,mini-i-2024,3,trend-note,,,001,everywhere,A trend.,https://example.org/release,operation-wide
""",
    "case_figures.csv": """case_id,count_type,value_as_printed,value,qualifier,lower_bound,upper_bound,notes,value_reading
mini-c1,victims,10,10,exact,10,10,,numeral
mini-c1,arrests,more than 5,5,more-than,5,,,numeral
mini-c2,victims,nearly 100,100,nearly,90,100,,numeral
""",
    "case_figure_alternatives.csv": """case_id,count_type,alternative_no,value_as_printed,value,qualifier,lower_bound,upper_bound,relation,source_url,notes,value_reading
""",
    "case_crime_types.csv": """case_id,crime_type,notes
mini-c1,sexual-exploitation,
mini-c1,fraud,
mini-c2,fraud,
""",
    "case_places.csv": """case_id,role,place_code,place_as_printed,notes
mini-c1,origin,DDD,Dland,
mini-c2,origin,CCC,Cland,
mini-c2,destination,DDD,Dland,
""",
    "case_seizures.csv": """case_id,item_no,item,amount_as_printed,amount,currency,amount_usd,notes
mini-c1,1,cash,"USD 1,000",1000,USD,1000,
""",
    "reference/countries.csv": """iso3,iso2,m49_code,name,is_territory,sovereign_iso3,source
AAA,AA,901,Aland,false,,test
BBB,BB,902,Bland,false,,test
CCC,CC,903,Cland,false,,test
DDD,DD,904,Dland,false,,test
EEE,EE,905,Eland,true,AAA,test
""",
    "reference/country_aliases.csv": """alias,iso3,notes
Eland (A),EEE,test
""",
    "reference/m49_areas.csv": """m49_code,name,level,parent_m49_code
001,World,world,
101,Region One,region,001
102,Region Two,region,001
""",
    "reference/region_schemes.csv": """scheme_id,label,operation_id,source,source_url,version,licence,is_derived_assumption,dating,is_full_coverage,rule,order
m49-region,Test regions,,test,https://example.org/m49,1,CC0,false,pinned-vintage,true,test,1
""",
    "reference/dated_membership.csv": """scheme_id,iso3,region_code,region_name,valid_from,valid_to,status,vintage,source_url,note
""",
    "reference/region_membership.csv": """scheme_id,iso3,region_code,region_name
m49-region,AAA,101,Region One
m49-region,BBB,101,Region One
m49-region,CCC,101,Region One
m49-region,DDD,102,Region Two
m49-region,EEE,102,Region Two
""",
    # Made-up populations; DDD has no figure (no row), as Kosovo has none in the real table.
    "reference/population.csv": """iso3,population,year,pack_region_id
AAA,1000,2024,901
BBB,3000,2024,902
CCC,6000,2024,903
EEE,250,2024,905
""",
}


@pytest.fixture
def mini_data(tmp_path) -> Path:
    """A tiny data package (real schema and vocabularies, made-up countries):
    regions One = {AAA, BBB, CCC} and Two = {DDD, EEE}; participants AAA, BBB, EEE."""
    root = tmp_path / "data"
    (root / "reference").mkdir(parents=True)
    shutil.copy(paths.DATAPACKAGE_PATH, root / "datapackage.json")
    for name in ("qualifiers.csv", "metrics.csv", "crime_types.csv", "count_types.csv"):
        shutil.copy(paths.REFERENCE_DIR / name, root / "reference" / name)
    for relative, text in MINI_TABLES.items():
        (root / relative).write_text(text, encoding="utf-8")
    return root


def append_rows(data_dir: Path, rows: dict[str, str]) -> Path:
    """Append CSV rows (text per file, relative to ``data_dir``) to a copy of the data."""
    for relative, text in rows.items():
        path = data_dir / relative
        existing = path.read_text(encoding="utf-8")
        path.write_text(existing + ("" if existing.endswith("\n") else "\n") + text, encoding="utf-8")
    return data_dir


@pytest.fixture
def data_copy_with(data_copy):
    """A function that appends CSV rows ({file: text}) to the data copy and returns its folder."""
    return lambda rows: append_rows(data_copy, rows)


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A full copy of the project's data/ folder, safe to break."""
    target = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, target)
    return target


# Rows added to the mini package for the country profiles (tests/unit/test_country.py): a
# territory listed only in a partial list (Bermuda, sovereign GBR, under its real code so its
# printed name resolves), a made-up country listed only in that partial list (FFF), the
# sovereign hosting a coordination unit and leading an operation with no list (GBR), and an
# operation whose list was printed but not transcribed, dated only by its announcement.
PROFILE_ROWS = {
    "sources.csv": """https://example.org/second,Example News,Second release,2025-04-01,,en,,,secondary,
""",
    "operations.csv": """mini-ii-2025,mini,II,Operation Mini II,2025-03-01,2025-03-04,1 to 4 March 2025,2025-04-01,,INTERPOL,,,preliminary,partial,https://example.org/second,
mini-iii-2023,mini,III,Operation Mini III,2023-06-01,2023-06-05,1 to 5 June 2023,,,INTERPOL,,,not-stated,not-published,https://example.org/second,
mini-iv-2022,other,,Operation Other,,,spring 2022,2022-05-20,,INTERPOL,Region Two,102,not-stated,printed-not-transcribed,https://example.org/release,
""",
    "participants.csv": """mini-ii-2025,1,Bland,BBB,https://example.org/second,false,false,Made-up country of the test package.
mini-ii-2025,2,Bermuda,BMU,https://example.org/second,false,false,
mini-ii-2025,3,Fland,FFF,https://example.org/second,false,false,Made-up country of the test package.
""",
    "coordination_units.csv": """mini-iii-2023,GBR,United Kingdom,London,https://example.org/second,
""",
    "partners.csv": """mini-iii-2023,uk,The United Kingdom,,lead-country,GBR,https://example.org/second,
""",
    "cases.csv": """mini-c4,mini-iii-2023,1,case,,GBR,,London,Case four.,https://example.org/second,printed
""",
    "case_figures.csv": """mini-c4,victims,four,4,exact,4,4,,words
""",
    "case_crime_types.csv": """mini-c4,sexual-exploitation,
""",
    "case_places.csv": """mini-c4,victim-nationality,BMU,Bermudian,
mini-c4,origin,DDD,Dland,
""",
    "reference/countries.csv": """BMU,BM,060,Bermuda,true,GBR,test
GBR,GB,826,United Kingdom,false,,test
FFF,FF,906,Fland,false,,test
""",
    "reference/region_membership.csv": """m49-region,BMU,102,Region Two
m49-region,GBR,102,Region Two
m49-region,FFF,101,Region One
""",
    "reference/population.csv": """BMU,64000,2024,060
GBR,69000,2024,826
""",
}


@pytest.fixture
def profile_data(mini_data) -> Path:
    """The mini package plus PROFILE_ROWS: operations mini-i-2024 (complete: AAA, BBB, EEE),
    mini-ii-2025 (partial: BBB, BMU, FFF), mini-iii-2023 (no list published; unit and lead
    country GBR; case mini-c4 in GBR naming BMU and DDD) and mini-iv-2022 (list printed, not
    transcribed). Regions One = {AAA, BBB, CCC, FFF}, Two = {DDD, EEE, BMU, GBR}."""
    return append_rows(mini_data, PROFILE_ROWS)

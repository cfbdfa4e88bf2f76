"""Country names in Spanish, French and Portuguese, 'Territory (Sovereign)' forms, collisions.

Every expected code below is written by hand from ISO 3166-1, never computed by the resolver.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analysis import countries as ct  # noqa: E402
from analysis.countries import (  # noqa: E402
    AmbiguousCountryError,
    QualifierMismatchError,
    UnknownCountryError,
    match_country,
    resolve_countries,
    resolve_country,
)
from analysis.paths import DATA_DIR, REFERENCE_DIR  # noqa: E402

# --- lists in each language -------------------------------------------------------------

# A Turquesa-style list as Latin American outlets print it (Turquesa I, 2019, in Spanish,
# plus names of later editions and common press spellings).
SPANISH = {
    "Argentina": "ARG", "Bolivia": "BOL", "Brasil": "BRA", "Chile": "CHL", "Colombia": "COL",
    "Costa Rica": "CRI", "República Dominicana": "DOM", "Ecuador": "ECU", "El Salvador": "SLV",
    "Guatemala": "GTM", "Honduras": "HND", "México": "MEX", "Nicaragua": "NIC", "Panamá": "PAN",
    "Paraguay": "PRY", "Perú": "PER", "Uruguay": "URY", "Canadá": "CAN", "Bangladés": "BGD",
    "España": "ESP", "Estados Unidos": "USA", "EE. UU.": "USA", "EE.UU.": "USA", "Haití": "HTI",
    "Trinidad y Tobago": "TTO", "Bahamas": "BHS", "Jamaica": "JAM", "Belice": "BLZ", "Guyana": "GUY",
    "Surinam": "SUR", "Venezuela": "VEN", "Cuba": "CUB", "Granada": "GRD", "Dominica": "DMA",
    "Santa Lucía": "LCA", "San Vicente y las Granadinas": "VCT", "San Cristóbal y Nieves": "KNA",
    "Antigua y Barbuda": "ATG", "Curazao": "CUW", "Islas Caimán": "CYM", "Bermudas": "BMU",
    "Islas Turcas y Caicos": "TCA", "Reino Unido": "GBR", "Gran Bretaña": "GBR", "Países Bajos": "NLD",
    "Holanda": "NLD", "Francia": "FRA", "Alemania": "DEU", "Italia": "ITA", "Portugal": "PRT",
    "Rusia": "RUS", "Turquía": "TUR", "Costa de Marfil": "CIV", "Guinea Ecuatorial": "GNQ",
    "Sudán del Sur": "SSD", "República Democrática del Congo": "COD", "República del Congo": "COG",
    "RD Congo": "COD", "Corea del Sur": "KOR", "Corea del Norte": "PRK", "Emiratos Árabes Unidos": "ARE",
    "Arabia Saudita": "SAU", "Argelia": "DZA", "Marruecos": "MAR", "Sudáfrica": "ZAF", "Irán": "IRN",
    "Siria": "SYR", "Palestina": "PSE", "Birmania": "MMR", "Filipinas": "PHL", "Japón": "JPN",
    "Nueva Zelanda": "NZL", "Macedonia del Norte": "MKD", "Chequia": "CZE", "República Checa": "CZE",
    "Suazilandia": "SWZ", "Comoras": "COM", "Maldivas": "MDV", "Santa Sede": "VAT", "Islas Malvinas": "FLK",
}

# An Epervier-style list as francophone outlets print it (Epervier I and II, plus the
# Sahel and West Africa, and names that differ from English).
FRENCH = {
    "Tchad": "TCD", "Mali": "MLI", "Mauritanie": "MRT", "Niger": "NER", "Sénégal": "SEN", "Bénin": "BEN",
    "Nigéria": "NGA", "Burkina Faso": "BFA", "Côte d'Ivoire": "CIV", "Côte d’Ivoire": "CIV",
    "Guinée": "GIN", "Guinée-Conakry": "GIN", "Guinée-Bissau": "GNB", "Guinée équatoriale": "GNQ",
    "Togo": "TGO", "Ghana": "GHA", "Cameroun": "CMR", "Gabon": "GAB", "Centrafrique": "CAF",
    "République centrafricaine": "CAF", "République démocratique du Congo": "COD", "RDC": "COD",
    "République du Congo": "COG", "Soudan": "SDN", "Soudan du Sud": "SSD", "Libye": "LBY", "Algérie": "DZA",
    "Maroc": "MAR", "Tunisie": "TUN", "Égypte": "EGY", "Éthiopie": "ETH", "Gambie": "GMB", "Cap-Vert": "CPV",
    "Sierra Leone": "SLE", "Libéria": "LBR", "Afrique du Sud": "ZAF", "Comores": "COM", "Maurice": "MUS",
    "États-Unis": "USA", "Etats Unis": "USA", "Royaume-Uni": "GBR", "Grande-Bretagne": "GBR",
    "Pays-Bas": "NLD", "Hollande": "NLD", "Allemagne": "DEU", "Espagne": "ESP", "Belgique": "BEL",
    "Suisse": "CHE", "Dominique": "DMA", "République dominicaine": "DOM", "Haïti": "HTI", "Russie": "RUS",
    "Fédération de Russie": "RUS", "Biélorussie": "BLR", "Émirats arabes unis": "ARE",
    "Arabie saoudite": "SAU", "Liban": "LBN", "Syrie": "SYR", "République arabe syrienne": "SYR",
    "Koweït": "KWT", "Birmanie": "MMR", "Corée du Sud": "KOR", "Guyane": "GUF", "Guyane française": "GUF",
    "Saint-Siège": "VAT", "Îles Vierges britanniques": "VGB", "Sainte-Lucie": "LCA",
    "Saint-Kitts-et-Nevis": "KNA", "Trinité-et-Tobago": "TTO", "Macédoine du Nord": "MKD",
}

PORTUGUESE = {
    "Brasil": "BRA", "Angola": "AGO", "Moçambique": "MOZ", "Cabo Verde": "CPV", "Guiné-Bissau": "GNB",
    "Guiné": "GIN", "Guiné Equatorial": "GNQ", "São Tomé e Príncipe": "STP", "Timor-Leste": "TLS",
    "Portugal": "PRT", "Estados Unidos": "USA", "EUA": "USA", "Estados Unidos da América": "USA",
    "Reino Unido": "GBR", "Países Baixos": "NLD", "Holanda": "NLD", "Alemanha": "DEU", "Espanha": "ESP",
    "França": "FRA", "Itália": "ITA", "Rússia": "RUS", "Costa do Marfim": "CIV", "Nigéria": "NGA",
    "Níger": "NER", "África do Sul": "ZAF", "Camarões": "CMR", "Coreia do Sul": "KOR", "Japão": "JPN",
    "Índia": "IND", "Irã": "IRN", "Irão": "IRN", "Vietnã": "VNM", "Vietname": "VNM",
    "República Dominicana": "DOM", "Paraguai": "PRY", "Uruguai": "URY", "Colômbia": "COL", "Bolívia": "BOL",
    "México": "MEX", "República Checa": "CZE", "República Tcheca": "CZE", "Suíça": "CHE", "Bélgica": "BEL",
    "Guiana": "GUY", "Guiana Francesa": "GUF", "Santa Sé": "VAT", "Grã-Bretanha": "GBR",
}


@pytest.mark.parametrize("language,names", [("es", SPANISH), ("fr", FRENCH), ("pt", PORTUGUESE)])
def test_press_lists_resolve_by_default(language, names):
    assert resolve_countries(list(names)) == list(names.values())


@pytest.mark.parametrize("language,names", [("es", SPANISH), ("fr", FRENCH), ("pt", PORTUGUESE)])
def test_press_lists_resolve_in_their_own_language(language, names):
    assert resolve_countries(list(names), language=language) == list(names.values())


@pytest.mark.parametrize(
    "name,language,rule",
    [
        ("Estados Unidos", "es", "translation:es"),
        ("Estados Unidos", "pt", "translation:pt"),
        ("États-Unis", None, "translation:fr"),
        ("Países Bajos", None, "translation:es"),
        ("Holanda", None, "alias"),
        ("Kenya", None, "iso-name"),
        ("Kosovo", "en", "alias"),
        ("Democratic Republic of the Congo", None, "alias"),
        ("KEN", "fr", "code"),
        ("404", None, "code"),
        ("Chile", None, "iso-name"),
        ("Chile", "es", "translation:es"),
    ],
)
def test_matched_rule(name, language, rule):
    assert match_country(name, language).rule == rule


# --- near-collisions across languages ---------------------------------------------------

NEAR_COLLISIONS = {
    "Niger": "NER", "Níger": "NER", "le Niger": "NER", "Nigeria": "NGA", "Nigéria": "NGA",
    "Guinée": "GIN", "Guinée-Bissau": "GNB", "Guinée Bissau": "GNB", "Guinée équatoriale": "GNQ",
    "Guinea": "GIN", "Guinea-Bisáu": "GNB", "Guinea Ecuatorial": "GNQ", "Guiné": "GIN",
    "Guiné Equatorial": "GNQ", "Papouasie-Nouvelle-Guinée": "PNG", "Papúa Nueva Guinea": "PNG",
    "Dominique": "DMA", "Dominica": "DMA", "Domínica": "DMA", "République dominicaine": "DOM",
    "República Dominicana": "DOM", "Soudan": "SDN", "Soudan du Sud": "SSD", "Sudán": "SDN",
    "Sudán del Sur": "SSD", "Sudão do Sul": "SSD", "Guyana": "GUY", "Guyane": "GUF", "Guiana": "GUY",
    "Guiana Francesa": "GUF", "Islande": "ISL", "Irlande": "IRL", "Islandia": "ISL", "Irlanda": "IRL",
    "Autriche": "AUT", "Australie": "AUS", "Granada": "GRD", "Grenade": "GRD", "Samoa": "WSM",
    "Samoa Estadounidense": "ASM", "Samoa américaines": "ASM", "Corée du Sud": "KOR", "Corée du Nord": "PRK",
    "République du Congo": "COG", "République démocratique du Congo": "COD",
}


@pytest.mark.parametrize("name,iso3", sorted(NEAR_COLLISIONS.items()))
def test_near_collisions_across_languages(name, iso3):
    assert resolve_country(name) == iso3


ALL = (None, "en", "es", "fr", "pt")


@pytest.mark.parametrize(
    "name,candidates,languages",
    [
        ("Congo", {"COD", "COG"}, ALL),
        ("le Congo", {"COD", "COG"}, (None, "fr")),
        ("el Congo", {"COD", "COG"}, (None, "es")),
        ("o Congo", {"COD", "COG"}, (None, "pt")),
        ("the Congo", {"COD", "COG"}, (None, "en")),
        ("Corea", {"KOR", "PRK"}, ALL),
        ("Corée", {"KOR", "PRK"}, ALL),
        ("Coreia", {"KOR", "PRK"}, ALL),
        ("Saint-Martin", {"MAF", "SXM"}, ALL),
        ("San Martín", {"MAF", "SXM"}, ALL),
        ("São Martinho", {"MAF", "SXM"}, ALL),
        ("Islas Vírgenes", {"VGB", "VIR"}, ALL),
        ("Îles Vierges", {"VGB", "VIR"}, ALL),
        ("Antilles néerlandaises", {"BES", "CUW", "SXM"}, ALL),
        ("Serbie-et-Monténégro", {"MNE", "SRB"}, ALL),
    ],
)
def test_names_ambiguous_in_every_language(name, candidates, languages):
    for language in languages:
        with pytest.raises(AmbiguousCountryError) as info:
            resolve_country(name, language)
        assert set(info.value.candidates) == candidates, language


def test_an_article_is_only_dropped_in_its_own_language():
    with pytest.raises(UnknownCountryError) as info:
        resolve_country("le Congo", language="en")
    assert "COD" in str(info.value) and "COG" in str(info.value)  # says what it means in all languages
    assert resolve_country("la Guinée", language="fr") == "GIN"
    with pytest.raises(UnknownCountryError):
        resolve_country("la Guinée", language="pt")


def test_a_translation_that_names_two_countries_is_ambiguous():
    # pycountry's Brazilian catalogue gives Afghanistan's official name as Pakistan's.
    name = "República Islâmica do Paquistão"
    for language in (None, "pt"):
        with pytest.raises(AmbiguousCountryError) as info:
            resolve_country(name, language)
        assert set(info.value.candidates) == {"AFG", "PAK"}
        assert "AFG" in str(info.value) and "PAK" in str(info.value)
    assert resolve_country("Paquistão") == "PAK"
    assert resolve_country("Afeganistão") == "AFG"


def test_the_only_keys_with_two_meanings_are_known():
    """A pycountry upgrade that makes a name mean two countries must be reviewed here."""
    clashing = {key for key, readings in ct.resolver().index.items() if len({r.iso3 for r in readings}) > 1}
    assert clashing == {"republica islamica do paquistao"}


# --- collision policy: English and translations are equal readings ----------------------


@pytest.fixture
def fresh_index():
    """Clear the resolver's caches before and after a test that patches its inputs."""
    ct.Resolver.clear_cache()
    yield
    ct.Resolver.clear_cache()


def test_english_and_translation_collision_is_ambiguous(monkeypatch, fresh_index):
    real = ct.translated_names

    def with_collision(language):
        extra = (("AUT", "Germany"),) if language == "pt" else ()  # a made-up Portuguese name
        return real(language) + extra

    monkeypatch.setattr(ct, "translated_names", with_collision)
    with pytest.raises(AmbiguousCountryError) as info:
        resolve_country("Germany")
    assert set(info.value.candidates) == {"AUT", "DEU"}
    assert "translation:pt" in str(info.value) and "iso-name" in str(info.value)
    assert resolve_country("Germany", language="en") == "DEU"
    assert resolve_country("Germany", language="pt") == "AUT"
    with pytest.raises(UnknownCountryError):
        resolve_country("Germany", language="es")


def test_an_alias_that_changes_a_meaning_is_refused(data_copy_with):
    copy = data_copy_with({"reference/country_aliases.csv": "Estados Unidos,MEX,A clashing alias for a test.\n"})
    with pytest.raises(ValueError, match="Estados Unidos.*MEX.*USA"):
        resolve_country("Kenya", package=copy)
    assert resolve_country("Kenya") == "KEN"  # the project's own tables are untouched


def test_an_alias_for_an_ambiguous_name_is_refused(data_copy_with):
    copy = data_copy_with({"reference/country_aliases.csv": "Corée,KOR,An alias of an ambiguous name.\n"})
    with pytest.raises(ValueError, match="Corée"):
        resolve_country("Kenya", package=copy)


# --- articles, spelling ----------------------------------------------------------------


@pytest.mark.parametrize(
    "name,iso3",
    [
        ("los Estados Unidos", "USA"), ("Los Estados Unidos", "USA"), ("el Reino Unido", "GBR"),
        ("la India", "IND"), ("l'Inde", "IND"), ("L’Inde", "IND"), ("les Pays-Bas", "NLD"),
        ("os Estados Unidos", "USA"), ("a Guiné-Bissau", "GNB"), ("las Bahamas", "BHS"),
        ("El Salvador", "SLV"), ("EL SALVADOR", "SLV"), ("le Salvador", "SLV"), ("The Gambia", "GMB"),
        ("Laos", "LAO"), ("Lesotho", "LSO"), ("Oman", "OMN"), ("Angola", "AGO"), ("Austria", "AUT"),
        ("Trinidad & Tobago", "TTO"), ("Trinidad y Tobago", "TTO"), ("Trinité & Tobago", "TTO"),
        ("Costa de Marfíl", "CIV"), ("COSTA DO MARFIM", "CIV"), ("Royaume Uni", "GBR"),
        ("Etats-Unis d'Amérique", "USA"), ("République islamique d'Iran", "IRN"),
        ("Îles Salomon", "SLB"), ("Islas Comores", "COM"),
    ],
)
def test_articles_accents_hyphens_and_inverted_names(name, iso3):
    assert resolve_country(name) == iso3


@pytest.mark.parametrize("name", ["Salvador", "Inde la", "Unis", "Bissau", "Nouvelle", "Marfil"])
def test_no_partial_or_article_guessing(name):
    if name == "Salvador":  # the French ISO name of El Salvador, but not Spanish or English
        assert resolve_country(name, language="fr") == "SLV"
        with pytest.raises(UnknownCountryError):
            resolve_country(name, language="es")
        return
    with pytest.raises(UnknownCountryError):
        resolve_country(name)


# --- language= --------------------------------------------------------------------------


def test_language_restricts_names_not_codes_or_aliases():
    assert resolve_country("Estados Unidos", language="es") == "USA"
    assert resolve_country("Estados Unidos", language="pt") == "USA"
    for language in ("en", "fr"):
        with pytest.raises(UnknownCountryError):
            resolve_country("Estados Unidos", language=language)
    assert resolve_country("Allemagne", language="fr") == "DEU"
    with pytest.raises(UnknownCountryError) as info:
        resolve_country("Allemagne", language="es")
    assert "fr" in str(info.value) and "DEU" in str(info.value)  # says where it is a name
    for loan_word in ("Bangladesh", "Myanmar"):  # English names that Spanish ISO names differently
        assert resolve_country(loan_word) == {"Bangladesh": "BGD", "Myanmar": "MMR"}[loan_word]
        with pytest.raises(UnknownCountryError):
            resolve_country(loan_word, language="es")
    assert resolve_country("Kenya", language="en") == "KEN"
    assert resolve_country("KEN", language="es") == "KEN"
    assert resolve_country("Holanda", language="fr") == "NLD"  # aliases are read in every language
    with pytest.raises(UnknownCountryError):
        resolve_country("los Estados Unidos", language="fr")  # no Spanish article in French


@pytest.mark.parametrize("bad", ["de", "ES", "english", ""])
def test_unknown_language_is_a_value_error(bad):
    with pytest.raises(ValueError, match="en, es, fr, pt"):
        resolve_country("Kenya", language=bad)
    with pytest.raises(ValueError, match="en, es, fr, pt"):
        resolve_countries(["Kenya"], language=bad)


def test_resolve_countries_passes_the_language_on():
    assert resolve_countries(["Allemagne", "Pays-Bas"], language="fr") == ["DEU", "NLD"]
    with pytest.raises(ct.CountryListError) as info:
        resolve_countries(["Allemagne", "Alemania"], language="fr")
    assert [(pos, name) for pos, name, _ in info.value.failures] == [(2, "Alemania")]


# --- 'Territory (Sovereign)' and 'Country (Qualifier)' ----------------------------------


@pytest.mark.parametrize(
    "name,iso3,rule",
    [
        ("Sint Maarten (Netherlands)", "SXM", "territory-form"),
        ("Macao (China)", "MAC", "territory-form"),
        ("Macau (China)", "MAC", "territory-form"),
        ("Curaçao (Netherlands)", "CUW", "territory-form"),
        ("Curacao (NL)", "CUW", "territory-form"),
        ("Saint Martin (France)", "MAF", "territory-form"),
        ("Saint-Martin (France)", "MAF", "territory-form"),
        ("St Martin (Netherlands)", "SXM", "territory-form"),
        ("Bermuda (U.K.)", "BMU", "territory-form"),
        ("Bermuda (United Kingdom)", "BMU", "territory-form"),
        ("Bermuda (UK)", "BMU", "alias"),
        ("Virgin Islands (UK)", "VGB", "territory-form"),
        ("Virgin Islands (US)", "VIR", "territory-form"),
        ("Puerto Rico (USA)", "PRI", "territory-form"),
        ("Guam (U.S.)", "GUM", "territory-form"),
        ("Greenland (Denmark)", "GRL", "territory-form"),
        ("Faroe Islands (Denmark)", "FRO", "territory-form"),
        ("Hong Kong (China)", "HKG", "territory-form"),
        ("Aruba (Pays-Bas)", "ABW", "territory-form"),
        ("Curazao (Países Bajos)", "CUW", "territory-form"),
        ("Bermudas (Reino Unido)", "BMU", "territory-form"),
        ("Réunion (France)", "REU", "territory-form"),
        ("Cocos (Keeling) Islands (Australia)", "CCK", "territory-form"),
        ("Korea (Rep.)", "KOR", "qualifier-form"),
        ("Korea (Republic of)", "KOR", "qualifier-form"),
        ("Korea (Dem. People's Rep.)", "PRK", "qualifier-form"),
        ("Korea (Democratic People's Republic of)", "PRK", "qualifier-form"),
        ("Congo (Democratic Rep.)", "COD", "alias"),
        ("Congo (Dem. Rep.)", "COD", "qualifier-form"),
        ("Congo (Republic of the)", "COG", "qualifier-form"),
        ("Congo (DRC)", "COD", "qualifier-form"),
        ("Congo (RDC)", "COD", "qualifier-form"),
        ("Iran (Islamic Rep.)", "IRN", "qualifier-form"),
        ("Tanzania (United Republic of)", "TZA", "qualifier-form"),
        ("Corée (République de)", "KOR", "qualifier-form"),
        ("Corea (República de)", "KOR", "qualifier-form"),
        ("Coreia (Rep.)", "KOR", "qualifier-form"),
    ],
)
def test_parenthesised_forms(name, iso3, rule):
    match = match_country(name)
    assert (match.iso3, match.rule) == (iso3, rule)


@pytest.mark.parametrize(
    "name,candidates,named",
    [
        ("Bermuda (France)", ("BMU",), ("FRA",)),
        ("Sint Maarten (France)", ("SXM",), ("FRA",)),
        ("Macao (Portugal)", ("MAC",), ("PRT",)),
        ("Saint Martin (Denmark)", ("MAF", "SXM"), ("DNK",)),
        ("Kenya (UK)", ("KEN",), ("GBR",)),
        ("Taiwan (China)", ("TWN",), ("CHN",)),
        ("Korea (Islamic Rep.)", ("KOR", "PRK"), ()),
        ("Bermuda (host country)", ("BMU",), ()),
    ],
)
def test_a_disagreeing_part_in_parentheses_is_an_error(name, candidates, named):
    with pytest.raises(QualifierMismatchError) as info:
        resolve_country(name)
    error = info.value
    assert isinstance(error, UnknownCountryError)
    assert (error.candidates, error.named) == (candidates, named)
    for code in candidates + named:
        assert code in str(error)


def test_bermuda_france_names_both():
    with pytest.raises(QualifierMismatchError) as info:
        resolve_country("Bermuda (France)")
    message = str(info.value)
    for part in ("Bermuda (BMU)", "United Kingdom (GBR)", "France (FRA)"):
        assert part in message


def test_parenthesised_forms_that_stay_ambiguous_or_unknown():
    with pytest.raises(AmbiguousCountryError) as info:
        resolve_country("Channel Islands (UK)")
    assert set(info.value.candidates) == {"GGY", "JEY"}
    with pytest.raises(UnknownCountryError) as unknown:
        resolve_country("Atlantis (UK)")
    assert type(unknown.value) is UnknownCountryError
    assert "Atlantis" in str(unknown.value)


# --- data that must not move ------------------------------------------------------------


def _participants() -> list[tuple[str, str, str]]:
    with open(DATA_DIR / "participants.csv", encoding="utf-8", newline="") as handle:
        return [(r["operation_id"], r["name_as_printed"], r["iso3"]) for r in csv.DictReader(handle)
                if r["is_resolver_exception"] != "true"]  # flagged, with the reason in notes


def test_every_participant_name_resolves_to_its_recorded_code():
    rows = _participants()
    assert len(rows) > 200
    wrong = []
    for operation_id, name, iso3 in rows:
        try:
            found = resolve_country(name)
        except (ct.CountryError, ValueError) as error:
            found = f"error: {error}"
        if found != iso3:
            wrong.append((operation_id, name, iso3, found))
    assert wrong == []


def test_aliases_have_notes_and_curated_ambiguous_names_are_consistent():
    with open(REFERENCE_DIR / "country_aliases.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert all(row["notes"].strip() for row in rows)
    codes = set(ct.country_table()["iso3"])
    by_key: dict[str, tuple[str, ...]] = {}
    for name, candidates in ct.AMBIGUOUS_NAMES.items():
        assert len(candidates) >= 2 and set(candidates) <= codes, name
        assert by_key.setdefault(ct.normalise(name), candidates) == candidates, name


def test_importing_the_module_reads_no_catalogue():
    code = (
        "import analysis.countries as c, analysis.country_names as n;"
        "assert n.translated_names.cache_info().currsize == 0;"
        "assert not c.Resolver._CACHE;"
        "c.resolve_country('Kenya');"
        "assert n.translated_names.cache_info().currsize == 3"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_an_alias_added_in_a_running_session_is_seen(data_copy):
    """The resolver follows the alias file's content, not the process (warm kernels, long
    JupyterLab sessions), and reads the aliases of the package it is given."""
    from analysis import countries

    with pytest.raises(countries.UnknownCountryError):
        countries.resolve_country("Ruritania Minor", package=data_copy)
    with open(data_copy / "reference" / "country_aliases.csv", "a", encoding="utf-8") as handle:
        handle.write("Ruritania Minor,ALB,Made-up alias for a test.\n")
    assert countries.resolve_country("Ruritania Minor", package=data_copy) == "ALB"
    with pytest.raises(countries.UnknownCountryError):
        countries.resolve_country("Ruritania Minor")  # the project's data has no such alias


def test_validating_a_copy_reads_the_copys_aliases(data_copy):
    """A participant name that only the copy's alias table knows validates in the copy (and
    would fail against the project's aliases)."""
    from analysis import load

    path = data_copy / "participants.csv"
    text = path.read_text(encoding="utf-8")
    assert ",Eswatini,SWZ," in text
    path.write_text(text.replace(",Eswatini,SWZ,", ",Ruritania Minor,SWZ,", 1), encoding="utf-8")
    from analysis.schema import DataValidationError

    with pytest.raises(DataValidationError, match="'Ruritania Minor' does not resolve"):
        load.validate_package(data_copy)
    with open(data_copy / "reference" / "country_aliases.csv", "a", encoding="utf-8") as handle:
        handle.write("Ruritania Minor,SWZ,Made-up alias for a test.\n")
    counts = load.validate_package(data_copy)
    assert counts == {**load.validate_package(), "country_aliases": counts["country_aliases"]}
    assert counts["country_aliases"] == load.validate_package()["country_aliases"] + 1

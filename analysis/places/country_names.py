"""Spelling rules and ISO 3166-1 names in Spanish, French and Portuguese, for `analysis.countries`.

Everything here is about text, not about which country a name means:

* `normalise` makes the matching key of a name (case, accents, apostrophes, hyphens,
  spaces and '&' do not matter; nothing else is changed, so matching stays exact);
* `strip_article` drops one leading article ('the', 'el', 'la', 'los', 'las', 'le',
  'les', "l'", 'o', 'a', 'os', 'as');
* `name_forms` turns an ISO-style inverted name ('Congo, República Democrática del')
  into the forms a press list prints ('República Democrática del Congo');
* `translated_names` reads the ISO 3166-1 translations from the gettext catalogues
  that ship inside pycountry (offline), for one language at a time;
* `split_qualifier` and `qualifier_key` read the part in parentheses of
  'Territory (Sovereign)' and 'Country (Qualifier)' forms.
"""

from __future__ import annotations

import functools
import gettext
import re
import unicodedata

# Languages the resolver reads; 'en' is the language of pycountry's own names.
LANGUAGES = ("en", "es", "fr", "pt")
# gettext catalogues read for each translated language (pt: European and Brazilian).
CATALOGUES = {"es": ("es",), "fr": ("fr",), "pt": ("pt", "pt_BR")}
ARTICLES = {
    "en": ("the",),
    "es": ("el", "la", "los", "las"),
    "fr": ("le", "la", "les", "l'"),
    "pt": ("o", "a", "os", "as"),
}
# '&' in a name is read as the 'and' of each language.
CONJUNCTIONS = {"en": "and", "es": "y", "fr": "et", "pt": "e"}
# pycountry attributes that hold a name (official_name and common_name are optional).
NAME_ATTRIBUTES = ("name", "official_name", "common_name")

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_HYPHENS = str.maketrans({"-": " ", "\u2010": " ", "\u2011": " "})
_TRAILING_PARENTHESES = re.compile(r"^(?P<base>.*?\S)\s*\((?P<qualifier>[^()]*)\)$")
# Connecting words at the end of the second half of an inverted name ('Korea, Republic of').
_CONNECTORS = ("of the", "of", "de la", "de l'", "del", "de", "du", "d'", "da", "do", "das", "dos", "des")
# Where a name splits into '<form> <connector> <country>' ('Republic of the Congo').
_OF_SPLIT = re.compile(r"^(?P<form>.+?) (?:of the|of|de la|del|de|du|da|do|das|dos|des) (?P<base>.+)$|"
                       r"^(?P<form2>.+?) (?:de l'|d')(?P<base2>.+)$", re.IGNORECASE)
# Words of a state form that mean the same in the four languages (keys without accents),
# and the abbreviations press lists use ('Korea (Rep.)', 'Congo (Dem. Rep.)').
_QUALIFIER_WORDS = {
    "republic": ("republic", "republica", "republique", "rep"),
    "democratic": ("democratic", "democratica", "democratique", "dem"),
    "islamic": ("islamic", "islamica", "islamique", "isl"),
    "popular": ("people's", "peoples", "popular", "populaire", "pop"),
    "united": ("united", "unida", "unido", "unie", "uni"),
    "federated": ("federated", "federados", "federes"),
    "federal": ("federal", "federale", "federativa"),
    "plurinational": ("plurinational", "plurinacional"),
    "bolivarian": ("bolivarian", "bolivariana", "bolivarienne"),
    "socialist": ("socialist", "socialista", "socialiste"),
    "arab": ("arab", "arabe"),
    "kingdom": ("kingdom", "reino", "royaume"),
    "state": ("state", "estado", "etat"),
    "states": ("states", "estados", "etats"),
}
_QUALIFIER_CANONICAL = {word: canon for canon, words in _QUALIFIER_WORDS.items() for word in words}
_QUALIFIER_FILLERS = frozenset(("of", "the", "de", "del", "du", "d'", "da", "do", "das", "dos", "des",
                                "la", "le", "les", "l'", "el", "los", "las"))


def clean(name: str) -> str:
    """The name as printed, tidied: Unicode NFC, plain apostrophes, single spaces."""
    return " ".join(unicodedata.normalize("NFC", name).translate(_APOSTROPHES).split())


def normalise(name: str) -> str:
    """Matching key of a name: casefolded, without accents, hyphens read as spaces, '&' as 'and'.

    'Côte d’Ivoire', 'COTE D'IVOIRE' and 'Cote d'Ivoire' share a key; so do
    'Guinée-Bissau' and 'Guinee Bissau'. Full stops and other punctuation are kept:
    'U.S.' and 'US' are different keys.
    """
    text = clean(name).casefold().translate(_HYPHENS).replace("&", " and ")
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).split())


def ampersand_keys(name: str, languages: tuple[str, ...]) -> tuple[str, ...]:
    """Matching keys of a name, reading '&' as the 'and' of each language (in order, no repeats)."""
    key = normalise(name)
    if "&" not in name:
        return (key,)
    keys = [normalise(name.replace("&", f" {CONJUNCTIONS[language]} ")) for language in languages]
    return tuple(dict.fromkeys(keys))


def strip_article(key: str, languages: tuple[str, ...] = LANGUAGES) -> str | None:
    """The key without one leading article of the given languages; None if it has none.

    Only a separate word counts ('la india' -> 'india', "l'inde" -> 'inde'); 'laos'
    keeps its 'la'. The resolver tries a key with its article first, so 'El Salvador'
    is never read as 'Salvador'.
    """
    for language in languages:
        for article in ARTICLES[language]:
            if article.endswith("'"):
                rest = key[len(article):].lstrip() if key.startswith(article) else ""
            else:
                rest = key[len(article) + 1:] if key.startswith(article + " ") else ""
            if rest:
                return rest
    return None


def _split_parentheses(label: str) -> tuple[str, str | None]:
    match = _TRAILING_PARENTHESES.match(label)
    return (match["base"], match["qualifier"]) if match else (label, None)


def _split_inverted(label: str) -> tuple[str, str] | None:
    """('Korea', 'Republic of') for 'Korea, Republic of'; None without exactly one comma."""
    depth, commas = 0, []
    for position, char in enumerate(label):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            commas.append(position)
    if len(commas) != 1:
        return None
    head, tail = label[: commas[0]].strip(), label[commas[0] + 1:].strip()
    return (head, tail) if head and tail else None


def name_forms(label: str) -> tuple[str, ...]:
    """The label and the forms a list prints for it, as matching keys.

    An inverted ISO name 'Head, Tail' also gives 'Tail Head' ('Congo, République
    démocratique du' -> 'République démocratique du Congo'; 'République islamique d''
    glues to 'Iran'), that form without a leading article, and 'Head Tail' ('Islas
    Vírgenes, Británicas' -> 'Islas Vírgenes Británicas'). A trailing part in
    parentheses stays at the end ('Malouines, Îles (Falkland)' -> 'Îles Malouines
    (Falkland)'). Other labels give only themselves.
    """
    core, parentheses = _split_parentheses(label)
    suffix = f" ({parentheses})" if parentheses is not None else ""
    forms = [normalise(label)]
    inverted = _split_inverted(core)
    if inverted:
        head, tail = inverted
        glue = "" if tail.endswith("'") or tail.endswith("\u2019") else " "
        turned = normalise(f"{tail}{glue}{head}{suffix}")
        forms += [turned, normalise(f"{head} {tail}{suffix}")]
        without_article = strip_article(turned)
        if without_article:
            forms.append(without_article)
    return tuple(dict.fromkeys(forms))


def qualifier_key(text: str) -> tuple[str, ...]:
    """Comparable form of a state-form qualifier: canonical words, sorted, fillers dropped.

    'Rep.', 'Republic', 'República' and 'République' all give ('republic',);
    'Democratic Rep.' and 'République démocratique' give ('democratic', 'republic').
    """
    words = []
    for word in normalise(text).split():
        word = word.rstrip(".")
        if word and word not in _QUALIFIER_FILLERS:
            words.append(_QUALIFIER_CANONICAL.get(word, word))
    return tuple(sorted(words))


def label_qualifiers(label: str) -> set[tuple[str, ...]]:
    """Qualifiers a name gives its country: the part in parentheses, the second half of an
    inverted name, and the state form before 'of' ('Republic of the Congo' -> republic)."""
    found = set()
    core, parentheses = _split_parentheses(label)
    if parentheses:
        found.add(qualifier_key(parentheses))
    inverted = _split_inverted(core)
    if inverted:
        found.add(qualifier_key(inverted[1]))
    match = _OF_SPLIT.match(clean(core))
    if match:
        found.add(qualifier_key(match["form"] or match["form2"]))
    found.discard(())
    return found


def split_qualifier(name: str) -> tuple[str, str] | None:
    """('Bermuda', 'UK') for 'Bermuda (UK)'; None if the name does not end in parentheses."""
    base, qualifier = _split_parentheses(clean(name))
    if qualifier is None or not qualifier.strip():
        return None
    return base, qualifier.strip()


@functools.cache
def translated_names(language: str) -> tuple[tuple[str, str], ...]:
    """(ISO3, name) for every ISO 3166-1 name, official name and common name in a language.

    Read from pycountry's gettext catalogues `iso3166-1` (installed with pycountry,
    no network); for 'pt' both the European and the Brazilian catalogues. A name the
    catalogue does not translate comes back in English, as gettext returns it.
    """
    import pycountry

    if language not in CATALOGUES:
        raise ValueError(f"no translations for language {language!r}; known: {', '.join(CATALOGUES)}")
    names = []
    for catalogue in CATALOGUES[language]:
        try:
            translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[catalogue])
        except OSError as error:
            raise RuntimeError(f"pycountry's {catalogue!r} catalogue iso3166-1 is missing from "
                               f"{pycountry.LOCALES_DIR}: reinstall pycountry ({error})") from error
        for country in pycountry.countries:
            for attribute in NAME_ATTRIBUTES:
                english = getattr(country, attribute, None)
                if english:
                    names.append((country.alpha_3, translation.gettext(english)))
    return tuple(dict.fromkeys(names))

"""The words the draft extractor (:mod:`analysis.extract`) reads around a number, by language.

Every table maps a language ('en', 'fr', 'es', 'pt') to regular-expression fragments matched on
casefolded text at the start of a word ('victim' matches 'victims'; a fragment ending in
``\\b`` must end the word: 'vols?\\b' is 'vol' or 'vols', not 'volontaires'). They are general
words of the four languages for the things the operations count, written from the languages
(a dictionary's forms: singular and plural, masculine and feminine), not from the releases
the extractor is measured on (docs/extractor.md says how this was kept apart).

- :data:`METRIC_NOUNS`: the noun after a number that names its metric ('1,426 potential
  victims', '12 992 migrantes', '289 arrestations');
- :data:`PERSON_NOUNS`: nouns for people that name no metric by themselves ('195 people',
  '64 personnes'); :data:`SUSPECT_NOUNS` and :data:`OFFENDER_NOUNS` ('suspects';
  'traffickers', 'passeurs'), whose metric depends on the verb;
- :data:`VERBS`: verbs (and their nouns: 'arrested', 'the arrest of', 'detuvieron a') that
  give the metric of a number of people: ``arrest``, ``rescue``, ``identify``, ``check``;
- :data:`CHARGES`: a trafficking or smuggling charge after an arrest count ('for human
  trafficking', 'por delitos de trata'); :data:`OTHER_OFFENCES`: words that make the charge
  one of several ('passport forgery', 'other offences');
- :data:`PART_BEFORE` / :data:`PART_AFTER`: words that make a number a part of the figure
  before it ('including 153 children', '850 of which', 'dont 412 mineurs');
- :data:`ORIGIN_BEFORE`: 'from', 'originaires de': 'N countries' after them are countries of
  origin, not countries taking part; :data:`PEOPLE_KINDS`: the people a count of origins is
  about (participants, victims, migrants);
- :data:`LOCAL_SUBJECTS`: the nouns of a sentence whose subject is one country's police
  ('Authorities in Ecuador', 'Sudanese police', 'la police malienne');
- :data:`MEETINGS`: a meeting, conference or training, whose participants are not the
  operation's.
"""

from __future__ import annotations

# metric -> language -> noun fragments. Order matters only between fragments that start at
# the same word: the longer match wins ('border checkpoints' before 'checks').
METRIC_NOUNS: dict[str, dict[str, tuple[str, ...]]] = {
    "child_victims": {
        "en": ("minors?\\b", "child", "girls?\\b", "boys?\\b", "underage victim", "teenage"),
        "fr": ("mineur", "enfant", "fillettes?\\b", "jeunes filles", "garçons?\\b", "adolescent"),
        "es": ("menores\\b", "menor de edad", "niñ[oa]s?\\b", "adolescentes?\\b"),
        "pt": ("menores\\b", "crianças?\\b", "menin[oa]s?\\b", "adolescentes?\\b"),
    },
    "potential_victims": {
        "en": ("victim", "survivor"),
        "fr": ("victime", "personnes secourues", "survivant"),
        "es": ("víctima", "victima", "sobreviviente"),
        "pt": ("vítima", "vitima", "sobrevivente"),
    },
    "irregular_migrants": {
        "en": ("migrant", "undocumented", "irregular migrant"),
        "fr": ("migrant",),
        "es": ("migrante",),
        "pt": ("migrante",),
    },
    "arrests": {
        "en": ("arrests?\\b",),
        "fr": ("arrestation", "interpellation"),
        "es": ("detenci[oó]n", "detenciones", "arrestos?\\b", "aprehensi[oó]n", "aprehensiones", "capturas?\\b"),
        "pt": ("pris[aã]o", "prisões", "detenç", "capturas?\\b"),
    },
    "investigations_opened": {
        "en": ("investigation", "inquir", "probes?\\b", "cases?\\b"),
        "fr": ("enquête", "procédure", "dossiers?\\b", "investigation"),
        "es": ("investigaci", "causas?\\b", "casos?\\b", "pesquisas?\\b"),
        "pt": ("investigaç", "inquérito", "casos?\\b"),
    },
    "officers_deployed": {
        "en": ("officers?\\b", "police officer", "law enforcement officer", "personnel", "agents?\\b", "troops?\\b"),
        "fr": ("agents?\\b", "policiers?\\b", "gendarmes?\\b", "fonctionnaires?\\b", "officiers?\\b", "effectifs?\\b"),
        "es": ("agentes?\\b", "funcionari[oa]s?\\b", "polic[ií]as?\\b", "efectivos?\\b", "oficiales?\\b"),
        "pt": ("agentes?\\b", "policiais?\\b", "oficiais?\\b", "servidores?\\b", "efetivos?\\b"),
    },
    "flights_monitored": {
        "en": ("flights?\\b",),
        "fr": ("vols?\\b",),
        "es": ("vuelos?\\b",),
        "pt": ("voos?\\b",),
    },
    "participating_countries": {
        "en": ("countr", "member countr", "nations?\\b", "states?\\b"),
        "fr": ("pays\\b", "états?\\b"),
        "es": ("pa[ií]s", "naciones\\b", "estados?\\b"),
        "pt": ("pa[ií]s", "nações", "estados?\\b"),
    },
    "nationalities": {  # victim_nationalities or migrant_nationalities, by the people they are of
        "en": ("nationalit",),
        "fr": ("nationalit",),
        "es": ("nacionalidad",),
        "pt": ("nacionalidade",),
    },
    "fraudulent_documents_detected": {
        "en": ("fraudulent (?:travel |identity )?(?:document|passport)", "(?:false|fake|forged|counterfeit|stolen) "
               "(?:travel |identity )?(?:document|passport|id)"),
        "fr": ("(?:faux|fausses) (?:documents?|passeports?|pièces)", "documents? (?:frauduleux|falsifiés?|faux)",
               "passeports? (?:frauduleux|falsifiés?|faux)"),
        "es": ("documentos? (?:falsos?|fraudulentos?|falsificados?)", "pasaportes? (?:falsos?|falsificados?)"),
        "pt": ("documentos? (?:falsos?|fraudulentos?|falsificados?)", "passaportes? (?:falsos?|falsificados?)"),
    },
    "database_hits": {
        "en": ("hits?\\b", "match(?:es)?\\b"),
        "fr": ("correspondances?\\b", "concordances?\\b"),
        "es": ("coincidencias?\\b", "concordancias?\\b"),
        "pt": ("correspondências?\\b", "coincidências?\\b"),
    },
    "checks": {  # database_checks, or checks_or_inspections when no database is named
        "en": ("checks?\\b", "controls?\\b", "screenings?\\b", "searches\\b", "queries\\b"),
        "fr": ("contrôles?\\b", "vérifications?\\b", "consultations?\\b", "interrogations?\\b"),
        "es": ("controles?\\b", "verificaciones\\b", "verificación\\b", "consultas?\\b", "revisiones\\b"),
        "pt": ("controlos?\\b", "controles?\\b", "verificações", "verificação", "consultas?\\b"),
    },
    "checks_or_inspections": {  # inspections of places and people, never of a database
        "en": ("inspections?\\b", "raids?\\b", "patrols?\\b"),
        "fr": ("inspections?\\b", "fouilles?\\b", "descentes?\\b", "perquisitions?\\b"),
        "es": ("inspecciones\\b", "inspección\\b", "registros?\\b", "allanamientos?\\b", "redadas?\\b"),
        "pt": ("inspeções", "inspeção", "fiscalizaç", "revistas?\\b", "buscas?\\b"),
    },
    "criminal_groups_dismantled": {
        "en": ("criminal (?:group|network|organi[sz]ation|gang|ring)", "(?:organi[sz]ed )?crime group",
               "organi[sz]ed criminal", "networks?\\b", "gangs?\\b", "rings?\\b", "syndicates?\\b"),
        "fr": ("réseaux?\\b", "groupes? criminels?", "organisations? criminelles?", "bandes?\\b", "filières?\\b"),
        "es": ("red(?:es)?\\b", "grupos? (?:criminal|delictiv)", "organizaci(?:ón|ones) (?:criminal|delictiv)",
               "bandas?\\b"),
        "pt": ("redes?\\b", "grupos? criminosos?", "organizaç(?:ão|ões) criminosas?", "quadrilhas?\\b"),
    },
    "border_points_monitored": {
        "en": ("border (?:point|crossing|checkpoint|post)", "checkpoints?\\b", "crossing points?\\b",
               "border control points?\\b", "points? of entry"),
        "fr": ("postes? frontière", "postes?-frontière", "points? de passage", "postes? de contrôle"),
        "es": ("puestos? fronterizos?", "pasos? fronterizos?", "puntos? fronterizos?", "puestos? de control"),
        "pt": ("postos? de fronteira", "postos? fronteiriços?", "pontos? de passagem", "postos? de controle"),
    },
    "vehicles_checked": {
        "en": ("vehicles?\\b", "cars?\\b", "trucks?\\b", "buses\\b"),
        "fr": ("véhicules?\\b",),
        "es": ("vehículos?\\b",),
        "pt": ("veículos?\\b",),
    },
    "documents_checked": {
        "en": ("documents?\\b", "passports?\\b"),
        "fr": ("documents?\\b", "passeports?\\b"),
        "es": ("documentos?\\b", "pasaportes?\\b"),
        "pt": ("documentos?\\b", "passaportes?\\b"),
    },
    "locations_inspected": {
        "en": ("locations?\\b", "sites?\\b", "premises\\b", "hotspots?\\b", "venues?\\b", "establishments?\\b"),
        "fr": ("lieux\\b", "sites?\\b", "établissements?\\b", "locaux\\b"),
        "es": ("lugares\\b", "locales\\b", "establecimientos?\\b", "sitios?\\b"),
        "pt": ("locais\\b", "estabelecimentos?\\b", "sítios?\\b"),
    },
    "firearms_seized": {
        "en": ("firearms?\\b", "weapons?\\b", "guns?\\b"),
        "fr": ("armes?\\b",),
        "es": ("armas?\\b",),
        "pt": ("armas?\\b",),
    },
    "notices_issued": {
        "en": ("(?:interpol |red |blue |yellow )?notices?\\b", "diffusions?\\b"),
        "fr": ("notices?\\b", "diffusions?\\b"),
        "es": ("notificaci", "notificaciones", "difusi"),
        "pt": ("notificaç", "difusões", "difusão"),
    },
    "criminal_assets_seized": {
        "en": ("(?:criminal )?assets?\\b", "(?:criminal )?merchandise", "items?\\b"),
        "fr": ("avoirs?\\b", "biens?\\b", "objets?\\b", "marchandises?\\b"),
        "es": ("bienes\\b", "objetos?\\b", "mercancías?\\b", "activos?\\b"),
        "pt": ("bens\\b", "objetos?\\b", "mercadorias?\\b", "ativos?\\b"),
    },
    "coordination_units": {
        "en": ("(?:operational )?co-?ordination (?:units?|centres?|centers?)",),
        "fr": ("(?:unités?|cellules?|centres?) (?:opérationnel(?:le)?s? )?de coordination",),
        "es": ("(?:unidades?|centros?|células?) (?:operativ[oa]s? )?de coordinación",),
        "pt": ("(?:unidades?|centros?|células?) (?:operacionais |operacional )?de coordenação",),
    },
    "specialised_units": {
        "en": ("speciali[sz]ed (?:units?|teams?)",),
        "fr": ("unités? spécialisées?",),
        "es": ("unidades? especializadas?",),
        "pt": ("unidades? especializadas?",),
    },
}

# Nouns for people that name no metric on their own; their metric comes from the verb.
PERSON_NOUNS = {
    "en": ("people\\b", "persons?\\b", "individuals?\\b", "men\\b", "women\\b", "adults?\\b", "nationals?\\b",
           "workers?\\b", "citizens?\\b", "foreigners?\\b"),
    "fr": ("personnes?\\b", "individus?\\b", "hommes?\\b", "femmes?\\b", "adultes?\\b", "ressortissants?\\b",
           "travailleu", "étrangers?\\b"),
    "es": ("personas?\\b", "individuos?\\b", "hombres?\\b", "mujeres?\\b", "adultos?\\b", "ciudadan[oa]s?\\b",
           "nacionales\\b", "trabajador", "extranjer[oa]s?\\b"),
    "pt": ("pessoas?\\b", "indivíduos?\\b", "homens?\\b", "mulheres?\\b", "adultos?\\b", "cidadãos?\\b",
           "nacionais\\b", "trabalhador", "estrangeir[oa]s?\\b"),
}
SUSPECT_NOUNS = {
    "en": ("suspects?\\b", "suspected (?:criminals?|offenders?|perpetrators?)", "offenders?\\b", "perpetrators?\\b",
           "criminals?\\b", "fugitives?\\b"),
    "fr": ("suspects?\\b", "présumés?\\b", "auteurs?\\b", "délinquants?\\b", "criminels?\\b", "fugitifs?\\b"),
    "es": ("sospechos[oa]s?\\b", "presunt[oa]s?\\b", "delincuentes?\\b", "criminales?\\b", "prófugos?\\b"),
    "pt": ("suspeit[oa]s?\\b", "criminosos?\\b", "infratores?\\b", "foragidos?\\b"),
}
OFFENDER_NOUNS = {  # offenders named by the crimes of the operations: arrests of them are on those charges
    "en": ("(?:suspected |alleged |human |migrant |people )*(?:traffickers?|smugglers?)\\b",),
    "fr": ("(?:présumés? )?(?:trafiquants?|passeurs?|proxénètes?)\\b",),
    "es": ("(?:presuntos? )?(?:traficantes?|tratantes?|coyotes?)\\b",),
    "pt": ("(?:supostos? )?(?:traficantes?|aliciadores?|coiotes?)\\b",),
}

# Verbs and their nouns, in the forms that stand before the number ('arrested 195', 'the
# arrest of 219', 'detuvieron a 195', 'ont interpellé 195') or after it ('195 arrested',
# '64 personnes interpellées', '205 suspects identified').
VERBS: dict[str, dict[str, tuple[str, ...]]] = {
    "arrest": {
        "en": ("arrest", "detain", "apprehend", "nabb", "netted", "rounded up", "taken into custody", "held\\b",
               "captur"),
        "fr": ("arrêt", "interpell", "appréhend", "placés? en garde à vue", "écroué"),
        "es": ("detuv", "deten", "detien", "arrest", "aprehend", "captur"),
        "pt": ("pres[oa]s?\\b", "prend", "prisão", "prisões", "detid", "deteve", "detiveram", "detenç", "captur"),
    },
    "rescue": {
        "en": ("rescu", "saved\\b", "freed\\b", "safeguarded", "liberated", "removed from"),
        "fr": ("secour", "sauv", "libéré", "libération", "délivr", "soustrait", "mis à l'abri", "mises à l'abri"),
        "es": ("rescat", "liberad", "liberó", "liberaron", "liberación", "salvad", "poner a salvo",
               "puest[oa]s a salvo"),
        "pt": ("resgat", "libertad", "libertou", "libertaram", "libertação", "salv"),
    },
    "identify": {
        "en": ("identif", "detected", "uncovered", "located", "found\\b"),
        "fr": ("identifi", "repér", "détect"),
        "es": ("identific", "detect", "localiz"),
        "pt": ("identific", "detect", "localiz"),
    },
    "check": {
        "en": ("checked", "screened", "controlled", "inspected", "examined", "verified", "checks? (?:of|on)"),
        "fr": ("contrôl", "vérifi", "inspect", "fouill"),
        "es": ("control", "verific", "inspeccion", "revis"),
        "pt": ("control", "verific", "inspeccion", "fiscaliz", "revist"),
    },
}

# A charge of trafficking or smuggling after an arrest count ('for human trafficking', 'on
# smuggling charges', 'por delitos de trata', 'pour traite'), within its clause.
CHARGES = {
    "en": ("(?:for|on|over|linked to|tied to|related to|connected (?:to|with)|in connection with|on charges of|"
           "on suspicion of|specifically on)(?: \\w+){0,3} (?:traffick|smuggl|sexual exploitation|forced labou?r)",),
    "fr": ("(?:pour|liées? à|liés à|en lien avec|dans le cadre de)(?: [\\w']+){0,4} (?:traite|trafic|passeur|"
           "exploitation sexuelle|travail forcé)",),
    "es": ("(?:por|vinculad[oa]s (?:a|con)|relacionad[oa]s con)(?: \\w+){0,4} (?:trata|tráfico|explotación sexual|"
           "trabajo forzoso)",),
    "pt": ("(?:por|ligad[oa]s (?:a|ao|à)|relacionad[oa]s (?:a|ao|com))(?: \\w+){0,4} (?:tráfico|contrabando|"
           "exploração sexual|trabalho forçado)",),
}
OTHER_OFFENCES = {
    "en": ("other (?:crime|offen|charge)", "forgery", "fraud", "corruption", "drug", "theft", "robbery", "murder",
           "money laundering", "firearm"),
    "fr": ("autres (?:crimes|délits|infractions)", "faux", "fraude", "corruption", "drogue", "stupéfiant", "vol\\b",
           "meurtre", "blanchiment"),
    "es": ("otros (?:crímenes|delitos)", "falsificación", "fraude", "corrupción", "droga", "robo", "homicidio",
           "lavado"),
    "pt": ("outros (?:crimes|delitos)", "falsificação", "fraude", "corrupção", "droga", "roubo", "homicídio",
           "lavagem"),
}

# A number after these words is a part of the figure printed just before it.
PART_BEFORE = {
    "en": ("including", "incl\\.", "among them", "among whom", "of whom", "of which", "of these", "of them"),
    "fr": ("dont", "parmi lesquel(?:le)?s", "parmi eux", "parmi elles", "y compris", "notamment"),
    "es": ("entre ell[oa]s", "de l[oa]s cuales", "incluid[oa]s", "incluyendo", "incluso"),
    "pt": ("entre el[ea]s", "d[oa]s quais", "incluindo", "inclusive", "incluíd[oa]s"),
}
PART_AFTER = {  # after the number: '850 of which', '15 of whom'; 'of those arrests' names its own noun
    "en": ("of (?:which|whom|them)\\b",),
    "fr": ("d'entre (?:eux|elles)", "parmi (?:eux|elles)"),
    "es": ("de ell[oa]s\\b",),
    "pt": ("del[ea]s\\b",),
}

# 'N countries' after these words are countries of origin ('from 64 countries'): of victims
# or migrants, by the people named before; of participants ('officers from 43 countries').
ORIGIN_BEFORE = {
    "en": ("from", "originating from", "coming from", "originating in", "hailing from"),
    "fr": ("de", "des", "d'", "originaires de", "originaires des", "venant de", "issus de", "en provenance de"),
    "es": ("de", "procedentes de", "provenientes de", "originari[oa]s de", "oriund[oa]s de"),
    "pt": ("de", "procedentes de", "provenientes de", "originári[oa]s de", "oriund[oa]s de"),
}
PEOPLE_KINDS: dict[str, dict[str, tuple[str, ...]]] = {
    "participating_countries": {
        "en": ("officers?\\b", "officials?\\b", "agenc", "authorit", "police", "law enforce", "enforcers?\\b",
               "participants?\\b", "delegat", "representatives?\\b", "experts?\\b", "investigators?\\b",
               "prosecutors?\\b", "participation"),
        "fr": ("agents?\\b", "policiers?\\b", "fonctionnaires?\\b", "services\\b", "autorités?\\b", "police",
               "participants?\\b", "délégu", "représentants?\\b", "experts?\\b", "enquêteurs?\\b", "participation"),
        "es": ("agentes?\\b", "funcionari", "organismos?\\b", "autoridades?\\b", "polic", "participantes?\\b",
               "delegad", "representantes?\\b", "expert", "investigadores?\\b", "participación"),
        "pt": ("agentes?\\b", "funcionári", "órgãos?\\b", "autoridades?\\b", "polic", "participantes?\\b",
               "delegad", "representantes?\\b", "especialistas?\\b", "investigadores?\\b", "participação"),
    },
    "victim_nationalities": {
        "en": ("victims?\\b", "survivors?\\b", "women\\b", "children\\b", "men\\b", "girls?\\b", "boys?\\b",
               "minors?\\b"),
        "fr": ("victimes?\\b", "femmes?\\b", "enfants?\\b", "hommes?\\b", "filles?\\b", "mineur"),
        "es": ("víctimas?\\b", "mujeres\\b", "niñ[oa]s\\b", "hombres\\b", "menores\\b"),
        "pt": ("vítimas?\\b", "mulheres\\b", "crianças\\b", "homens\\b", "menores\\b"),
    },
    "migrant_nationalities": {
        "en": ("migrants?\\b",),
        "fr": ("migrants?\\b",),
        "es": ("migrantes?\\b",),
        "pt": ("migrantes?\\b",),
    },
}

# A sentence about one country's police: 'Authorities in Ecuador arrested 8 suspects',
# 'Sudanese police rescued 100 victims', 'La police malienne a délivré...'.
LOCAL_SUBJECTS = {
    "en": ("police", "authorities", "officers", "officials", "law enforcement", "investigators", "prosecutors",
           "border guards", "gendarmes", "customs"),
    "fr": ("police", "autorités", "gendarmerie", "policiers", "enquêteurs", "douanes", "services"),
    "es": ("policía", "autoridades", "agentes", "fiscalía", "investigadores", "carabineros", "gendarmería"),
    "pt": ("polícia", "autoridades", "agentes", "investigadores", "guarda"),
}
# Prepositions that put a sentence in a place: 'In Italy, police...', 'Au Mali, ...'.
IN_PLACE = {"en": ("in",), "fr": ("en", "au", "aux", "à"), "es": ("en",), "pt": ("em", "no", "na", "nos", "nas")}

# A sentence about a meeting: the countries and people in it are the meeting's, not the operation's.
MEETINGS = {
    "en": ("meeting", "conference", "workshop", "training session", "seminar", "forum"),
    "fr": ("réunion", "conférence", "atelier", "séminaire", "forum"),
    "es": ("reunión", "conferencia", "taller", "capacitación", "seminario", "foro"),
    "pt": ("reunião", "conferência", "oficina", "capacitação", "seminário", "fórum"),
}

PRESS = r"press conference|conférence de presse|conferencia de prensa|rueda de prensa|conferência de imprensa"

# Words that make money seized: a seizure verb in the sentence, or 'in cash' after the amount.
SEIZED = {
    "en": ("seiz", "confiscat", "recovered", "in cash\\b", "cash\\b"),
    "fr": ("sais", "confisqu", "en espèces", "en liquide"),
    "es": ("incaut", "decomis", "confisc", "en efectivo"),
    "pt": ("apreend", "confisc", "em dinheiro", "em espécie"),
}
CANNABIS = {
    "en": ("(?:tons?|tonnes?) of (?:cannabis|marijuana|hashish)",),
    "fr": ("tonnes? de (?:cannabis|haschich|résine de cannabis)",),
    "es": ("toneladas? de (?:cannabis|marihuana|hachís)",),
    "pt": ("toneladas? de (?:cannabis|maconha|haxixe)",),
}
# The words that say checks were made against the databases ('against INTERPOL's databases').
DATABASES = ("interpol", "database", "base de donn", "bases de donn", "bases? de datos", "bancos? de dados",
             "bases? de dados", "i-24/7")

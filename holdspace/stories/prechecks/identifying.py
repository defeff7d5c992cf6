"""Finding details that could identify other people in a story: names,
employers, schools, places, exact dates, contact details and handles.

Each finder returns (category, start, end) spans. Earlier finders claim their
text first, so "Lincoln High School" is a school and not a name, and a date's
month is not taken for a person.
"""
import re
from collections.abc import Iterator
from itertools import islice

import phonenumbers

from holdspace.stories.prechecks import lexicon

Span = tuple[str, int, int]

UPPER = "A-ZÁÉÍÓÚÑÜÀÈÌÒÙÇÂÊÎÔÛËÏŸŒÆ"
WORD = r"[\w'’.-]"
# A capitalised word, read from its start only and never given back letter by letter (a possessive
# repeat), so a long run of capitals costs time in proportion to its length, not its square.
CAPITALISED = rf"(?<![\w'’.-])[{UPPER}]{WORD}*+"
# A run of up to seven capitalised words, allowing the little words inside names ("Bank of Spain",
# "Colegio de San José", "Garnier et Associés"); bounded for the same reason.
_LITTLE = r"(?:of|the|and|de|del|la|las|los|y|du|des|et|&)"
CAPITALISED_RUN = rf"{CAPITALISED}(?:\s+(?:{_LITTLE}\s+)?{CAPITALISED}){{0,6}}"
# The same in French, where the run may also start straight after an elided article or "de" ("l'Université",
# "d'Angers").
FR_RUN = rf"(?:(?<=[lLdD]['’])[{UPPER}]{WORD}*+(?:\s+(?:{_LITTLE}\s+)?{CAPITALISED}){{0,6}}|{CAPITALISED_RUN})"
_FR_OF = r"(?:(?:de\s+la|de\s+l['’]|du|des|de|d['’]|Saint|Sainte)\s*)"
ORDINAL = r"(?:st|nd|rd|th)?"

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)+")
URL = re.compile(r"(?:https?://|www\.)\S+|\b(?:instagram|facebook|fb|twitter|x|tiktok|linkedin|snapchat|youtube|"
                 r"onlyfans|t)\.(?:com|me)/\S+", re.IGNORECASE)
HANDLE = re.compile(r"(?<![\w@])@[A-Za-z0-9_.]{2,30}")
PHONE_REGIONS = ("GB", "US", "ES", "MX", "AR", "CO")
MIN_PHONE_DIGITS = 7
PHONE_CANDIDATE = re.compile(r"(?<![\d+])\+?\(?\d[\d\s().-]{5,24}\d(?!\d)")
# Nobody needs more notes than this on one part of a story; past it, more would only cost time.
MAX_FLAGS = 100
MAX_PHONE_CANDIDATES = 40

_months_en = "|".join(lexicon.MONTHS_EN)
_months_es = "|".join(lexicon.MONTHS_ES)
DATES = [
    re.compile(rf"\b\d{{1,2}}{ORDINAL}\s+(?:of\s+)?(?:{_months_en})\.?(?:,?\s+\d{{4}})?\b"),
    re.compile(rf"\b(?:{_months_en})\.?\s+\d{{1,2}}{ORDINAL}\b(?:,?\s+\d{{4}})?"),
    re.compile(rf"\b\d{{1,2}}\s+de\s+(?:{_months_es})(?:\s+(?:de|del)\s+\d{{4}})?\b", re.IGNORECASE),
    re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})\b"),
    re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
    re.compile(rf"\b(?:{'|'.join(re.escape(h) for h in lexicon.HOLIDAYS_EN + lexicon.HOLIDAYS_ES)})"
               rf"(?:\s+(?:of\s+|de\s+|del\s+)?\d{{4}})\b"),
]

_school_en = "|".join(re.escape(w) for w in lexicon.SCHOOL_WORDS_EN)
_school_es = "|".join(re.escape(w) for w in lexicon.SCHOOL_STARTS_ES)
SCHOOLS = [
    re.compile(rf"(?:{CAPITALISED}\s+){{1,6}}(?:{_school_en})\b"),
    re.compile(rf"\b(?:University|College|Academy|Institute)\s+of\s+{CAPITALISED_RUN}"),
    re.compile(rf"\b(?:{_school_es})\s+(?:(?:de|del|de la|de los|San|Santa)\s+)*{CAPITALISED_RUN}"),
]

_endings = "|".join(re.escape(w) for w in lexicon.EMPLOYER_ENDINGS)
_starts = "|".join(re.escape(w) for w in lexicon.EMPLOYER_STARTS)
EMPLOYERS = [
    re.compile(rf"{CAPITALISED_RUN}\s+(?:{_endings})(?![\w])(?:\s+{CAPITALISED_RUN})?"),
    re.compile(rf"\b(?:{_starts})\s+{CAPITALISED_RUN}"),
    re.compile(rf"\b(?:work|works|worked|working|job|jobs|employed|hired|interned|internship|shift|shifts|manager|"
               rf"boss|colleagues?|coworkers?)\s+(?:at|for|by|with)\s+(?:the\s+)?(?P<name>{CAPITALISED_RUN})"),
    re.compile(rf"\b(?:trabaj\w*|empleo|empleado|empleada|contrat\w+|jefe|jefa|compañer[oa]s?|puesto|prácticas|"
               rf"turno)\s+(?:en|para|de)\s+(?:la\s+|el\s+)?(?P<name>{CAPITALISED_RUN})"),
    re.compile(rf"\b(?:the\s+company|the\s+firm|la\s+empresa|la\s+compañía|la\s+firma|la\s+agencia)\s+"
               rf"(?P<name>{CAPITALISED_RUN})"),
]

_streets_en = "|".join(re.escape(w) for w in lexicon.STREET_WORDS_EN)
_streets_es = "|".join(re.escape(w) for w in lexicon.STREET_STARTS_ES)
_venues_en = "|".join(re.escape(w) for w in lexicon.VENUE_WORDS_EN)
_venues_lower_en = "|".join(re.escape(w) for w in lexicon.VENUE_WORDS_LOWER_EN)
_venues_es = "|".join(re.escape(w) for w in lexicon.VENUE_STARTS_ES)
PLACES = [
    re.compile(rf"\b\d+[A-Za-z]?\s+{CAPITALISED_RUN}\s+(?:{_streets_en})\b\.?"),
    re.compile(rf"(?:{CAPITALISED}\s+){{1,6}}(?:{_streets_en})\b"),
    re.compile(rf"(?<!\w)(?i:{_streets_es})\s+(?:(?:de|del|de la|de los)\s+)?{CAPITALISED_RUN}(?:,?\s*(?:n\.?º\s*)?\d+)?"),
    re.compile(rf"(?:{CAPITALISED}\s+){{1,6}}(?i:{_venues_en})\b"),
    re.compile(rf"\b(?:the\s+)?(?:{_venues_lower_en})\s+(?:called|named)\s+{CAPITALISED_RUN}"),
    # "outside the Red Lantern", "at the Crown and Anchor": a named venue.
    re.compile(rf"\b(?i:at|outside|inside|near|behind|in\s+front\s+of|opposite)\s+(?i:the)\s+{CAPITALISED_RUN}"),
    re.compile(rf"\b(?i:{_venues_es})\s+(?:(?:el|la|los|las|de|del)\s+)?{CAPITALISED_RUN}"),
]
# A capitalised word after "in", "from", "en", "desde" and the like is taken for a place.
PLACE_CUE = re.compile(
    rf"\b(?:in|from|near|outside|around|of|en|desde|cerca\s+de|hacia|de|a\s+las\s+afueras\s+de|"
    rf"(?:moved|move|moving|went|go|going|travell?ed|drove|flew|came|back|way|trip|train|bus|flight)\s+to|"
    rf"(?:mud\w+|fui|fue|fuimos|fueron|vin\w+|viaj\w+|volv\w+|ir|vivir|lleg\w+|camino|viaje|tren|vuelo)\s+a)\s+"
    rf"(?P<name>{CAPITALISED_RUN})"
)

_months_fr = "|".join(lexicon.MONTHS_FR)
_school_fr = "|".join(re.escape(w) for w in lexicon.SCHOOL_STARTS_FR)
_endings_fr = "|".join(re.escape(w) for w in lexicon.EMPLOYER_ENDINGS_FR)
_starts_fr = "|".join(re.escape(w) for w in lexicon.EMPLOYER_STARTS_FR)
_streets_fr = "|".join(re.escape(w) for w in lexicon.STREET_STARTS_FR)
_venues_fr = "|".join(re.escape(w) for w in lexicon.VENUE_STARTS_FR)
# Looked for only in a story written in French, besides everything above.
BY_LANGUAGE: dict[str, dict[str, list[re.Pattern]]] = {
    "fr": {
        "date": [
            re.compile(rf"\b\d{{1,2}}(?:er)?\s+(?:{_months_fr})(?:\s+\d{{4}})?\b", re.IGNORECASE),
            re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(h) for h in lexicon.HOLIDAYS_FR)})\s+(?:de\s+|d['’]|en\s+)?"
                       rf"\d{{4}}\b", re.IGNORECASE),
        ],
        "school": [
            re.compile(rf"(?<!\w)(?:{_school_fr})\s+{_FR_OF}{{0,3}}{FR_RUN}"),
        ],
        "employer": [
            re.compile(rf"{CAPITALISED_RUN}\s+(?:{_endings_fr})(?![\w])"),
            re.compile(rf"\b(?:{_starts_fr})\s+{_FR_OF}?{FR_RUN}"),
            re.compile(rf"\b(?i:travaill\w*|boulot|emploi|embauch\w*|stage|stagiaire|poste|patron|patronne|chef|cheffe|"
                       rf"collègues?|équipe|intérim|CDD|CDI)\s+(?i:chez|pour|à\s+la|au)\s+(?P<name>{FR_RUN})"),
            re.compile(rf"\b(?i:l['’]entreprise|la\s+société|le\s+cabinet|l['’]agence|la\s+boîte|le\s+groupe|"
                       rf"l['’]usine|le\s+magasin)\s+(?P<name>{FR_RUN})"),
            # "chez Garnier", "Chez Transports Maréchal": a workplace unless it is a first name.
            re.compile(rf"(?<!\w)(?i:chez)\s+(?P<name>{CAPITALISED_RUN})"),
        ],
        "place": [
            re.compile(rf"(?<!\w)(?:\d+\s*(?:bis|ter)?,?\s+)?(?i:{_streets_fr})\s+{_FR_OF}?{FR_RUN}"),
            re.compile(rf"(?<!\w)(?i:{_venues_fr})\s+{_FR_OF}?{FR_RUN}"),
        ],
        "place_cue": [
            re.compile(
                rf"(?:,\s*à|(?<!\w)(?i:en|depuis|près\s+de|vers|à\s+côté\s+de|aux\s+alentours\s+de|"
                rf"(?:habit\w*|vi[vt]\w*|vécu|déménag\w*|parti\w*|allée?s?|all\w+|rentr\w+|retourn\w+|venue?s?|"
                rf"arriv\w+|née?|grandi|install\w+|train|vol|voyage|séjour|vacances|week-end|mutée?|fête|soirée|"
                rf"mariage|appartement|maison|studio|chez\s+(?:moi|elle|lui|nous|eux))\s+(?:à|au|en)))\s+"
                rf"(?P<name>{CAPITALISED_RUN})"),
        ],
    },
}

TITLED_NAME = re.compile(rf"\b(?:{'|'.join(lexicon.TITLES)})\.?\s+{CAPITALISED_RUN}")
CAPITALISED_WORD = re.compile(rf"[{UPPER}][\w'’-]*")
# What may stand before the first word of a sentence: its start, an end mark (with a quote or bracket
# closing after it), a list's mark, a colon, a dash, a slash or Spanish's opening ¿ and ¡.
SENTENCE_START = re.compile(r"(?:^|[.!?…:;\n)\]*•/¿¡—–-])[\s\"“”«»‘’'¿¡()\[\]*•]*$")
# An opening quote or bracket inside a sentence starts a quoted title ("I called it 'What I owe'"): its
# first word may be an ordinary one, capitalised for the title, but a name in quotes is still a name.
QUOTE_START = re.compile(r"[\"“«‘'(\[]$")


# --- Portuguese (pt) ---------------------------------------------------------------------------------------------
# Names of places and firms join their words with "do", "da", "dos", "das" and "e" ("Banco do Brasil"), and end
# at a full stop ("no Holdspace. Diga" is a word and the next sentence).
CAPITALISED_RUN_PT = rf"{CAPITALISED}(?:(?<!\.)\s+(?:(?:de|do|da|dos|das|e|&)\s+)?{CAPITALISED}){{0,6}}"
_months_pt = "|".join(lexicon.MONTHS_PT)
_holidays_pt = "|".join(re.escape(h) for h in lexicon.HOLIDAYS_PT)
_PT_DATES = [
    re.compile(rf"\b\d{{1,2}}º?\s+de\s+(?:{_months_pt})(?:\s+de\s+\d{{4}})?\b", re.IGNORECASE),
    re.compile(rf"\b(?:{_holidays_pt})\s+(?:de\s+)?\d{{4}}\b"),
]
_school_pt = "|".join(re.escape(w) for w in lexicon.SCHOOL_STARTS_PT)
_PT_SCHOOLS = [
    re.compile(rf"\b(?:{_school_pt})\s+(?:(?:de|do|da|dos|das|São|Santa|Santo|Estadual|Municipal|Federal|Técnica|"
               rf"Secundária|Básica)\s+)*{CAPITALISED_RUN_PT}"),
]
_endings_pt = "|".join(re.escape(w) for w in lexicon.EMPLOYER_ENDINGS_PT)
_starts_pt = "|".join(re.escape(w) for w in lexicon.EMPLOYER_STARTS_PT)
# Not a firm but a street, a school or a venue, which are found as places and schools below.
_not_a_firm_pt = rf"(?!(?:{_school_pt}|{'|'.join(re.escape(w) for w in lexicon.STREET_STARTS_PT)})\b)"
_PT_EMPLOYERS = [
    re.compile(rf"{CAPITALISED_RUN_PT}\s+(?:{_endings_pt})(?![\w])"),
    re.compile(rf"\b(?:{_starts_pt})\s+(?:(?:do|da|dos|das|de)\s+)?{CAPITALISED_RUN_PT}"),
    re.compile(rf"\b(?i:trabalh\w*|empregad[oa]|contratad[oa]|estagi\w*|estágio|turno)\s+(?:\w+\s+){{0,3}}?"
               rf"(?:n[oa]|em|para|pel[oa])\s+{_not_a_firm_pt}(?P<name>{CAPITALISED_RUN_PT})"),
    re.compile(rf"\b(?:chefe|gerente|colegas?|emprego|cargo)\s+(?:n[oa]|em)\s+{_not_a_firm_pt}"
               rf"(?P<name>{CAPITALISED_RUN_PT})"),
    re.compile(rf"\b(?:a\s+empresa|a\s+firma|a\s+agência|a\s+companhia|a\s+loja)\s+(?P<name>{CAPITALISED_RUN_PT})"),
]
_streets_pt = "|".join(re.escape(w) for w in lexicon.STREET_STARTS_PT)
_venues_pt = "|".join(re.escape(w) for w in lexicon.VENUE_STARTS_PT)
_PT_PLACES = [
    re.compile(rf"(?<!\w)(?i:{_streets_pt})\s+(?:(?:de|do|da|dos|das)\s+)?{CAPITALISED_RUN_PT}"
               rf"(?:,?\s*(?:n\.?º\s*)?\d+)?"),
    re.compile(rf"\b(?i:{_venues_pt})\s+(?:(?:o|a|os|as|de|do|da|dos|das)\s+)?{CAPITALISED_RUN_PT}"),
    re.compile(rf"\b(?i:{_venues_pt})\s+(?:chamad[oa]|de\s+nome)\s+{CAPITALISED_RUN_PT}"),
]
# A capitalised word after "em", "no", "na", "de", "para" and the like is taken for a place (Portuguese only:
# "no" and "a" mean something else in English and Spanish).
_PT_PLACE_CUE = re.compile(
    rf"\b(?i:em|no|na|nos|nas|de|do|da|dos|das|desde|perto\s+d[eoa]|para|pra|"
    rf"(?:mud\w+|morav\w+|morei|moramos|vivi\w*|fui|fomos|foi|foram|viaj\w+|volt\w+|cheg\w+|ir|ida|voo|viagem)"
    rf"(?:-me|-nos|-se)?\s+(?:para|pra|a|em|de))(?:\s+(?i:o|a|os|as))?\s+(?P<name>{CAPITALISED_RUN_PT})"
)
# Looked for only in a story written in Portuguese, besides everything above.
BY_LANGUAGE["pt"] = {"date": _PT_DATES, "school": _PT_SCHOOLS, "employer": _PT_EMPLOYERS, "place": _PT_PLACES,
                     "place_cue": [_PT_PLACE_CUE]}
PHONE_REGIONS = (*PHONE_REGIONS, "BR", "PT")
DETERMINER_BEFORE_PT = re.compile(r"\b(?i:meu|minha|meus|minhas|seu|sua|seus|suas|nosso|nossa|um|uma|este|esta|"
                                  r"esse|essa|aquele|aquela)\s+$")


def _phone_spans(text: str) -> Iterator[Span]:
    # libphonenumber reads only stretches that look like a number (bounded in length), not the whole story:
    # its matcher slows down on long runs of digits.
    for candidate in islice(PHONE_CANDIDATE.finditer(text), MAX_PHONE_CANDIDATES):
        stretch = candidate.group()
        for region in PHONE_REGIONS:
            for match in phonenumbers.PhoneNumberMatcher(stretch, region, leniency=phonenumbers.Leniency.POSSIBLE):
                if sum(ch.isdigit() for ch in match.raw_string) >= MIN_PHONE_DIGITS:
                    yield ("contact", candidate.start() + match.start, candidate.start() + match.end)


def _group_span(match: re.Match) -> tuple[int, int]:
    if "name" in match.re.groupindex and match.group("name"):
        return match.start("name"), match.end("name")
    return match.start(), match.end()


def _is_ordinary(word: str, language: str = "en") -> bool:
    bare = word.lower().rstrip(".").removesuffix("'s").removesuffix("’s")
    return (
        bare in lexicon.ORDINARY_CAPITALISED or bare.removesuffix("s") in lexicon.ORDINARY_CAPITALISED
        or bare in lexicon.ORDINARY_BY_LANGUAGE.get(language, frozenset()) or bare in lexicon.ROLE_WORDS
        or word.isupper() and len(word) > 1
    )


def _is_first_name(run: str) -> bool:
    """A run that is only a first name ("Thomas"), not a name with more after it ("Thomas Cook")."""
    words = run.split()
    return len(words) == 1 and _bare(words[0]) in lexicon.FIRST_NAMES


def _starts_sentence(text: str, start: int) -> bool:
    return bool(SENTENCE_START.search(text[max(0, start - 6):start]))


def _starts_quote(text: str, start: int) -> bool:
    return bool(QUOTE_START.search(text[max(0, start - 1):start]))


class _Claims:
    """Character ranges already given to a category."""

    def __init__(self) -> None:
        self.spans: list[Span] = []

    def free(self, start: int, end: int) -> bool:
        return all(end <= s or start >= e for _, s, e in self.spans)

    def add(self, category: str, start: int, end: int) -> None:
        if len(self.spans) < MAX_FLAGS and self.free(start, end):
            self.spans.append((category, start, end))


def _run_is_ordinary(run: str, language: str = "en") -> bool:
    words = [w for w in re.split(r"\s+", run) if w and w[0].isupper()]
    return all(_is_ordinary(w, language) for w in words)


def _found_run_is_ordinary(text: str, start: int, end: int, language: str) -> bool:
    """A run as found in the text: a sentence's first word that only starts it ("The bar closed") counts
    as ordinary there, and nowhere else."""
    run = text[start:end]
    first = run.split(maxsplit=1)[0] if run.strip() else ""
    if first and _starts_sentence(text, start) and _bare(first) in lexicon.SENTENCE_STARTERS:
        run = run[len(first):]
    return _run_is_ordinary(run, language)


def find(text: str, *, language: str) -> list[Span]:
    """Every identifying detail in `text`, as (category, start, end), in reading order."""
    claims = _Claims()
    for match in EMAIL.finditer(text):
        claims.add("contact", match.start(), match.end())
    for match in URL.finditer(text):
        claims.add("handle", match.start(), match.end())
    for match in HANDLE.finditer(text):
        claims.add("handle", match.start(), match.end())
    extra = BY_LANGUAGE.get(language, {})
    for pattern in DATES + extra.get("date", []):
        for match in pattern.finditer(text):
            claims.add("date", match.start(), match.end())
    for category, start, end in _phone_spans(text):
        claims.add(category, start, end)
    for pattern in SCHOOLS + extra.get("school", []):
        for match in pattern.finditer(text):
            if not _found_run_is_ordinary(text, match.start(), match.end(), language):
                claims.add("school", match.start(), match.end())
    for pattern in EMPLOYERS + extra.get("employer", []):
        for match in pattern.finditer(text):
            start, end = _group_span(match)
            if _is_first_name(text[start:end]):
                continue  # "chez Thomas": a person's home
            if not _found_run_is_ordinary(text, start, end, language):
                claims.add("employer", start, end)
    for pattern in PLACES + extra.get("place", []):
        for match in pattern.finditer(text):
            if not _found_run_is_ordinary(text, match.start(), match.end(), language):  # "The bar closed"
                claims.add("place", match.start(), match.end())
    for match in TITLED_NAME.finditer(text):
        claims.add("name", match.start(), match.end())
    for match in (m for cue in (PLACE_CUE, *extra.get("place_cue", [])) for m in cue.finditer(text)):
        start, end = match.start("name"), match.end("name")
        first = text[start:end].split()[0]
        before = text[:match.start()].split()[-1:] or [""]
        cue = text[match.start():start].split()[0].lower()
        if cue in {"de", "of", "do", "da", "dos", "das"} and before[0][:1].isupper() \
                and not _is_ordinary(before[0], language):
            continue  # "Jefe de Sección", "Bank of Spain": inside a longer name
        if not _run_is_ordinary(text[start:end], language) and first.lower() not in lexicon.FIRST_NAMES:
            claims.add("place", start, end)
    _names(text, claims, language)
    return sorted(claims.spans, key=lambda span: span[1])


# People are not named after a possessive or an article ("my Manager", "the Anger Log", "la Semana"), nor
# straight after "I" ("I Googled").
DETERMINER_BEFORE = {
    "en": re.compile(r"(?:\b(?i:my|his|her|our|their|the|a|an|this)|\bI)\s+$"),
    "es": re.compile(r"\b(?i:mi|tu|su|sus|nuestro|nuestra|el|la|los|las|un|una|este|esta)\s+$"),
    "pt": DETERMINER_BEFORE_PT,
    "fr": re.compile(r"(?:\b(?i:mon|ma|mes|ton|ta|tes|son|sa|ses|notre|nos|votre|vos|leur|leurs|le|la|les|un|une|des|"
                     r"du|au|aux|ce|cet|cette|ces)\s+|\b(?i:l)['’])$"),
}
WITH_ME_AFTER = re.compile(r"^\s+(?:and\s+I|and\s+me|y\s+yo|et\s+moi)\b")


def _bare(word: str) -> str:
    """The word as the lists hold it: lower case, without a closing quote or a possessive."""
    return word.lower().rstrip("'’").removesuffix("'s").removesuffix("’s")


def _names(text: str, claims: _Claims, language: str) -> None:
    words = list(CAPITALISED_WORD.finditer(text))
    determiner = DETERMINER_BEFORE.get(language, DETERMINER_BEFORE["en"])
    title_end = -10  # end of a run of capitals that began after an article: "The Anger Log"
    # A capital at the start of a sentence or a title says nothing by itself; the same word capitalised
    # inside a sentence does ("Kofi was there. Kofi said...").
    inside = {_bare(match.group()) for match in words
              if not _starts_sentence(text, match.start()) and not _starts_quote(text, match.start())}
    for index, match in enumerate(words):
        word = match.group()
        if not claims.free(match.start(), match.end()) or _is_ordinary(word, language):
            continue
        if determiner.search(text[max(0, match.start() - 12):match.start()]) or match.start() == title_end + 1:
            title_end = match.end()
            continue
        bare = _bare(word)
        # Words that start sentences and titles ("What", "The", "Cuando") are skipped only there, so a name
        # that happens to be one of them ("Al", "Les", "Del") is still caught inside a sentence.
        starter = bare in lexicon.SENTENCE_STARTERS and bare not in inside
        if _starts_sentence(text, match.start()):
            if starter or (bare not in lexicon.FIRST_NAMES and bare not in inside
                           and not WITH_ME_AFTER.match(text[match.end():])):
                continue
        elif starter and _starts_quote(text, match.start()):
            continue
        end = match.end() - (len(word) - len(word.rstrip("'’")))
        # A surname straight after the first name belongs to the same flag.
        following = words[index + 1] if index + 1 < len(words) else None
        if following is not None and text[end:following.start()] == " " and not _is_ordinary(following.group(), language):
            end = following.end()
        claims.add("name", match.start(), end)

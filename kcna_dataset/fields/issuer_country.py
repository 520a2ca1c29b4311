"""issuer_country: the country (ISO code) of a speaker, that of its row where issuers_v14.csv lists it
(country_of_known), else from its name and the words that describe it in the lead (a country the gazetteer names there,
Koreans abroad, a side of a pan-national body, an international body as XX; not a country the name opposes or
studies), else from the title, else KP. It is apart from issuer.py, which finds who speaks, because it only reads a name
already found: its one need of the search, canonical(), is passed in, so issuer.py imports this module and not the
reverse. Its rules are versioned with issuer.py's (issuer.CODE_VERSION: a change here is a new issuer_code)."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable

import polars as pl

from kcna_dataset.fields import rules
from kcna_dataset.fields.issuer_words import BODY_NOUNS, LEADING_ONLY, PERSON, TRAILING_PLACE

DPRK = "KP"
INTERNATIONAL_BODY = "XX"
# A body named as international or regional: 'Afro-Asian People's Solidarity Organization', 'World Federation of ...'.
INTERNATIONAL = re.compile(
    r"^(?:the\s+)?(?:(?:central committee|central council|secretariat|presidium|bureau|executive committee)"
    r"\s+of\s+(?:the\s+)?)?"
    r"(?:international|world|afro-asian|asian?-pacific|pan-african|non-aligned|inter-parliamentary|"
    r"united nations|(?-i:UN)|unesco|unicef|internacional|mundial)\b|\binternational (?:organi[sz]ation|federation|"
    r"institute|committee|union|association|council|league|movement|liaison)\b|"
    r"\b(?:diplomatic|consular|attach\w*'?|counc\w*ors'?|couns\w*ors'?) corps\b|^(?:the\s+)?corps of\b|"
    r"\bcuerpo (?:diplom[aá]tico|consular|de agregados|de consejeros)\b|"
    r"^(?:the\s+)?(?:african|asian|european|latin american|arab|caribbean) regional\b|"
    r"\b(?:african|asian|european|latin american|caribbean|asian?-pacific|central asian) "
    r"(?:regional|institute of the juche)\b|"
    r"\binternational (?:[\w-]+\s+){0,3}?(?:festival|conference|seminar|symposium|forum|congress)\b", re.I)
"""A body named as international or regional, or a corps of a capital's foreign diplomats ('the diplomatic corps here',
'military attaches corps': XX since issuer_code_v5; the Spanish 'Cuerpo Diplomatico', 'Cuerpo de Agregados
Militares' since issuer_code_v14). Since issuer_code_v9 'UN' only in capitals (a person named
'Un Jong In' is no UN body) and a region's body anywhere in the name ('East European and Central Asian Regional
Committee', 'Latin American Institute of the Juche Idea'); also a leading organ of one ('central committee of the
International Anti-Zionism Front')."""
OVERSEAS = re.compile(r"^(?:the\s+)?(?:(?:members|delegates?|delegations?)\s+of\s+(?:the\s+)?)*"
                      r"(?:overseas|ultramar\w*)\b(?!\s+(?:Korean\s+)?(?:affairs|compatriots\s+of\b))|"
                      r"^(?:el\s+)?comit[eé]\s+ultramarino\b", re.I)
"""A body of Koreans abroad named as the overseas side ('overseas headquarters of the National Alliance of Youth and
Students ...', 'Overseas Side Committee for Implementing the June 15 Joint Declaration', 'delegation of overseas
compatriots', Spanish 'Comité Ultramarino') is of no one country: XX, as the v2 labels give it (issuer_code_v17; v16
read 'KP' from 'Korea' or a country from the lead's other bodies). Not a DPRK body for them ('Committee for Aiding
Overseas Compatriots'), which does not open with 'overseas', nor one country's regional body of the overseas side
('Japanese Regional Committee of the Overseas Side Committee')."""
REGIONAL = re.compile(r"^(?:the\s+)?(?:african|asian|european|latin american|arab|caribbean|asian?-pacific|"
                      r"commonwealth of independent states|cis)\s+regional\b|"
                      r"^(?:the\s+)?regional (?:headquarters|committee) (?:of|for)\b.*\bin the commonwealth of "
                      r"independent states$|^(?:the\s+)?regional committee of the commonwealth of independent states\b",
                      re.I)
"""A region's body named as such ('European Regional Headquarters of the Pan-national Alliance ...', 'Commonwealth of
Independent States Regional Headquarters ...') is XX even where the lead names Koreans in Germany or Japan beside it
(issuer_code_v17; v16 read those first: DE, JP)."""
_PARTICIPANTS = (
    r"^(?:the\s+)?participants?\s+(?:in|of|at)\s+(?:the\s+|an?\s+)?(?:[\w'-]+\s+){0,%d}?"
    r"(?:international|world|regional|inter-?\w+al|asian?-pacific)\b")
PARTICIPANTS, PARTICIPANTS_FAR = (re.compile(_PARTICIPANTS % words, re.I) for words in (4, 8))
"""The participants of an international or regional event ('participants in the Asia-Pacific regional joint memorial
meeting', '... in the international event for celebrating the 70th anniversary of Korea's liberation') are XX, whatever
country the event is about (issuer_code_v9); since issuer_code_v11 also after 5 to 8 words (PARTICIPANTS_FAR:
'participants in the meeting of the Executive Committee of the Women's International Democratic Federation'), unless a
country stands in those words ('... for reunification of the Chinese regional preparatory committee' is CN)."""


TOKEN = re.compile(r"[^\W_]+(?:[.'’][^\W_]+)*\.?")


def _fold(text: str) -> str:
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


@functools.cache
def _countries() -> tuple[dict[tuple[str, ...], str], int]:
    """Country aliases of the gazetteer as word tuples (lower-cased, accents folded) -> ISO code, and the
    longest alias in words. A blocker row ('Korean peninsula') maps to ''."""
    frame = rules.load("gazetteer").filter((pl.col("entity_type") == "country") | (pl.col("entity_id") == "-"))
    aliases: dict[tuple[str, ...], str] = {}
    for alias, code, kind in frame.select("alias", "country_code", "entity_type").rows():
        aliases[tuple(TOKEN.findall(_fold(alias)))] = code if kind == "country" else ""
    return aliases, max(len(words) for words in aliases)


@functools.cache
def _first_words() -> frozenset[str]:
    """The first word of every country alias: countries_in tries no alias at any other word."""
    return frozenset(words[0] for words in _countries()[0])


POSSESSIVE = re.compile(r"['’]s$")


@functools.lru_cache(maxsize=65536)
def countries_in(text: str, possessive: bool = False) -> tuple[str, ...]:
    """ISO codes of the countries named in `text`, in order of first appearance (longest alias first at
    each word, as the mentions' alternation matches them). `possessive`: an alias that opens the text or follows 'of'
    may also end in 's, as its owner ('China's People's Daily', 'committee of China's State Council': v10 found no
    country); used for a speaker's own name only, since a title's 'DPRK's proposal' or a body 'for Korea's
    Reunification' names what it is about, not the speaker (issuer_code_v11)."""
    aliases, longest = _countries()
    firsts = _first_words()
    words = TOKEN.findall(_fold(text))
    found: list[str] = []
    position = 0
    while position < len(words):
        word = words[position]
        owner = possessive and (position == 0 or words[position - 1] == "of")
        if word not in firsts and not (word.endswith(".") and word[:-1] in firsts) and not (
                owner and POSSESSIVE.sub("", word) in firsts):
            position += 1  # no alias starts with this word
            continue
        for size in range(min(longest, len(words) - position), 0, -1):
            candidate = tuple(words[position: position + size])
            code = aliases.get(candidate)
            if code is None and candidate[-1].endswith("."):
                code = aliases.get(candidate[:-1] + (candidate[-1][:-1],))
            if code is None and owner and POSSESSIVE.search(candidate[-1]):
                code = aliases.get(candidate[:-1] + (POSSESSIVE.sub("", candidate[-1]),))
            if code is not None:
                if code and code not in found:
                    found.append(code)
                position += size
                break
        else:
            position += 1
    return tuple(found)


@functools.cache
def country_of_known() -> dict[str, str]:
    """Canonical name -> country, of its first row in issuers_v14.csv."""
    countries: dict[str, str] = {}
    for name, country in rules.load("issuers").select("issuer", "country").iter_rows():
        countries.setdefault(name, country)
    return countries


def country_of(name: str, context: str, title: str, canonical_of: Callable[[str], tuple[str, str] | None]) -> str:
    """The country of a speaker not in issuers_v14.csv: a foreign country in its name, else the first country
    in the words that describe it, else the sender's side of the title ('... from Syrian President',
    'Chinese VIP Interviewed', not the recipient of 'Greetings to X' nor of 'X Greets Indian PM': SENDS), else KP.
    `canonical_of`: issuer.canonical, or a table of its answers (issuer.canonicals), for the known issuer the
    describing words name."""
    if OVERSEAS.search(name):
        return INTERNATIONAL_BODY  # Koreans of several countries abroad: the overseas side of a pan-national body
    if ("egional" in name or "EGIONAL" in name) and REGIONAL.search(SEAT.sub("", name)) and not IN_JAPAN.search(name) \
            and not ABROAD.search(name):
        return INTERNATIONAL_BODY  # a region's body: Koreans in Japan or Germany beside it in the lead are others
    if _south_korean_before(name, context):
        return "KR"  # 'The south Korean People for ... with an organization of Koreans in the U.S.': clean() dropped it
    japan = IN_JAPAN.search(name + " " + context)
    abroad = None if japan else ABROAD.search(name + " " + context)
    foreign = [code for code in countries_in(abroad.group(1) or abroad.group(2)) if code != DPRK] if abroad else []
    if (japan or foreign) and _international_beside(name, context, IN_JAPAN if japan else ABROAD):
        return INTERNATIONAL_BODY  # 'International United Confederation of Koreans' beside Koreans in China
    if japan:
        return "JP"
    if foreign:
        return foreign[0]  # 'General Association of Koreans in China': the country they live in (issuer_code_v5)
    if IN_THE_NORTH.search(name + " " + context):
        # 'Consultative Council of Former South Korean Politicians in the North': where they live (issuer_code_v11)
        return DPRK
    if re.search(rf"\b(?:{NORTH_SIDE})\b", name, re.I):
        # the north side headquarters of a pan-national alliance; Spanish 'dirección norteña', 'parte Norte'
        return DPRK
    if re.search(rf"\b(?:{SOUTH_SIDE})\b", name, re.I):
        return "KR"
    if _south_in_parentheses(name, context):
        # 'The (south) Korean Confederation of Trade Unions': clean() drops the parentheses (issuer_code_v12)
        return "KR"
    base = SEAT.sub("", name)
    far = PARTICIPANTS_FAR.search(base)
    if PARTICIPANTS.search(base) or far and not countries_in(far.group(0)):
        # the participants of an international event (issuer_code_v9), not a country's regional body (v11)
        return INTERNATIONAL_BODY
    in_name = countries_in(OPPOSED.sub(" ", base), possessive=True)
    side = SIDE_OFFICE.search(context) if context and not in_name else None
    if side:
        return DPRK if side.group("north") else "KR"  # 'Ro Su Hui, vice-chairman of the South Headquarters of ...'
    foreign = [code for code in in_name if code != DPRK]
    if foreign and not countries_in(" ".join(base.split()[:2])) and _place_after(name, context) == "KR":
        # 'People's Action against Troop Dispatch to Iraq in south Korea': a country inside the name is what the body
        # is about; the place after it says where it works (issuer_code_v13; not 'U.S. forces in south Korea')
        return "KR"
    if foreign:
        return _present_state(foreign)
    if INTERNATIONAL.search(base):
        return INTERNATIONAL_BODY  # docs/labelling.md: an international organisation is XX, not the country it is about
    seat = [code for code in countries_in(name[len(base):]) if code != DPRK]
    if seat:
        return seat[0]  # 'Juche Idea Study Group headquartered in Spain'
    dropped_place = _place_after(name, context)
    if dropped_place:
        return dropped_place  # '"Federation of Korea Trade Unions" in South Korea in a statement': KR (issuer_code_v10)
    if in_name or LEADER_NAMED.search(base) and set(base.lower().split()) & BODY_NOUNS \
            and not re.search(r"\bin [A-Z]", base):
        return DPRK  # 'Central Committee of the Kim Il Sung Socialist Youth League' (issuer_code_v10)
    body = canonical_of(context) if context else None
    if body and body[0] not in LEADING_ONLY:
        return body[1]  # 'chief of the Pyongyang mission of the AINDF'
    office = OFFICER_OF.search(context) if context else None
    if office and INTERNATIONAL.search(SEAT.sub("", office.group(1))) and set(countries_in(office.group(1))) <= {DPRK}:
        return INTERNATIONAL_BODY  # 'S. N. Sserwanga, secretary general of the African Regional Committee ...'
    dropped = _country_before(name, context)
    if dropped:
        # '... Federation of Korean Nationals in China Hwang Yong Du': clean() dropped 'China' (issuer_code_v10)
        return dropped
    described = countries_in(OPPOSED.sub(" ", context))
    if described:
        return _present_state(described)
    side = title.split(" from ", 1)[1] if " from " in title else SENDS.split(title, 1)[0]
    in_title = countries_in(side)
    return in_title[0] if in_title else DPRK


SENDS = re.compile(r"\s(?:to|greets|congratulates|thanks|sends|felicitates|condoles|consoles|felicita|saluda|envia|"
                   r"agradece)\s", re.I)
"""Where a title's sender side ends: the recipient follows 'Greetings to X', and 'X Greets / Congratulates / Thanks
Indian PM' (v22 read the recipient's country for the sender: 'Kim Yong Il Congratulates Tunisian PM' gave TN;
issuer_code_v23)."""


HISTORICAL_STATES = frozenset({"SU", "YU", "CS", "DD"})


def _present_state(codes: list[str] | tuple[str, ...]) -> str:
    """The first of `codes`, unless it is a former state (docs/labelling.md: SU, YU, CS, DD) and a present one follows:
    'New Yugoslav Communist Party of Serbia' is a body of Serbia, RS, as the v2 labels give it (issuer_code_v20; v19
    gave YU from the party's name)."""
    if codes[0] in HISTORICAL_STATES:
        present = [code for code in codes[1:] if code not in HISTORICAL_STATES and code != DPRK]
        if present:
            return present[0]
    return codes[0]


def _international_beside(name: str, context: str, koreans: re.Pattern) -> bool:
    """An international body by its name (INTERNATIONAL, no country but Korea's) whose Koreans in Japan or abroad
    (`koreans`) are in the describing words only, not in its name nor right after it (issuer_code_v17)."""
    base = SEAT.sub("", name)
    return not koreans.search(name) and name + " in " not in context and bool(INTERNATIONAL.search(base)) \
        and set(countries_in(base)) <= {DPRK}


SOUTH_KOREAN_END = re.compile(r"\b(?:south|s\.)\s+korean\s+[\"“]?$", re.I)
SOUTH_KOREAN_START = re.compile(r"(?:south|s\.)\s+korean\s+", re.I)
ABROAD_AFTER = re.compile(r"[\"”]?\s+in\s+(?:the\s+)?[A-Z][\w.]*")


def _south_korean_before(name: str, context: str) -> bool:
    """The describing words call the speaker 'south Korean' right before its name (clean() drops the qualifier), and
    neither the name nor a place right after it puts the body abroad ('the south Korean Youth League in Japan' is JP).
    Such a body is KR before any Koreans abroad that the lead names beside it (issuer_code_v17)."""
    kept = SOUTH_KOREAN_START.match(name)  # issuer.clean keeps it in some names (v18)
    at = context.find(name) if name else -1
    if kept and at >= 0:
        at += kept.end()
        name = name[kept.end():]
    elif at < 8 or not SOUTH_KOREAN_END.search(context[max(0, at - 20): at]):
        return False
    after = ABROAD_AFTER.match(context, at + len(name))
    in_name = name.split(" in ", 1)[1] if " in " in name else ""
    return not (set(countries_in(after.group(0)) if after else ()) | set(countries_in(in_name))) - {"KR"} \
        and not re.search(r"\bin (?:[A-Z]\w+|the U\.\s?S\.) and\b", name)


SOUTH_IN_PARENTHESES = r"\((?:south|s\.)\)\s+"
"""'(south)' or '(South)' before a body's 'Korean': KCNA's way of marking a south Korean body in the 1990s and 2000s."""


def _south_in_parentheses(name: str, context: str) -> bool:
    """The name's 'Korea...' follows '(south)' in the words that describe it ('The (south) Korean Alliance for Democracy
    and Reunification' as the name 'Korean Alliance for Democracy and Reunification'), so it is south Korean."""
    korea = re.search(r"\bKorea", name)
    return bool(korea and "(" in context
                and re.search(SOUTH_IN_PARENTHESES + re.escape(name[korea.start():]), context, re.I))


PLACE_AFTER = re.compile(r"(?:\s*\([^)]*\))?" + TRAILING_PLACE.pattern.removesuffix("$") + r"\b", re.I)


GROUPS_SOUTH = re.compile(r",?\s+(?:grouping|comprising|consisting of|made up of|composed of)\s+[^.;:]{0,80}?"
                          r"\b(?:south Korean|(?:in|of) south Korea)\b", re.I)
"""What a body groups, right after its name ('X grouping 351 south Korean civic organizations', 'X consisting of ...
organizations in south Korea'): a south Korean coalition, whatever country its name is about (issuer_code_v25)."""


def _place_after(name: str, context: str) -> str | None:
    """The country of the place that follows the name in the match and that clean() drops as TRAILING_PLACE ('... Unions
    in South Korea in a statement'), or of the organizations it groups (GROUPS_SOUTH), else None: a name with 'Korea'
    in it is otherwise read as the DPRK's."""
    at = context.find(name)
    place = PLACE_AFTER.match(context, at + len(name)) if at >= 0 else None
    codes = countries_in(place.group(0)) if place else ()
    if not codes and at >= 0 and GROUPS_SOUTH.match(context, at + len(name)):
        codes = ("KR",)
    if codes[:1] == ("KR",) and DPRK_STYLED.match(context):
        return None  # 'The DPRK Measure Council for Human Rights in South Korea' is about the south, not of it
    return codes[0] if codes else None


DPRK_STYLED = re.compile(r"^\W*(?:(?:a|the)\s+)?(?:spokes(?:man|person|woman)\s+(?:for|of)\s+)?"
                         r"(?:the\s+)?(?:DPRK|Korean)\s+(?!(?:in|of)\b)", re.I)
"""A body named 'DPRK ...' or 'Korean ...' (not 'south Korean'): a south Korean place after its name is what it is
about."""


def _country_before(name: str, context: str) -> str | None:
    """The foreign country that ends the body named right before a person's name in the match (the word
    issuer._without_country drops from the person: 'Chairman of the ... Federation of Korean Nationals in China Hwang
    Yong Du' -> CN), else None."""
    at = context.find(name) if PERSON.fullmatch(name) else -1
    words = context[:at].split() if at > 0 else []
    if not words or not countries_in(words[-1]):
        return None
    foreign = [code for code in countries_in(" ".join(words[-4:])) if code != DPRK]  # 'Democratic Republic of Congo'
    return foreign[-1] if foreign else None


LEADER_NAMED = re.compile(r"\bKim (?:Il Sung|Jong Il|Jong Un)\b(?!'s)")
"""A body (a name with a body's noun, and no place abroad: not 'Group of Youth for the Study of Kim Jong Il Juche Idea
in Vienna') named after a DPRK leader and after no other country ('Kim Il Sung Socialist Youth League') is a DPRK body:
the country the words around it name is that of those it addresses ('sent an appeal to the South Korean students': v9
KR; issuer_code_v10)."""
NORTH_SIDE = r"north(?:ern)? (?:side|headquarters)|(?:direcci[oó]n )?norte[nñ][oa]s?|parte norte"
SOUTH_SIDE = r"south(?:ern)? (?:side|headquarters)|(?:direcci[oó]n )?sure[nñ][oa]s?|parte sur"
"""One spelling of the north and south sides of a pan-national body ('North Side Headquarters', Spanish 'dirección
norteña', 'parte Sur'), for a speaker's name and for the office that describes one (SIDE_OFFICE; issuer_code_v10, v9
spelt them twice)."""


SEAT = re.compile(r"\s+(?:headquartered|based|seated)\s+in\s+.*$", re.I)
"""A body's seat after its name: its country, unless the body is international or regional (issuer_code_v6)."""
OFFICER_OF = re.compile(r"^[^,]*,\s+(?:[\w-]+\s+){0,3}?(?:vice-|deputy )?"
                        r"(?:secretary|chairman|chairwoman|chairperson|president|director|head|"
                        r"chief|coordinator|representative)[\w-]*\s+(?:general\s+)?of\s+(?:the\s+)?([^,.;]+?)"
                        r"(?=\s+(?:who|which|participating|on|at|to|in a)\b|[,.;]|$)", re.I)
"""A person described by an office of a body: 'X, secretary general of the African Regional Committee of ...' is of that
body's country where it is international (issuer_code_v6), also where its name is about Korea ('International Liaison
Committee for Reunification and Peace in Korea': issuer_code_v9). 'vice-chairman', 'honorary chairman' too."""
IN_JAPAN = re.compile(r"Koreans? (?:Residents? )?in Japan|\bChongryon\b|"
                      r"(?i:coreanos? residentes? en (?:el )?Jap[oó]n)|"
                      r"(?-i:(?<![Ss]outh )\bKorean(?:\s+(?:[A-Z][\w'-]*|of|for|and|in|the))*?\s+in Japan\b)", re.I)
"""Chongryon and bodies of Koreans in Japan: JP (docs/labelling.md), also a body whose name has 'Korean' before 'in
Japan' ('Association of Young Korean Workers in Commerce in Japan') and Spanish residents (issuer_code_v9)."""
ABROAD = re.compile(r"\bKoreans? (?:(?:Residents?|Nationals|Compatriots) )?in ((?:the )?[A-Z][\w.]*(?: [A-Z][\w.]*)*)|"
                    r"\b[Cc]oreanos? residentes? en ((?:(?:el|la|los) )?[A-Z][\w.]*(?: [A-Z][\w.]*)*)")
"""Koreans living abroad and the country they live in, also in Spanish ('Kim Tong Chol, coreano residente en Estados
Unidos': issuer_code_v9); since issuer_code_v17 also 'Korean Nationals / Compatriots in' ('vice-chairman of the Central
Association of Korean Nationals in Russia': v16 KP)."""
IN_THE_NORTH = re.compile(r"\b[A-Z][\w'-]*s in the (?:North|north(?:ern half of Korea)?)\b(?! of\b)(?!ern)")
"""A body of people living in the DPRK named after the South they came from ('Council of Former South Korean Politicians
in the North'; v10 took the name's 'South Korean': KR), as ABROAD reads those living abroad (issuer_code_v11)."""
SIDE_OFFICE = re.compile(r"^[^,]*,\s+[^,]{0,40}?\b(?:of|de)\s+(?:the\s+|la\s+)?"
                         rf"(?:(?P<south>{SOUTH_SIDE})|(?P<north>{NORTH_SIDE}))\b", re.I)
"""A person described by an office of one side of a pan-national body ('Ro Su Hui, vice-chairman of the South
Headquarters of Pan-national Alliance ...', 'vicepresidente de la Direccion Surena de ...') is of that side: KR or KP
(issuer_code_v9)."""
OPPOSED = re.compile(r"\b(?:anti-|against\s+(?:the\s+)?|"
                     r"(?:withdrawal|expansion|pullout|removal|relocation)\s+of\s+(?:the\s+)?|"
                     r"(?:slavery|slaves|women)\"?\s+for\s+(?:the\s+)?(?:imperial\s+)?|"
                     r"(?:esclavas|esclavitud)(?:\s+sexual(?:es)?)?\"?\s+para\s+(?:el\s+)?(?:ej[eé]rcito\s+)?"
                     r"(?:imperial\s+)?|"
                     r"(?:caused|committed|inflicted|done|killed|murdered)\s+by\s+(?:the\s+|an?\s+)?|"
                     r"(?:troops?\s+)?dispatch(?:ed)?\s+to\s+(?:the\s+)?|"
                     r"causad[oa]s\s+por\s+(?:la\s+ocupaci[oó]n\s+de\s+Corea\s+por\s+)?"
                     r"(?:los\s+)?(?:imperialistas\s+)?|"
                     r"(?:institute|department|centre|center|bureau|society)\s+(?:of|for)\s+(?:the\s+)?"
                     r"(?=(?:U\.\s?S\.|[A-Z][\w.]*)\s+(?:studies|affairs|issues|research)\b)|"
                     r"asuntos\s+(?:de\s+(?:los\s+|la\s+|el\s+)?)?)"
                     r"(?:U\.\s?S\.(?:-\w+)?|EE\.\s?UU\.|[A-Z][\w.]*)", re.I)
"""A country that a body's name opposes is not its country: 'Anti-U.S. Women's Society', 'Movement for the Withdrawal of
the U.S. Forces', 'Committee against the U.S. Military Base' (issuer_code_v6; 'relocation of' since v20); nor the army
its victims were enslaved for ('Korean Committee on Measures for the Sexual Slavery for Japanese Army and Drafting
Victims' is KP: issuer_code_v9; since issuer_code_v11 also in Spanish, 'Esclavas Sexuales para el Ejercito Japones');
nor the country that caused the damage a body investigates ('Committee for Investigation into the Damage Caused by the
Japanese Imperialists' Occupation of Korea', Spanish 'danos causados por la ocupacion de Corea por los imperialistas
japoneses': KP, issuer_code_v10; 'Damage Done by' since issuer_code_v17; 'Schoolgirls Killed by a U.S. Armored Car',
'murdered by' since issuer_code_v20); nor the country a body studies ('Institute for American Studies of the Foreign
Ministry', 'Department of U.S. Affairs', Spanish 'Instituto de Estudio de los Asuntos Japoneses': KP,
issuer_code_v12); nor where the troops a body opposes are sent ('People's Action against Troop Dispatch to Iraq',
issuer_code_v25)."""


def prepare() -> None:
    """Read the gazetteer's countries and the known issuers' countries now (issuer.prepare)."""
    _countries()
    _first_words()
    country_of_known()

"""Issuer, issuer_country, responds_to: whose words an article carries, their country, and what they answer.

v2 (issue 19). v1 knew only a list of DPRK bodies and gave no issuer to foreign speakers, so foreign
support for a DPRK document was credited to the DPRK body it named.

docs/labelling.md defines the fields: the issuer is the body or person whose words the article carries,
DPRK or foreign; issuer_country its ISO code (KP for DPRK bodies); responds_to the type of the DPRK
document a support or response article is about. Only the speaking genres have an issuer.

How (rules in kcna_dataset/fields/rules/):
- speaker_patterns_v20.csv finds the speaker where the title or lead names one, by article type ("A
  spokesman for X", "X received a message from Y", "X, chairman of ..., was interviewed", "X issued a
  statement"); the name is cleaned (titles, articles, parentheses) and mapped to the canonical name of
  issuers_v14.csv where it contains one (a DPRK row only if the name names no foreign country: "the
  Russian Foreign Ministry" is not the DPRK's);
- else the earliest known issuer (fallback rows of issuers_v14.csv) in the title, then the lead;
- else, for the genres whose words are someone's, the subject of the lead's first sentence where it says, sends or
  gives them ('Jaju Minbo, south Korean Internet paper, lashed out at ...'; issuer_code_v7);
- issuer_country: the canonical row's country, else the first country named in the speaker's name, else
  in the words that describe it in the lead ("Adnan Arbash, chairman of the ... Union of Syria"), else KP
  (kcna_dataset/fields/issuer_country.py); the overseas side of a pan-national body and a region's body are XX before
  any country of Koreans abroad that the lead names beside them, and a 'south Korean' before the name or a place in
  south Korea right after the match makes the body KR (issuer_code_v17);
- a statement with no issuer that is a joint document of bodies the next sentence lists ('They included the A, the B')
  is the first listed body's (issuer_code_v17, guide v2 joint documents); what a body groups after its name ('X
  grouping / made up of ...', 'X and other organizations') is no part of it (WHAT_IT_GROUPS, issuer_code_v17);
- a DPRK body found under its Spanish name gets the English name KCNA gives it (spanish_names_v2.csv; issuer_code_v16;
  since v23 also a name without 'de');
- 'DPRK' after 'of' / 'for' inside a body's name is no office before a person ('Council for ... of DPRK Women
  Employees' is the council; issuer_code_v18); a body of Koreans in Japan keeps its 'in Japan' (KOREANS_IN_JAPAN, v18);
- issuer_code_v18 also: a writer who 'contributed an article / a statement' (SAYING); a sender's initials and a Spanish
  state before the person ('Federacion Rusa V. Putin': _after_state); 'He' as a surname; more plurals named by none
  (MANY); 'south Korean' kept where it opens a national name the comparison keeps (SOUTH_KOREAN_BEFORE); in a
  commentary, a subject who only said something is discussed, not the writer (SPOKEN, WRITTEN);
- issuer_code_v19: a spokesman named as the author of a document the article supports ('in support of the statement of
  a spokesman for X') is not the speaker: the spokesman rows give way (SUPPORTED_SPOKESMAN);
- issuer_code_v20: a former state's adjective before a present state in the name or its description ('New Yugoslav
  Communist Party of Serbia') gives the present state (issuer_country._present_state); messages 'from organizations of
  X' come from several senders, none named: no issuer (BODIES_OF); a country after 'killed / murdered by' in a name is
  what the body accuses (issuer_country.OPPOSED); a commentary of several papers named by none ('Russian papers
  carried ...') is the first paper the next sentence names (first_paper); a DPRK leader named after his office's body
  ('... Supreme People's Assembly Kim Yong Nam') is the person (LEADER_AFTER_OFFICE); a speaker after 'According to
  <source>, ' is not the source (OCCASION); a Spanish verb after the name ends it (RUN_ON: 'pronunciado', 'expreso');
  a body's name opened by a list of adjectives is whole (ADJECTIVE_LIST: 'Czech, Moravian, Silesian ... Association');
  a Spanish office before the name of a speaker found in the title gives its country (SPANISH_OFFICE_BEFORE); an
  article's title before 'was posted by X' does not describe X (POSTED_BY);
- issuer_code_v21: a paper is its name without a magazine / weekly / daily before it nor its issue ('South Korean weekly
  magazine Hangyore 21'; PAPER_BEFORE, ISSUE_AFTER); a Gulf ruler's 'Sheikh' is a title (HONORIFIC); a commentary of
  several papers of no country of which the lead names none ('Papers on Tuesday carried an article ...', 'Foreign
  media') has no issuer (guide v2: an opinion piece that names no paper or writer; several_papers); 'Russian papers'
  keep their country (the paper a later sentence names is Russian); a person named after an office and a comma ('The
  chairman of the ... Red Cross Society of the DPRK, Jang Jae On, sent') is the person, not the body
  (_person_after_office);
  a speaker no word places, in news from a south Korean source ('X reportedly issued'), is KR (SOUTH_SOURCE); an
  institute or department of the DPRK Foreign Ministry speaks as itself, not as the ministry (FM_UNIT);
- issuer_code_v22: a radio and a paper of Koreans abroad are their names without what describes them (PAPER_BEFORE);
  messages exchanged have two senders and no issuer (EXCHANGED); a pronoun or a date is no name (PRONOUN_NAME,
  DATE_NAME); speaker_patterns_v19 reads a body 'in / at a press conference', members of one body who held one, and
  a body that said this in an article posted on its website or opens the lead 'in a commentary';
- issuer_code_v23: a body's spokesman named after it is the body (SPOKESMAN_NAMED); a speaker that a non-fallback row
  of issuers_v14 names ('Spokesman of DPRK FM') is looked up even where title and lead name no fallback issuer
  (unlisted_known); the last resort's subject may note, insist, affirm, stress, emphasize, refer to or point out
  (SAYING), and ends before 'addressing' (RUN_ON);
- issuer_code_v24: a speaker ends at its sentence's full stop and before what it did or when (AFTER_NAME);
- issuer_code_v25: a sentence is no name (A_CLAUSE) and 'This was stated by X' is X's (BY_AGENT); a Spanish opening
  also after 'Para' / 'contra' / 'y'; speaker_patterns_v20 reads a body that groups organizations and held a press
  conference, KR where what it groups is south Korean (issuer_country.GROUPS_SOUTH);
- the lead the patterns read (issuer_code_v10, v11) has no dateline left at its start, no hard line breaks inside a
  sentence (old kcna-co-jp leads) and 'Mt ' for 'Mt. ' (a found name gets its dot back);
- responds_to: kcna_dataset/fields/responds_to.py (responds_to_v4.csv, a support or response word near a DPRK
  document in title and lead, polars regexes over every article).

find_speaker states the rule for one article with Python's `re`; add_issuer gives the same answers for the
speaking genres (about a third of the corpus) over whole columns: the patterns run in polars
(speaker_search), and Python only resolves each distinct speaker once.
"""

from __future__ import annotations

import functools
import re

import polars as pl

from kcna_dataset.fields import issuer_country, responds_to, rules, scoring, speaker_search
from kcna_dataset.fields.issuer_country import DPRK, INTERNATIONAL, SEAT, countries_in, country_of, country_of_known
from kcna_dataset.fields.issuer_words import BODY_NOUNS, BODY_WORDS, LEADING_ONLY, PERSON, TRAILING_PLACE
from kcna_dataset.fields.text_regex import ROW_BY_ROW_MAX, ascii_boundaries, fold_accents

LEAD_CHARS = 400
"""As docs/labelling.md: the issuer is read from the title and the lead (the first 400 characters)."""
HARD_WRAP = r"([a-z,])[ \t]*\n+[ \t]*"
"""A line broken inside a sentence (old kcna-co-jp leads: 'Hong Song Nam, acting\\n\\nPremier of ...') is one sentence:
a break after a lower-case letter or a comma is read as a space (issuer_code_v10)."""


MOUNT = r"\bMt\. "
"""'Mt. Paektu' is no sentence's end (v9 read 'Paektu, the Switzerland-Korea Committee ... made public' as a sentence and gave
'Paektu'): the patterns read 'Mt Paektu', and a name found with it gets its dot back (REMOUNT; issuer_code_v10)."""
REMOUNT = r"\bMt ([A-Z])"
DATELINE = r"^[^\n]{0,60}?\((?:KCNA|ACNC|ATCC)\)\s*-+\s*"
"""A dateline left at the lead's start ('Moscow, 22 (KCNA) -- Andrei Tretyak, director of ..., accused') is no subject
(v9 read 'Moscow' or 'Pyongyang, February 24 --The Secretariat ...' as the speaker; issuer_code_v10)."""


def unwrap(lead: str) -> str:
    """The lead without a dateline left at its start (DATELINE), with its hard line breaks inside sentences joined
    (HARD_WRAP) and 'Mt.' read as no sentence's end (MOUNT); add_issuer does the same in polars. The dateline is
    stripped again after the join: a title cut at a hyphen leaves its end on a line before it ('point programme')."""
    return re.sub(MOUNT, "Mt ", re.sub(DATELINE, "", re.sub(HARD_WRAP, r"\1 ", re.sub(DATELINE, "", lead))))


def remount(name: str | None) -> str | None:
    """A name found in an unwrapped lead with its 'Mt.' written back ('... of Mt Paektu' -> '... of Mt. Paektu')."""
    return re.sub(REMOUNT, r"Mt. \1", name) if name else name


SPEAKING_TYPES = (
    "press_statement", "statement", "answer", "commentary", "editorial",
    "message", "speech", "interview", "memorandum", "indictment",
)
SPOKESPERSON_OF = {"Ministry of Foreign Affairs": "Ministry of Foreign Affairs (spokesperson)"}
"""Bodies whose spokesperson is a separate issuer (kept from issuers_v1 so that old counts stay comparable)."""

# Words of rank and address before a name: 'Leader Kim Jong Il', 'DPRK Premier Choe Yong Rim', 'El Mariscal'.
TITLE_WORDS = {
    "leader", "secretary", "general", "president", "premier", "chairman", "chairwoman", "chairperson",
    "comrade", "marshal", "respected", "supreme", "dear", "great", "mr", "mrs", "ms", "dr", "prof", "dprk",
    "vice-chairman", "vice-president", "vice-premier", "director", "his", "excellency",
    "h.e.", "he", "el", "la", "mariscal", "dirigente", "presidente", "maximo", "máximo", "secretario", "prime",
    "generalissimo", "chief", "head", "ambassador", "delegate", "member", "vice", "first", "reserve", "colonel",
    "pres", "rev", "reverend", "canciller", "vicecanciller", "ministro", "viceministro", "delegado", "embajador",
}
ROLE = re.compile(
    r",\s+(?:who\b|the\s+|an?\s+|(?:[\w-]+\s+){0,2}?(?:vice-?|deputy\s+|first\s+|acting\s+|general\s+)?"
    r"(?:chairman|chairwoman|chairperson|"
    r"president|premier|secretary|member|minister|director|head|chief|leader|editor|representative|presidente|"
    r"jefe|miembro|secretario|ministro|director|premier|rector|captain|coordinator|managing|manager|delegado)\b)",
    re.I,
)
# A subject that runs on into what it did: 'The South Side Committee ... called its steering commission and issued'.
# 'Pres.', 'Rev.': abbreviated titles (issuer_code_v7).
RUN_ON = re.compile(r"\s+(?:called|held|convened|met|gathered|addressing|with an?\s|and the (?=[A-Z])|said this\b|"
                    r"(?i:mon|tues|wednes|thurs|fri|satur|sun)day$|(?:resolutely|strongly|firmly|sternly|bitterly)$|"
                    r"(?:reportedly|recently|jointly|again)\b|y (?:el|la|los|las) (?=[A-Z])|"
                    r"(?:pronunciad[oa]s?|concedi[oó]|expres[oó]|envi[oó]|dirigi[oó])\b)")
"""Since issuer_code_v5 also what follows the name in 'X said this' and a day or an adverb after it ('... Thursday',
'... resolutely'); since issuer_code_v11 also from an adverb of report or time on ('The council ... reportedly said in a
statement', 'The Hong Kong newspaper X recently in an article accused'); since issuer_code_v20 also from a Spanish verb
on ('Discurso de Hu Jintao pronunciado en ...', '... de Juegos Deportivos concedio', '... expreso', 'envio'); since v23
from 'addressing' on ('A delegate of the DPRK addressing a meeting of ... referred to'). A seat
('headquartered in Spain') stays here: it gives the country (abroad_name drops it from the name)."""
MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
"""An English month's name, as the patterns below read it in a date."""
LEADING_TIME = re.compile(rf"^(?:Recently|Lately|Nowadays|Recientemente|[UÚ]ltimamente|In\s+this\s+(?:connection|regard)|"
                          rf"In\s+(?:{MONTH}\b|\d{{4}})(?:\s+\d{{1,2}})?),?\s+(?:the\s+)?(?=[A-Z])")
"""A sentence that opens with its time or link ('Recently the European Parliament adopted', since issuer_code_v24 'In
this regard the Institute for National Reunification', 'In January the WFP') names its subject after it
(issuer_code_v11)."""
CONNECTOR_BEFORE = re.compile(r"\b(?:of|for|on|and|to|de|del|la|las|los|el|y)\s*$", re.I)
OF_THE_BEFORE = re.compile(r"\b(?:of|for|to) the\s*$", re.I)
"""'chief of the Panmunjom mission of the Korean People's Army' keeps the mission: a capitalised run after 'of the' that ends in
a body's noun ('Army', 'Committee') ends a body's name, not a person's (issuer_code_v6); 'Presidium of the SPA of the DPRK Kim
Yong Nam' is still Kim Yong Nam."""
AT_THE_BEFORE = re.compile(r"\b(?:at|to|in) the\s*$", re.I)
"""'DPRK permanent representative at the United Nations' keeps the office: an international body after 'at / to the' is
where the office sits, not the speaker (issuer_code_v12; v11 gave 'United Nations', XX)."""
SAID_BEFORE = re.compile(r"^[^\n]*,\s+(?:said|says|noted|stressed|declared|pointed out)\s+(?:the\s+)?(?=[A-Z])")
"""A speaker found before 'in a statement' after what it said ('The work is historic, said the Peru Institute for ...
in a statement') is what follows the verb (issuer_code_v12; v11 kept the quoted words in the name)."""
PARENTHESES = re.compile(r"\s*\([^)]*\)")


def after_said(raw: str) -> str:
    """A speaker without what it said before the verb (SAID_BEFORE): a known issuer in the words said is not the speaker
    ('Kim Jong Un's work ... is historic, said the Ecuador-Guaranda Institute ...' is no Kim Jong Un; issuer_code_v14)."""
    said = SAID_BEFORE.search(raw)
    return raw[said.end():] if said else raw


# A sentence that starts with its occasion: 'On the occasion of ..., Kim Jong Un sent', 'Con motivo del ..., el ...',
# 'Upon receiving Kim Jong Un's work "...", the X issued' (issuer_code_v14).
OCCASION = re.compile(
    r"^(?:on the occasion of|con motivo del?|en ocasi[oó]n del?|(?:up)?on receiving|according to|seg[uú]n)\b[^,]*,\s+"
    r"(?:(?:the|el|la)\s+)?", re.I)
"""An opening clause before the subject: its occasion, or since issuer_code_v20 its source ('According to the south
Korean online newspaper Chamsesang, the Federation of Peasants Associations ... issued a statement': the federation,
not the paper)."""
SPANISH_OPENING = re.compile(r"^(?:En relaci[oó]n con|Con respecto a|Respecto a|En apoyo a|Al respecto|Ante|Tras|"
                             r"Frente a|En (?:una|su) (?:declaraci[oó]n|carta|mensaje|nota)|[Pp]ara|[Cc]ontra|y)\b[^.;:]*?,\s+"
                             r"(?:el|la|los|las)\s+(?=[A-Za-z])")
"""A Spanish sentence that opens with what it is about ('En relacion con que ..., la Union ... publico', 'Al respecto,
la Comandancia ...', 'En una declaracion fechada 14, la Asociacion ...') names its subject after the first ', el / la'
(issuer_code_v14; v13 kept the opening in the name); since issuer_code_v25 also after 'Para ...', 'contra ...' or 'y
...' and before a lower-case subject ('Al respecto, el comandante del frente central', 'la cancilleria de Filipinas')."""
OFFICE_FIRST = re.compile(r",\s+(?:el|la)\s+[a-z][^,]*(?:,[^,]*)?,\s+([A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){1,3})$")
"""Spanish names the office before the person, after the occasion: 'Con motivo de la XX cumbre ..., capital de la Republica
Arabe de Siria, el presidente del Presidium de la APS ..., Kim Yong Nam' is Kim Yong Nam (issuer_code_v6; v5 cut at 'el
presidente' and kept 'capital de la Republica Arabe de Siria')."""
CODE_VERSION = "v25"
"""The rules written in this module beside its rule files: international bodies (XX), Spanish office-first names,
a person after a title ('Premier of the DPRK Cabinet X'), a body named after a title word, opposed countries, an
unnamed DPRK delegate, the last-resort subject of a speaking genre; a group 'including' bodies is its first-named
body (INCLUDING); a Spanish north side ('dirección norteña', 'parte Norte') is KP, a south side KR. v9: the
participants of an international event (PARTICIPANTS) and officers of an international body about Korea are XX,
officers of a south side KR (SIDE_OFFICE); a named group of a body is the group (SUB_UNIT); a titled person named
before the body ('Chairman X of the Central Committee of ...') is the person
(TITLED_PERSON); a Korean resident in a country ('coreano residente en Estados Unidos') is of that country. v10: the
lead is read without a leftover dateline, with its hard line breaks joined and 'Mt.' as no sentence's end (unwrap); an
abbreviation spelled out in the lead is the body (spelled_out); a person after an office 'of' a body or state
(_after_office_of); the country before a person's name or the place after a body's (_country_before, _place_after), of a
body named after a leader (LEADER_NAMED); 'DR' opens a state's name (NOT_TITLES); the last resort reads abbreviated dates
and 'reported', 'accused', 'urged' ... (SAYING), not clauses with an auxiliary (CLAUSE). v11: a subject ends at an adverb
of report or time ('reportedly', 'recently': RUN_ON), and a sentence opening with its time ('Recently', 'Recientemente')
names its subject after it (LEADING_TIME), or none in the last resort (SAYING); 'An' before a two-word Korean name is
the surname (_surname_an); an international event's participants are found further into the name (PARTICIPANTS); a body of
people living 'in the North' is KP (IN_THE_NORTH); a country owning the speaker by a possessive ('China's People's
Daily', 'Iran's Foreign Ministry') is its country (countries_in(possessive=True)); the last resort's subject may answer or
reply (SAYING); a paper is its name without what describes it (PAPER_BEFORE). v12: a body is not of the country it
studies ('Institute for American Studies', 'Department of U.S. Affairs', 'Asuntos Japoneses': OPPOSED); a body whose
'Korean' follows '(south)' is KR (_south_in_parentheses); an office at an international body is not the body
(AT_THE_BEFORE); a body named for supporting another is not the other (SUPPORTER); a speaker
found after what it said ('..., said the X in a statement') is what follows the verb (SAID_BEFORE). v13: a foreign
country inside a body's name, not at its head, yields to 'in south Korea' after the name
(issuer_country.country_of). v14: many people or bodies named by none ('More than 600 singers', 'officials in charge
of ... of various embassies') have no issuer and fall back to none (MANY, NOBODY); a speaker ending in an auxiliary
('This was') is none (CLAUSE_END); a Spanish corps of foreign diplomats ('Cuerpo Diplomatico', 'Cuerpo de Agregados
Militares') is international; a Spanish list of bodies is its first (SPANISH_LIST) and a Spanish sentence opening with
what it is about names its subject after it (SPANISH_OPENING); a known issuer in the words said before 'said the X' is
not the speaker (after_said); 'Upon receiving ..., the X' is X (OCCASION); a name's quotation marks are paired
(quoted); a DPRK body inside another name is written without 'DPRK' (INNER_DPRK). v16: a DPRK body found under its
Spanish name is written with KCNA's English name of it (english_name, spanish_names_v2.csv); the participants in an
event are nobody named (PARTICIPANTS_IN). v19: a spokesman whose statement the article supports is not the speaker
(SUPPORTED_SPOKESMAN). v23: a speaker that a non-fallback row names ('DPRK FM') is searched for known issuers even in an
article with no fallback issuer (unlisted_known); the last resort's subject may also note, insist, affirm, stress,
emphasize, refer to or point out (SAYING), and a subject ends before 'addressing' (RUN_ON). v24: a speaker ends at its
sentence's full stop (before_sentence_end) and before what it did or when ('in a press release', 'on Saturday', 'made the call':
AFTER_NAME); 'In this regard' or a month before the subject is no part of it (LEADING_TIME). v25 (issuer_country.py):
a body that groups south Korean organizations is KR (GROUPS_SOUTH), and the country a body's opposed troops are sent to
is none of its (OPPOSED); a speaker with a finite verb in it is a sentence, not a name (A_CLAUSE), and 'This was stated
by X' is X's (BY_AGENT)."""
INCLUDING = re.compile(
    r"^(?:the\s+)?(?:[\w'-]+\s+){0,5}?(?:organi[sz]ations|parties|bodies|groups|associations|personages|figures|"
    r"committees|unions|societies)\b[^,]*?\s+including\s+(?:the\s+)?(?P<first>[A-Z][^,]*?)(?=,|\s+and\s+(?:the\s+)?[A-Z]|$)")
"""Several bodies named by a group that includes them ('Twelve political parties and organizations of Russia including the
Union of Communist Parties-...'): the first one named speaks for them (docs/labelling.md: the first named)."""
PERSON_RUN = re.compile(r"(?:^|\s)((?:[A-Z][\w'.-]*\s+){1,3}[A-Z][\w'.-]*)$")


@functools.cache
def known() -> list[tuple[str, str, bool, re.Pattern]]:
    """issuers_v14.csv: (canonical name, country, usable as fallback, compiled pattern)."""
    frame = rules.load("issuers")
    return [(name, country, fallback == "yes", re.compile(pattern, re.I))
            for name, country, fallback, pattern in frame.select("issuer", "country", "fallback", "pattern").rows()]


@functools.cache
def _known_alternation(fallback_only: bool, outlets_only: bool = False) -> tuple[re.Pattern, list[tuple[str, str]]]:
    """All known patterns as one alternation of numbered groups: its first match is the earliest issuer
    named, a tie going to the row higher in the file (as in issuers_v1), for one search instead of one per row."""
    rows = [(name, country, pattern.pattern) for name, country, usable, pattern in known()
            if (usable or not fallback_only) and (not outlets_only or name in OUTLETS)]
    # Lower-cased text against a lower-cased pattern: Python's re is several times faster than with re.I.
    alternation = "|".join(f"(?P<k{index}>{pattern.lower()})" for index, (_, _, pattern) in enumerate(rows))
    return re.compile(alternation), [(name, country) for name, country, _ in rows]


MAYBE_UNLISTED_KNOWN = re.compile(r"kim|central committee|comit[eé] central|c\.c\.|wpk|spokes|portavoz|delega|"
                                  r"^(?:the )?(?:dprk|rpdc|democratic people's republic of korea) (?:and|y) ", re.I)
"""Words of the known issuers that are not fallback rows (leaders, the WPK Central Committee, the FM spokesperson, the
DPRK's delegate, the DPRK and another state of a joint statement): a name without them, in an article without a
fallback issuer, is searched only against the non-fallback rows themselves (unlisted_known)."""


@functools.cache
def _unlisted_known() -> re.Pattern:
    """The non-fallback rows of issuers_v14.csv as one lower-cased alternation."""
    return re.compile("|".join(f"(?:{pattern.pattern.lower()})" for _, _, usable, pattern in known() if not usable))


def unlisted_known(raw: str, trimmed: str) -> bool:
    """Whether a speaker may be a known issuer that no fallback row finds: MAYBE_UNLISTED_KNOWN's words, or a
    non-fallback row itself ('Spokesman of DPRK FM' is the FM spokesperson, though 'FM' alone is no fallback row and
    has none of those words: issuer_code_v23; v22 gave such titles no issuer)."""
    return bool(MAYBE_UNLISTED_KNOWN.search(raw)) or bool(_unlisted_known().search(trimmed.lower()))


def _first_known(text: str, fallback_only: bool, outlets_only: bool = False,
                 guard: bool = False) -> tuple[str, str] | None:
    pattern, names = _known_alternation(fallback_only, outlets_only)
    for match in pattern.finditer(text.lower()):
        name, country = names[int(match.lastgroup[1:])]
        # A foreign name just before or after the match makes it another country's body.
        beside = text[max(0, match.start() - 30): match.start()] + " | " + text[match.end(): match.end() + 25]
        if guard and country == DPRK and any(code != DPRK for code in countries_in(beside, possessive=True)):
            continue  # 'the Russian Foreign Ministry' is not the DPRK's
        if guard and name in LEADING_ONLY and len(text[: match.start()].split()) > 3:
            continue  # 'Preparatory Committee for ... Birth of President Kim Il Sung' is not Kim Il Sung
        return name, country
    return None


@functools.cache
def _known_anywhere() -> str:
    """_first_known's alternation as a polars pattern over lower-cased text that matches wherever Python's
    search finds a known issuer (a superset: look-aheads such as '(?!ism)' dropped, `$` also before a final
    newline, as Python's)."""
    pattern = re.sub(r"\(\?P<k\d+>", "(?:", _known_alternation(False)[0].pattern)
    return re.sub(r"\(\?!(?:[^()]|\([^()]*\))*\)", "", pattern).replace("$", r"\n?\z")


def canonicals(texts: list[str]) -> dict[str, tuple[str, str] | None]:
    """canonical() of many texts: one polars search finds the few that name a known issuer at all; only
    those go through Python's search (with its guards)."""
    named = pl.Series(texts, dtype=pl.String).str.to_lowercase().str.contains(_known_anywhere())
    return {text: canonical(text) if maybe else None for text, maybe in zip(texts, named)}


@functools.lru_cache(maxsize=65536)
def canonical(name: str) -> tuple[str, str] | None:
    """The canonical (name, country) of issuers_v14.csv that `name` contains, earliest match first."""
    return _first_known(name, fallback_only=False, guard=True)


SPANISH_CENTRAL_COMMITTEE = re.compile(r"^(?:comite central|cc|c\.c\.)(?:,| de(?:l| la| los)?)\s+")
"""'Comité Central de la Unión de ...', 'CC de la ...': the body's central committee (docs/labelling.md)."""


@functools.cache
def _spanish_names() -> list[tuple[re.Pattern, str]]:
    """spanish_names_v2.csv: (whole folded Spanish name, English name KCNA gives the body)."""
    return [(re.compile(f"(?:{spanish})", re.I), english) for spanish, english in rules.load("spanish_names").rows()]


SPANISH_WORD = re.compile(r"(?i)\b(?:de|del|la|los|las|por|para|y|comite|comision|asociacion|sociedad|direccion|"
                          r"delegacion|representante|representacion|federacion|union|instituto|ministerio)\b")
"""A word that only a Spanish name of a body holds (or an accented letter, which English names lack)."""


@functools.lru_cache(maxsize=8192)
def english_name(name: str | None, country: str | None) -> str | None:
    """A DPRK body found under its Spanish name -> KCNA's English name of it (docs/labelling.md, v2: Spanish names
    of DPRK bodies as KCNA's English service names them); any other name unchanged (issuer_code_v16)."""
    if not name or country != DPRK or name.isascii() and not SPANISH_WORD.search(name):
        return name  # an English name needs no folding (v22 asked for 'de', and missed 'Comite Olimpico': v23)
    folded = re.sub(r"^(?:el|la|los|las)\s+", "", fold_accents(name).lower().strip(" ,.\"'"))
    central = SPANISH_CENTRAL_COMMITTEE.match(folded)
    body = folded[central.end():] if central else folded
    for spanish, english in _spanish_names():
        if spanish.fullmatch(body):
            return f"Central Committee of the {english}" if central else english
    return name


SENTENCE_END = re.compile(r"(?<=[a-z])\.\s+[A-Z]")
ABBREVIATIONS = {"mt", "st", "dr", "mr", "ms", "mrs", "jr", "sr", "co", "no", "lt", "rev", "gen", "col", "ltd", "inc",
                 "prof", "sgt", "capt", "corp", "gov", "sen", "rep", "ave", "vol", "dept", "univ", "assn", "assoc", "pres",
                 "secy", "int'l", "govt", "amb"}


def before_sentence_end(who: str) -> str:
    """A speaker that runs past its sentence's full stop ('Pak Jong Chan. The', 'Bashar al-Assad. El texto senala') ends
    there, unless a name alone follows the stop; an abbreviation's stop ('Mt. Paektu', 'Co. Ltd.', 'Sh. D.') ends no
    sentence (issuer_code_v24)."""
    for stop in SENTENCE_END.finditer(who):
        word = who[: stop.start()].rsplit(None, 1)[-1].lower()
        if len(word) > 2 and word not in ABBREVIATIONS:  # 'Sh. D. Shabdolov': two letters abbreviate
            after = who[stop.end() - 1:]
            # a name alone after the stop is the speaker the pattern ran to ('... Korean War. Jong Il Sim')
            return after if re.fullmatch(r"[A-Z][\w'-]*(?: [A-Z][\w'-]*){1,3}", after) else who[: stop.start()]
    return who


AFTER_NAME = re.compile(r"\s+(?:in\s+(?:a|an|its|his|her|their)\s+(?:press\s+release|appeal|interview|statement|letter|"
                        r"message|article|speech)\b|on\s+(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|"
                        rf"{MONTH}\s+\d+)\b|"
                        r"made\s+(?:the|this|a)\s+(?:call|demand|urge|appeal)\b).*$")
"""What a speaker did or when, after the name: 'Navy Command of the Korean People's Army in a press release', 'Dilma
Rousseff on Saturday during the two-day summit', 'U Thein Sein made the call' (issuer_code_v24)."""


def trim(who: str) -> str:
    """A speaker without parentheses, the role that follows a name ('X, chairman of ...') or what it did next."""
    who = LEADING_TIME.sub("", OCCASION.sub("", PARENTHESES.sub("", who).strip(" ,\"'“”")))
    who = AFTER_NAME.sub("", before_sentence_end(who))
    who = after_said(SPANISH_OPENING.sub("", who))  # '..., said the Peru Institute for ...' is the institute (v12)
    including = INCLUDING.match(who)
    if including:
        who = including.group("first")
    office_first = OFFICE_FIRST.search(who)
    if office_first:
        return office_first.group(1)
    role = ROLE.search(who)
    if role and role.start() > 0:
        who = who[: role.start()]
    run_on = RUN_ON.search(who)
    if run_on:
        who = who[: run_on.start()]
    listed = SPANISH_LIST.match(who)
    return listed.group("first") if listed else who


SPANISH_LIST = re.compile(r"^(?P<first>[A-Z][\w'-]*(?:\s+(?:(?:de|del|de la|de los|de las|en|para|por|la|el)\s+)?"
                          r"[A-Z][\w'-]*)+),\s+(?:el|la|los|las)\s+[A-Z]")
"""A Spanish list of bodies is its first ('El Partido Popular de Pakistan, la Asociacion Pakistani ... y otros partidos
hicieron publica una declaracion conjunta': docs/labelling.md, joint documents), where what comes before the comma is a
name, not a clause ('Al respecto, la Comandancia ...') (issuer_code_v14)."""


MEMBERS_OF = re.compile(r"^(?:the\s+)?members?\s+of\s+(?=(?:the|a|an)\s+(?:[\w'-]+\s+){0,8}?"
                        r"(?:group|delegation|team|troupe|board|party|union|committee|association)\b)", re.I)
"""The members of one group or body speak as it ('members of the Chinese technicians group' is the group, as the labels
write it); members of several ('members of congratulatory groups') are left alone (issuer_code_v15)."""
WHAT_IT_DID = re.compile(r"\s+(?:(?:which|who)\s+(?:is|are|was|were|had|has|have|took|visited|attended|participated)|"
                         r"(?:active|participating)\s+(?:at|in))\b.*$", re.I)
"""What a group or person did after the name ('... group active at the glass factory', '... delegation which had
attended ...', 'Foreign Minister X who is heading its delegation') is no part of the name (issuer_code_v15). Not 'for
celebrating ...': it names preparatory committees ('Swiss Preparatory Committee for Celebrating the Day of the Sun')."""


WHAT_IT_GROUPS = re.compile(r"(?:,?\s+(?:grouping|consisting\s+of|made\s+up\s+of|comprising|composed\s+of)\s|"
                            r",?\s+and\s+(?:other|its|their)\s+(?!international\b)(?:[\w'-]+\s+){0,3}?"
                            r"(?:organi[sz]ations|bodies|groups|parties|associations|unions|affiliates)\b).*$|"
                            r"\s+(?-i:today|yesterday)$", re.I)
"""What a body groups or who joined it, after its name ('Solidarity of X grouping personages of ... organizations',
'Joint Action ... consisting of over 110 organizations', 'X and other civic organizations', 'X and its affiliated
organizations'), and a time after it ('central committee of the Communist Party of China today'; not 'Media Today'), are
no part of the name: guide v2 writes the body (a joint document's first body named) (issuer_code_v17). Not 'the UN
Office and other international organizations in Geneva', a mission's name."""


EDITORIAL_BOARD = re.compile(r"^(?:the\s+)?editorial\s+(?:board|staff|office|department)\s+of\s+(?:the\s+)?(?=\S)",
                             re.I)
"""A paper's editorial board speaks as the paper ('The editorial board of the Czech newspaper X made public a statement'
is X, as the labels write it; then PAPER_BEFORE drops 'Czech newspaper') (issuer_code_v15)."""


KOREANS_IN_JAPAN = re.compile(r"\bKoreans?\b.*\sin\s+Japan$")
"""A body of Koreans in Japan keeps 'in Japan' ('Korean Human Rights Association in Japan', 'delegation of Koreans in
Japan'): the guide writes the name as the lead does and its comparison drops only a Korean place; a Japanese body
('... City Assembly in Japan') still loses the place, as the labels write it (issuer_code_v18)."""


SOUTH_KOREAN_BEFORE = re.compile(r"^(?:[Tt]he\s+)?[Ss]outh Korean\s+(?=[A-Z])")
"""A 'south Korean' before a name is a descriptor and dropped (also after 'The', issuer_code_v18: 'south Korean
Kyunghyang Daily News' is labelled 'Kyunghyang Daily News', 'south Korean Buddhist Jogye Order' 'Buddhist Jogye
Order'), except where it opens a national name whose next word is a body's noun that the comparison does not read as
one ('south Korean Confederation of Trade Unions', as the v2 labels write it, 'Korean Confederation ...';
scoring.BODY_WORD drops the qualifier itself where it reads the name as a body's)."""


ADJECTIVE_LIST = re.compile(r"(?:[Tt]he\s+)?[A-Z][\w'-]*(?:,\s+[A-Z][\w'-]*)*")
"""Single capitalised words before a comma that open a body's name ('Czech, Moravian, Silesian Trade Unions'
Association'): no office before a person (issuer_code_v20; v19 kept 'Silesian Trade Unions' Association')."""


@functools.lru_cache(maxsize=65536)
def clean(who: str) -> str:
    """A speaker as the guide writes it: trimmed, without leading article or rank, nor a trailing place."""
    return HONORIFIC.sub("", _clean(who))


HONORIFIC = re.compile(r"^(?:Sheikh?|Jeque)\s+(?=[A-Z][\w'-]*\s+(?:[Bb]in|[Aa]l-[A-Z]))")
"""A Gulf ruler's honorific before his name ('Sheikh Hamad Bin Isa al-Khalifa', 'Sheikh Sabah Al-Ahmad ...') is a title
(docs/labelling.md: a person without a title before the name), where a 'bin' or 'al-' name follows; not in 'Sheikh
Hasina', where it is part of the name (issuer_code_v21)."""


SPOKESMAN_NAMED = re.compile(r"(?<=\w)\s+spokes(?:man|person|woman)(?:\s+[A-Z][\w'.-]*){1,4}$")
"""'Iran's Foreign Ministry spokesman Ramin Mehmanparast', 'Sri Lankan air force spokesperson Andrew Wijesooriya': a
body's spokesman is the body (docs/labelling.md), also where his name follows (issuer_code_v23)."""


def _clean(who: str) -> str:
    """clean() before a Gulf ruler's honorific is dropped."""
    who = SPOKESMAN_NAMED.sub("", WHAT_IT_GROUPS.sub("", WHAT_IT_DID.sub("", MEMBERS_OF.sub("", trim(who)))))
    who = who if KOREANS_IN_JAPAN.search(who) else TRAILING_PLACE.sub("", who)
    # Spanish puts the office first: 'primer ministro del Consejo de Ministros de la RPDC, Kim Yong Il'.
    head, comma, last = who.rpartition(", ")
    run = PERSON_RUN.search(last) if comma else None
    if run and ADJECTIVE_LIST.fullmatch(head) \
            and {word.lower().strip(".,'") for word in run.group(1).split()} & BODY_NOUNS:
        run = None  # 'Czech, Moravian, Silesian Trade Unions' Association' is one body's name (issuer_code_v20)
    if run and not re.search(r"[A-Z]", last[: run.start(1)]) and (
            head[:1].islower() or len(head.split()) <= 3
            or head.split()[0].lower() in SPANISH_OFFICE_FIRST | SPANISH_STATES):
        who = run.group(1)
    south = SOUTH_KOREAN_BEFORE.match(who)
    rest = who[south.end():] if south else ""
    if south and (scoring.BODY_WORD.search(rest.lower()) or rest.split()[0].lower() not in BODY_WORDS):
        who = rest  # 'south Korean' is a descriptor here; 'south Korean Confederation of Trade Unions' keeps it
    who = EDITORIAL_BOARD.sub("", who)
    paper = PAPER_BEFORE.match(who)
    if paper and not countries_in(who[paper.end():]):
        who = ISSUE_AFTER.sub("", who[paper.end():])
    words, popped = who.split(), ""
    if words and words[0] in NOT_TITLES:
        return _after_last_title(who).strip(" ,")  # 'DR Congo-Korea Friendship and Solidarity Association' (issuer_code_v10)
    titled = bool(words) and (words[0].lower().strip(".,") in TITLE_WORDS or (len(words) > 1 and countries_in(words[0])
                                                                               and words[1].lower() in TITLE_WORDS))
    while len(words) > 1 and not INITIAL.fullmatch(words[0]) and not _surname_an(words) and (
            words[0].lower().strip(".,") in TITLE_WORDS | {"the", "a", "an", "of", "del", "de"}
            or (countries_in(words[0]) and words[1].lower() in TITLE_WORDS)):
        if words[1].lower().strip(".,") in BODY_WORDS and words[0].lower().strip(".,") not in ARTICLES_AND_DPRK:
            break  # 'General Association of Koreans in China', 'Supreme Command': the word is part of a body's name
        popped = words.pop(0).lower()
    who = " ".join(words)
    # Right after the title only: 'Supreme Leader of the Islamic Revolution of Iran X' names no person first.
    person = _titled_person(who) if titled and popped not in ARTICLES_AND_DPRK - {"dprk"} else None
    if person or titled and (person := _after_state(who)):
        return person
    if titled and popped in ("of", "de") and PERSON_WORDS.fullmatch(who) and countries_in(words[0]) \
            and not {word.lower() for word in words} & (NOT_A_PERSON | BODY_NOUNS):
        return _without_country(who)  # 'President of Bangladesh Zillur Rahman': no title nor country (issuer_code_v15)
    run = PERSON_RUN.search(who)
    # 'Ministry of Public Security' is a body, 'Premier Choe Yong Rim' a person: a capitalised run after 'of' / 'for' ends a body's name.
    if titled and run and run.start(1) > 0 and not CONNECTOR_BEFORE.search(who[: run.start(1)]) and not (
            OF_THE_BEFORE.search(who[: run.start(1)]) and run.group(1).split()[-1].lower() in BODY_NOUNS) and not (
            AT_THE_BEFORE.search(who[: run.start(1)]) and INTERNATIONAL.search(run.group(1))):
        who = " ".join(w for w in run.group(1).split() if w.lower() not in TITLE_WORDS)
        who = _without_country(who)
    return _after_last_title(who).strip(" ,")


def _surname_an(words: list[str]) -> bool:
    """'An' before two capitalised name words and nothing else is the Korean surname An ('An Kyong Ho'), not the article
    (v10 gave 'Kyong Ho'); 'An Iranian delegation', 'An Official Statement' stay articles (issuer_code_v11). Since
    issuer_code_v18 also the Chinese surname He before one or two name words ('He Guoqiang', 'He Yong'), not 'he'."""
    return (len(words) == 3 and words[0] == "An" or words[0] == "He" and len(words) in (2, 3)) and all(
        re.fullmatch(r"[A-Z][a-z]+", word) and word.lower() not in TITLE_WORDS | BODY_NOUNS and not countries_in(word)
        for word in words[1:])


INNER_DPRK = re.compile(r"(\b(?:of|to) the )DPRK (?=(?:[A-Z][\w'-]*\s+){0,4}(?:Assembly|Commission|Committee|Institute|"
                        r"Union|Academy|Ministry|Association|Federation|Council|Society|Front|Party)\b)")
"""A DPRK body's name inside another is written without 'DPRK', as its own name is (docs/labelling.md): 'presidium of
the DPRK Supreme People's Assembly' is 'presidium of the Supreme People's Assembly' (issuer_code_v14)."""
PAPER_BEFORE = re.compile(r"^(?i:(?:[\w-]+\s+){1,3}?issue\s+of\s+)?(?i:(?:the\s+|an?\s+)?(?:[A-Za-z][\w-]*\s+){0,3}?"
                          r"(?:internet\s+|online\s+|on-line\s+)?)"
                          r"(?:(?i:(?:news)?paper)|magazine|weekly|daily|monthly|radio)\s+"
                          r"(?:of\s+Koreans\s+in\s+(?:the\s+)?(?:U\.S\.|[A-Z][a-z]+)\s+)?(?:the\s+)?(?=[A-Z@0-9\"])")
"""A paper is its name, without what describes it ('south Korean online paper Jaju Sibo' -> 'Jaju Sibo', 'Chinese newspaper
People's Daily' -> 'People's Daily'), as the labels write it, where the name itself names no country (the country then
comes from the words around it; 'Hong Kong newspaper South China Morning Post' is kept whole) (issuer_code_v11; v10
dropped only a leading 'south Korean'). Since issuer_code_v21 also a magazine, weekly, daily or monthly (in lower
case: 'Kyunghyang Daily News' is a name) and an issue before it ('South Korean weekly magazine Hangyore 21' -> 'Hangyore
21', '10th issue of the Russian newspaper Patriot' -> 'Patriot'; v20 kept them whole), with ISSUE_AFTER. Since
issuer_code_v22 also a radio ('South Korean internet radio Voice of People' -> 'Voice of People') and a paper of Koreans
abroad ('internet newspaper of Koreans in the U.S. Minjok Thongsin' -> 'Minjok Thongsin'), whose country the words
around it still give."""
ISSUE_AFTER = re.compile(r"\s+of\s+(?:its\s+|the\s+)?(?:[\w-]+\s+){1,2}?issue$", re.I)
"""The issue after a paper's name is no part of it ('Shin Dong-A of June issue' -> 'Shin Dong-A'; issuer_code_v21)."""
NOT_TITLES = {"DR"}
"""'DR' in capitals is a country's 'Democratic Republic' ('DR Congo'), not the title 'Dr' (v9 dropped it and read the rest
as a person: 'Congo-Korea Friendship', CG)."""
INITIAL = re.compile(r"[A-Z]\.")
"""An initial ('A. Lukashenko') is part of a name, not the article 'a' before it (issuer_code_v9)."""
STATE = re.compile(r"^(?:[A-Z][\w'-]*\s+){0,3}(?:Republic|Kingdom|Federation|Sultanate|State|Emirates|Commonwealth|"
                   r"Rep[uú]blica|Reino|Federaci[oó]n)\s+(?:of|de)\s+(?:the\s+|la\s+|el\s+)?(?=[A-Z])")
"""A state's name before the person ('Republic of Maldives'; since issuer_code_v18 in Spanish too, 'Republica de
Benin')."""
NAME_WORD = r"(?:[A-Z][\w'.-]*|[OU])"
"""A word of a person's name: capitalised, or a Korean one-letter name ('O Ik Je')."""
PERSON_WORDS = re.compile(rf"{NAME_WORD}(?: {NAME_WORD}){{1,3}}")


STATE_NAMED_FIRST = re.compile(r"^((?:[A-Z][\w'-]*\s+){1,2}(?:Federation|Republic|Kingdom|Emirates|Sultanate))"
                               r"\s+(?=[A-Z])")
"""A state named by its adjective and noun before the person ('President of the Russian Federation D. Medvedev'): the
person after it, where the adjective is a country's (issuer_code_v18)."""


SPANISH_STATES = {"república", "republica", "federación", "federacion", "reino"}
"""A Spanish state, its noun first, before the person ('Federacion Rusa V. Putin', 'Republica Federal de Nigeria X
Y'), or before ', <person>' ('Republica Arabe de Egipto, X Y'): the person (issuer_code_v18)."""


def _after_state(who: str) -> str | None:
    """The person named after the office of a state and the state's name: 'President of the Republic of Maldives Mohamed
    Nasheed' -> 'Mohamed Nasheed' (issuer_code_v9), 'Russian Federation D. Medvedev' -> 'D. Medvedev' (v18), else
    None."""
    named_first = STATE_NAMED_FIRST.match(who)
    words = who.replace(",", " ").split()
    splits = [(named_first.group(1), who[named_first.end():])] if named_first else []
    if words and words[0].lower() in SPANISH_STATES:  # 'Federacion Rusa V. Putin', 'Republica Federal de Nigeria X Y'
        splits += [(" ".join(words[:size]), " ".join(words[size:])) for size in range(2, min(len(words) - 1, 6))]
    for state, person in splits:
        if countries_in(state) and PERSON_WORDS.fullmatch(person) and not countries_in(person) \
                and not {word.lower() for word in person.split()} & (NOT_A_PERSON | BODY_NOUNS):
            return person
    state = STATE.match(who)
    rest = who[state.end():].split() if state else []
    for size in (1, 2, 3):
        person = " ".join(rest[size:])
        if countries_in(" ".join(rest[:size])) and PERSON_WORDS.fullmatch(person) and not countries_in(person):
            return person
    return None


def _without_country(person: str) -> str:
    """A person's capitalised run without the country that ended the body named before it: 'Ukraine Kim Yong Sul'
    (after 'Chairman of the United Confederation of Koreans in') -> 'Kim Yong Sul' (issuer_code_v9; a state's office
    before the name, 'President of the Republic of Maldives X', is _after_state's)."""
    words = person.split()
    if len(words) >= 3 and countries_in(words[0]) and words[1].lower() not in OFFICE_WORDS | {"chancellor"}:
        return " ".join(words[1:])
    return person  # 'German Chancellor Angela Merkel' keeps the country that gives hers


TITLED_PERSON = re.compile(rf"^({NAME_WORD}(?:\s+{NAME_WORD}){{1,4}})\s+(?:of|and)\s+(?:the\s+)?[A-Z]")
"""A titled person named before the body or the second sender: 'Chairman Kang Yong Sop of the Central Committee of the
Korean Christian Federation', 'Chairman Andreas Hugo Pareira and Secretary General Tjahjo Kumolo of ...'
(issuer_code_v9)."""


def _titled_person(who: str) -> str | None:
    """The person of TITLED_PERSON (after a last office word: 'King Norodom Sihanouk' -> 'Norodom Sihanouk'), else None:
    a capitalised run with a body's noun ('General Federation of ...') or a known issuer is no person."""
    match = TITLED_PERSON.match(who)
    if not match:
        return None
    run = match.group(1)
    words = {re.sub(r"'s$", "", word.lower().strip(".,")) for word in run.split()}
    if words & (NOT_A_PERSON | BODY_NOUNS | TITLE_WORDS) or canonical(run):
        return None
    person = _after_last_title(run)
    return person if len(person.split()) >= 2 and person != run.split()[0] else None


NOT_A_PERSON = {"institute", "institution", "academy", "university", "college", "school", "church", "group", "centre",
                "center", "congress", "movement", "foundation", "company", "corporation", "embassy", "fund", "republic",
                "kingdom", "state", "states", "government", "parliament", "people", "federal", "national", "revolution"}
"""Words of a state's or a body's name: a titled run holding one is no person ('director of the History Institute of the
Academy of Social Sciences', 'President of the People's Republic of China'); with BODY_NOUNS and TITLE_WORDS."""


SPANISH_OFFICE_FIRST = {"primer", "primera", "secretario", "secretaria", "presidente", "presidenta", "ministro", "ministra",
                        "vicepresidente", "viceministro", "director", "directora", "jefe", "jefa", "embajador", "embajadora"}
"""A Spanish office, capitalised, before the person after a comma: 'Primer Secretario del Partido del Trabajo de Corea, Kim
Jong Un' is Kim Jong Un however long the office (issuer_code_v7; v6 only after a lower-case or short office)."""
ARTICLES_AND_DPRK = {"the", "a", "an", "of", "del", "de", "dprk"}
"""Before a body's noun (issuer_words.BODY_WORDS) a title word is kept ('General Association', 'Supreme Command';
issuer_code_v5), an article or 'DPRK' is not ('DPRK Council for National Reconciliation' -> 'Council for National
Reconciliation')."""

OFFICE_WORDS = TITLE_WORDS | {"minister", "vice-minister", "king", "prince", "governor", "mayor", "senator", "deputy",
                              "cabinet", "rey", "reina"}
"""Words of office that may stand between a country and a person's name: 'South African President Jacob Zuma';
'Premier of the DPRK Cabinet Pak Pong Ju' -> 'Pak Pong Ju' (issuer_code_v4; v3 gave 'Cabinet Pak Pong Ju')."""


CONNECTORS = {"of", "for", "to", "the"}
"""Before 'DPRK' a connector makes it the country inside a body's name ('Council for ... of DPRK Women Employees'),
not an office before a person, where no other office stands in the name ('Ambassador to the DPRK X Y' is still X Y)
(issuer_code_v18)."""


def _after_last_title(who: str) -> str:
    """The person's name after the last word of office, where the rest is a capitalised name of 2-4 words
    ('DPRK Foreign Minister Paek Nam Sun' -> 'Paek Nam Sun'); a body ('Minister of Foreign Affairs') is kept."""
    words = who.split()
    offices = [index for index, word in enumerate(words) if word.lower().strip(".,") in OFFICE_WORDS]
    if offices == [index for index, word in enumerate(words) if word == "DPRK" and index
                   and words[index - 1].lower() in CONNECTORS]:  # no office at all (issuer_code_v18)
        return who
    rest = words[offices[-1] + 1:]
    person = _after_office_of(rest)
    if person:
        return person
    if 2 <= len(rest) <= 4 and all(word[:1].isupper() for word in rest) and not canonical(" ".join(rest)) \
            and rest[-1].lower() not in BODY_NOUNS:  # 'Supreme People's Assembly' is no person (issuer_code_v6)
        return " ".join(rest)
    return who


BODY_ENDS = BODY_NOUNS | {"affairs", "forces", "security", "defence", "defense", "cabinet"}


def _after_office_of(rest: list[str]) -> str | None:
    """The person after an office 'of' a body or state, where the name that follows the body's last noun or the state is
    a capitalised 2-4 words: 'Vice-minister of Foreign Affairs Choe Su Hon', 'Minister of the People's Armed Forces Kim Il
    Chol', 'Prime Minister of Lesotho X Y' (issuer_code_v10; v9 only took 2-4 words right after the office), else None."""
    if len(rest) < 4 or rest[0].lower() not in ("of", "de"):  # Spanish 'Rey de Espana Felipe VI' (issuer_code_v18)
        return None
    ends = [index for index, word in enumerate(rest)
            if re.sub(r"'s$", "", word.lower().strip(".,")) in BODY_ENDS or countries_in(word)]
    person = rest[ends[-1] + 1:] if ends else []
    name = " ".join(person)
    if 2 <= len(person) <= 4 and all(word[:1].isupper() for word in person) and not countries_in(name) \
            and not canonical(name) and not {word.lower() for word in person} & (NOT_A_PERSON | BODY_NOUNS):
        return name  # 'of the Palestine National Liberation Movement' names no person after the state
    return None


SUB_UNIT = re.compile(r"^(?:the\s+)?(?:[A-Za-z][\w-]*\s+){1,3}(?:group|subcommittee|sub-committee)"
                      r"\s+of\s+(?:the\s+)?[A-Z]", re.I)
"""A named group of a body speaks as itself ('A spokesman for the Investigation Group of the National Defence
Commission' is the Investigation Group of the National Defence Commission, not the NDC: docs/labelling.md names the body
whose words the article carries); its country is the body's (issuer_code_v9)."""


SUPPORTER = re.compile(r"^(?:the\s+|an?\s+)?(?:[\w'.-]+\s+){0,5}?(?:committee|association|council|group|society|league|"
                       r"front|movement|organization|union|federation|alliance)\s+(?:for|of|in)\s+(?:the\s+)?"
                       r"(?:support|supporting|solidarity|friendship)\b", re.I)
"""A body named for supporting or befriending another ('Nepalese Committee for Supporting the NDFSK', 'Association for
Solidarity with Chongryon') is not that body: a foreign known row inside its name does not name it (issuer_code_v12)."""


BODIES_OF = re.compile(r"^(?:the\s+)?(?:(?:its|their|affiliated|local|various|different|several)\s+)*"
                       r"(?:organi[sz]ations|bodies|branches|organizaciones|entidades)\s+(?:of|under|de)\s+"
                       r"(?:the\s+|la\s+|el\s+)?(?=[A-Z])")
"""The organizations of one body ('organizations of the General Association of Korean Residents in Japan (Chongryon)')
are several senders the lead does not name one by one: no issuer (docs/labelling.md: messages from several senders;
the v2 labels give none), not the body they belong to (issuer_code_v20; v19 gave the body). A country after them
('organizations of south Korea') is MANY's."""


LEADER_AFTER_OFFICE = re.compile(r"(?:,\s+|\b(?:Assembly|Army|DPRK|Korea|Corea|RPDC|EPC|PTC|Minister|Commission)\s+)"
                                 r"(Kim Jong Un|Kim Jong Il|Kim Il Sung|Kim Yong Nam|Kim Yo Jong)$")
"""A DPRK leader named after his office's body or state ('President of the Presidium of the Supreme People's Assembly
Kim Yong Nam', 'Supreme Commander of the Korean People's Army Kim Jong Un', 'Foreign Minister of the DPRK Kim Yong Nam',
'Primer Secretario del Partido del Trabajo de Corea Kim Jong Un') or after a comma is the person, his canonical name
(docs/labelling.md: a person without the title before the name); v19 kept the end of the office ('Assembly Kim Yong
Nam'). Not after a title inside a body's name ('Committee for Remembering Generalissimo Kim Jong Il')
(issuer_code_v20)."""


OFFICE_OPENING = re.compile(r"^(?:(?:the|el|la)\s+)?(?P<office>[\w-]+)\s+(?:of|del|de)\s", re.I)


def _person_after_office(trimmed: str, raw: str) -> str | None:
    """The person named after an office and a comma ('The chairman of the Central Committee of the Red Cross Society of
    the DPRK, Jang Jae On', 'El presidente del Comite Central de la ..., Jang Jae On'): docs/labelling.md makes a
    message's sender and a speaker the person, so the body in the office is no canonical match (issuer_code_v21; v20
    gave the body). None where `trimmed` (trim() of `raw`) is not such an office and person."""
    office = OFFICE_OPENING.match(trimmed)
    if not office or trimmed.count(",") != 1 \
            or office.group("office").lower() not in OFFICE_WORDS | SPANISH_OFFICE_FIRST:
        return None
    name = clean(raw)
    return name if PERSON.fullmatch(name) and trimmed.endswith(", " + name) else None


FM_UNIT = re.compile(r"^(?:(?:[\w-]+\s+){0,2}?(?:director|director-general|head|chief|spokesman|spokesperson|"
                     r"delegation)\s+of\s+(?:the\s+)?)*(?P<unit>(?:[\w-]+\s+)?(?:Institute|Department)\s+(?:for|of)\s+"
                     r"[^,]{3,80}?\s+of\s+(?:the\s+)?(?:DPRK\s+)?"
                     r"(?:Foreign\s+Ministry|Ministry\s+of\s+Foreign\s+Affairs))"
                     r"(?:\s+of\s+the\s+DPRK)?$")
"""An institute or department of the DPRK Foreign Ministry, or its director, head, delegation or spokesman ('The
director-general of the Institute for Disarmament and Peace of the Ministry of Foreign Affairs of the DPRK'), speaks as
the unit, written with the ministry (docs/labelling.md, v2: a sub-unit of a ministry; the comparison reads it as the
unit), not as the ministry (v20 found the ministry's canonical row: 'Institute for American Studies' escaped it only
by naming a country) (issuer_code_v21)."""


def resolve(raw: str, known_none: bool, spokesman: bool, canonical_of=canonical) -> tuple[str, str | None] | None:
    """What a pattern's speaker `raw` gives: (canonical name, country) for a known issuer, (name, None) for
    another one (its country comes from the words around it: country_of), None for no name at all.
    `known_none`: title and lead name no known issuer; `spokesman`: the pattern found a spokesman's body;
    `canonical_of`: canonical(), or a table of its answers computed for many names at once (canonicals)."""
    trimmed = trim(raw)
    if BODIES_OF.match(trimmed):
        return NOBODY, None  # 'organizations of Chongryon': several senders, none named (issuer_code_v20)
    unit = FM_UNIT.match(clean(raw)) if "Ministry" in raw else None
    if unit:
        return INNER_DPRK.sub(r"\1", unit.group("unit")), DPRK  # a unit of the DPRK Foreign Ministry (issuer_code_v21)
    if known_none and not unlisted_known(raw, trimmed) or SUB_UNIT.match(trimmed):
        found = None  # no known issuer anywhere in title and lead: none in the speaker's name either; or a group of one
    else:
        # A person's name is not searched for bodies: 'Kim Kang Il, vice-minister of National Defence' is a person.
        person = None if spokesman else _person_after_office(trimmed, raw)
        found = canonical_of(person) if person else \
            canonical_of(trimmed) or (None if PERSON.fullmatch(clean(raw)) else canonical_of(after_said(raw)))
    if found and found[1] != DPRK and SUPPORTER.match(trimmed):
        found = None  # 'Bangladesh Solidarity Committee for Supporting the Struggle of the NDFSK' is not the NDFSK (issuer_code_v12)
    if found:
        name, country = found
        return (SPOKESPERSON_OF.get(name, name) if spokesman else name), country
    name = INNER_DPRK.sub(r"\1", quoted(clean(raw)))
    if len(name) < 3 or (not re.search(r"[A-Z]", name) and len(name.split()) <= 2 and not INTERNATIONAL.search(name)):
        return None  # 'the group said in its statement': no name here
    if CLAUSE_END.search(name):
        return None  # 'This was mentioned in a press statement': a passive clause (issuer_code_v14)
    agent = BY_AGENT.match(name)
    if agent:
        return resolve(agent.group("who"), known_none, spokesman, canonical_of)  # 'This was stated by X' is X's
    if A_CLAUSE.search(name):
        return None  # 'Nothing is more vital for the Korean people ...': a sentence, not a name (issuer_code_v25)
    if DATE_NAME.match(name):
        return None  # 'A delegate of the DPRK on October 29 made a speech': the next pattern is tried (issuer_code_v22)
    if PRONOUN_NAME.match(name):
        return NOBODY, None  # 'They sent a letter': named before, not the body a later pattern finds (issuer_code_v22)
    if _many_unnamed(name):
        return NOBODY, None  # 'More than 600 singers issued a declaration': nobody named, and no other speaker (v14)
    leader = "Kim " in name and LEADER_AFTER_OFFICE.search(name)
    if leader and (person := canonical(leader.group(1))):
        return person  # '... of the Supreme People's Assembly Kim Yong Nam' (issuer_code_v20)
    return name, None


def quoted(name: str) -> str:
    """A name with its quotation marks paired: 'Federation of Korea Metal Unions"' (its opening mark stripped with the
    article before it) is '"Federation of Korea Metal Unions"', as the name was written (issuer_code_v14)."""
    if name.count('"') % 2:
        return '"' + name if name.endswith('"') else name + '"' if name.startswith('"') else name
    return name


NOBODY = ""
"""resolve()'s name for a speaker that is many people or bodies named by none (MANY): the article has no issuer, and
neither a later pattern nor a known issuer named elsewhere (the document they back) is tried (issuer_code_v14)."""


PRONOUN_NAME = re.compile(r"^(?:they|he|she|it|we|this|that|these|those|in this (?:regard|connection))$", re.I)
"""A pronoun or 'In this regard' is no speaker's name (issuer_code_v22; v21 gave 'They' for 8 corpus articles): the
speaker was named before, so the article has none."""
DATE_NAME = re.compile(r"^on (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}$", re.I)
"""A date is no speaker's name either, but the speaker may be named before it: the next pattern is tried."""
CLAUSE_END = re.compile(r"\s(?:was|were|is|are|has|have|had|been)$")
"""A speaker that ends in an auxiliary is a passive clause's subject, not who spoke ('This was mentioned in a special
press statement': issuer_code_v14)."""
BY_AGENT = re.compile(r"^(?:this|it|that|these)\s+(?:\w+\s+)?(?:was|were|is)\s+(?:\w+\s+)?by\s+(?P<who>[A-Z].*)$", re.I)
"""'This was stated by X', 'This urge was made by the New Socialist Party': the agent is the speaker (issuer_code_v25)."""
A_CLAUSE = re.compile(r"\b(?:is|are|was|were|will|would|has|have|had|said|says|dijo)\b")
"""A finite verb inside a speaker: a sentence the patterns took for a name ('Koreans will reconnect rail and road links
...', 'Lebanese army said it', 'More than 10 years have passed since Kim Jong Il'). No name found is better than a
sentence; the next pattern is tried (issuer_code_v25)."""
MANY = re.compile(
    r"^(?:(?:some|more than|over|about|nearly|around|almost|at least|\d[\d,]*|several|many|various|different|"
    r"foreign|overseas|her|his|their|its|los|las|otros|otras|varios|varias|diversos|diversas|unos|unas|"
    r"m[aá]s de)\s+)*(?:(?!of\s)[\w'-]+\s+){0,3}?"
    r"(?:officials|envoys|diplomats|counterparts|heads of (?:state|government)|leaders|delegates|personages|"
    r"personalities|figures|singers|artistes|artists|professors|scholars|academics|lawyers|journalists|compatriots|"
    r"parties|organi[sz]ations|bodies|groups|students|citizens|"
    r"historians|prisoners|parents|enterprises|families|residents|veterans|workers|teachers|writers|religionists|"
    r"partidos|entidades|organizaciones|personalidades|funcionarios|pol[ií]ticos)\b"
    r"(?!\s+(?:federation|union|association|council|committee|league|party|society|front|movement|alliance|congress)\b)"
    r"(?P<rest>.*)$", re.I)
MANY_RUNS_ON = re.compile(r"\s+(?:on|to|who|which|that|as regards|living|active|visiting|participantes|que|quienes)"
                          r"\b.*$")
"""docs/labelling.md: messages from several senders and joint documents of bodies it does not name ('delegates of
foreign parties') have no issuer. A speaker that is a plural of people or bodies ('More than 600 singers of south
Korea', 'Some 30 personages of Nepali political parties', 'officials in charge of ... of various embassies', 'her
counterparts of different countries') names none where what follows, up to what it did or where it went, holds no
capitalised word other than a country's; 'Professors of Yonsei University' names one (issuer_code_v14). Since
issuer_code_v18 also historians, prisoners, parents, enterprises, families, residents, veterans, workers, teachers,
writers and religionists ('63 unconverted long-term prisoners', 'Korean residents in Japan'), not before a body's noun
('Bangladesh workers federation'). A plural
'including' a named body is left as it was: the labels give it either way."""
PARTICIPANTS_IN = re.compile(r"^(?:the\s+|los\s+)?(?:participants|participantes|asistentes|attendants|attendees)\s+"
                             r"(?:in|of|at|to|en|de|del|a|al)\b", re.I)
"""The participants in an event ('participants in the 14th Pyongyang International Film Festival sent a letter') are
people the article does not name, whatever the event's name: no issuer, as guide v2 reads senders and joint documents
of people it does not name ('delegates of foreign parties'); the v2 labels give none (issuer_code_v16)."""


def _many_unnamed(name: str) -> bool:
    """Whether `name` is a plural of people or bodies that names no one (MANY)."""
    if PARTICIPANTS_IN.match(name):
        return True
    many = MANY.match(name)
    if not many:
        return False
    # A capitalised word inside its head after the first makes it a name ('Union of Communist Parties').
    head = [word for word in name[: many.start("rest")].split()[1:] if word[:1].isupper()]
    rest = MANY_RUNS_ON.sub("", many.group("rest"))
    return all(_a_country(run) or run.lower() in ARTICLES_AND_DPRK for run in head + CAPITALISED_RUN.findall(rest))


STATE_NAME_WORDS = {"democratic", "republic", "people's", "united", "states", "kingdom", "federation", "of", "the",
                    "arab", "islamic", "federal", "union", "south", "north"}


REGIONS = re.compile(r"(?:Latin America|America Latina|Am[eé]rica Latina|Europe|Europa|Africa|[AÁ]frica|Asia|"
                     r"Middle East|Oriente Medio|Arab|Caribbean|Caribe)$")


def _a_country(run: str) -> bool:
    """Whether a capitalised run is a country's or a region's name or adjective only ('Democratic Republic of Congo',
    'Nepali', 'Latin America'), not a body named with one ('Bulgarian Communist Party')."""
    return bool(REGIONS.match(run)) or bool(countries_in(run)) and all(
        countries_in(word) or word.lower() in STATE_NAME_WORDS for word in run.split())


CAPITALISED_RUN = re.compile(r"[A-Z][\w'.-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w'.-]*)*")


PAPERS = re.compile(r"^(?:(?P<whose>[\w-]+(?:\s+and\s+[\w-]+)?)\s+)?(?:(?:news)?papers|media|dailies)"
                    r"(?:\s+and\s+magazines)?(?:\s+of\s+(?P<of>[\w ]+))?$", re.I)
"""Several papers named by none ('Russian papers', 'Foreign newspapers', 'Newspapers of Bangladesh'): the qualifier,
if any, a country's or one of PAPERS_QUALIFIERS (not 'International Media', a paper's name)."""
PAPERS_QUALIFIERS = {"foreign", "leading", "several", "some", "many", "various", "different", "major", "local"}
NEXT_PAPER = re.compile(r"^(?:[^.]|\.(?=\w|\s+[a-z0-9]))*\.\s+(?:The\s+)?(?P<what>(?:[A-Z][\w-]*\s+){0,2}?)"
                        r"(?:(?:news)?paper\s+|daily\s+|weekly\s+|magazine\s+)?"
                        r"(?P<paper>[A-Z][\w'&-]*(?:\s+(?:[A-Z][\w'&-]*|of the|and))*?)"
                        r"(?:\s+of\s+(?P<of>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?))?"
                        r"\s+(?:No\.|in\s+its\b|on\s|carried\b|said\b|published\b|dedicated\b|ran\b|wrote\b|"
                        r"posted\b|in\s+an?\s+article\b)")
"""The first paper the lead names after several papers' first sentence ('Russian papers carried write-ups ... Patriot
in its No. 25 carried an article'), with the words before it ('The Indonesian newspaper X') and its 'of <country>'."""
NOT_PAPERS = {"it", "he", "she", "they", "this", "these", "in", "at", "on", "according", "among", "one", "another"}


def several_papers(name: str) -> re.Match | None:
    """PAPERS' match where `name` is several papers named by none (its qualifier a country's or PAPERS_QUALIFIERS')."""
    papers = PAPERS.match(name)
    whose = (papers.group("whose") or "") if papers else ""
    return None if not papers or whose and whose.lower() not in PAPERS_QUALIFIERS and not countries_in(whose) \
        else papers


def first_paper(name: str, lead: str) -> tuple[str, str] | None:
    """docs/labelling.md (v2: several papers on one occasion, the first paper the lead names): for a commentary found
    as several papers named by none ('Bangladeshi newspapers carried articles ... Dainik Probat on Dec. 11 said'), the
    first paper the next sentence names and its country (its own name's, 'of <country>', the words before it, else the
    papers' country); None where that sentence names no paper or no country is found (issuer_code_v20)."""
    papers = several_papers(name)
    if not papers:
        return None
    whose = papers.group("whose") or ""
    paper = NEXT_PAPER.match(lead)
    if not paper or paper.group("paper").split()[0].lower() in NOT_PAPERS:
        return None
    found = [code for part in (paper.group("paper"), paper.group("of") or "", paper.group("what"),
                               whose + " " + (papers.group("of") or ""))
             for code in countries_in(part) if code != DPRK]
    return (paper.group("paper"), found[0]) if found else None


def papers_answer(name: str, country: str | None, lead: str) -> tuple[str | None, str | None]:
    """(issuer, issuer_country) of a commentary whose speaker was found as `name`, `country`: for several papers named
    by none, the first paper the next sentence of `lead` names (first_paper, issuer_code_v20), else no issuer where
    they are of no country (guide v2: an opinion piece naming no paper or writer; issuer_code_v21); else as found."""
    paper = first_paper(name, lead)
    if paper:
        return paper
    if several_papers(name) and not countries_in(name):
        return None, None
    return name, country


def find_speaker(article_type: str, title: str, lead: str,
                 known_in_head: str | None = "?") -> tuple[str | None, str | None]:
    """(issuer, issuer_country) of one article of a speaking type, row by row with Python's re (add_issuer
    gives the same for whole columns); `known_in_head` is fallback()'s answer where the caller has it."""
    if article_type in EXCHANGED_TYPES and (
            re.search(EXCHANGED, title) or re.search(EXCHANGED, first_sentence(unwrap(lead)))):
        return None, None  # messages exchanged: two senders (issuer_code_v22)
    name, country = _find_speaker(article_type, title, lead, known_in_head)
    if name is None and article_type in LISTED_TYPES:
        name, country = first_listed(title, unwrap(lead))
    if name and article_type in PAPERS_TYPES:
        name, country = papers_answer(name, country, unwrap(lead))
    name = english_name(remount(name), country)
    if country == DPRK and name not in country_of_known() and re.search(SOUTH_SOURCE, lead) \
            and not re.search(NOT_SOUTH, name):
        country = "KR"  # a body placed by no word, in news from a south Korean source (issuer_code_v21)
    return name, country


EXCHANGED = (r"(?i)\bexchang(?:e|es|ed|ing)\s+(?:[\w'-]+\s+){0,3}?(?:messages?|greetings|letters|telegrams|"
             r"congratulations|cards)\b|\b(?:messages?|greetings|letters|telegrams)\s+(?:[\w'-]+\s+){0,4}?"
             r"(?:were\s+|are\s+)?exchanged\b|\bintercambi\w*\s+(?:[\w-]+\s+){0,3}?(?:mensajes|saludos|cartas|telegramas)\b")
"""Messages exchanged ('X and Y exchanged messages of greetings', 'Messages of greetings were exchanged between ...',
'intercambiaron mensajes'), in the title or the lead's first sentence: two senders, so no issuer (docs/labelling.md:
messages from several senders; the v2 tuning labels leave 3 of 4 such articles without one; issuer_code_v22). A
polars pattern too."""
EXCHANGED_TYPES = ("message",)
FIRST_SENTENCE = r"^[^.]*"
"""The lead up to its first full stop (an abbreviation's dot ends it too, the same in both paths)."""


def first_sentence(lead: str) -> str:
    """FIRST_SENTENCE of `lead`."""
    return re.match(FIRST_SENTENCE, lead).group(0)


SOUTH_SOURCE = (r"(?i)\breportedly\s+(?:issued|released|made|published|held|called|convened|had|sent|said|declared|"
                r"adopted|denounced|condemned|rejected|urged|demanded|stated|staged|launched)\b|"
                r"\baccording to\s+(?:the\s+)?(?:Seoul-based|south Korean|S\. Korean)\s|"
                r"\b(?:Seoul-based|south Korean|S\. Korean)\s+(?:[\w-]+\s+){0,3}?(?:paper|newspaper|news|daily|radio|"
                r"agency|TV|magazine|weekly|Yonhap|media)\s+(?:[\w-]+\s+){0,3}?(?:said|reported)\b")
"""A lead that says its news came from south Korea ('X reportedly issued a statement', 'according to the south Korean
online paper Tongil News', 'Seoul-based Yonhap News reported'): a speaker that no word places and no known issuer names
(KP only by default) is a south Korean body, KR, as readers place it (docs/labelling.md: the country as the article
presents it; issuer_code_v21); not an international one (NOT_SOUTH). A polars pattern (no look-arounds)."""
NOT_SOUTH = r"(?i)international|countries|overseas|\bworld\b|europe|\bKoreans\s+(?:residing\s+|living\s+)?in\b"
"""A speaker of several countries or abroad ('Amnesty International', '... activists from different countries') is no
south Korean body, whatever its source."""


LISTED_TYPES = ("statement",)
PAPERS_TYPES = ("commentary",)
JOINT_LISTED = (r"(?i)\bjoint(?:ly)?\b[^.]*(?:\.\w[^.]*)*\.\s+(?:they|these)\s+(?:included?|are|were)\s|"
                r"(?i)\bjoint(?:ly)?\b[^.]*(?:\.\w[^.]*)*\.\s+among them (?:were|are)\s")
"""A joint document of bodies the first sentence does not name, which the next sentence lists ('Nepali organizations
issued a joint statement on June 27 ... They are the A, B, ...', 'Among them were ...'), as a polars pattern."""
LISTED = re.compile(r"\b[Jj]oint(?:ly)?\b(?:[^.]|\.(?=\w))*\.\s+"
                    r"(?:(?:They|These)\s+(?:included?|are|were)|Among them (?:were|are))"
                    r"\s+(?:(?:the\s+)?(?:delegates|representatives|members)\s+of\s+)?(?:the\s+)?"
                    r"(?P<who>(?:[^,;:.\n=]|\.(?=\w))+?)(?=\s*[,;:=]|\s+and\s+the\s+[A-Z]|\.(?:\s|$))")
"""Guide v2, joint documents of several bodies: the issuer is the first body the lead names; where the first sentence
names them only as 'Nepali organizations' (resolve(): nobody) and the next lists them, the first of that list
(issuer_code_v17; v16 gave none); 'Among them were delegates of X' is X."""
ISSUED_BY = re.compile(r"\b[Jj]oint\s+\w+\s+(?:(?:was|were)\s+)?issued\s+by\b([^.]*)")
SIGNERS = re.compile(r"^((?:[^.]|\.(?=\w|\s+[a-z]))*?)\b(?:made public|issued|released|published|adopted|sent|"
                     r"lashed out|noted|denounced|in (?:a|an|their|its) joint)\b", re.I)
"""The subject of the sentence that says who made the joint document public ('Political parties and organizations of
Mexico', '... said a joint statement issued by seven parties of Pakistan'): the listed body's country where its own
words name none, not the country its document is about."""


def first_listed(title: str, lead: str, canonical_of=canonical) -> tuple[str | None, str | None]:
    """(issuer, issuer_country) of the first body or person a joint document's listing sentence names (LISTED), its
    country from its name and apposition, else from those said to make the document public; else (None, None)."""
    match = LISTED.search(lead)
    found = resolve(match.group("who"), False, False, canonical_of) if match else None
    if not found or found[0] == NOBODY:
        return None, None
    name, country = found
    if country:
        return name, country
    own = re.match(r"[^;=]*?(?=\s*(?:;|=|,\s+(?:the\s+)?[A-Z][\w'-]*\s+(?:[A-Z]|of\b))|\.(?:\s|$)|$)",
                   lead[match.start("who"):]).group(0)
    country = country_of(name, own, "", canonical_of)
    if country == DPRK and DPRK not in countries_in(own, possessive=True):
        before = lead[: match.start("who")]
        signers = ISSUED_BY.search(before) or SIGNERS.search(before)
        foreign = [code for code in countries_in(signers.group(1)) if code != DPRK] if signers else []
        country = foreign[0] if foreign else country
    return name, country


SUPPORTED_SPOKESMAN = (
    r"(?i)\b(?:support|backing|back|hail|welcom|endors|in response|apoy|respald|salud)\w*\s+"
    r"(?:of\s+|to\s+|for\s+|a\s+|de\s+)?"
    r"(?:the\s+|a\s+|la\s+|las\s+)?(?:[\w.-]+\s+){0,6}?(?:(?:press\s+)?statements?|answers?|declarations?|memorandum|"
    r"declaraci[oó]n|declaraciones|respuesta)\s+(?:of|by|issued\s+by|made\s+by|released\s+by|made\s+public\s+by|"
    r"published\s+by|from|del|de\s+la|de|emitida\s+por|publicada\s+por)\s+(?:the\s+|a\s+|el\s+|un\s+)?"
    r"(?:(?:deputy|chief)\s+)?$")
"""What a lead's words before a spokesman say of it: the document the article supports or answers ('X made public a
statement in support of the statement issued by a spokesman for the DPRK Foreign Ministry', Spanish 'en apoyo a la
declaracion del portavoz del ...'). That spokesman's body is not the speaker (docs/labelling.md: support articles carry
the supporter's words): the spokesman rows give way to the next (issuer_code_v19). A polars pattern too (no
look-around; the words before the match end where it starts)."""
SUPPORTED_BEFORE = re.compile(SUPPORTED_SPOKESMAN)
SUPPORT_WORDS = "(?i)support|back|hail|welcom|endors|response|apoy|respald|salud"
"""SUPPORTED_SPOKESMAN's first words: a cheap test first, as row.needs does."""


def _supported_spokesman(row: speaker_search.Pattern, text: str, start: int) -> bool:
    """Whether a spokesman row's match at `start` of the lead `text` is the spokesman of a document the article
    supports (SUPPORTED_SPOKESMAN)."""
    return row.spokesman and row.where == "lead" and bool(SUPPORTED_BEFORE.search(text, 0, start))


def _find_speaker(article_type: str, title: str, lead: str, known_in_head: str | None) -> tuple[str | None, str | None]:
    """find_speaker() before a found name gets its 'Mt.' back."""
    known_none = known_in_head is None
    lead = unwrap(lead)
    lowered = {"title": title.lower(), "lead": lead.lower()}
    for row in speaker_search.speaker_patterns().get(article_type, []):
        if row.needs and not any(word in lowered[row.where] for word in row.needs):
            continue  # a cheap test first: the pattern cannot match without one of these words
        match = row.compiled.search(title if row.where == "title" else lead)
        if match and _supported_spokesman(row, lead, match.start()):
            continue  # 'in support of the statement of a spokesman for X': X is supported, not the speaker (v19)
        raw = match and (match.groupdict().get("who") or match.groupdict().get("who2"))
        found = resolve(raw, known_none, row.spokesman) if raw else None
        if found:
            name, country = found
            if name == NOBODY:
                return None, None
            if country:
                return name, country
            name, spelled_known = _spelled_out_known(name, lead)
            if spelled_known:
                return spelled_known  # 'CPRC' spelled out is the CPRK
            return (abroad_name(name, lead, match.start(), match.group(0), row.where),
                    country_of(name, describing(lead, match.start(), match.group(0), row.where, name),
                               title if row.where == "lead" else "", canonical))
    if article_type in TITLE_FALLBACK_ONLY:
        found = fallback(title, "")
    elif known_in_head != "?":
        found = (known_in_head, country_of_known()[known_in_head]) if known_in_head else (None, None)
    else:
        found = fallback(title, lead, outlets_only=article_type in ("commentary", "editorial"))
    return found if found[0] or article_type not in LAST_RESORT_TYPES else last_resort(title, lead, kind=article_type)


LAST_RESORT_TYPES = ("statement", "press_statement", "answer", "commentary", "message", "speech", "interview")
"""The genres whose words are someone's: where no pattern and no known issuer names the speaker, the subject of the lead's
first sentence that says, sends or gives them is (issuer_code_v7)."""
REPORTING = "noted|insisted|affirmed|stressed|emphasized|referred|pointed out"
"""Verbs that report what a subject said (issuer_code_v23): the last resort's subject may have used them (SAYING,
SAYING_WORDS), and in a commentary such a subject is discussed, not writing (SPOKEN)."""
SAYING = re.compile(
    r"^\W*(?:(?:the|a|an|el|la|los|las)\s+)?(?!(?:In|On|At|As|After|Before|During|With|Upon|According|Following|For|From|By|En|Con|Tras|Al|"
    r"Recently|Lately|Nowadays|Recientemente|[UÚ]ltimamente)\b)"
    r"(?P<who>[A-Z][^.;:\n,]{2,200}?)"
    r"(?:,\s+(?:[^.;:\n]|\.(?=\w|\s[a-z]|,)){0,250}?,)?"
    r"(?<!\bwas)(?<!\bwere)(?<!\bbeen)(?<!\bis)(?<!\bfue)"
    r"(?:\s+on\s+(?:(?i:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.\s+)?[^.;:\n,]{0,40}?|\s+el\s+(?:d[ií]a|\d)[^.;:\n,]{0,30}?"
    rf"|\s+[A-Z][a-z]+day|\s+today|\s+{MONTH}\s+\d+"
    r"|\s+(?:in|at) (?:a|an|its|his|her|the) [^.;:\n,]{0,40}?){0,2}"
    r"\s+(?:again\s+|also\s+|[a-z]+ly\s+)?"
    r"(?P<verb>contributed(?=\s+(?:an?|the|his|her|its|their)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:article|statement|essay|write-up)\b)|"
    r"sent|sends|said(?:(?<=day said)|(?<=\d said)|(?!\s+(?:the|a|an)\s))|"
    r"says(?:(?<=day says)|(?<=\d says)|(?!\s+(?:the|a|an)\s))|"
    r"stated|declared|issued|released|published|posted|made public|carried|lashed out|denounced|"
    r"condemned|slammed|assailed|blasted|was (?:again |also |[a-z]+ly )?interviewed|told|wrote|adopted|expressed|"
    r"reported|censured|criticized|criticised|accused|urged|warned|praised|answered|replied|"
    rf"{REPORTING}|"
    r"envi[oó]|dijo(?!\s+(?:el|la)\s)|public[oó]|emiti[oó]|hizo p[uú]blic[oa]|declar[oó]|denunci[oó]|conden[oó]|se[nñ]al[oó])\b")
"""'Jaju Minbo, south Korean Internet paper, lashed out at ...', 'Kim Yong Il, premier of the DPRK, sent a congratulatory
massage', 'Yu Thae Jun, former instructor of ..., was again interviewed', 'Sim Min, an analyst, issued the following
article'; since issuer_code_v18 'X, role, contributed an article / a statement to ...' (a named writer:
docs/labelling.md); since issuer_code_v23 'Russian Prime Minister X referred to ... at a recent interview', 'X, chief
of ..., affirmed at an interview' (interviews and speeches whose lead says what was said, not that it was).
Not a sentence that opens with its time or place ('In October, ...'), nor people who 'were interviewed' together (no issuer:
docs/labelling.md), nor a passive subject ('A letter to ... was sent'); a place after the name stays in it ('headquartered
in Spain'): only a date or 'in a commentary' / 'at a press interview' stand between name and verb."""


SPOKESMAN_OF = re.compile(r"^(?:(?:[Aa]n?|[Tt]he)\s+)?(?:(?:deputy|chief)\s+)?spokes(?:man|person|woman)\s+(?:for|of)\s+(?:the\s+)?|"
                          r"^(?:[A-Z][\w-]+\s+)?(?:news)?paper\s+(?=[A-Z])")
"""A body's spokesman is the body (docs/labelling.md), as the spokesman patterns read it, also after a capitalised article
('A spokesman for the Democratic Labor Party ...', which SAYING's lower-case articles leave in the subject: issuer_code_v10); a paper is its name ('The Chinese
newspaper International Herald Leader' -> 'International Herald Leader'), as the paper pattern reads it."""


SAYING_WORDS = (r"^\W*(?:[^.;:]|\.(?:\w|\s+[a-z0-9]|,))*?(?:contributed|"
                r"sent|sends|said|says|stated|declared|issued|released|published|posted|made public|carried|lashed out|"
                r"denounced|condemned|slammed|assailed|blasted|interviewed|told|wrote|adopted|expressed|envi[oó]|dijo|"
                r"reported|censured|criticized|criticised|accused|urged|warned|praised|answered|replied|"
                rf"{REPORTING}|"
                r"public[oó]|emiti[oó]|hizo p[uú]blic[oa]|declar[oó]|denunci[oó]|conden[oó]|se[nñ]al[oó])\b")
"""SAYING's verbs in the lead's first sentence, as a polars pattern: a lead without one needs no Python search."""


CLAUSE = re.compile(r"\b(?:that|which|should|would|will|must|could|can|announced|aired|titled|entitled|que|was|were|been|fue|"
                    r"is|are|has|have|had|ago)\b")
"""Words of a clause: a last-resort subject holding one before its verb has run on past the name or is passive ('A joint
press release on Christmas was published') (issuer_code_v7); since issuer_code_v10 also an auxiliary or a time ('The United
States has ... accused', 'Some time ago, ...'), now that SAYING takes 'reported', 'accused', 'criticized', 'censured', 'urged'
(and since issuer_code_v11 'answered' / 'replied': an answer's one official). 'said the Chicago police' names the speaker after the verb."""


SPOKEN = {"said", "says", "stated", "declared", "told", "dijo", "declaró", "declaro", *REPORTING.split("|")}
"""Verbs of speaking: in a commentary the subject that said something is who the agency discusses ('The governor of
Ishikawa Prefecture of Japan said on June 21 that ...': docs/labelling.md gives an opinion piece that names no outlet
or writer no issuer), not its writer, who writes, publishes, carries or lashes out (issuer_code_v18); since v23 also one
who noted, insisted, affirmed, stressed, emphasized, referred to or pointed out."""


WRITTEN = re.compile(r"\b(?:article|commentary|contribution|editorial|column|write-up|essay|paper|newspaper|daily|"
                     r"weekly|magazine|radio|television|broadcasting|TV|Times|News|Shimbun|Sinmun|Ilbo|Voice|Post|"
                     r"Herald)\b", re.I)
"""A subject that said it in an article, a commentary or a contribution, or that is an outlet ('The Voice of Russia in a
commentary on March 5 said', 'The New York Times in an article said'), writes: it stays the commentary's issuer."""


def last_resort(title: str, lead: str, canonical_of=canonical, kind: str = "") -> tuple[str | None, str | None]:
    """(issuer, issuer_country) of the subject of the lead's first sentence where it says, sends or gives words
    (SAYING), cleaned as a pattern's speaker; else (None, None). `canonical_of` as in resolve(); `kind` the type."""
    return _last_resort(SAYING.match(lead), title, lead, canonical_of, kind)


def _last_resort(match: re.Match | None, title: str, lead: str, canonical_of,
                 kind: str = "") -> tuple[str | None, str | None]:
    """last_resort() of a lead whose SAYING match is `match`."""
    if match and CLAUSE.search(lead, 0, match.start("verb")):
        return None, None  # the 'subject' is a clause: 'All the Koreans ..., should never allow ...'
    if match and kind == "commentary" and match.group("verb") in SPOKEN and not WRITTEN.search(match.group(0)):
        return None, None  # a commentary's subject who said something is discussed, not writing (issuer_code_v18)
    found = resolve(SPOKESMAN_OF.sub("", match.group("who")), False, False, canonical_of) if match else None
    if not found or found[0] == NOBODY:
        return None, None
    name, country = found
    if country:
        return name, country
    name, spelled_known = _spelled_out_known(name, lead)
    if spelled_known:
        return spelled_known
    return SEAT.sub("", name), country_of(name, describing(lead, 0, match.group(0), "lead", name), title, canonical_of)


ABBREVIATION = re.compile(r"[A-Z]{2,6}")
NAME_BEFORE = r"([A-Z][\w'-]*(?:\s+(?:[A-Z][\w'-]*|of|the|for|and|on|in|de|del|la|y)){{1,12}})\s*\({}\)"


def spelled_out(name: str, lead: str) -> str:
    """An abbreviation the lead has spelled out before ('The Korean Democratic Lawyers Association (KDLA) ... The KDLA in a
    statement ...' -> 'Korean Democratic Lawyers Association'; v9 kept 'KDLA' and took its country from the rest: US), as
    clean() writes a name; any other name unchanged (issuer_code_v10)."""
    if not ABBREVIATION.fullmatch(name):
        return name
    full = re.search(NAME_BEFORE.format(name), lead)
    return clean(full.group(1)) if full else name


def _spelled_out_known(name: str, lead: str) -> tuple[str, tuple[str, str] | None]:
    """(spelled_out(name, lead), the canonical (name, country) of that spelling where spelling it out found a known
    issuer, else None): what find_speaker, the last resort and add_issuer do with a name the patterns found."""
    full = spelled_out(name, lead)
    return full, (canonical(full) if full != name else None)


def last_resorts(titles: list[str], leads: list[str], kinds: list[str]) -> list[tuple[str | None, str | None]]:
    """last_resort() of many articles: each name and context goes through one polars search for known issuers."""
    matches = [SAYING.match(lead) for lead in leads]
    hits = [(lead, match, SPOKESMAN_OF.sub("", match.group("who"))) for lead, match in zip(leads, matches) if match]
    raws = [raw for _, _, raw in hits]
    names = canonicals(raws + [trim(raw) for raw in raws]
                       + [describing(lead, 0, match.group(0), "lead", clean(raw)) for lead, match, raw in hits])

    def canonical_of(text: str) -> tuple[str, str] | None:
        return names[text] if text in names else canonical(text)

    return [_last_resort(match, title, lead, canonical_of, kind)
            for title, lead, match, kind in zip(titles, leads, matches, kinds)]


POSTED_BY = re.compile(r"^(?:[^.;:\n]|\.(?=\w))*?\s(?:was|were)\s+(?:posted|published|carried|introduced|uploaded)\s+"
                       r"(?:on\s+(?:an?|its|the)\s+(?:internet\s+)?website\s+)?by\s+")
"""The article and its title before the writer of 'An article titled "... of Korea" was posted by X, chairman of ... of
Romania, on its website' do not describe X: the countries they name are what the article is about (issuer_code_v20)."""
SPANISH_OFFICE_BEFORE = re.compile(r"\b(?:el|la)\s+(?:[A-Za-z][\w-]*\s+){1,3}(?:de|del)\s+[^,.;:]{3,150},?\s*$")
"""A Spanish office before the name of a speaker found in the title ('... le enviara el secretario general del Comite
Central del Partido Comunista de China, Hu Jintao'): it describes the speaker (issuer_code_v20); since v23 also
capitalised and without the comma ('el Presidente de la Republica Popular China Xi Jinping')."""


def describing(lead: str, start: int, whole: str, where: str, name: str) -> str:
    """The words of the lead that describe a speaker: the match itself (`whole` from `start`: 'X, chairman
    of ... of Syria, said'), an apposition right after it ('X, president of China,'), the words before a paper
    ('the south Korean paper X'); for a speaker found in the title, the apposition after its name in the lead."""
    if where == "title":
        start = lead.find(name)
        if start < 0:
            return ""
        office = SPANISH_OFFICE_BEFORE.search(lead[:start])  # '... de Cuba, Raul Castro Ruz', '... China Xi Jinping'
        end, context = start + len(name), office.group(0) if office else ""
    else:
        end, context = start + len(whole), whole
        said = SAID_BEFORE.search(context) or (" by " in context and POSTED_BY.match(context))
        if said:
            context = context[said.end():]  # what was said before the speaker does not describe it (issuer_code_v12)
        if re.match(r"(?:news)?paper|magazine|daily|weekly", context):
            context = lead[max(0, start - 30): start] + " " + context
    after = lead[end:]
    context += abroad_place(name, after) or _place_cut(context, name, after)
    if after.startswith(","):
        context += " " + after[: re.search(r"[.:;\n]|$", after).start()][:200]
    return context


PLACE_CUT = re.compile(r"\s+(?:in|of)\s+(?:south Korea|S\. Korea|Japan)\b(?!\s*(?:-|and\b|'s\b))", re.I)
"""A place right after the match that a pattern left out of the name ('A spokesman for the Preparatory Committee for
X in south Korea at a press conference': the pattern stops at the name): issuer_country._place_after reads its country
from the words that describe the speaker, as where the pattern keeps it and clean() drops it (issuer_code_v17)."""


def _place_cut(context: str, name: str, after: str) -> str:
    """The place (PLACE_CUT) that follows the match where the match ends with `name`, else ''."""
    place = PLACE_CUT.match(after) if context.endswith(name) else None
    return place.group(0) if place else ""


KOREANS_AT_END = re.compile(r"\bKoreans?(?: Residents?)?$|\bcompatriots$", re.I)
KOREANS_IN = re.compile(r"\s+in\s+(?:the\s+)?[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*")
"""A body of Koreans abroad whose name a pattern cut at 'in' takes its country from the words after it."""

def abroad_place(name: str, after: str) -> str:
    """' in the U.S.' where `name` is a body of Koreans abroad that a pattern cut at 'in' and `after` (the lead
    after it) goes on with the place, else '' (issuer_code_v5)."""
    abroad = KOREANS_IN.match(after) if KOREANS_AT_END.search(name) else None
    return abroad.group(0) if abroad else ""


def abroad_name(name: str, lead: str, start: int, whole: str, where: str) -> str:
    """A body of Koreans abroad whose name the pattern cut at 'in' gets its place back ('Federation of Koreans' +
    ' in the U.S.'); any other name is kept (issuer_code_v5), without a seat that follows it ('Korean Friendship
    Association headquartered in Spain' is 'Korean Friendship Association': the seat gave its country; issuer_code_v7)."""
    place = abroad_place(name, lead[start + len(whole):]) if where == "lead" else ""
    return name + " " + " ".join(place.split()) if place else SEAT.sub("", name)


OUTLETS = ("Rodong Sinmun", "Minju Joson", "KCNA")
"""Commentaries and editorials fall back to the papers and the agency only: their leads name the bodies they discuss."""
TITLE_FALLBACK_ONLY = ("interview",)
"""Interviews and press conferences whose lead names no speaker fall back to a known issuer in the title only:
their leads name where they were held ('in front of the Ministry of National Defence') and what they were about
('as regards the open questionnaire of the National Defence Commission'), and a press conference of several
bodies has no issuer (docs/labelling.md). Since issuer_code_v4."""


def fallback(title: str, lead: str, outlets_only: bool = False) -> tuple[str | None, str | None]:
    """The earliest known issuer (fallback rows) in the title, else in the lead."""
    return _first_known(title, True, outlets_only) or _first_known(lead, True, outlets_only) or (None, None)


def earliest_known(texts: pl.Series, outlets_only: bool = False) -> pl.Series:
    """fallback() for a column at once: one leftmost-first search of all fallback patterns (the earliest
    match; at one position the row higher in the file), then each distinct matched text mapped to its row."""
    rows = [(name, pattern) for name, _, usable, pattern in known()
            if usable and (not outlets_only or name in OUTLETS)]
    alternation = "(?i)(?:" + "|".join(f"(?:{ascii_boundaries(pattern.pattern)})" for _, pattern in rows) + ")"
    found = texts.str.extract(alternation, 0)
    names = {text: next((name for name, pattern in rows if pattern.fullmatch(text)), None)
             for text in found.drop_nulls().unique().to_list()}
    return found.replace_strict(names, default=None, return_dtype=pl.String)


def _add_issuer_by_row(articles: pl.DataFrame) -> pl.DataFrame:
    """add_issuer for a few articles, article by article with Python's re (see ROW_BY_ROW_MAX): find_speaker,
    which tests/test_enrichment.py proves equal to the columns' search, and responds_to.responds_to_one."""
    found = []
    for kind, title, body in articles.select("article_type", "title", "body").iter_rows():
        title, lead = title or "", unwrap((body or "")[:LEAD_CHARS])
        speaker = (None, None)
        if kind in SPEAKING_TYPES:
            known_in_head = fallback(title, lead, outlets_only=kind in ("commentary", "editorial"))[0]
            speaker = find_speaker(kind, title, lead, known_in_head)
        found.append((*speaker, responds_to.responds_to_one(title, lead)))
    columns = ("issuer", "issuer_country", "responds_to")
    return articles.with_columns([pl.Series(name, values, dtype=pl.String) for name, values in zip(columns, zip(*found))])


def prepare() -> None:
    """Compile the patterns of the article-by-article search now: `kcna build` does it while Prefect starts."""
    speaker_search.speaker_patterns()
    for fallback_only, outlets_only in ((True, False), (True, True), (False, False)):
        _known_alternation(fallback_only, outlets_only)
    _unlisted_known()
    issuer_country.prepare()
    responds_to.prepare()


def add_issuer(articles: pl.DataFrame) -> pl.DataFrame:
    """articles (with article_type) + issuer, issuer_country (null outside the speaking genres) + responds_to.

    find_speaker's answer for every article of a speaking genre, over whole columns: every pattern's first
    match by polars (speaker_search), each distinct speaker resolved once, the first pattern whose speaker
    resolves wins, else the earliest known issuer in title or lead. A few articles go row by row instead."""
    if 0 < articles.height <= ROW_BY_ROW_MAX:
        return _add_issuer_by_row(articles)
    lead = pl.col("body").str.slice(0, LEAD_CHARS)
    speaking = articles.select(
        _row=pl.int_range(pl.len(), dtype=pl.UInt32), article_type="article_type",
        title=pl.col("title").fill_null(""), lead=lead.fill_null("").str.replace(DATELINE, "").str.replace_all(HARD_WRAP, "${1} ")
        .str.replace(DATELINE, "").str.replace_all(MOUNT, "Mt "),
    ).filter(pl.col("article_type").is_in(SPEAKING_TYPES))
    outlets = speaking["article_type"].is_in(("commentary", "editorial"))
    known_title = earliest_known(speaking["title"])
    known_any = known_title.fill_null(earliest_known(speaking["lead"]))
    known_outlet = earliest_known(speaking["title"], True).fill_null(earliest_known(speaking["lead"], True))
    speaking = speaking.with_columns(known=pl.when(outlets).then(known_outlet).otherwise(known_any))
    # What an article without a speaker falls back to: `known`, except for interviews (the title's only).
    speaking = speaking.with_columns(
        last=pl.when(pl.col("article_type").is_in(TITLE_FALLBACK_ONLY)).then(known_title).otherwise("known"))
    patterns = pl.DataFrame([(row.order, row.spokesman, row.where) for row in speaker_search.table()],
                            schema={"order": pl.UInt32, "spokesman": pl.Boolean, "where": pl.String}, orient="row")
    matches = (speaker_search.candidates(speaking)
               .with_columns(raw=pl.when(pl.col("who") != "").then("who").otherwise("who2"))
               .filter(pl.col("raw").is_not_null() & (pl.col("raw") != ""))
               .join(speaking.select("_row", known_none=pl.col("known").is_null()), on="_row")
               .join(patterns, on="order"))
    # A spokesman whose statement the article supports is not the speaker (SUPPORTED_SPOKESMAN, issuer_code_v19).
    supported = pl.col("spokesman") & (pl.col("where") == "lead") & pl.col("_lead").str.contains(SUPPORT_WORDS) \
        & pl.col("_lead").str.slice(0, pl.col("start")).str.contains(SUPPORTED_SPOKESMAN)
    matches = matches.join(speaking.select("_row", _lead="lead"), on="_row").filter(~supported).drop("_lead")
    # Each distinct speaker is resolved once (the corpus repeats a few thousand names across 38,000 articles).
    keys = matches.select("raw", "known_none", "spokesman").unique()
    raws = keys["raw"].unique().to_list()
    trims = [trim(raw) for raw in raws]
    offices = [person for raw, trimmed in zip(raws, trims) if (person := _person_after_office(trimmed, raw))]
    names = canonicals(raws + trims + [after_said(raw) for raw in raws] + offices)
    resolved = [resolve(*key, canonical_of=names.__getitem__) for key in keys.iter_rows()]
    keys = keys.with_columns(name=pl.Series([r and r[0] for r in resolved], dtype=pl.String),
                             country=pl.Series([r and r[1] for r in resolved], dtype=pl.String))
    winners = (matches.join(keys, on=["raw", "known_none", "spokesman"]).filter(pl.col("name").is_not_null())
               .sort("_row", "order").unique("_row", keep="first")
               .join(speaking.select("_row", "title", "lead"), on="_row"))
    # A speaker not in issuers_v14.csv: its country from the words around it, article by article.
    unknown = winners.filter(pl.col("country").is_null() & (pl.col("name") != NOBODY))
    contexts, abroad = [], []
    names_out, spelled_known = [], []  # an abbreviation spelled out in the lead, and its canonical row if it has one
    for name, its_lead, start, whole, where in unknown.select("name", "lead", "start", "whole", "where").iter_rows():
        name, spelled_row = _spelled_out_known(name, its_lead)
        spelled_known.append(spelled_row)
        names_out.append(name)
        contexts.append(describing(its_lead, start, whole, where, name))
        abroad.append(abroad_name(name, its_lead, start, whole, where))
    bodies = canonicals(contexts)
    # A speaker found in the title takes no country from the rest of it: that is what it said (issuer_code_v6).
    titles = [title if where == "lead" else "" for title, where in zip(unknown["title"], unknown["where"])]
    countries = [country_of(name, context, title, bodies.__getitem__)
                 for name, context, title in zip(names_out, contexts, titles)]
    abroad = [known[0] if known else name for known, name in zip(spelled_known, abroad)]
    countries = [known[1] if known else country for known, country in zip(spelled_known, countries)]
    winners = winners.update(unknown.select("_row", name=pl.Series(abroad, dtype=pl.String),
                                            country=pl.Series(countries, dtype=pl.String)), on="_row") \
        .select("_row", "name", "country")
    found = (speaking.select("_row", "last").join(winners, on="_row", how="left")
             .select("_row", issuer=pl.coalesce("name", "last"),
                     issuer_country=pl.when(pl.col("name").is_not_null()).then("country")
                     .otherwise(pl.col("last").replace_strict(country_of_known(), default=None))))
    # Nobody found: the subject of the lead's first sentence that says or sends words (issuer_code_v7), row by row.
    rest = found.filter(pl.col("issuer").is_null()).join(speaking.select("_row", "article_type", "title", "lead"), on="_row") \
        .filter(pl.col("article_type").is_in(LAST_RESORT_TYPES) & pl.col("lead").str.contains(SAYING_WORDS))
    if rest.height:
        resorted = last_resorts(rest["title"].to_list(), rest["lead"].to_list(), rest["article_type"].to_list())
        found = found.update(rest.select("_row", issuer=pl.Series([r[0] for r in resorted], dtype=pl.String),
                                         issuer_country=pl.Series([r[1] for r in resorted], dtype=pl.String)),
                             on="_row")
    found = found.with_columns(pl.when(pl.col("issuer") != NOBODY).then(pl.col("issuer")),
                               pl.when(pl.col("issuer") != NOBODY).then(pl.col("issuer_country")))
    # A joint document whose bodies the next sentence lists: the first of them (issuer_code_v17).
    joint = pl.col("lead").str.contains("oint", literal=True)  # a cheap test first, as row.needs does
    listed = speaking.filter(pl.col("article_type").is_in(LISTED_TYPES) & joint) \
        .join(found.filter(pl.col("issuer").is_null()).select("_row"), on="_row") \
        .filter(pl.col("lead").str.contains(JOINT_LISTED)).select("_row", "title", "lead")
    if listed.height:
        firsts = [first_listed(title, lead) for title, lead in zip(listed["title"], listed["lead"])]
        found = found.update(listed.select("_row", issuer=pl.Series([r[0] for r in firsts], dtype=pl.String),
                                           issuer_country=pl.Series([r[1] for r in firsts], dtype=pl.String)),
                             on="_row")
    # Several papers named by none: the first paper the next sentence names, or none (papers_answer).
    plural = speaking.filter(pl.col("article_type").is_in(PAPERS_TYPES)).join(
        found.filter(pl.col("issuer").str.contains("(?i)" + PAPERS.pattern)).select("_row", "issuer", "issuer_country"),
        on="_row")
    if plural.height:
        answers = [papers_answer(*row) for row in plural.select("issuer", "issuer_country", "lead").iter_rows()]
        found = found.update(plural.select("_row", issuer=pl.Series([a[0] for a in answers], dtype=pl.String),
                                           issuer_country=pl.Series([a[1] for a in answers], dtype=pl.String)),
                             on="_row", include_nulls=True)
    found = found.with_columns(pl.col("issuer").str.replace_all(REMOUNT, "Mt. ${1}"))
    # A DPRK body under its Spanish name: KCNA's English name of it, each distinct name once (issuer_code_v16).
    dprk = pl.col("issuer_country") == DPRK
    english = {name: english_name(name, DPRK) for name in found.filter(dprk)["issuer"].unique().drop_nulls()}
    found = found.with_columns(issuer=pl.when(dprk).then(pl.col("issuer").replace(english)).otherwise("issuer"))
    # A body placed by no word, in news from a south Korean source: KR (SOUTH_SOURCE, issuer_code_v21).
    south = found.filter(dprk & ~pl.col("issuer").is_in(list(country_of_known()))).join(
        speaking.select("_row", "lead"), on="_row").filter(
        pl.col("lead").str.contains(SOUTH_SOURCE) & ~pl.col("issuer").str.contains(NOT_SOUTH))
    found = found.update(south.select("_row", issuer_country=pl.lit("KR")), on="_row")
    # Messages exchanged: two senders, no issuer (EXCHANGED, issuer_code_v22).
    exchanged = speaking.filter(pl.col("article_type").is_in(EXCHANGED_TYPES)) \
        .with_columns(pl.col("lead").str.extract(f"({FIRST_SENTENCE})", 1)) \
        .filter(pl.concat_str("title", "lead").str.contains("(?i)xchang|ntercambi")) \
        .filter(pl.col("title").str.contains(EXCHANGED) | pl.col("lead").str.contains(EXCHANGED)).select("_row")
    found = found.with_columns(pl.when(~pl.col("_row").is_in(exchanged["_row"].implode())).then(pl.col(column))
                               .alias(column) for column in ("issuer", "issuer_country"))
    issuer = pl.Series("issuer", [None] * articles.height, dtype=pl.String).scatter(found["_row"], found["issuer"])
    country = pl.Series("issuer_country", [None] * articles.height, dtype=pl.String).scatter(
        found["_row"], found["issuer_country"])
    return articles.with_columns(issuer, country, responds_to.responds_to(articles, lead))


"""Read an appeal as a whole, knowing its layout (../../docs/importer.md): a header (title,
type, reference, themes, date, issuer), the body (what happened), the actions requested, the
addresses, the embassy sentence and the footnotes. Rules only: no model, no network."""

import bisect
import re
from dataclasses import dataclass

from importer.reading.dates import DateFound, dates_find
from importer.reading.proposal import (
    Proposal,
    ProposedAction,
    ProposedAddressee,
    ProposedAffiliation,
    ProposedCharge,
    ProposedDecision,
    ProposedDefender,
    ProposedEvent,
    ProposedHearing,
    ProposedMeasure,
    ProposedNote,
    Read,
)

# --- Layout ---------------------------------------------------------------------------------

_ACTIONS_HEADING = re.compile(
    r"^(actions?\s+requested|recommended\s+actions?|what\s+you\s+can\s+do|take\s+action|"
    r"actions?\s+demandées|actions?\s+requises|acciones?\s+solicitadas|acciones?\s+sugeridas|"
    r"acción\s+solicitada|handlungsempfehlungen|was\s+sie\s+tun\s+können|"
    r"необходимые\s+действия|просьба|призыв)\b[^\n]{0,20}:?\s*$",
    re.IGNORECASE,
)
_ADDRESSES_HEADING = re.compile(
    r"^(addresses|adresses|direcciones|adressen|адреса|please\s+send\s+appeals\s+to)\s*:?\s*$",
    re.IGNORECASE,
)
_LINE_HEADING = re.compile(r"^[^\n]{3,60}:\s*$")
_FILLER = re.compile(r"^FICTIONAL SAMPLE\b", re.IGNORECASE)
_TYPE = re.compile(
    r"^(urgent\s+appeal|urgent\s+action|urgent\s+intervention|open\s+letter|joint\s+statement|"
    r"appel\s+urgent|action\s+urgente|lettre\s+ouverte|llamamiento\s+urgente|llamado\s+urgente|"
    r"acción\s+urgente|carta\s+abierta|eilaktion|срочн\w+\s+\w+)\b",
    re.IGNORECASE,
)
_REFERENCE = re.compile(
    r"\b[A-Z]{3}\s*\d{3}\s*/\s*\d{4}\s*/\s*OBS\s*\d{3}(?:\s*\.\s*\d{1,2})?\b"
    r"|\bUA\s*\d{1,4}\s*/\s*\d{2,4}\b"
    # Another organisation's own numbering on a line of its own: "AU 42/23", "EA 7/2024".
    r"|^[A-Z]{2,4}\s?\d{1,4}\s?/\s?\d{2,4}$"
)
# A reference cited in running text (a footnote's "Urgent Appeal KAZ 001 / 0213 / OBS 014").
_REFERENCE_IN_TEXT = re.compile(
    r"\b[A-Z]{3}\s*\d{3}\s*/\s*\d{4}\s*/\s*OBS\s*\d{3}(?:\.\d{1,2})?\b|\bUA\s*\d{1,4}\s*/\s*\d{2,4}\b"
)
_INDEX = re.compile(r"^(?:Index|Índice|Indice|Index\s+number)\s*:\s*(?P<index>\S.*?)\s*$", re.I)
_ISSUER_SUBJECT = re.compile(
    r"^(?P<issuer>[^,\n]{5,120}?),\s+(?:a\s+partnership|un\s+partenariat|una\s+alianza|"
    r"un\s+programme|a\s+joint\s+programme|eine\s+Partnerschaft|партн[её]рство)"
)
_EMBASSY = re.compile(
    r"(embass|diplomatic\s+mission|ambassade|représentations?\s+diplomatiques|"
    r"representaciones\s+diplomáticas|embajada|Botschaft|посольств)",
    re.IGNORECASE,
)
_NOTE = re.compile(r"^\[(?P<number>\d{1,2})\]\s*(?P<text>\S.*)$")
_ACTION = re.compile(
    r"^(?P<number>(?:[ivx]{1,5}|\d{1,2}|[a-h]))[.)]\s+(?P<text>\S.*)$", re.IGNORECASE
)
_BULLET = re.compile(r"^[·•\-–*]\s+")


@dataclass(frozen=True)
class _Line:
    text: str
    start: int
    end: int


def _lines(text: str, start: int = 0, end: int | None = None) -> list[_Line]:
    end = len(text) if end is None else end
    lines = []
    for match in re.finditer(r"[^\n]+", text[start:end]):
        raw = match.group(0)
        stripped = raw.strip()
        if not stripped:
            continue
        offset = start + match.start() + (len(raw) - len(raw.lstrip()))
        lines.append(_Line(stripped, offset, offset + len(stripped)))
    return lines


# --- Sentences ------------------------------------------------------------------------------

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "m", "mme", "mlle", "me", "sr", "sra", "srta", "dra", "no", "nos",
    "art", "n.º", "nº", "st", "prof", "hr", "fr", "gen", "col", "lt", "jr", "vs", "etc", "p",
    "г", "ул", "ст", "ч", "tel", "nr", "abs", "ca", "approx",
}  # fmt: skip


def _dates_between(dates: list[DateFound], start: int, end: int) -> list[DateFound]:
    """Return the dates (sorted by start) that start in [start, end)."""
    first = bisect.bisect_left(dates, start, key=lambda date: date.start)
    last = bisect.bisect_left(dates, end, key=lambda date: date.start)
    return dates[first:last]


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Return the spans of the sentences in text[start:end] (lines never join)."""
    spans = []
    for line in _lines(text, start, end):
        begin = line.start
        for match in re.finditer(r"[.!?;:](?=\s+[«\"“„(\[]?[A-ZÀ-ÝА-Я0-9])", line.text):
            # The word before the mark, from a short window (a whole line would be quadratic).
            before = line.text[max(0, match.start() - 24) : match.start()].split()
            word = before[-1].lower().lstrip('(«"“') if before else ""
            if match.group(0) == "." and (word in _ABBREVIATIONS or len(word) == 1):
                continue
            if match.group(0) == ":":
                continue
            stop = line.start + match.end()
            spans.append((begin, stop))
            begin = stop + 1
            while begin < line.end and text[begin] == " ":
                begin += 1
        if begin < line.end:
            spans.append((begin, line.end))
    return spans


# --- Language -------------------------------------------------------------------------------

_LANGUAGE_WORDS = {
    "en": {"the", "of", "and", "to", "was", "has", "his", "her", "with"},
    "fr": {"le", "la", "les", "des", "du", "et", "à", "a", "été", "l'"},
    "es": {"el", "los", "las", "del", "y", "que", "por", "fue", "su"},
    "de": {"der", "die", "das", "und", "den", "zu", "von", "hat", "wurde"},
    "ru": {"и", "в", "на", "не", "что", "по", "с", "был", "была"},
}


def _language(text: str) -> str | None:
    words = re.findall(r"[\w']+", text[:6000].lower())
    scores = {lang: sum(word in vocab for word in words) for lang, vocab in _LANGUAGE_WORDS.items()}
    best = max(scores, key=lambda lang: scores[lang])
    return best if scores[best] >= 5 else None


# --- Names ----------------------------------------------------------------------------------

_HONORIFIC = r"(?:Mr|Mrs|Ms|Dr|M|Mme|Mlle|Me|Sr|Sra|Srta|Dra|Herr|Frau|[гГ]-н|[гГ]-жа)\.?"
_NAME_WORD = r"[A-ZÀ-ÞА-ЯЁ][a-zß-ÿа-яё'’\-]+(?:-[A-ZÀ-Þ][a-zß-ÿ]+)?"
_PARTICLE = r"(?:de|del|de\s+la|van|von|el|al|ben|bin|da|dos|das|di|du|le)"
_NAME = rf"{_NAME_WORD}(?:[ \u00a0]+(?:{_PARTICLE}[ \u00a0]+)?{_NAME_WORD}){{0,4}}"
_HONORIFIC_NAME = re.compile(rf"(?<![\w.])(?P<honorific>{_HONORIFIC})[ \u00a0]+(?P<name>{_NAME})")
_ALSO_SPELT = re.compile(
    rf"\((?:also\s+spelt|also\s+spelled|also\s+known\s+as|aussi\s+orthographié|"
    rf"también\s+escrito|auch)\s+(?P<name>{_NAME})\)",
    re.IGNORECASE,
)
# Words that make a run of capitalised words a body, a place or a title rather than a person.
_NOT_A_PERSON = {
    "court", "tribunal", "office", "ministry", "minister", "ministre", "ministerio", "general",
    "international", "foundation", "association", "centre", "center", "council", "committee",
    "network", "league", "observatory", "observatoire", "observatorio", "union", "district",
    "city", "regional", "republic", "république", "república", "national", "nacional",
    "human", "rights", "united", "nations", "mission", "permanent", "police", "department",
    "supreme", "prosecutor", "procureur", "fiscal", "president", "président", "presidente",
    "code", "article", "urgent", "appeal", "action", "the", "on", "in", "at", "according",
    "his", "her", "their", "she", "he", "it", "this", "that", "both", "all", "please", "we",
    "sektion", "deutschland", "dear", "de", "la", "el", "le", "les", "los", "las",
    "en", "au", "et", "y", "und", "der", "die", "das", "am", "im", "seine", "ihre", "beide",
    "since", "after", "before", "when", "while", "with", "for", "from", "also", "but",
    "generalstaatsanwalt", "staatsanwaltschaft", "stadtgericht", "declaration", "comité",
    "consejo", "juzgado", "policía", "commission", "commissioner", "ombudsman", "bar",
    "belarus", "minsk", "kazakhstan", "azerbaijan", "algeria", "algérie", "honduras", "baku",
    "tbilisi", "geneva", "genève", "ginebra", "atyrau", "béjaïa", "tichy", "security",
    # German capitalises its nouns: "Rechtsanwalt Alexander", "Jahre Haft".
    "rechtsanwalt", "rechtsanwältin", "kollegin", "kollege", "jahre", "jahren", "haft",
    "urteile", "hausarrest", "bewährung", "rechtsbeistände",
}  # fmt: skip
# A noun that introduces a person's name in appeals without honorifics ("lawyer Alexander
# Karpenka", "her colleague Aliaksandr Karpenka").
_INTRODUCER = re.compile(
    rf"\b(?:lawyer|colleague|journalist|defender|activist|trade\s+unionist|blogger|"
    rf"journaliste|avocate?|militante?|défenseur|défenseuse|abogad[oa]|periodista|defensor[a]?|"
    rf"Rechtsanwalt|Rechtsanwältin|Kollegin|Kollege|Journalist(?:in)?|Aktivist(?:in)?)\s+"
    rf"(?P<name>{_NAME_WORD}(?:[ \u00a0]+{_NAME_WORD}){{1,3}})"
)
_BARE_NAME = re.compile(
    rf"(?<![\w«\"“])(?P<name>{_NAME_WORD}(?:[ \u00a0]+{_NAME_WORD}){{1,3}})(?![\w\"»”])"
)


def _clean_name(name: str) -> str:
    return re.sub(r"['’]s$", "", name.strip())


def _person_like(name: str) -> bool:
    words = name.split()
    return len(words) >= 2 and not any(word.lower() in _NOT_A_PERSON for word in words)


def _defenders(text: str, body: tuple[int, int], header: tuple[int, int]) -> list[ProposedDefender]:
    """Return the people the appeal is about: named with an honorific in the title or the body,
    or, in layouts without honorifics, introduced by a noun or named repeatedly."""
    regions = [header, body]
    found: dict[str, ProposedDefender] = {}
    surnames: dict[str, str] = {}

    def add(name: str, start: int, end: int, honorific: str | None) -> None:
        name = _clean_name(name)
        if not _person_like(name):
            return
        key = name.lower()
        for known in list(found):
            # "Aleksandr Karpenko" and then "Karpenko" or "Aleksandr Karpenko" again.
            # "Marites Dalisay" (after "defender") and then "Marites Dalisay Bagsik".
            longer = key.endswith(" " + known) or key.startswith(known + " ")
            if known == key or known.endswith(" " + key) or known.startswith(key + " ") or longer:
                if longer:
                    defender = found.pop(known)
                    defender.name = name
                    found[key] = defender
                return
        found[key] = ProposedDefender(name=name, start=start, end=end, honorific=honorific)
        surnames[name.split()[-1].lower()] = key

    for first, last in regions:
        for match in _HONORIFIC_NAME.finditer(text, first, last):
            name = _clean_name(match["name"])
            if len(name.split()) == 1:
                continue
            add(name, match.start("name"), match.start("name") + len(name), match["honorific"])
    if not found:
        for first, last in regions:
            for match in _INTRODUCER.finditer(text, first, last):
                add(match["name"], match.start("name"), match.end("name"), None)
        counts: dict[str, list[re.Match[str]]] = {}
        for first, last in regions:
            for match in _BARE_NAME.finditer(text, first, last):
                counts.setdefault(_clean_name(match["name"]), []).append(match)
        for name, matches in counts.items():
            if len(matches) >= 2:
                add(name, matches[0].start("name"), matches[0].end("name"), None)
    for first, last in regions:
        for match in _ALSO_SPELT.finditer(text, first, last):
            before = text[max(first, match.start() - 80) : match.start()]
            for defender in found.values():
                if before.rstrip().endswith(defender.name):
                    spelling = _clean_name(match["name"])
                    if spelling not in defender.other_spellings:
                        defender.other_spellings.append(spelling)
    # A name printed as another's spelling is not a second person.
    spellings = {s.lower() for d in found.values() for s in d.other_spellings}
    people = [d for key, d in found.items() if key not in spellings]
    for defender in people:
        defender.affiliations = _affiliations(text, defender, body[1])
    return sorted(people, key=lambda defender: defender.start)


# An apposition after a defender's name: "Mr. Yerlan Sadykov, chairman of the independent trade
# union "Kaspiy Enbek" and legal adviser of …", "Hanna Sidarenka is a lawyer at …".
_APPOSITION_START = re.compile(
    r"(?:\s*\([^)\n]{0,80}\))?(?:\s*\[\d+\])?(?:,\s+|\s+(?:is|est|es|ist)\s+)"
)
# Words that start a clause or another name, not a role ("de Mme Nadia Ferhat", "was arrested").
_NOT_A_ROLE = re.compile(
    r"^(?:de|d['’]|du|des|del|of|and|et|y|or|ou|was|were|has|had|is|who|qui|quien|quienes|"
    r"which|whose|a\s+été|est|fue|ha|wurde|hat|being|been|not|also|\w+ed)\b",
    re.IGNORECASE,
)
_ROLE_NOUNS = (
    r"lawyer|colleague|journalist|video\s+journalist|defender|activist|trade\s+unionist|"
    r"blogger|journaliste|avocate?|militante?|abogad[oa]|periodista|defensor[a]?|"
    r"Rechtsanwalt|Rechtsanwältin|Kollegin|Kollege|Journalist(?:in)?|Aktivist(?:in)?"
)
_ROLE_BEFORE = re.compile(rf"\b(?P<role>{_ROLE_NOUNS})\s+(?:{_HONORIFIC}\s+)?$")
_AND = re.compile(r"\s+(?:and|et|y|und)\s+(?=(?:a|an|the|un|une|la|le|el|der|die)?\s*[\w-]+)")
_ROLE_ORGANISATION = re.compile(
    r"\s+(?:(?:à|de)\s+l['’]|(?:at\s+the|at|of\s+the|of|with\s+the|with|à\s+la|à|de\s+la|"
    r"du|des|del|de|bei\s+der|bei)\s+)"
)
_ARTICLE_WORD = re.compile(
    r"^(?:a|an|the|un|une|le|la|l['’]|el|his|her|sa|son|su|ein|eine)\s+", re.I
)


def _top_level_cut(text: str) -> str:
    """Return `text` up to its first comma, full stop or footnote outside quotes and brackets."""
    depth, quoted = 0, False
    for index, char in enumerate(text):
        if char in '"“”«»':
            quoted = not quoted if char == '"' else char in "“«"
        elif char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif (
            not quoted
            and depth == 0
            and (
                char in ",;:"
                or text.startswith(". ", index)
                or text.startswith(" [", index)
                or char == "\n"
            )
        ):
            return text[:index]
    return text.rstrip(".")


def _affiliations(text: str, defender: ProposedDefender, limit: int) -> list[ProposedAffiliation]:
    """Return the roles printed in apposition at the first mention of `defender` that has one."""
    position = defender.start
    while position != -1 and position < limit:
        after = position + len(defender.name)
        start = _APPOSITION_START.match(text, after, limit)
        if start:
            apposition = _top_level_cut(text[start.end() : min(limit, start.end() + 300)])
            # "lawyer from Osh who represents families …": the relative clause is no role.
            apposition = re.split(r"\s+(?:who|which|whose|qui|que|quien|quienes)\s", apposition)[0]
            if _HONORIFIC_NAME.search(apposition):
                apposition = ""
            found = []
            offset = start.end()
            for part in _AND.split(apposition):
                part_start = offset + apposition.find(part, offset - start.end())
                clean = _ARTICLE_WORD.sub("", part.strip().rstrip("."))
                if not clean or _NOT_A_ROLE.match(clean) or re.search(r"\d", clean):
                    continue
                role, organisation = _split_role(clean)
                if role and len(role.split()) <= 6 and role[0].islower():
                    found.append(
                        ProposedAffiliation(
                            role=role,
                            organisation=organisation,
                            start=part_start,
                            end=part_start + len(part),
                        )
                    )
            if found:
                return found
        position = text.find(defender.name, after)
    # No apposition: a noun printed before the name ("her colleague Aliaksandr Karpenka").
    position = defender.start
    while position != -1 and position < limit:
        before = _ROLE_BEFORE.search(text, max(0, position - 60), position)
        if before:
            return [
                ProposedAffiliation(
                    role=before["role"], start=before.start("role"), end=before.end("role")
                )
            ]
        position = text.find(defender.name, position + len(defender.name))
    return []


def _split_role(part: str) -> tuple[str, str | None]:
    """Return the role and the organisation of "lawyer at the Svislach Regional Bar
    Association" or "board member of the human rights centre "Pravovy Mayak"" (its name)."""
    pieces = _ROLE_ORGANISATION.split(part, maxsplit=1)
    role = pieces[0].strip()
    if len(pieces) == 1:
        # No preposition (Russian's genitive): "председателя правозащитного центра «…»".
        quoted = re.search(r"[\"“«]\s*([^\"”»]+?)\s*[\"”»]", part)
        if quoted and " " in part[: quoted.start()].strip():
            return part.split()[0], quoted.group(1)
        return role, None
    organisation = pieces[1].strip()
    quoted = re.search(r"[\"“«]\s*([^\"”»]+?)\s*[\"”»]", organisation)
    if quoted:
        organisation = quoted.group(1)
    organisation = _ARTICLE_WORD.sub("", organisation).strip().rstrip(".")
    return role, organisation or None


# --- Charges --------------------------------------------------------------------------------

_QUOTED = re.compile(r"[«\"“„]\s*(?P<quoted>[^\"«»“”„\n]{3,160}?)\s*[»\"”“]")
_ARTICLE = re.compile(
    r"\s*\((?:Art(?:icle|\.)|article|artículo|art\.|Artikel|статья|ст\.)\s+"
    r"(?P<article>\d[\w.\-–]*(?:\s*(?:part|partie|párrafo|Abs\.|ч\.)\s*\d+)?)"
    # Russian names the code in the genitive, with no word between ("статья 212.1 УК").
    r"(?:\s+(?:(?:of\s+the|of|du|de\s+la|de\s+l'|del|de|des|der)\s+)?(?P<instrument>[^)]{3,80}))?\)"
)
_CHARGE_WORDS = re.compile(
    r"(charged|charges?\s+of|charge\s+of|accused|convicted|acquitted|indicted|for\s*$|"
    r"inculpée?|accusée?|poursuivie?|condamnée?|relaxée?|d[e']\s*$|"
    r"delito|imputó|acusad[oa]s?|condenad[oa]s?|wegen|обвин\w+|осужден\w*|по\s+статье)",
    re.IGNORECASE,
)
_UNQUOTED_CHARGE = re.compile(
    r"\bcharged\s+(?:him\s+|her\s+|them\s+)?with\s+(?P<offence>[a-z][a-z' -]{3,80}?)"
    r"(?=\s+and\s+(?:the|was|remanded|placed)\b|\s+in\s+connection\b|[.;,:(]|\s+against\b)"
)
_PENALTY = re.compile(
    r"(?P<penalty>up\s+to\s+[\w' -]{3,40}?(?:imprisonment|in\s+prison|prison)|"
    r"(?<=passible de )[\w' -]{3,40}?d['’]emprisonnement|"
    r"(?<=pena de )[\w' -]{3,40}?de\s+prisión)"
)


def _charges(text: str, body: tuple[int, int]) -> list[ProposedCharge]:
    charges: dict[str, ProposedCharge] = {}
    for start, end in _sentences(text, *body):
        sentence = text[start:end]
        in_sentence: list[ProposedCharge] = []
        for match in _QUOTED.finditer(sentence):
            article = _ARTICLE.match(sentence, match.end())
            before = sentence[max(0, match.start() - 120) : match.start()]
            if not article and not _CHARGE_WORDS.search(before):
                continue
            offence = match["quoted"].strip()
            key = offence.lower()
            charge = charges.get(key)
            if charge is None:
                charge = ProposedCharge(
                    start=start + match.start("quoted"),
                    end=start + match.end("quoted"),
                    offence=offence,
                )
                charges[key] = charge
            if article and not charge.article:
                charge.article = article["article"]
                charge.instrument = (article["instrument"] or "").strip() or None
            in_sentence.append(charge)
        for match in _UNQUOTED_CHARGE.finditer(sentence):
            offence = match["offence"].strip()
            key = offence.lower()
            if key not in charges:
                charges[key] = ProposedCharge(
                    start=start + match.start("offence"),
                    end=start + match.end("offence"),
                    offence=offence,
                )
            in_sentence.append(charges[key])
        penalty = _PENALTY.search(sentence)
        if penalty and in_sentence and not in_sentence[-1].max_penalty:
            in_sentence[-1].max_penalty = penalty["penalty"].strip()
    return sorted(charges.values(), key=lambda charge: charge.start)


# --- Measures -------------------------------------------------------------------------------

_MEASURES = [
    ("administrative_detention", r"administrative\s+detention|détention\s+administrative|"
     r"arresto\s+administrativo|административн\w+\s+арест\w*"),
    ("pre_trial_detention", r"pre-?trial\s+detention|"
     r"(?<!sustitutivas\sa\sla\s)prisión\s+preventiva|détention\s+provisoire|Untersuchungshaft|detención\s+preventiva|"
     r"pre-?trial\s+detention\s+centre|под\s+страж\w+|СИЗО|"
     r"ordered\s+(?:his|her|their)\s+detention|remanded\s+(?:him|her|them)\s+in\s+custody"),
    ("police_custody", r"garde\s+à\s+vue|police\s+custody|held\s+in\s+custody\s+by\s+the\s+police"),
    ("house_arrest", r"house\s+arrest|assignation\s+à\s+résidence|arresto\s+domiciliario|"
     r"Hausarrest|домашн\w+\s+арест\w*"),
    ("judicial_control", r"contrôle\s+judiciaire|judicial\s+(?:control|supervision)"),
    ("provisional_release", r"liberté\s+provisoire|provisional\s+release|libertad\s+provisional|"
     r"medidas\s+sustitutivas|medidas\s+alternativas"),
    ("judicial_control", r"ordered\s+(?:him|her|them)\s+to\s+report\s+to\s+the\s+police"),
    ("travel_ban", r"travel\s+ban|ban(?:ned)?\s+(?:on\s+(?:her\s+|his\s+)?)?(?:from\s+)?leaving|"
     r"interdiction\s+de\s+(?:sortie|quitter)|no\s+salir\s+del\s+país|"
     r"prohibición\s+de\s+salir|Ausreiseverbot|запрет\w*\s+на\s+выезд"),
    ("probation", r"\bprobation\b|libertad\s+condicional|mise\s+à\s+l['’]épreuve|Bewährung"),
    ("imprisonment", r"penal\s+colony|colonie\s+pénitentiaire|serving\s+(?:a|his|her)\s+sentence"),
]  # fmt: skip
_MEASURE_PATTERNS = [(kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in _MEASURES]
_TERM = re.compile(
    r"\b(?:for|pour|por|durante|на)\s+(?P<term>(?:\d+|one|two|three|four|five|six|seven|eight|"
    r"nine|ten|twelve|fifteen|a|un|une|deux|trois|quatre|six|dos|tres|cuatro|seis)\s+"
    r"(?:days?|weeks?|months?|years?|jours?|semaines?|mois|ans?|días?|semanas?|meses?|años?))\b",
    re.IGNORECASE,
)


def _measures(text: str, body: tuple[int, int], dates: list[DateFound]) -> list[ProposedMeasure]:
    measures: dict[str, ProposedMeasure] = {}
    for start, end in _sentences(text, *body):
        sentence = text[start:end]
        # A sentence's parts (a suspended term, a ban) belong to the decision, not here.
        if _SENTENCING.search(sentence):
            continue
        for kind, pattern in _MEASURE_PATTERNS:
            match = pattern.search(sentence)
            if not match or kind in measures:
                continue
            # A centre's name ("Atyrau pre-trial detention centre") is a place, not an order.
            if kind == "pre_trial_detention" and re.match(
                r"\s+cent(?:re|er)", sentence[match.end() :]
            ):
                continue
            in_sentence = _dates_between(dates, start, end)
            term = _TERM.search(sentence)
            measures[kind] = ProposedMeasure(
                kind=kind,
                start=start,
                end=end,
                measure_as_printed=match.group(0),
                date=in_sentence[0] if in_sentence else None,
                term_as_printed=term["term"] if term else None,
            )
    return sorted(measures.values(), key=lambda measure: measure.start)


# --- Hearings, decisions, events ------------------------------------------------------------

_HEARING = re.compile(
    r"\b(hearing|trial\s+will|trial\s+is\s+scheduled|trial\s+(?:is|was)\s+set|will\s+be\s+tried|"
    r"summoned|arraignment|audience|procès|comparaître|comparution|audiencia|juicio|"
    r"Verhandlung|Prozess|заседани\w+)",
    re.IGNORECASE,
)
_DECISION = re.compile(
    r"\b(sentenced|convicted|acquitted|upheld|overturned|reduced|dismissed|quashed|"
    r"given\s+a\s+(?:suspended\s+)?sentence|révoqué|revoked|"
    r"condamnée?|relaxée?|acquittée?|confirmé|condenó|absolvió|sentencia|confirmó|"
    r"verurteilt|freigesprochen|erhielt|приговор\w*|осуди\w*|оправда\w*)\b",
    re.IGNORECASE,
)
# The verbs of a sentence passed, whose terms and bans are its parts, not measures.
_SENTENCING = re.compile(
    r"\b(sentenced|convicted|condamnée?|condenó|condenad[oa]|verurteilt|erhielt|приговор\w*)\b",
    re.IGNORECASE,
)
_COURT = re.compile(
    r"(?P<court>(?:the\s+)?(?:[A-Z][\w'-]*\s+){0,4}(?:City\s+|District\s+|Regional\s+|Supreme\s+)?"
    r"(?:Court|Tribunal)(?:\s+of\s+[A-Z][\w-]+)?(?:\s+No\.\s*\d+)?"
    r"|(?:le\s+)?tribunal\s+(?:de\s+|d['’])[A-ZÀ-Þ][\w'-]+"
    r"|(?:el\s+)?Juzgado\s+[\w\s]+?(?=\s+imputó|\s+a\s+las|,|\.)"
    r"|(?:das\s+)?\w*[Gg]ericht\s+[A-Z]\w+)"
)
_TIME = re.compile(
    r"(?:\bat\s+|\bà\s+|\ba\s+las\s+|\bum\s+|\bв\s+)(?P<hour>[0-2]?\d)[:.h](?P<minute>[0-5]\d)"
    r"(?:\s*(?:(?P<noon>a\.m\.|am|p\.m\.|pm)|horas|Uhr|ч\.))?"
    r"(?:\s*\(?(?:local\s+time|hora\s+local|heure\s+locale)\)?)?",
    re.IGNORECASE,
)


def _local_time(time: re.Match[str] | None) -> str | None:
    """Return "HH:MM" (24-hour) of "at 2.00 pm", "a las 9:00 horas", or None."""
    if time is None:
        return None
    hour, minute = int(time["hour"]), int(time["minute"])
    noon = (time["noon"] or "").lower().replace(".", "")
    if noon == "pm" and hour < 12:
        hour += 12
    elif noon == "am" and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute:02d}" if hour < 24 else None


def _court(sentence: str) -> str | None:
    match = _COURT.search(sentence)
    if not match:
        return None
    court = re.sub(r"^(?:the|le|el|das)\s+", "", match["court"].strip())
    return court if court.lower() not in ("court", "tribunal") else None


def _hearings_decisions_events(
    text: str, body: tuple[int, int], dates: list[DateFound]
) -> tuple[list[ProposedHearing], list[ProposedDecision], list[ProposedEvent]]:
    hearings, decisions, events = [], [], []
    for start, end in _sentences(text, *body):
        sentence = text[start:end]
        printed = _dates_between(dates, start, end)
        # A "[sic]" date that does not exist dates an event as printed, not a hearing.
        in_sentence = [d for d in printed if d.value is not None]
        if not printed:
            continue
        if _HEARING.search(sentence) and in_sentence:
            time = _TIME.search(sentence)
            hearings.append(
                ProposedHearing(
                    start=start,
                    end=end,
                    date=in_sentence[-1],
                    court=_court(sentence),
                    local_time=_local_time(time),
                    time_as_printed=time.group(0).strip() if time else None,
                )
            )
            continue
        if _DECISION.search(sentence) and in_sentence:
            decisions.append(
                ProposedDecision(start=start, end=end, date=in_sentence[0], court=_court(sentence))
            )
        for date in printed:
            events.append(ProposedEvent(date=date, start=start, end=end))
    return hearings, decisions, events


# --- Actions, addresses, notes --------------------------------------------------------------

_FAX = re.compile(r"\b(?:Fax|Télécopie|Telefax|Факс)\s*:\s*(?P<value>[+\d][\d /().-]*\d)", re.I)
_EMAIL = re.compile(
    r"\b(?:E-?mail|Courriel|Correo\s+electrónico|E-Mail|Эл\.\s*почта)\s*:\s*(?P<value>[\w.+-]+@[\w.-]+\w)",
    re.I,
)
_SALUTATION = re.compile(
    r"^(?:Salutation|Anrede|Formule\s+d['’]appel|Saludo)\s*:\s*(?P<value>.+)$", re.I
)
_CONTACT_START = re.compile(
    r"\.\s+(?=(?:Fax|Tel|Tél|Teléfono|Phone|E-?mail|E-Mail|Courriel|Correo|Twitter|Факс)\b)", re.I
)
_LEADING_HONORIFIC = re.compile(rf"^{_HONORIFIC}\s")


def _actions(text: str, start: int, end: int) -> list[ProposedAction]:
    actions = []
    for line in _lines(text, start, end):
        match = _ACTION.match(line.text)
        if match:
            offset = line.start + match.start("text")
            actions.append(ProposedAction(match["number"], match["text"], offset, line.end))
    return actions


def _addressee(line: _Line) -> ProposedAddressee:
    content = _BULLET.sub("", line.text)
    offset = line.start + (len(line.text) - len(content))
    head = _CONTACT_START.split(content, maxsplit=1)[0].rstrip(".")
    addressee = ProposedAddressee(start=offset, end=line.end)
    if fax := _FAX.search(content):
        addressee.fax = fax["value"].strip()
    if email := _EMAIL.search(content):
        addressee.email = email["value"]
    name, comma, post = head.partition(", ")
    titled = re.match(rf"^(?P<post>[^,]+?)\s+(?P<name>{_NAME_WORD} {_NAME_WORD})$", name)
    if _LEADING_HONORIFIC.match(head) and comma:
        addressee.name, addressee.post = name.strip(), post.strip()
    elif titled and _person_like(titled["name"]):
        # "Prosecutor General Viktor Lazarevich, Prosecutor General's Office"
        addressee.name, addressee.post = titled["name"], titled["post"]
        addressee.office = post.strip() or None
    else:
        addressee.name = head.strip()
    return addressee


def _addressees(text: str, start: int, end: int) -> list[ProposedAddressee]:
    addressees: list[ProposedAddressee] = []
    for line in _lines(text, start, end):
        if salutation := _SALUTATION.match(line.text):
            if addressees:
                addressees[-1].salutation = salutation["value"].strip()
            continue
        if _BULLET.match(line.text) or _FAX.search(line.text) or _EMAIL.search(line.text):
            addressees.append(_addressee(line))
    return addressees


# --- The whole appeal -----------------------------------------------------------------------


def _is_embassy_clause(line: _Line) -> bool:
    """Return whether `line` asks readers to write to the embassy (not an address of one)."""
    return bool(
        _EMBASSY.search(line.text) and not _BULLET.match(line.text) and not _FAX.search(line.text)
    )


# The kinds of fact nearly every appeal has; those not read are listed for staff.
_USUAL_KINDS = ("reference", "issue_date", "issuer", "defenders", "actions", "addressees")


def appeal_read(*, text: str, language: str | None = None) -> Proposal:
    """Return the facts of the appeal `text`, each with its span in `text`."""
    proposal = Proposal(text=text, language=language or _language(text))
    lines = [line for line in _lines(text) if not _FILLER.match(line.text)]
    if not lines:
        proposal.unread = list(_USUAL_KINDS)
        return proposal

    # The header ends at the first paragraph of prose (a long line).
    body_index = next((i for i, line in enumerate(lines) if len(line.text) > 160), len(lines))
    header_lines = lines[:body_index]
    header = (header_lines[0].start, header_lines[-1].end) if header_lines else (0, 0)
    actions_at = next(
        (
            i
            for i, line in enumerate(lines)
            if i >= body_index and _ACTIONS_HEADING.match(line.text)
        ),
        None,
    )
    addresses_at = next(
        (
            i
            for i, line in enumerate(lines)
            if i >= body_index and _ADDRESSES_HEADING.match(line.text)
        ),
        None,
    )
    notes_at = _notes_start(lines, body_index)
    ends = [i for i in (actions_at, addresses_at, notes_at) if i is not None]
    body_end_index = min(ends) if ends else len(lines)
    body_lines = [
        line for line in lines[body_index:body_end_index] if not _LINE_HEADING.match(line.text)
    ]
    body = (body_lines[0].start, body_lines[-1].end) if body_lines else (0, 0)

    _read_header(
        proposal, text, header_lines, lines[body_index] if body_index < len(lines) else None
    )
    dates = dates_find(text)
    proposal.defenders = _defenders(text, body, header)
    proposal.charges = _charges(text, body)
    proposal.measures = _measures(text, body, dates)
    proposal.hearings, proposal.decisions, proposal.events = _hearings_decisions_events(
        text, body, dates
    )
    if actions_at is not None:
        stop = addresses_at if addresses_at is not None and addresses_at > actions_at else None
        last = lines[stop].start if stop is not None else len(text)
        proposal.actions = _actions(text, lines[actions_at].end, last)
    if addresses_at is not None:
        after = lines[addresses_at + 1 :]
        stop_line = next((line for line in after if _is_embassy_clause(line)), None)
        last = stop_line.start if stop_line else len(text)
        proposal.addressees = _addressees(text, lines[addresses_at].end, last)
    for line in lines[body_end_index:]:
        if proposal.embassy_clause is None and _is_embassy_clause(line):
            proposal.embassy_clause = Read(line.text, line.start, line.end)
        if note := _NOTE.match(line.text):
            start = line.start + note.start("text")
            cited = _REFERENCE_IN_TEXT.search(text, start, line.end)
            dated = dates_find(text, start, line.end)
            proposal.notes.append(
                ProposedNote(
                    int(note["number"]),
                    note["text"],
                    start,
                    line.end,
                    reference=Read(cited.group(0), cited.start(), cited.end()) if cited else None,
                    date=dated[0] if dated else None,
                )
            )
    proposal.unread = [kind for kind in _USUAL_KINDS if not getattr(proposal, kind)]
    return proposal


def _notes_start(lines: list[_Line], body_index: int) -> int | None:
    """Return the index of the first footnote of the block of footnotes (and the embassy
    sentence) that ends the appeal, or None."""
    start = None
    for index in range(len(lines) - 1, body_index - 1, -1):
        if _NOTE.match(lines[index].text):
            start = index
        elif not _EMBASSY.search(lines[index].text):
            break
    return start


# A title that starts with its country: "Belarus: Arbitrary detention of …".
_TITLE_COUNTRY = re.compile(r"^([^:\n]{2,60}?)\s*:\s")


def _title_line(header: list[_Line]) -> _Line:
    """Return the header's title: the last line naming a country before the intervention type
    (a page printed from the web starts with its menu: "Home News"), else the first line."""
    type_index = next((i for i, line in enumerate(header) if _TYPE.match(line.text)), None)
    before = header[:type_index] if type_index else header[:3]
    with_country = [line for line in before if _TITLE_COUNTRY.match(line.text)]
    return with_country[-1] if with_country else header[0]


def _read_header(
    proposal: Proposal, text: str, header: list[_Line], first_paragraph: _Line | None
) -> None:
    if header:
        title = _title_line(header)
        proposal.title = Read(title.text, title.start, title.end)
        country = _TITLE_COUNTRY.match(title.text)
        if country:
            end = title.start + len(country.group(1))
            proposal.country_as_printed = Read(country.group(1), title.start, end)
    date_line = None
    pending_violation: list[_Line] = []
    for index, line in enumerate(header):
        if proposal.intervention_type is None and _TYPE.match(line.text):
            proposal.intervention_type = Read(line.text, line.start, line.end)
            continue
        reference = _REFERENCE.search(line.text)
        # The reference on a line of its own wins over one inside the type ("… zu UA 117/21").
        fresh = proposal.reference is None or reference and reference.group(0) == line.text
        if reference and fresh and (index > 0 or len(header) == 1):
            proposal.reference = Read(
                reference.group(0), line.start + reference.start(), line.start + reference.end()
            )
            continue
        if index_match := _INDEX.match(line.text):
            proposal.index_number = Read(
                index_match["index"], line.start + index_match.start("index"), line.end
            )
            continue
        if proposal.issue_date is None:
            day = [
                d for d in dates_find(text, line.start, line.end) if d.value and d.value.is_exact
            ]
            if day and len(day[0].as_printed) >= len(line.text) - 12:
                proposal.issue_date = day[0]
                date_line = index
                continue
        if index > 0 and (line.text.endswith("/") or pending_violation):
            pending_violation.append(line)
            if not line.text.endswith("/"):
                for part in pending_violation:
                    value = part.text.rstrip("/ ").strip()
                    proposal.violations.append(Read(value, part.start, part.start + len(value)))
                pending_violation = []
            continue
        if date_line is not None and index > date_line and proposal.issuer is None:
            proposal.issuer = Read(line.text, line.start, line.end)
    if proposal.issuer is None and first_paragraph is not None:
        subject = _ISSUER_SUBJECT.match(first_paragraph.text)
        if subject:
            proposal.issuer = Read(
                subject["issuer"],
                first_paragraph.start,
                first_paragraph.start + subject.end("issuer"),
            )

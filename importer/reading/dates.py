"""Dates as appeals print them, in English, French, Spanish, German and Russian: "March 29,
2021", "29 March 2021", "16 novembre 2020", "15 de junio de 2021", "20. September 2021",
"29 марта 2021 г.", and the loose ones: "in March 2021", "in early June 2021", "in autumn
2012", "about 2015", "entre le 3 et le 9 novembre 2020", "31 June 2022 [sic]".

Month and season words are tables here rather than dateparser's: an appeal names a handful of
forms, the tables are exact about precision (a month stays a month), and a whole appeal is
scanned in a few milliseconds."""

import datetime as dt
import re
from dataclasses import dataclass

from cases.dates import SEASONS, Precision, UncertainDate

MONTHS = {
    # English
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    # French
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
    # Spanish
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11,
    "diciembre": 12,
    # German
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "april_": 4, "juni": 6, "juli": 7,
    "oktober": 10, "dezember": 12,
    # Russian: the genitive after a day, the nominative (and prepositional) without one
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7,
    "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
    "январь": 1, "февраль": 2, "март": 3, "апрель": 4, "май": 5, "июнь": 6, "июль": 7,
    "август": 8, "сентябрь": 9, "октябрь": 10, "ноябрь": 11, "декабрь": 12,
    "январе": 1, "феврале": 2, "марте": 3, "апреле": 4, "мае": 5, "июне": 6, "июле": 7,
    "августе": 8, "сентябре": 9, "октябре": 10, "ноябре": 11, "декабре": 12,
}  # fmt: skip
SEASON_WORDS = {
    "spring": "spring", "summer": "summer", "autumn": "autumn", "fall": "autumn",
    "winter": "winter", "printemps": "spring", "été": "summer", "automne": "autumn",
    "hiver": "winter", "primavera": "spring", "verano": "summer", "otoño": "autumn",
    "invierno": "winter", "frühling": "spring", "sommer": "summer", "herbst": "autumn",
    "весной": "spring", "летом": "summer", "осенью": "autumn", "зимой": "winter",
}  # fmt: skip

_M = (
    "(?P<month>"
    + "|".join(sorted((m for m in MONTHS if not m.endswith("_")), key=len, reverse=True))
    + r")\.?"
)
_M2 = _M.replace("?P<month>", "?P<month2>")
_S = "(?P<season>" + "|".join(sorted(SEASON_WORDS, key=len, reverse=True)) + ")"
_Y = r"(?P<year>(?:1[89]|20)\d{2})"
_D = r"(?P<day>[0-3]?\d)(?:er|st|nd|rd|th|º|°)?"
_D2 = _D.replace("?P<day>", "?P<day2>")
_OF = r"(?:\s+de|\s+of)?"
_PART = (
    r"(?P<part>early|mid-?|late|the\s+beginning\s+of|the\s+end\s+of|the\s+middle\s+of|"
    r"début|fin|mi-|à\s+la\s+mi-|a\s+principios\s+de|a\s+mediados\s+de|a\s+finales\s+de|"
    r"principios\s+de|mediados\s+de|finales\s+de|Anfang|Mitte|Ende|начале|середине|конце)\s*"
)
_ABOUT = r"(?P<about>about|around|circa|c\.|vers|environ|alrededor\s+de|hacia|etwa|около)\s+"

# Tried in this order at each place; the first that matches there wins (longest forms first).
_PATTERNS = [
    # Ranges: "between 3 and 9 November 2020", "entre le 3 et le 9 novembre 2020",
    # "entre el 3 y el 9 de noviembre de 2020", "from 3 to 9 November 2020".
    ("range", rf"(?:between|entre\s+le|entre\s+el|from|du)\s+{_D}\s+"
              rf"(?:and|et\s+le|y\s+el|to|au)\s+{_D2}{_OF}\s+{_M}{_OF},?\s+{_Y}"),
    ("range", rf"(?:between\s+|from\s+)?{_M}\s+{_D}\s+(?:and|to|-|–)\s+{_D2},?\s+{_Y}"),
    # "March 29, 2021"
    ("day", rf"{_M}\s+{_D},?\s+{_Y}(?P<sic>\s*\[sic\])?"),
    # "29 March 2021", "16 novembre 2020", "15 de junio de 2021", "20. September 2021",
    # "29 марта 2021 г."
    ("day", rf"{_D}\.?{_OF}\s+{_M}{_OF},?\s+{_Y}(?:\s*г\.|\s+года)?(?P<sic>\s*\[sic\])?"),
    ("part", rf"{_PART}(?:of\s+|de\s+)?{_M}{_OF}\s+{_Y}"),
    ("about", rf"{_ABOUT}{_Y}"),
    ("season", rf"{_S}{_OF}\s+{_Y}"),
    ("month", rf"{_M}{_OF}\s+{_Y}(?:\s*г\.|\s+года)?"),
    # A year alone only after a word that makes it a date ("since 2015", "en 2019").
    ("year", rf"(?:in|since|en|depuis|desde|seit|im|в|с)\s+{_Y}(?!\s*[/-]\d)"),
]  # fmt: skip
_SCANNER = [
    (kind, re.compile(r"(?<![\w/])" + pattern + r"(?!\w)", re.IGNORECASE | re.UNICODE))
    for kind, pattern in _PATTERNS
]


@dataclass(frozen=True)
class DateFound:
    """A date in the text: its value (None for a date that does not exist, printed "[sic]"),
    the words as printed, and where they are."""

    value: UncertainDate | None
    as_printed: str
    start: int
    end: int


def _month(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def _value(kind: str, match: re.Match[str]) -> UncertainDate | None:
    groups = match.groupdict()
    year = int(groups["year"])
    if kind == "day":
        try:
            return UncertainDate.exact(dt.date(year, _month(groups["month"]), int(groups["day"])))
        except ValueError:
            return None
    if kind == "range":
        month = _month(groups["month"])
        try:
            first = dt.date(year, month, int(groups["day"]))
            last = dt.date(year, month, int(groups["day2"]))
        except ValueError:
            return None
        if last < first:
            return None
        return UncertainDate(first, last, Precision.RANGE)
    if kind in ("part", "month"):
        return UncertainDate.normalised(dt.date(year, _month(groups["month"]), 1), Precision.MONTH)
    if kind == "season":
        season = SEASON_WORDS[groups["season"].lower()]
        start = dt.date(year, SEASONS[season], 1)
        return UncertainDate.normalised(start, Precision.SEASON)
    year_date = UncertainDate.normalised(dt.date(year, 1, 1), Precision.YEAR)
    if kind == "about":
        return UncertainDate(year_date.earliest, year_date.latest, Precision.ABOUT)
    return year_date


def dates_find(text: str, start: int = 0, end: int | None = None) -> list[DateFound]:
    """Return the dates printed in text[start:end], in order, none overlapping another."""
    end = len(text) if end is None else end
    found: list[DateFound] = []
    # Characters already part of a date (a list of intervals would make a long text quadratic).
    taken = bytearray(end - start)
    for kind, pattern in _SCANNER:
        for match in pattern.finditer(text, start, end):
            if any(taken[match.start() - start : match.end() - start]):
                continue
            value = _value(kind, match)
            if value is None and not match.groupdict().get("sic") and kind != "range":
                continue
            found.append(DateFound(value, match.group(0), match.start(), match.end()))
            taken[match.start() - start : match.end() - start] = b"\x01" * (
                match.end() - match.start()
            )
    return sorted(found, key=lambda date: date.start)

"""Reference codes (domain.md, "Reference code"): formatting by the configured format, and the
normal form under which archived spellings of one reference are the same.

`KGZ 003 / 0425 / OBS 041` is the original appeal's code; follow-ups add `.1`, `.2` …
Archived texts also write `.01` and vary the spacing around the slashes
(`RUS 001 /0118 / OBS 004.3`); all spellings of one reference have the same key.
"""

import re
import string
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.text import slugify

_FOLLOWUP_SUFFIX = re.compile(r"\.0*(\d+)$")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class ReferenceParts:
    country_alpha3: str
    case_number: int
    first_issue_date: date
    organisation: str
    intervention_number: int


def reference_format(parts: ReferenceParts) -> str:
    """Return the original appeal's reference in the format set by APPEAL_REFERENCE_FORMAT."""
    try:
        return settings.APPEAL_REFERENCE_FORMAT.format(
            country=parts.country_alpha3,
            case_number=parts.case_number,
            month=f"{parts.first_issue_date.month:02d}",
            year=f"{parts.first_issue_date.year % 100:02d}",
            year4=f"{parts.first_issue_date.year:04d}",
            organisation=parts.organisation,
            intervention_number=parts.intervention_number,
        )
    except (KeyError, IndexError, ValueError) as exc:
        raise ImproperlyConfigured(
            f"APPEAL_REFERENCE_FORMAT={settings.APPEAL_REFERENCE_FORMAT!r} is not usable: {exc!r}"
        ) from exc


def followup_reference_format(reference: str, followup: int) -> str:
    """Return the reference of the case's follow-up number `followup` (1, 2 …)."""
    try:
        return settings.APPEAL_FOLLOWUP_FORMAT.format(reference=reference, followup=followup)
    except (KeyError, IndexError, ValueError) as exc:
        raise ImproperlyConfigured(
            f"APPEAL_FOLLOWUP_FORMAT={settings.APPEAL_FOLLOWUP_FORMAT!r} is not usable: {exc!r}"
        ) from exc


def reference_key(reference: str) -> str:
    """Return the normal form of a reference: no white space, upper case, follow-up number
    without leading zeros. `RUS 001 /0118 / OBS 004.03` → `RUS001/0118/OBS004.3`."""
    key = _SPACES.sub("", reference).upper()
    return _FOLLOWUP_SUFFIX.sub(lambda m: "." + str(int(m.group(1))), key)


def reference_split(reference: str) -> tuple[str, int | None]:
    """Return the reference of the original appeal and the follow-up number of a printed
    reference: `KGZ 003 / 0425 / OBS 041.01` → (`KGZ 003 / 0425 / OBS 041`, 1);
    `KGZ 003 / 0425 / OBS 041` → (itself, None)."""
    reference = reference.strip()
    match = _FOLLOWUP_SUFFIX.search(reference)
    if match is None:
        return reference, None
    return reference[: match.start()].rstrip(), int(match.group(1))


@dataclass(frozen=True)
class ReferenceNumbers:
    """The numbers an original appeal's reference holds, read by the configured format."""

    country_alpha3: str
    case_number: int
    year: int
    organisation: str
    intervention_number: int


# What each field of APPEAL_REFERENCE_FORMAT matches in a reference's normal form.
_FIELD_PATTERNS = {
    "country": r"(?P<country>[A-Z]{3})",
    "case_number": r"(?P<case_number>\d+)",
    "month": r"(?P<month>\d{2})",
    "year": r"(?P<year>\d{2})",
    "year4": r"(?P<year4>\d{4})",
    "organisation": r"(?P<organisation>[A-Z0-9]+?)",
    "intervention_number": r"(?P<intervention_number>\d+)",
}


def reference_numbers(reference: str) -> ReferenceNumbers | None:
    """Return the numbers of an original appeal's reference printed in the configured format
    (in any archived spelling), or None when it is not in that format.

    Recording an archival reference keeps the counters at least at the numbers it uses, so that
    the codes minted later never repeat one (cases.services.appeal_issue)."""
    pattern = ""
    try:
        for literal, name, _spec, _conversion in string.Formatter().parse(
            settings.APPEAL_REFERENCE_FORMAT
        ):
            pattern += re.escape(_SPACES.sub("", literal).upper())
            if name is not None:
                pattern += _FIELD_PATTERNS[name]
    except (KeyError, ValueError) as exc:
        raise ImproperlyConfigured(
            f"APPEAL_REFERENCE_FORMAT={settings.APPEAL_REFERENCE_FORMAT!r} is not usable: {exc!r}"
        ) from exc
    match = re.fullmatch(pattern, _SPACES.sub("", reference).upper())
    if match is None:
        return None
    found = match.groupdict()
    year = int(found["year4"]) if found.get("year4") else None
    if year is None and found.get("year"):
        # Two digits: this century's year, unless that is still to come (archives reach back
        # to the 1990s).
        year = 2000 + int(found["year"])
        if year > date.today().year + 1:
            year -= 100
    if year is None or found.get("case_number") is None or not found.get("intervention_number"):
        return None
    return ReferenceNumbers(
        country_alpha3=found.get("country") or "",
        case_number=int(found["case_number"]),
        year=year,
        organisation=found.get("organisation") or "",
        intervention_number=int(found["intervention_number"]),
    )


# --- The public page's address ----------------------------------------------------------------
# Where a case is found on the public site (public.urls serves it; the API's CSV links to it).
# A case's slug is stored on it (Case.public_slug) when its first appeal is issued.


def case_public_slug(*, reference: str) -> str:
    """Return the slug of a case reference: `KGZ 003 / 0425 / OBS 041` → `kgz-003-0425-obs-041`."""
    return slugify(reference)


def case_public_path(*, reference: str | None) -> str:
    """Return the path of the case's public page, or "" for a case without a reference (no
    appeal issued yet, so no public page)."""
    if not reference:
        return ""
    return f"/appeals/{case_public_slug(reference=reference)}/"

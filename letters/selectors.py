"""Reads of letters for campaigners: only those of issued appeals on public cases."""

from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.shortcuts import get_object_or_404

from appeals_site.languages import Language
from cases.models import Appeal, AppealText, Case, Hearing, public_case_condition
from cases.selectors import appeal_language_gaps
from letters.models import Letter

# Letters are written in the interface languages only.
LETTER_LANGUAGES = tuple(Language.values)


@dataclass(frozen=True)
class LetterOffer:
    """A language an appeal's letters are offered in (`name`: in its own tongue);
    `partly_english`: some of what the letter shows has no version in it, and staff chose to
    offer it anyway, with a note."""

    language: str
    name: str
    partly_english: bool


def public_appeals():
    """Return the appeals campaigners may have letters of: issued, of a public case."""
    return Appeal.objects.issued().filter(case__in=Case.objects.filter(public_case_condition()))


def public_letter(letter_id) -> Letter:
    """Return the letter, or raise Http404: unknown, or its case is no longer public."""
    return get_object_or_404(
        Letter.objects.select_related("appeal").filter(appeal__in=public_appeals()), pk=letter_id
    )


def appeal_letter_gaps(*, appeal: Appeal) -> dict[str, list[str]]:
    """Return, for each letter language, what of the appeal's letter has no version in it
    ("Action 2 has no French text."), in the order the letter shows it; an empty list: the
    letter would be wholly in that language (cases.selectors.appeal_language_gaps)."""
    return appeal_language_gaps(appeal=appeal, languages=LETTER_LANGUAGES)


def appeal_letter_offers(*, appeal: Appeal) -> list[LetterOffer]:
    """Return the languages letters of `appeal` are offered in, each saying whether parts of
    it are in English: the interface languages it has a text in, in the interface's order;
    of those with gaps (appeal_letter_gaps), none unless staff chose to offer them with a
    note (Appeal.incomplete_letters_offered). A campaigner is never given a mixed letter
    without being told."""
    written = list(
        AppealText.objects.filter(appeal=appeal, language__in=LETTER_LANGUAGES).values_list(
            "language", flat=True
        )
    )
    languages = [language for language in LETTER_LANGUAGES if language in written]
    gaps = appeal_language_gaps(appeal=appeal, languages=languages)
    return [
        LetterOffer(
            language=language,
            # In its own tongue, as the language switcher names it.
            name=dict(settings.LANGUAGES)[language],
            partly_english=bool(gaps[language]),
        )
        for language in languages
        if not gaps[language] or appeal.incomplete_letters_offered
    ]


def appeal_letter_languages(*, appeal: Appeal) -> list[str]:
    """Return the languages letters of `appeal` are offered in (appeal_letter_offers). An
    appeal's text may be in any ISO 639-1 language (an archived German appeal), and a letter
    in French around an English text would put words in the issuer's mouth that it never
    wrote in French: none is made."""
    return [offer.language for offer in appeal_letter_offers(appeal=appeal)]


# One statement: everything a letter of the appeal reads that can change, as one digest. The
# rows of the appeal and its own records (texts, actions with their clauses, footnotes,
# addressees with the authorities' update times) as printed by PostgreSQL, the case's update
# time (its defenders, charges, measures, decisions and hearings, and the authorities'
# contacts, touch it: cases.services.case_touch, defenders' and authorities' services), its
# status and publication (a case no longer public gives another digest), its issuer, and the
# number of scheduled hearings already begun (a letter names the next hearing not yet begun).
_STAMPS_SQL = """
SELECT md5(concat_ws('|',
    a::text,
    c.updated_at::text, c.status, c.published_at::text, c.time_zone,
    (SELECT i::text FROM cases_issuer i WHERE i.id = a.issuer_id),
    (SELECT md5(string_agg(t::text, ',' ORDER BY t.id))
       FROM cases_appealtext t WHERE t.appeal_id = a.id),
    (SELECT md5(string_agg(concat(x::text, k::text), ',' ORDER BY x.id))
       FROM cases_action x LEFT JOIN cases_actionclause k ON k.id = x.clause_id
      WHERE x.appeal_id = a.id),
    (SELECT md5(string_agg(f::text, ',' ORDER BY f.id))
       FROM cases_footnote f WHERE f.appeal_id = a.id),
    (SELECT md5(string_agg(concat(l::text, au.updated_at::text), ',' ORDER BY l.id))
       FROM cases_appealauthority l JOIN authorities_authority au ON au.id = l.authority_id
      WHERE l.appeal_id = a.id),
    (SELECT count(*) FROM cases_hearing h
      WHERE h.case_id = c.id AND h.status = %s AND h.starts_at <= now())
)), c.time_zone
FROM cases_appeal a JOIN cases_case c ON c.id = a.case_id
WHERE a.id = %s
"""


def letter_request_stamps(*, appeal_id) -> tuple[str, str] | None:
    """Return the digest of the versions of everything a letter of the appeal shows, and the
    case's time zone (the letter's date is today there); None when there is no such appeal.
    One query, whatever the appeal holds: a repeated request is recognised by it
    (letters.services.letter_request_repeat) before any HTML is built."""
    with connection.cursor() as cursor:
        cursor.execute(_STAMPS_SQL, [Hearing.Status.SCHEDULED.value, str(appeal_id)])
        row = cursor.fetchone()
    return (row[0], row[1]) if row else None

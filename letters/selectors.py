"""Reads of letters for campaigners: only those of issued appeals on public cases."""

import functools
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

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


@dataclass(frozen=True)
class LetterFile:
    """A ready letter's stored PDF (`name`, in the letters' storage) and what its file is
    called after: the appeal's reference and the letter's language."""

    name: str
    reference: str
    language: str


# Stands for the letter's id in the statements compiled once (_compiled_once).
_ANY_LETTER = uuid.UUID(int=0)


def _compiled_once(queryset) -> tuple[str, tuple, int]:
    """Return the SQL of `queryset` (filtered on pk=_ANY_LETTER), its parameters and the
    index of the letter's id among them. Callers keep the result for the process, so that
    the answers campaigners repeat the most cost their query, not the ~1 ms of Python the ORM
    takes to build and compile it. Only for conditions that do not depend on the time."""
    sql, params = queryset.query.sql_with_params()
    return sql, tuple(params), list(params).index(_ANY_LETTER)


def _row_of(statement: tuple[str, tuple, int], letter_id) -> tuple | None:
    sql, params, position = statement
    arguments = list(params)
    arguments[position] = letter_id
    with connection.cursor() as cursor:
        cursor.execute(sql, arguments)
        return cursor.fetchone()


@functools.cache
def _letter_file_statement() -> tuple[str, tuple, int]:
    # The same conditions as public_letter (public_appeals), and ready.
    return _compiled_once(
        Letter.objects.filter(
            appeal__in=public_appeals(), status=Letter.Status.READY, pk=_ANY_LETTER
        )
        .order_by()
        .values_list("pdf", "appeal__reference", "language")
    )


def public_letter_file(letter_id: uuid.UUID) -> LetterFile:
    """Return the stored PDF of a ready letter campaigners may have (public_letter), in one
    query; raise Http404 when there is none: unknown, not ready, or its case no longer
    public."""
    row = _row_of(_letter_file_statement(), letter_id)
    if row is None or not row[0]:
        raise Http404(_("No ready letter at this address."))
    return LetterFile(name=row[0], reference=row[1] or "", language=row[2])


# What the callers of letters.services.letter_request_repeat read of a letter found again:
# whether it must be rendered again, and what its status answer says.
LETTER_STATE_FIELDS = (
    "id",
    "appeal_id",
    "language",
    "status",
    "claimed_at",
    "enqueued_at",
    "created_at",
)


@functools.cache
def _letter_state_statement() -> tuple[str, tuple, int]:
    return _compiled_once(
        Letter.objects.filter(pk=_ANY_LETTER).order_by().values_list(*LETTER_STATE_FIELDS)
    )


def letter_state(letter_id) -> Letter | None:
    """Return the letter with LETTER_STATE_FIELDS loaded (any other is read when used, as
    with only()), in one query; None when there is no such letter."""
    row = _row_of(_letter_state_statement(), letter_id)
    if row is None:
        return None
    values = dict(zip(LETTER_STATE_FIELDS, row, strict=True))
    # from_db wants the loaded fields' values in the model's order.
    names = [f.attname for f in Letter._meta.concrete_fields if f.attname in values]
    return Letter.from_db("default", names, [values[name] for name in names])


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

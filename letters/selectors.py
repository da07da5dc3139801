"""Reads of letters for campaigners: only those of issued appeals on public cases."""

from dataclasses import dataclass

from django.conf import settings
from django.shortcuts import get_object_or_404

from appeals_site.languages import Language
from cases.models import Appeal, AppealText, Case, public_case_condition
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

"""Reads of letters for campaigners: only those of issued appeals on public cases."""

from django.shortcuts import get_object_or_404

from appeals_site.languages import Language
from cases.models import Appeal, AppealText, Case, public_case_condition
from letters.models import Letter

# Letters are written in the interface languages only.
LETTER_LANGUAGES = tuple(Language.values)


def public_appeals():
    """Return the appeals campaigners may have letters of: issued, of a public case."""
    return Appeal.objects.issued().filter(case__in=Case.objects.filter(public_case_condition()))


def public_letter(letter_id) -> Letter:
    """Return the letter, or raise Http404: unknown, or its case is no longer public."""
    return get_object_or_404(
        Letter.objects.select_related("appeal").filter(appeal__in=public_appeals()), pk=letter_id
    )


def appeal_letter_languages(*, appeal: Appeal) -> list[str]:
    """Return the languages letters of `appeal` are offered in: the interface languages it
    has a text in, in the interface's order. An appeal's text may be in any ISO 639-1
    language (an archived German appeal), and a letter in French around an English text
    would put words in the issuer's mouth that it never wrote in French: none is made."""
    written = set(AppealText.objects.filter(appeal=appeal).values_list("language", flat=True))
    return [language for language in LETTER_LANGUAGES if language in written]

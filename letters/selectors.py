"""Reads of letters for campaigners: only those of issued appeals on public cases."""

from django.shortcuts import get_object_or_404

from cases.models import Appeal, Case, public_case_condition
from letters.models import Letter


def public_appeals():
    """Return the appeals campaigners may have letters of: issued, of a public case."""
    return Appeal.objects.issued().filter(case__in=Case.objects.filter(public_case_condition()))


def public_letter(letter_id) -> Letter:
    """Return the letter, or raise Http404: unknown, or its case is no longer public."""
    return get_object_or_404(
        Letter.objects.select_related("appeal").filter(appeal__in=public_appeals()), pk=letter_id
    )

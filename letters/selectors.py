"""Reads of letters for campaigners: only those of issued appeals on public cases."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from appeals_site.languages import Language
from cases.models import (
    Action,
    Appeal,
    AppealAuthority,
    AppealText,
    AppealViolation,
    Case,
    Charge,
    charge_text,
    public_case_condition,
)
from letters.context import LETTER_CHARGE_STATUSES
from letters.models import Letter

# Letters are written in the interface languages only.
LETTER_LANGUAGES = tuple(Language.values)
# Each language by its name in the language of the reader (staff): "French", "Russian".
LANGUAGE_NAMES = {
    "en": _lazy("English"),
    "fr": _lazy("French"),
    "es": _lazy("Spanish"),
    "ru": _lazy("Russian"),
}


@dataclass(frozen=True)
class LetterOffer:
    """A language an appeal's letters are offered in (`name`: in its own tongue);
    `partly_english`: some of what the
    letter shows has no version in it, and staff chose to offer it anyway, with a note."""

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


def _language_name(language: str) -> str:
    return str(LANGUAGE_NAMES[language])


def _appeal_gaps(appeal: Appeal, languages: Sequence[str]) -> dict[str, list[str]]:
    """Return, for each of `languages`, what a letter of `appeal` would show in English for
    want of a version in that language (empty: the letter is whole). Constant queries."""
    texts = {t.language: t for t in AppealText.objects.filter(appeal=appeal)}
    original = next((t.language for t in texts.values() if t.is_original), None)
    actions: dict[int, dict[str, Action]] = {}
    for action in Action.objects.filter(appeal=appeal).select_related("clause"):
        actions.setdefault(action.position, {})[action.language] = action
    authorities = [
        link.authority
        for link in AppealAuthority.objects.filter(appeal=appeal)
        .select_related("authority")
        .order_by("position", "id")
    ]
    charges = list(
        Charge.objects.filter(case_id=appeal.case_id, status__in=LETTER_CHARGE_STATUSES)
        .prefetch_related("replaces")
        .order_by("date_brought", "created_at")
    )
    # The replaced charges the letter names ("in place of …").
    charges += [old for charge in list(charges) for old in charge.replaces.all()]
    labels = [
        link.violationlabel
        for link in AppealViolation.objects.filter(appeal=appeal)
        .select_related("violationlabel")
        .order_by("position", "id")
    ]
    gaps: dict[str, list[str]] = {}
    for language in languages:
        name = _language_name(language)
        missing = []
        if language not in texts:
            missing.append(_("The appeal has no text in %(language)s.") % {"language": name})
        for authority in authorities:
            for field, value, version in (
                (_("post"), authority.post, authority.post_in(language)),
                (_("salutation"), authority.salutation, authority.salutation_in(language)),
            ):
                if value and not version:
                    missing.append(
                        _("The %(field)s of %(authority)s has no %(language)s text.")
                        % {"field": field, "authority": authority, "language": name}
                    )
        for charge in dict.fromkeys(charges):
            for field, value, version in (
                (_("offence"), charge.offence, charge.offence_in(language)),
                (_("legal instrument"), charge.instrument, charge.instrument_in(language)),
                (
                    _("maximum penalty"),
                    charge.maximum_penalty,
                    charge.maximum_penalty_in(language),
                ),
            ):
                if value and not version:
                    missing.append(
                        _("The %(field)s of the charge %(charge)s has no %(language)s text.")
                        % {"field": field, "charge": charge_text(charge), "language": name}
                    )
        for label in labels:
            if not label.name_in(language):
                missing.append(
                    _("The violation label %(label)s has no %(language)s text.")
                    % {"label": label.name, "language": name}
                )
        for number, position in enumerate(sorted(actions), start=1):
            versions = actions[position]
            if language in versions:
                continue
            fallback = versions.get(original) if original else None
            if fallback is None:
                continue  # Only in a third language: no letter shows it.
            if fallback.clause is None or not fallback.clause.text_in(language):
                missing.append(
                    _("Action %(number)s has no %(language)s text.")
                    % {"number": number, "language": name}
                )
        gaps[language] = missing
    return gaps


def appeal_letter_gaps(*, appeal: Appeal) -> dict[str, list[str]]:
    """Return, for each letter language, what of the appeal's letter has no version in it
    ("Action 2 has no French text."), in the order the letter shows it; an empty list: the
    letter would be wholly in that language."""
    return _appeal_gaps(appeal, LETTER_LANGUAGES)


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
    gaps = _appeal_gaps(appeal, languages)
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

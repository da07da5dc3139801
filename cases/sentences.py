"""Sentences in words, in the active language, from their structured parts (SentencePart):
"imprisonment, 5 years, suspended for 2 years; fine, 50000 KGS; ban on leaving the country,
5 years"; a term served under a regime says it ("imprisonment, 6 years, medium-security penal
colony"). Letters, the public page and the admin read these, never the source's free text.

Works on the parts' plain attributes (kind, years, months, days, suspension …) and their
`get_kind_display()`; it imports no model."""

from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def term_text(years: int | None, months: int | None, days: int | None = None) -> str:
    """Return "2 years 6 months", "15 days" … ("" for no term)."""
    parts = []
    if years:
        parts.append(ngettext("%(count)d year", "%(count)d years", years) % {"count": years})
    if months:
        parts.append(ngettext("%(count)d month", "%(count)d months", months) % {"count": months})
    if days:
        parts.append(ngettext("%(count)d day", "%(count)d days", days) % {"count": days})
    return " ".join(parts)


def sentence_part_text(part, *, charge_label: str = "") -> str:
    """Return one part of a sentence in words; `charge_label` names the charge it is for."""
    words = [str(part.get_kind_display())]
    if part.detail:
        words[0] += f" ({part.detail})"
    term = term_text(part.years, part.months, part.days)
    if term:
        words.append(term)
    if part.amount is not None:
        words.append(f"{part.amount} {part.currency}".strip())
    if part.regime:
        words.append(part.regime)
    suspended_for = term_text(part.suspension_years, part.suspension_months)
    if part.suspension == "suspended":
        words.append(
            _("suspended for %(term)s") % {"term": suspended_for}
            if suspended_for
            else _("suspended")
        )
    elif part.suspension == "probation":
        words.append(
            _("on probation for %(term)s") % {"term": suspended_for}
            if suspended_for
            else _("on probation")
        )
    if charge_label:
        words.append(_("for the charge %(charge)s") % {"charge": charge_label})
    return ", ".join(words)


def ruling_charges_text(charge_ids: Iterable, *, charge_labels: dict) -> str:
    """Return the charges a ruling rules on, "; " between them ("" for none named: the
    decision's charges against the defender)."""
    return "; ".join(charge_labels[pk] for pk in charge_ids if pk in charge_labels)


def sentence_text(parts: Iterable, *, charge_labels: dict | None = None) -> str:
    """Return a sentence's parts in words, "; " between them ("" for none)."""
    charge_labels = charge_labels or {}
    return "; ".join(
        sentence_part_text(part, charge_label=charge_labels.get(part.charge_id, ""))
        for part in parts
    )

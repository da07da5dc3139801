"""A proceeding in a few readable lines for the case page: its charges with the defenders
named, and each decision's rulings with their sentences (cases.sentences)."""

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from cases.models import Charge, Proceeding, charge_text
from cases.sentences import ruling_charges_text, sentence_text


def proceeding_summary_html(proceeding: Proceeding):
    """Return the proceeding's charges and decisions as a compact HTML list."""
    charges = list(proceeding.charges.prefetch_related("defenders", "replaced_by"))
    labels = {c.pk: charge_text(c) for c in charges}
    lines = []
    for charge in charges:
        names = ", ".join(d.full_name for d in charge.defenders.all())
        status = charge.get_status_display()
        if charge.status == Charge.Status.REPLACED:
            status = _("replaced by %(charges)s") % {
                "charges": "; ".join(labels.get(r.pk, str(r)) for r in charge.replaced_by.all())
            }
        lines.append((_("Charge"), f"{names}: {labels[charge.pk]} — {status}"))
    decisions = proceeding.decisions.prefetch_related(
        "rulings__defender", "rulings__sentence_parts", "rulings__charges"
    )
    for decision in decisions:
        for ruling in decision.rulings.all():
            parts = list(ruling.sentence_parts.all())
            imposed = sentence_text([p for p in parts if not p.requested], charge_labels=labels)
            requested = sentence_text([p for p in parts if p.requested], charge_labels=labels)
            text = f"{ruling.defender.full_name}: {ruling.get_outcome_display() or '-'}"
            ruled_on = ruling_charges_text(
                [c.pk for c in ruling.charges.all()], charge_labels=labels
            )
            if ruled_on:
                text += f" ({ruled_on})"
            if imposed:
                text += f" — {imposed}"
            if requested:
                text += " " + _("(requested: %(sentence)s)") % {"sentence": requested}
            lines.append((str(decision), text))
        if decision.appeal_lodged:
            by = f" ({decision.appeal_lodged_by})" if decision.appeal_lodged_by else ""
            lines.append((str(decision), _("Appeal lodged") + by))
    if not lines:
        return _("No charge or decision yet.")
    return format_html(
        "<ul class='proceeding-summary'>{}</ul>",
        format_html_join("", "<li><strong>{}</strong>: {}</li>", lines),
    )

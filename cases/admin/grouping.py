"""The case screen's sections grouped by defender and counted (issue 16).

Each section of the case screen heads its records with their number ("Charges (3)"), and the
per-defender records (detention periods, charges, rulings) come defender by defender, a heading
above each defender's first record. The forms stay one formset per section, as the admin and
nested_admin save them: only their order and two labels change, so adding, deleting and the
errors of a refused save work as before.

The templates are nested_admin's own (4.1), with the count in the section's heading and the
defender's heading in the first record of each group: templates/admin/cases/case/inline_*.html.
"""

from django.contrib.postgres.aggregates import StringAgg
from django.utils.functional import cached_property
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from nested_admin.formsets import NestedInlineFormSet

STACKED_TEMPLATE = "admin/cases/case/inline_stacked.html"
TABULAR_TEMPLATE = "admin/cases/case/inline_tabular.html"


def defenders_heading(record) -> str:
    """Return whom `record` concerns, as its group's heading: its defender (a detention period,
    a ruling), or its defenders in name order (a charge, joint or not)."""
    if hasattr(record, "defender_id"):
        return record.defender.full_name if record.defender_id else _("No defender named")
    names = sorted(defender.full_name for defender in record.defenders.all())
    return get_text_list(names, _("and")) if names else _("No defender named")


def by_defenders(queryset, *then: str):
    """Return a queryset of charges ordered by their defenders' names (all of them, so that a
    joint charge comes after its first defender's own, never among them), then by `then`."""
    return queryset.annotate(
        defenders_order=StringAgg(
            "defenders__full_name", delimiter="\n", order_by="defenders__full_name"
        )
    ).order_by("defenders_order", *then)


class DefenderGroupedFormSet(NestedInlineFormSet):
    """An inline formset whose stored records come ordered by defender (the inline's queryset
    does it); the first form of each defender's group gets `defender_heading`, the others an
    empty one, and the template puts it above the record."""

    @cached_property
    def forms(self):
        forms = super().forms
        previous = None
        for form in forms[: self.initial_form_count()]:
            heading = defenders_heading(form.instance)
            form.defender_heading = heading if heading != previous else ""
            previous = heading
        return forms

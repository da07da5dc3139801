"""Building blocks shared by the apps' admins: the confidential fieldset, the disclosure
checkboxes, a country filter that lists only the countries in use, and the detention figure.

Not an installed app's admin module: the apps' `admin.py` files import from here.
"""

import datetime as dt
import zoneinfo
from typing import Any, Protocol

from django import forms
from django.contrib import admin
from django.core import checks
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries import countries
from simple_history.admin import SimpleHistoryAdmin

from appeals_site.confidential import confidential_fields

CONFIDENTIAL_TITLE = _("Confidential — staff only")
CONFIDENTIAL_DESCRIPTION = _(
    "Never shown to partners, campaigners or in letters, unless ticked under "
    "“confidential facts disclosed” below."
)


class HistoryAdmin(SimpleHistoryAdmin):
    """django-simple-history's admin (who, when, what changed), with its history read-only.

    Reverting to a past version saves that version's every field past the services and their
    checks: an issued appeal would lose its reference, a case its publication rule, a
    hearing its move. simple-history hides the "Revert" button but still accepts the POST,
    even from a user who may only view, so the POST is refused here, for everyone
    (SIMPLE_HISTORY_REVERT_DISABLED and SIMPLE_HISTORY_EDIT would only hide buttons).

    History rows are never edited or deleted through the admin: no historical model has an
    admin of its own (check_history_has_no_admin). The one deletion of history is an
    administrator's erasure of a defender (defenders.services.defender_erase).
    """

    def revert_disabled(self, request, obj=None) -> bool:
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


@checks.register(checks.Tags.admin)
def check_history_has_no_admin(app_configs=None, **kwargs) -> list[checks.Error]:
    """Historical models (django-simple-history's rows) must have no admin of their own:
    its change and delete pages would let staff rewrite who did what."""
    from simple_history.models import HistoricalChanges

    return [
        checks.Error(
            f"{model._meta.label} is registered in the admin: history must stay read-only.",
            id="appeals_site.E010",
        )
        for model in admin.site._registry
        if issubclass(model, HistoricalChanges)
    ]


def confidential_fieldset(model: type[models.Model]) -> tuple:
    """Return the admin fieldset of the model's confidential fields (in the model's field
    order, as declared in appeals_site.confidential) and its disclosure checkboxes."""
    secret = confidential_fields(model)
    names = [f.name for f in model._meta.get_fields() if f.name in secret]
    return (
        CONFIDENTIAL_TITLE,
        {
            "fields": [*names, "disclosed_fields"],
            "classes": ["confidential"],
            "description": CONFIDENTIAL_DESCRIPTION,
        },
    )


class DisclosureFieldMixin:
    """Render `disclosed_fields` (a JSON list) as one checkbox per confidential field of the
    model, so that staff can only tick facts that exist and are confidential."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "disclosed_fields":
            model = db_field.model
            secret = confidential_fields(model)
            choices = [
                (f.name, capfirst(f.verbose_name))
                for f in model._meta.get_fields()
                if f.name in secret
            ]
            return forms.MultipleChoiceField(
                label=capfirst(db_field.verbose_name),
                choices=choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text=db_field.help_text,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]


class CellLabelsMixin:
    """For a tabular inline: name each cell's control by its column. Django's table heads the
    columns but gives the controls in its cells no <label>, so a screen reader hears "edit
    text" and axe-core finds controls without a name (critical)."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)  # type: ignore[misc]

        class Labelled(formset):  # type: ignore[misc, valid-type]
            def add_fields(self, form, index):
                super().add_fields(form, index)
                for name, field in form.fields.items():
                    label = _("Delete") if name == "DELETE" else (field.label or name)
                    field.widget.attrs.setdefault("aria-label", str(capfirst(label)))

        Labelled.__name__ = formset.__name__
        return Labelled


def country_filter(field_name: str = "country", title=None):
    """Return a list filter on a country field that offers only the countries in use (one
    query), rather than all 250 of ISO 3166.

    In use among the rows the person may see: the choices come from the admin's own
    get_queryset (restricted cases only for their assigned staff), never from all rows, or
    the list of countries would tell an unassigned member of staff where restricted cases
    are."""

    class CountryInUseFilter(admin.SimpleListFilter):
        parameter_name = field_name

        def lookups(self, request, model_admin):
            codes = (
                model_admin.get_queryset(request)
                .exclude(**{field_name: ""})
                .order_by()
                .values_list(field_name, flat=True)
                .distinct()
            )
            return sorted(((code, countries.name(code)) for code in codes), key=lambda c: c[1])

        def queryset(self, request, queryset):
            if self.value():
                return queryset.filter(**{field_name: self.value()})
            return queryset

    CountryInUseFilter.title = title or _("country")
    return CountryInUseFilter


class _HeldSince(Protocol):
    """What the detention figure shows (cases.detention.Detention has it)."""

    since: dt.date
    days: int
    at_least: bool

    @property
    def since_value(self) -> Any: ...


def detention_display(detention: _HeldSince | None) -> str:
    """Return "since 17 May 2025 (191 days)", "since March 2019 (at least 170 days)", or an
    empty string for someone not held."""
    if detention is None:
        return ""
    values = {"date": detention.since_value.text(), "days": detention.days}
    if detention.at_least:
        return (
            ngettext(
                "since %(date)s (at least %(days)d day)",
                "since %(date)s (at least %(days)d days)",
                detention.days,
            )
            % values
        )
    return (
        ngettext("since %(date)s (%(days)d day)", "since %(date)s (%(days)d days)", detention.days)
        % values
    )


def local_datetime_display(instant, time_zone: str) -> str:
    """Return an instant as the wall-clock time of `time_zone`, naming the zone."""
    if instant is None:
        return ""
    local = instant.astimezone(zoneinfo.ZoneInfo(time_zone))
    return f"{date_format(local, 'DATETIME_FORMAT')} ({time_zone})"

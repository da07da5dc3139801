"""The shared directory of authorities (with their faxes, phones and e-mails) and embassies."""

from urllib.parse import urlencode

from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.db import models
from django.db.models import Case as SqlCase
from django.db.models import IntegerField, Value, When
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from appeals_site.admin import HistoryAdmin, country_filter
from appeals_site.admin_saving import ServiceSaveAdminMixin, formset_edits
from authorities.contacts import number_grouped
from authorities.models import Authority, AuthorityContact, Embassy
from authorities.services import authority_save, embassy_save


def authority_label(authority: Authority) -> str:
    """Return an authority as staff pick it: who, and the country they act for."""
    return f"{authority} ({authority.country.name})"


class AuthorityAutocompleteSelect(AutocompleteSelect):
    """The authority search of a case or an appeal: it asks for the case's country first
    (`rank_country`, forwarded by select2 with its own parameters; without JavaScript the
    field is a plain list, unranked)."""

    rank_country = ""

    def get_url(self) -> str:
        url = super().get_url()
        return (
            f"{url}?{urlencode({'rank_country': self.rank_country})}" if self.rank_country else url
        )


def authority_field_ranked(formset, *, country: str) -> None:
    """Make the `authority` field of the formset's forms name each authority's country and
    ask for `country`'s first."""
    field = formset.form.base_fields["authority"]
    field.label_from_instance = authority_label
    widget = getattr(field.widget, "widget", field.widget)  # inside the related-links wrapper
    if isinstance(widget, AuthorityAutocompleteSelect):
        widget.rank_country = str(country or "")


class AuthorityPickInlineMixin:
    """For the inlines that address authorities (a case's targets, an appeal's addressees):
    the authority search names countries and ranks the case's country first."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "authority":
            kwargs["widget"] = AuthorityAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        authority_field_ranked(formset, country=self.rank_country_of(obj))
        return formset

    def rank_country_of(self, obj) -> str:
        return getattr(obj, "country", "") if obj is not None else ""


class AuthorityContactInline(admin.TabularInline):
    model = AuthorityContact
    extra = 0
    # Staff type the number as printed; AuthorityContact.clean works out what can be dialled.
    fields = ["kind", "as_printed", "dialled", "position"]
    readonly_fields = ["dialled"]
    ordering = ["position", "kind"]

    @admin.display(description=_("number or address"))
    def dialled(self, contact: AuthorityContact) -> str:
        return number_grouped(contact.value)


def warnings_tell(request, warnings) -> None:
    """Show each warning about what was saved (numbers kept as printed only) as a message."""
    for warning in warnings:
        messages.warning(request, warning)


class InOfficeFilter(admin.SimpleListFilter):
    title = _("in office")
    parameter_name = "in_office"

    def lookups(self, request, model_admin):
        return [("yes", _("In office")), ("no", _("Left office"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(office_end__isnull=True)
        if self.value() == "no":
            return queryset.filter(office_end__isnull=False)
        return queryset


@admin.register(Authority)
class AuthorityAdmin(ServiceSaveAdminMixin, HistoryAdmin):
    list_display = ["post", "person_name", "country", "seat", "language", "office_end"]
    list_display_links = ["post", "person_name"]
    list_filter = [country_filter(), InOfficeFilter, "language"]
    # Also what the authority autocomplete of cases and appeals searches.
    search_fields = ["person_name", "post", "office", "seat"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("person_name", "post"),
                    "office",
                    ("country", "seat", "seat_country"),
                    ("salutation", "language"),
                    "postal_address",
                ]
            },
        ),
        (_("Period of office"), {"fields": [("office_start", "office_end")]}),
    ]
    inlines = [AuthorityContactInline]

    def autocomplete_label(self, authority: Authority) -> str:
        return authority_label(authority)

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # The case's country first, when the search is made from a case (an unknown code,
        # a hint only, leaves the search unranked).
        country = (request.GET.get("rank_country") or "").upper()
        if country and country in dict(countries):
            rank = SqlCase(When(country=country, then=Value(0)), default=Value(1),
                        output_field=IntegerField())  # fmt: skip
            queryset = queryset.order_by(rank, *Authority._meta.ordering, "pk")
        return queryset, may_have_duplicates

    def save_through_service(self, request, form, formsets, change):
        # authority_save marks the cases naming the authority changed: partners resync them.
        for formset in formsets:
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        contacts = next(f for f in formsets if f.model is AuthorityContact)
        authority = authority_save(
            authority=form.instance, acting_user=request.user, contacts=formset_edits(contacts)
        )
        warnings_tell(request, [c.warning for c in authority.contacts.all() if c.warning])


@admin.register(Embassy)
class EmbassyAdmin(ServiceSaveAdminMixin, HistoryAdmin):
    list_display = ["name", "country", "host_country", "city", "email"]
    list_filter = [
        country_filter("country", _("country represented")),
        country_filter("host_country", _("host country")),
    ]
    search_fields = ["name", "city", "address"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["name", ("country", "host_country")]}),
        (
            _("Contact"),
            {
                "fields": [
                    "city",
                    "address",
                    ("phone_as_printed", "phone_dialled"),
                    ("fax_as_printed", "fax_dialled"),
                    "email",
                    "website",
                ]
            },
        ),
    ]
    # Staff type numbers as printed; Embassy.clean works out what can be dialled.
    readonly_fields = ["phone_dialled", "fax_dialled"]

    @admin.display(description=_("phone"))
    def phone_dialled(self, embassy: Embassy) -> str:
        return number_grouped(embassy.phone)

    @admin.display(description=_("fax"))
    def fax_dialled(self, embassy: Embassy) -> str:
        return number_grouped(embassy.fax)

    def save_through_service(self, request, form, formsets, change):
        embassy = embassy_save(embassy=form.instance, acting_user=request.user)
        warnings_tell(request, embassy.warnings.values())

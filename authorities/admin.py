"""The shared directory of authorities (with their faxes, phones and e-mails) and embassies."""

from django.contrib import admin, messages
from django.db import models
from django.utils.translation import gettext_lazy as _

from appeals_site.admin import HistoryAdmin, country_filter
from appeals_site.admin_saving import ServiceSaveAdminMixin, formset_edits
from authorities.contacts import number_grouped
from authorities.models import Authority, AuthorityContact, Embassy
from authorities.services import authority_save, embassy_save


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
                    ("country", "seat"),
                    ("salutation", "language"),
                    "postal_address",
                ]
            },
        ),
        (_("Period of office"), {"fields": [("office_start", "office_end")]}),
    ]
    inlines = [AuthorityContactInline]

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

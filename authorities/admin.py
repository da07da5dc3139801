"""The shared directory of authorities (with their faxes, phones and e-mails) and embassies."""

import contextlib

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from appeals_site.admin import HistoryAdmin, country_filter
from appeals_site.admin_saving import ServiceSaveAdminMixin, formset_edits
from authorities.contacts import contact_value_normalise
from authorities.models import Authority, AuthorityContact, Embassy
from authorities.services import authority_save, embassy_save


class AuthorityContactForm(forms.ModelForm):
    class Meta:
        model = AuthorityContact
        fields = ["kind", "value", "position"]

    def clean(self):
        cleaned_data = super().clean() or {}
        # Normalise here as well as in the model's clean(), so that the formset's duplicate
        # check compares "+996 312 00 11 22" and "+996312001122" as the same number.
        if cleaned_data.get("kind") and cleaned_data.get("value"):
            # An invalid value is left as typed: AuthorityContact.clean reports it.
            with contextlib.suppress(ValidationError):
                cleaned_data["value"] = contact_value_normalise(
                    kind=cleaned_data["kind"], value=cleaned_data["value"]
                )
        return cleaned_data


class AuthorityContactInline(admin.TabularInline):
    model = AuthorityContact
    form = AuthorityContactForm
    extra = 0
    fields = ["kind", "value", "position"]
    ordering = ["position", "kind"]


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
    search_fields = ["person_name", "post", "seat"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("person_name", "post"),
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
        authority_save(
            authority=form.instance, acting_user=request.user, contacts=formset_edits(contacts)
        )


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
        (_("Contact"), {"fields": ["city", "address", ("phone", "fax"), "email", "website"]}),
    ]

    def save_through_service(self, request, form, formsets, change):
        embassy_save(embassy=form.instance, acting_user=request.user)

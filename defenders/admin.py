"""Defenders: recorded once, linked to their cases; the list shows who is held and since when."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from appeals_site.admin import (
    DisclosureFieldMixin,
    HistoryAdmin,
    confidential_fieldset,
    country_filter,
    detention_display,
)
from cases.selectors import defender_detention, defender_list
from defenders.models import AreaOfWork, Defender
from defenders.services import defender_cases_touch


@admin.register(AreaOfWork)
class AreaOfWorkAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Defender)
class DefenderAdmin(DisclosureFieldMixin, HistoryAdmin):
    list_display = [
        "full_name",
        "local_name",
        "organisation",
        "country",
        "situation",
        "detained_since",
    ]
    list_filter = ["situation", country_filter(), "gender", "areas_of_work"]
    list_per_page = 100
    list_max_show_all = 500
    # Also what the defender autocomplete of cases, charges and hearings searches.
    search_fields = ["full_name", "local_name"]
    filter_horizontal = ["areas_of_work"]
    readonly_fields = ["detained_since", "cases_overview"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("full_name", "local_name"),
                    "gender",
                    ("role", "organisation"),
                    "areas_of_work",
                ]
            },
        ),
        (_("Where"), {"fields": [("country", "city", "region")]}),
        (_("Situation"), {"fields": ["situation", "detained_since", "cases_overview"]}),
        confidential_fieldset(Defender),
    ]

    def get_queryset(self, request):
        # With the detention periods prefetched, "detained since" costs no query per row.
        queryset = defender_list()
        ordering = self.get_ordering(request)
        return queryset.order_by(*ordering) if ordering else queryset

    @admin.display(description=_("detained"))
    def detained_since(self, defender: Defender) -> str:
        if defender.pk is None or defender._state.adding:
            return ""
        return detention_display(defender_detention(defender=defender))

    @admin.display(description=_("cases"))
    def cases_overview(self, defender: Defender) -> str:
        if defender._state.adding:
            return "—"
        rows = [
            (reverse("admin:cases_case_change", args=[case.pk]), case.reference or "—", case.title)
            for case in defender.cases.only("id", "reference", "title")
        ]
        if not rows:
            return "—"
        return format_html(
            "<ul class='defender-cases'>{}</ul>",
            format_html_join("", "<li><a href='{}'>{}</a> {}</li>", rows),
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change:
            # A defender is part of each case document that names them: partners resync those.
            defender_cases_touch(defender=form.instance)

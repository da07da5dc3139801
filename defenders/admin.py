"""Defenders: recorded once, linked to their cases; the list shows who is held and since when.
Administrators may export everything about a defender, or erase their personal data.

A defender who appears only on restricted cases hidden from a member of staff does not exist
for them (cases.selectors.defender_visibility_condition): the list, the search, the filters and
the autocomplete of the case screen leave them out; their change, delete and history pages
answer 404, as for a defender who does not exist; so does an action posted with their id."""

import json

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from appeals_site.admin import (
    DisclosureFieldMixin,
    HistoryAdmin,
    confidential_fieldset,
    country_filter,
    detention_display,
)
from appeals_site.admin_saving import ServiceSaveAdminMixin, formset_edits
from appeals_site.audit.services import Action, audit_records_read
from cases.selectors import (
    cases_visible_to,
    defender_detention,
    defender_history_visible_to,
    defender_list,
)
from defenders.models import Affiliation, AreaOfWork, Defender, OtherName
from defenders.services import (
    ExportEncoder,
    defender_erase,
    defender_export,
    defender_has_confidential_facts,
    defender_save,
)


@admin.register(AreaOfWork)
class AreaOfWorkAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class OtherNameInline(admin.TabularInline):
    model = OtherName
    fields = ["name", "kind"]
    extra = 0
    verbose_name_plural = _("other names (spellings, transliterations, aliases)")


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    # `since`: the start `period` states, as an uncertain date (earliest day, precision, latest
    # day for a range or "about").
    fields = [
        "organisation",
        "role",
        "period",
        "since",
        "since_precision",
        "since_latest",
        "position",
    ]
    extra = 0
    verbose_name_plural = _("organisations and roles (the first is the one letters name)")


@admin.register(Defender)
class DefenderAdmin(ServiceSaveAdminMixin, DisclosureFieldMixin, HistoryAdmin):
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
    search_fields = ["full_name", "local_name", "other_names__name"]
    filter_horizontal = ["areas_of_work"]
    # The primary affiliation: the first of the inline below (defenders.services.defender_save).
    # `phone`: worked out from the number as printed (Defender.clean).
    readonly_fields = ["role", "organisation", "phone", "detained_since", "cases_overview"]
    inlines = [OtherNameInline, AffiliationInline]
    actions = ["export_defender", "erase_defenders"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("full_name", "local_name"),
                    ("gender", "gender_as_printed"),
                    ("role", "organisation"),
                    "areas_of_work",
                    "work",
                    "designation",
                ]
            },
        ),
        (_("Where"), {"fields": [("country", "city", "region")]}),
        (
            _("Situation"),
            {
                "fields": [
                    "situation",
                    ("held_since", "held_since_precision", "held_since_latest"),
                    "held_since_as_printed",
                    ("work_since", "work_since_precision", "work_since_latest"),
                    "work_since_as_printed",
                    "detained_since",
                    "cases_overview",
                ]
            },
        ),
        confidential_fieldset(Defender),
    ]

    def get_queryset(self, request):
        # Only the defenders this member of staff may see, with the detention periods of the
        # cases they may see prefetched: "detained since" costs no query per row, and counts
        # no restricted case hidden from them. The autocomplete of the case screen reads this.
        queryset = defender_list(user=request.user)
        ordering = self.get_ordering(request)
        return queryset.order_by(*ordering) if ordering else queryset

    @admin.display(description=_("detained"))
    def detained_since(self, defender: Defender) -> str:
        if defender.pk is None or defender._state.adding:
            return ""
        return detention_display(defender_detention(defender=defender))

    def get_object(self, request, object_id, from_field=None):
        defender = super().get_object(request, object_id, from_field)
        if defender is not None:
            # The cases this member of staff may see: a restricted case they are not
            # assigned to is not even named (cases.selectors.cases_visible_to).
            defender.visible_cases = list(  # type: ignore[attr-defined]
                defender.cases.filter(pk__in=cases_visible_to(request.user).values("pk")).only(
                    "id", "reference", "title"
                )
            )
        return defender

    @admin.display(description=_("cases"))
    def cases_overview(self, defender: Defender) -> str:
        if defender._state.adding:
            return "—"
        # Without get_object's list (never expected), only cases that are not restricted.
        cases = getattr(defender, "visible_cases", None)
        if cases is None:
            cases = defender.cases.filter(is_restricted=False).only("id", "reference", "title")
        rows = [
            (reverse("admin:cases_case_change", args=[case.pk]), case.reference or "—", case.title)
            for case in cases
        ]
        if not rows:
            return "—"
        return format_html(
            "<ul class='defender-cases'>{}</ul>",
            format_html_join("", "<li><a href='{}'>{}</a> {}</li>", rows),
        )

    def save_through_service(self, request, form, formsets, change):
        # defender_save marks the cases naming the defender changed: partners resync those.
        edits = {
            {OtherName: "other_names", Affiliation: "affiliations"}[f.model]: formset_edits(f)
            for f in formsets
        }
        defender = defender_save(
            defender=form.instance,
            acting_user=request.user,
            areas_of_work=form.cleaned_data.get("areas_of_work"),
            other_names=edits.get("other_names"),
            affiliations=edits.get("affiliations"),
        )
        for warning in defender.warnings.values():
            messages.warning(request, warning)

    # --- A defender hidden from this member of staff: 404, as for one that does not exist ----

    def _get_or_404(self, request, object_id) -> Defender:
        defender = self.get_object(request, unquote(object_id))
        if defender is None:
            raise Http404
        return defender

    def change_view(self, request, object_id, form_url="", extra_context=None):
        defender = self._get_or_404(request, object_id)
        if request.method == "GET" and defender_has_confidential_facts(defender):
            audit_records_read(
                action=Action.READ_CONFIDENTIAL,
                request=request,
                records={Defender: [defender.pk]},
                via="admin:defender-change",
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        self._get_or_404(request, object_id)
        return super().delete_view(request, object_id, extra_context)

    def _history_visible(self, request, object_id) -> bool:
        # History pages read the history tables, not get_queryset, and show a deleted
        # defender's last version: the selector decides for those too.
        try:
            return defender_history_visible_to(user=request.user, defender_id=unquote(object_id))
        except (ValueError, ValidationError):
            return False  # not even an id

    def history_view(self, request, object_id, extra_context=None):
        if not self._history_visible(request, object_id):
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not self._history_visible(request, object_id):
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        # An action (delete, export, erase) posted with the id of a defender hidden from this
        # member of staff, or of none: 404, rather than acting on the others in silence.
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if request.method == "POST" and selected:
            try:
                found = self.get_queryset(request).filter(pk__in=selected).count()
            except (ValueError, ValidationError):
                found = -1
            if found != len(set(selected)):
                raise Http404
        return super().changelist_view(request, extra_context)

    # --- Export and erasure: administrators only (defenders.services) -----------------------

    def has_erase_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    @admin.action(
        description=_("Export everything about the defender (JSON)"), permissions=["erase"]
    )
    def export_defender(self, request, queryset):
        defenders = list(queryset[:2])
        if len(defenders) != 1:
            self.message_user(
                request, _("Select one defender to export at a time."), messages.ERROR
            )
            return None
        defender = defenders[0]
        document = defender_export(defender=defender, acting_user=request.user, request=request)
        response = HttpResponse(
            json.dumps(document, cls=ExportEncoder, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = (
            # The id only: a name in a downloads folder would be one more copy of it.
            f'attachment; filename="defender-{defender.pk}.json"'
        )
        return response

    @admin.action(description=_("Erase the defenders' personal data…"), permissions=["erase"])
    def erase_defenders(self, request, queryset):
        """Ask for confirmation, then erase each selected defender (defenders.services
        .defender_erase): their cases stay."""
        defenders = list(queryset.order_by("full_name"))
        if request.POST.get("confirmed") == "yes":
            for defender in defenders:
                defender_erase(defender=defender, acting_user=request.user, request=request)
            self.message_user(
                request,
                ngettext(
                    "The personal data of %(count)d defender was erased.",
                    "The personal data of %(count)d defenders was erased.",
                    len(defenders),
                )
                % {"count": len(defenders)},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Erase the personal data of these defenders?"),
            "opts": self.model._meta,
            "defenders": defenders,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "action_name": "erase_defenders",
        }
        return TemplateResponse(
            request, "admin/defenders/defender/erase_confirmation.html", context
        )

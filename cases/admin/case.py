"""The case in one screen: its own fields, then inline its charges, detention periods (with
their extensions), hearings, events, target authorities and external references.

The admin stays thin: the page's form and inline formsets are saved in one call of
cases.services.case_save, which does the follow-up work (appeals_site.admin_saving); the list
reads cases.selectors.case_list().
"""

import re

import nested_admin
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import F, Q
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from appeals_site.admin import (
    CellLabelsMixin,
    DisclosureFieldMixin,
    HistoryAdmin,
    confidential_fieldset,
    country_filter,
    detention_display,
    local_datetime_display,
)
from appeals_site.admin_saving import ServiceSaveAdminMixin, defenders_of, formset_edits
from appeals_site.audience import STAFF
from appeals_site.audit.services import Action, audit_record, audit_records_read
from appeals_site.confidential import confidential_fields
from authorities.admin import AuthorityPickInlineMixin
from cases.admin.grouping import (
    STACKED_TEMPLATE,
    TABULAR_TEMPLATE,
    DefenderGroupedFormSet,
    by_defenders,
)
from cases.admin.history import case_record_history
from cases.admin.proceedings import proceeding_summary_html
from cases.admin.records import (
    DETENTION_PERIOD_FIELDSETS,
    EXTENSION_FIELDS,
    HEARING_FIELDSETS,
    HearingDisplayMixin,
    RunsWithChoicesMixin,
    hearing_queryset,
)
from cases.admin.screen_tools import case_screen_tools
from cases.admin.visibility import CaseVisibilityMixin, DefenderChoicesMixin
from cases.forms import CaseAdminForm, HearingForm, time_zone_names
from cases.models import (
    Case,
    CaseAuthority,
    Charge,
    Decision,
    DetentionExtension,
    DetentionPeriod,
    Event,
    ExternalReference,
    Hearing,
    Proceeding,
    Ruling,
    SentencePart,
    UnnamedGroup,
)
from cases.references import reference_key
from cases.selectors import (
    case_defender_summaries,
    case_list,
    case_longest_detention,
    case_reference_condition,
)
from cases.services import CASE_LINKS, appeal_create, case_delete, case_save
from defenders.models import Defender

_FOLLOWUP = re.compile(r"\.\d+$")
# The models whose formsets are nested in another inline's forms.
_NESTED = (DetentionExtension, Charge, Decision, Ruling, SentencePart)

# The inline records of the case page, by the name case_save knows them by.
CASE_RECORD_KINDS = {
    Proceeding: "proceedings",
    DetentionPeriod: "detention_periods",
    Hearing: "hearings",
    UnnamedGroup: "unnamed_groups",
    Event: "events",
    CaseAuthority: "target_authorities",
    ExternalReference: "external_references",
}


def case_page_audit(*, request, case: Case) -> None:
    """Record the reading of a case's page: a restricted case, and the confidential facts on
    it (the case's own, its events' sources), one audit entry each."""
    if case.is_restricted:
        audit_record(
            action=Action.READ_RESTRICTED_CASE,
            request=request,
            target=case,
            detail={"via": "admin:case-change"},
        )
    secret_case = [case.pk] if any(getattr(case, n) for n in confidential_fields(Case)) else []
    event_fields = confidential_fields(Event)
    secret_events = [
        event.pk for event in case.events.all() if any(getattr(event, n) for n in event_fields)
    ]
    audit_records_read(
        action=Action.READ_CONFIDENTIAL,
        request=request,
        records={Case: secret_case, Event: secret_events},
        via="admin:case-change",
    )


# --- Inlines, in the order the page shows them ----------------------------------------------
# Each record is a compact block: related fields side by side on one line (they wrap on a
# narrow window), free text in two lines (the box grows as staff type), nothing wider than
# the page (static/staff/admin.css). The summary above them reads better; they are for writing.

COMPACT_TEXT = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})}}


def _charges_choices(obj):
    """Return the charges a record nested under `obj` (the case, or a proceeding, decision or
    ruling of it, as nested_admin passes them) may name: the stored charges of its proceeding
    (of the case, when only the case is known). The services check it again."""
    if obj is None or obj._state.adding:
        return Charge.objects.none()
    # Each choice names its defenders (Charge.__str__): one query for them all.
    charges = Charge.objects.prefetch_related("defenders")
    if isinstance(obj, Case):
        return charges.filter(case=obj)
    if isinstance(obj, Proceeding):
        return charges.filter(proceeding=obj)
    if isinstance(obj, Decision):
        return charges.filter(proceeding_id=obj.proceeding_id)
    if isinstance(obj, Ruling):
        return charges.filter(proceeding__decisions=obj.decision_id)
    return Charge.objects.none()


def _holds_errors(formset) -> bool:
    """Whether a bound formset, or one nested in its forms (nested_admin), holds an error."""
    if not formset.is_bound:
        return False
    if any(formset.errors) or formset.non_form_errors():
        return True
    return any(
        _holds_errors(nested)
        for form in formset.forms
        for nested in getattr(form, "nested_formsets", [])
    )


class ChargeInline(DefenderChoicesMixin, nested_admin.NestedStackedInline):
    template = STACKED_TEMPLATE
    formset = DefenderGroupedFormSet  # under a heading per defender (or joint defenders)
    model = Charge
    fk_name = "proceeding"
    extra = 0
    autocomplete_fields = ["defenders"]
    fields = [
        "defenders",
        ("instrument_kind", "instrument", "article"),
        ("offence", "maximum_penalty"),
        ("date_brought", "date_brought_as_printed"),
        ("status", "ended_on", "ended_on_as_printed"),
        ("dropped_by", "grounds_as_printed"),
        "replaced_by",
    ]

    def get_queryset(self, request):
        # Each block is headed by its charge, which names its defenders (Charge.__str__), and
        # the charges come defender by defender.
        charges = super().get_queryset(request).prefetch_related("defenders")
        return by_defenders(charges, "date_brought", "created_at")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # A charge is replaced by other charges of its proceeding (the service checks that
        # they are of the same one; the case's stored charges are the choices).
        replaced_by = formset.form.base_fields.get("replaced_by")
        if replaced_by is not None:
            replaced_by.queryset = _charges_choices(obj)
            replaced_by.help_text = _("Charges of the same proceeding, saved already.")
        return formset


class SentencePartInline(nested_admin.NestedStackedInline):
    template = STACKED_TEMPLATE
    # Stacked, four short lines: as a table its twelve columns were twice the page's width.
    model = SentencePart
    extra = 0
    ordering = ["requested", "position"]
    fields = [
        ("kind", "requested", "charge"),
        ("years", "months", "days"),
        ("term_as_printed", "regime"),
        ("suspension", "suspension_years", "suspension_months"),
        ("suspension_as_printed", "suspension_term_as_printed"),
        ("amount", "currency", "detail"),
        "as_printed",
    ]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        charge = formset.form.base_fields.get("charge")
        if charge is not None:
            charge.queryset = _charges_choices(obj)
        return formset


class RulingInline(DefenderChoicesMixin, nested_admin.NestedStackedInline):
    template = STACKED_TEMPLATE
    formset = DefenderGroupedFormSet  # under a heading per defender
    model = Ruling
    extra = 0
    ordering = ["defender__full_name", "id"]
    autocomplete_fields = ["defender"]
    fields = [
        ("defender", "outcome", "outcome_as_printed"),
        "charges",
        "as_printed",
        "unchanged_as_printed",
    ]
    formfield_overrides = COMPACT_TEXT
    inlines = [SentencePartInline]

    def get_queryset(self, request):
        # The defender heads each group (grouping.defenders_heading): one join.
        return super().get_queryset(request).select_related("defender")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        charges = formset.form.base_fields.get("charges")
        if charges is not None:
            charges.queryset = _charges_choices(obj)
            charges.help_text = _(
                "The defender's charges it rules on; none: the decision's charges against them."
            )
        return formset


class DecisionInline(nested_admin.NestedStackedInline):
    template = STACKED_TEMPLATE
    model = Decision
    extra = 0
    ordering = ["date", "created_at"]
    fields = [
        ("level", "date", "date_as_printed"),
        "court",
        "charges",
        ("appeal_lodged", "appeal_lodged_by"),
        "appeal_lodged_as_printed",
        "notes",
    ]
    formfield_overrides = COMPACT_TEXT
    inlines = [RulingInline]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        charges = formset.form.base_fields.get("charges")
        if charges is not None:
            charges.queryset = _charges_choices(obj)
            charges.help_text = _("Charges of the same proceeding, saved already.")
        return formset


class ProceedingInline(nested_admin.NestedStackedInline):
    template = STACKED_TEMPLATE
    classes = ["collapse"]  # folded: the summary above says what it holds
    model = Proceeding
    extra = 0
    ordering = ["created_at"]
    fields = [
        ("kind", "name"),
        "court",
        ("prosecution_appealed", "prosecution_appealed_as_printed"),
        "summary",
    ]
    readonly_fields = ["summary"]
    inlines = [ChargeInline, DecisionInline]

    @admin.display(description=_("in short"))
    def summary(self, proceeding: Proceeding):
        """The proceeding's charges and decisions in a few lines, with the defenders named."""
        if proceeding.pk is None:
            return "-"
        return proceeding_summary_html(proceeding)


class DetentionExtensionInline(nested_admin.NestedStackedInline):
    template = STACKED_TEMPLATE
    model = DetentionExtension
    fields = EXTENSION_FIELDS
    formfield_overrides = COMPACT_TEXT
    extra = 0
    ordering = ["ordered_on"]


class DetentionPeriodInline(
    RunsWithChoicesMixin, DefenderChoicesMixin, nested_admin.NestedStackedInline
):
    template = STACKED_TEMPLATE
    formset = DefenderGroupedFormSet  # under a heading per defender
    classes = ["collapse"]  # folded: the summary above says what it holds
    model = DetentionPeriod
    extra = 0
    ordering = ["defender__full_name", "start_date"]
    autocomplete_fields = ["defender"]
    fieldsets = DETENTION_PERIOD_FIELDSETS
    formfield_overrides = COMPACT_TEXT
    readonly_fields = ["term_ends_on"]
    inlines = [DetentionExtensionInline]

    def case_id_of(self, request):
        return request.resolver_match.kwargs.get("object_id")

    def get_queryset(self, request):
        # Each block is headed by its measure, which names the defender (DetentionPeriod
        # .__str__): one join rather than a query per block.
        return super().get_queryset(request).select_related("defender")


class HearingInline(DefenderChoicesMixin, HearingDisplayMixin, nested_admin.NestedStackedInline):
    template = STACKED_TEMPLATE
    classes = ["collapse"]  # folded: the summary above says what it holds
    model = Hearing
    form = HearingForm
    extra = 0
    ordering = ["starts_at"]
    autocomplete_fields = ["defenders"]
    fieldsets = HEARING_FIELDSETS
    readonly_fields = ["starts_at_utc", "move_history"]

    def get_queryset(self, request):
        return hearing_queryset(super().get_queryset(request))

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        time_zone = formset.form.base_fields.get("time_zone")
        if obj is not None and time_zone is not None:
            # A new hearing is most likely in the case's own time zone.
            time_zone.initial = obj.time_zone
        return formset


class UnnamedGroupInline(nested_admin.NestedStackedInline):
    template = STACKED_TEMPLATE
    classes = ["collapse"]  # folded: the summary above says what it holds
    model = UnnamedGroup
    extra = 0
    fields = [
        ("description", "city"),
        ("count_qualifier", "count", "count_approximate"),
        ("released_on", "released_on_precision", "released_on_latest", "released_on_as_printed"),
        "release_as_printed",
        "position",
    ]
    sortable_field_name = "position"
    ordering = ["position", "id"]


class EventInline(DefenderChoicesMixin, DisclosureFieldMixin, nested_admin.NestedStackedInline):
    template = STACKED_TEMPLATE
    classes = ["collapse"]  # folded: the summary above says what it holds
    model = Event
    extra = 0
    ordering = ["date", "created_at"]
    autocomplete_fields = ["defenders"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("date", "date_precision", "date_latest", "date_as_printed"),
                    "kind",
                    "description",
                    "defenders",
                    "unnamed_groups",
                    ("place", "actor"),
                    "organisation",
                    "charges",
                    ("reported_to_police", "investigation_opened"),
                    "seized_items",
                    "citation",
                ]
            },
        ),
        confidential_fieldset(Event),
    ]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        groups = formset.form.base_fields.get("unnamed_groups")
        if groups is not None:
            # The case's own groups, once saved (one added on this page: save, then link).
            groups.queryset = (
                UnnamedGroup.objects.filter(case=obj) if obj else UnnamedGroup.objects.none()
            )
        charges = formset.form.base_fields.get("charges")
        if charges is not None:
            # The case's own charges, once saved, as for groups.
            charges.queryset = (
                Charge.objects.filter(case=obj)
                .select_related("proceeding")
                .prefetch_related("defenders")
                if obj
                else Charge.objects.none()
            )
        return formset


def event_links_of(form) -> dict:
    """Return the defenders and unnamed people an event's form names, for its RecordEdit."""
    extra = defenders_of(form)
    links = {
        name: list(form.cleaned_data.get(name) or [])
        for name in ("unnamed_groups", "charges")
        if name in form.fields
    }
    if links:
        extra["links"] = links
    return extra


class CaseAuthorityInline(
    CellLabelsMixin, AuthorityPickInlineMixin, nested_admin.NestedTabularInline
):
    template = TABULAR_TEMPLATE
    classes = ["collapse"]  # folded: the summary above says what it holds
    model = CaseAuthority
    extra = 0
    autocomplete_fields = ["authority"]
    fields = ["authority", "position"]
    sortable_field_name = "position"
    ordering = ["position", "id"]


class ExternalReferenceInline(CellLabelsMixin, nested_admin.NestedTabularInline):
    template = TABULAR_TEMPLATE
    classes = ["collapse"]  # folded: the summary above says what it holds
    model = ExternalReference
    extra = 0
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = ["issuer", "reference", "date", "url"]
    ordering = ["date"]


# --- Filters --------------------------------------------------------------------------------


class DefenderSituationFilter(admin.SimpleListFilter):
    title = _("defender's situation")
    parameter_name = "situation"

    def lookups(self, request, model_admin):
        # Not "unknown": a blank value is no filter at all.
        return [(value, label) for value, label in Defender.Situation.choices if value]

    def queryset(self, request, queryset):
        if self.value():
            # A subquery rather than a join, so that a case with two such defenders is
            # listed once.
            return queryset.filter(
                pk__in=Case.objects.filter(defenders__situation=self.value()).values("pk")
            )
        return queryset


# --- The case -------------------------------------------------------------------------------


@admin.register(Case)
class CaseAdmin(
    ServiceSaveAdminMixin,
    CaseVisibilityMixin,
    DisclosureFieldMixin,
    HistoryAdmin,
    nested_admin.NestedModelAdmin,
):
    case_path = ""  # the case itself
    form = CaseAdminForm
    change_form_template = "admin/cases/case/change_form.html"
    object_history_template = "admin/cases/case/object_history.html"

    # No country column: the title starts with it and the reference carries its code (the
    # filter remains), so that the title has room at 1366 px (static/staff/admin.css).
    list_display = [
        "reference_display",
        "title",
        "defender_names",
        "status",
        "next_hearing",
        "days_detained",
    ]
    list_display_links = ["reference_display", "title"]
    list_filter = [country_filter(), "status", "violations", DefenderSituationFilter]
    list_per_page = 100
    list_max_show_all = 500
    search_fields = ["title", "reference", "defenders__full_name", "defenders__local_name"]
    search_help_text = _(
        "Title, a defender's name (also in local script) or a reference, in any archived "
        "spelling (RUS 001 /0118 / OBS 004.03)."
    )

    autocomplete_fields = ["defenders"]
    filter_horizontal = ["violations", "assigned_staff"]
    readonly_fields = ["reference", "case_number", "published_at", "appeals_overview"]
    inlines = [
        ProceedingInline,
        DetentionPeriodInline,
        HearingInline,
        UnnamedGroupInline,
        EventInline,
        CaseAuthorityInline,
        ExternalReferenceInline,
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (
                None,
                {
                    "fields": [
                        "title",
                        ("country", "time_zone"),
                        "status",
                        ("reference", "case_number", "published_at"),
                    ]
                },
            ),
            # Folded (a <details>, no script needed) unless a field in them is in error.
            (
                _("Violations and people"),
                {"fields": ["violations", "defenders", "assigned_staff"], "classes": ["collapse"]},
            ),
            (_("Narrative"), {"fields": ["summary", "background"], "classes": ["collapse"]}),
        ]
        if obj is not None:
            # Those who may change the case name the appeal their changes come from.
            appeals = ["appeals_overview"]
            if self.has_change_permission(request, obj):
                appeals.append("source_appeal")
            fieldsets.append((_("Appeals"), {"fields": appeals}))
        fieldsets.append(confidential_fieldset(Case))
        return fieldsets

    # --- The list ---------------------------------------------------------------------------

    def get_queryset(self, request):
        # The selector shapes the rows (next hearing, defenders with their detention periods,
        # those of cases this user may see), so that the list takes the same number of queries
        # for 10 cases or 500. Restricted cases only for their assigned staff and
        # administrators, in the same query.
        queryset = self.visible(request, case_list(user=request.user))
        ordering = self.get_ordering(request)
        return queryset.order_by(*ordering) if ordering else queryset

    def get_search_results(self, request, queryset, search_term):
        matched, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if not term:
            return matched, may_have_duplicates
        # Archived texts spell one reference several ways (spacing, `.01` for `.1`): compare
        # normal forms, for the case's reference and for each of its appeals' (other issuers'
        # and index numbers too) and external references'.
        key = reference_key(term)
        by_reference = (
            Q(reference_key__startswith=key)
            | Q(reference_key=_FOLLOWUP.sub("", key))
            | case_reference_condition(term, audience=STAFF)
        )
        return queryset.filter(Q(pk__in=matched.values("pk")) | by_reference), False

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "assigned_staff":
            kwargs["queryset"] = db_field.remote_field.model.objects.filter(
                is_staff=True, is_active=True
            ).order_by("username")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("reference"), ordering="reference_key")
    def reference_display(self, case: Case) -> str | None:
        return case.reference

    @admin.display(description=_("defenders"))
    def defender_names(self, case: Case) -> str:
        return ", ".join(d.full_name for d in case.defenders.all())

    @admin.display(
        description=_("next hearing"), ordering=F("next_hearing_at").asc(nulls_last=True)
    )
    def next_hearing(self, case: Case) -> str:
        # In the court's own time zone, named.
        return local_datetime_display(
            case.next_hearing_at,  # type: ignore[attr-defined]
            case.next_hearing_time_zone or case.time_zone,  # type: ignore[attr-defined]
        )

    @admin.display(description=_("days detained"))
    def days_detained(self, case: Case) -> str:
        return detention_display(case_longest_detention(case=case))

    # --- The page ---------------------------------------------------------------------------

    @admin.display(description=_("appeals on this case"))
    def appeals_overview(self, case: Case):
        appeals = case.appeals.select_related("issuer").order_by(
            "-issuer__is_own", F("sequence").asc(nulls_last=True), "issue_date", "created_at"
        )
        rows = [
            (
                reverse("admin:cases_appeal_change", args=[appeal.pk]),
                appeal.reference or (str(appeal) if appeal.is_issued else _("Draft")),
                appeal.intervention_type_name
                + ("" if appeal.issuer.is_own else f" ({appeal.issuer_name})"),
                date_format(appeal.issue_date) if appeal.issue_date else _("not issued"),
            )
            for appeal in appeals
        ]
        if not rows:
            return _("No appeal yet.")
        return format_html(
            "<ul class='case-appeals'>{}</ul>",
            format_html_join("", "<li><a href='{}'>{}</a> — {}, {}</li>", rows),
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        # modelform_factory made this class for this request: setting it here is safe.
        form.acting_user = request.user
        if obj is None or not self.has_change_permission(request, obj):
            # A new case has no appeal yet; a read-only page changes nothing.
            form.base_fields.pop("source_appeal", None)
        return form

    def can_create_appeal(self, request, case: Case) -> bool:
        return request.user.has_perm("cases.add_appeal") and self.has_view_permission(request, case)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["time_zone_names"] = time_zone_names()
        context["can_create_appeal"] = obj is not None and self.can_create_appeal(request, obj)
        # Each defender's measures, charges and decisions, read-only, above the forms that
        # edit them: of the case as stored, since after a refused save `obj` holds what was
        # posted (a time zone that does not exist …).
        context["defender_summaries"] = (
            case_defender_summaries(case=Case.objects.get(pk=obj.pk), user=request.user)
            if obj is not None
            else []
        )
        # The case at a glance, above them: as the case list reads it (the same selector).
        context["case_facts"] = self.case_facts(request, obj) if obj is not None else None
        # Buttons of the apps built on cases (the reminders app's Follow).
        context["case_screen_tools"] = tools = case_screen_tools()
        for tool in tools:
            context.update(tool.context(request, obj))
        return super().render_change_form(
            request, context, add=add, change=change, form_url=form_url, obj=obj
        )

    def get_inline_formsets(self, request, formsets, inline_instances, obj=None, **kwargs):
        inline_admin_formsets = super().get_inline_formsets(
            request, formsets, inline_instances, obj, **kwargs
        )
        # Django unfolds a section whose own forms hold an error; one nested deeper (a charge
        # in a proceeding) must unfold it too, or the folded section hides what to correct.
        for inline_admin_formset in inline_admin_formsets:
            if _holds_errors(inline_admin_formset.formset):
                inline_admin_formset.classes = inline_admin_formset.classes.replace("collapse", "")
        return inline_admin_formsets

    def case_facts(self, request, obj: Case) -> dict:
        """Return what the top of the case screen says of the case: its status, how many
        defenders, the next hearing and the longest detention, as the case list says them."""
        case = case_list(user=request.user).get(pk=obj.pk)
        return {
            "status": case.get_status_display(),
            "defenders": len(case.defenders.all()),
            "next_hearing": self.next_hearing(case) if case.next_hearing_at else "",  # type: ignore[attr-defined]
            "days_detained": self.days_detained(case),
        }

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            case = self.get_object(request, unquote(object_id))
            if case is not None:
                case_page_audit(request=request, case=case)
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        case = self.get_object(request, unquote(object_id))
        extra_context = {**(extra_context or {})}
        if case is not None:
            extra_context["record_history"] = case_record_history(case=case)
        return super().history_view(request, object_id, extra_context=extra_context)

    # --- Saving: through the services -------------------------------------------------------

    def save_through_service(self, request, form, formsets, change):
        """The case, its links and every inline record edited, in one case_save: it
        validates, saves, and does what follows (terms, update time, notices, reminders)."""
        for formset in formsets:
            # What the admin's change message reads; formset_edits fills them in.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        # Nested formsets, by their parent form: a period's extensions, a proceeding's
        # charges and decisions, a decision's rulings, a ruling's sentence parts.
        nested: dict = {}
        for formset in formsets:
            if formset.model in _NESTED:
                nested.setdefault(id(formset.parent_form), {})[formset.model] = formset

        def edits_of(form, model, extra=None):
            formset = nested.get(id(form), {}).get(model)
            return formset_edits(formset, extra=extra) if formset is not None else None

        def period_extra(period_form) -> dict:
            extensions = edits_of(period_form, DetentionExtension)
            return {"extensions": extensions} if extensions is not None else {}

        def with_children(form, kinds: dict, links: tuple = ()) -> dict:
            children = {}
            for kind, (model, extra) in kinds.items():
                edits = edits_of(form, model, extra)
                if edits is not None:
                    children[kind] = edits
            named = {
                name: list(form.cleaned_data.get(name) or [])
                for name in links
                if name in form.fields
            }
            return {"children": children, "links": named}

        def charge_extra(form) -> dict:
            return with_children(form, {}, links=("defenders", "replaced_by"))

        def ruling_extra(form) -> dict:
            return with_children(form, {"sentence_parts": (SentencePart, None)}, links=("charges",))

        def decision_extra(form) -> dict:
            return with_children(form, {"rulings": (Ruling, ruling_extra)}, links=("charges",))

        def proceeding_extra(form) -> dict:
            return with_children(
                form, {"charges": (Charge, charge_extra), "decisions": (Decision, decision_extra)}
            )

        def hearing_extra(hearing_form) -> dict:
            move_reason = hearing_form.cleaned_data.get("move_reason", "")
            return {**defenders_of(hearing_form), "move_reason": move_reason}

        extras = {
            Proceeding: proceeding_extra,
            DetentionPeriod: period_extra,
            Hearing: hearing_extra,
            UnnamedGroup: None,
            Event: event_links_of,
            CaseAuthority: None,
            ExternalReference: None,
        }
        records = {
            CASE_RECORD_KINDS[formset.model]: formset_edits(formset, extra=extras[formset.model])
            for formset in formsets
            if formset.model in CASE_RECORD_KINDS
        }
        links = {name: list(form.cleaned_data[name]) for name in CASE_LINKS if name in form.fields}
        case_save(
            case=form.instance,
            acting_user=request.user,
            links=links,
            records=records,
            source_appeal=form.cleaned_data.get("source_appeal"),
        )

    def delete_model(self, request, obj):
        case_delete(case=obj, acting_user=request.user)

    def delete_queryset(self, request, queryset):
        for case in queryset:
            case_delete(case=case, acting_user=request.user)

    # --- "New appeal" -----------------------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/new-appeal/",
                self.admin_site.admin_view(self.new_appeal_view),
                name=f"{info[0]}_{info[1]}_new_appeal",
            ),
            *[url for tool in case_screen_tools() for url in tool.get_urls(self)],
            *super().get_urls(),
        ]

    def new_appeal_view(self, request, object_id):
        """Create a draft appeal on the case (cases.services.appeal_create) and open it."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        case = self.get_object(request, unquote(object_id))
        if case is None:
            raise Http404
        if not self.can_create_appeal(request, case):
            raise PermissionDenied
        try:
            appeal = appeal_create(case=case, acting_user=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                self.message_user(request, message, messages.ERROR)
            return redirect(reverse("admin:cases_case_change", args=[case.pk]))
        self.message_user(
            request,
            _("A draft %(type)s was created from the case: complete it, then issue it.")
            % {"type": appeal.get_intervention_type_display()},
            messages.SUCCESS,
        )
        return redirect(reverse("admin:cases_appeal_change", args=[appeal.pk]))

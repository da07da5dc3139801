"""Detention periods and hearings, on their own pages (they are also inlines of the case)."""

import datetime as dt
from typing import Any

from django.contrib import admin
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from appeals_site.admin import HistoryAdmin
from appeals_site.admin_saving import ServiceSaveAdminMixin, defenders_of, formset_edits
from appeals_site.edits import RecordEdit, RecordEdits
from cases.admin.visibility import CaseVisibilityMixin
from cases.forms import HearingForm, time_zone_names
from cases.models import DetentionExtension, DetentionPeriod, Hearing, HearingMove
from cases.services import case_save

# --- Shared with the case's inlines ---------------------------------------------------------


def hearing_queryset(queryset):
    """Return hearings with their moves (and who recorded them) for the read-only history."""
    return queryset.prefetch_related(
        Prefetch("moves", queryset=HearingMove.objects.select_related("moved_by"))
    )


def _local_display(date: dt.date, time: dt.time | None, time_zone: str) -> str:
    if time is None:
        return f"{date_format(date)} ({time_zone})"
    return f"{date_format(date)} {time_format(time)} ({time_zone})"


class HearingDisplayMixin:
    """Read-only displays of a hearing: its instant in UTC and its moves."""

    @admin.display(description=_("UTC"))
    def starts_at_utc(self, hearing: Hearing) -> str:
        if hearing.starts_at is None:
            return "—"
        return date_format(hearing.starts_at.astimezone(dt.UTC), "DATETIME_FORMAT") + " UTC"

    @admin.display(description=_("moves"))
    def move_history(self, hearing: Hearing):
        if hearing.pk is None or hearing._state.adding:
            return "—"
        moves = list(hearing.moves.all())
        if not moves:
            return _("Not moved.")
        return format_html(
            "<ul class='hearing-moves'>{}</ul>",
            format_html_join(
                "",
                "<li>{} → {}{}<br><small>{}</small></li>",
                (
                    (
                        _local_display(m.from_date, m.from_time, m.from_time_zone),
                        _local_display(m.to_date, m.to_time, m.to_time_zone),
                        ": " + m.reason if m.reason else "",
                        _("recorded %(when)s by %(who)s")
                        % {
                            "when": date_format(timezone.localtime(m.moved_at), "DATETIME_FORMAT"),
                            "who": m.moved_by or _("nobody known"),
                        },
                    )
                    for m in moves
                ),
            ),
        )


HEARING_FIELDSETS: list[tuple[Any, dict[str, Any]]] = [
    (
        None,
        {
            "fields": [
                ("court", "city"),
                "court_as_printed",
                ("local_date", "local_time", "time_zone"),
                ("local_date_as_printed", "time_as_printed"),
                "starts_at_utc",
                ("purpose", "status"),
                "purpose_as_printed",
                "defenders",
                "outcome",
                ("observers_attending", "summoned"),
            ]
        },
    ),
    (_("Moves"), {"fields": ["move_reason", "move_history"]}),
]

# A measure as one compact block: who and what, when it started (as precise as the source:
# the earliest day, the precision, the latest day for a range), its term, its end, where and
# on what conditions; the source's own wording and the notes folded away below.
DETENTION_PERIOD_FIELDSETS: list[tuple[Any, dict[str, Any]]] = [
    (
        None,
        {
            "fields": [
                ("defender", "kind", "runs_with"),
                ("start_date", "start_date_precision", "start_date_latest"),
                ("term_years", "term_months", "term_days", "term_until", "term_ends_on"),
                ("actual_end", "actual_end_precision", "actual_end_latest", "ended"),
                ("ordered_by", "place"),
                ("continues_previous", "incommunicado"),
                "conditions",
                ("reporting_every", "reporting_unit", "reporting_weekday", "reporting_place"),
            ]
        },
    ),
    (
        _("Breach, detention without a decision, what was left unstated"),
        {
            "classes": ["collapse"],
            "fields": [
                ("breach_date", "breach_date_precision", "breach_date_latest"),
                ("breach_date_as_printed", "breach_as_printed"),
                (
                    "legal_basis_gap_from",
                    "legal_basis_gap_from_precision",
                    "legal_basis_gap_from_latest",
                ),
                ("legal_basis_gap_to", "legal_basis_gap_to_precision", "legal_basis_gap_to_latest"),
                (
                    "legal_basis_gap_from_as_printed",
                    "legal_basis_gap_to_as_printed",
                    "legal_basis_gap_as_printed",
                ),
                ("end_not_stated", "reason_not_stated", "unstated_as_printed"),
            ],
        },
    ),
    (
        _("As printed, and notes"),
        {
            "classes": ["collapse"],
            "fields": [
                ("kind_as_printed", "term_as_printed", "term_until_as_printed"),
                ("start_date_as_printed", "actual_end_as_printed", "ended_as_printed"),
                "reporting_as_printed",
                "notes",
            ],
        },
    ),
]
# An extension in two lines, stacked (in a table its inputs had no label of their own, only
# the column's heading, which screen readers do not announce).
EXTENSION_FIELDS = [
    ("ordered_on", "term_days", "term_months", "until"),
    ("ordered_on_as_printed", "until_as_printed"),
    ("ordered_by", "notes"),
]


class RunsWithChoicesMixin:
    """For a measure's form: the measure it runs with is one of the same case's (the case
    whose page is open, or the measure's own), named with its defender in one query."""

    def case_id_of(self, request):
        raise NotImplementedError

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "runs_with":
            kwargs["queryset"] = DetentionPeriod.objects.filter(
                case_id=self.case_id_of(request)
            ).select_related("defender")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]


# --- Detention periods ----------------------------------------------------------------------


class OngoingFilter(admin.SimpleListFilter):
    title = _("ongoing")
    parameter_name = "ongoing"

    def lookups(self, request, model_admin):
        return [("yes", _("Ongoing")), ("no", _("Ended"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(actual_end__isnull=True)
        if self.value() == "no":
            return queryset.filter(actual_end__isnull=False)
        return queryset


class DetentionExtensionInline(admin.StackedInline):
    model = DetentionExtension
    fields = EXTENSION_FIELDS
    extra = 0
    ordering = ["ordered_on"]


@admin.register(DetentionPeriod)
class DetentionPeriodAdmin(
    RunsWithChoicesMixin, ServiceSaveAdminMixin, CaseVisibilityMixin, HistoryAdmin
):
    list_display = [
        "defender",
        "case",
        "kind",
        "start_date",
        "term_ends_on",
        "actual_end",
        "incommunicado",
    ]
    list_filter = ["kind", OngoingFilter, "incommunicado", "start_date_precision"]
    list_select_related = ["defender", "case"]
    search_fields = [
        "defender__full_name",
        "defender__local_name",
        "case__title",
        "case__reference",
        "place",
        "ordered_by",
    ]
    autocomplete_fields = ["case", "defender"]
    readonly_fields = ["term_ends_on"]
    inlines = [DetentionExtensionInline]
    ordering = ["-start_date"]

    def case_id_of(self, request):
        object_id = request.resolver_match.kwargs.get("object_id")
        if not object_id:
            return None
        return (
            DetentionPeriod.objects.filter(pk=object_id).values_list("case_id", flat=True).first()
        )

    def get_fieldsets(self, request, obj=None):
        (title, options), *rest = DETENTION_PERIOD_FIELDSETS
        return [(title, {"fields": ["case", *options["fields"]]}), *rest]

    def save_through_service(self, request, form, formsets, change):
        """The period and its extensions, as a record of its case: case_save works out its
        term and does the follow-up work."""
        period = form.instance
        extensions = next(f for f in formsets if f.model is DetentionExtension)
        edit = RecordEdit(record=period, path="", extensions=formset_edits(extensions))
        case_save(
            case=period.case,
            acting_user=request.user,
            records={"detention_periods": RecordEdits(saved=[edit])},
        )


# --- Hearings -------------------------------------------------------------------------------


class UpcomingFilter(admin.SimpleListFilter):
    title = _("when")
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [("upcoming", _("Upcoming")), ("past", _("Past"))]

    def queryset(self, request, queryset):
        if self.value() == "upcoming":
            return queryset.filter(starts_at__gte=timezone.now())
        if self.value() == "past":
            return queryset.filter(starts_at__lt=timezone.now())
        return queryset


@admin.register(Hearing)
class HearingAdmin(ServiceSaveAdminMixin, CaseVisibilityMixin, HearingDisplayMixin, HistoryAdmin):
    form = HearingForm
    list_display = ["court", "case", "local", "starts_at_utc", "purpose", "status"]
    list_filter = [UpcomingFilter, "status", "purpose", "observers_attending"]
    list_select_related = ["case"]
    search_fields = ["court", "city", "case__title", "case__reference"]
    autocomplete_fields = ["case", "defenders"]
    readonly_fields = ["starts_at_utc", "move_history"]
    ordering = ["-starts_at"]
    change_form_template = "admin/cases/hearing/change_form.html"

    def get_fieldsets(self, request, obj=None):
        (title, options), *rest = HEARING_FIELDSETS
        return [(title, {"fields": ["case", *options["fields"]]}), *rest]

    def get_queryset(self, request):
        return hearing_queryset(super().get_queryset(request))

    @admin.display(description=_("court's local time"), ordering="starts_at")
    def local(self, hearing: Hearing) -> str:
        return _local_display(hearing.local_date, hearing.local_time, hearing.time_zone)

    def save_through_service(self, request, form, formsets, change):
        """The hearing, as a record of its case: case_save keeps its move and does the
        follow-up work."""
        hearing = form.instance
        edit = RecordEdit(
            record=hearing,
            path="",
            move_reason=form.cleaned_data.get("move_reason", ""),
            **defenders_of(form),
        )
        case_save(
            case=hearing.case,
            acting_user=request.user,
            records={"hearings": RecordEdits(saved=[edit])},
        )

    def render_change_form(self, request, context, *args, **kwargs):
        context["time_zone_names"] = time_zone_names()
        return super().render_change_form(request, context, *args, **kwargs)

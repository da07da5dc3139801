"""Appeals: the texts per language, the actions requested, the authorities addressed, and the
"Issue" button that assigns the reference code (cases.services.appeal_issue)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models
from django.db.models import Count, Q
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from appeals_site.admin import CellLabelsMixin, HistoryAdmin, country_filter
from appeals_site.admin_saving import ServiceSaveAdminMixin, formset_edits
from appeals_site.audit.services import Action as AuditAction
from appeals_site.audit.services import audit_record
from appeals_site.languages import Language
from authorities.admin import AuthorityPickInlineMixin
from cases.admin.visibility import CaseVisibilityMixin
from cases.forms import AppealTextFormSet
from cases.models import (
    Action,
    Appeal,
    AppealAuthority,
    AppealText,
    AppealViolation,
    Footnote,
    Issuer,
)
from cases.selectors import (
    LANGUAGE_NAMES,
    appeal_language_gaps,
    appeal_reference_condition,
    case_as_described_in,
)
from cases.services import appeal_issue, appeal_save

# The appeal's inline records, by the name appeal_save knows them by.
_RECORDS = {
    AppealText: "texts",
    Action: "actions",
    AppealAuthority: "authorities",
    AppealViolation: "violations",
    Footnote: "footnotes",
}


class AppealTextInline(admin.StackedInline):
    model = AppealText
    formset = AppealTextFormSet
    extra = 0
    fields = [("language", "is_original"), "title", "description", "background", "notes"]


class ActionInline(CellLabelsMixin, admin.TabularInline):
    model = Action
    extra = 0
    ordering = ["language", "position"]
    autocomplete_fields = ["clause"]
    fields = ["language", "position", "clause", "text"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "text":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 70})
            kwargs["help_text"] = _("Leave blank to use the standard action's text.")
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class AppealViolationInline(CellLabelsMixin, admin.TabularInline):
    """The appeal's violations in the order it prints them."""

    model = AppealViolation
    extra = 0
    fields = ["violationlabel", "position"]
    ordering = ["position", "id"]


class AppealAuthorityInline(CellLabelsMixin, AuthorityPickInlineMixin, admin.TabularInline):
    model = AppealAuthority
    extra = 0
    autocomplete_fields = ["authority"]
    fields = ["authority", "position"]
    ordering = ["position", "id"]

    def rank_country_of(self, appeal) -> str:
        return appeal.case.country if appeal is not None and appeal.case_id else ""


class FootnoteInline(admin.StackedInline):
    """The appeal's notes as printed; the appeal a note cites is found from its reference."""

    model = Footnote
    fk_name = "appeal"
    extra = 0
    fields = [
        ("number", "position", "reference", "cited_appeal"),
        "text",
        ("date", "date_precision", "date_latest", "date_as_printed"),
    ]
    readonly_fields = ["cited_appeal"]
    ordering = ["position", "number"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "text":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 70})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class IssuedFilter(admin.SimpleListFilter):
    title = _("issued")
    parameter_name = "issued"

    def lookups(self, request, model_admin):
        return [("yes", _("Issued")), ("no", _("Draft"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(issued_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(issued_at__isnull=True)
        return queryset


@admin.register(Appeal)
class AppealAdmin(ServiceSaveAdminMixin, CaseVisibilityMixin, HistoryAdmin):
    change_form_template = "admin/cases/appeal/change_form.html"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = [
        "reference_display",
        "case_title",
        "issuer",
        "intervention_type",
        "issue_date",
        "issued_by",
    ]
    list_display_links = ["reference_display", "case_title"]
    list_filter = [IssuedFilter, "issuer", "intervention_type", country_filter("case__country")]
    list_select_related = ["case", "issuer", "issued_by"]
    search_fields = ["reference", "index_number", "case__title", "case__reference", "texts__title"]
    autocomplete_fields = ["case", "issuer"]
    inlines = [
        AppealViolationInline,
        AppealTextInline,
        ActionInline,
        AppealAuthorityInline,
        FootnoteInline,
    ]
    actions = ["issue_selected"]
    ordering = ["-created_at"]

    def get_fieldsets(self, request, obj=None):
        return [
            (
                None,
                {
                    "fields": [
                        ("case_link", "described_link") if obj is not None else "case",
                        ("issuer", "issuer_as_printed"),
                        "issuer_members",
                        ("intervention_type", "intervention_type_as_printed"),
                        ("issue_date", "issue_date_as_printed"),
                        ("action_deadline", "action_deadline_as_printed"),
                        "case_closed_as_printed",
                        "embassy_clause",
                    ]
                },
            ),
            (
                _("Reference"),
                {
                    "description": _(
                        "Leave the reference and follow-up number blank for a new appeal of the "
                        "organisation: a code is assigned when it is issued. For an archival "
                        "appeal or another issuer's, give them as printed (series may have gaps)."
                    ),
                    "fields": [
                        ("reference", "sequence"),
                        ("index_number", "url"),
                        "follow_up_of",
                        ("issued_at", "issued_by"),
                    ],
                },
            ),
            # Letters made of the appeal (letters.admin), as a link: there may be many; and
            # what each letter language lacks, so that staff see it before they publish.
            (
                _("Letters"),
                {
                    "fields": [
                        *(["letters_link", "letter_gaps"] if obj is not None else []),
                        "incomplete_letters_offered",
                    ]
                },
            ),
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = ["issued_at", "issued_by"]
        if obj is not None and obj.is_issued:
            # Issued under its reference: letters and partners have it.
            readonly += ["issuer", "reference", "sequence"]
        if obj is None:
            return readonly
        return [*readonly, "case_link", "described_link", "letters_link", "letter_gaps"]

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("issuer", Issuer.objects.own().pk)
        return initial

    def get_search_results(self, request, queryset, search_term):
        matched, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if not search_term.strip():
            return matched, may_have_duplicates
        # Archived spellings of a reference (spacing, `.01` for `.1`) have one normal form.
        by_reference = appeal_reference_condition(search_term)
        return queryset.filter(Q(pk__in=matched.values("pk")) | by_reference), False

    @admin.display(description=_("reference"), ordering="reference_key")
    def reference_display(self, appeal: Appeal):
        return appeal.reference or _("Draft")

    @admin.display(description=_("case"), ordering="case__title")
    def case_title(self, appeal: Appeal) -> str:
        return appeal.case.title

    @admin.display(description=_("case"))
    def case_link(self, appeal: Appeal) -> str:
        url = reverse("admin:cases_case_change", args=[appeal.case_id])
        return format_html("<a href='{}'>{}</a>", url, appeal.case.title)

    @admin.display(description=_("the case as described"))
    def described_link(self, appeal: Appeal) -> str:
        url = reverse("admin:cases_appeal_as_described", args=[appeal.pk])
        return format_html("<a href='{}'>{}</a>", url, _("The case as this appeal described it"))

    @admin.display(description=_("letters"))
    def letters_link(self, appeal: Appeal) -> str:
        return appeal_letters_link(appeal)

    @admin.display(description=_("missing translations"))
    def letter_gaps(self, appeal: Appeal) -> str:
        """Per letter language the appeal has a text in, what its letter lacks
        (cases.selectors.appeal_language_gaps)."""
        written = [
            language
            for language in Language.values
            if any(t.language == language for t in appeal.texts.all())
        ]
        gaps = appeal_language_gaps(appeal=appeal, languages=written)
        if not any(gaps.values()):
            return _("None: the appeal's letters are wholly in each of its languages.")
        return format_html(
            "<ul class='letter-gaps'>{}</ul>",
            format_html_join(
                "",
                "<li>{}: {}</li>",
                (
                    (LANGUAGE_NAMES[language], " ".join(missing) or _("nothing missing"))
                    for language, missing in gaps.items()
                ),
            ),
        )

    def save_through_service(self, request, form, formsets, change):
        """The appeal, its violations, texts, actions and addressed authorities in one
        appeal_save, which copies a picked standard action's text in and marks the case
        changed."""
        for formset in formsets:
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        edits = {
            name: formset_edits(formset)
            for formset in formsets
            for model, name in _RECORDS.items()
            if formset.model is model
        }
        appeal_save(appeal=form.instance, acting_user=request.user, **edits)

    # --- Issuing ----------------------------------------------------------------------------

    def has_issue_permission(self, request) -> bool:
        return request.user.has_perm("cases.issue_appeal")

    def issue(
        self, request, appeal: Appeal, *, confirm_date_before_original: bool = False
    ) -> Appeal | None:
        """Issue the appeal through the service; say what happened either way."""
        try:
            appeal = appeal_issue(
                appeal=appeal,
                acting_user=request.user,
                confirm_date_before_original=confirm_date_before_original,
            )
        except ValidationError as exc:
            self.message_user(
                request,
                _("%(appeal)s was not issued: %(reasons)s")
                % {"appeal": appeal, "reasons": " ".join(exc.messages)},
                messages.ERROR,
            )
            return None
        except IntegrityError:
            # The unique constraints are the last guard against two appeals sharing a code.
            self.message_user(
                request,
                _("%(appeal)s was not issued: another appeal took the number. Try again.")
                % {"appeal": appeal},
                messages.ERROR,
            )
            return None
        self.message_user(
            request,
            _("The appeal was issued as %(reference)s.") % {"reference": appeal},
            messages.SUCCESS,
        )
        return appeal

    @admin.action(description=_("Issue the selected draft appeals"), permissions=["issue"])
    def issue_selected(self, request, queryset):
        for appeal in queryset.select_related("case").order_by("created_at"):
            self.issue(request, appeal)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/issue/",
                self.admin_site.admin_view(self.issue_view),
                name=f"{info[0]}_{info[1]}_issue",
            ),
            path(
                "<path:object_id>/as-described/",
                self.admin_site.admin_view(self.as_described_view),
                name=f"{info[0]}_{info[1]}_as_described",
            ),
            *super().get_urls(),
        ]

    def as_described_view(self, request, object_id):
        """The case as this appeal described it (cases.selectors.case_as_described_in),
        read-only."""
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        appeal = self.get_object(request, unquote(object_id))
        if appeal is None:
            raise Http404
        if not self.has_view_permission(request, appeal):
            raise PermissionDenied
        if appeal.case.is_restricted:
            audit_record(
                action=AuditAction.READ_RESTRICTED_CASE,
                request=request,
                target=appeal.case,
                detail={"via": "admin:appeal-as-described"},
            )
        described = case_as_described_in(appeal)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("%(case)s as %(appeal)s described it")
            % {"case": appeal.case.title, "appeal": appeal},
            "appeal": appeal,
            "earlier": described["appeals"],
            "kinds": described_blocks(described),
        }
        return TemplateResponse(request, "admin/cases/appeal/as_described.html", context)

    def issue_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        appeal = self.get_object(request, unquote(object_id))
        if appeal is None:
            raise Http404
        if not self.has_issue_permission(request):
            raise PermissionDenied
        # The box beside the Issue button: a follow-up dated before its original is issued
        # only when staff confirm the date (cases.services.appeal_issue).
        self.issue(
            request,
            appeal,
            confirm_date_before_original=request.POST.get("confirm_date_before_original") == "on",
        )
        return redirect(reverse("admin:cases_appeal_change", args=[appeal.pk]))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["can_issue"] = (
            obj is not None and not obj.is_issued and self.has_issue_permission(request)
        )
        return super().render_change_form(
            request, context, add=add, change=change, form_url=form_url, obj=obj
        )


def appeal_letters_link(appeal: Appeal) -> str:
    """Return a link to the appeal's letters in the admin, with how many there are by status.

    Letters build on cases: the model is reached through the relation, never imported here."""
    if appeal.pk is None:
        return ""
    counts = dict(
        appeal.letters.order_by()
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    url = reverse("admin:letters_letter_changelist") + f"?appeal__id__exact={appeal.pk}"
    summary = ", ".join(
        f"{counts[value]} {label.lower()}"
        for value, label in appeal.letters.model.Status.choices
        if counts.get(value)
    )
    return format_html(
        "<a href='{}'>{}</a> {}", url, _("Letters"), f"({summary})" if summary else ""
    )


# The kinds of records the page shows, and their nested lists, with their headings.
_DESCRIBED_KINDS = {
    "proceedings": _("Proceedings"),
    "detention_periods": _("Measures"),
    "hearings": _("Hearings"),
    "unnamed_groups": _("Unnamed people"),
    "events": _("Events"),
    "target_authorities": _("Target authorities"),
}
_DESCRIBED_CHILDREN = (
    "charges",
    "decisions",
    "rulings",
    "sentence",
    "requested_sentence",
    "extensions",
)


def _described_block(record: dict) -> dict:
    """Return a record of the described case as the page shows it: its values, blank ones
    left out, its sources by reference, and its nested records as blocks of their own."""
    fields, children = [], []
    for name, value in record.items():
        if name in _DESCRIBED_CHILDREN:
            children.append((name.replace("_", " "), [_described_block(r) for r in value]))
        elif name in ("stated_in", "changed_in"):
            fields.append((name.replace("_", " "), (value or {}).get("reference") or value))
        elif value not in (None, "", []):
            fields.append((name.replace("_", " "), value))
    return {"fields": fields, "children": children}


def described_blocks(described: dict) -> list[tuple[str, list[dict]]]:
    """Return the described case's records by kind, as blocks for the page."""
    return [
        (heading, [_described_block(r) for r in described[kind]])
        for kind, heading in _DESCRIBED_KINDS.items()
    ]

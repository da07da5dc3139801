"""Imported documents in the staff area (issue 15): the list, the "Import an appeal" page, the
document's page (its status, or the review screen once read) and a download of the original.

Thin: receiving is importer.services.document_receive, the review is importer.review, the
confirmation importer.review_services.document_confirm. The staff area is the admin with the
second factor; restricted cases stay hidden as everywhere (cases.admin.visibility)."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from cases.admin.visibility import CaseVisibilityMixin
from importer import review_services, services
from importer.forms import DocumentImportForm, ProposalReviewForm
from importer.models import ImportedDocument
from importer.reading.stored import proposal_from_json
from importer.review import GROUPS, ReviewField, proposal_fields, proposal_unread

# How often the page of a document being read reloads itself, in seconds.
REFRESH_SECONDS = 3


@admin.register(ImportedDocument)
class ImportedDocumentAdmin(CaseVisibilityMixin, admin.ModelAdmin):
    case_optional = True
    list_display = ("name", "format", "status", "created_at", "received_by", "case")
    list_filter = ("status", "format")
    list_select_related = ("received_by", "case")
    search_fields = ("name", "sha256")
    date_hierarchy = "created_at"

    def has_delete_permission(self, request, obj=None) -> bool:
        # The document is where a confirmed case's facts came from (PROTECT).
        return False

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/original/",
                self.admin_site.admin_view(self.original_view),
                name=f"{info[0]}_{info[1]}_original",
            ),
            *super().get_urls(),
        ]

    def _document(self, request, object_id) -> ImportedDocument:
        document = self.get_object(request, unquote(object_id))
        if document is None:
            raise Http404
        if not self.has_view_permission(request, document):
            raise PermissionDenied
        return document

    def _context(self, request, title, **extra) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            **extra,
        }

    def add_view(self, request, form_url="", extra_context=None):
        """The "Import an appeal" page: a file or pasted text, received by document_receive."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = DocumentImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["document"]
            try:
                if upload:
                    document = services.document_receive(
                        name=upload.name,
                        data=upload.read(),
                        received_by=request.user,
                        language=form.cleaned_data["language"],
                    )
                else:
                    document = services.document_receive(
                        name="",
                        data=form.cleaned_data["text"].encode("utf-8"),
                        received_by=request.user,
                        language=form.cleaned_data["language"],
                        pasted=True,
                    )
            except ValidationError as refused:
                for field, errors in refused.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                return redirect(
                    reverse("admin:importer_importeddocument_change", args=[document.pk])
                )
        return TemplateResponse(
            request,
            "admin/importer/importeddocument/import.html",
            self._context(request, _("Import an appeal"), form=form),
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The document's page: its status while it is read, the problem when it could not
        be, the review screen once read, the case and appeal once recorded."""
        document = self._document(request, object_id)
        if document.status in (
            ImportedDocument.Status.RECEIVED,
            ImportedDocument.Status.READING,
        ):
            if request.method == "POST":
                return HttpResponseNotAllowed(["GET"])
            # A broker down at receiving time left it waiting: ask again (idempotent).
            services.document_read_again(document=document)
            return self._page(request, document, refresh=REFRESH_SECONDS)
        if document.status != ImportedDocument.Status.READ:
            if request.method == "POST":
                return HttpResponseNotAllowed(["GET"])
            return self._page(request, document)
        return self.review_view(request, document)

    def review_view(self, request, document: ImportedDocument):
        proposal = proposal_from_json(document.proposal)
        fields = proposal_fields(proposal)
        matches = review_services.proposal_match_choices(proposal=proposal, user=request.user)
        can_confirm = self.has_change_permission(request, document)
        form = ProposalReviewForm(
            request.POST if request.method == "POST" else None,
            review_fields=fields,
            matches=matches.choices,
        )
        if request.method == "POST":
            if not can_confirm:
                raise PermissionDenied
            if form.is_valid():
                try:
                    appeal = review_services.document_confirm(
                        document=document,
                        decisions=form.decisions(),
                        chosen=matches.chosen(form.cleaned_data),
                        acting_user=request.user,
                        history_note=form.cleaned_data["history_note"],
                    )
                except ValidationError as refused:
                    for key, errors in refused.message_dict.items():
                        form.add_field_error(key, errors)
                else:
                    self.message_user(
                        request,
                        _("The appeal was recorded as %(appeal)s.") % {"appeal": appeal},
                        messages.SUCCESS,
                    )
                    return redirect(
                        reverse("admin:importer_importeddocument_change", args=[document.pk])
                    )
        return self._page(
            request,
            document,
            form=form,
            groups=_grouped(form, fields),
            match_fields=[
                (
                    form[name],
                    [
                        (radio, matches.evidence[name].get(str(radio.data["value"]), []))
                        for radio in form[name]
                    ],
                )
                for name in matches.choices
            ],
            marked_text=text_marked(document.text, fields),
            unread=proposal_unread(proposal),
            can_confirm=can_confirm,
        )

    def _page(self, request, document, **extra):
        return TemplateResponse(
            request,
            "admin/importer/importeddocument/document.html",
            self._context(
                request,
                document.name,
                document=document,
                original_url=reverse(
                    "admin:importer_importeddocument_original", args=[document.pk]
                ),
                **extra,
            ),
        )

    def original_view(self, request, object_id):
        """The original file (or pasted text) as it came, as an attachment: never shown
        inline, so that a hostile page or PDF does not run in the staff area."""
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        document = self._document(request, object_id)
        response = FileResponse(
            document.original.open("rb"),
            as_attachment=True,
            filename=document.name,
            content_type="application/octet-stream",
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response


def _grouped(form, fields: list[ReviewField]) -> list[tuple]:
    """Return [(group label, [(item number, [(field, decision, value)])])] in screen order."""
    groups: dict[str, dict] = {}
    for field in fields:
        items = groups.setdefault(field.group, {})
        items.setdefault(field.item, []).append(
            (field, form[f"decision-{field.key}"], form[f"value-{field.key}"])
        )
    return [(GROUPS[group], list(groups[group].items())) for group in GROUPS if group in groups]


def text_marked(text: str, fields: list[ReviewField]) -> SafeString:
    """Return `text`, escaped, with each field's span in <mark>s: one per field over each
    piece of text its span covers (spans overlap), the first with the id "src-<key>"."""
    bounds = sorted({0, len(text), *(f.start for f in fields), *(f.end for f in fields)})
    started: set[str] = set()
    pieces = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        covering = [f for f in fields if f.start <= start and end <= f.end and f.start < f.end]
        opening = []
        for field in covering:
            key = escape(field.key)
            anchor = f' id="src-{key}"' if field.key not in started else ""
            started.add(field.key)
            opening.append(f'<mark{anchor} data-key="{key}">')
        pieces.append("".join(opening) + escape(text[start:end]) + "</mark>" * len(covering))
    return mark_safe("".join(pieces))  # noqa: S308 (every piece of text is escaped above)

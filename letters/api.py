"""Letters for campaigners: ask for one, follow its status, download the PDF, preview the HTML.

Campaigners have no key: these endpoints are open to anyone, for issued appeals of public
cases only (anything else is a 404). A letter's id is random, and is the only credential for
it. A letter already made is served to anyone; a new one is rendered within the budget for
renders (letters.budget), else the answer is a 429 offering the standard letter and the text
(a 503 when the budget cannot be counted: the cache is down).
"""

import logging

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_safe
from django_countries import countries
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from appeals_site.api.exceptions import api_not_found_as_json
from appeals_site.api.serializers import StrictSerializer
from appeals_site.audit.services import Action, audit_record
from appeals_site.client_address import client_address
from appeals_site.languages import Language
from letters.budget import LetterOverBudget
from letters.context import Campaigner
from letters.models import Letter
from letters.selectors import (
    appeal_letter_offers,
    public_appeals,
    public_letter,
    public_letter_file,
)
from letters.services import PUBLIC_ERROR, letter_ask, letter_waits_for_workers

logger = logging.getLogger(__name__)

FILE_GONE = _(
    "This letter's file is no longer kept: ask for the letter again on the appeal's page."
)

# The preview is our HTML, made of escaped case text and an inline stylesheet: it needs
# nothing else, and must run nothing, even if some case text slipped through unescaped.
PREVIEW_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self'",
    "X-Content-Type-Options": "nosniff",
}


class LetterRequestSerializer(StrictSerializer):
    authority = serializers.CharField(
        max_length=64, help_text=_('The id of one of the appeal\'s authorities, or "all".')
    )
    language = serializers.ChoiceField(choices=Language.choices)
    name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    organisation = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    city = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    country = serializers.ChoiceField(
        choices=list(countries), required=False, allow_blank=True, default=""
    )


class LetterStatusSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    status = serializers.CharField()
    status_url = serializers.URLField()
    pdf_url = serializers.URLField(required=False)
    html_url = serializers.URLField(required=False)
    error = serializers.CharField(required=False)
    # Answered to a request only, when true.
    partly_english = serializers.BooleanField(
        required=False, help_text="Parts of the letter are in English (staff chose to offer it)."
    )
    note = serializers.CharField(required=False)


def letter_status(request, letter: Letter) -> dict:
    """Return what the status URL answers about the letter."""
    body = {
        "id": str(letter.pk),
        "status": letter.status,
        "status_url": request.build_absolute_uri(reverse("letter-detail", args=[letter.pk])),
    }
    if letter.status == Letter.Status.READY:
        body["pdf_url"] = request.build_absolute_uri(reverse("letter-pdf", args=[letter.pk]))
        body["html_url"] = request.build_absolute_uri(reverse("letter-html", args=[letter.pk]))
    elif letter.status == Letter.Status.FAILED:
        # Never the error itself: that is for staff, in the admin.
        body["error"] = PUBLIC_ERROR
    return body


def over_budget_body(request, over: LetterOverBudget) -> dict:
    """Return the 429 (or 503) answer when no letter can be made now: why, when to try again,
    the standard letter (its status and links, when it is made) and the letter's text, which
    cost nothing."""
    return {
        "status": over.status_code,
        "code": "over_budget",
        "detail": " ".join(
            [
                over.message,
                str(
                    _(
                        "No new letter can be made now: use the standard letter (lines to "
                        "sign by hand) or copy the text, or try again in %(seconds)s seconds."
                    )
                    % {"seconds": over.retry_after}
                ),
            ]
        ),
        "reason": over.reason,
        "retry_after": over.retry_after,
        "standard_letter": letter_status(request, over.standard) if over.standard else None,
        "text": over.text,
    }


class AppealLetterCreateView(APIView):
    """POST /api/v1/appeals/{id}/letters/: ask for a letter. 200 with the letter when it is
    ready (already made, or rendered within the request in the embedded default), else 202
    with its status_url."""

    # No authentication, so no CSRF either: anyone may ask, and nothing is read from a session.
    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]
    # Not throttled as a whole: a letter already made is served to anyone; the per-client
    # limit is part of the budget for renders, applied by the service to new letters only.
    throttle_classes: list = []
    serializer_class = LetterRequestSerializer

    def post(self, request, appeal_id):
        appeal = get_object_or_404(public_appeals().select_related("case"), pk=appeal_id)
        serializer = LetterRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        campaigner = Campaigner(
            name=data["name"],
            organisation=data["organisation"],
            city=data["city"],
            country=data["country"],
        )
        try:
            letter = letter_ask(
                appeal_id=appeal.pk,
                appeal=appeal,
                authority_id_or_all=data["authority"],
                language=data["language"],
                campaigner=campaigner,
                client=client_address(request),
            )
        except LetterOverBudget as over:
            return Response(
                over_budget_body(request, over),
                status=over.status_code,
                headers={"Retry-After": str(over.retry_after)},
            )
        body = letter_status(request, letter)
        # Staff chose to offer this language though parts of the letter have no version in
        # it (letters.selectors.appeal_letter_offers): the campaigner is told.
        offer = next(
            o for o in appeal_letter_offers(appeal=appeal) if o.language == letter.language
        )
        if offer.partly_english:
            body["partly_english"] = True
            body["note"] = str(_("Parts of this letter are in English."))
        if letter.status == Letter.Status.PENDING and letter_waits_for_workers(letter):
            waiting = _(
                "Your letter is recorded, but letters cannot be made right now. It will be "
                "made when the service is back: check its status_url later."
            )
            body["note"] = " ".join(filter(None, [body.get("note"), str(waiting)]))
        if letter.status == Letter.Status.READY:
            return Response(body, status=status.HTTP_200_OK)
        return Response(
            body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["status_url"]}
        )


class LetterDetailView(APIView):
    """GET /api/v1/letters/{id}/: the letter's status, and its URLs when ready."""

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]
    serializer_class = LetterStatusSerializer

    def get(self, request, letter_id):
        return Response(letter_status(request, public_letter(letter_id)))


def _ready_letter(letter_id) -> Letter:
    letter = public_letter(letter_id)
    if letter.status != Letter.Status.READY:
        raise Http404(_("The letter is not ready."))
    return letter


def letter_file_name(*, reference: str, language: str) -> str:
    """Return a letter's PDF's file name: letter-kgz-003-0425-obs-041-1-en.pdf."""
    return f"letter-{slugify(reference)}-{language}.pdf"


@api_not_found_as_json
@require_safe
def letter_pdf_view(request, letter_id):
    """GET /api/v1/letters/{id}/pdf: the PDF, as a download.

    The one answer a campaigner repeats the most: one query (public_letter_file), and a
    file response, which gunicorn sends with sendfile (wsgi.file_wrapper)."""
    found = public_letter_file(letter_id)
    if request.user.is_authenticated and request.user.is_staff:
        # Campaigners download anonymously; a member of staff's download is audited.
        audit_record(
            action=Action.LETTER_DOWNLOAD, request=request, target=_ready_letter(letter_id)
        )
    try:
        pdf = Letter._meta.get_field("pdf").storage.open(found.name, "rb")
    except FileNotFoundError:
        # The row says ready but the file is gone (storage lost or restored without it).
        logger.error("Letter %s: its PDF %s is missing from storage.", letter_id, found.name)
        raise Http404(FILE_GONE) from None
    return FileResponse(
        pdf,
        as_attachment=True,
        filename=letter_file_name(reference=found.reference, language=found.language),
        content_type="application/pdf",
    )


# Same origin may frame it: the public take-action page shows this very HTML as the preview
# (templates/public/letter.html), in a sandboxed iframe. Other sites still may not.
@xframe_options_sameorigin
@api_not_found_as_json
@require_safe
def letter_html_view(request, letter_id):
    """GET /api/v1/letters/{id}/html: the very HTML the PDF was made from, as a preview."""
    letter = _ready_letter(letter_id)
    return HttpResponse(
        letter.html, content_type="text/html; charset=utf-8", headers=PREVIEW_HEADERS
    )

"""The case API: a partner's incremental sync of published cases, staff reads and writes.

Reads never go through serializers: a page of whole cases is built by the database
(cases.api.documents) and rendered with orjson. The serializers in cases.api.schemas describe
those documents for the OpenAPI schema.

Writes check the request's shape (cases.api.serializers) and call a service
(cases.services.case_create, case_update, case_appeal_issue), which applies the same rules as
the admin. Every error is named by its path in the request body: "title",
"charges[1].article", "detention_periods[0].extensions[0].term_days", and a record's
non-field error by the record's path alone, "detention_periods[0].extensions[0]".
"""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from appeals_site.api.authentication import PartnerPrincipal
from appeals_site.api.exceptions import Error
from appeals_site.api.filters import parse_since
from appeals_site.api.pagination import page_response, sync_page
from appeals_site.api.permissions import audience
from appeals_site.api.viewsets import (
    SINCE_PARAMETER,
    UUID_IN_PATH,
    AudienceVaryMixin,
    HiddenMeansMissingMixin,
)
from appeals_site.audience import STAFF
from appeals_site.audit.services import Action, audit_records_read
from cases.api.auditing import case_documents_audit
from cases.api.documents import case_document_rows, case_documents
from cases.api.filters import CaseFilter
from cases.api.schemas import (
    CASE_EXAMPLE,
    ERROR_EXAMPLE,
    CaseAsDescribedDocument,
    CaseDocument,
    CasePage,
    CaseTombstones,
)
from cases.api.serializers import AppealIssuedSerializer, AppealIssueSerializer, CaseWriteSerializer
from cases.models import Appeal, Case
from cases.selectors import (
    case_as_described_in,
    case_changed_field,
    case_tombstones_since,
    cases_for_audience,
)
from cases.services import case_appeal_issue, case_create, case_update


def error_paths(errors, prefix: str = "") -> dict[str, list[str]]:
    """Return DRF's nested serializer errors keyed by their path in the request body, as the
    services name theirs: {"charges": [{}, {"article": [...]}]} becomes
    {"charges[1].article": [...]}."""
    if isinstance(errors, dict):
        paths: dict[str, list[str]] = {}
        for key, value in errors.items():
            if isinstance(key, int):
                path = f"{prefix}[{key}]"
            elif key in ("non_field_errors", "__all__"):
                path = prefix or "__all__"
            else:
                path = f"{prefix}.{key}" if prefix else str(key)
            paths.update(error_paths(value, path))
        return paths
    if isinstance(errors, list) and any(isinstance(e, dict | list) for e in errors):
        paths = {}
        for index, value in enumerate(errors):
            if value:
                paths.update(error_paths(value, f"{prefix}[{index}]"))
        return paths
    return {
        prefix or "__all__": [str(e) for e in (errors if isinstance(errors, list) else [errors])]
    }


def validated(serializer_class, request, **kwargs) -> dict:
    serializer = serializer_class(data=request.data, **kwargs)
    if not serializer.is_valid():
        raise ValidationError(error_paths(serializer.errors))
    return serializer.validated_data


class IssuesAppeals(permissions.BasePermission):
    """Staff with the permission to issue appeals (editors and reviewers); never a partner."""

    def has_permission(self, request, view):
        user = request.user
        if not user or not user.is_authenticated or isinstance(user, PartnerPrincipal):
            return False
        return bool(user.is_staff and user.has_perm("cases.issue_appeal"))


ERRORS = {401: Error, 403: Error, 404: Error, 429: Error}
WRITE_ERRORS = {**ERRORS, 400: Error, 409: Error}


@extend_schema_view(
    list=extend_schema(
        summary="Cases changed since your last sync, oldest change first",
        parameters=[
            OpenApiParameter(
                "page_size", OpenApiTypes.INT, description="Cases per page, 1 to 500 (100)."
            ),
            OpenApiParameter(
                "cursor", OpenApiTypes.STR, description="From the previous page's `next`."
            ),
        ],
        responses={200: CasePage, 400: Error, **ERRORS},
    ),
    retrieve=extend_schema(
        summary="A whole case", responses={200: CaseDocument, **ERRORS}, examples=[CASE_EXAMPLE]
    ),
    create=extend_schema(
        summary="Create a case with its records (staff)",
        request=CaseWriteSerializer,
        responses={201: CaseDocument, **WRITE_ERRORS},
        examples=[ERROR_EXAMPLE],
    ),
    partial_update=extend_schema(
        summary="Change a case; a list given replaces that list (staff)",
        request=CaseWriteSerializer,
        responses={200: CaseDocument, **WRITE_ERRORS},
        examples=[ERROR_EXAMPLE],
    ),
    tombstones=extend_schema(
        summary="Cases that left what you may see",
        filters=False,
        parameters=[SINCE_PARAMETER],
        responses={200: CaseTombstones, 400: Error, **ERRORS},
    ),
    as_described_in=extend_schema(
        summary="The case as one of its appeals described it (staff)",
        description="Each record as the last write attributed to this appeal or an earlier "
        "one of the case (by issue date, then follow-up number) left it, from the records' "
        "history: a record changed or deleted since shows as described. Records with no "
        "recorded source are left out.",
        filters=False,
        responses={200: CaseAsDescribedDocument, **ERRORS},
    ),
    appeals=extend_schema(
        summary="Create an appeal on the case and issue it (staff who issue appeals)",
        filters=False,
        request=AppealIssueSerializer,
        responses={201: AppealIssuedSerializer, **WRITE_ERRORS},
    ),
)
class CaseViewSet(HiddenMeansMissingMixin, AudienceVaryMixin, viewsets.GenericViewSet):
    """Cases as whole documents: partners read public cases (published, or closed after
    publication), a confidential fact only where staff disclosed it; staff read and write as
    their role allows. The list syncs with `updated_since` and `next`; `tombstones/` names the
    cases that left."""

    queryset = Case.objects.all()
    filterset_class = CaseFilter
    lookup_value_regex = UUID_IN_PATH

    def get_queryset(self):
        # Staff: restricted cases only for those assigned to them (and administrators); to
        # anyone else such a case is a 404, as if it did not exist.
        return cases_for_audience(audience=audience(self.request), user=self.request.user)

    def get_permissions(self):
        if self.action == "appeals":
            return [IssuesAppeals()]
        return super().get_permissions()

    def _staff_document(self, case: Case) -> dict:
        rows = case_document_rows([case.pk], audience=STAFF, user=self.request.user)
        return case_documents(rows, audience=STAFF, user=self.request.user)[0]

    def _read_documents(self, ids: list, *, via: str) -> list[dict]:
        """Return the documents of the cases `ids` (in that order) for the caller; staff reads
        of restricted cases and of confidential facts go to the audit log (one entry each per
        request)."""
        who = audience(self.request)
        rows = case_document_rows(ids, audience=who, user=self.request.user)
        restricted_ids = [row["id"] for row in rows if row.pop("is_restricted", False)]
        # Staff: a defender's days detained count only the cases this member of staff sees.
        documents = case_documents(
            rows, audience=who, user=self.request.user if who == STAFF else None
        )
        if who == STAFF:
            case_documents_audit(
                request=self.request, documents=documents, restricted_ids=restricted_ids, via=via
            )
        return documents

    def list(self, request):
        cases = self.filter_queryset(self.get_queryset())
        page = sync_page(cases, request, changed=case_changed_field(audience=audience(request)))
        results = self._read_documents(page.ids, via="api:case-list")
        return page_response(results, page)

    def retrieve(self, request, pk=None):
        case = get_object_or_404(self.get_queryset().values("pk"), pk=pk)
        documents = self._read_documents([case["pk"]], via="api:case-detail")
        return Response(documents[0])

    @action(detail=False, methods=["get"])
    def tombstones(self, request):
        """Cases that left what you may see (taken back from publication, or deleted) after
        `since`: drop them from your mirror."""
        since = parse_since(request)
        rows = case_tombstones_since(since=since, audience=audience(request))
        return Response({"results": list(rows)})

    def create(self, request):
        data = validated(CaseWriteSerializer, request)
        case = case_create(data=data, acting_user=request.user)
        location = request.build_absolute_uri(reverse("case-detail", args=[case.pk]))
        return Response(
            self._staff_document(case),
            status=status.HTTP_201_CREATED,
            headers={"Location": location},
        )

    def partial_update(self, request, pk=None):
        case = get_object_or_404(self.get_queryset(), pk=pk)
        data = validated(CaseWriteSerializer, request, partial=True)
        case = case_update(case=case, data=data, acting_user=request.user)
        return Response(self._staff_document(case))

    @action(
        detail=True,
        methods=["get"],
        url_path=r"as-described-in/(?P<appeal_id>[0-9a-fA-F-]{36})",
        url_name="as-described-in",
    )
    def as_described_in(self, request, pk=None, appeal_id=None):
        """The case as one of its appeals described it (cases.selectors.case_as_described_in):
        staff only; to a partner, as to anyone for a case or appeal they may not see, a 404."""
        if audience(request) != STAFF:
            raise NotFound
        case = get_object_or_404(self.get_queryset(), pk=pk)
        appeal = get_object_or_404(Appeal.objects.filter(case=case), pk=appeal_id)
        if case.is_restricted:
            audit_records_read(
                action=Action.READ_RESTRICTED_CASE,
                request=request,
                records={Case: [case.pk]},
                via="api:case-as-described-in",
            )
        return Response(case_as_described_in(appeal))

    @action(detail=True, methods=["post"])
    def appeals(self, request, pk=None):
        """Create an appeal on the case and issue it: answers with its reference code."""
        case = get_object_or_404(self.get_queryset(), pk=pk)
        data = validated(AppealIssueSerializer, request)
        appeal = case_appeal_issue(case=case, acting_user=request.user, **data)
        body = AppealIssuedSerializer(
            {
                "id": appeal.pk,
                "case": appeal.case_id,
                "reference": appeal.reference,
                "sequence": appeal.sequence,
                "issuer_slug": appeal.issuer.slug,
                "intervention_type": appeal.intervention_type,
                "issue_date": appeal.issue_date,
                "issued_at": appeal.issued_at,
            }
        ).data
        return Response(body, status=status.HTTP_201_CREATED)

"""GET /api/v1/cases.csv: one row a case, for spreadsheets.

Same filters and audience as /api/v1/cases/ (partners: public cases), UTF-8 with a BOM so
that spreadsheet programs open Cyrillic and accented names correctly, every cell that a
spreadsheet would take for a formula neutralised, streamed so that a large export never
sits in memory. No confidential field is read: case_list() loads defenders' names and
situations only.
"""

import csv
import datetime as dt
import zoneinfo
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django_countries.fields import Country
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import generics

from appeals_site.api.permissions import audience
from appeals_site.api.renderers import ORJSONRenderer
from appeals_site.api.viewsets import AudienceVaryMixin
from appeals_site.audience import STAFF
from appeals_site.audit.services import Action, audit_record
from cases.api.filters import CaseFilter
from cases.models import Appeal, Case
from cases.outward import CASE
from cases.references import case_public_path
from cases.selectors import (
    case_changed_field,
    case_list,
    case_longest_detention,
    cases_for_audience,
)

BOM = "\ufeff"
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection, OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Rows fetched per query (with their prefetches): the export's queries grow by 3 every
# CHUNK_SIZE cases, not per case.
CHUNK_SIZE = 500

# The columns are the case's declaration's (cases/outward.py, CASE.csv): a declared outward
# field gives its value; the others are computed here (COMPUTED_COLUMNS).
HEADER = list(CASE.csv)


def neutralise(value) -> str:
    """Return the cell as text, with a leading apostrophe if a spreadsheet would run it."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _Echo:
    """A file whose write returns the line, so that csv.writer feeds a streamed response."""

    def write(self, value: str) -> str:
        return value


def _next_hearing(case: Case) -> str:
    if case.next_hearing_at is None:
        return ""
    zone = zoneinfo.ZoneInfo(case.next_hearing_time_zone)
    local = case.next_hearing_at.astimezone(zone)
    return f"{local:%Y-%m-%d %H:%M} ({case.next_hearing_time_zone})"


def _appeal_cell(appeal: Appeal) -> str:
    """Return an issued appeal as the CSV names it: its reference as printed (or its type),
    its date, and its issuer when it is not the organisation:
    `UA 117/21 (Amnesty International, 2021-05-03)`."""
    label = appeal.reference or appeal.intervention_type_name
    date = f"{appeal.issue_date:%Y-%m-%d}" if appeal.issue_date else ""
    details = [appeal.issuer_name] if not appeal.issuer.is_own else []
    return f"{label} ({', '.join([*details, date] if date else details)})"


@dataclass(frozen=True)
class _Row:
    """What the computed columns of one case read."""

    case: Case
    defenders: list
    detention: Any
    request: Any


COMPUTED_COLUMNS: dict[str, Callable[[_Row], object]] = {
    "defenders": lambda row: "; ".join(d.full_name for d in row.defenders),
    # A situation no source stated (blank) is left out.
    "situations": lambda row: "; ".join(
        sorted({d.get_situation_display() for d in row.defenders if d.situation})
    ),
    "violations": lambda row: "; ".join(sorted(v.name for v in row.case.violations.all())),
    "next_hearing": lambda row: _next_hearing(row.case),
    "days_detained": lambda row: row.detention.days if row.detention else "",
    "appeals": lambda row: "; ".join(_appeal_cell(a) for a in row.case.issued_appeals),
    "api_url": lambda row: row.request.build_absolute_uri(
        reverse("case-detail", args=[row.case.pk])
    ),
    "public_url": lambda row: _absolute(
        row.request, case_public_path(reference=row.case.reference)
    ),
}


def _plain(value) -> object:
    """Return a declared field's value as a cell shows it."""
    if value is None:
        return ""
    if isinstance(value, Country):
        return value.code
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def case_rows(cases, request, *, changed: str = "updated_at") -> Iterator[list[str]]:
    """Return the CSV rows (header first) of `cases`, a queryset from case_list();
    `updated_at` from the field `changed` (cases.selectors.case_changed_field)."""
    yield HEADER
    columns = {out.name: out.column for out in CASE.outward}
    columns["updated_at"] = changed
    for case in cases.iterator(chunk_size=CHUNK_SIZE):
        row = _Row(
            case=case,
            defenders=sorted(case.defenders.all(), key=lambda d: (d.full_name, d.pk)),
            detention=case_longest_detention(case=case),
            request=request,
        )
        yield [
            neutralise(
                COMPUTED_COLUMNS[name](row)
                if name in COMPUTED_COLUMNS
                else _plain(getattr(case, columns[name]))
            )
            for name in HEADER
        ]


def _absolute(request, path: str) -> str:
    return request.build_absolute_uri(path) if path else ""


def csv_stream(rows: Iterator[list[str]]) -> Iterator[bytes]:
    writer = csv.writer(_Echo())
    yield BOM.encode()
    for row in rows:
        yield writer.writerow(row).encode()


class JSONErrorsMixin:
    """Success is a file (CSV, iCalendar) returned as is; errors stay JSON in the one error
    shape, whatever the Accept header says."""

    def perform_content_negotiation(self, request, force=False):
        renderer = ORJSONRenderer()
        return renderer, renderer.media_type


class CaseCsvView(JSONErrorsMixin, AudienceVaryMixin, generics.GenericAPIView):
    """The cases you may see, one row each, with the same filters as /api/v1/cases/."""

    queryset = Case.objects.all()
    filterset_class = CaseFilter

    def get_queryset(self):
        return cases_for_audience(audience=audience(self.request), user=self.request.user)

    @extend_schema(
        operation_id="cases_csv",
        responses={(200, "text/csv"): OpenApiTypes.BINARY},
        description=(
            "One row a case (UTF-8 with BOM; cells a spreadsheet would run as a formula start "
            "with an apostrophe)."
        ),
    )
    def get(self, request):
        who = audience(request)
        pks = self.filter_queryset(self.get_queryset()).values("pk")
        changed = case_changed_field(audience=audience(request))
        cases = (
            # Staff: days detained count only the cases this member of staff sees.
            case_list(now=timezone.now(), user=request.user if who == STAFF else None)
            .filter(pk__in=pks)
            .prefetch_related(
                "violations",
                # The appeals column: issued appeals with their issuers, the organisation's
                # first in their order, then other issuers' by date.
                Prefetch(
                    "appeals",
                    queryset=Appeal.objects.issued()
                    .select_related("issuer")
                    .order_by("-issuer__is_own", "sequence", "issue_date", "pk"),
                    to_attr="issued_appeals",
                ),
            )
            .order_by(f"-{changed}", "pk")
        )
        # Every export is logged, partners' too: who took which cases out, with which filters.
        audit_record(
            action=Action.EXPORT,
            request=request,
            object_type=Case._meta.label_lower,
            detail={"format": "csv", "via": "api:case-csv", "filters": request.query_params.dict()},
        )
        response = StreamingHttpResponse(
            csv_stream(case_rows(cases, request, changed=changed)),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="cases.csv"'
        return response

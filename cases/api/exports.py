"""GET /api/v1/cases.csv: one row a case, for spreadsheets.

Same filters and audience as /api/v1/cases/ (partners: public cases), UTF-8 with a BOM so
that spreadsheet programs open Cyrillic and accented names correctly, every cell that a
spreadsheet would take for a formula neutralised, streamed so that a large export never
sits in memory. No confidential field is read, whoever asks (appeals_site.outward: a
confidential field is never in the CSV): case_list() loads defenders' names and situations
only, and the prefetches below name the columns they read.

A cell that lists several things separates them with "; " (the names in `defenders`, the
appeals …), except `decisions`, whose sentences have "; " between their parts: its rulings
are separated by " | ". Dates keep the precision the source gave, in the API's form
("2019-03", "2012-autumn": cases.dates), with the source's own words after them when they
differ.
"""

import csv
import datetime as dt
import hashlib
import zoneinfo
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import orjson
from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Prefetch, Q
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.translation import get_language
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
from cases.dates import uncertain_date
from cases.models import (
    Appeal,
    Case,
    Charge,
    Decision,
    DetentionPeriod,
    Proceeding,
    Ruling,
    SentencePart,
    charge_text,
)
from cases.outward import CASE
from cases.references import case_public_path
from cases.selectors import (
    case_changed_field,
    case_export_version,
    case_list,
    case_longest_detention,
    cases_for_audience,
)
from cases.sentences import ruling_charges_text, sentence_text
from defenders.models import Affiliation, Defender, OtherName

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
    if case.next_hearing_local_time is None:
        # No time was stated: the day alone, not the midnight the start is stored at.
        return f"{local:%Y-%m-%d} ({case.next_hearing_time_zone})"
    return f"{local:%Y-%m-%d %H:%M} ({case.next_hearing_time_zone})"


def _appeal_cell(appeal: Appeal) -> str:
    """Return an issued appeal as the CSV names it: its reference as printed (or its type),
    its date, and its issuer when it is not the organisation:
    `UA 117/21 (Amnesty International, 2021-05-03)`."""
    label = appeal.reference or appeal.intervention_type_name
    date = f"{appeal.issue_date:%Y-%m-%d}" if appeal.issue_date else ""
    details = [appeal.issuer_name] if not appeal.issuer.is_own else []
    return f"{label} ({', '.join([*details, date] if date else details)})"


def _issuers_cell(appeals: list[Appeal]) -> str:
    """Return the issuers of the issued appeals, each once, in the appeals' order."""
    return "; ".join(dict.fromkeys(a.issuer_name for a in appeals))


def _index_numbers_cell(appeals: list[Appeal]) -> str:
    """Return the index numbers of the issued appeals, each with the reference it indexes:
    `EUR 58/4455/2021 (UA 117/21)`."""
    return "; ".join(
        f"{a.index_number} ({a.reference})" if a.reference else a.index_number
        for a in appeals
        if a.index_number
    )


def _other_names_cell(defenders: list[Defender]) -> str:
    """Return each defender's other names: `Aigerim Dzhaksybekova: Aigerim Jaksybekova, Aika`."""
    return "; ".join(
        f"{d.full_name}: {', '.join(o.name for o in d.other_names.all())}"
        for d in defenders
        if d.other_names.all()
    )


def _affiliations_cell(defenders: list[Defender]) -> str:
    """Return each affiliation, the defender's primary one first: `Aigerim Dzhaksybekova:
    head, Justice for All (since 2015)`."""
    cells = []
    for defender in defenders:
        for each in defender.affiliations.all():
            text = ", ".join(part for part in (each.role, each.organisation) if part)
            if each.period:
                text = f"{text} ({each.period})"
            cells.append(f"{defender.full_name}: {text}")
    return "; ".join(cells)


def _unnamed_groups_cell(case: Case) -> str:
    """Return the unnamed people as printed, with their count and city: `a dozen other
    lawyers (about 12)`, `students (at least 30), Béjaïa`; no count when the source gives
    none."""
    bounds = {"at_least": "at least", "more_than": "more than"}
    cells = []
    for group in case.unnamed_groups.all():
        cell = group.description
        if group.count is not None:
            if group.count_qualifier:
                count = f"{bounds[group.count_qualifier]} {group.count}"
            elif group.count_approximate:
                count = f"about {group.count}"
            else:
                count = str(group.count)
            cell = f"{cell} ({count})"
        if group.city:
            cell = f"{cell}, {group.city}"
        cells.append(cell)
    return "; ".join(cells)


def _charges_cell(case: Case) -> str:
    """Return each charge with its proceeding, status and defenders: `criminal case No. 12345:
    membership of an illegal group [Pending; A Alieva, B Bekov]`."""
    cells = []
    for proceeding in case.proceedings.all():
        for charge in proceeding.charges.all():
            names = ", ".join(sorted(d.full_name for d in charge.defenders.all()))
            details = "; ".join(p for p in (charge.get_status_display(), names) if p)
            cells.append(f"{proceeding}: {charge_text(charge)} [{details}]")
    return "; ".join(cells)


def _decisions_cell(case: Case) -> str:
    """Return each ruling of each decision, its sentence written from its parts
    (cases.sentences), never the source's free text: `2025-07-01, Leninsky District Court,
    First instance: A Alieva, Convicted: Imprisonment, 3 years, suspended for 2 years; Fine,
    50000 KGS (requested: Imprisonment, 7 years)`; " | " between rulings."""
    cells = []
    for proceeding in case.proceedings.all():
        labels = {charge.pk: charge_text(charge) for charge in proceeding.charges.all()}
        for decision in proceeding.decisions.all():
            head = ", ".join(
                part
                for part in (
                    f"{decision.date:%Y-%m-%d}" if decision.date else "",
                    decision.court,
                    str(decision.get_level_display()) if decision.level else "",
                )
                if part
            )
            for ruling in decision.rulings.all():
                parts = list(ruling.sentence_parts.all())
                imposed = sentence_text([p for p in parts if not p.requested], charge_labels=labels)
                requested = sentence_text([p for p in parts if p.requested], charge_labels=labels)
                text = ", ".join(
                    p for p in (ruling.defender.full_name, ruling.get_outcome_display()) if p
                )
                ruled_on = ruling_charges_text(ruling.charge_ids or [], charge_labels=labels)
                if ruled_on:
                    text += f" ({ruled_on})"
                if imposed:
                    text += f": {imposed}"
                if requested:
                    text += f" (requested: {requested})"
                cells.append(f"{head}: {text}" if head else text)
    return " | ".join(cells)


def _date_cell(record, name: str) -> str:
    """Return an uncertain date in the API's form, and the source's words when they differ:
    `2019-03 ("in March 2019")`."""
    value = uncertain_date(record, name)
    if value is None:
        return ""
    printed = getattr(record, f"{name}_as_printed")
    return f'{value.iso()} ("{printed}")' if printed else value.iso()


def _measures_cell(case: Case) -> str:
    """Return each measure (detention of every kind, house arrest, travel ban …) with its
    dates as precise as the source: `A Alieva: Travel ban, from 2017-07, term until
    2020-01-15`. An end nobody recorded is left out, not guessed; an unknown start says so."""
    cells = []
    for measure in case.measures:
        text = f"{measure.defender.full_name}: {measure.get_kind_display()}"
        if measure.kind_as_printed:
            text += f' ("{measure.kind_as_printed}")'
        if measure.start_date is not None:
            text += f", from {_date_cell(measure, 'start_date')}"
        else:  # no source gives it, or gives no real day ("31 June 2022 [sic]")
            printed = measure.start_date_as_printed
            text += f', start unknown ("{printed}")' if printed else ", start unknown"
        if measure.actual_end is not None:
            text += f", to {_date_cell(measure, 'actual_end')}"
        elif measure.ended:  # on a day no source gives
            printed = measure.ended_as_printed
            text += f', ended ("{printed}")' if printed else ", ended"
        elif measure.term_ends_on is not None:
            text += f", term until {measure.term_ends_on:%Y-%m-%d}"
        cells.append(text)
    return "; ".join(cells)


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
    "issuers": lambda row: _issuers_cell(row.case.issued_appeals),
    "index_numbers": lambda row: _index_numbers_cell(row.case.issued_appeals),
    "other_names": lambda row: _other_names_cell(row.defenders),
    "affiliations": lambda row: _affiliations_cell(row.defenders),
    "unnamed_groups": lambda row: _unnamed_groups_cell(row.case),
    "charges": lambda row: _charges_cell(row.case),
    "decisions": lambda row: _decisions_cell(row.case),
    "measures": lambda row: _measures_cell(row.case),
}


def _export_prefetches() -> list:
    """Return what the computed columns read besides case_list()'s shaping, each with the
    columns it needs (none confidential), so that the export's queries grow per chunk of
    cases, not per case."""
    names = Defender.objects.only("id", "full_name")
    rulings = (
        Ruling.objects.select_related("defender")
        .only("id", "decision_id", "outcome", "defender__full_name")
        .order_by("defender__full_name", "id")
        .prefetch_related(
            Prefetch(
                "sentence_parts",
                queryset=SentencePart.objects.order_by("requested", "position", "id"),
            )
        )
        # The charges it rules on, in the same query (null: none named).
        .annotate(charge_ids=ArrayAgg("charges", filter=Q(charges__isnull=False)))
    )
    charges = (
        Charge.objects.only(
            "id", "proceeding_id", "instrument", "article", "offence", "status", "created_at"
        )
        .order_by("date_brought", "created_at", "id")
        .prefetch_related(Prefetch("defenders", queryset=names))
    )
    decisions = (
        Decision.objects.only("id", "proceeding_id", "date", "court", "level")
        .order_by("date", "created_at", "id")
        .prefetch_related(Prefetch("rulings", queryset=rulings))
    )
    return [
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
        Prefetch("defenders__other_names", queryset=OtherName.objects.order_by("position")),
        Prefetch("defenders__affiliations", queryset=Affiliation.objects.order_by("position")),
        "unnamed_groups",
        Prefetch(
            "proceedings",
            queryset=Proceeding.objects.order_by("created_at", "id").prefetch_related(
                Prefetch("charges", queryset=charges), Prefetch("decisions", queryset=decisions)
            ),
        ),
        Prefetch(
            "detention_periods",
            # Every kind of measure, not only custody; notes are internal, never read.
            queryset=DetentionPeriod.objects.select_related("defender")
            .only(
                "id",
                "case_id",
                "kind",
                "kind_as_printed",
                "start_date",
                "start_date_latest",
                "start_date_precision",
                "start_date_as_printed",
                "actual_end",
                "actual_end_latest",
                "actual_end_precision",
                "actual_end_as_printed",
                "ended",
                "ended_as_printed",
                "term_ends_on",
                "defender__full_name",
            )
            .order_by("start_date", "defender__full_name", "id"),
            to_attr="measures",
        ),
    ]


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


def export_etag(*parts) -> str:
    """Return a strong ETag for an export made of `parts` (JSON-serialisable)."""
    raw = orjson.dumps(parts, option=orjson.OPT_NON_STR_KEYS)
    return f'"{hashlib.blake2b(raw, digest_size=16).hexdigest()}"'


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
    filters_in_schema = True

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
        selected = self.filter_queryset(self.get_queryset())
        pks = selected.values("pk")
        changed = case_changed_field(audience=audience(request))
        now = timezone.now()
        # A streamed body has no ETag of Django's making: it is the hash of what the export is
        # made of, so that an unchanged export answers 304 (and is not logged as taken out).
        etag = export_etag(
            case_export_version(selected, now=now, changed=changed),
            who,
            get_language(),
            request.META.get("QUERY_STRING", ""),
        )
        not_modified = get_conditional_response(request, etag=etag)
        if not_modified is not None:
            return not_modified
        cases = (
            # Staff: days detained count only the cases this member of staff sees.
            case_list(now=now, user=request.user if who == STAFF else None)
            .filter(pk__in=pks)
            .prefetch_related(*_export_prefetches())
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
        response["ETag"] = etag
        return response

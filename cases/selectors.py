"""Reads of cases, shaped for their reader so that no page issues a query per row."""

import datetime as dt
import zoneinfo

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from cases.detention import Detention, Span, continuous_detention
from cases.models import Case, DetentionPeriod, Hearing
from defenders.models import Defender


def local_today(time_zone: str, now: dt.datetime | None = None) -> dt.date:
    """Return today's date in `time_zone`."""
    return (now or timezone.now()).astimezone(zoneinfo.ZoneInfo(time_zone)).date()


def defender_detention(
    *, defender: Defender, today: dt.date | None = None, time_zone: str = "UTC"
) -> Detention | None:
    """Return since when and for how many days the defender is held, or None.

    Uses all the defender's detention periods, whatever the case: with `detention_periods`
    prefetched this issues no query.
    """
    today = today or local_today(time_zone)
    spans = [Span(p.start_date, p.actual_end) for p in defender.detention_periods.all()]
    return continuous_detention(spans, today)


def case_longest_detention(*, case: Case, today: dt.date | None = None) -> Detention | None:
    """Return the longest ongoing detention among the case's defenders, or None."""
    today = today or local_today(case.time_zone)
    detentions = [
        d
        for d in (defender_detention(defender=x, today=today) for x in case.defenders.all())
        if d is not None
    ]
    return max(detentions, key=lambda d: d.days, default=None)


def _next_hearing_subquery(now: dt.datetime, field: str) -> Subquery:
    return Subquery(
        Hearing.objects.filter(
            case=OuterRef("pk"), status=Hearing.Status.SCHEDULED, starts_at__gte=now
        )
        .order_by("starts_at", "id")
        .values(field)[:1]
    )


def case_list(*, now: dt.datetime | None = None) -> QuerySet[Case]:
    """Return cases with what a list of them shows: the next hearing's start
    (`next_hearing_at`) and its court's time zone (`next_hearing_time_zone`), and the defenders
    with their detention periods, for "days detained"."""
    now = now or timezone.now()
    return Case.objects.annotate(
        next_hearing_at=_next_hearing_subquery(now, "starts_at"),
        next_hearing_time_zone=_next_hearing_subquery(now, "time_zone"),
    ).prefetch_related(
        Prefetch(
            "defenders",
            queryset=Defender.objects.only("id", "full_name", "situation").prefetch_related(
                Prefetch(
                    "detention_periods",
                    queryset=DetentionPeriod.objects.only(
                        "id", "defender_id", "start_date", "actual_end"
                    ),
                )
            ),
        )
    )


def defender_list() -> QuerySet[Defender]:
    """Return defenders with their detention periods, for "detained since … (N days)"."""
    return Defender.objects.prefetch_related(
        Prefetch(
            "detention_periods",
            queryset=DetentionPeriod.objects.only("id", "defender_id", "start_date", "actual_end"),
        )
    )


def public_case_condition() -> Q:
    """Return the condition of the cases partners and campaigners may see: published, or
    closed after publication (cases.services.case_is_public says the same of one case)."""
    return Q(status=Case.Status.PUBLISHED) | Q(
        status=Case.Status.CLOSED, published_at__isnull=False
    )


def cases_for_audience(*, audience: str) -> QuerySet[Case]:
    """Return the cases an API audience may read: partners the public ones, staff all."""
    from appeals_site.api.permissions import PARTNER

    if audience == PARTNER:
        return Case.objects.filter(public_case_condition())
    return Case.objects.all()


def case_tombstones_since(*, since: dt.datetime | None, audience: str) -> QuerySet:
    """Return the ids of cases that left what the audience may see after `since` and are still
    out of its sight, with when and why, oldest first."""
    from cases.models import CaseTombstone

    tombstones = CaseTombstone.objects.exclude(
        case_id__in=cases_for_audience(audience=audience).values("pk")
    )
    if since is not None:
        tombstones = tombstones.filter(left_at__gt=since)
    return tombstones.order_by("left_at", "id").values("case_id", "reason", "left_at")

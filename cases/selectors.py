"""Reads of cases, shaped for their reader so that no page issues a query per row."""

import datetime as dt

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import Case as Choose
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from appeals_site.audience import PARTNER, STAFF
from appeals_site.models import changed_field
from cases.dates import local_today
from cases.detention import Detention, Span, continuous_detention
from cases.models import (
    CUSTODY_KINDS,
    Appeal,
    Case,
    CaseTombstone,
    DetentionPeriod,
    ExternalReference,
    Hearing,
    public_case_condition,
)
from cases.references import reference_key
from defenders.models import Defender, OtherName

# What "days detained" reads of a measure: its custody kinds only, and its case's closing day.
SPAN_VALUES = (
    "start_date",
    "start_date_latest",
    "start_date_precision",
    "actual_end",
    "continues_previous",
)


def custody_spans(periods: QuerySet[DetentionPeriod]) -> dict:
    """Return the spans of custody of `periods` (a queryset), by defender id (as a string),
    in one query: the only reading of measures that days detained count."""
    spans: dict = {}
    rows = periods.filter(kind__in=CUSTODY_KINDS).values(
        "defender_id", *SPAN_VALUES, closed_on=F("case__closed_on")
    )
    for row in rows:
        defender_id = str(row.pop("defender_id"))
        spans.setdefault(defender_id, []).append(Span.of(**row))
    return spans


def defender_detention(
    *, defender: Defender, today: dt.date | None = None, time_zone: str = "UTC"
) -> Detention | None:
    """Return since when and for how many days the defender is held, or None.

    Uses the defender's detention periods as loaded, whatever the case: with
    `detention_periods` prefetched (custody_periods) this issues no query. Staff
    readers prefetch only the periods of cases they may see (defender_list, case_list with
    `user`), so that a figure never counts a restricted case hidden from them.
    """
    today = today or local_today(time_zone)
    spans = [
        Span.of(
            **{name: getattr(p, name) for name in SPAN_VALUES},
            closed_on=p.case.closed_on,
        )
        for p in defender.detention_periods.all()
        if p.kind in CUSTODY_KINDS
    ]
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


def custody_periods(user=None) -> QuerySet[DetentionPeriod]:
    """Return the detention periods a figure counts (only what "days detained" reads): for a
    member of staff (`user`), those of the cases they may see; for None, all."""
    periods = (
        DetentionPeriod.objects.filter(kind__in=CUSTODY_KINDS)
        .select_related("case")
        .only("id", "defender_id", "kind", *SPAN_VALUES, "case__closed_on")
    )
    if user is None:
        return periods
    return periods.filter(case_visibility_condition(user, through="case__"))


def case_list(*, now: dt.datetime | None = None, user=None) -> QuerySet[Case]:
    """Return cases with what a list of them shows: the next hearing's start
    (`next_hearing_at`), its court's time zone (`next_hearing_time_zone`) and local time
    (`next_hearing_local_time`: None when no time was stated), and the defenders
    with their detention periods, for "days detained". With `user` (a member of staff), only
    the periods of cases they may see count: a defender's detention recorded on a restricted
    case hidden from them shows nowhere. The rows themselves are not filtered here."""
    now = now or timezone.now()
    return Case.objects.annotate(
        next_hearing_at=_next_hearing_subquery(now, "starts_at"),
        next_hearing_time_zone=_next_hearing_subquery(now, "time_zone"),
        next_hearing_local_time=_next_hearing_subquery(now, "local_time"),
    ).prefetch_related(
        Prefetch(
            "defenders",
            queryset=Defender.objects.only("id", "full_name", "situation").prefetch_related(
                Prefetch("detention_periods", queryset=custody_periods(user))
            ),
        )
    )


def defender_list(*, user=None) -> QuerySet[Defender]:
    """Return defenders with their detention periods, for "detained since … (N days)". With
    `user` (a member of staff): only the defenders they may see (defenders_visible_to), with
    only the periods of the cases they may see."""
    defenders = Defender.objects.all() if user is None else defenders_visible_to(user)
    return defenders.prefetch_related(Prefetch("detention_periods", queryset=custody_periods(user)))


# --- Restricted cases -----------------------------------------------------------------------
# A restricted case is seen only by the staff assigned to it and by administrators
# (superusers): colleagues must not even learn that it exists, so every reader of cases or of
# their records (the admin, the staff API, reminders) filters with the condition below, in
# the same query as the rows themselves, and answers 404 rather than 403.


def case_visibility_condition(user, *, through: str = "", optional: bool = False) -> Q:
    """Return the condition on cases that `user` may see: all for an administrator; else the
    cases that are not restricted and the restricted ones they are assigned to.

    `through` applies it to records of a case: "case__" for a hearing, "appeal__case__" for a
    letter. `optional`: records with no case at all (a country subscription) are kept."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return Q()
    links = Case.assigned_staff.through.objects
    user_id = getattr(user, "pk", None)
    assigned = links.filter(user_id=user_id) if user_id is not None else links.none()
    condition = Q(**{f"{through}is_restricted": False}) | Q(
        **{f"{through}pk__in": assigned.values("case_id")}
    )
    if optional and through:
        condition |= Q(**{f"{through.removesuffix('__')}__isnull": True})
    return condition


def cases_visible_to(user) -> QuerySet[Case]:
    """Return the cases a member of staff may see (restricted ones only if assigned to them,
    or if they are an administrator)."""
    return Case.objects.filter(case_visibility_condition(user))


def case_visible_to(*, user, case_id) -> bool:
    """Return whether `user` may see the case `case_id`, or its history once it is deleted
    (a deleted case's last history row says whether it was restricted; who was assigned to
    it is not kept, so only administrators see a deleted restricted case's history)."""
    if case_visibility_condition(user) == Q():
        return True  # an administrator
    if cases_visible_to(user).filter(pk=case_id).exists():
        return True
    if Case.objects.filter(pk=case_id).exists():
        return False
    last = Case.history.filter(id=case_id).order_by("-history_date", "-history_id").first()
    return last is None or not last.is_restricted


# A defender is seen by whoever may see one of the cases that name them (Case.defenders). One
# who appears only on cases hidden from a member of staff does not exist for that person, as
# those cases do not: left out of lists and autocomplete, 404 on every page and endpoint, and
# every write refused (defenders.services). A defender on no case at all (just recorded, not
# yet linked) is seen by all staff: nothing of a restricted case is known through them yet,
# and whoever records a defender must find them again to link them to a case.


def defender_visibility_condition(user) -> Q:
    """Return the condition on defenders that `user` may see: all for an administrator; else
    those named by a case they may see (case_visibility_condition), and those on no case."""
    if case_visibility_condition(user) == Q():
        return Q()  # an administrator
    links = Case.defenders.through.objects
    on_a_visible_case = links.filter(
        case_visibility_condition(user, through="case__"), defender_id=OuterRef("pk")
    )
    on_any_case = links.filter(defender_id=OuterRef("pk"))
    return Q(Exists(on_a_visible_case)) | ~Q(Exists(on_any_case))


def defenders_visible_to(user) -> QuerySet[Defender]:
    """Return the defenders a member of staff may see (defender_visibility_condition)."""
    return Defender.objects.filter(defender_visibility_condition(user))


def defender_search(queryset: QuerySet[Defender], text: str) -> QuerySet[Defender]:
    """Return the defenders of `queryset` with `text` in their full name, their name in local
    script or one of their other names (spellings, transliterations, aliases)."""
    text = text.strip()
    if not text:
        return queryset
    named = OtherName.objects.filter(defender=OuterRef("pk"), name__icontains=text)
    return queryset.filter(
        Q(full_name__icontains=text) | Q(local_name__icontains=text) | Q(Exists(named))
    )


def defender_visible_to(*, user, defender_id) -> bool:
    """Return whether `user` may see the defender `defender_id` (no query for an
    administrator)."""
    if case_visibility_condition(user) == Q():
        return True
    return defenders_visible_to(user).filter(pk=defender_id).exists()


def defender_history_visible_to(*, user, defender_id) -> bool:
    """Return whether `user` may see the history of the defender `defender_id`, who may since
    have been deleted. A deleted defender's cases are no longer linked to them, but the cases'
    history remembers which cases ever named them: their history is shown only to those who
    may see every one of those cases (administrators always)."""
    if defender_visible_to(user=user, defender_id=defender_id):
        return True
    if Defender.objects.filter(pk=defender_id).exists():
        return False  # it exists, on cases hidden from this user
    links_history = Case.history.model._meta.apps.get_model("cases", "HistoricalCase_defenders")
    case_ids = set(
        links_history.objects.filter(defender_id=defender_id)
        .exclude(case_id=None)
        .values_list("case_id", flat=True)
    )
    return all(case_visible_to(user=user, case_id=case_id) for case_id in case_ids)


def cases_for_audience(*, audience: str, user) -> QuerySet[Case]:
    """Return the cases an API audience may read: partners the public ones (restriction
    concerns staff only), staff all they may see (cases_visible_to)."""
    if audience == PARTNER:
        return Case.objects.filter(public_case_condition())
    return cases_visible_to(user)


def case_changed_field(*, audience: str) -> str:
    """Return the field that says when a case last changed for `audience`: `shared_at` for
    partners (what they read changed), `updated_at` for staff (anything changed)."""
    return changed_field(Case, audience=audience)


def case_tombstones_since(*, since: dt.datetime | None, audience: str) -> QuerySet:
    """Return the ids of cases that left what the audience may see after `since` and are still
    out of its sight, with when and why, oldest first."""
    # Not cases_for_audience: for staff a tombstone means deleted, whatever the restriction
    # (the tombstone of a restricted case that is still there would tell that it exists).
    seen = (
        Case.objects.filter(public_case_condition()) if audience == PARTNER else Case.objects.all()
    )
    tombstones = CaseTombstone.objects.exclude(case_id__in=seen.values("pk"))
    if since is not None:
        tombstones = tombstones.filter(left_at__gt=since)
    return tombstones.order_by("left_at", "id").values("case_id", "reason", "left_at")


# --- Search ----------------------------------------------------------------------------------


def appeal_reference_condition(text: str) -> Q:
    """Return the filter of the appeals whose reference or index number is `text`, in any
    archived spelling (cases.references.reference_key): the organisation's codes, minted or
    archival (`RUS 001 /0118 / OBS 004.03`), and other issuers' (`UA 182/14`,
    `ASA 19/1234/2020`)."""
    key = reference_key(text)
    if not key:
        return Q(pk__in=[])
    return Q(reference_key=key) | Q(index_key=key)


def case_reference_condition(text: str, *, audience: str) -> Q:
    """Return the filter of the cases that `text` is a reference of, in any archived
    spelling: the case's own, one of its appeals' (issued ones only, but for staff), or an
    external reference recorded on it."""
    key = reference_key(text)
    if not key:
        return Q(pk__in=[])
    appeals = Appeal.objects.filter(appeal_reference_condition(text))
    if audience != STAFF:
        appeals = appeals.filter(issued_at__isnull=False)
    return (
        Q(reference_key=key)
        | Q(pk__in=appeals.values("case_id"))
        | Q(pk__in=ExternalReference.objects.filter(reference_key=key).values("case_id"))
    )


SEARCHED_FIELDS = (
    "title",
    "summary",
    "background",
    "defenders__full_name",
    "defenders__local_name",
    "defenders__other_names__name",
    "appeals__texts__title",
)


def _searched_expressions(audience: str) -> list:
    """Return what search reads for `audience`. Staff search every field they may see; the
    public and partners only what they can read: the case's and its defenders' outward fields
    (none of SEARCHED_FIELDS is confidential) and the titles of *issued* appeals. A draft's
    title is nobody's business outside: matching it would tell, one result or none, what an
    unissued appeal says."""
    if audience == STAFF:
        return list(SEARCHED_FIELDS)
    issued_title = Choose(
        When(appeals__issued_at__isnull=False, then=F("appeals__texts__title")),
        default=Value(""),
    )
    return [*SEARCHED_FIELDS[:-1], issued_title]


def case_search(queryset, text: str, *, audience: str):
    """Cases whose names, titles or text match `text`: PostgreSQL full-text search (the
    'simple' configuration, since cases are written in several languages), over what
    `audience` may read (appeals_site.audience; the public site searches as PARTNER); or
    cases that `text` is a reference of, in any spelling (case_reference_condition)."""
    text = text.strip()
    if not text:
        return queryset
    document = SearchVector(*_searched_expressions(audience), config="simple")
    matching = (
        Case.objects.annotate(document=document)
        .filter(document=SearchQuery(text, search_type="websearch", config="simple"))
        .values("pk")
    )
    return queryset.filter(Q(pk__in=matching) | case_reference_condition(text, audience=audience))

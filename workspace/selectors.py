"""Reads of the staff workspace and of its dashboard, for one member of staff.

Every read keeps to the cases the member of staff may see (cases.selectors.
case_visibility_condition): a restricted case hidden from them adds no row and no figure.
Each block is one or two queries, whatever the number of rows (no query per row).
"""

import datetime as dt
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db.models import (
    Count,
    DateTimeField,
    Exists,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce, Greatest, TruncMonth
from django.utils import timezone
from django_countries import countries

from cases.dates import local_today
from cases.detention import Detention, continuous_detention, detention_text
from cases.models import (
    Appeal,
    Case,
    Charge,
    DetentionPeriod,
    Event,
    Hearing,
    Ruling,
    ViolationLabel,
)
from cases.selectors import (
    case_visibility_condition,
    cases_visible_to,
    custody_periods,
    custody_spans,
    defender_detention,
    defender_list,
)
from defenders.models import Defender
from reminders.selectors import cases_followed_by, reminders_pending_for

# The workspace's horizons (issue 16): hearings in the next 14 days, cases quiet for 30.
HEARINGS_AHEAD_DAYS = 14
QUIET_DAYS = 30
# No block lists more than this many rows; each says how many more there are.
BLOCK_ROWS = 25
# The dashboard's time series: this many months, the current one last.
MONTHS = 12


@dataclass(frozen=True)
class Block:
    """Rows of one workspace block: the first BLOCK_ROWS, and how many there are in all."""

    rows: list
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.rows)


def _today() -> dt.date:
    """Return today in the site's time zone (TIME_ZONE): the day every figure is counted on."""
    return local_today(timezone.get_default_timezone_name())


def _block(queryset: QuerySet) -> Block:
    rows = list(queryset[: BLOCK_ROWS + 1])
    if len(rows) <= BLOCK_ROWS:
        return Block(rows=rows, total=len(rows))
    return Block(rows=rows[:BLOCK_ROWS], total=queryset.count())


def _list_block(rows: list) -> Block:
    return Block(rows=rows[:BLOCK_ROWS], total=len(rows))


# --- The workspace's blocks ------------------------------------------------------------------


def hearings_ahead(*, user, now: dt.datetime | None = None) -> QuerySet[Hearing]:
    """Return the scheduled hearings from now to HEARINGS_AHEAD_DAYS days ahead, soonest
    first, with their case and defenders."""
    now = now or timezone.now()
    return (
        Hearing.objects.filter(
            case_visibility_condition(user, through="case__"),
            status=Hearing.Status.SCHEDULED,
            starts_at__gte=now,
            starts_at__lt=now + dt.timedelta(days=HEARINGS_AHEAD_DAYS),
        )
        .select_related("case")
        .prefetch_related(Prefetch("defenders", queryset=Defender.objects.only("id", "full_name")))
        .order_by("starts_at", "id")
    )


@dataclass(frozen=True)
class DetainedDefender:
    defender: Defender
    detention: Detention

    @property
    def days_text(self) -> str:
        """Return "Detained since 17 May 2025 (191 days)", as letters and public pages say it."""
        return detention_text(self.detention)


def defenders_detained(*, user, today: dt.date | None = None) -> list[DetainedDefender]:
    """Return the defenders held today, longest held first, with since when and for how
    many days (cases.selectors.defender_detention: the figure every page gives), counted
    from the periods of the cases the member of staff may see only. Two queries."""
    today = today or _today()
    # Only those with a period not ended before today can be held: the arithmetic decides.
    held_now = custody_periods(user).filter(
        Q(actual_end__isnull=True) | Q(actual_end__gt=today), defender_id=OuterRef("pk")
    )
    defenders = (
        defender_list(user=user)
        .filter(Exists(held_now))
        .prefetch_related(
            Prefetch("cases", queryset=cases_visible_to(user).only("id", "title", "reference"))
        )
        .order_by("full_name", "id")
    )
    rows = []
    for defender in defenders:
        detention = defender_detention(defender=defender, today=today)
        # Held today: not a stretch that ended with its case's closing (`until`).
        if detention is not None and detention.until is None:
            rows.append(DetainedDefender(defender=defender, detention=detention))
    rows.sort(key=lambda row: (-row.detention.days, row.defender.full_name))
    return rows


def appeals_in_review(*, user) -> QuerySet[Appeal]:
    """Return the draft appeals (not yet issued), the longest waiting first, with their case."""
    return (
        Appeal.objects.filter(
            case_visibility_condition(user, through="case__"), issued_at__isnull=True
        )
        .select_related("case", "issuer")
        .order_by("created_at", "id")
    )


def _last_change(model) -> Subquery:
    return Subquery(
        model.objects.filter(case=OuterRef("pk"))
        .order_by()
        .values("case")
        .annotate(last=Max("updated_at"))
        .values("last")[:1],
        output_field=DateTimeField(),
    )


def cases_quiet(*, user, now: dt.datetime | None = None) -> QuerySet[Case]:
    """Return the cases not closed on which nothing was changed for QUIET_DAYS days: neither
    the case nor its appeals, hearings, measures, charges or events (`last_changed_at`),
    the quietest first."""
    now = now or timezone.now()
    latest = [
        Coalesce(_last_change(model), F("updated_at"))
        for model in (Appeal, Hearing, DetentionPeriod, Charge, Event)
    ]
    return (
        cases_visible_to(user)
        .exclude(status=Case.Status.CLOSED)
        .annotate(last_changed_at=Greatest(F("updated_at"), *latest))
        .filter(last_changed_at__lt=now - dt.timedelta(days=QUIET_DAYS))
        .order_by("last_changed_at", "id")
    )


def workspace_blocks(*, user, now: dt.datetime | None = None) -> dict[str, Block]:
    """Return the workspace's blocks for a member of staff, by name."""
    now = now or timezone.now()
    subscriptions = cases_followed_by(user=user)
    return {
        "hearings": _block(hearings_ahead(user=user, now=now)),
        "detained": _list_block(defenders_detained(user=user)),
        "appeals_in_review": _block(appeals_in_review(user=user)),
        "quiet_cases": _block(cases_quiet(user=user, now=now)),
        "reminders": _block(reminders_pending_for(user=user)),
        "followed_cases": _block(subscriptions.filter(case__isnull=False)),
        "followed_countries": _block(subscriptions.filter(case__isnull=True)),
    }


# --- The dashboard's figures -----------------------------------------------------------------


def _months(today: dt.date) -> list[dt.date]:
    first = today.replace(day=1)
    return [first - relativedelta(months=n) for n in range(MONTHS - 1, -1, -1)]


def _per_month(
    queryset: QuerySet, field: str, months: list[dt.date], *, since: str
) -> dict[dt.date, int]:
    """Return the rows of `queryset` counted by the month of `field`, from the first of
    `months` on (`since`: the lookup that compares `field` with that day)."""
    counts = (
        queryset.filter(**{since: months[0]})
        .annotate(month=TruncMonth(field))
        .values("month")
        .annotate(n=Count("id"))
        .values_list("month", "n")
    )
    by_month: dict[dt.date, int] = {}
    for month, n in counts:
        day = month.date() if isinstance(month, dt.datetime) else month
        by_month[day] = by_month.get(day, 0) + n
    return by_month


def cases_and_appeals_per_month(*, user, today: dt.date | None = None) -> list[tuple]:
    """Return, for each of the last MONTHS months: the month's first day, the cases recorded
    that month (their creation) and the appeals issued that month (their issue date)."""
    today = today or _today()
    months = _months(today)
    cases = _per_month(cases_visible_to(user), "created_at", months, since="created_at__date__gte")
    appeals = _per_month(
        Appeal.objects.issued().filter(case_visibility_condition(user, through="case__")),
        "issue_date",
        months,
        since="issue_date__gte",
    )
    return [(month, cases.get(month, 0), appeals.get(month, 0)) for month in months]


def defenders_detained_per_month(*, user, today: dt.date | None = None) -> list[tuple]:
    """Return, for each of the last MONTHS months: the month's first day and how many
    defenders were held on its last day (today for the current month), by the detention
    arithmetic (cases.detention.continuous_detention) on the periods of the cases the member
    of staff may see. One query."""
    today = today or _today()
    spans = custody_spans(custody_periods(user))
    rows = []
    for month in _months(today):
        day = min(month + relativedelta(months=1, days=-1), today)
        held = 0
        for defender_spans in spans.values():
            detention = continuous_detention(defender_spans, day)
            if detention is not None and detention.until is None:
                held += 1
        rows.append((month, held))
    return rows


def cases_by_country(*, user) -> list[tuple]:
    """Return (country name, number of cases) for every country with a case, most first."""
    counts = (
        cases_visible_to(user)
        .order_by()
        .values("country")
        .annotate(n=Count("id"))
        .values_list("country", "n")
    )
    rows = [(countries.name(code) or code, n) for code, n in counts]
    return sorted(rows, key=lambda row: (-row[1], row[0]))


def cases_by_violation(*, user) -> list[tuple]:
    """Return (violation label, number of cases labelled with it) for every label in use,
    most first."""
    visible = case_visibility_condition(user, through="cases__")
    labels = (
        ViolationLabel.objects.annotate(n=Count("cases", filter=visible, distinct=True))
        .filter(n__gt=0)
        .values_list("name", "n")
    )
    return sorted(labels, key=lambda row: (-row[1], row[0]))


def rulings_by_outcome(*, user) -> list[tuple]:
    """Return (outcome, number of rulings) for every outcome courts gave, most first: a
    ruling is one court's decision on one defender (cases.models.Ruling)."""
    counts = (
        Ruling.objects.filter(
            case_visibility_condition(user, through="decision__proceeding__case__")
        )
        .order_by()
        .values("outcome")
        .annotate(n=Count("id"))
        .values_list("outcome", "n")
    )
    labels = dict(Ruling.Outcome.choices)
    rows = [(str(labels.get(outcome, outcome)), n) for outcome, n in counts if outcome]
    return sorted(rows, key=lambda row: (-row[1], row[0]))

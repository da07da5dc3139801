"""Who hears about a case, and what is coming up: reads for the reminders."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, QuerySet

from cases.models import Case, DetentionPeriod, Hearing, case_is_public
from cases.selectors import case_visibility_condition
from partners.models import Partner
from reminders.models import NotificationSettings, Reminder, Subscription

User = get_user_model()


@dataclass(frozen=True)
class Recipient:
    """A member of staff or a partner, with the channels they are reached by."""

    user_id: int | None = None
    partner_id: Any = None
    channels: tuple[str, ...] = field(default=())

    @property
    def key(self) -> str:
        return f"u:{self.user_id}" if self.user_id is not None else f"p:{self.partner_id}"


def _staff_channels(user, delivery_by_user: dict) -> tuple[str, ...]:
    if not user.email or not user.is_active:
        return ()
    if delivery_by_user.get(user.pk) == NotificationSettings.Delivery.DIGEST:
        return (Reminder.Channel.DIGEST,)
    return (Reminder.Channel.EMAIL,)


def _partner_channels(partner: Partner) -> tuple[str, ...]:
    if not partner.is_active:
        return ()
    channels = []
    if partner.contact_email:
        channels.append(Reminder.Channel.EMAIL)
    if partner.webhook_url:
        channels.append(Reminder.Channel.WEBHOOK)
    return tuple(channels)


def case_recipients(
    *, cases: Iterable[Case], partners_too: bool = True
) -> dict[object, list[Recipient]]:
    """Return, for each case (by id), who is reminded of its hearings and terms: the staff
    assigned to it, staff following it or its country, and, if the case is public, partners
    following it or its country. A restricted case: its assigned staff only, never a
    follower. Three queries, however many cases."""

    cases = list(cases)
    if not cases:
        return {}
    case_ids = [case.pk for case in cases]
    countries = {case.country for case in cases}
    assigned = defaultdict(list)
    for link in Case.assigned_staff.through.objects.filter(case_id__in=case_ids).select_related(
        "user", "user__notification_settings"
    ):
        assigned[link.case_id].append(link.user)
    subscriptions = list(
        Subscription.objects.filter(Q(case_id__in=case_ids) | Q(country__in=countries))
        .select_related("user", "user__notification_settings", "partner")
        .order_by("pk")
    )
    delivery_by_user = {}
    for user in [*(u for users in assigned.values() for u in users)] + [
        s.user for s in subscriptions if s.user is not None
    ]:
        settings_row = getattr(user, "notification_settings", None)
        delivery_by_user[user.pk] = settings_row.delivery if settings_row else None

    result: dict[object, list[Recipient]] = {}
    for case in cases:
        public = case_is_public(status=case.status, published_at=case.published_at)
        seen: dict[str, Recipient] = {}
        staff = list(assigned.get(case.pk, []))
        partners: list[Partner] = []
        # A restricted case: only its assigned staff may even learn that it exists.
        for sub in () if case.is_restricted else subscriptions:
            if sub.case_id not in (None, case.pk) or (
                sub.case_id is None and sub.country != case.country
            ):
                continue
            if sub.user is not None:
                staff.append(sub.user)
            elif sub.partner is not None and public and partners_too:
                partners.append(sub.partner)
        for user in staff:
            channels = _staff_channels(user, delivery_by_user)
            if channels:
                seen.setdefault(f"u:{user.pk}", Recipient(user_id=user.pk, channels=channels))
        for partner in partners:
            channels = _partner_channels(partner)
            if channels:
                seen.setdefault(
                    f"p:{partner.pk}", Recipient(partner_id=partner.pk, channels=channels)
                )
        result[case.pk] = list(seen.values())
    return result


def case_followers(*, case: Case) -> list[Recipient]:
    """Return the staff who follow the case (assigned to it, or following it), with their
    channel: they hear when a colleague changes it. A restricted case: its assigned staff
    only."""
    following = Q(assigned_cases=case)
    if not case.is_restricted:
        following |= Q(subscriptions__case=case)
    users = list(
        User.objects.filter(following, is_active=True)
        .exclude(email="")
        .select_related("notification_settings")
        .distinct()
    )
    delivery = {
        u.pk: (u.notification_settings.delivery if hasattr(u, "notification_settings") else None)
        for u in users
    }
    return [
        Recipient(user_id=u.pk, channels=_staff_channels(u, delivery))
        for u in users
        if _staff_channels(u, delivery)
    ]


def hearings_ahead(*, case_ids: Iterable, now: dt.datetime) -> QuerySet[Hearing]:
    """Return the scheduled hearings of these cases that are still ahead."""
    return Hearing.objects.filter(
        case_id__in=case_ids, status=Hearing.Status.SCHEDULED, starts_at__gt=now
    )


def terms_running(*, case_ids: Iterable, today: dt.date) -> QuerySet[DetentionPeriod]:
    """Return the detention periods of these cases still running, whose term ends from
    yesterday on (the case's own calendar may be a day behind or ahead of UTC)."""
    return DetentionPeriod.objects.filter(
        case_id__in=case_ids,
        actual_end__isnull=True,
        ended=False,
        term_ends_on__gte=today - dt.timedelta(days=1),
    )


def upcoming_with_reminders(*, now: dt.datetime, days: int) -> dict:
    """Return the hearings and term ends of the next `days` days, each with its reminders
    and notices (the admin's "Upcoming" page). Four queries."""
    until = now + dt.timedelta(days=days)
    reminders = Reminder.objects.select_related("user", "partner", "rule").order_by("due_at", "pk")
    hearings = (
        Hearing.objects.filter(starts_at__gte=now, starts_at__lte=until)
        .select_related("case")
        .prefetch_related(Prefetch("reminders", queryset=reminders))
        .order_by("starts_at")
    )
    periods = (
        DetentionPeriod.objects.filter(
            actual_end__isnull=True,
            ended=False,
            term_ends_on__gte=now.date() - dt.timedelta(days=1),
            term_ends_on__lte=until.date(),
        )
        .select_related("case", "defender")
        .prefetch_related(Prefetch("reminders", queryset=reminders))
        .order_by("term_ends_on")
    )
    return {"hearings": list(hearings), "periods": list(periods)}


def reminders_pending_for(*, user) -> QuerySet[Reminder]:
    """Return the reminders still to be sent to a member of staff, soonest first, on the cases
    they may see (a restricted case hidden from them shows nothing of itself)."""
    return (
        Reminder.objects.filter(
            case_visibility_condition(user, through="case__"),
            user=user,
            state__in=[Reminder.State.PENDING, Reminder.State.SENDING],
        )
        .select_related("case", "hearing")
        .order_by("due_at", "pk")
    )


def cases_followed_by(*, user) -> QuerySet[Subscription]:
    """Return what a member of staff follows: the cases (that they may see), then the
    countries, each subscription with its case."""
    return (
        Subscription.objects.filter(
            case_visibility_condition(user, through="case__", optional=True), user=user
        )
        .select_related("case")
        .order_by("case__title", "country")
    )

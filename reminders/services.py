"""Reminders: planned as rows, claimed by a periodic scan, sent once by idempotent tasks.

The life of a reminder:

1. **Planned** (`reminders_plan`): whenever a case's hearings, detention terms, recipients or
   publication change, its wanted reminders are computed from the active rules and written
   as rows (state pending, with a due time). Rows no longer wanted (a hearing moved or
   cancelled, a recipient who unsubscribed) are cancelled if still pending. Planning is
   idempotent: each row's `dedupe_key` is unique, so planning twice changes nothing.
2. **Claimed** (`reminders_claim_due`, by the scan every few seconds): due rows are taken
   with `SELECT … FOR UPDATE SKIP LOCKED` (two scans never take the same row), marked
   sending with a lease and one more attempt, and handed to workers after commit.
3. **Sent** (`reminder_send`, in a worker, outside any transaction): if the row is still the
   worker's (same attempt, still sending), the message goes out, carrying the row's
   idempotency key; then the row is marked sent. A failure puts it back to pending with a
   later due time (exponential backoff) until the last attempt, which marks it failed. A
   worker that dies in the middle leaves the row sending; when its lease runs out the scan
   takes it up again, and the repeat carries the same key, so the receiver can drop it.
"""

import datetime as dt
import hashlib
import logging
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from appeals_site.beat import periodic_task_install
from appeals_site.broker import task_send
from cases.models import Case, DetentionPeriod, Hearing
from reminders import delivery, schedule
from reminders.models import Digest, NotificationSettings, Reminder, ReminderRule, Subscription
from reminders.selectors import (
    Recipient,
    case_followers,
    case_recipients,
    hearings_ahead,
    terms_running,
)

logger = logging.getLogger(__name__)

PLANNED_KINDS = (Reminder.Kind.HEARING_UPCOMING, Reminder.Kind.TERM_ENDING)
SCAN_TASK_NAME = "Send due reminders"
DIGEST_TASK_NAME = "Send daily digests"
DEFAULT_SCAN_INTERVAL_SECONDS = 60
# The tasks' registered names (reminders.tasks names its tasks with these). Beat's periodic
# tasks are stored under them, and services enqueue by them: the tasks call the services, so
# the services cannot import the tasks without a cycle, and Celery's registry is the lookup
# by name it keeps for beat anyway (reminders.apps makes sure every process registers them).
SCAN_TASK = "reminders.tasks.reminders_scan"
DIGESTS_SCAN_TASK = "reminders.tasks.digests_scan"
REPLAN_TASK = "reminders.tasks.reminders_replan"


def _stamp(instant: dt.datetime) -> str:
    return instant.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def reminder_dedupe_key(
    *,
    kind: str,
    subject: str,
    rule_id: object,
    occurs_at: dt.datetime,
    recipient: str,
    channel: str,
) -> str:
    """Return the key that makes a reminder unique: the same message to the same recipient by
    the same channel about the same occurrence is one row."""
    return "|".join([kind, subject, f"r:{rule_id}", _stamp(occurs_at), recipient, channel])


@dataclass
class _Wanted:
    kind: str
    case_id: Any
    hearing_id: Any
    period_id: Any
    rule_id: Any
    occurs_at: dt.datetime
    due_at: dt.datetime
    recipient: Recipient
    channel: str

    @property
    def dedupe_key(self) -> str:
        subject = f"h:{self.hearing_id}" if self.hearing_id else f"d:{self.period_id}"
        return reminder_dedupe_key(
            kind=self.kind,
            subject=subject,
            rule_id=self.rule_id,
            occurs_at=self.occurs_at,
            recipient=self.recipient.key,
            channel=self.channel,
        )

    def row(self) -> Reminder:
        return Reminder(
            dedupe_key=self.dedupe_key,
            kind=self.kind,
            channel=self.channel,
            case_id=self.case_id,
            hearing_id=self.hearing_id,
            detention_period_id=self.period_id,
            rule_id=self.rule_id,
            user_id=self.recipient.user_id,
            partner_id=self.recipient.partner_id,
            occurs_at=self.occurs_at,
            due_at=self.due_at,
        )


def _wanted_for_cases(cases: list[Case], *, now: dt.datetime) -> list[_Wanted]:
    rules = list(ReminderRule.objects.filter(is_active=True))
    hearing_rules = [r for r in rules if r.subject == ReminderRule.Subject.HEARING]
    term_rules = [r for r in rules if r.subject == ReminderRule.Subject.TERM_END]
    if not rules:
        return []
    by_id = {case.pk: case for case in cases}
    recipients = case_recipients(cases=cases)
    wanted: list[_Wanted] = []

    def add(kind, case_id, hearing_id, period_id, occurs_at, dues):
        for rule, due in schedule.dues_to_keep(dues, now=now):
            for recipient in recipients.get(case_id, []):
                for channel in recipient.channels:
                    wanted.append(
                        _Wanted(
                            kind,
                            case_id,
                            hearing_id,
                            period_id,
                            rule.pk,
                            occurs_at,
                            due,
                            recipient,
                            channel,
                        )
                    )

    if hearing_rules:
        for hearing in hearings_ahead(case_ids=list(by_id), now=now).only(
            "pk", "case_id", "local_date", "local_time", "time_zone", "starts_at"
        ):
            dues = [
                (
                    rule,
                    schedule.hearing_reminder_due(
                        rule=rule,
                        local_date=hearing.local_date,
                        local_time=hearing.local_time,
                        time_zone=hearing.time_zone,
                    ),
                )
                for rule in hearing_rules
            ]
            add(
                Reminder.Kind.HEARING_UPCOMING,
                hearing.case_id,
                hearing.pk,
                None,
                hearing.starts_at,
                dues,
            )
    if term_rules:
        for period in terms_running(case_ids=list(by_id), today=now.date()).only(
            "pk", "case_id", "term_ends_on"
        ):
            if period.term_ends_on is None:
                continue
            zone = by_id[period.case_id].time_zone
            ends_at = schedule.term_end_instant(term_ends_on=period.term_ends_on, time_zone=zone)
            if ends_at <= now:
                continue
            dues = [
                (
                    rule,
                    schedule.term_end_reminder_due(
                        rule=rule, term_ends_on=period.term_ends_on, time_zone=zone
                    ),
                )
                for rule in term_rules
            ]
            add(Reminder.Kind.TERM_ENDING, period.case_id, None, period.pk, ends_at, dues)
    return wanted


@transaction.atomic
def reminders_plan(*, case_ids: Iterable, now: dt.datetime | None = None) -> dict[str, int]:
    """Bring the planned reminders of these cases in line with their hearings, detention
    terms, recipients and the active rules; return how many rows were created, rescheduled,
    cancelled and taken up again. Idempotent."""
    now = now or timezone.now()
    cases = list(Case.objects.filter(pk__in=list(case_ids)))
    if not cases:
        return {"created": 0, "rescheduled": 0, "cancelled": 0, "restored": 0}
    wanted = {w.dedupe_key: w for w in _wanted_for_cases(cases, now=now)}
    existing = {
        row["dedupe_key"]: row
        for row in Reminder.objects.filter(
            case_id__in=[c.pk for c in cases],
            kind__in=PLANNED_KINDS,
            state__in=[Reminder.State.PENDING, Reminder.State.CANCELLED],
        ).values("pk", "dedupe_key", "due_at", "state")
    }
    new_rows = [w.row() for key, w in wanted.items() if key not in existing]
    # Rows already sent (or being sent) conflict on dedupe_key and are left as they are.
    Reminder.objects.bulk_create(new_rows, ignore_conflicts=True, batch_size=2000)

    # Changed rows are written in batches (bulk_update), not one UPDATE each: after a rule
    # changes, a replan reschedules every pending row. Without a row lock: the scan may claim
    # one of them meanwhile, and then only its (no longer read) due time changes.
    stale, rescheduled, restored = [], [], []
    for key, row in existing.items():
        w = wanted.get(key)
        if w is None:
            if row["state"] == Reminder.State.PENDING:
                stale.append(row["pk"])
            continue
        both_due = row["due_at"] <= now and w.due_at <= now
        if row["state"] == Reminder.State.CANCELLED:
            restored.append(
                Reminder(
                    pk=row["pk"],
                    state=Reminder.State.PENDING,
                    due_at=w.due_at,
                    cancel_reason="",
                    attempts=0,
                )
            )
        elif row["due_at"] != w.due_at and not both_due:
            rescheduled.append(Reminder(pk=row["pk"], due_at=w.due_at))
    Reminder.objects.bulk_update(
        restored, ["state", "due_at", "cancel_reason", "attempts"], batch_size=1000
    )
    Reminder.objects.bulk_update(rescheduled, ["due_at"], batch_size=1000)
    cancelled = 0
    if stale:
        cancelled = Reminder.objects.filter(pk__in=stale, state=Reminder.State.PENDING).update(
            state=Reminder.State.CANCELLED,
            cancel_reason="No longer due: the hearing or term changed, or the recipient left.",
        )
    return {
        "created": len(new_rows),
        "rescheduled": len(rescheduled),
        "cancelled": cancelled,
        "restored": len(restored),
    }


def reminders_plan_after_commit(*, case_ids: Iterable | None) -> None:
    """Plan the reminders of these cases (None: of every case with something ahead) in a
    worker once the current transaction commits: after admin changes of rules,
    subscriptions or delivery settings, which may touch many cases."""
    ids = None if case_ids is None else [str(pk) for pk in case_ids]
    transaction.on_commit(lambda: _replan_enqueue(case_ids=ids))


def _replan_enqueue(*, case_ids: list[str] | None) -> None:
    # The broker is down: the change is committed, and its reminders must not wait for a
    # message that was never sent. Planned here, in the request, instead (idempotent).
    if not task_send(REPLAN_TASK, case_ids=case_ids, then="planned in-process."):
        if case_ids is None:
            reminders_replan_all()
        else:
            reminders_plan(case_ids=case_ids)


def reminders_replan_all(*, batch_size: int = 500) -> int:
    """Plan the reminders of every case with a hearing or a term ahead (after a rule
    changed); return how many cases were planned."""
    now = timezone.now()
    case_ids = set(
        Hearing.objects.filter(status=Hearing.Status.SCHEDULED, starts_at__gt=now).values_list(
            "case_id", flat=True
        )
    ) | set(
        DetentionPeriod.objects.filter(
            actual_end__isnull=True,
            ended=False,
            term_ends_on__gte=now.date() - dt.timedelta(days=1),
        ).values_list("case_id", flat=True)
    )
    ordered = sorted(case_ids, key=str)
    for start in range(0, len(ordered), batch_size):
        reminders_plan(case_ids=ordered[start : start + batch_size], now=now)
    return len(ordered)


# --- Notices: a hearing moved or cancelled, a case changed ----------------------------------


def _notice_rows(
    *,
    kind: str,
    case_id: Any,
    hearing_id: Any,
    occurs_at: dt.datetime,
    recipients: Iterable[Recipient],
    note: str,
    now: dt.datetime,
    salt: str = "",
) -> list[Reminder]:
    rows = []
    for recipient in recipients:
        for channel in recipient.channels:
            rows.append(
                Reminder(
                    dedupe_key=reminder_dedupe_key(
                        kind=kind,
                        subject=f"h:{hearing_id}" if hearing_id else f"c:{case_id}{salt}",
                        rule_id=None,
                        occurs_at=occurs_at,
                        recipient=recipient.key,
                        channel=channel,
                    ),
                    kind=kind,
                    channel=channel,
                    case_id=case_id,
                    hearing_id=hearing_id,
                    user_id=recipient.user_id,
                    partner_id=recipient.partner_id,
                    occurs_at=occurs_at,
                    due_at=now,
                    note=note,
                )
            )
    return rows


def hearing_notices_create(
    *, hearing: Hearing, previous_starts_at: dt.datetime, now: dt.datetime | None = None
) -> int:
    """Tell those already reminded of a hearing that it moved, or was cancelled or postponed:
    one short notice each, by the channels they were reminded by. Return how many."""
    now = now or timezone.now()
    if hearing.status == Hearing.Status.SCHEDULED:
        if hearing.starts_at == previous_starts_at:
            return 0
        kind, occurs_at = Reminder.Kind.HEARING_MOVED, hearing.starts_at
    elif hearing.status in (Hearing.Status.CANCELLED, Hearing.Status.POSTPONED):
        kind, occurs_at = Reminder.Kind.HEARING_CANCELLED, previous_starts_at
    else:
        return 0
    reminded = Reminder.objects.filter(
        hearing=hearing,
        kind__in=[Reminder.Kind.HEARING_UPCOMING, Reminder.Kind.HEARING_MOVED],
        state__in=[Reminder.State.SENT, Reminder.State.SENDING],
    )
    if kind == Reminder.Kind.HEARING_MOVED:
        # Those reminded of the new time already (moved back and forth) need no notice.
        reminded = reminded.exclude(occurs_at=hearing.starts_at)
    pairs = reminded.values_list("user_id", "partner_id", "channel").distinct()
    by_recipient: dict[str, Recipient] = {}
    for user_id, partner_id, channel in pairs:
        recipient = Recipient(user_id=user_id, partner_id=partner_id)
        known = by_recipient.get(recipient.key)
        channels = (*(known.channels if known else ()), channel)
        by_recipient[recipient.key] = Recipient(
            user_id=user_id, partner_id=partner_id, channels=tuple(sorted(set(channels)))
        )
    rows = _notice_rows(
        kind=kind,
        case_id=hearing.case_id,
        hearing_id=hearing.pk,
        occurs_at=occurs_at,
        recipients=by_recipient.values(),
        note="",
        now=now,
    )
    Reminder.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def case_change_notify(
    *, case_id: Any, acting_user, change: str, now: dt.datetime | None = None
) -> int:
    """Tell the staff who follow a case (assigned to it or following it) that a colleague
    changed it: `change` says what ("New charge: …", "Released: …"). The one who made the
    change is not told, and changes made by no one (imports, data loads) tell nobody. Return
    how many notices were made."""
    acting_id = getattr(acting_user, "pk", None)
    if acting_id is None:
        return 0  # imports and data loads are no colleague's news
    now = now or timezone.now()
    case = Case.objects.get(pk=case_id)
    followers = [r for r in case_followers(case=case) if r.user_id != acting_id]
    rows = _notice_rows(
        kind=Reminder.Kind.CASE_CHANGED,
        case_id=case_id,
        hearing_id=None,
        occurs_at=now,
        recipients=followers,
        note=change[:2000],
        now=now,
        salt=":" + hashlib.sha256(change.encode()).hexdigest()[:12],
    )
    Reminder.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


# --- The scan: claim what is due ------------------------------------------------------------


def reminders_claim_due(*, now: dt.datetime | None = None, limit: int | None = None) -> list:
    """Claim the reminders that are due (and those whose sender died: lease run out); return
    their (id, attempt) pairs for the sending tasks. Two queries.

    SKIP LOCKED: two scans running at once (a slow tick overlapping the next) each take
    other rows instead of waiting or taking the same. The claim bumps `attempts`, which the
    sending task checks: a stale task (redelivered after the row was claimed again) finds a
    different attempt and does nothing.
    """
    now = now or timezone.now()
    limit = limit or settings.REMINDER_SCAN_BATCH
    lease = dt.timedelta(seconds=settings.REMINDER_SEND_LEASE_SECONDS)
    with transaction.atomic():
        due = (
            Reminder.objects.filter(
                (
                    Q(state=Reminder.State.PENDING)
                    & ~Q(channel=Reminder.Channel.DIGEST)
                    & Q(due_at__lte=now)
                )
                | Q(state=Reminder.State.SENDING, lease_until__lt=now)
            )
            .order_by()
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:limit]
        )
        ids = list(due)
        if not ids:
            return []
        Reminder.objects.filter(pk__in=ids).update(
            state=Reminder.State.SENDING, lease_until=now + lease, attempts=F("attempts") + 1
        )
        claimed = list(Reminder.objects.filter(pk__in=ids).values_list("pk", "attempts"))
    return claimed


def _retry_delay(attempt: int) -> dt.timedelta:
    return dt.timedelta(
        seconds=min(settings.REMINDER_RETRY_BASE_SECONDS * 2 ** (attempt - 1), 6 * 3600)
    )


def _still_wanted(reminder: Reminder) -> str:
    """Return why a claimed reminder must not go out any more, or ""."""
    if reminder.kind == Reminder.Kind.HEARING_UPCOMING:
        hearing = reminder.hearing
        if hearing is None or hearing.status != Hearing.Status.SCHEDULED:
            return "The hearing is no longer scheduled."
        if hearing.starts_at != reminder.occurs_at:
            return "The hearing moved."
    if reminder.kind == Reminder.Kind.TERM_ENDING:
        period = reminder.detention_period
        if period is None or period.actual_end is not None or period.ended:
            return "The detention ended."
    return ""


def reminder_send(*, reminder_id: int, attempt: int) -> str:
    """Send one claimed reminder, if it is still this attempt's; return what happened
    ("sent", "failed", "retry", "cancelled", "stale"). No transaction is held while the
    message goes out."""
    reminder = (
        Reminder.objects.select_related(
            "case", "hearing", "detention_period__defender", "user", "partner", "rule"
        )
        .prefetch_related("hearing__defenders")
        .filter(pk=reminder_id)
        .first()
    )
    if reminder is None or reminder.state != Reminder.State.SENDING or reminder.attempts != attempt:
        return "stale"
    mine = Reminder.objects.filter(pk=reminder_id, state=Reminder.State.SENDING, attempts=attempt)
    reason = _still_wanted(reminder)
    if reason:
        mine.update(state=Reminder.State.CANCELLED, cancel_reason=reason, lease_until=None)
        return "cancelled"
    try:
        delivery.reminder_deliver(reminder=reminder)
    except Exception as exc:  # noqa: BLE001 - every failure is recorded on the row
        error = f"{type(exc).__name__}: {exc}"[:2000]
        logger.warning("Reminder %s attempt %s failed: %s", reminder_id, attempt, error)
        if attempt >= settings.REMINDER_MAX_ATTEMPTS:
            mine.update(state=Reminder.State.FAILED, last_error=error, lease_until=None)
            return "failed"
        mine.update(
            state=Reminder.State.PENDING,
            last_error=error,
            lease_until=None,
            due_at=timezone.now() + _retry_delay(attempt),
        )
        return "retry"
    mine.update(state=Reminder.State.SENT, sent_at=timezone.now(), lease_until=None)
    return "sent"


@transaction.atomic
def reminder_retry_now(*, reminder: Reminder) -> Reminder:
    """Put a failed (or cancelled) reminder back to be sent at the next scan."""
    Reminder.objects.filter(
        pk=reminder.pk, state__in=[Reminder.State.FAILED, Reminder.State.CANCELLED]
    ).update(state=Reminder.State.PENDING, due_at=timezone.now(), attempts=0, cancel_reason="")
    reminder.refresh_from_db()
    return reminder


# --- Daily digests --------------------------------------------------------------------------


def digests_claim_due(*, now: dt.datetime | None = None) -> list:
    """Start today's digest for every member of staff whose digest time has come and who has
    something in it, and take up digests whose sender died; return (digest id, attempt)
    pairs for the sending tasks."""
    now = now or timezone.now()
    lease = dt.timedelta(seconds=settings.REMINDER_SEND_LEASE_SECONDS)
    waiting_users = (
        Reminder.objects.filter(
            state=Reminder.State.PENDING, channel=Reminder.Channel.DIGEST, due_at__lte=now
        )
        .values_list("user_id", flat=True)
        .distinct()
    )
    settings_rows = NotificationSettings.objects.filter(user_id__in=list(waiting_users))
    claimed = []
    for row in settings_rows:
        zone = zoneinfo.ZoneInfo(row.time_zone)
        local_now = now.astimezone(zone)
        if local_now.time() < row.digest_time:
            continue
        # Today's digest holds what came due up to today's digest time; what comes due later
        # in the day waits for tomorrow's, so a digest never goes out at odd hours.
        cutoff = dt.datetime.combine(local_now.date(), row.digest_time, tzinfo=zone)
        items = Reminder.objects.filter(
            user_id=row.user_id,
            state=Reminder.State.PENDING,
            channel=Reminder.Channel.DIGEST,
            due_at__lte=cutoff,
        )
        if not items.exists():
            continue
        with transaction.atomic():
            digest, created = Digest.objects.get_or_create(
                user_id=row.user_id, local_date=local_now.date()
            )
            if not created:
                continue  # today's digest is made; the rest waits for tomorrow's
            items.update(digest=digest, state=Reminder.State.SENDING)
            Digest.objects.filter(pk=digest.pk).update(attempts=1, lease_until=now + lease)
            claimed.append((digest.pk, 1))
    with transaction.atomic():
        retry = list(
            Digest.objects.select_for_update(skip_locked=True)
            .filter(
                Q(state=Digest.State.SENDING)
                & (Q(lease_until__lt=now) | Q(lease_until__isnull=True, next_attempt_at__lte=now))
            )
            .values_list("pk", flat=True)
        )
        if retry:
            Digest.objects.filter(pk__in=retry).update(
                attempts=F("attempts") + 1, lease_until=now + lease, next_attempt_at=None
            )
            claimed += list(Digest.objects.filter(pk__in=retry).values_list("pk", "attempts"))
    return claimed


def digest_send(*, digest_id: int, attempt: int) -> str:
    """Send one claimed digest; return "sent", "retry", "failed" or "stale"."""
    digest = Digest.objects.select_related("user").filter(pk=digest_id).first()
    if digest is None or digest.state != Digest.State.SENDING or digest.attempts != attempt:
        return "stale"
    mine = Digest.objects.filter(pk=digest_id, state=Digest.State.SENDING, attempts=attempt)
    # The hearings' defenders in one query for the whole digest, not one per item.
    items = list(
        digest.reminders.select_related(
            "case", "hearing", "detention_period__defender", "user", "rule"
        )
        .prefetch_related("hearing__defenders")
        .order_by("due_at", "pk")
    )
    try:
        if items:
            delivery.digest_deliver(digest=digest, reminders=items)
    except Exception as exc:  # noqa: BLE001
        error = f"{type(exc).__name__}: {exc}"[:2000]
        logger.warning("Digest %s attempt %s failed: %s", digest_id, attempt, error)
        if attempt >= settings.REMINDER_MAX_ATTEMPTS:
            mine.update(state=Digest.State.FAILED, last_error=error, lease_until=None)
            digest.reminders.update(state=Reminder.State.FAILED, last_error=error)
            return "failed"
        mine.update(
            last_error=error,
            lease_until=None,
            next_attempt_at=timezone.now() + _retry_delay(attempt),
        )
        return "retry"
    sent_at = timezone.now()
    if mine.update(state=Digest.State.SENT, sent_at=sent_at, lease_until=None):
        digest.reminders.update(state=Reminder.State.SENT, sent_at=sent_at)
    return "sent"


# --- The periodic tasks in django-celery-beat -----------------------------------------------


def reminder_schedule_install(*, interval_seconds: int | None = None) -> None:
    """Make sure beat runs the scan and the digest check: create their periodic tasks if
    missing (every 60 seconds), and set their interval when one is given (the environment's
    REMINDER_SCAN_INTERVAL_SECONDS, at each start of beat). Otherwise the interval edited in
    the admin stays."""
    for name, task in (
        (SCAN_TASK_NAME, SCAN_TASK),
        (DIGEST_TASK_NAME, DIGESTS_SCAN_TASK),
    ):
        periodic_task_install(
            name=name,
            task=task,
            default_seconds=DEFAULT_SCAN_INTERVAL_SECONDS,
            interval_seconds=interval_seconds,
        )


# --- Entry points for the services that change cases ----------------------------------------


def case_records_changed(
    *, case_id: object, acting_user=None, changes: Iterable[str] = (), replan: bool = True
) -> None:
    """A case's records changed: tell its followers what a colleague changed (`changes`, one
    line each; nothing if empty), and plan its reminders again. Runs in the caller's
    transaction, so that a rolled-back change leaves no reminder behind."""
    lines = [line for line in changes if line]
    if lines:
        case_change_notify(case_id=case_id, acting_user=acting_user, change="\n".join(lines))
    if replan:
        reminders_plan(case_ids=[case_id])


# --- Rules, subscriptions and delivery settings edited by staff ------------------------------
#
# The admin saves these records through the functions below, which plan the reminders they
# shape again after commit (in a worker: a rule or a country touches many cases).


def _affected_cases(subscription: Subscription) -> list | None:
    return [subscription.case_id] if subscription.case_id else None


@transaction.atomic
def reminder_rule_save(*, rule: ReminderRule) -> ReminderRule:
    """Save a reminder rule (new or changed); every case's reminders are planned again."""
    rule.full_clean()
    rule.save()
    reminders_plan_after_commit(case_ids=None)
    return rule


@transaction.atomic
def reminder_rule_delete(*, rule: ReminderRule) -> None:
    """Delete a reminder rule; every case's reminders are planned again."""
    rule.delete()
    reminders_plan_after_commit(case_ids=None)


@transaction.atomic
def subscription_save(*, subscription: Subscription) -> Subscription:
    """Save a subscription (to a case, or to a country); what it follows is planned again."""
    subscription.full_clean()
    subscription.save()
    reminders_plan_after_commit(case_ids=_affected_cases(subscription))
    return subscription


@transaction.atomic
def subscription_delete(*, subscription: Subscription) -> None:
    """Delete a subscription; what it followed is planned again."""
    subscription.delete()
    reminders_plan_after_commit(case_ids=_affected_cases(subscription))


@transaction.atomic
def notification_settings_save(*, row: NotificationSettings) -> NotificationSettings:
    """Save a member of staff's delivery settings; the reminders are planned again."""
    row.full_clean()
    row.save()
    reminders_plan_after_commit(case_ids=None)
    return row


# --- What a member of staff chooses -----------------------------------------------------------


@transaction.atomic
def notification_settings_update(
    *, user, delivery: str, time_zone: str, digest_time: dt.time, countries: Iterable[str]
) -> NotificationSettings:
    """Set how `user` receives reminders and which countries they follow; their reminders
    are planned again (in a worker) after commit. Return their settings."""
    row, _created = NotificationSettings.objects.get_or_create(user=user)
    row.delivery, row.time_zone, row.digest_time = delivery, time_zone, digest_time
    row.full_clean()
    row.save()
    wanted = set(countries)
    followed = set(
        Subscription.objects.filter(user=user, case__isnull=True).values_list("country", flat=True)
    )
    Subscription.objects.filter(
        user=user, case__isnull=True, country__in=followed - wanted
    ).delete()
    for country in sorted(wanted - followed):
        subscription = Subscription(user=user, country=country)
        subscription.full_clean()
        subscription.save()
    reminders_plan_after_commit(case_ids=None)
    return row


@transaction.atomic
def case_follow(*, user, case: Case, follow: bool) -> bool:
    """Make `user` follow the case (reminders of its hearings and terms, notices of
    colleagues' changes), or stop; return whether they follow it now."""
    if follow:
        Subscription.objects.get_or_create(user=user, case=case)
    else:
        Subscription.objects.filter(user=user, case=case).delete()
    reminders_plan(case_ids=[case.pk])
    return follow

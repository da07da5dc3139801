"""When a reminder is due: pure arithmetic on local calendars, apart from the database."""

import datetime as dt
import zoneinfo
from collections.abc import Iterable

from reminders.models import ReminderRule

# A rule for a hearing that has no time of its own (only a date) counts back from this hour.
DEFAULT_LOCAL_TIME = dt.time(8, 0)


def _at_local(day: dt.date, time: dt.time, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """Return the UTC instant of a local wall time. A time that does not exist that day (the
    clocks moved forward over it) is taken as the instant the clocks jumped from, so a
    reminder is never lost in the gap; a time that happens twice is its first occurrence."""
    local = dt.datetime.combine(day, time, tzinfo=zone)
    instant = local.astimezone(dt.UTC)
    if instant.astimezone(zone).replace(tzinfo=None) != local.replace(tzinfo=None):
        # In the gap: fold=1 reads the wall time with the offset after the change, which is
        # the earlier instant.
        instant = local.replace(fold=1).astimezone(dt.UTC)
    return instant


def hearing_reminder_due(
    *,
    rule: ReminderRule,
    local_date: dt.date,
    local_time: dt.time | None,
    time_zone: str,
) -> dt.datetime:
    """Return when `rule` reminds of a hearing held on `local_date` at `local_time` in the
    court's `time_zone`: the same wall time `days_before` days earlier (so that "7 days
    before" a 10:00 hearing is at 10:00 even across a summer-time change), or at the rule's
    own local time on that day."""
    zone = zoneinfo.ZoneInfo(time_zone)
    day = local_date - dt.timedelta(days=rule.days_before)
    time = rule.at_local_time or local_time or DEFAULT_LOCAL_TIME
    return _at_local(day, time, zone)


def term_end_reminder_due(
    *, rule: ReminderRule, term_ends_on: dt.date, time_zone: str
) -> dt.datetime:
    """Return when `rule` reminds that a detention term runs out on `term_ends_on` (a date in
    the case's `time_zone`)."""
    zone = zoneinfo.ZoneInfo(time_zone)
    day = term_ends_on - dt.timedelta(days=rule.days_before)
    return _at_local(day, rule.at_local_time or DEFAULT_LOCAL_TIME, zone)


def term_end_instant(*, term_ends_on: dt.date, time_zone: str) -> dt.datetime:
    """Return the instant a term runs out: the end of its last day, in the case's zone."""
    zone = zoneinfo.ZoneInfo(time_zone)
    return _at_local(term_ends_on + dt.timedelta(days=1), dt.time(0, 0), zone)


def dues_to_keep(
    dues: Iterable[tuple[ReminderRule, dt.datetime]], *, now: dt.datetime
) -> list[tuple[ReminderRule, dt.datetime]]:
    """Return the (rule, due) pairs to plan for one hearing or term, given `now`.

    Rules still ahead are kept as they are. Of the rules whose time has passed (a hearing
    entered three days before it is held has missed its "7 days before"), only the one
    nearest the event is kept, due at once: one message that it is coming, not several.
    """
    ahead = [(rule, due) for rule, due in dues if due > now]
    passed = [(rule, due) for rule, due in dues if due <= now]
    if passed:
        latest_rule, _due = max(passed, key=lambda pair: pair[1])
        ahead.append((latest_rule, now))
    return ahead

"""Date and time arithmetic on plain values: no model, no query, so that models, services,
selectors and the demo generator share it without importing one another."""

import datetime as dt
import zoneinfo

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _


def local_today(time_zone: str, now: dt.datetime | None = None) -> dt.date:
    """Return today's date in `time_zone`."""
    return (now or timezone.now()).astimezone(zoneinfo.ZoneInfo(time_zone)).date()


def hearing_starts_at(
    *, local_date: dt.date, local_time: dt.time | None, time_zone: str
) -> dt.datetime:
    """Return the UTC instant of a local date and time in the court's time zone.

    A time that does not exist there (skipped when clocks go forward) is an error; a time that
    happens twice (when clocks go back) is taken as its first occurrence.
    """
    try:
        zone = zoneinfo.ZoneInfo(time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(
            {"time_zone": _("%(value)s is not an IANA time zone name.") % {"value": time_zone}}
        ) from exc
    local = dt.datetime.combine(local_date, local_time or dt.time(0, 0), tzinfo=zone)
    instant = local.astimezone(dt.UTC)
    if instant.astimezone(zone).replace(tzinfo=None) != local.replace(tzinfo=None):
        raise ValidationError(
            {
                "local_time": _(
                    "%(time)s does not exist on %(date)s in %(zone)s: the clocks move forward."
                )
                % {"time": local_time, "date": local_date, "zone": time_zone}
            }
        )
    return instant

"""Date and time arithmetic on plain values: no model, no query, so that models, services,
selectors and the demo generator share it without importing one another. Also the uncertain
dates of sources ("in March 2019"): their value, their API form and their wording."""

import calendar
import datetime as dt
import re
import zoneinfo
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import dateformat, timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy


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


# --- Uncertain dates ------------------------------------------------------------------------
# Sources date things loosely: "in March 2019", "in autumn 2012", "between 3 and 9 November",
# "early June", "about 2015". Such a date is stored as its bounds (the earliest and the latest
# day it can be) and its precision, so that queries and ordering work on the earliest day, and
# what the source printed is kept beside it when it differs (a "[sic]" date, "early June").
# How to give a record an uncertain date: docs/architecture.md, "Uncertain dates".


class Precision(models.TextChoices):
    DAY = "day", _lazy("day")
    MONTH = "month", _lazy("month")
    SEASON = "season", _lazy("season")
    YEAR = "year", _lazy("year")
    RANGE = "range", _lazy("between two dates")
    ABOUT = "about", _lazy("about")
    # No date: the source gives none, or one that does not exist ("31 June [sic]"), kept
    # only as printed. A date of this precision has no value.
    UNKNOWN = "unknown", _lazy("unknown")


# Meteorological seasons of the northern hemisphere, by the month they start in; winter runs
# from December into the next year and is named by the year it starts in.
SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "winter": 12}
_SEASON_OF_START = {month: name for name, month in SEASONS.items()}

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_SEASON = re.compile(r"^(\d{4})-(spring|summer|autumn|winter)$")


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _season_bounds(year: int, season: str) -> tuple[dt.date, dt.date]:
    start = dt.date(year, SEASONS[season], 1)
    end_year, end_month = (year + 1, 2) if season == "winter" else (year, SEASONS[season] + 2)
    return start, _month_end(end_year, end_month)


def _season_of(day: dt.date) -> tuple[int, str]:
    """Return the year a season starts in and its name, for a day in it."""
    month = day.month if day.month >= 3 else 12
    year = day.year - 1 if day.month < 3 else day.year
    start_month = max(m for m in SEASONS.values() if m <= month)
    return year, _SEASON_OF_START[start_month]


@dataclass(frozen=True)
class UncertainDate:
    """A date as precise as its source: a day, a month, a season, a year, a range or "about"
    one of those, held as its bounds (`earliest`, `latest`: the first and last day it can
    be) and its precision."""

    earliest: dt.date
    latest: dt.date
    precision: str = Precision.DAY

    @classmethod
    def exact(cls, day: dt.date) -> "UncertainDate":
        return cls(day, day, Precision.DAY)

    @classmethod
    def normalised(
        cls, earliest: dt.date, precision: str, latest: dt.date | None = None
    ) -> "UncertainDate":
        """Return the date of this precision around `earliest` (a month from its first to its
        last day …); a range or "about" keeps the `latest` given (the earliest day without)."""
        if precision == Precision.MONTH:
            first = earliest.replace(day=1)
            return cls(first, _month_end(first.year, first.month), precision)
        if precision == Precision.YEAR:
            return cls(dt.date(earliest.year, 1, 1), dt.date(earliest.year, 12, 31), precision)
        if precision == Precision.SEASON:
            return cls(*_season_bounds(*_season_of(earliest)), precision)
        if precision in (Precision.RANGE, Precision.ABOUT):
            return cls(earliest, latest or earliest, precision)
        return cls(earliest, earliest, Precision.DAY)

    @classmethod
    def parse(cls, text: str) -> "UncertainDate":
        """Return the date written `text` in the API's form (ISO 8601 with its partial dates
        and intervals, and the `~` of EDTF for "about"): 2019-03-14, 2019-03, 2019,
        2012-autumn, 2019-11-03/2019-11-09, 2015~. Raise ValueError if it is none of them."""
        text = text.strip()
        if text.endswith("~"):
            core = cls.parse(text[:-1])
            return cls(core.earliest, core.latest, Precision.ABOUT)
        if "/" in text:
            first, _slash, last = text.partition("/")
            start, end = cls._parse_one(first), cls._parse_one(last)
            if end.latest < start.earliest:
                raise ValueError("the range ends before it starts")
            return cls(start.earliest, end.latest, Precision.RANGE)
        return cls._parse_one(text)

    @classmethod
    def _parse_one(cls, text: str) -> "UncertainDate":
        text = text.strip()
        if match := _DAY.match(text):
            return cls.exact(dt.date(*map(int, match.groups())))
        if match := _MONTH.match(text):
            year, month = map(int, match.groups())
            return cls.normalised(dt.date(year, month, 1), Precision.MONTH)
        if match := _YEAR.match(text):
            return cls.normalised(dt.date(int(match[1]), 1, 1), Precision.YEAR)
        if match := _SEASON.match(text):
            return cls(*_season_bounds(int(match[1]), match[2]), Precision.SEASON)
        raise ValueError("not a date")

    @property
    def is_exact(self) -> bool:
        return self.precision == Precision.DAY

    def _shape(self) -> str:
        """Return the precision these bounds have (for "about" and ranges)."""
        for precision in (Precision.DAY, Precision.MONTH, Precision.YEAR, Precision.SEASON):
            if UncertainDate.normalised(self.earliest, precision) == UncertainDate(
                self.earliest, self.latest, precision
            ):
                return precision
        return Precision.RANGE

    def iso(self) -> str:
        """Return the date in the API's form (see `parse`)."""
        shape = self.precision if self.precision != Precision.ABOUT else self._shape()
        if shape == Precision.DAY:
            text = self.earliest.isoformat()
        elif shape == Precision.MONTH:
            text = f"{self.earliest:%Y-%m}"
        elif shape == Precision.YEAR:
            text = f"{self.earliest:%Y}"
        elif shape == Precision.SEASON:
            year, season = _season_of(self.earliest)
            text = f"{year:04d}-{season}"
        else:
            text = f"{self.earliest.isoformat()}/{self.latest.isoformat()}"
        return text + "~" if self.precision == Precision.ABOUT else text

    def text(self) -> str:
        """Return the date as a sentence says it, in the active language: "14 March 2019",
        "March 2019", "autumn 2012", "between 3 and 9 November 2019", "about 2015"."""
        shape = self.precision if self.precision != Precision.ABOUT else self._shape()
        if shape == Precision.DAY:
            text = date_format(self.earliest, "DATE_FORMAT")
        elif shape == Precision.MONTH:
            text = date_format(self.earliest, "YEAR_MONTH_FORMAT")
        elif shape == Precision.YEAR:
            text = str(self.earliest.year)
        elif shape == Precision.SEASON:
            text = _season_text(*_season_of(self.earliest))
        else:
            text = _range_text(self.earliest, self.latest)
        if self.precision == Precision.ABOUT:
            return _("about %(date)s") % {"date": text}
        return text


def _season_text(year: int, season: str) -> str:
    names = {
        "spring": _("spring %(year)s"),
        "summer": _("summer %(year)s"),
        "autumn": _("autumn %(year)s"),
        "winter": _("winter %(year)s"),
    }
    label = f"{year}–{year + 1}" if season == "winter" else str(year)
    return names[season] % {"year": label}


def _range_text(first: dt.date, last: dt.date) -> str:
    if (first.year, first.month) == (last.year, last.month):
        return _("between %(first)s and %(last)s %(month)s %(year)s") % {
            "first": first.day,
            "last": last.day,
            # "E": the month's name as it follows a day ("9 ноября" in Russian).
            "month": dateformat.format(last, "E"),
            "year": last.year,
        }
    return _("between %(first)s and %(last)s") % {
        "first": date_format(first, "DATE_FORMAT"),
        "last": date_format(last, "DATE_FORMAT"),
    }


# A record stores an uncertain date as its field `<name>` (the earliest day: what queries and
# ordering read) with `<name>_latest` and `<name>_precision` beside it, and `<name>_as_printed`
# for the source's own wording when it differs. These read and write the three as one.


def uncertain_date(record, name: str) -> UncertainDate | None:
    """Return the uncertain date stored in `record`'s field `name`, or None when empty."""
    earliest = getattr(record, name)
    if earliest is None:
        return None
    precision = getattr(record, f"{name}_precision") or Precision.DAY
    return UncertainDate.normalised(earliest, precision, getattr(record, f"{name}_latest"))


def uncertain_date_set(record, name: str, value: UncertainDate | None) -> None:
    """Store `value` in `record`'s field `name` and its companions."""
    setattr(record, name, value.earliest if value else None)
    setattr(record, f"{name}_latest", value.latest if value else None)
    setattr(record, f"{name}_precision", value.precision if value else Precision.DAY)


def uncertain_date_normalise(record, name: str) -> None:
    """Make the stored bounds agree with the precision (a month runs from its first day to its
    last …), as the admin sets the earliest day and the precision only; raise ValidationError
    naming `<name>_latest` if a range ends before it starts."""
    value = uncertain_date(record, name)
    if value is not None and value.latest < value.earliest:
        raise ValidationError({f"{name}_latest": _("The latest day is before the earliest.")})
    uncertain_date_set(record, name, value)

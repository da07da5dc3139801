"""Detention arithmetic: when a term runs out, and since when someone is held.

Pure functions on dates, so that the admin, the API, letters and reminders all count the same
way. "Detained since 17 May, 191 days as of today": the days are `today - since`, so the day of
arrest counts as day 0; consecutive periods (administrative detention followed the same day or
the next by pre-trial detention) count as one continuous detention, and so do periods staff
marked as continuing the previous one, whatever the gap between them.

A start known only roughly ("in March 2019") counts from its latest possible day: the days are
then a lower bound ("at least 191 days"), never a figure the source did not give. A start not
known at all (not given, or a "[sic]" date that does not exist) gives no figure: someone held
since then is not counted, rather than counted from a later period.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cases.dates import Precision, UncertainDate


@dataclass(frozen=True)
class Term:
    """A term ordered or an extension: in days, in months, in years (a measure's term only:
    "two years of probation"), or stated by the date it runs to; none of them: its length is
    not known."""

    days: int | None = None
    months: int | None = None
    until: date | None = None
    years: int | None = None

    @property
    def is_known(self) -> bool:
        return bool(self.days or self.months or self.years or self.until)

    def added_to(self, start: date | None) -> date | None:
        """Return the date a term of this length, starting on `start`, runs out (None when
        neither it nor the start is known)."""
        if self.until is not None:
            return self.until
        if start is None or not self.is_known:
            return None
        if self.years:
            return start + relativedelta(years=self.years)
        if self.months:
            return start + relativedelta(months=self.months)
        return start + timedelta(days=self.days or 0)


# The end of a measure that has ended on a day no source gives ("is no longer under house
# arrest"): before any day, so that it holds no one today and gives no count of days.
ENDED_ON_A_DAY_NOT_KNOWN = date.min


@dataclass(frozen=True)
class Span:
    """A period of custody as the arithmetic sees it. `start` is its (earliest) first day,
    `start_latest` the latest it can be when the start is uncertain; `end` the actual end
    (the day of release), or the day its case was closed when no end was recorded
    (`closed`); `continues_previous`: staff said custody ran on from the previous period.
    A measure that ended on a day no source gives ends on ENDED_ON_A_DAY_NOT_KNOWN: its chain
    no longer holds anyone, and its days are not counted."""

    start: date | None
    end: date | None
    start_latest: date | None = None
    start_precision: str = Precision.DAY
    continues_previous: bool = False
    closed: bool = False

    @classmethod
    def of(
        cls,
        *,
        start_date: date | None,
        start_date_latest: date | None,
        start_date_precision: str,
        actual_end: date | None,
        continues_previous: bool,
        closed_on: date | None,
        ended: bool = False,
    ) -> "Span":
        """Return the span of a measure's stored values (and its case's closing day)."""
        if actual_end is None and ended:
            return cls(
                start=start_date,
                end=ENDED_ON_A_DAY_NOT_KNOWN,
                start_latest=start_date_latest,
                start_precision=start_date_precision,
                continues_previous=continues_previous,
            )
        return cls(
            start=start_date,
            end=actual_end if actual_end is not None else closed_on,
            start_latest=start_date_latest,
            start_precision=start_date_precision,
            continues_previous=continues_previous,
            closed=actual_end is None and closed_on is not None,
        )

    @property
    def start_value(self) -> UncertainDate | None:
        if self.start is None:
            return None
        return UncertainDate.normalised(self.start, self.start_precision, self.start_latest)

    def order_key(self, today: date) -> date:
        """Return where the span falls in time: its start, or, when that is not known, its
        end (it began before), or today for one still running."""
        return self.start or self.end or today


@dataclass(frozen=True)
class Detention:
    """Held since `since` (an uncertain date) for `days`; `until` is None while held, or the
    day the case was closed with the defender still held as far as anyone recorded."""

    since_value: UncertainDate
    days: int
    until: date | None = None

    @property
    def since(self) -> date:
        return self.since_value.earliest

    @property
    def at_least(self) -> bool:
        """Return whether `days` is a lower bound (the start is not an exact day)."""
        return not self.since_value.is_exact


def term_runs_out_on(
    start: date | None, ordered: Term | None, extensions: Iterable[Term]
) -> date | None:
    """Return when a period's term runs out: the term ordered, then each extension added on
    to the previous end of term. None when no term was ordered, or when it cannot be known (a
    start that is not an exact day, an extension of unknown length), until an extension
    stated by its end gives it again."""
    if ordered is None or not ordered.is_known:
        return None
    end = ordered.added_to(start)
    for extension in extensions:
        end = extension.added_to(end)
    return end


def continuous_detention(spans: Iterable[Span], today: date) -> Detention | None:
    """Return since when, and for how many days, someone is held on `today`; None if they are
    not held, or held since a day no source gives. Periods that start in the future are
    ignored; an open period (no actual end) is ongoing even past its term, since a term
    running out does not free anyone by itself. A
    stretch left open when its case was closed counts up to the closing day, and is returned
    with that day as `until` if nothing followed it."""
    ordered = sorted(
        (s for s in spans if s.start is None or s.start <= today), key=lambda s: s.order_key(today)
    )
    first: Span | None = None
    until: date | None = None  # the chain's last day held; None while it is open-ended
    closed = False
    for span in ordered:
        joins = (
            span.continues_previous
            or until is None
            or (span.start is not None and span.start <= until + timedelta(1))
        )
        if first is not None and joins:
            # The span continues the chain.
            if until is not None:
                until = None if span.end is None else max(until, span.end)
                closed = span.closed if until == span.end else closed
            continue
        first, until, closed = span, span.end, span.closed
    since = first.start_value if first is not None else None
    if since is None:
        # Not held, or held since a day no source gives: no figure.
        return None
    counted_from = since.latest
    # An actual end is the day of release: someone released today is no longer held today.
    if until is None or until > today:
        return Detention(since_value=since, days=max((today - counted_from).days, 0))
    if closed:
        return Detention(since_value=since, days=max((until - counted_from).days, 0), until=until)
    return None


def detention_text(detention: Detention) -> str:
    """Return the sentence public pages and letters give, in the active language: "Detained
    since 14 March 2019 (191 days)", "Detained since March 2019 (at least 170 days)", or, for
    a case closed with the defender still held, "Detained from … until the case was closed on
    … (N days)"."""
    values = {"since": detention.since_value.text(), "counter": detention.days}
    if detention.until is not None:
        values["until"] = date_format(detention.until, "DATE_FORMAT")
        if detention.at_least:
            return (
                ngettext(
                    "Detained from %(since)s until the case was closed on %(until)s (at least "
                    "%(counter)s day)",
                    "Detained from %(since)s until the case was closed on %(until)s (at least "
                    "%(counter)s days)",
                    detention.days,
                )
                % values
            )
        return (
            ngettext(
                "Detained from %(since)s until the case was closed on %(until)s (%(counter)s day)",
                "Detained from %(since)s until the case was closed on %(until)s (%(counter)s days)",
                detention.days,
            )
            % values
        )
    if detention.at_least:
        return (
            ngettext(
                "Detained since %(since)s (at least %(counter)s day)",
                "Detained since %(since)s (at least %(counter)s days)",
                detention.days,
            )
            % values
        )
    return (
        ngettext(
            "Detained since %(since)s (%(counter)s day)",
            "Detained since %(since)s (%(counter)s days)",
            detention.days,
        )
        % values
    )


# --- One measure, as the case screen lists it ----------------------------------------------


def measure_period_text(
    *, start: UncertainDate | None, end: UncertainDate | None, today: date
) -> str:
    """Return a measure's period as precise as its source, in the active language: "since
    March 2019", "started between 1 and 3 April 2025", "from 14 March 2025 to 16 March
    2025", "from 1 June 2026" (not begun); "start unknown" (and "until …") when no source
    gives its start."""
    if start is None:
        if end is None:
            return _("start unknown")
        return _("start unknown, until %(end)s") % {"end": end.text()}
    if end is not None:
        return _("from %(start)s to %(end)s") % {"start": start.text(), "end": end.text()}
    if start.earliest > today:
        return _("from %(start)s") % {"start": start.text()}
    if start.precision == Precision.RANGE:
        # "since between 1 and 3 April" does not read.
        return _("started %(start)s") % {"start": start.text()}
    return _("since %(start)s") % {"start": start.text()}


def measure_days(
    *, start: UncertainDate | None, end: UncertainDate | None, closed_on: date | None, today: date
) -> tuple[int, bool] | None:
    """Return how many days one measure has lasted, and whether that figure is a lower bound:
    from its start to its end, to the day its case was closed when no end was recorded, or to
    `today` while it runs. As for days detained (continuous_detention), an uncertain start
    counts from its latest possible day and an uncertain end to its earliest, so the figure
    is never more than the source says. None for a measure that has not begun, or whose start
    no source gives (nothing can be counted)."""
    if start is None or start.earliest > today:
        return None
    if end is not None:
        last = end.earliest
    elif closed_on is not None:
        last = min(closed_on, today)
    else:
        last = today
    at_least = not start.is_exact or (end is not None and not end.is_exact)
    return max((last - start.latest).days, 0), at_least


def measure_days_text(days: int, at_least: bool) -> str:
    """Return "191 days" or "at least 170 days", in the active language."""
    if at_least:
        return ngettext("at least %(counter)s day", "at least %(counter)s days", days) % {
            "counter": days
        }
    return ngettext("%(counter)s day", "%(counter)s days", days) % {"counter": days}


def measure_text(kind_label: str, since: UncertainDate | None, until: date | None = None) -> str:
    """Return a measure that restricts without holding, as pages and letters give it, in the
    active language: "Travel ban since July 2017", "Judicial control since 3 May 2025, until
    14 August 2025" (`until`: when its term runs out, when that is known); "Travel ban" when
    no source gives its start."""
    values = {"measure": kind_label}
    if until is not None:
        values["until"] = date_format(until, "DATE_FORMAT")
    if since is None:
        return _("%(measure)s, until %(until)s") % values if until else str(kind_label)
    values["since"] = since.text()
    if until is None:
        return _("%(measure)s since %(since)s") % values
    return _("%(measure)s since %(since)s, until %(until)s") % values

"""Detention arithmetic: when a term runs out, and since when someone is held.

Pure functions on dates, so that the admin, the API, letters and reminders all count the same
way. "Detained since 17 May, 191 days as of today": the days are `today - since`, so the day of
arrest counts as day 0; consecutive periods (administrative detention followed the same day or
the next by pre-trial detention) count as one continuous detention.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta


@dataclass(frozen=True)
class Term:
    days: int | None = None
    months: int | None = None

    def added_to(self, start: date) -> date:
        """Return the date a term of this length, starting on `start`, runs out."""
        if self.months:
            return start + relativedelta(months=self.months)
        return start + timedelta(days=self.days or 0)


@dataclass(frozen=True)
class Span:
    """A detention period as the arithmetic sees it; `end` is the actual end, inclusive."""

    start: date
    end: date | None


@dataclass(frozen=True)
class Detention:
    since: date
    days: int


def term_runs_out_on(start: date, ordered: Term | None, extensions: Iterable[Term]) -> date | None:
    """Return when a period's term runs out: the term ordered, then each extension added on
    to the previous end of term. None when no term was ordered."""
    if ordered is None or not (ordered.days or ordered.months):
        return None
    end = ordered.added_to(start)
    for extension in extensions:
        end = extension.added_to(end)
    return end


def continuous_detention(spans: Iterable[Span], today: date) -> Detention | None:
    """Return since when, and for how many days, someone is held on `today`; None if they are
    not held. Periods that start in the future are ignored; an open period (no actual end) is
    ongoing even past its term, since a term running out does not free anyone by itself."""
    ordered = sorted((s for s in spans if s.start <= today), key=lambda s: s.start)
    since: date | None = None
    until: date | None = None  # the chain's last day held; None while it is open-ended
    for span in ordered:
        if since is not None and (until is None or span.start <= until + timedelta(days=1)):
            # The span continues the chain.
            if until is not None:
                until = None if span.end is None else max(until, span.end)
            continue
        since, until = span.start, span.end
    if since is None:
        return None
    # An actual end is the day of release: someone released today is no longer held today.
    if until is None or until > today:
        return Detention(since=since, days=(today - since).days)
    return None

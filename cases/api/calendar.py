"""GET /api/v1/hearings.ics: an iCalendar feed of the upcoming hearings of public cases.

Calendar programs cannot send headers, so besides the usual `Authorization: Bearer` key a
partner can use its secret calendar URL (`/api/v1/calendar/<token>/hearings.ics`, or
`?token=` on the feed), which staff revoke by giving the partner a new one
(partners.services.partner_calendar_token_rotate). An unknown or replaced token is a
401, never data.

Each hearing keeps one UID, and its SEQUENCE is the number of times it was moved, so that
calendars update the event in place when a hearing moves. Times are the court's own, with
its TZID and VTIMEZONE.
"""

import datetime as dt

import icalendar
from django.db.models import Prefetch
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import authentication, exceptions, generics

from appeals_site.api.authentication import PartnerPrincipal
from appeals_site.api.permissions import audience
from appeals_site.api.viewsets import AudienceVaryMixin
from appeals_site.audience import STAFF
from cases.api.exports import JSONErrorsMixin
from cases.api.hearings import HearingFilter, hearings_shaped
from cases.models import Case, Hearing, public_case_condition
from cases.references import case_public_path
from cases.selectors import cases_visible_to
from defenders.models import Defender
from partners.services import partner_for_calendar_token

PRODID = "-//Appeals//Hearings//EN"
# Fixed, not the request's host: a UID must stay the same whichever address the feed is read at.
UID_DOMAIN = "hearings.appeals"


class CalendarTokenAuthentication(authentication.BaseAuthentication):
    """A partner's secret calendar token, from the URL (path or `?token=`)."""

    def authenticate(self, request):
        kwargs = (request.parser_context or {}).get("kwargs", {})
        raw = kwargs.get("token") or request.query_params.get("token")
        if raw is None:
            return None
        partner = partner_for_calendar_token(raw=raw)
        if partner is None:
            raise exceptions.AuthenticationFailed(
                _("This calendar URL is not valid, or was replaced by a new one.")
            )
        return PartnerPrincipal(partner), None

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'


class CalendarTokenScheme(OpenApiAuthenticationExtension):
    target_class = CalendarTokenAuthentication
    name = "calendarToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "query",
            "name": "token",
            "description": "A partner's secret calendar token (also accepted in the path).",
        }


def upcoming_public_hearings(*, now: dt.datetime):
    """Return scheduled hearings of public cases from `now` on, shaped for the feed."""
    return (
        hearings_shaped(
            Hearing.objects.filter(
                case__in=Case.objects.filter(public_case_condition()),
                status=Hearing.Status.SCHEDULED,
                starts_at__gte=now,
            )
        )
        .select_related("proceeding")
        .prefetch_related(
            Prefetch("case__defenders", queryset=Defender.objects.only("id", "full_name"))
        )
        .order_by("starts_at", "id")
    )


def _names(hearing: Hearing) -> str:
    # The hearing's own defenders, else (not recorded) the case's.
    people = list(hearing.defenders.all()) or list(hearing.case.defenders.all())
    return ", ".join(sorted(d.full_name for d in people))


def _summoned(summoned: bool | None) -> str:
    """Return whether the defenders were summoned, when the source says ("": it does not)."""
    if summoned is None:
        return ""
    if summoned:
        return _("The defenders were summoned to it.")
    return _("The defenders were not summoned to it.")


def hearings_calendar(hearings, *, request=None) -> bytes:
    """Return the iCalendar document of `hearings` (from upcoming_public_hearings); with
    `request`, each event links to its case's public page (where it has one).

    Nothing in it moves with the clock (DTSTAMP is the hearing's last change, as RFC 5545
    allows for a published calendar), so the feed's ETag changes only with its hearings."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Hearings"))
    for hearing in hearings:
        names = _names(hearing)
        # Nothing the source did not state: a hearing whose purpose nobody stated is a
        # "Hearing" (and its description names no purpose); one at a court nobody named says
        # so; a hearing with no stated time is a whole day, never midnight.
        stated_purpose = hearing.get_purpose_display()
        purpose = stated_purpose or _("Hearing")
        proceeding = hearing.proceeding
        summary = f"{purpose}: {names}" if names else purpose
        if proceeding is not None and proceeding.name:
            summary = f"{summary} ({proceeding.name})"
        event = icalendar.Event()
        event.add("uid", f"hearing-{hearing.pk}@{UID_DOMAIN}")
        event.add("sequence", hearing.move_count)
        event.add("dtstamp", hearing.updated_at)
        event.add("last-modified", hearing.updated_at)
        if hearing.local_time is None:
            # The time is not known: a whole day, which ends when the next day begins.
            event.add("dtstart", hearing.local_date)
            event.add("dtend", hearing.local_date + dt.timedelta(days=1))
        else:
            # With the court's TZID. How long a hearing lasts is never stated: no end.
            event.add("dtstart", hearing.local_starts_at)
        event.add("summary", summary)
        public_path = case_public_path(reference=hearing.case.reference)
        if request is not None and public_path:
            event.add("url", request.build_absolute_uri(public_path))
        location = ", ".join(p for p in (hearing.court, hearing.city) if p)
        if location:
            event.add("location", location)
        lines = [
            hearing.case.reference or "",
            hearing.case.title,
            _("Court: %(court)s") % {"court": hearing.court_display},
            _("Court as printed: %(court)s") % {"court": hearing.court_as_printed}
            if hearing.court_as_printed
            else "",
            _("Time as printed: %(time)s") % {"time": hearing.time_as_printed}
            if hearing.time_as_printed
            else "",
            _("Proceeding: %(proceeding)s") % {"proceeding": proceeding} if proceeding else "",
            _("Purpose: %(purpose)s") % {"purpose": stated_purpose} if stated_purpose else "",
            _("Purpose as printed: %(purpose)s") % {"purpose": hearing.purpose_as_printed}
            if hearing.purpose_as_printed
            else "",
            _("Defenders: %(names)s") % {"names": names} if names else "",
            _summoned(hearing.summoned),
        ]
        event.add("description", "\n".join(line for line in lines if line))
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


class HearingCalendarView(JSONErrorsMixin, AudienceVaryMixin, generics.GenericAPIView):
    """Upcoming hearings of public cases as iCalendar; filter with `country`."""

    queryset = Hearing.objects.all()
    filterset_class = HearingFilter
    filters_in_schema = True
    extra_query_parameters = {"get": ("token",)}

    def accepted_query_parameters(self) -> set[str]:
        names = super().accepted_query_parameters()
        # The secret URL's token is in its path, which the schema declares alone: a second
        # one in the query is not taken (which of the two would count?).
        if self.kwargs.get("token") is not None:
            names.discard("token")
        return names

    def get_authenticators(self):
        # The calendar token first; without one, the API's usual authentication.
        return [CalendarTokenAuthentication(), *super().get_authenticators()]

    @extend_schema(
        responses={(200, "text/calendar"): OpenApiTypes.BINARY},
        parameters=[
            OpenApiParameter("token", OpenApiTypes.STR, description="Secret calendar token.")
        ],
    )
    def get(self, request, token=None):
        now = timezone.now()
        hearings = self.filter_queryset(upcoming_public_hearings(now=now))
        if audience(request) == STAFF:
            # Restriction concerns staff: a colleague not assigned to a restricted case does
            # not see its hearings here either (partners get every public case's).
            hearings = hearings.filter(case__in=cases_visible_to(request.user))
        body = hearings_calendar(hearings, request=request)
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="hearings.ics"'
        return response

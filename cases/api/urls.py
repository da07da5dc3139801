from django.urls import path
from rest_framework.routers import SimpleRouter

from cases.api.appeals import AppealViewSet
from cases.api.calendar import HearingCalendarView
from cases.api.exports import CaseCsvView
from cases.api.hearings import HearingViewSet
from cases.api.views import CaseViewSet

router = SimpleRouter()
router.register("cases", CaseViewSet, basename="case")
router.register("appeals", AppealViewSet, basename="appeal")
router.register("hearings", HearingViewSet, basename="hearing")

urlpatterns = [
    # Before the router's routes, so that neither is ever taken for a record's id.
    path("cases.csv", CaseCsvView.as_view(), name="case-csv"),
    path("hearings.ics", HearingCalendarView.as_view(), name="hearing-calendar"),
    # Calendar programs cannot send headers: the partner's secret token is in the path.
    path(
        "calendar/<str:token>/hearings.ics",
        HearingCalendarView.as_view(),
        name="hearing-calendar-by-token",
    ),
    *router.urls,
]

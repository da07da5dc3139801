from django.urls import path
from rest_framework.routers import SimpleRouter

from cases.api.appeals import AppealViewSet
from cases.api.calendar import HearingCalendarView
from cases.api.exports import CaseCsvView
from cases.api.hearings import HearingViewSet
from cases.api.views import CaseViewSet
from cases.letters import api as letters

router = SimpleRouter()
router.register("cases", CaseViewSet, basename="case")
router.register("appeals", AppealViewSet, basename="appeal")
router.register("hearings", HearingViewSet, basename="hearing")

urlpatterns = [
    # Letters for campaigners (cases.letters.api): open to anyone, no key.
    path(
        "appeals/<uuid:appeal_id>/letters/",
        letters.AppealLetterCreateView.as_view(),
        name="appeal-letters",
    ),
    path("letters/<uuid:letter_id>/", letters.LetterDetailView.as_view(), name="letter-detail"),
    path("letters/<uuid:letter_id>/pdf", letters.letter_pdf_view, name="letter-pdf"),
    path("letters/<uuid:letter_id>/html", letters.letter_html_view, name="letter-html"),
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

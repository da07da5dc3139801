"""Letters for campaigners under /api/v1/ (letters.api): open to anyone, no key."""

from django.urls import path

from letters import api

urlpatterns = [
    path(
        "appeals/<uuid:appeal_id>/letters/",
        api.AppealLetterCreateView.as_view(),
        name="appeal-letters",
    ),
    path("letters/<uuid:letter_id>/", api.LetterDetailView.as_view(), name="letter-detail"),
    path("letters/<uuid:letter_id>/pdf", api.letter_pdf_view, name="letter-pdf"),
    path("letters/<uuid:letter_id>/html", api.letter_html_view, name="letter-html"),
]

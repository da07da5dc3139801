"""The public site's URLs: /, /appeals/<slug>/ (public.case_public_path), feeds."""

from django.urls import include, path

from public import feeds, views

urlpatterns = [
    path("", views.appeal_list, name="public-appeal-list"),
    path("appeals/<slug:slug>/", views.appeal_detail, name="public-appeal"),
    path("appeals/<slug:slug>/letters/", views.take_action, name="public-take-action"),
    path(
        "appeals/<slug:slug>/letters/<uuid:letter_id>/",
        views.letter_detail,
        name="public-letter",
    ),
    path("feeds/appeals.rss", feeds.AppealsFeed(), name="public-feed-rss"),
    path("feeds/appeals.atom", feeds.AppealsAtomFeed(), name="public-feed-atom"),
    path("feeds/<str:country>/appeals.rss", feeds.AppealsFeed(), name="public-country-feed-rss"),
    path(
        "feeds/<str:country>/appeals.atom",
        feeds.AppealsAtomFeed(),
        name="public-country-feed-atom",
    ),
    # The language switcher posts to Django's set_language view (/i18n/setlang/).
    path("i18n/", include("django.conf.urls.i18n")),
]

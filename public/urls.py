"""The public site's URLs: /, /appeals/<slug>/ (public.case_public_path), feeds."""

from django.urls import path

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
    path("feeds/appeals.rss", views.cached_feed(feeds.AppealsFeed()), name="public-feed-rss"),
    path("feeds/appeals.atom", views.cached_feed(feeds.AppealsAtomFeed()), name="public-feed-atom"),
    path(
        "feeds/<str:country>/appeals.rss",
        views.cached_feed(feeds.AppealsFeed()),
        name="public-country-feed-rss",
    ),
    path(
        "feeds/<str:country>/appeals.atom",
        views.cached_feed(feeds.AppealsAtomFeed()),
        name="public-country-feed-atom",
    ),
    # The language switcher posts to Django's set_language view, checked as the public
    # forms are (public.same_origin).
    path("i18n/setlang/", views.language_set, name="set_language"),
]

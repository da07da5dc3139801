"""Whole responses of the public pages, cached: an appeal's page, the list and the feeds.

A cache hit is one cache round trip (the version and the response) and no database query, no
template, no form: the bytes stored on the first request are sent again, with the one
per-request value they hold (the address the language switcher returns to, NEXT_PLACEHOLDER)
put in. The pages hold no CSRF token (public.same_origin says why and what protects their
forms instead), so they are the same for everyone who reads them in one language, and a
proxy or CDN in front may serve them too (docs/public-site.md).

Keys, per page:
- a *version* of what the page shows, read from the database (public.selectors'
  case_page_version, list_version) and kept in the cache for VERSION_SECONDS;
- the response under `public:page:<slug>:<language>:<origin>:<page>`, with the version it
  was built for, kept PUBLIC_CACHE_SECONDS. Both are read in one round trip (get_many).

An edit deletes the versions it changes (public_pages_invalidate, called by public.receivers
on every save of a case, an appeal or a defender and on every case_touch): the next request
reads the new version from the database, so every language of the page, the list and the
feeds show the edit at once. A write that tells nobody (a bare UPDATE) shows within
VERSION_SECONDS, when the version is read again; a version that did not change keeps its
responses, so re-reading it costs one query, not a render.

Only Django's cache API is used: a cache that fails or is down is a miss, and the page is
built as if nothing were cached.
"""

import hashlib
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.html import escape

from cases.models import Case
from public import selectors
from public.selectors import PUBLIC_CACHE_SECONDS

# How long a version read from the database is trusted without an edit being heard.
VERSION_SECONDS = 60
# Written where the language switcher's `next` goes (templates/public/base.html) in a
# response that is cached, and replaced by each request's own path when it is sent.
NEXT_PLACEHOLDER = "__public_next_path__"
LIST_VERSION_KEY = "public:list-version"


def case_version_key(slug: str) -> str:
    return f"public:case-version:{slug}"


def case_version_read(*, slug: str) -> str | None:
    """Return the version of the case's page read from the database (one query), or None when
    no public case has that address."""
    case = selectors.public_case_lookup(slug=slug)
    return None if case is None else selectors.case_page_version(case=case, language="")


def case_version(*, slug: str) -> str | None:
    """Return the version of the case's page (what it shows, as of now), or None when no
    public case has that address. From the cache when it holds it; else one query."""
    return _version(case_version_key(slug), cache.get(case_version_key(slug)), slug=slug)


def _version(key: str, cached: str | None, *, slug: str | None = None) -> str | None:
    if cached is not None:
        return cached
    version = selectors.list_version() if slug is None else case_version_read(slug=slug)
    if version is not None:
        cache.set(key, version, VERSION_SECONDS)
    return version


def list_version() -> str:
    """Return the version of the list and the feeds: from the cache, else three queries."""
    return _version(LIST_VERSION_KEY, cache.get(LIST_VERSION_KEY)) or ""


def cached_response(
    request: HttpRequest,
    *,
    language: str,
    page: str,
    build: Callable[[], HttpResponse],
    slug: str | None = None,
) -> HttpResponse:
    """Return the response of `page` (of the case at `slug`, else of the list and the feeds)
    in `language`, or build it, store it if it is a 200 (and the view did not mark it
    `public_cache = False`), and return it. Either way it carries an ETag of its bytes and
    Cache-Control for proxies; ConditionalGetMiddleware answers a matching If-None-Match
    with 304. Raise Http404 when no public case has the address.

    One cache round trip on a hit: the version and the response are read together, and the
    response is served when it was built for that version. The origin (scheme and host, the
    host checked against ALLOWED_HOSTS) is part of the key: pages hold absolute links."""
    version_key = LIST_VERSION_KEY if slug is None else case_version_key(slug)
    origin = f"{request.scheme}://{request.get_host()}"
    key = f"public:page:{slug or ''}:{language}:{origin}:{page}"
    found = cache.get_many([version_key, key])
    version = _version(version_key, found.get(version_key), slug=slug)
    if version is None:
        raise Http404("No published appeal at this address.")
    entry = found.get(key)
    if entry is None or entry.get("version") != version:
        response = build()
        if response.status_code != 200 or not getattr(response, "public_cache", True):
            return response
        entry = {
            "version": version,
            "content": response.content,
            "content_type": response["Content-Type"],
            "etag": hashlib.md5(response.content, usedforsecurity=False).hexdigest(),
        }
        cache.set(key, entry, PUBLIC_CACHE_SECONDS)
    return _response_of(request, entry)


def _response_of(request: HttpRequest, entry: dict[str, Any]) -> HttpResponse:
    content: bytes = entry["content"]
    etag = entry["etag"]
    placeholder = NEXT_PLACEHOLDER.encode()
    if placeholder in content:
        path = request.get_full_path()
        content = content.replace(placeholder, escape(path).encode())
        # The bytes differ by the path (the same page under ?page=2&country=KG, or in
        # another order): so does the tag.
        etag = hashlib.md5(f"{etag}{path}".encode(), usedforsecurity=False).hexdigest()
    response = HttpResponse(content, content_type=entry["content_type"])
    response["ETag"] = f'"{etag}"'
    # Shared caches may keep it PUBLIC_PROXY_MAX_AGE seconds; browsers ask again each time
    # and get a 304 while nothing changed.
    response["Cache-Control"] = f"public, max-age=0, s-maxage={settings.PUBLIC_PROXY_MAX_AGE}"
    # The language comes from the django_language cookie, else Accept-Language
    # (LocaleMiddleware adds that one).
    patch_vary_headers(response, ["Cookie"])
    return response


def public_pages_invalidate(*, case_ids: Iterable | None = None, slugs: Iterable = ()) -> None:
    """Forget the versions of the pages of these cases, and of the list and the feeds: now,
    and again once the transaction commits (a request that read the database before the
    commit may have stored the old version meanwhile)."""
    slugs = set(slugs)
    ids = [pk for pk in (case_ids or ()) if pk is not None]
    if ids:
        slugs.update(
            Case.objects.filter(pk__in=ids, public_slug__isnull=False).values_list(
                "public_slug", flat=True
            )
        )
    keys = [LIST_VERSION_KEY, *(case_version_key(slug) for slug in slugs if slug)]

    def forget() -> None:
        cache.delete_many(keys)

    forget()
    transaction.on_commit(forget, robust=True)


# The apps whose records the public pages show.
_RECORD_APPS = frozenset({"cases", "defenders", "authorities"})


def record_changed(*, record: Any) -> None:
    """A record was saved or deleted: forget the pages of the cases it is part of (a case, a
    record with its case or its appeal, a defender's cases), and the list and the feeds. A
    record of no case (an authority, a controlled list) changes no version here: the
    services that save them touch the cases that show them (cases_touched)."""
    meta = record._meta
    if meta.app_label not in _RECORD_APPS or hasattr(record, "history_id"):
        return  # not ours, or a history row (django-simple-history) written beside one
    if isinstance(record, Case):
        public_pages_invalidate(slugs=[record.public_slug])
        return
    case_id = getattr(record, "case_id", None)
    if case_id is None and getattr(record, "appeal_id", None) is not None:
        case_id = (
            Case.objects.filter(appeals__pk=record.appeal_id).values_list("pk", flat=True).first()
        )
    if case_id is not None:
        public_pages_invalidate(case_ids=[case_id])
    elif meta.model_name == "defender" and record.pk is not None:
        public_pages_invalidate(case_ids=list(record.cases.values_list("pk", flat=True)))

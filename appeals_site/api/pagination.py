"""Keyset pagination for incremental sync, ordered by update time.

A sync is a walk through the rows with `updated_since < updated_at <= until`, in (updated_at,
id) order, where `until` is fixed when the first page is served and carried in the cursor. So a
partner paging through while staff edit misses nothing and sees nothing twice: a row edited
during the walk gets an update time after `until`, leaves this walk (whether or not it was
already served) and is served by the next sync, which starts from `until`.

`until` stays API_SYNC_SETTLE_SECONDS behind the clock: an update time is taken when a
transaction writes, not when it commits, so a row may become visible with an update time a
moment in the past; the margin keeps such a row ahead of every `until` already handed out.

A page's ETag is the hash of what it serves (appeals_site.api.pagination.page_response), not of
its body: `until`, and the cursor in `next` that carries it, move with the clock, so an
unchanged page would otherwise never answer 304. A client that revalidates keeps the page it
has, with its older `until`: walking up to an earlier `until` misses nothing, since the next
sync starts from it.
"""

import base64
import binascii
import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass

import orjson
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from appeals_site.api.renderers import json_default

DEFAULT_PAGE_SIZE = 100


@dataclass(frozen=True)
class Page:
    rows: QuerySet
    # The rows' primary keys, in the page's order.
    ids: list
    next_url: str | None
    until: dt.datetime
    page_size: int
    # Where the next page starts (the last row's update time and id), None on the last page.
    next_position: tuple[dt.datetime, uuid.UUID] | None = None


def _encode(updated_at: dt.datetime, pk, until: dt.datetime) -> str:
    raw = orjson.dumps({"u": updated_at.isoformat(), "i": str(pk), "t": until.isoformat()})
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str) -> tuple[dt.datetime, uuid.UUID, dt.datetime]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = orjson.loads(raw)
        position = dt.datetime.fromisoformat(data["u"])
        pk = uuid.UUID(data["i"])
        until = dt.datetime.fromisoformat(data["t"])
        if position.tzinfo is None or until.tzinfo is None:
            raise ValueError("naive")
    except (binascii.Error, orjson.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        raise ValidationError(
            {"cursor": [_("This cursor is not valid: start again from the first page.")]}
        ) from exc
    return position, pk, until


def page_size_from(request) -> int:
    raw = request.query_params.get("page_size")
    if raw is None:
        return DEFAULT_PAGE_SIZE
    try:
        size = int(raw)
    except ValueError:
        size = 0
    if not 1 <= size <= settings.API_MAX_PAGE_SIZE:
        raise ValidationError(
            {
                "page_size": [
                    _("Give a whole number from 1 to %(max)s.")
                    % {"max": settings.API_MAX_PAGE_SIZE}
                ]
            }
        )
    return size


def sync_page(queryset: QuerySet, request, *, changed: str = "updated_at") -> Page:
    """Return the page of `queryset` (already filtered, including by updated_since) that the
    request's cursor points at, and the link to the next one. `changed` names the update
    time the walk follows (a case's `shared_at` for partners: cases.api.views)."""
    size = page_size_from(request)
    cursor = request.query_params.get("cursor")
    if cursor:
        position, pk, until = _decode(cursor)
        queryset = queryset.filter(
            Q(**{f"{changed}__gt": position}) | Q(**{changed: position, "pk__gt": pk})
        )
    else:
        until = timezone.now() - dt.timedelta(seconds=settings.API_SYNC_SETTLE_SECONDS)
    keys = list(
        queryset.filter(**{f"{changed}__lte": until})
        .order_by(changed, "pk")
        .values_list(changed, "pk")[: size + 1]
    )
    next_url = None
    next_position = None
    if len(keys) > size:
        keys = keys[:size]
        last_at, last_pk = keys[-1]
        next_position = (last_at, last_pk)
        next_url = replace_query_param(
            request.build_absolute_uri(), "cursor", _encode(last_at, last_pk, until)
        )
    ids = [pk for _at, pk in keys]
    if keys:
        rows = queryset.model.objects.filter(pk__in=ids).order_by(changed, "pk")
    else:
        # Nothing changed: an empty queryset that documents recognise (query.is_empty()) and
        # answer without building their page query (bench/api.py: sync with no change).
        rows = queryset.model.objects.none()
    return Page(
        rows=rows,
        ids=ids,
        next_url=next_url,
        until=until,
        page_size=size,
        next_position=next_position,
    )


def page_etag(results: list, page: Page) -> str:
    """Return the ETag of a page serving `results`: from the data and where the next page
    starts, never from `until`."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(orjson.dumps(results, default=json_default, option=orjson.OPT_NON_STR_KEYS))
    if page.next_position is not None:
        last_at, last_pk = page.next_position
        digest.update(f"next:{last_at.isoformat()}:{last_pk}".encode())
    return f'"{digest.hexdigest()}"'


def page_response(results: list, page: Page) -> Response:
    """Return the answer for a sync page: the results, the next page's link and `until`, with
    an ETag from the data (ConditionalGetMiddleware answers 304 to a matching If-None-Match)."""
    response = Response(
        {
            "results": results,
            "next": page.next_url,
            # The next incremental sync asks for updated_since=<until>.
            "until": page.until.isoformat(),
        }
    )
    response["ETag"] = page_etag(results, page)
    return response

"""What the write-path equivalence tests share: what one save leaves behind (history rows,
reminders and notices, audit entries), read the same way whichever door it came through."""

import datetime as dt

from appeals_site.audit.models import AuditEntry
from tests.admin_forms import AdminPost, page_errors
from tests.api_clients import staff_api_client
from tests.cases.admin_support import change_url


def history_rows(model, since: dt.datetime, **lookup) -> list[tuple]:
    """Return the history rows of `model` written after `since` for the records `lookup`
    selects, each as (model, type, fields changed, user), in a stable order."""
    rows = []
    for row in model.history.filter(history_date__gt=since, **lookup):
        changed: tuple = ()
        previous = row.prev_record
        if row.history_type == "~" and previous is not None:
            delta = row.diff_against(previous, excluded_fields=["updated_at"])
            changed = tuple(sorted(delta.changed_fields))
        user = row.history_user.get_username() if row.history_user else None
        rows.append((model.__name__, row.history_type, changed, user))
    return sorted(rows)


def audit_rows(object_id, since: dt.datetime) -> list[tuple]:
    """Return the audit entries about the object written after `since`, reads left out (a
    page shown before the save is no part of it)."""
    reads = [AuditEntry.Action.READ_CONFIDENTIAL, AuditEntry.Action.READ_RESTRICTED_CASE]
    return sorted(
        (entry.action, entry.actor.get_username() if entry.actor else None, str(entry.detail))
        for entry in AuditEntry.objects.filter(object_id=str(object_id), at__gt=since).exclude(
            action__in=reads
        )
    )


def admin_save(client, obj, change) -> None:
    """Post the object's change page as displayed, changed by `change(post)`; it must save."""
    post = AdminPost.from_page(client.get(change_url(obj)))
    change(post)
    response = client.post(change_url(obj), post.data)
    assert response.status_code == 302, page_errors(response)


def api_save(user, url: str, body: dict) -> None:
    """PATCH `url` with `body` as `user` (staff); it must save."""
    response = staff_api_client(user).patch(url, body, format="json")
    assert response.status_code == 200, response.json()

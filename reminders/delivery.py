"""What a reminder says, and how it goes out: e-mail, or a signed webhook for partners.

Every message carries the reminder's idempotency key: the e-mail as its Message-ID, the
webhook as its Idempotency-Key header (and the payload's id). A repeat after a crash is the
same message with the same key, which the receiver can drop.
"""

import datetime as dt
import hashlib
import hmac
import time
import zoneinfo
from dataclasses import dataclass
from urllib.parse import urlsplit

import orjson
import requests
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from cases.dates import local_today
from cases.detention import continuous_detention, detention_text
from cases.models import DetentionPeriod, Hearing
from cases.selectors import custody_spans
from reminders.models import Digest, Reminder

SIGNATURE_HEADER = "X-Appeals-Signature"


@dataclass
class Message:
    subject: str
    text: str
    html: str


def _zone_of(reminder: Reminder) -> str:
    if reminder.partner is not None:
        return reminder.partner.time_zone
    row = getattr(reminder.user, "notification_settings", None)
    return row.time_zone if row else settings.TIME_ZONE


def local_time_text(instant: dt.datetime, zone_name: str, *, with_time: bool = True) -> str:
    """Return e.g. "Wed 25 Mar 2026, 10:00 Europe/Paris (UTC+01:00)"."""
    local = instant.astimezone(zoneinfo.ZoneInfo(zone_name))
    offset = local.strftime("%z")
    offset = f"UTC{offset[:3]}:{offset[3:]}"
    day = f"{local:%a} {local.day} {local:%b %Y}"
    if not with_time:
        return f"{day} ({zone_name})"
    return f"{day}, {local:%H:%M} {zone_name} ({offset})"


def _case_link(reminder: Reminder) -> str:
    case = reminder.case
    if reminder.partner_id:
        if case.public_slug:
            return settings.SITE_URL + reverse("public-appeal", args=[case.public_slug])
        return ""
    return settings.SITE_URL + reverse("admin:cases_case_change", args=[case.pk])


def reminder_context(reminder: Reminder) -> dict:
    """Return what the templates and the webhook payload say about a reminder."""
    case = reminder.case
    zone = _zone_of(reminder)
    context: dict = {
        "reminder": reminder,
        "kind": reminder.kind,
        "kind_label": reminder.get_kind_display(),
        "case_title": case.title,
        "case_reference": case.reference or "",
        "case_country": case.country.name,
        "link": _case_link(reminder),
        "recipient_zone": zone,
        "note": reminder.note,
        "organisation": settings.ORGANISATION_NAME,
    }
    hearing = reminder.hearing
    if hearing is not None:
        defenders = [d.full_name for d in hearing.defenders.all()]
        context["hearing"] = {
            "court": hearing.court_display,
            "city": hearing.city,
            "purpose": hearing.get_purpose_display() or "not stated",
            "status": hearing.get_status_display(),
            "defenders": defenders,
            "court_time": local_time_text(
                reminder.occurs_at, hearing.time_zone, with_time=hearing.local_time is not None
            ),
            "your_time": local_time_text(
                reminder.occurs_at, zone, with_time=hearing.local_time is not None
            ),
        }
        if reminder.kind == Reminder.Kind.HEARING_MOVED:
            move = hearing.moves.order_by("-moved_at").first()
            if move is not None:
                context["hearing"]["moved_from"] = f"{move.from_date:%Y-%m-%d}" + (
                    f" {move.from_time:%H:%M}" if move.from_time else ""
                )
                context["hearing"]["move_reason"] = move.reason
    period = reminder.detention_period
    if period is not None and period.term_ends_on is not None:
        context["term"] = {
            "defender": period.defender.full_name,
            "kind": period.get_kind_display(),
            "place": period.place,
            "ordered_by": period.ordered_by,
            "ends_on": f"{period.term_ends_on:%a} {period.term_ends_on.day} "
            f"{period.term_ends_on:%b %Y}",
            "case_zone": case.time_zone,
            "detention": _detention_on_case(period),
        }
    return context


def _detention_on_case(period: DetentionPeriod) -> str:
    """Return "Detained since … (N days)" for the period's defender, counted (as everywhere:
    cases.detention) over the custody recorded on this case only, which its followers may
    see; or "" if they are not held."""
    periods = DetentionPeriod.objects.filter(case_id=period.case_id, defender_id=period.defender_id)
    spans = custody_spans(periods).get(str(period.defender_id), [])
    detention = continuous_detention(spans, local_today(period.case.time_zone))
    return detention_text(detention) if detention else ""


def reminder_message(reminder: Reminder, context: dict | None = None) -> Message:
    """Return the e-mail for one reminder or notice: subject, text and HTML (from `context`
    when the caller built it already)."""
    context = context or reminder_context(reminder)
    subject = " ".join(render_to_string("reminders/message_subject.txt", context).split())
    return Message(
        subject=subject,
        text=render_to_string("reminders/message.txt", context),
        html=render_to_string("reminders/message.html", context),
    )


def _message_id(key) -> str:
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<{key}@{domain}>"


def _send_email(*, to: str, message: Message, key, extra_headers: dict | None = None) -> None:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers={"Message-ID": _message_id(key), **(extra_headers or {})},
    )
    email.attach_alternative(message.html, "text/html")
    email.send(fail_silently=False)


def webhook_payload(reminder: Reminder) -> dict:
    """Return the JSON a partner's webhook receives. Only what partners may see: public case
    facts, never a confidential field."""
    context = reminder_context(reminder)
    case = reminder.case
    payload: dict = {
        "id": str(reminder.key),
        "type": reminder.kind,
        "case": {
            "id": str(case.pk),
            "reference": case.reference,
            "title": case.title,
            "country": str(case.country),
            "url": context["link"] or None,
        },
        "occurs_at": reminder.occurs_at.isoformat(),
        "text": reminder_message(reminder, context).text,
    }
    hearing = reminder.hearing
    if hearing is not None:
        payload["hearing"] = {
            "id": str(hearing.pk),
            "court": hearing.court,
            "city": hearing.city,
            "purpose": hearing.purpose,
            "status": hearing.status,
            "local_date": hearing.local_date.isoformat(),
            "local_time": hearing.local_time.isoformat() if hearing.local_time else None,
            "time_zone": hearing.time_zone,
            "starts_at": hearing.starts_at.isoformat(),
            "defenders": [
                {"id": str(d.pk), "full_name": d.full_name} for d in hearing.defenders.all()
            ],
        }
    period = reminder.detention_period
    if period is not None:
        payload["detention_period"] = {
            "id": str(period.pk),
            "kind": period.kind,
            "defender": {"id": str(period.defender_id), "full_name": period.defender.full_name},
            "term_ends_on": period.term_ends_on.isoformat() if period.term_ends_on else None,
            "time_zone": case.time_zone,
        }
    return payload


def webhook_signature(*, secret: str, timestamp: int, body: bytes) -> str:
    """Return the signature header's value: `t=<unix time>,v1=<hex HMAC-SHA256 of
    "<t>.<body>" under the partner's secret>`. Signing the time too stops replays of an old
    body (receivers should refuse a `t` older than a few minutes)."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def _send_webhook(reminder: Reminder) -> None:
    partner = reminder.partner
    if partner is None or not partner.webhook_url or not partner.webhook_secret:
        raise RuntimeError("The partner has no webhook URL or no webhook secret.")
    body = orjson.dumps(webhook_payload(reminder))
    timestamp = int(time.time())
    response = requests.post(
        partner.webhook_url,
        data=body,
        headers={
            "Content-Type": "application/json",
            "User-Agent": "appeals-reminders/1",
            "Idempotency-Key": str(reminder.key),
            "X-Appeals-Event": reminder.kind,
            SIGNATURE_HEADER: webhook_signature(
                secret=partner.webhook_secret, timestamp=timestamp, body=body
            ),
        },
        timeout=(5, settings.REMINDER_WEBHOOK_TIMEOUT_SECONDS),
        allow_redirects=False,
    )
    if not 200 <= response.status_code < 300:
        raise RuntimeError(f"The webhook answered HTTP {response.status_code}.")


def reminder_deliver(*, reminder: Reminder) -> None:
    """Send one reminder or notice by its channel; raise on any failure."""
    if reminder.channel == Reminder.Channel.WEBHOOK:
        _send_webhook(reminder)
        return
    if reminder.partner is not None:
        to = reminder.partner.contact_email
    else:
        to = reminder.user.email if reminder.user is not None else ""
    if not to:
        raise RuntimeError("The recipient has no e-mail address.")
    _send_email(to=to, message=reminder_message(reminder), key=reminder.key)


def digest_deliver(*, digest: Digest, reminders: list[Reminder]) -> None:
    """Send one member of staff's daily digest of `reminders`; raise on any failure."""
    items = [reminder_context(r) for r in reminders]
    hearing_count = sum(
        1 for r in reminders if r.hearing and r.hearing.status == Hearing.Status.SCHEDULED
    )
    context = {
        "digest": digest,
        "items": items,
        "count": len(items),
        "hearing_count": hearing_count,
        "organisation": settings.ORGANISATION_NAME,
    }
    message = Message(
        subject=" ".join(render_to_string("reminders/digest_subject.txt", context).split()),
        text=render_to_string("reminders/digest.txt", context),
        html=render_to_string("reminders/digest.html", context),
    )
    if not digest.user.email:
        raise RuntimeError("The recipient has no e-mail address.")
    _send_email(to=digest.user.email, message=message, key=digest.key)

"""Writes to partners and API keys, and the lookup of a key presented to the API."""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from partners.models import ApiKey, Partner

KEY_PREFIX = "apk_"
CALENDAR_PREFIX = "cal_"
# How often a key's last-used time is written: not on every request, which would turn each
# read into a write.
WEBHOOK_SECRET_PREFIX = "whs_"  # noqa: S105 - a prefix, not a secret
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def _secret_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _new_secret(prefix: str) -> str:
    return prefix + secrets.token_urlsafe(32)


@transaction.atomic
def api_key_create(
    *,
    partner: Partner | None = None,
    user: User | None = None,
    name: str = "",
    expires_at: dt.datetime | None = None,
    acting_user: User | AnonymousUser | None = None,
) -> tuple[ApiKey, str]:
    """Create a key for a partner or a member of staff; return it and the raw key, which is
    shown once and never stored. Without `expires_at`, a key expires API_KEY_LIFETIME_DAYS
    from now (0: never)."""
    if (partner is None) == (user is None):
        raise ValidationError(_("A key belongs to a partner or to a member of staff."))
    if user is not None and not (user.is_staff and user.is_active):
        raise ValidationError({"user": _("Only active staff have API keys.")})
    if expires_at is None and settings.API_KEY_LIFETIME_DAYS:
        expires_at = timezone.now() + dt.timedelta(days=settings.API_KEY_LIFETIME_DAYS)
    raw = _new_secret(KEY_PREFIX)
    key = ApiKey(
        partner=partner,
        user=user,
        name=name,
        prefix=raw[: len(KEY_PREFIX) + 6],
        key_hash=_secret_hash(raw),
        expires_at=expires_at,
        created_by=acting_user if isinstance(acting_user, User) else None,
    )
    key.full_clean()
    key.save()
    return key, raw


def api_key_revoke(*, key: ApiKey) -> ApiKey:
    """Revoke the key at once; it is kept, so that its use stays on record."""
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        ApiKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(revoked_at=key.revoked_at)
    return key


def api_key_authenticate(*, raw: str, now: dt.datetime | None = None) -> ApiKey | None:
    """Return the valid key matching `raw` (with its partner or user loaded), or None."""
    if not raw.startswith(KEY_PREFIX) or len(raw) > 100:
        return None
    now = now or timezone.now()
    key = (
        ApiKey.objects.select_related("partner", "user")
        .filter(key_hash=_secret_hash(raw), revoked_at__isnull=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .first()
    )
    if key is None:
        return None
    if key.partner is not None and not key.partner.is_active:
        return None
    if key.user is not None and not (key.user.is_active and key.user.is_staff):
        return None
    if key.last_used_at is None or now - key.last_used_at >= LAST_USED_RESOLUTION:
        # Conditional, so that concurrent requests write it once.
        ApiKey.objects.filter(pk=key.pk).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - LAST_USED_RESOLUTION)
        ).update(last_used_at=now)
        key.last_used_at = now
    return key


def api_key_refusal(*, raw: str, now: dt.datetime | None = None) -> str:
    """Return why `raw`, which api_key_authenticate refused, is refused: "revoked",
    "expired", "inactive" (its partner or member of staff is no longer active) or "unknown".
    Only a key that exists is told apart: a guess learns nothing but "unknown"."""
    now = now or timezone.now()
    key = (
        ApiKey.objects.select_related("partner", "user").filter(key_hash=_secret_hash(raw)).first()
        if raw.startswith(KEY_PREFIX) and len(raw) <= 100
        else None
    )
    if key is None:
        return "unknown"
    if key.revoked_at is not None:
        return "revoked"
    if key.expires_at is not None and key.expires_at <= now:
        return "expired"
    return "inactive"


@transaction.atomic
def partner_create(
    *, name: str, contact_email: str = "", acting_user: User | AnonymousUser | None = None
) -> tuple[Partner, str]:
    """Create a partner with its first API key; return the partner and the raw key."""
    partner = Partner(name=name.strip(), contact_email=contact_email)
    partner.full_clean()
    partner.save()
    _key, raw = api_key_create(partner=partner, name=_("first key"), acting_user=acting_user)
    return partner, raw


def partner_calendar_token_rotate(*, partner: Partner) -> str:
    """Give the partner a new secret calendar token, revoking the old one; return it."""
    raw = _new_secret(CALENDAR_PREFIX)
    partner.calendar_token_hash = _secret_hash(raw)
    partner.calendar_token_prefix = raw[: len(CALENDAR_PREFIX) + 6]
    partner.save(update_fields=["calendar_token_hash", "calendar_token_prefix", "updated_at"])
    return raw


def partner_webhook_secret_rotate(*, partner: Partner) -> str:
    """Give the partner a new webhook signing secret (the old one stops signing); return it.
    Unlike keys it is stored as is: signing needs it."""
    raw = _new_secret(WEBHOOK_SECRET_PREFIX)
    partner.webhook_secret = raw
    partner.save(update_fields=["webhook_secret", "updated_at"])
    return raw


def partner_for_calendar_token(*, raw: str) -> Partner | None:
    """Return the active partner whose calendar token is `raw`, or None."""
    if not raw.startswith(CALENDAR_PREFIX) or len(raw) > 100:
        return None
    return Partner.objects.filter(calendar_token_hash=_secret_hash(raw), is_active=True).first()

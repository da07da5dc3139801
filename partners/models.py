"""Who may use the API: partners and their keys, and staff keys."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from appeals_site.fields import EncryptedSecretField
from appeals_site.models import PublicIdModel, TimestampedModel, validate_time_zone


def validate_webhook_url(value: str) -> None:
    """Webhooks carry case data: HTTPS only, unless REMINDER_WEBHOOK_ALLOW_HTTP (development)."""
    if not value.lower().startswith("https://") and not settings.REMINDER_WEBHOOK_ALLOW_HTTP:
        raise ValidationError(_("A webhook URL must start with https://."))


class Partner(PublicIdModel, TimestampedModel):
    """An organisation that pulls published case data (another NGO, a network, a UN special
    procedure). It reads published cases only and never a confidential field."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # The secret calendar URL (calendar programs cannot send headers) is stored as a hash,
    # like a key; rotating it revokes the old URL.
    calendar_token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    calendar_token_prefix = models.CharField(
        _("calendar URL starts with"), max_length=16, blank=True, editable=False
    )
    notes = models.TextField(_("notes"), blank=True)
    # Reminders of hearings and detention deadlines (the reminders app): by e-mail to the
    # contact address, and by a signed HTTPS POST to the webhook.
    webhook_url = models.URLField(
        _("webhook URL"),
        blank=True,
        validators=[validate_webhook_url],
        help_text=_("HTTPS. Reminders are POSTed here as JSON, signed with the webhook secret."),
    )
    # Encrypted at rest: whoever reads a dump must not be able to sign webhooks as us.
    webhook_secret = EncryptedSecretField(blank=True, editable=False)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text=_("Reminders give times in the court's time zone and in this one."),
    )

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ApiKey(PublicIdModel):
    """A key for the API, held by a partner or by a member of staff.

    Only a SHA-256 hash of the key is stored: keys are 256-bit random tokens, so a fast hash
    is enough (there is nothing to brute-force), and a lookup stays one indexed query. The
    prefix is kept in clear so that staff can tell keys apart.
    """

    name = models.CharField(_("name"), max_length=200, blank=True)
    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, null=True, blank=True, related_name="api_keys"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="api_keys",
    )
    prefix = models.CharField(_("key starts with"), max_length=16, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(partner__isnull=False, user__isnull=True)
                | Q(partner__isnull=True, user__isnull=False),
                name="api_key_held_by_partner_or_staff",
                violation_error_message=_("A key belongs to a partner or to a member of staff."),
            ),
        ]

    def __str__(self) -> str:
        holder = self.partner or self.user
        return f"{self.prefix}… ({holder})"

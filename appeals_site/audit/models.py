"""The audit log: one row per thing an administrator may need to know someone did."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """Who did what, when, from where, to which record. Written only by
    appeals_site.audit.services.audit_record, never changed; read by administrators."""

    class Action(models.TextChoices):
        LOGIN = "login", _("Login")
        LOGIN_FAILED = "login_failed", _("Failed login")
        SECOND_FACTOR_FAILED = "second_factor_failed", _("Failed second factor")
        LOGOUT = "logout", _("Logout")
        READ_RESTRICTED_CASE = "read_restricted_case", _("Read a restricted case")
        READ_CONFIDENTIAL = "read_confidential", _("Read confidential facts")
        EXPORT = "export", _("Export")
        LETTER_DOWNLOAD = "letter_download", _("Letter download")
        PUBLICATION = "publication", _("Publication")
        DEFENDER_EXPORT = "defender_export", _("Defender export")
        DEFENDER_ERASE = "defender_erase", _("Defender erasure")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    # The account, while it exists; actor_label keeps the name even after it is deleted.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(
        _("actor's name"),
        max_length=200,
        blank=True,
        help_text=_("The username (for a failed login: the one tried), or the partner."),
    )
    action = models.CharField(_("action"), max_length=32, choices=Action.choices, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True, db_index=True)
    object_label = models.CharField(_("object"), max_length=300, blank=True)
    source_ip = models.GenericIPAddressField(_("source IP"), null=True, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["action", "-at"], name="audit_action_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_label} {self.action}"

"""Reminders before hearings and detention deadlines, and notices of changes to a case.

Each message to send is a row (what, to whom, by which channel, when, in which state). Its
`dedupe_key` is unique: a second row for the same reminder to the same recipient by the same
channel cannot exist, so it cannot be sent twice. Its `key` is the idempotency key a receiver
sees (the webhook's Idempotency-Key header, the e-mail's Message-ID): a repeat caused by a crash
carries the same key as the first attempt.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from appeals_site.models import validate_time_zone


class ReminderRule(models.Model):
    """When to remind: so many days before a hearing or before a detention term runs out,
    either counted back from the hearing's own time or at a fixed local time of that day."""

    class Subject(models.TextChoices):
        HEARING = "hearing", _("Hearing")
        TERM_END = "term_end", _("Detention term runs out")

    subject = models.CharField(_("before"), max_length=16, choices=Subject.choices)
    days_before = models.PositiveSmallIntegerField(
        _("days before"), validators=[MaxValueValidator(366)]
    )
    at_local_time = models.TimeField(
        _("at local time"),
        null=True,
        blank=True,
        help_text=_(
            "Local time of the court (hearings) or of the case (terms) on that day. Empty for a "
            "hearing: the same time as the hearing, so many days earlier. A term's rule needs it."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("reminder rule")
        verbose_name_plural = _("reminder rules")
        ordering = ["subject", "-days_before", "at_local_time"]
        constraints = [
            models.CheckConstraint(
                condition=Q(subject="hearing") | Q(at_local_time__isnull=False),
                name="reminder_rule_term_end_has_time",
                violation_error_message=_(
                    "A rule before a term runs out needs a local time (e.g. 08:00)."
                ),
            ),
        ]

    def __str__(self) -> str:
        when = (
            _("%(days)s day(s) before") % {"days": self.days_before}
            if self.days_before
            else _("on the day")
        )
        if self.at_local_time:
            when = _("%(when)s at %(time)s") % {
                "when": when,
                "time": self.at_local_time.strftime("%H:%M"),
            }
        return f"{self.get_subject_display()}: {when}"

    def clean(self) -> None:
        super().clean()
        same = ReminderRule.objects.filter(
            subject=self.subject, days_before=self.days_before, at_local_time=self.at_local_time
        ).exclude(pk=self.pk)
        if self.days_before is not None and same.exists():
            raise ValidationError(_("This rule exists already."))


class NotificationSettings(models.Model):
    """How a member of staff receives reminders and notices."""

    class Delivery(models.TextChoices):
        IMMEDIATE = "immediate", _("One e-mail each, at once")
        DIGEST = "digest", _("One daily digest")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    delivery = models.CharField(
        _("delivery"), max_length=16, choices=Delivery.choices, default=Delivery.IMMEDIATE
    )
    time_zone = models.CharField(
        _("my time zone"), max_length=64, default="UTC", validators=[validate_time_zone]
    )
    digest_time = models.TimeField(
        _("digest at"), default="07:00", help_text=_("Local time, in my time zone.")
    )

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return str(self.user)


class Subscription(models.Model):
    """Who follows what: a member of staff or a partner, following a case or a country."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subscriptions",
        verbose_name=_("staff member"),
    )
    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subscriptions",
        verbose_name=_("partner"),
    )
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subscriptions",
        verbose_name=_("case"),
    )
    country = CountryField(_("country"), blank=True, db_index=True)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False, partner__isnull=True)
                | Q(user__isnull=True, partner__isnull=False),
                name="subscription_by_staff_or_partner",
                violation_error_message=_("A subscription is a staff member's or a partner's."),
            ),
            models.CheckConstraint(
                condition=(Q(case__isnull=False) & Q(country=""))
                | (Q(case__isnull=True) & ~Q(country="")),
                name="subscription_to_case_or_country",
                violation_error_message=_("Follow a case or a country, one of them."),
            ),
            models.UniqueConstraint(
                fields=["user", "case"],
                condition=Q(user__isnull=False, case__isnull=False),
                name="subscription_user_case_once",
                violation_error_message=_("This staff member follows this case already."),
            ),
            models.UniqueConstraint(
                fields=["user", "country"],
                condition=Q(user__isnull=False, case__isnull=True),
                name="subscription_user_country_once",
                violation_error_message=_("This staff member follows this country already."),
            ),
            models.UniqueConstraint(
                fields=["partner", "case"],
                condition=Q(partner__isnull=False, case__isnull=False),
                name="subscription_partner_case_once",
                violation_error_message=_("This partner follows this case already."),
            ),
            models.UniqueConstraint(
                fields=["partner", "country"],
                condition=Q(partner__isnull=False, case__isnull=True),
                name="subscription_partner_country_once",
                violation_error_message=_("This partner follows this country already."),
            ),
        ]

    def __str__(self) -> str:
        who = self.user or self.partner
        what = self.case or self.country.name
        return _("%(who)s follows %(what)s") % {"who": who, "what": what}


class Digest(models.Model):
    """One member of staff's daily digest: sent once a day, with the reminders and notices
    that came due since the last one."""

    class State(models.TextChoices):
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    key = models.UUIDField(_("idempotency key"), default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests"
    )
    local_date = models.DateField(_("day (recipient's time zone)"))
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.SENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    lease_until = models.DateTimeField(null=True, blank=True, editable=False)
    next_attempt_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        ordering = ["-local_date"]
        constraints = [
            models.UniqueConstraint(fields=["user", "local_date"], name="one_digest_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.local_date:%Y-%m-%d}"


class Reminder(models.Model):
    """One message to one recipient by one channel: a reminder or a notice."""

    class Kind(models.TextChoices):
        HEARING_UPCOMING = "hearing_upcoming", _("Hearing coming up")
        TERM_ENDING = "term_ending", _("Detention term runs out")
        HEARING_MOVED = "hearing_moved", _("Hearing moved")
        HEARING_CANCELLED = "hearing_cancelled", _("Hearing cancelled or postponed")
        CASE_CHANGED = "case_changed", _("Case changed")

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        WEBHOOK = "webhook", _("Webhook")
        DIGEST = "digest", _("Daily digest")

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    key = models.UUIDField(_("idempotency key"), default=uuid.uuid4, unique=True, editable=False)
    # What makes two rows the same message: kind, subject, rule, what it is about (the
    # hearing's instant), recipient and channel. Unique: a second sending is impossible.
    dedupe_key = models.CharField(max_length=255, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.PENDING
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="reminders", verbose_name=_("case")
    )
    hearing = models.ForeignKey(
        "cases.Hearing",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("hearing"),
    )
    detention_period = models.ForeignKey(
        "cases.DetentionPeriod",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("detention period"),
    )
    # No index on rule, partner or digest: nothing looks reminders up by them but a rare
    # delete (or, for digests, a partial index below); every index slows planning.
    rule = models.ForeignKey(
        ReminderRule,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("rule"),
        db_index=False,
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("staff member"),
    )
    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("partner"),
        db_index=False,
    )
    occurs_at = models.DateTimeField(_("about (hearing or term end)"))
    due_at = models.DateTimeField(_("due"))
    note = models.TextField(_("note"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    lease_until = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    cancel_reason = models.CharField(_("why cancelled"), max_length=200, blank=True)
    digest = models.ForeignKey(
        Digest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reminders",
        db_index=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["due_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False, partner__isnull=True)
                | Q(user__isnull=True, partner__isnull=False),
                name="reminder_to_staff_or_partner",
            ),
        ]
        indexes = [
            # The scan's two ways in: pending and due (not digest rows, which the daily
            # digest collects), and sending with an expired lease (a worker died).
            models.Index(
                fields=["due_at"],
                condition=Q(state="pending") & ~Q(channel="digest"),
                name="reminder_pending_due",
            ),
            models.Index(
                fields=["lease_until"], condition=Q(state="sending"), name="reminder_lease"
            ),
            models.Index(
                fields=["user", "due_at"],
                condition=Q(state="pending", channel="digest"),
                name="reminder_digest_pending",
            ),
            models.Index(
                fields=["digest"], condition=Q(digest__isnull=False), name="reminder_in_digest"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.user or self.partner} ({self.channel})"

"""A rendered appeal letter: the HTML it was made from, its PDF in storage, and the state of
its render.

A letter is found by its id, which is also the campaigner's only credential for it: a random
UUID, never a counter. Its `render_key` names everything that shapes it (the SHA-256 of its
HTML and the template version), so one request made twice is one letter, rendered once.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from appeals_site.languages import Language
from appeals_site.models import PublicIdModel


def letter_pdf_path(letter: "Letter", filename: str) -> str:
    """Return where the letter's PDF is stored: letters/<key[:2]>/<key>.pdf."""
    return f"letters/{letter.render_key[:2]}/{letter.render_key}.pdf"


class Letter(PublicIdModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        RENDERING = "rendering", _("Rendering")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    appeal = models.ForeignKey(
        "cases.Appeal", verbose_name=_("appeal"), on_delete=models.CASCADE, related_name="letters"
    )
    # Null: one document addressed to each of the appeal's authorities in turn.
    authority = models.ForeignKey(
        "authorities.Authority",
        verbose_name=_("authority"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=8, choices=Language.choices)
    campaigner_name = models.CharField(_("campaigner's name"), max_length=200, blank=True)
    campaigner_organisation = models.CharField(
        _("campaigner's organisation"), max_length=200, blank=True
    )
    campaigner_city = models.CharField(_("campaigner's city"), max_length=200, blank=True)
    campaigner_country = CountryField(_("campaigner's country"), blank=True)
    is_standard = models.BooleanField(
        _("standard"), default=True, help_text=_("No campaigner fields: lines to sign by hand.")
    )
    render_key = models.CharField(_("render key"), max_length=64, unique=True, editable=False)
    template_version = models.CharField(_("template version"), max_length=64, editable=False)
    html = models.TextField(_("HTML"), editable=False)
    pdf = models.FileField(_("PDF"), upload_to=letter_pdf_path, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    error = models.TextField(_("last error"), blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0, editable=False)
    render_ms = models.PositiveIntegerField(_("render time (ms)"), null=True, editable=False)
    claimed_at = models.DateTimeField(_("render started"), null=True, editable=False)
    # When the broker took the render's message; null while it has not (the broker was down):
    # the sweep (letters.services.letters_unsent_enqueue) sends it again.
    enqueued_at = models.DateTimeField(_("sent to the workers"), null=True, editable=False)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True, db_index=True)
    rendered_at = models.DateTimeField(_("rendered"), null=True, editable=False)

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["appeal", "is_standard"], name="letter_appeal_standard")]

    def __str__(self) -> str:
        return f"{self.appeal} ({self.language}, {self.get_status_display()})"

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY

"""An archived appeal brought in to be read (issue 15): the file as it came, or the pasted
text, kept for staff and never shown outward; what was read from it, awaiting review; and,
once staff confirmed it, the case and the appeal it was recorded as."""

from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from appeals_site.models import PublicIdModel, TimestampedModel


def imported_document_path(document: "ImportedDocument", filename: str) -> str:
    """Return where the original is stored: imported/<sha[:2]>/<sha>/<its name, made safe>."""
    name = get_valid_filename(PurePath(filename).name) or "document"
    return f"imported/{document.sha256[:2]}/{document.sha256}/{name}"


class ImportedDocument(PublicIdModel, TimestampedModel):
    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        READING = "reading", _("Being read")
        READ = "read", _("In review")
        REFUSED = "refused", _("Refused")
        FAILED = "failed", _("Could not be read")
        CONFIRMED = "confirmed", _("Recorded")

    class Format(models.TextChoices):
        PASTED = "pasted", _("Pasted text")
        TXT = "txt", _("Text file")
        HTML = "html", _("Web page")
        DOCX = "docx", _("Word document")
        PDF = "pdf", _("PDF")

    name = models.CharField(
        _("name"), max_length=255, help_text=_("The file's name as it came, or a pasted text's.")
    )
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    original = models.FileField(
        _("original"), upload_to=imported_document_path, max_length=300, editable=False
    )
    # Of the original's bytes: the same file brought in twice is the same document.
    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True, editable=False)
    size = models.PositiveIntegerField(_("size in bytes"), editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RECEIVED, db_index=True
    )
    # The language staff said it is in; blank: the reader tells.
    language = models.CharField(_("language"), max_length=10, blank=True)
    text = models.TextField(_("text"), blank=True, editable=False)
    # importer.reading.stored: the Proposal as JSON; null until read.
    proposal = models.JSONField(_("proposal"), null=True, blank=True, editable=False)
    # Why it was refused or could not be read, naming the part of the file.
    problem = models.TextField(_("problem"), blank=True, editable=False)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("received by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    # When its reading was last sent to the workers; null: the broker did not take it (it was
    # down), and the sweep (importer.services.documents_unread_enqueue) sends it again.
    enqueued_at = models.DateTimeField(_("sent to the workers"), null=True, editable=False)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True, editable=False)
    # Set when staff confirm: the case it was recorded in and the appeal it became. PROTECT:
    # the document is where those facts came from, and stays while they do.
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="imported_documents",
    )
    appeal = models.OneToOneField(
        "cases.Appeal",
        verbose_name=_("recorded as"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="imported_document",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("imported document")
        verbose_name_plural = _("imported documents")
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return self.name

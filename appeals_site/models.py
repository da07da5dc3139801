"""Building blocks shared by the apps' models."""

import uuid
import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from appeals_site.audience import PARTNER
from appeals_site.confidential import confidential_fields
from appeals_site.outward import partner_view, partner_view_of


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("%(value)s is not an IANA time zone name such as Asia/Bishkek."),
            params={"value": value},
            code="invalid_time_zone",
        )


class PublicIdModel(models.Model):
    """A record reached from outside: its primary key is a random UUID, never a counter, so
    nobody can count or walk our records from a URL or an API id."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    class Meta:
        abstract = True


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        abstract = True


class ConfidentialFactsModel(models.Model):
    """A record with confidential fields (see appeals_site.confidential), and the list of those
    that staff decided to disclose for this record."""

    disclosed_fields = models.JSONField(
        _("confidential facts disclosed"),
        default=list,
        blank=True,
        help_text=_("Confidential facts of this record that staff decided may be made public."),
    )

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        allowed = confidential_fields(self)
        if not isinstance(self.disclosed_fields, list) or not all(
            isinstance(name, str) for name in self.disclosed_fields
        ):
            raise ValidationError({"disclosed_fields": _("Give a list of field names.")})
        unknown = sorted(set(self.disclosed_fields) - allowed)
        if unknown:
            raise ValidationError(
                {
                    "disclosed_fields": _("Not a confidential field of this record: %(names)s.")
                    % {"names": ", ".join(unknown)}
                }
            )


class PartnerSharedModel(models.Model):
    """A record partners read: `shared_at` says when what they read of it last changed. It is
    their documents' `updated_at` and what their incremental sync walks, while `updated_at`
    is staff's and moves with every change, a confidential one too.

    save() moves `shared_at` when the partner's view of the record's own columns changed
    (appeals_site.outward.partner_view), whatever the write path (a service, the admin, a
    shell); a change of confidential fields alone leaves it, so a partner's document, ETag
    and sync position stay as they were. Changes partners read in related rows (a case's
    records, a defender's areas of work) are told by the app's services."""

    shared_at = models.DateTimeField(
        _("last changed for partners"), default=timezone.now, db_index=True, editable=False
    )

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # What partners read as loaded: save() compares with it (no query of its own).
        instance._loaded_values = dict(zip(field_names, values, strict=True))
        return instance

    def save(self, *args, **kwargs):
        loaded = getattr(self, "_loaded_values", None)
        if loaded is None or partner_view_of(self, loaded=loaded) != partner_view(self):
            self.shared_at = timezone.now()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "shared_at"}
        super().save(*args, **kwargs)
        self._loaded_values = {
            f.attname: getattr(self, f.attname)
            for f in self._meta.concrete_fields
            if f.attname not in self.get_deferred_fields()
        }


class ProvenanceModel(models.Model):
    """A fact that sources state (domain.md, "Sources"): the appeal that first stated it and
    the one that last changed it. Set by the services from the one source a write names
    (cases.services.case_save, defenders.services.defender_save), never from a form field;
    null when the write named none: unknown, never guessed.

    RESTRICT, not SET_NULL: deleting an appeal that facts are attributed to is refused (the
    admin lists them), so no deletion silently loses where a fact came from. Unlike PROTECT
    it lets a case be deleted with its appeals and records together."""

    stated_in = models.ForeignKey(
        "cases.Appeal",
        verbose_name=_("first stated in"),
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    changed_in = models.ForeignKey(
        "cases.Appeal",
        verbose_name=_("last changed in"),
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        abstract = True


def changed_field(model: type[models.Model], *, audience: str) -> str:
    """Return the field that says when a record of `model` last changed for `audience`:
    `shared_at` for partners where the model keeps it (PartnerSharedModel: what they read
    changed), `updated_at` otherwise (anything changed)."""
    if audience == PARTNER and issubclass(model, PartnerSharedModel):
        return "shared_at"
    return "updated_at"


class ControlledListEntry(models.Model):
    """An entry of a short controlled list staff can extend (violation labels, areas of work):
    a unique name, and a unique slug made from it when none is given."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = slugify(self.name)[:100]
        super().save(*args, **kwargs)

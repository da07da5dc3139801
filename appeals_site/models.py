"""Building blocks shared by the apps' models."""

import uuid
import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from appeals_site.confidential import confidential_fields


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

"""Human rights defenders: recorded once, linked to the cases that concern them."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from appeals_site.fields import EncryptedPhoneNumberField, EncryptedTextField
from appeals_site.models import (
    ConfidentialFactsModel,
    ControlledListEntry,
    PartnerSharedModel,
    PublicIdModel,
    TimestampedModel,
)


class AreaOfWork(ControlledListEntry):
    """A controlled list staff can extend: environment, freedom of expression, land rights …"""

    class Meta(ControlledListEntry.Meta):
        verbose_name = _("area of work")
        verbose_name_plural = _("areas of work")


class Defender(PublicIdModel, TimestampedModel, ConfidentialFactsModel, PartnerSharedModel):
    """A human rights defender. Confidential fields are declared in defenders/outward.py."""

    class Gender(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        NON_BINARY = "non_binary", _("Non-binary")
        UNKNOWN = "unknown", _("Not stated")

    class Situation(models.TextChoices):
        AT_LIBERTY = "at_liberty", _("At liberty")
        POLICE_CUSTODY = "police_custody", _("In police custody")
        ADMINISTRATIVE_DETENTION = "administrative_detention", _("In administrative detention")
        PRE_TRIAL_DETENTION = "pre_trial_detention", _("In pre-trial detention")
        HOUSE_ARREST = "house_arrest", _("Under house arrest")
        IMPRISONED = "imprisoned", _("Sentenced and imprisoned")
        RELEASED = "released", _("Released")
        IN_EXILE = "in_exile", _("In exile")
        DISAPPEARED = "disappeared", _("Disappeared")
        KILLED = "killed", _("Killed")

    full_name = models.CharField(_("full name"), max_length=200, db_index=True)
    local_name = models.CharField(
        _("name in local script"),
        max_length=200,
        blank=True,
        help_text=_("Where it differs, e.g. Айгерим Джаксыбекова."),
    )
    gender = models.CharField(
        _("gender"), max_length=16, choices=Gender.choices, default=Gender.UNKNOWN
    )
    role = models.CharField(
        _("role"), max_length=300, blank=True, help_text=_('e.g. "lawyer", "head of the NGO …"')
    )
    organisation = models.CharField(_("organisation"), max_length=300, blank=True)
    areas_of_work = models.ManyToManyField(
        AreaOfWork, verbose_name=_("areas of work"), blank=True, related_name="defenders"
    )
    country = CountryField(_("country"), blank=True, db_index=True)
    city = models.CharField(_("city"), max_length=200, blank=True)
    region = models.CharField(_("region"), max_length=200, blank=True)
    situation = models.CharField(
        _("current situation"),
        max_length=32,
        choices=Situation.choices,
        default=Situation.AT_LIBERTY,
        db_index=True,
    )

    # Confidential (defenders/outward.py): for staff only unless disclosed, and encrypted
    # at rest (appeals_site.fields): not searchable.
    health_notes = EncryptedTextField(_("health"), blank=True)
    family_notes = EncryptedTextField(_("family members"), blank=True)
    home_address = EncryptedTextField(_("home address"), blank=True)
    phone = EncryptedPhoneNumberField(_("phone"), blank=True)
    internal_notes = EncryptedTextField(_("internal notes"), blank=True)
    # shared_at (PartnerSharedModel): when what partners read of the defender last changed;
    # a change of their areas of work is told by defenders.services.defender_save.

    history = HistoricalRecords(m2m_fields=[areas_of_work])

    class Meta:
        verbose_name = _("defender")
        verbose_name_plural = _("defenders")
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name

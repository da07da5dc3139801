"""Human rights defenders: recorded once, linked to the cases that concern them."""

import unicodedata

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from appeals_site.fields import EncryptedTextField
from appeals_site.models import (
    ConfidentialFactsModel,
    ControlledListEntry,
    PartnerSharedModel,
    ProvenanceModel,
    PublicIdModel,
    TimestampedModel,
)
from authorities.contacts import number_read, number_warning
from cases.dates import uncertain_date_normalise
from cases.models import as_printed_field, latest_day_field, precision_field


class AreaOfWork(ControlledListEntry):
    """A controlled list staff can extend: environment, freedom of expression, land rights …"""

    class Meta(ControlledListEntry.Meta):
        verbose_name = _("area of work")
        verbose_name_plural = _("areas of work")


# The script each letter language is written in (the start of its letters' Unicode names).
_LETTER_SCRIPTS = {"en": "LATIN", "fr": "LATIN", "es": "LATIN", "ru": "CYRILLIC"}


def in_script(text: str, language: str) -> bool:
    """Return whether every letter of `text` is in the script `language` is written in."""
    script = _LETTER_SCRIPTS.get(language, "LATIN")
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(unicodedata.name(c, "").startswith(script) for c in letters)


class Defender(PublicIdModel, TimestampedModel, ConfidentialFactsModel, PartnerSharedModel):
    """A human rights defender. Confidential fields are declared in defenders/outward.py."""

    class Gender(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        NON_BINARY = "non_binary", _("Non-binary")
        UNKNOWN = "unknown", _("Not stated")

    class Situation(models.TextChoices):
        # No source stated it: nothing is shown for it (letters, public pages, CSV).
        UNKNOWN = "", _("Unknown")
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
    gender_as_printed = models.CharField(
        _("gender as printed"),
        max_length=200,
        blank=True,
        help_text=_(
            'The words the gender is read from: "Mr.", "Mme", "woman human rights defender".'
        ),
    )
    # The primary affiliation (the first of `affiliations`), which letters and pages name:
    # kept by defenders.services.defender_save from the list, never edited on its own.
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
    work = models.TextField(
        _("work"),
        blank=True,
        help_text=_('What they do, as printed: "has defended protesters …"; one a line.'),
    )
    designation = models.CharField(
        _("designation"),
        max_length=200,
        blank=True,
        help_text=_('As printed, e.g. "prisoner of conscience".'),
    )
    situation = models.CharField(
        _("current situation"),
        max_length=32,
        choices=Situation.choices,
        blank=True,
        default=Situation.UNKNOWN,
        db_index=True,
    )
    # Dated statements of a source, as uncertain dates (cases.dates) with their wording: "in
    # custody since 10 March 2021", "has worked since about 2015". What the defender's
    # detention periods count is theirs (detained_since); this is what the appeal says.
    held_since = models.DateField(_("held since"), null=True, blank=True)
    held_since_latest = latest_day_field()
    held_since_precision = precision_field()
    held_since_as_printed = as_printed_field()
    work_since = models.DateField(_("working since"), null=True, blank=True)
    work_since_latest = latest_day_field()
    work_since_precision = precision_field()
    work_since_as_printed = as_printed_field()

    # Confidential (defenders/outward.py): for staff only unless disclosed, and encrypted
    # at rest (appeals_site.fields): not searchable.
    health_notes = EncryptedTextField(_("health"), blank=True)
    family_notes = EncryptedTextField(_("family members"), blank=True)
    home_address = EncryptedTextField(_("home address"), blank=True)
    # As printed, and in E.164 when it can be read so (blank otherwise): clean().
    phone_as_printed = EncryptedTextField(_("phone as printed"), blank=True)
    phone = EncryptedTextField(_("phone"), blank=True)
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

    def name_for(self, language: str) -> str:
        """Return the name in the script of `language`: the name in the local script when
        staff gave one in it (Айгерим Джаксыбекова in Russian), else the full name."""
        local = self.local_name.strip()
        if local and not in_script(self.full_name, language) and in_script(local, language):
            return local
        return self.full_name

    def clean(self) -> None:
        super().clean()
        uncertain_date_normalise(self, "held_since")
        uncertain_date_normalise(self, "work_since")
        printed = (self.phone_as_printed or self.phone or "").strip()
        self.phone_as_printed = printed
        self.phone = number_read(printed)[0]

    @property
    def warnings(self) -> dict[str, str]:
        """Return the warning about a phone number kept as printed only, by field."""
        if self.phone_as_printed and not self.phone:
            return {"phone": number_warning(self.phone_as_printed)}
        return {}


class OtherName(ProvenanceModel):
    """Another spelling of a defender's name as a source printed it: a transliteration
    (Dzhaksybekova, Jaksybekova) or another name they are known by. Searched like the name."""

    class Kind(models.TextChoices):
        SPELLING = "spelling", _("Other spelling or transliteration")
        ALIAS = "alias", _("Also known as")

    defender = models.ForeignKey(Defender, on_delete=models.CASCADE, related_name="other_names")
    name = models.CharField(_("name"), max_length=200, db_index=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.SPELLING)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("other name")
        verbose_name_plural = _("other names")
        ordering = ["defender", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["defender", "name"],
                name="defender_other_name_unique",
                violation_error_message=_("The defender already has this name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Affiliation(ProvenanceModel):
    """An organisation a defender belongs to and their role in it, as a source printed them
    ("lawyer at the Bar of Osh", "head of the NGO …", "since 2015"). The first is the primary
    one, which letters and pages name (Defender.role and organisation)."""

    defender = models.ForeignKey(Defender, on_delete=models.CASCADE, related_name="affiliations")
    organisation = models.CharField(_("organisation"), max_length=300, blank=True)
    role = models.CharField(
        _("role"), max_length=300, blank=True, help_text=_('e.g. "lawyer", "head of the NGO …"')
    )
    period = models.CharField(
        _("period"),
        max_length=200,
        blank=True,
        help_text=_('As printed, e.g. "since 2015", "until her arrest", "former".'),
    )
    # The start the period states, as an uncertain date (cases.dates); its wording is
    # `period`.
    since = models.DateField(_("since"), null=True, blank=True)
    since_latest = latest_day_field()
    since_precision = precision_field()
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("organisations and roles")
        ordering = ["defender", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(organisation="") | ~models.Q(role=""),
                name="affiliation_has_organisation_or_role",
                violation_error_message=_("Give the organisation, the role, or both."),
            ),
        ]

    def __str__(self) -> str:
        return ", ".join(part for part in (self.role, self.organisation) if part)

    def clean(self) -> None:
        super().clean()
        uncertain_date_normalise(self, "since")

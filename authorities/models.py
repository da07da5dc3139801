"""The shared directory of authorities (who appeals are addressed to) and embassies."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from phonenumber_field.modelfields import PhoneNumberField
from simple_history.models import HistoricalRecords

from appeals_site.languages import Language
from appeals_site.models import PublicIdModel, TimestampedModel
from authorities.contacts import contact_value_normalise


class Authority(PublicIdModel, TimestampedModel):
    """A person in a post (or a body such as a permanent mission) that appeals are addressed to.

    Officials change: a record holds one person's period of office, and a successor is a new
    record, so that past appeals keep naming whom they were addressed to.
    """

    person_name = models.CharField(
        _("person"), max_length=200, blank=True, help_text=_("Blank for a body, e.g. a mission.")
    )
    post = models.CharField(_("post"), max_length=300, help_text=_("e.g. Prosecutor General"))
    country = CountryField(_("country acted for"), db_index=True)
    seat = models.CharField(
        _("seat"), max_length=200, blank=True, help_text=_("Where they sit, e.g. Geneva.")
    )
    postal_address = models.TextField(_("postal address"), blank=True)
    salutation = models.CharField(
        _("salutation"), max_length=200, blank=True, help_text=_("e.g. Your Excellency")
    )
    language = models.CharField(
        _("language read"), max_length=8, choices=Language.choices, default=Language.ENGLISH
    )
    office_start = models.DateField(_("in office from"), null=True, blank=True)
    office_end = models.DateField(_("in office until"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("authority")
        verbose_name_plural = _("authorities")
        ordering = ["country", "post", "person_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(office_end__isnull=True)
                | Q(office_start__isnull=True)
                | Q(office_end__gte=F("office_start")),
                name="authority_office_ends_after_it_starts",
                violation_error_message=_("The period of office cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        if self.person_name:
            return f"{self.person_name}, {self.post}"
        return self.post

    def clean(self) -> None:
        super().clean()
        if self.office_start and self.office_end and self.office_end < self.office_start:
            raise ValidationError(
                {"office_end": _("The period of office cannot end before it starts.")}
            )


class AuthorityContact(models.Model):
    """One fax number, phone number or e-mail address of an authority."""

    class Kind(models.TextChoices):
        FAX = "fax", _("Fax")
        EMAIL = "email", _("E-mail")
        PHONE = "phone", _("Phone")

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    # E.164 for fax and phone, a validated address for e-mail; see clean().
    value = models.CharField(_("number or address"), max_length=254)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact")
        ordering = ["authority", "position", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "kind", "value"],
                name="authority_contact_unique",
                violation_error_message=_("This authority already has this number or address."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"

    def clean(self) -> None:
        super().clean()
        self.value = contact_value_normalise(kind=self.kind, value=self.value)


class Embassy(PublicIdModel, TimestampedModel):
    """The embassy (or other diplomatic mission) of a target country in a campaigner's country."""

    country = CountryField(_("country represented"), db_index=True)
    host_country = CountryField(_("host country"), db_index=True)
    name = models.CharField(
        _("name"), max_length=300, help_text=_("e.g. Embassy of the Kyrgyz Republic in Belgium")
    )
    city = models.CharField(_("city"), max_length=200, blank=True)
    address = models.TextField(_("address"), blank=True)
    phone = PhoneNumberField(_("phone"), blank=True)
    fax = PhoneNumberField(_("fax"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("embassy")
        verbose_name_plural = _("embassies")
        ordering = ["country", "host_country"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "host_country"],
                name="embassy_one_per_country_and_host",
                violation_error_message=_(
                    "The directory already has this country's embassy in this host country."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(country=F("host_country")),
                name="embassy_host_differs_from_country",
                violation_error_message=_("A country has no embassy in itself."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

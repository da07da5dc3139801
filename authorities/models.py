"""The shared directory of authorities (who appeals are addressed to) and embassies."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from appeals_site.languages import Language
from appeals_site.models import PublicIdModel, TimestampedModel
from authorities.contacts import contact_value_normalise, number_read, number_warning


class Authority(PublicIdModel, TimestampedModel):
    """A person in a post (or a body such as a permanent mission) that appeals are addressed to.

    Officials change: a record holds one person's period of office, and a successor is a new
    record, so that past appeals keep naming whom they were addressed to.
    """

    person_name = models.CharField(
        _("person"), max_length=200, blank=True, help_text=_("Blank for a body, e.g. a mission.")
    )
    post = models.CharField(_("post"), max_length=300, help_text=_("e.g. Prosecutor General"))
    office = models.CharField(
        _("office"),
        max_length=300,
        blank=True,
        help_text=_("The body they head or sit in, e.g. Office of the Prosecutor-General."),
    )
    country = CountryField(_("country acted for"), db_index=True)
    seat = models.CharField(
        _("seat"), max_length=200, blank=True, help_text=_("Where they sit, e.g. Geneva.")
    )
    # A body acting for one country may sit in another (a permanent mission in Geneva): the
    # country its post goes to is this one, not the country it acts for.
    seat_country = CountryField(
        _("country of the seat"),
        blank=True,
        help_text=_("Only when they sit abroad, e.g. Switzerland for a mission in Geneva."),
    )
    postal_address = models.TextField(_("postal address"), blank=True)
    salutation = models.CharField(
        _("salutation"), max_length=200, blank=True, help_text=_("e.g. Your Excellency")
    )
    # `post` and `salutation` are in English; these are their versions for letters in the
    # other letter languages (blank: none given, and letters.selectors says it is missing).
    post_fr = models.CharField(_("post (French)"), max_length=300, blank=True)
    post_es = models.CharField(_("post (Spanish)"), max_length=300, blank=True)
    post_ru = models.CharField(_("post (Russian)"), max_length=300, blank=True)
    salutation_fr = models.CharField(_("salutation (French)"), max_length=200, blank=True)
    salutation_es = models.CharField(_("salutation (Spanish)"), max_length=200, blank=True)
    salutation_ru = models.CharField(_("salutation (Russian)"), max_length=200, blank=True)
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

    def post_in(self, language: str) -> str:
        """Return the post in `language` (`post` is English), or "" when it has no such
        version."""
        return self.post if language == "en" else getattr(self, f"post_{language}", "")

    def salutation_in(self, language: str) -> str:
        """Return the salutation in `language`, or "" when it has no such version."""
        return self.salutation if language == "en" else getattr(self, f"salutation_{language}", "")

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
    # As the source printed it; `value` is what can be dialled or written to: E.164 for a fax
    # or phone, a validated address for an e-mail, blank for a number that cannot be read as
    # an international one (kept, with a warning: authorities.contacts). See clean().
    as_printed = models.CharField(_("as printed"), max_length=254, blank=True)
    value = models.CharField(_("number or address"), max_length=254, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact")
        ordering = ["authority", "position", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "kind", "value"],
                condition=~Q(value=""),
                name="authority_contact_unique",
                violation_error_message=_("This authority already has this number or address."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value or self.as_printed}"

    def clean(self) -> None:
        super().clean()
        printed = (self.as_printed or self.value or "").strip()
        if not printed:
            raise ValidationError({"as_printed": _("Give the number or address.")})
        self.as_printed = printed
        if self.kind == self.Kind.EMAIL:
            try:
                self.value = contact_value_normalise(kind=self.kind, value=printed)
            except ValidationError as exc:
                # Named by what was typed: `value` is worked out, never typed (the admin).
                raise ValidationError({"as_printed": exc.messages}) from exc
        else:
            self.value, _warning = number_read(printed)

    @property
    def warning(self) -> str:
        """Return the warning about a number kept as printed only, or ""."""
        if self.kind != self.Kind.EMAIL and self.as_printed and not self.value:
            return number_warning(self.as_printed)
        return ""


class Embassy(PublicIdModel, TimestampedModel):
    """The embassy (or other diplomatic mission) of a target country in a campaigner's country."""

    country = CountryField(_("country represented"), db_index=True)
    host_country = CountryField(_("host country"), db_index=True)
    name = models.CharField(
        _("name"), max_length=300, help_text=_("e.g. Embassy of the Kyrgyz Republic in Belgium")
    )
    city = models.CharField(_("city"), max_length=200, blank=True)
    address = models.TextField(_("address"), blank=True)
    # Numbers as printed, and in E.164 when they can be read so (blank otherwise): clean().
    phone_as_printed = models.CharField(_("phone as printed"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    fax_as_printed = models.CharField(_("fax as printed"), max_length=100, blank=True)
    fax = models.CharField(_("fax"), max_length=32, blank=True)
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

    def clean(self) -> None:
        super().clean()
        for name in NUMBER_FIELDS:
            printed = (getattr(self, f"{name}_as_printed") or getattr(self, name) or "").strip()
            setattr(self, f"{name}_as_printed", printed)
            setattr(self, name, number_read(printed)[0])

    @property
    def warnings(self) -> dict[str, str]:
        """Return the warnings about numbers kept as printed only, by field."""
        return {
            name: number_warning(getattr(self, f"{name}_as_printed"))
            for name in NUMBER_FIELDS
            if getattr(self, f"{name}_as_printed") and not getattr(self, name)
        }


# The embassy's numbers, each with its `<name>_as_printed`.
NUMBER_FIELDS = ("phone", "fax")

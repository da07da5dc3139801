"""Cases and everything that happens in them: appeals and their actions, charges, detention
periods and their extensions, hearings, events, and the authorities the case targets."""

import zoneinfo
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from appeals_site.fields import EncryptedTextField
from appeals_site.languages import text_language_choices
from appeals_site.models import (
    ConfidentialFactsModel,
    ControlledListEntry,
    PartnerSharedModel,
    PublicIdModel,
    TimestampedModel,
    validate_time_zone,
)
from cases.dates import hearing_starts_at
from cases.detention import Term, term_runs_out_on

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable

    from authorities.models import Authority


class ViolationLabel(ControlledListEntry):
    """One entry of the controlled list of violations ("Judicial harassment", "Raid" …)."""

    class Meta(ControlledListEntry.Meta):
        verbose_name = _("violation label")
        verbose_name_plural = _("violation labels")


class Case(PublicIdModel, TimestampedModel, ConfidentialFactsModel, PartnerSharedModel):
    """One situation, in one country, affecting one or more defenders."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Closed")

    country = CountryField(_("country"), db_index=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text=_("IANA name, e.g. Asia/Bishkek: the local day for counting detention days."),
    )
    title = models.CharField(_("title"), max_length=500)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    summary = models.TextField(_("summary"), blank=True)
    background = models.TextField(_("background"), blank=True)
    violations = models.ManyToManyField(
        ViolationLabel, verbose_name=_("violations"), blank=True, related_name="cases"
    )
    defenders = models.ManyToManyField(
        "defenders.Defender", verbose_name=_("defenders"), blank=True, related_name="cases"
    )
    assigned_staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned staff"),
        blank=True,
        related_name="assigned_cases",
    )
    # Restricted cases are hidden from unassigned staff everywhere (cases.selectors
    # .cases_visible_to); administrators still see them, and every such read is audited.
    is_restricted = models.BooleanField(
        _("restricted"),
        default=False,
        help_text=_(
            "Visible only to the staff assigned to the case (and administrators), for cases "
            "where even colleagues should not know a source."
        ),
    )
    # Assigned when the first appeal is issued (domain.md, "Reference code").
    case_number = models.PositiveIntegerField(_("case number in country"), null=True, blank=True)
    reference = models.CharField(
        _("reference"), max_length=100, null=True, blank=True, unique=True, editable=False
    )
    reference_key = models.CharField(
        max_length=100, null=True, blank=True, unique=True, editable=False
    )
    published_at = models.DateTimeField(_("first published"), null=True, blank=True, editable=False)
    # The public page's address (/appeals/<public_slug>/, public.case_public_path): set
    # with the reference when the first appeal is issued, so that the page is found by one
    # indexed lookup.
    public_slug = models.SlugField(
        _("public address"), max_length=120, null=True, blank=True, unique=True, editable=False
    )

    # Confidential (declared in cases/outward.py), encrypted at rest (appeals_site.fields).
    internal_notes = EncryptedTextField(_("internal notes"), blank=True)
    # shared_at (PartnerSharedModel): when what partners read of the case last changed;
    # changes of its records and links are told by cases.services.case_touch.

    history = HistoricalRecords(m2m_fields=[violations, defenders])

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-updated_at"]
        permissions = [("publish_case", _("Can publish a case"))]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "case_number"],
                name="case_number_unique_in_country",
                violation_error_message=_("Another case in this country has this number."),
            ),
        ]

    def __str__(self) -> str:
        return self.reference or self.title


class CaseAuthority(models.Model):
    """A target authority of a case, in the order appeals list them."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="case_authorities")
    authority = models.ForeignKey(
        "authorities.Authority", on_delete=models.PROTECT, related_name="case_links"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target authority")
        verbose_name_plural = _("target authorities")
        ordering = ["case", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "authority"],
                name="case_authority_once",
                violation_error_message=_("This authority is already a target of the case."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.authority)


class ExternalReference(models.Model):
    """Another organisation's appeal on the case (e.g. Amnesty's UA 182/14)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="external_references")
    issuer = models.CharField(_("issuer"), max_length=200)
    reference = models.CharField(_("their reference"), max_length=100)
    date = models.DateField(_("date"), null=True, blank=True)
    url = models.URLField(_("link"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("external reference")
        verbose_name_plural = _("external references")
        ordering = ["case", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "issuer", "reference"],
                name="external_reference_once",
                violation_error_message=_("This reference is already recorded on the case."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.issuer} {self.reference}"


class ActionClause(models.Model):
    """A standard action from the library, reused across appeals, in each letter language.

    `{defenders}` in a text stands for the defenders' names and `{country}` for the country;
    both are filled in when the clause is picked for an appeal.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    text_en = models.TextField(_("text (English)"))
    text_fr = models.TextField(_("text (French)"), blank=True)
    text_es = models.TextField(_("text (Spanish)"), blank=True)
    text_ru = models.TextField(_("text (Russian)"), blank=True)

    class Meta:
        verbose_name = _("standard action")
        verbose_name_plural = _("standard actions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def text_in(self, language: str) -> str:
        """Return the clause in `language`, or an empty string when it has no such version."""
        return getattr(self, f"text_{language}", "") or ""

    def text_for(self, *, language: str, case: "Case") -> str:
        """Return the clause's text in `language` (English when it has no such version), with
        {defenders} and {country} filled in from the case."""
        text = self.text_in(language) or self.text_en
        names = [d.full_name for d in case.defenders.all()]
        if len(names) > 1:
            defenders = ", ".join(names[:-1]) + " & " + names[-1]
        else:
            defenders = names[0] if names else ""
        return text.replace("{defenders}", defenders).replace("{country}", case.country.name)


# When partners and campaigners see a case: published, or closed after having been published.
# The one statement of the rule; the filter of many cases and the check of one derive from it.
PUBLIC_CASE_STATES = (
    {"status": Case.Status.PUBLISHED},
    {"status": Case.Status.CLOSED, "published_at__isnull": False},
)


def public_case_condition() -> Q:
    """Return the filter of the cases partners and campaigners may see."""
    condition = Q()
    for state in PUBLIC_CASE_STATES:
        condition |= Q(**state)
    return condition


def case_is_public(*, status: str, published_at: "dt.datetime | None") -> bool:
    """Return whether a case with this status and publication time is public."""
    values = {"status": status, "published_at__isnull": published_at is None}
    return any(
        all(values[lookup] == wanted for lookup, wanted in state.items())
        for state in PUBLIC_CASE_STATES
    )


class Appeal(PublicIdModel, TimestampedModel):
    """One issued document about a case: the original Urgent Appeal, or a follow-up.

    A draft has no reference; `appeal_issue` assigns it, with the sequence (0 for the original,
    1, 2 … for follow-ups) and the issue date, all at once.
    """

    class InterventionType(models.TextChoices):
        URGENT_APPEAL = "urgent_appeal", _("Urgent Appeal")
        NEW_INFORMATION = "new_information", _("Urgent Appeal – New information")
        OPEN_LETTER = "open_letter", _("Open letter")
        PRESS_RELEASE = "press_release", _("Press release")
        STATEMENT = "statement", _("Statement")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="appeals")
    intervention_type = models.CharField(
        _("intervention type"),
        max_length=32,
        choices=InterventionType.choices,
        default=InterventionType.URGENT_APPEAL,
    )
    issuer = models.CharField(
        _("issuer"), max_length=300, blank=True, help_text=_("Blank: the organisation's name.")
    )
    violations = models.ManyToManyField(
        ViolationLabel, verbose_name=_("violations"), blank=True, related_name="appeals"
    )
    sequence = models.PositiveSmallIntegerField(_("follow-up number"), null=True, editable=False)
    reference = models.CharField(
        _("reference"), max_length=100, null=True, unique=True, editable=False
    )
    reference_key = models.CharField(max_length=100, null=True, unique=True, editable=False)
    issue_date = models.DateField(_("issue date"), null=True, blank=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    authorities: "models.ManyToManyField[Authority, AppealAuthority]" = models.ManyToManyField(
        "authorities.Authority",
        through="AppealAuthority",
        verbose_name=_("addressed to"),
        related_name="appeals",
    )

    history = HistoricalRecords(m2m_fields=[violations])

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["case", "sequence", "created_at"]
        permissions = [("issue_appeal", _("Can issue an appeal"))]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "sequence"],
                name="appeal_sequence_unique_in_case",
                violation_error_message=_("The case already has an appeal with this number."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(reference__isnull=True, sequence__isnull=True, issued_at__isnull=True)
                    | Q(reference__isnull=False, sequence__isnull=False, issued_at__isnull=False)
                ),
                name="appeal_issued_all_at_once",
                violation_error_message=_("An appeal is issued with its reference and number."),
            ),
        ]

    def __str__(self) -> str:
        return self.reference or _("Draft appeal on %(case)s") % {"case": self.case}

    @property
    def is_issued(self) -> bool:
        return self.reference is not None


class AppealText(models.Model):
    """The text parts of an appeal in one language; one language is marked as the original."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="texts")
    # Any ISO 639-1 language: letters are made only in the interface ones (letters.services).
    language = models.CharField(_("language"), max_length=8, choices=text_language_choices)
    is_original = models.BooleanField(_("original"), default=False)
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("brief description"), blank=True)
    background = models.TextField(_("background"), blank=True)
    notes = models.TextField(_("notes"), blank=True, help_text=_("Footnotes: [1] …"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("appeal text")
        verbose_name_plural = _("appeal texts")
        ordering = ["appeal", "-is_original", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["appeal", "language"],
                name="appeal_text_one_per_language",
                violation_error_message=_("The appeal already has a text in this language."),
            ),
            models.UniqueConstraint(
                fields=["appeal"],
                condition=Q(is_original=True),
                name="appeal_text_one_original",
                violation_error_message=_("Only one language can be the original."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"


class Action(models.Model):
    """One demand of an appeal's "actions requested", in one language, at its position."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="actions")
    # Any ISO 639-1 language: letters are made only in the interface ones (letters.services).
    language = models.CharField(_("language"), max_length=8, choices=text_language_choices)
    position = models.PositiveSmallIntegerField(_("order"))
    clause = models.ForeignKey(
        ActionClause,
        verbose_name=_("standard action"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="uses",
    )
    # The clause's text is copied in when picked, so that editing the library never changes an
    # appeal already issued.
    text = models.TextField(_("text"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions requested")
        ordering = ["appeal", "language", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["appeal", "language", "position"],
                name="action_position_unique",
                violation_error_message=_("Two actions in one language cannot share a position."),
            ),
            models.CheckConstraint(
                condition=~Q(text="") | Q(clause__isnull=False),
                name="action_has_text_or_clause",
                violation_error_message=_("Write the action or pick a standard action."),
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def clean(self) -> None:
        super().clean()
        # While an appeal is being added its id is not set yet, but the form has attached it.
        if self.appeal_id is not None or "appeal" in self._state.fields_cache:
            self.fill_from_clause()

    def fill_from_clause(self) -> None:
        """Copy the picked clause's text into the action when it has none of its own."""
        if self.clause is not None and not self.text.strip():
            self.text = self.clause.text_for(language=self.language, case=self.appeal.case)


class AppealAuthority(models.Model):
    """An authority an appeal is addressed to, in the order the appeal lists them."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="appeal_authorities")
    authority = models.ForeignKey(
        "authorities.Authority", on_delete=models.PROTECT, related_name="appeal_links"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("addressed authority")
        verbose_name_plural = _("addressed authorities")
        ordering = ["appeal", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["appeal", "authority"],
                name="appeal_authority_once",
                violation_error_message=_("The appeal is already addressed to this authority."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.authority)


class Charge(PublicIdModel, TimestampedModel):
    """A charge brought against a defender, and what became of it."""

    class InstrumentKind(models.TextChoices):
        CRIMINAL = "criminal", _("Criminal")
        ADMINISTRATIVE = "administrative", _("Administrative")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        REPLACED = "replaced", _("Replaced")
        DROPPED = "dropped", _("Dropped")
        CONVICTED = "convicted", _("Convicted")
        ACQUITTED = "acquitted", _("Acquitted")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="charges")
    defender = models.ForeignKey(
        "defenders.Defender", on_delete=models.PROTECT, related_name="charges"
    )
    instrument_kind = models.CharField(
        _("kind"), max_length=16, choices=InstrumentKind.choices, default=InstrumentKind.CRIMINAL
    )
    instrument = models.CharField(
        _("legal instrument"), max_length=200, help_text=_("e.g. Criminal Code")
    )
    article = models.CharField(_("article"), max_length=50, help_text=_('e.g. "212.2"'))
    offence = models.CharField(_("offence"), max_length=500, help_text=_("As worded in the law."))
    maximum_penalty = models.CharField(_("maximum penalty"), max_length=300, blank=True)
    date_brought = models.DateField(_("date brought"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("replaced by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaces",
    )
    sentence = models.CharField(_("sentence"), max_length=300, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("charge")
        verbose_name_plural = _("charges")
        ordering = ["case", "date_brought", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(replaced_by=F("id")),
                name="charge_not_replaced_by_itself",
                violation_error_message=_("A charge cannot replace itself."),
            ),
            models.CheckConstraint(
                condition=Q(status="replaced", replaced_by__isnull=False)
                | (~Q(status="replaced") & Q(replaced_by__isnull=True)),
                name="charge_replaced_names_replacement",
                violation_error_message=_(
                    "A replaced charge names the charge that replaced it, and only a replaced "
                    "charge does."
                ),
            ),
            models.CheckConstraint(
                condition=Q(sentence="") | Q(status="convicted"),
                name="charge_sentence_only_on_conviction",
                violation_error_message=_("Only a conviction carries a sentence."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument}, art. {self.article} ({self.offence})"

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.replaced_by_id and self.pk and self.replaced_by_id == self.pk:
            errors["replaced_by"] = _("A charge cannot replace itself.")
        elif self.status == self.Status.REPLACED and not self.replaced_by_id:
            errors["replaced_by"] = _("Name the charge that replaced this one.")
        elif self.replaced_by_id and self.status != self.Status.REPLACED:
            errors["status"] = _("A charge with a replacement has the status Replaced.")
        elif self.replaced_by is not None and self.replaced_by.case_id != self.case_id:
            errors["replaced_by"] = _("The replacement must be a charge of the same case.")
        if self.sentence and self.status != self.Status.CONVICTED:
            errors["sentence"] = _("Only a conviction carries a sentence.")
        if errors:
            raise ValidationError(errors)


# No court orders detention for a century: a longer term is a typing error (and past the
# year 9999, date arithmetic overflows).
MAX_TERM_DAYS = 36_500
MAX_TERM_MONTHS = 1_200


def terms_bounded(record) -> None:
    """Raise ValidationError if a term (ordered or extension) is longer than a century."""
    errors = {}
    if record.term_days is not None and record.term_days > MAX_TERM_DAYS:
        errors["term_days"] = _("At most %(n)s days.") % {"n": MAX_TERM_DAYS}
    if record.term_months is not None and record.term_months > MAX_TERM_MONTHS:
        errors["term_months"] = _("At most %(n)s months.") % {"n": MAX_TERM_MONTHS}
    if errors:
        raise ValidationError(errors)


class DetentionPeriod(PublicIdModel, TimestampedModel):
    """A period a defender is held: from its start, for the term ordered (and extended), until
    the actual end. `term_ends_on` is derived (term_runs_out_on)."""

    class Kind(models.TextChoices):
        POLICE_CUSTODY = "police_custody", _("Police custody")
        ADMINISTRATIVE = "administrative_detention", _("Administrative detention")
        PRE_TRIAL = "pre_trial_detention", _("Pre-trial detention")
        HOUSE_ARREST = "house_arrest", _("House arrest")
        IMPRISONMENT = "imprisonment", _("Imprisonment after conviction")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="detention_periods")
    defender = models.ForeignKey(
        "defenders.Defender", on_delete=models.PROTECT, related_name="detention_periods"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    start_date = models.DateField(_("start"))
    term_days = models.PositiveIntegerField(_("term ordered (days)"), null=True, blank=True)
    term_months = models.PositiveIntegerField(_("term ordered (months)"), null=True, blank=True)
    term_ends_on = models.DateField(
        _("term runs out on"), null=True, blank=True, editable=False, db_index=True
    )
    ordered_by = models.CharField(_("ordered by"), max_length=300, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    incommunicado = models.BooleanField(_("held incommunicado"), default=False)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("detention period")
        verbose_name_plural = _("detention periods")
        ordering = ["case", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(actual_end__isnull=True) | Q(actual_end__gte=F("start_date")),
                name="detention_ends_after_it_starts",
                violation_error_message=_("A detention period cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(term_days__isnull=True) | Q(term_months__isnull=True),
                name="detention_term_in_days_or_months",
                violation_error_message=_("Give the term in days or in months, not both."),
            ),
            models.CheckConstraint(
                condition=~Q(term_days=0) & ~Q(term_months=0),
                name="detention_term_not_zero",
                violation_error_message=_("A term ordered is at least one day or one month."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.start_date:%Y-%m-%d}"

    def clean(self) -> None:
        super().clean()
        if self.actual_end and self.start_date and self.actual_end < self.start_date:
            raise ValidationError(
                {"actual_end": _("A detention period cannot end before it starts.")}
            )
        # "Days or months, not both" is the check constraint's to say (full_clean validates
        # constraints): checking it here too showed the message twice.
        terms_bounded(self)
        if self.start_date:
            try:
                self.term_ends_on = self.term_runs_out_on()
            except OverflowError as exc:
                raise ValidationError(
                    _("With its extensions, this term would run past the year 9999.")
                ) from exc

    def term_runs_out_on(self, extensions: "Iterable[DetentionExtension] | None" = None):
        """Return when the term runs out, counting its extensions in the order they were
        ordered (the stored ones unless given), or None without a term."""
        if extensions is None:
            extensions = [] if self._state.adding else self.extensions.all()
        return term_runs_out_on(
            self.start_date,
            Term(days=self.term_days, months=self.term_months),
            [
                Term(days=e.term_days, months=e.term_months)
                for e in sorted(extensions, key=lambda e: e.ordered_on)
            ],
        )


class DetentionExtension(models.Model):
    """A court's extension of a detention period's term (e.g. by another two months)."""

    period = models.ForeignKey(DetentionPeriod, on_delete=models.CASCADE, related_name="extensions")
    ordered_on = models.DateField(_("ordered on"))
    term_days = models.PositiveIntegerField(_("extended by (days)"), null=True, blank=True)
    term_months = models.PositiveIntegerField(_("extended by (months)"), null=True, blank=True)
    ordered_by = models.CharField(_("ordered by"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")
        ordering = ["period", "ordered_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_days__isnull=False, term_months__isnull=True)
                | Q(term_days__isnull=True, term_months__isnull=False),
                name="extension_term_in_days_or_months",
                violation_error_message=_("Give the extension in days or in months, not both."),
            ),
            models.CheckConstraint(
                condition=~Q(term_days=0) & ~Q(term_months=0),
                name="extension_term_not_zero",
                violation_error_message=_("An extension is at least one day or one month."),
            ),
        ]

    # "Days or months" and "not zero" are the check constraints' to say (full_clean validates
    # them): checking them here too showed their message twice.
    def clean(self) -> None:
        super().clean()
        terms_bounded(self)

    def __str__(self) -> str:
        if self.term_months:
            return _("extended by %(n)s month(s) on %(date)s") % {
                "n": self.term_months,
                "date": self.ordered_on,
            }
        return _("extended by %(n)s day(s) on %(date)s") % {
            "n": self.term_days,
            "date": self.ordered_on,
        }


class Hearing(PublicIdModel, TimestampedModel):
    """A court hearing. The court's local date, time and time zone are the truth (that is what
    court calendars announce); `starts_at` is the same instant in UTC, derived from them."""

    class Purpose(models.TextChoices):
        REMAND = "remand", _("Remand")
        DETENTION_EXTENSION = "detention_extension", _("Extension of detention")
        PRELIMINARY = "preliminary", _("Preliminary hearing")
        TRIAL_OPENING = "trial_opening", _("First hearing of the trial")
        TRIAL = "trial", _("Trial hearing")
        VERDICT = "verdict", _("Verdict")
        APPEAL = "appeal", _("Appeal")
        CASSATION = "cassation", _("Cassation")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held")
        POSTPONED = "postponed", _("Postponed, new date unknown")
        CANCELLED = "cancelled", _("Cancelled")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="hearings")
    defenders = models.ManyToManyField(
        "defenders.Defender", verbose_name=_("defenders"), blank=True, related_name="hearings"
    )
    court = models.CharField(_("court"), max_length=300)
    city = models.CharField(_("city"), max_length=200, blank=True)
    local_date = models.DateField(_("date (court's local)"))
    local_time = models.TimeField(_("time (court's local)"), null=True, blank=True)
    time_zone = models.CharField(
        _("court's time zone"), max_length=64, validators=[validate_time_zone]
    )
    starts_at = models.DateTimeField(_("starts at (UTC)"), editable=False, db_index=True)
    purpose = models.CharField(_("purpose"), max_length=32, choices=Purpose.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SCHEDULED
    )
    outcome = models.TextField(_("outcome"), blank=True)
    observers_attending = models.BooleanField(_("observers will attend"), default=False)

    history = HistoricalRecords(m2m_fields=[defenders])

    class Meta:
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")
        ordering = ["case", "starts_at"]
        indexes = [models.Index(fields=["status", "starts_at"], name="hearing_status_starts")]

    def __str__(self) -> str:
        return f"{self.court}, {self.local_date:%Y-%m-%d}"

    def clean(self) -> None:
        super().clean()
        if self.local_date and self.time_zone:
            self.starts_at = hearing_starts_at(
                local_date=self.local_date, local_time=self.local_time, time_zone=self.time_zone
            )

    @property
    def local_starts_at(self):
        """Return the start as an aware datetime in the court's own time zone."""
        return self.starts_at.astimezone(zoneinfo.ZoneInfo(self.time_zone))


class HearingMove(models.Model):
    """A hearing moved to another date or time: from what, to what, and why."""

    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="moves")
    from_date = models.DateField(_("from date"))
    from_time = models.TimeField(_("from time"), null=True, blank=True)
    from_time_zone = models.CharField(_("from time zone"), max_length=64)
    to_date = models.DateField(_("to date"))
    to_time = models.TimeField(_("to time"), null=True, blank=True)
    to_time_zone = models.CharField(_("to time zone"), max_length=64)
    reason = models.TextField(_("reason"), blank=True)
    moved_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("hearing move")
        verbose_name_plural = _("hearing moves")
        ordering = ["hearing", "moved_at"]

    def __str__(self) -> str:
        return _("moved from %(old)s to %(new)s") % {"old": self.from_date, "new": self.to_date}


class UnnamedGroup(PublicIdModel):
    """People a source names only by a count: "and a dozen other lawyers were detained". The
    description is kept as printed; the count, when the source gives one, is marked
    approximate when the source says so ("a dozen", "some 30"). Events name the groups they
    involve; another record can link to them the same way (a many-to-many to UnnamedGroup),
    e.g. charges brought against the group ("a dozen others were charged with …")."""

    case = models.ForeignKey(
        "Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="unnamed_groups"
    )
    description = models.CharField(
        _("description as printed"),
        max_length=500,
        help_text=_('e.g. "a dozen other lawyers"'),
    )
    count = models.PositiveIntegerField(_("how many"), null=True, blank=True)
    count_approximate = models.BooleanField(
        _("approximate"), default=False, help_text=_('The source gives it as "about", "a dozen" …')
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unnamed people")
        verbose_name_plural = _("unnamed people")
        ordering = ["case", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(count__isnull=False) | Q(count_approximate=False),
                name="unnamed_group_approximate_needs_a_count",
                violation_error_message=_("Give the count that is approximate."),
            ),
        ]

    def __str__(self) -> str:
        return self.description


class Event(PublicIdModel, TimestampedModel, ConfidentialFactsModel):
    """A dated entry in the case's timeline."""

    class Kind(models.TextChoices):
        ARREST = "arrest", _("Arrest")
        SEARCH = "search", _("Search or raid")
        ILL_TREATMENT = "ill_treatment", _("Ill-treatment")
        CHARGE = "charge", _("Charge")
        REMAND = "remand", _("Remand in detention")
        EXTENSION = "extension", _("Extension of detention")
        HEARING = "hearing", _("Hearing")
        VERDICT = "verdict", _("Verdict")
        RELEASE = "release", _("Release")
        SMEAR_CAMPAIGN = "smear_campaign", _("Smear campaign")
        TRAVEL_BAN = "travel_ban", _("Travel ban")
        THREAT = "threat", _("Threat")
        ATTACK = "attack", _("Attack")
        DISAPPEARANCE = "disappearance", _("Disappearance")
        KILLING = "killing", _("Killing")
        OTHER = "other", _("Other")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    description = models.TextField(_("what happened"))
    defenders = models.ManyToManyField(
        "defenders.Defender", verbose_name=_("defenders"), blank=True, related_name="events"
    )
    seized_items = models.TextField(_("items seized"), blank=True)
    citation = models.CharField(
        _("published source"),
        max_length=500,
        blank=True,
        help_text=_("A public citation or link, e.g. an earlier press release."),
    )
    # Confidential (declared in cases/outward.py): who told us. Encrypted at rest.
    source_identity = EncryptedTextField(_("source (confidential)"), blank=True)

    # Groups of people the source names only by a count (UnnamedGroup), of the same case.
    unnamed_groups = models.ManyToManyField(
        UnnamedGroup, verbose_name=_("unnamed people"), blank=True, related_name="events"
    )

    history = HistoricalRecords(m2m_fields=[defenders])

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["case", "date", "created_at"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}"


class ReferenceCounter(models.Model):
    """The last number handed out in one numbering scope, e.g. `case:KGZ` (the cases of a
    country) or `intervention:OBS:2025` (the organisation's interventions of a year). Issuing
    locks the row (SELECT … FOR UPDATE), so two staff issuing at the same moment get two
    numbers."""

    scope = models.CharField(max_length=100, unique=True)
    value = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("reference counter")

    def __str__(self) -> str:
        return f"{self.scope}: {self.value}"


class CaseTombstone(models.Model):
    """A case that left what partners may see (taken back from publication, or deleted), so
    that a partner's mirror learns to drop it. Keeps only the case's id: nothing else of a
    withdrawn case may remain visible."""

    class Reason(models.TextChoices):
        UNPUBLISHED = "unpublished", _("Taken back from publication")
        DELETED = "deleted", _("Deleted")

    case_id = models.UUIDField(_("case"), db_index=True)
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    left_at = models.DateTimeField(_("left publication at"), db_index=True)

    class Meta:
        verbose_name = _("tombstone")
        verbose_name_plural = _("tombstones")
        ordering = ["left_at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.reason} {self.left_at:%Y-%m-%d %H:%M}"

"""Cases and everything that happens in them: appeals and their actions, charges, detention
periods and their extensions, hearings, events, and the authorities the case targets."""

import zoneinfo
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from appeals_site.fields import EncryptedTextField
from appeals_site.languages import text_language_choices
from appeals_site.models import (
    ConfidentialFactsModel,
    ControlledListEntry,
    PartnerSharedModel,
    ProvenanceModel,
    PublicIdModel,
    TimestampedModel,
    validate_time_zone,
)
from cases.dates import (
    Precision,
    hearing_starts_at,
    uncertain_date,
    uncertain_date_normalise,
)
from cases.detention import Term, term_runs_out_on
from cases.references import reference_key

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable

    from authorities.models import Authority


# An uncertain date (cases.dates.UncertainDate) is a DateField `<name>` holding its earliest
# day, which queries and ordering read, and these three beside it; the record's clean() calls
# uncertain_date_normalise(self, "<name>"). See docs/architecture.md, "Uncertain dates".


def latest_day_field(**options) -> models.DateField:
    """Return the field of an uncertain date's latest day (`<name>_latest`)."""
    return models.DateField(
        _("latest day"),
        null=True,
        blank=True,
        help_text=_("For a range or an approximate date: the last day it can be."),
        **options,
    )


def precision_field() -> models.CharField:
    """Return the field of an uncertain date's precision (`<name>_precision`)."""
    return models.CharField(
        _("precision"), max_length=8, choices=Precision.choices, default=Precision.DAY
    )


def as_printed_field() -> models.CharField:
    """Return the field of a date's wording in the source (`<name>_as_printed`)."""
    return models.CharField(
        _("as printed"),
        max_length=200,
        blank=True,
        help_text=_('The source\'s own words when they differ: "early June", "31 June [sic]".'),
    )


class ViolationLabel(ControlledListEntry):
    """One entry of the controlled list of violations ("Judicial harassment", "Raid" …):
    `name` in English, and its versions in the other letter languages."""

    name_fr = models.CharField(_("name (French)"), max_length=100, blank=True)
    name_es = models.CharField(_("name (Spanish)"), max_length=100, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=100, blank=True)

    class Meta(ControlledListEntry.Meta):
        verbose_name = _("violation label")
        verbose_name_plural = _("violation labels")

    def name_in(self, language: str) -> str:
        """Return the label in `language`, or "" when it has no such version."""
        return self.name if language == "en" else getattr(self, f"name_{language}", "")


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
    # Set when the case is closed, cleared when it is opened again: days detained stop there
    # for a measure whose end was never recorded (cases.detention).
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)
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


class CaseAuthority(ProvenanceModel):
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
    # Found by the reference in any spelling, as appeals are (cases.selectors).
    reference_key = models.CharField(max_length=100, blank=True, editable=False, db_index=True)

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

    def clean(self) -> None:
        super().clean()
        self.reference_key = reference_key(self.reference)


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
        names = [d.name_for(language) for d in case.defenders.all()]
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


def public_case_condition(*, through: str = "") -> Q:
    """Return the filter of the cases partners and campaigners may see (`through`: applied
    to records of a case, e.g. "case__" for an appeal)."""
    condition = Q()
    for state in PUBLIC_CASE_STATES:
        condition |= Q(**{f"{through}{lookup}": value for lookup, value in state.items()})
    return condition


def case_is_public(*, status: str, published_at: "dt.datetime | None") -> bool:
    """Return whether a case with this status and publication time is public."""
    values = {"status": status, "published_at__isnull": published_at is None}
    return any(
        all(values[lookup] == wanted for lookup, wanted in state.items())
        for state in PUBLIC_CASE_STATES
    )


class IssuerQuerySet(models.QuerySet):
    def own(self) -> "Issuer":
        """Return the organisation itself: made by migration (cases 0013), and made again,
        named after ORGANISATION_NAME, if a database was emptied since (tests that flush it)."""
        name = settings.ORGANISATION_NAME[:100]
        own, _created = self.get_or_create(
            is_own=True, defaults={"name": name, "slug": slugify(name)[:100] or "own"}
        )
        return own


class Issuer(ControlledListEntry):
    """Who issues appeals: the organisation itself (the one issuer marked `is_own`, made by
    migration), or another organisation whose documents staff record on cases (Amnesty
    International, Front Line Defenders, a UN special procedure, a co-issuing NGO).

    Only the organisation's own appeals are numbered from its counters; whether an appeal is its
    own is this flag, never a comparison of names."""

    is_own = models.BooleanField(_("the organisation itself"), default=False, editable=False)

    objects = IssuerQuerySet.as_manager()

    class Meta(ControlledListEntry.Meta):
        verbose_name = _("issuer")
        verbose_name_plural = _("issuers")
        constraints = [
            models.UniqueConstraint(
                fields=["is_own"],
                condition=Q(is_own=True),
                name="issuer_one_own",
                violation_error_message=_("Only one issuer is the organisation itself."),
            ),
        ]


class AppealQuerySet(models.QuerySet):
    def issued(self) -> "AppealQuerySet":
        """Return the issued appeals (drafts are staff's business only)."""
        return self.filter(issued_at__isnull=False)

    def by_organisation(self) -> "AppealQuerySet":
        """Return the organisation's own appeals (not other issuers')."""
        return self.filter(issuer__is_own=True)


class AppealViolation(models.Model):
    """A violation label of an appeal, in the order the appeal prints them (defined before
    the appeal: its history of the links needs the model)."""

    appeal = models.ForeignKey("Appeal", on_delete=models.CASCADE, related_name="violation_links")
    # The column of the link table it was before the labels were ordered.
    violationlabel = models.ForeignKey(
        ViolationLabel, verbose_name=_("violation label"), on_delete=models.CASCADE
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    # The services save the links themselves (no m2m_changed): their own history records
    # each change, as the addressed authorities' does.
    history = HistoricalRecords()

    class Meta:
        db_table = "cases_appeal_violations"
        verbose_name = _("violation")
        verbose_name_plural = _("violations")
        ordering = ["appeal", "position", "id"]
        unique_together = [("appeal", "violationlabel")]

    def __str__(self) -> str:
        return str(self.violationlabel)


def _history_model_name(name: str) -> str:
    """Return the name of a historical model: the appeal's violation links keep the name (and
    table) they had before they were ordered."""
    return "HistoricalAppeal_violations" if name == "AppealViolation" else f"Historical{name}"


class Appeal(PublicIdModel, TimestampedModel):
    """One document about a case issued by the organisation (the original Urgent Appeal, or a
    follow-up) or by another issuer (Amnesty's Urgent Action and its Further information …).

    A draft is issued by `appeal_issue`, which sets its issue date and time. The organisation's
    own appeals get a reference minted from the counters, or keep the one staff recorded as
    printed (archival appeals); another issuer's appeal keeps its own reference, or has none.
    `sequence` is the follow-up number (0 for the original); series may have gaps.
    """

    class InterventionType(models.TextChoices):
        URGENT_APPEAL = "urgent_appeal", _("Urgent Appeal")
        NEW_INFORMATION = "new_information", _("Urgent Appeal – New information")
        OPEN_LETTER = "open_letter", _("Open letter")
        PRESS_RELEASE = "press_release", _("Press release")
        STATEMENT = "statement", _("Statement")
        # Other issuers' documents.
        URGENT_ACTION = "urgent_action", _("Urgent Action")
        FURTHER_INFORMATION = "further_information", _("Further information")
        COMMUNICATION = "communication", _("Communication")
        OTHER = "other", _("Other")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="appeals")
    intervention_type = models.CharField(
        _("intervention type"),
        max_length=32,
        choices=InterventionType.choices,
        default=InterventionType.URGENT_APPEAL,
    )
    intervention_type_as_printed = models.CharField(
        _("type as printed"),
        max_length=200,
        blank=True,
        help_text=_('The type as the document names it, e.g. "Appel urgent". Blank: the type.'),
    )
    issuer = models.ForeignKey(
        Issuer,
        verbose_name=_("issuer"),
        on_delete=models.PROTECT,
        related_name="appeals",
    )
    issuer_as_printed = models.CharField(
        _("issuer as printed"),
        max_length=300,
        blank=True,
        help_text=_(
            'E.g. "The Observatory and a partner" for a co-issued appeal. Blank: the '
            "issuer's name."
        ),
    )
    # In the order the appeal prints them ("Judicial harassment / Arbitrary detention").
    violations = models.ManyToManyField(
        ViolationLabel,
        verbose_name=_("violations"),
        blank=True,
        related_name="appeals",
        through=AppealViolation,
    )
    sequence = models.PositiveSmallIntegerField(
        _("follow-up number"),
        null=True,
        blank=True,
        help_text=_("0 for the original, 1, 2 … for follow-ups, as printed; gaps are allowed."),
    )
    # As printed (archived spellings vary); found by its normal form, reference_key.
    reference = models.CharField(
        _("reference"),
        max_length=100,
        null=True,
        blank=True,
        help_text=_(
            "As printed. Blank on the organisation's own appeal: a new code is assigned when it "
            "is issued."
        ),
    )
    reference_key = models.CharField(max_length=100, null=True, editable=False, db_index=True)
    index_number = models.CharField(
        _("index number"),
        max_length=100,
        blank=True,
        help_text=_(
            "Another index the issuer gives its document, e.g. Amnesty's ASA 19/1234/2020."
        ),
    )
    index_key = models.CharField(max_length=100, blank=True, editable=False, db_index=True)
    url = models.URLField(_("link"), blank=True, help_text=_("Where the document is published."))
    issue_date = models.DateField(_("issue date"), null=True, blank=True)
    issue_date_as_printed = as_printed_field()
    issuer_members = models.TextField(
        _("issuer's members as printed"),
        blank=True,
        help_text=_("The organisations a joint issuer names, as printed: one a line."),
    )
    follow_up_of = models.CharField(
        _("follow-up of"),
        max_length=100,
        blank=True,
        help_text=_('The reference of the document it follows up, as printed: "UA 117/21".'),
    )
    action_deadline = models.DateField(
        _("act before"),
        null=True,
        blank=True,
        help_text=_("The date until which campaigners are asked to act, when printed."),
    )
    action_deadline_as_printed = as_printed_field()
    case_closed_as_printed = models.TextField(
        _("closing as printed"),
        blank=True,
        help_text=_(
            'The words with which the appeal closes the case, as printed: "The Observatory '
            'considers this case closed."'
        ),
    )
    embassy_clause = models.TextField(
        _("embassy clause"),
        blank=True,
        help_text=_(
            'As printed: "Please also write to the diplomatic mission or embassy of … in your '
            'respective country."'
        ),
    )
    # A campaigner is never given a mixed letter: a letter language in which some of what the
    # letter shows has no version (letters.selectors.appeal_letter_gaps) is not offered, unless
    # staff choose to offer it with a note that parts of it are in English.
    incomplete_letters_offered = models.BooleanField(
        _("offer letters with parts in English"),
        default=False,
        help_text=_(
            "When a letter language lacks some translations: offer its letters with a note "
            "that parts are in English, rather than not at all."
        ),
    )
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

    # The ordered links keep the history rows of the links they replaced (their table's name).
    history = HistoricalRecords(m2m_fields=[violations], custom_model_name=_history_model_name)

    objects = AppealQuerySet.as_manager()

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["case", "sequence", "created_at"]
        permissions = [("issue_appeal", _("Can issue an appeal"))]
        constraints = [
            # Two issuers may use one code, and another issuer's follow-ups may repeat their
            # original's (Amnesty's Further information on UA 117/21): the follow-up number,
            # or the index number each of their documents has, tells them apart. The
            # organisation's own codes carry their follow-up number.
            models.UniqueConstraint(
                fields=["issuer", "reference_key", "sequence", "index_key"],
                condition=Q(reference_key__isnull=False),
                nulls_distinct=False,
                name="appeal_reference_unique_per_issuer",
                violation_error_message=_("This issuer already has an appeal with this reference."),
            ),
            models.CheckConstraint(
                condition=Q(issued_at__isnull=True) | Q(issue_date__isnull=False),
                name="appeal_issued_with_date",
                violation_error_message=_("An issued appeal has its issue date."),
            ),
        ]

    def __str__(self) -> str:
        if self.reference:
            return self.reference
        if self.is_issued:
            return f"{self.issuer_name} {self.issue_date:%Y-%m-%d}"
        return _("Draft appeal on %(case)s") % {"case": self.case}

    @property
    def is_issued(self) -> bool:
        return self.issued_at is not None

    @property
    def issuer_name(self) -> str:
        """Return the issuer as the appeal names it."""
        return self.issuer_as_printed or self.issuer.name

    @property
    def intervention_type_name(self) -> str:
        """Return the type as the appeal names it."""
        return self.intervention_type_as_printed or self.get_intervention_type_display()

    def clean(self) -> None:
        super().clean()
        self.reference = (self.reference or "").strip() or None
        self.reference_key = reference_key(self.reference) if self.reference else None
        self.index_number = self.index_number.strip()
        self.index_key = reference_key(self.index_number) if self.index_number else ""


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


class Footnote(models.Model):
    """One of an appeal's notes ("[1] See the Observatory's Urgent Appeal … issued on …"):
    its number and text as printed, the date of what it cites, and the reference it cites
    with the appeal on record that the reference names, when it names exactly one."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="footnotes")
    number = models.PositiveSmallIntegerField(_("number"), help_text=_("As printed: [1] is 1."))
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("text"))
    # An uncertain date (cases.dates), null when the note gives none.
    date = models.DateField(_("date"), null=True, blank=True)
    date_latest = latest_day_field()
    date_precision = precision_field()
    date_as_printed = as_printed_field()
    reference = models.CharField(
        _("reference cited"),
        max_length=100,
        blank=True,
        help_text=_("As printed: the reference of the document the note cites."),
    )
    # Set by cases.services from `reference` (its normal form naming one appeal on record).
    cited_appeal = models.ForeignKey(
        Appeal,
        verbose_name=_("appeal cited"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="citing_footnotes",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("footnote")
        verbose_name_plural = _("footnotes")
        ordering = ["appeal", "position", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["appeal", "number"],
                name="footnote_number_unique",
                violation_error_message=_("The appeal already has a note with this number."),
            ),
        ]

    def __str__(self) -> str:
        return f"[{self.number}] {self.text[:80]}"

    def clean(self) -> None:
        super().clean()
        self.reference = self.reference.strip()
        uncertain_date_normalise(self, "date")


class Proceeding(PublicIdModel, TimestampedModel, ProvenanceModel):
    """A criminal or administrative case before a court ("criminal case No. 12345"), often
    against several defenders at once: it groups its charges, hearings and decisions."""

    class Kind(models.TextChoices):
        CRIMINAL = "criminal", _("Criminal")
        ADMINISTRATIVE = "administrative", _("Administrative")
        OTHER = "other", _("Other")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="proceedings")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.CRIMINAL)
    name = models.CharField(
        _("name or number"),
        max_length=300,
        blank=True,
        help_text=_('As printed, e.g. "criminal case No. 12345". Blank: not given.'),
    )
    court = models.CharField(
        _("court"),
        max_length=300,
        blank=True,
        help_text=_("The court it is before, as the source names it; blank: not named."),
    )
    # Null: the source does not say (never False by default).
    prosecution_appealed = models.BooleanField(
        _("the prosecution appealed"),
        null=True,
        blank=True,
        help_text=_("Whether the prosecution appealed; unknown: not stated."),
    )
    prosecution_appealed_as_printed = models.CharField(
        _("prosecution's appeal as printed"),
        max_length=500,
        blank=True,
        help_text=_('The source\'s words: "The prosecution did not appeal in time."'),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("proceeding")
        verbose_name_plural = _("proceedings")
        ordering = ["case", "created_at"]

    def __str__(self) -> str:
        return self.name or _("%(kind)s proceeding") % {"kind": self.get_kind_display()}


class Charge(PublicIdModel, TimestampedModel, ProvenanceModel):
    """A charge brought in a proceeding against one or more defenders, and what became of it.
    Courts' rulings on it are the proceeding's decisions."""

    class InstrumentKind(models.TextChoices):
        CRIMINAL = "criminal", _("Criminal")
        ADMINISTRATIVE = "administrative", _("Administrative")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        REPLACED = "replaced", _("Replaced")
        DROPPED = "dropped", _("Dropped")
        DECIDED = "decided", _("Decided by a court")
        CONVICTED = "convicted", _("Convicted")
        ACQUITTED = "acquitted", _("Acquitted")

    proceeding = models.ForeignKey(
        Proceeding, verbose_name=_("proceeding"), on_delete=models.CASCADE, related_name="charges"
    )
    # The proceeding's case (set from it by the services), so that a case's charges are one
    # indexed lookup.
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="charges")
    defenders = models.ManyToManyField(
        "defenders.Defender", verbose_name=_("defenders"), related_name="charges"
    )
    instrument_kind = models.CharField(
        _("kind"), max_length=16, choices=InstrumentKind.choices, default=InstrumentKind.CRIMINAL
    )
    instrument = models.CharField(
        _("legal instrument"), max_length=200, blank=True, help_text=_("e.g. Criminal Code")
    )
    article = models.CharField(
        _("article"), max_length=50, blank=True, help_text=_('e.g. "212.2"; blank: not given.')
    )
    offence = models.CharField(
        _("offence"), max_length=500, blank=True, help_text=_("As worded in the law or the source.")
    )
    # `instrument`, `offence` and `maximum_penalty` are in English; their versions for letters
    # in the other letter languages (blank: none given; letters.selectors says which are).
    instrument_fr = models.CharField(_("legal instrument (French)"), max_length=200, blank=True)
    instrument_es = models.CharField(_("legal instrument (Spanish)"), max_length=200, blank=True)
    instrument_ru = models.CharField(_("legal instrument (Russian)"), max_length=200, blank=True)
    offence_fr = models.CharField(_("offence (French)"), max_length=500, blank=True)
    offence_es = models.CharField(_("offence (Spanish)"), max_length=500, blank=True)
    offence_ru = models.CharField(_("offence (Russian)"), max_length=500, blank=True)
    maximum_penalty = models.CharField(_("maximum penalty"), max_length=300, blank=True)
    maximum_penalty_fr = models.CharField(_("maximum penalty (French)"), max_length=300, blank=True)
    maximum_penalty_es = models.CharField(
        _("maximum penalty (Spanish)"), max_length=300, blank=True
    )
    maximum_penalty_ru = models.CharField(
        _("maximum penalty (Russian)"), max_length=300, blank=True
    )
    date_brought = models.DateField(_("date brought"), null=True, blank=True)
    date_brought_as_printed = as_printed_field()
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    # Prosecutors swap charges: two may be replaced by three. Charges of the same proceeding.
    replaced_by = models.ManyToManyField(
        "self",
        verbose_name=_("replaced by"),
        symmetrical=False,
        blank=True,
        related_name="replaces",
    )
    ended_on = models.DateField(_("dropped or replaced on"), null=True, blank=True)
    ended_on_as_printed = as_printed_field()
    dropped_by = models.CharField(
        _("dropped by"), max_length=300, blank=True, help_text=_("As printed.")
    )
    grounds_as_printed = models.CharField(
        _("grounds as printed"),
        max_length=500,
        blank=True,
        help_text=_('Why it was brought or dropped, as printed: "for lack of evidence".'),
    )

    # "Replaced by" is kept too, so that the case's history says what replaced a charge.
    history = HistoricalRecords(m2m_fields=[defenders, replaced_by])

    class Meta:
        verbose_name = _("charge")
        verbose_name_plural = _("charges")
        ordering = ["case", "date_brought", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(article="") | ~Q(offence=""),
                name="charge_names_article_or_offence",
                violation_error_message=_("Give the article or the offence (or both)."),
            ),
        ]

    def __str__(self) -> str:
        """The charge with its defenders, "Aida Sultanbekova: Criminal Code, art. 278 (Mass
        riots)": two defenders' charges under the same article read alike otherwise (the
        admin's "replaced by" choices, the charges' blocks). Prefetch `defenders` for lists."""
        text = charge_text(self)
        if self._state.adding or self.pk is None:  # not stored yet, or deleted
            return text
        names = ", ".join(d.full_name for d in self.defenders.all())
        return f"{names}: {text}" if names else text

    def instrument_in(self, language: str) -> str:
        """Return the legal instrument in `language` (`instrument` is English), or ""."""
        return self.instrument if language == "en" else getattr(self, f"instrument_{language}", "")

    def offence_in(self, language: str) -> str:
        """Return the offence in `language` (`offence` is English), or ""."""
        return self.offence if language == "en" else getattr(self, f"offence_{language}", "")

    def maximum_penalty_in(self, language: str) -> str:
        """Return the maximum penalty in `language` (`maximum_penalty` is English), or ""."""
        if language == "en":
            return self.maximum_penalty
        return getattr(self, f"maximum_penalty_{language}", "")

    def clean(self) -> None:
        super().clean()
        if self.proceeding_id and self.case_id and self.proceeding.case_id != self.case_id:
            raise ValidationError({"proceeding": _("Not a proceeding of this case.")})


# Charges a letter names: those still hanging over a defender, and those a court decided (the
# decisions, with their sentences, follow). Dropped charges are over; a replaced charge is left
# out, and the charges that replaced it say which one they replaced ("in place of …").
LETTER_CHARGE_STATUSES = (Charge.Status.PENDING, Charge.Status.DECIDED)


def charge_text(charge: "Charge", *, language: str | None = None) -> str:
    """Return a charge in one line: "Criminal Code, art. 212.2 (Mass riots)", or without what
    the source did not give ("membership of an illegal group"). With `language`, the
    instrument and offence in that language where the charge has them (else in English)."""
    instrument = (language and charge.instrument_in(language)) or charge.instrument
    offence = (language and charge.offence_in(language)) or charge.offence
    head = ", ".join(
        part
        for part in (
            instrument,
            _("art. %(article)s") % {"article": charge.article} if charge.article else "",
        )
        if part
    )
    if head and offence:
        return f"{head} ({offence})"
    return head or offence


class Decision(PublicIdModel, TimestampedModel, ProvenanceModel):
    """A court's decision in a proceeding, at one instance, on some of its charges; it rules
    on each defender (Ruling)."""

    class Instance(models.TextChoices):
        FIRST = "first_instance", _("First instance")
        APPEAL = "appeal", _("Appeal")
        CASSATION = "cassation", _("Cassation")
        SUPERVISORY = "supervisory", _("Supervisory review")
        OTHER = "other", _("Other")

    proceeding = models.ForeignKey(
        Proceeding, verbose_name=_("proceeding"), on_delete=models.CASCADE, related_name="decisions"
    )
    date = models.DateField(_("date"), null=True, blank=True)
    date_as_printed = as_printed_field()
    court = models.CharField(
        _("court"), max_length=300, blank=True, help_text=_("As printed; blank: not named.")
    )
    # "instance" in the API; not the field's name, which simple-history's rows use already.
    level = models.CharField(_("instance"), max_length=16, choices=Instance.choices, blank=True)
    charges = models.ManyToManyField(
        Charge, verbose_name=_("charges ruled on"), blank=True, related_name="decisions"
    )
    notes = models.TextField(_("as printed"), blank=True)
    # Null: the source does not say whether the decision was appealed.
    appeal_lodged = models.BooleanField(
        _("appeal lodged"),
        null=True,
        blank=True,
        help_text=_("Whether an appeal against it was lodged; unknown: not stated."),
    )
    appeal_lodged_by = models.CharField(
        _("appeal lodged by"),
        max_length=300,
        blank=True,
        help_text=_('As printed, e.g. "her lawyers"; blank: not named.'),
    )
    appeal_lodged_as_printed = models.CharField(
        _("appeal as printed"),
        max_length=500,
        blank=True,
        help_text=_('The source\'s words: "Her lawyers have appealed."'),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["proceeding", "date", "created_at"]

    def clean(self) -> None:
        super().clean()
        if self.appeal_lodged_by and self.appeal_lodged is not True:
            raise ValidationError(
                {"appeal_lodged_by": _("Who appealed goes with an appeal lodged.")}
            )

    def __str__(self) -> str:
        parts = [self.get_level_display() or _("Decision")]
        if self.date:
            parts.append(f"{self.date:%Y-%m-%d}")
        if self.court:
            parts.append(self.court)
        return ", ".join(str(p) for p in parts)


class Ruling(ProvenanceModel):
    """What a decision decided for one defender: its outcome, the sentence imposed and the
    sentence the prosecution requested (their parts: SentencePart)."""

    class Outcome(models.TextChoices):
        CONVICTED = "convicted", _("Convicted")
        ACQUITTED = "acquitted", _("Acquitted")
        DISMISSED = "dismissed", _("Dismissed")
        UPHELD = "upheld", _("Upheld")
        OVERTURNED = "overturned", _("Overturned")
        REDUCED = "reduced", _("Reduced")
        INCREASED = "increased", _("Increased")
        RETRIAL = "retrial", _("Sent back for retrial")
        REMANDED = "remanded", _("Remanded in custody")
        EXTENDED = "extended", _("Detention extended")
        OTHER = "other", _("Other")

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="rulings")
    defender = models.ForeignKey(
        "defenders.Defender",
        verbose_name=_("defender"),
        on_delete=models.PROTECT,
        related_name="rulings",
    )
    outcome = models.CharField(
        _("outcome"),
        max_length=16,
        choices=Outcome.choices,
        blank=True,
        help_text=_("Blank: not decided yet (a sentence requested only) or not stated."),
    )
    # A decision may rule on one defender more than once: "convicted of one charge and
    # acquitted of another" is two rulings, each naming its charges (the services check that
    # they are the defender's, of the decision's proceeding, and none ruled on twice).
    charges = models.ManyToManyField(
        Charge,
        verbose_name=_("charges"),
        blank=True,
        related_name="rulings",
        help_text=_("The charges it rules on; none: the decision's charges against the defender."),
    )
    outcome_as_printed = models.CharField(
        _("outcome as printed"),
        max_length=500,
        blank=True,
        help_text=_('The source\'s words for the outcome: "relaxé".'),
    )
    as_printed = models.TextField(
        _("sentence as printed"),
        blank=True,
        help_text=_("The source's words; letters and pages read the sentence's parts."),
    )
    unchanged_as_printed = models.CharField(
        _("left unchanged, as printed"),
        max_length=500,
        blank=True,
        help_text=_(
            'What a reduced or amended sentence left as it was: "the fine was left unchanged".'
        ),
    )

    history = HistoricalRecords(m2m_fields=[charges])

    class Meta:
        verbose_name = _("ruling")
        verbose_name_plural = _("rulings")
        ordering = ["decision", "id"]

    def __str__(self) -> str:
        return f"{self.defender}: {self.get_outcome_display() or '-'}"


class SentencePart(ProvenanceModel):
    """One part of a sentence imposed (or requested by the prosecution): a term of
    imprisonment, suspended or on probation; a fine; a side penalty with its own term (a ban
    on leaving the country, on practising law …). A part for no one charge is the overall
    sentence over the charges ruled on."""

    class Kind(models.TextChoices):
        IMPRISONMENT = "imprisonment", _("Imprisonment")
        ADMINISTRATIVE_DETENTION = "administrative_detention", _("Administrative detention")
        RESTRICTION_OF_FREEDOM = "restriction_of_freedom", _("Restriction of freedom")
        CORRECTIONAL_LABOUR = "correctional_labour", _("Correctional labour")
        COMMUNITY_SERVICE = "community_service", _("Community service")
        FINE = "fine", _("Fine")
        TRAVEL_BAN = "travel_ban", _("Ban on leaving the country")
        PROFESSION_BAN = "profession_ban", _("Ban on practising a profession")
        ACTIVITY_BAN = "activity_ban", _("Ban on an activity")
        OTHER = "other", _("Other")

    class Suspension(models.TextChoices):
        SUSPENDED = "suspended", _("Suspended")
        PROBATION = "probation", _("On probation")

    ruling = models.ForeignKey(Ruling, on_delete=models.CASCADE, related_name="sentence_parts")
    requested = models.BooleanField(
        _("requested by the prosecution"), default=False, help_text=_("Not imposed: asked for.")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    charge = models.ForeignKey(
        Charge,
        verbose_name=_("for the charge"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Blank: the overall sentence over the charges ruled on."),
    )
    years = models.PositiveSmallIntegerField(_("years"), null=True, blank=True)
    months = models.PositiveSmallIntegerField(_("months"), null=True, blank=True)
    days = models.PositiveIntegerField(_("days"), null=True, blank=True)
    suspension = models.CharField(
        _("suspended or probation"), max_length=16, choices=Suspension.choices, blank=True
    )
    suspension_years = models.PositiveSmallIntegerField(_("for years"), null=True, blank=True)
    suspension_months = models.PositiveSmallIntegerField(_("for months"), null=True, blank=True)
    amount = models.PositiveBigIntegerField(_("amount"), null=True, blank=True)
    currency = models.CharField(
        _("currency"), max_length=30, blank=True, help_text=_('As printed, e.g. "KGS", "roubles".')
    )
    detail = models.CharField(
        _("what it bans or orders"),
        max_length=300,
        blank=True,
        help_text=_('As printed, e.g. "social activities".'),
    )
    regime = models.CharField(
        _("regime"),
        max_length=200,
        blank=True,
        help_text=_('Where or how it is served, as printed: "medium-security penal colony".'),
    )
    as_printed = models.CharField(
        _("as printed"),
        max_length=500,
        blank=True,
        help_text=_('The part in the source\'s words: "a fine of 5,000 roubles".'),
    )
    term_as_printed = models.CharField(
        _("term as printed"),
        max_length=200,
        blank=True,
        help_text=_("The term in the source's words: \"six years' imprisonment\"."),
    )
    suspension_as_printed = models.CharField(
        _("suspension as printed"),
        max_length=200,
        blank=True,
        help_text=_('The source\'s words: "a suspended sentence".'),
    )
    suspension_term_as_printed = models.CharField(
        _("suspension term as printed"),
        max_length=200,
        blank=True,
        help_text=_('The term of suspension or probation as printed: "two years of probation".'),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sentence part")
        verbose_name_plural = _("sentence parts")
        ordering = ["ruling", "requested", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(kind="fine"),
                name="sentence_part_amount_only_on_fine",
                violation_error_message=_("Only a fine has an amount."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="fine") | Q(amount__isnull=False),
                name="sentence_part_fine_has_amount",
                violation_error_message=_("Give the fine's amount."),
            ),
            models.CheckConstraint(
                condition=~Q(suspension="")
                | Q(suspension_years__isnull=True, suspension_months__isnull=True),
                name="sentence_part_suspension_term_when_suspended",
                violation_error_message=_(
                    "A term of suspension or probation goes with a suspended sentence or probation."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(suspension="")
                | Q(suspension_as_printed="", suspension_term_as_printed=""),
                name="sentence_part_suspension_wording_when_suspended",
                violation_error_message=_(
                    "The wording of a suspension or probation goes with a suspended sentence or "
                    "probation."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


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
    years = getattr(record, "term_years", None)  # a measure's; extensions have none
    if years is not None and years > MAX_TERM_MONTHS // 12:
        errors["term_years"] = _("At most %(n)s years.") % {"n": MAX_TERM_MONTHS // 12}
    if errors:
        raise ValidationError(errors)


class DetentionPeriod(PublicIdModel, TimestampedModel, ProvenanceModel):
    """A restrictive measure on a defender (domain.md: "measure"): detention of any kind, house
    arrest, a travel ban, judicial control, provisional release with conditions. From its
    start, for the term ordered (in days, in months, or stated by its end: "until 14 August")
    and extended, until the actual end. `term_ends_on` is derived (term_runs_out_on).

    The model keeps its first name (and table) while other work on cases is merged; the
    domain word for it is "measure"."""

    class Kind(models.TextChoices):
        POLICE_CUSTODY = "police_custody", _("Police custody")
        ADMINISTRATIVE = "administrative_detention", _("Administrative detention")
        PRE_TRIAL = "pre_trial_detention", _("Pre-trial detention")
        HOUSE_ARREST = "house_arrest", _("House arrest")
        IMPRISONMENT = "imprisonment", _("Imprisonment after conviction")
        TRAVEL_BAN = "travel_ban", _("Travel ban")
        JUDICIAL_CONTROL = "judicial_control", _("Judicial control")
        PROVISIONAL_RELEASE = "provisional_release", _("Provisional release with conditions")
        PROBATION = "probation", _("Probation")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="detention_periods")
    defender = models.ForeignKey(
        "defenders.Defender", on_delete=models.PROTECT, related_name="detention_periods"
    )

    class Unit(models.TextChoices):
        DAY = "day", _("day")
        WEEK = "week", _("week")
        MONTH = "month", _("month")

    class Weekday(models.TextChoices):
        MONDAY = "monday", _("Monday")
        TUESDAY = "tuesday", _("Tuesday")
        WEDNESDAY = "wednesday", _("Wednesday")
        THURSDAY = "thursday", _("Thursday")
        FRIDAY = "friday", _("Friday")
        SATURDAY = "saturday", _("Saturday")
        SUNDAY = "sunday", _("Sunday")

    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    kind_as_printed = models.CharField(
        _("measure as printed"),
        max_length=300,
        blank=True,
        help_text=_('The measure\'s own name in the source: "medidas sustitutivas".'),
    )
    # An uncertain date (cases.dates): the earliest day, with its precision and latest day.
    # Empty (precision "unknown") when the source gives no start, or one that does not exist
    # ("31 June 2022 [sic]", kept as printed): its days are then not counted.
    start_date = models.DateField(_("start"), null=True, blank=True)
    start_date_latest = latest_day_field()
    start_date_precision = precision_field()
    start_date_as_printed = as_printed_field()
    continues_previous = models.BooleanField(
        _("continues the previous one"),
        default=False,
        help_text=_(
            "The defender stayed in custody from the previous period to this one (e.g. "
            "administrative detention followed by remand): days detained count both as one."
        ),
    )
    term_years = models.PositiveIntegerField(_("term ordered (years)"), null=True, blank=True)
    term_days = models.PositiveIntegerField(_("term ordered (days)"), null=True, blank=True)
    term_months = models.PositiveIntegerField(_("term ordered (months)"), null=True, blank=True)
    term_until = models.DateField(
        _("term ordered until"),
        null=True,
        blank=True,
        help_text=_('A term stated by its end: "remanded until 14 August".'),
    )
    term_as_printed = models.CharField(
        _("term as printed"), max_length=200, blank=True, help_text=_('"two months", "15 days".')
    )
    term_until_as_printed = as_printed_field()
    # Reporting to an authority, a condition of judicial control or provisional release:
    # "every fifteen days at the court", "every Monday at the police station".
    reporting_every = models.PositiveIntegerField(
        _("reporting every"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("1 with a week: weekly."),
    )
    reporting_unit = models.CharField(
        _("reporting unit"), max_length=8, choices=Unit.choices, blank=True
    )
    reporting_weekday = models.CharField(
        _("reporting on"), max_length=10, choices=Weekday.choices, blank=True
    )
    reporting_place = models.CharField(_("reporting at"), max_length=300, blank=True)
    reporting_as_printed = models.CharField(_("reporting as printed"), max_length=300, blank=True)
    # A breach of the measure's conditions as the source states it (an uncertain date).
    breach_date = models.DateField(_("breached on"), null=True, blank=True)
    breach_date_latest = latest_day_field()
    breach_date_precision = precision_field()
    breach_date_as_printed = as_printed_field()
    breach_as_printed = models.CharField(
        _("breach as printed"),
        max_length=300,
        blank=True,
        help_text=_('"he did not report to the police station".'),
    )
    # Days held without any decision ordering it, between two measures (uncertain dates).
    legal_basis_gap_from = models.DateField(
        _("held without a decision from"), null=True, blank=True
    )
    legal_basis_gap_from_latest = latest_day_field()
    legal_basis_gap_from_precision = precision_field()
    legal_basis_gap_from_as_printed = as_printed_field()
    legal_basis_gap_to = models.DateField(_("held without a decision to"), null=True, blank=True)
    legal_basis_gap_to_latest = latest_day_field()
    legal_basis_gap_to_precision = precision_field()
    legal_basis_gap_to_as_printed = as_printed_field()
    legal_basis_gap_as_printed = models.CharField(
        _("held without a decision, as printed"),
        max_length=300,
        blank=True,
        help_text=_('"without any decision".'),
    )
    runs_with = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="running_with_it",
        verbose_name=_("runs with"),
        help_text=_("The measure of the same case it goes with (a travel ban with probation)."),
    )
    term_ends_on = models.DateField(
        _("term runs out on"), null=True, blank=True, editable=False, db_index=True
    )
    ordered_by = models.CharField(_("ordered by"), max_length=300, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    conditions = models.TextField(
        _("conditions"),
        blank=True,
        help_text=_("What the measure requires: reporting to the police weekly, bail …"),
    )
    incommunicado = models.BooleanField(_("held incommunicado"), default=False)
    # An uncertain date too.
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    actual_end_latest = latest_day_field()
    actual_end_precision = precision_field()
    actual_end_as_printed = as_printed_field()
    ended = models.BooleanField(
        _("ended"),
        default=False,
        help_text=_("The measure has ended, even when the source gives no date for it."),
    )
    ended_as_printed = models.CharField(
        _("end as printed"),
        max_length=300,
        blank=True,
        help_text=_('"is no longer under house arrest", "the ban was lifted".'),
    )
    # What the notice of the measure left unstated, said so by the source.
    end_not_stated = models.BooleanField(_("end not stated"), default=False)
    reason_not_stated = models.BooleanField(_("reason not stated"), default=False)
    unstated_as_printed = models.CharField(
        _("left unstated, as printed"),
        max_length=300,
        blank=True,
        help_text=_('"The notice gave neither a reason nor an end date."'),
    )
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["case", "start_date"]
        constraints = [
            models.CheckConstraint(
                # Rows written in bulk (the demo generator) may lack the latest day: then the
                # end itself is compared (a NULL would let the check pass).
                condition=Q(actual_end__isnull=True)
                | Q(actual_end_latest__isnull=False, actual_end_latest__gte=F("start_date"))
                | Q(actual_end_latest__isnull=True, actual_end__gte=F("start_date")),
                name="detention_ends_after_it_starts",
                violation_error_message=_("A measure cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(term_days__isnull=True, term_months__isnull=True)
                | Q(term_days__isnull=True, term_until__isnull=True)
                | Q(term_months__isnull=True, term_until__isnull=True),
                name="detention_term_one_way",
                violation_error_message=_(
                    "Give the term in days, in months or by the date it runs to: one of them."
                ),
            ),
            models.CheckConstraint(
                condition=Q(term_years__isnull=True)
                | Q(term_days__isnull=True, term_months__isnull=True, term_until__isnull=True),
                name="detention_term_years_alone",
                violation_error_message=_(
                    "Give the term in years, in months, in days or by the date it runs to: "
                    "one of them."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(term_days=0) & ~Q(term_months=0) & ~Q(term_years=0),
                name="detention_term_not_zero",
                violation_error_message=_(
                    "A term ordered is at least one day, one month or one year."
                ),
            ),
        ]

    def __str__(self) -> str:
        start = uncertain_date(self, "start_date")
        since = start.iso() if start else "?"
        if self.defender_id is None:
            return f"{self.get_kind_display()} from {since}"
        return f"{self.get_kind_display()}: {self.defender.full_name}, from {since}"

    def clean(self) -> None:
        super().clean()
        for name in MEASURE_DATES:
            uncertain_date_normalise(self, name)
        if self.start_date is None:
            self.start_date_precision = Precision.UNKNOWN
        if self.actual_end and self.start_date and self.actual_end_latest < self.start_date:
            raise ValidationError({"actual_end": _("A measure cannot end before it starts.")})
        if self.actual_end is not None:
            # An end recorded is an end.
            self.ended = True
        gap_from, gap_to = self.legal_basis_gap_from, self.legal_basis_gap_to_latest
        if gap_from is not None and gap_to is not None and gap_to < gap_from:
            raise ValidationError({"legal_basis_gap_to": _("The gap cannot end before it starts.")})
        if (self.reporting_every is None) != (self.reporting_unit == ""):
            raise ValidationError(
                {
                    "reporting_every": _(
                        "Give how often the defender reports with its unit: every 1 week, "
                        "every 15 days."
                    )
                }
            )
        runs_with = self.runs_with if self.runs_with_id is not None else None
        if runs_with is not None and (runs_with.pk == self.pk or runs_with.case_id != self.case_id):
            raise ValidationError({"runs_with": _("Another measure of the same case.")})
        # "One way of giving the term" is the check constraint's to say (full_clean validates
        # constraints): checking it here too showed the message twice.
        terms_bounded(self)
        # Without a start, a term stated by its end ("until 14 August") still gives it.
        try:
            self.term_ends_on = self.term_runs_out_on()
        except OverflowError as exc:
            raise ValidationError(
                _("With its extensions, this term would run past the year 9999.")
            ) from exc

    @property
    def is_custody(self) -> bool:
        """Return whether the measure holds the defender (it counts in days detained)."""
        return self.kind in CUSTODY_KINDS

    def term_runs_out_on(self, extensions: "Iterable[DetentionExtension] | None" = None):
        """Return when the term runs out, counting its extensions in the order they were
        ordered (the stored ones unless given), or None when that is not known: no term, a
        term in days or months from a start that is not an exact day, an extension of
        unknown length (until one stated by its end)."""
        if extensions is None:
            extensions = [] if self._state.adding else self.extensions.all()
        start = uncertain_date(self, "start_date")
        return term_runs_out_on(
            start.earliest if start is not None and start.is_exact else None,
            Term(
                days=self.term_days,
                months=self.term_months,
                years=self.term_years,
                until=self.term_until,
            ),
            [
                Term(days=e.term_days, months=e.term_months, until=e.until)
                for e in sorted(extensions, key=lambda e: e.ordered_on)
            ],
        )


# A measure's uncertain dates (cases.dates), each with its companions.
MEASURE_DATES = (
    "start_date",
    "actual_end",
    "breach_date",
    "legal_basis_gap_from",
    "legal_basis_gap_to",
)


# Measures that hold the defender: only these count in "detained since … (N days)".
CUSTODY_KINDS = frozenset(
    {
        DetentionPeriod.Kind.POLICE_CUSTODY,
        DetentionPeriod.Kind.ADMINISTRATIVE,
        DetentionPeriod.Kind.PRE_TRIAL,
        DetentionPeriod.Kind.HOUSE_ARREST,
        DetentionPeriod.Kind.IMPRISONMENT,
    }
)


class DetentionExtension(ProvenanceModel):
    """An extension of a measure's term: by another two months, until a date, or of a length
    the source does not give ("extended" alone)."""

    period = models.ForeignKey(DetentionPeriod, on_delete=models.CASCADE, related_name="extensions")
    ordered_on = models.DateField(_("ordered on"))
    ordered_on_as_printed = as_printed_field()
    term_days = models.PositiveIntegerField(_("extended by (days)"), null=True, blank=True)
    term_months = models.PositiveIntegerField(_("extended by (months)"), null=True, blank=True)
    until = models.DateField(_("extended until"), null=True, blank=True)
    until_as_printed = as_printed_field()
    ordered_by = models.CharField(_("ordered by"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")
        ordering = ["period", "ordered_on", "id"]
        constraints = [
            # None of the three: an extension of unknown length, which sources often report.
            models.CheckConstraint(
                condition=Q(term_days__isnull=True, term_months__isnull=True)
                | Q(term_days__isnull=True, until__isnull=True)
                | Q(term_months__isnull=True, until__isnull=True),
                name="extension_term_one_way",
                violation_error_message=_(
                    "Give the extension in days, in months or by the date it runs to: one of "
                    "them, or none when its length is not known."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(term_days=0) & ~Q(term_months=0),
                name="extension_term_not_zero",
                violation_error_message=_("An extension is at least one day or one month."),
            ),
        ]

    # "One way" and "not zero" are the check constraints' to say (full_clean validates them):
    # checking them here too showed their message twice.
    def clean(self) -> None:
        super().clean()
        terms_bounded(self)

    def __str__(self) -> str:
        if self.term_months:
            return _("extended by %(n)s month(s) on %(date)s") % {
                "n": self.term_months,
                "date": self.ordered_on,
            }
        if self.term_days:
            return _("extended by %(n)s day(s) on %(date)s") % {
                "n": self.term_days,
                "date": self.ordered_on,
            }
        if self.until:
            return _("extended until %(until)s on %(date)s") % {
                "until": self.until,
                "date": self.ordered_on,
            }
        return _("extended (length unknown) on %(date)s") % {"date": self.ordered_on}


class Hearing(PublicIdModel, TimestampedModel, ProvenanceModel):
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
    proceeding = models.ForeignKey(
        Proceeding,
        verbose_name=_("proceeding"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hearings",
    )
    court = models.CharField(
        _("court"), max_length=300, blank=True, help_text=_("Blank: the court is not named.")
    )
    court_as_printed = models.CharField(
        _("court as printed"),
        max_length=300,
        blank=True,
        help_text=_('The source\'s own words when they differ: "a court in the capital".'),
    )
    city = models.CharField(_("city"), max_length=200, blank=True)
    local_date = models.DateField(_("date (court's local)"))
    local_date_as_printed = as_printed_field()
    local_time = models.TimeField(_("time (court's local)"), null=True, blank=True)
    time_as_printed = models.CharField(
        _("time as printed"),
        max_length=200,
        blank=True,
        help_text=_('The source\'s own words when they differ: "10:00 local time".'),
    )
    time_zone = models.CharField(
        _("court's time zone"), max_length=64, validators=[validate_time_zone]
    )
    starts_at = models.DateTimeField(_("starts at (UTC)"), editable=False, db_index=True)
    purpose = models.CharField(
        _("purpose"),
        max_length=32,
        choices=Purpose.choices,
        blank=True,
        help_text=_("Blank: not stated."),
    )
    purpose_as_printed = models.CharField(
        _("purpose as printed"),
        max_length=300,
        blank=True,
        help_text=_('The source\'s own words when they differ: "the initial hearing".'),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SCHEDULED
    )
    outcome = models.TextField(_("outcome"), blank=True)
    observers_attending = models.BooleanField(_("observers will attend"), default=False)
    summoned = models.BooleanField(
        _("defenders summoned"),
        null=True,
        blank=True,
        help_text=_("Whether the defenders were summoned to it; empty: not stated."),
    )

    history = HistoricalRecords(m2m_fields=[defenders])

    class Meta:
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")
        ordering = ["case", "starts_at"]
        indexes = [models.Index(fields=["status", "starts_at"], name="hearing_status_starts")]

    def __str__(self) -> str:
        return f"{self.court_display}, {self.local_date:%Y-%m-%d}"

    def clean(self) -> None:
        super().clean()
        proceeding = self.proceeding if self.proceeding_id else None
        if proceeding is not None and self.case_id and proceeding.case_id != self.case_id:
            raise ValidationError({"proceeding": _("Not a proceeding of this case.")})
        if self.local_date and self.time_zone:
            self.starts_at = hearing_starts_at(
                local_date=self.local_date, local_time=self.local_time, time_zone=self.time_zone
            )

    @property
    def court_display(self) -> str:
        """Return the court's name, or "court not named"."""
        return self.court or str(_("court not named"))

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


class UnnamedGroup(PublicIdModel, ProvenanceModel):
    """People a source names only by a count: "and a dozen other lawyers were detained". The
    description is kept as printed; the count, when the source gives one, is marked
    approximate when the source says so ("a dozen", "some 30"). Events name the groups they
    involve; another record can link to them the same way (a many-to-many to UnnamedGroup),
    e.g. charges brought against the group ("a dozen others were charged with …")."""

    class CountQualifier(models.TextChoices):
        NONE = "", _("Not stated")
        AT_LEAST = "at_least", _("at least")
        MORE_THAN = "more_than", _("more than")

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
        _("approximate"),
        default=False,
        help_text=_(
            'The source gives it as "about", "a dozen" …, or as an amount without a number '
            '("several hundred").'
        ),
    )
    count_qualifier = models.CharField(
        _("count qualifier"),
        max_length=16,
        choices=CountQualifier.choices,
        blank=True,
        default=CountQualifier.NONE,
        help_text=_('"at least 11", "more than 200": the count is a bound.'),
    )
    city = models.CharField(_("city"), max_length=200, blank=True)
    # An uncertain date (cases.dates): when they were released, as precise as the source
    # ("the next day" after an arrest in early June is early June), and the sentence that
    # tells it.
    released_on = models.DateField(_("released on"), null=True, blank=True)
    released_on_latest = latest_day_field()
    released_on_precision = precision_field()
    released_on_as_printed = as_printed_field()
    release_as_printed = models.TextField(
        _("release as printed"),
        blank=True,
        help_text=_('The words that tell it: "Most of them were released in the evening."'),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unnamed people")
        verbose_name_plural = _("unnamed people")
        ordering = ["case", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(count__isnull=False) | Q(count_qualifier=""),
                name="unnamed_group_qualifier_needs_a_count",
                violation_error_message=_('Give the count that is "at least" or "more than".'),
            ),
        ]

    def __str__(self) -> str:
        return self.description

    def clean(self) -> None:
        super().clean()
        uncertain_date_normalise(self, "released_on")


class Event(PublicIdModel, TimestampedModel, ConfidentialFactsModel, ProvenanceModel):
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
        TRAVEL_BAN_LIFTED = "travel_ban_lifted", _("Travel ban lifted")
        HOUSE_ARREST = "house_arrest", _("House arrest")
        DENIAL_OF_COUNSEL = "denial_of_counsel", _("Denial of access to a lawyer")
        PASSPORT_RETURNED = "passport_returned", _("Passport returned")
        CONTEXT = "context", _("Background")
        THREAT = "threat", _("Threat")
        ATTACK = "attack", _("Attack")
        DISAPPEARANCE = "disappearance", _("Disappearance")
        KILLING = "killing", _("Killing")
        OTHER = "other", _("Other")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    # An uncertain date (cases.dates): the earliest day, with its precision and latest day.
    date = models.DateField(_("date"))
    date_latest = latest_day_field()
    date_precision = precision_field()
    date_as_printed = as_printed_field()
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
    place = models.CharField(
        _("place"), max_length=300, blank=True, help_text=_('As printed: "his office in Minsk".')
    )
    actor = models.CharField(
        _("by"),
        max_length=300,
        blank=True,
        help_text=_('Who acted, as printed: "Policía Nacional", "unidentified men".'),
    )
    organisation = models.CharField(
        _("organisation"),
        max_length=300,
        blank=True,
        help_text=_(
            'The organisation it befell, as printed: "Pravovy Mayak" (a search of its office).'
        ),
    )
    # Charges of the same case that the event brought or concerns.
    charges = models.ManyToManyField(
        Charge, verbose_name=_("charges"), blank=True, related_name="events"
    )
    # Confidential (declared in cases/outward.py): the words of a threat can identify who
    # reported it, or who made it, and endanger people. Encrypted at rest.
    quotation = EncryptedTextField(
        _("words quoted (confidential)"),
        blank=True,
        help_text=_('As printed: "would not see her children again".'),
    )
    quoted_by = EncryptedTextField(
        _("quoted by (confidential)"), blank=True, help_text=_("Whose words they are.")
    )
    # Null: the source does not say.
    reported_to_police = models.BooleanField(_("reported to the police"), null=True, blank=True)
    investigation_opened = models.BooleanField(_("investigation opened"), null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[defenders])

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["case", "date", "created_at"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}"

    def clean(self) -> None:
        super().clean()
        uncertain_date_normalise(self, "date")


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

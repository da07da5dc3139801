"""Reads of cases, shaped for their reader so that no page issues a query per row."""

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.postgres.aggregates import ArrayAgg
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import Case as Choose
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from appeals_site.audience import PARTNER, STAFF
from appeals_site.models import changed_field
from appeals_site.outward import INLINE, SOURCE, UNCERTAIN_DATE, Record
from cases.dates import UncertainDate, local_today, uncertain_date
from cases.detention import (
    Detention,
    Span,
    continuous_detention,
    detention_text,
    measure_days,
    measure_days_text,
    measure_period_text,
)
from cases.models import (
    CUSTODY_KINDS,
    LETTER_CHARGE_STATUSES,
    Action,
    Appeal,
    AppealAuthority,
    AppealText,
    AppealViolation,
    Case,
    CaseAuthority,
    CaseTombstone,
    Charge,
    Decision,
    DetentionExtension,
    DetentionPeriod,
    Event,
    ExternalReference,
    Hearing,
    Proceeding,
    Ruling,
    SentencePart,
    UnnamedGroup,
    case_is_public,
    charge_text,
    public_case_condition,
)
from cases.outward import (
    CASE_AUTHORITY,
    CHARGE,
    DECISION,
    DETENTION_EXTENSION,
    DETENTION_PERIOD,
    EVENT,
    HEARING,
    PROCEEDING,
    RULING,
    SENTENCE_PART,
    UNNAMED_GROUP,
)
from cases.references import reference_key
from cases.sentences import ruling_charges_text, sentence_text
from defenders.models import Defender, OtherName

# What "days detained" reads of a measure: its custody kinds only, and its case's closing day.
SPAN_VALUES = (
    "start_date",
    "start_date_latest",
    "start_date_precision",
    "actual_end",
    "ended",
    "continues_previous",
)


def custody_spans(periods: QuerySet[DetentionPeriod]) -> dict:
    """Return the spans of custody of `periods` (a queryset), by defender id (as a string),
    in one query: the only reading of measures that days detained count."""
    spans: dict = {}
    rows = periods.filter(kind__in=CUSTODY_KINDS).values(
        "defender_id", *SPAN_VALUES, closed_on=F("case__closed_on")
    )
    for row in rows:
        defender_id = str(row.pop("defender_id"))
        spans.setdefault(defender_id, []).append(Span.of(**row))
    return spans


def defender_detention(
    *, defender: Defender, today: dt.date | None = None, time_zone: str = "UTC"
) -> Detention | None:
    """Return since when and for how many days the defender is held, or None.

    Uses the defender's detention periods as loaded, whatever the case: with
    `detention_periods` prefetched (custody_periods) this issues no query. Staff
    readers prefetch only the periods of cases they may see (defender_list, case_list with
    `user`), so that a figure never counts a restricted case hidden from them.
    """
    today = today or local_today(time_zone)
    spans = [
        Span.of(
            **{name: getattr(p, name) for name in SPAN_VALUES},
            closed_on=p.case.closed_on,
        )
        for p in defender.detention_periods.all()
        if p.kind in CUSTODY_KINDS
    ]
    return continuous_detention(spans, today)


def case_longest_detention(*, case: Case, today: dt.date | None = None) -> Detention | None:
    """Return the longest ongoing detention among the case's defenders, or None."""
    today = today or local_today(case.time_zone)
    detentions = [
        d
        for d in (defender_detention(defender=x, today=today) for x in case.defenders.all())
        if d is not None
    ]
    return max(detentions, key=lambda d: d.days, default=None)


def _next_hearing_subquery(now: dt.datetime, field: str) -> Subquery:
    return Subquery(
        Hearing.objects.filter(
            case=OuterRef("pk"), status=Hearing.Status.SCHEDULED, starts_at__gte=now
        )
        .order_by("starts_at", "id")
        .values(field)[:1]
    )


def case_export_version(cases: QuerySet[Case], *, now: dt.datetime, changed: str) -> list:
    """Return what an export of `cases` (cases.api.exports) is made of, as far as it can
    change: each case's id and update time (`changed`: what the reader's `updated_at`
    follows), its next hearing (which passes with the clock), and the local date of each
    case's time zone (days detained count to it). Equal versions, equal exports: the CSV's
    ETag is its hash."""
    rows = list(
        cases.order_by("pk").values_list(
            "pk", changed, "time_zone", _next_hearing_subquery(now, "id")
        )
    )
    zones = sorted({row[2] for row in rows})
    return [
        [(str(pk), at.isoformat(), str(hearing or "")) for pk, at, _zone, hearing in rows],
        [(zone, local_today(zone, now=now).isoformat()) for zone in zones],
    ]


def custody_periods(user=None) -> QuerySet[DetentionPeriod]:
    """Return the detention periods a figure counts (only what "days detained" reads): for a
    member of staff (`user`), those of the cases they may see; for None, all."""
    periods = (
        DetentionPeriod.objects.filter(kind__in=CUSTODY_KINDS)
        .select_related("case")
        .only("id", "defender_id", "kind", *SPAN_VALUES, "case__closed_on")
    )
    if user is None:
        return periods
    return periods.filter(case_visibility_condition(user, through="case__"))


def case_list(*, now: dt.datetime | None = None, user=None) -> QuerySet[Case]:
    """Return cases with what a list of them shows: the next hearing's start
    (`next_hearing_at`), its court's time zone (`next_hearing_time_zone`) and local time
    (`next_hearing_local_time`: None when no time was stated), and the defenders
    with their detention periods, for "days detained". With `user` (a member of staff), only
    the periods of cases they may see count: a defender's detention recorded on a restricted
    case hidden from them shows nowhere. The rows themselves are not filtered here."""
    now = now or timezone.now()
    return Case.objects.annotate(
        next_hearing_at=_next_hearing_subquery(now, "starts_at"),
        next_hearing_time_zone=_next_hearing_subquery(now, "time_zone"),
        next_hearing_local_time=_next_hearing_subquery(now, "local_time"),
    ).prefetch_related(
        Prefetch(
            "defenders",
            queryset=Defender.objects.only("id", "full_name", "situation").prefetch_related(
                Prefetch("detention_periods", queryset=custody_periods(user))
            ),
        )
    )


def defender_list(*, user=None) -> QuerySet[Defender]:
    """Return defenders with their detention periods, for "detained since … (N days)". With
    `user` (a member of staff): only the defenders they may see (defenders_visible_to), with
    only the periods of the cases they may see."""
    defenders = Defender.objects.all() if user is None else defenders_visible_to(user)
    return defenders.prefetch_related(Prefetch("detention_periods", queryset=custody_periods(user)))


# --- The case screen: each defender's measures, charges and decisions ----------------------


def _given(*words: str) -> list[str]:
    return [word for word in words if word]


@dataclass(frozen=True)
class MeasureLine:
    """A measure in words: its kind, its period as precise as the source (and the source's
    own wording where it differs), its place and conditions, whether it still runs, its term
    and, for custody, the days it has lasted ("at least" when a date is not an exact day)."""

    kind: str
    period: str
    as_printed: str
    place: str
    conditions: str
    state: str
    term: str
    days: str

    @property
    def details(self) -> list[str]:
        """Return what follows the kind, in reading order, without what is not known."""
        printed = _("as printed: %(text)s") % {"text": self.as_printed} if self.as_printed else ""
        return _given(
            self.period, printed, self.place, self.conditions, self.state, self.term, self.days
        )


@dataclass(frozen=True)
class ChargeLine:
    """A charge against the defender: the article or offence, its proceeding, what became of
    it, and the other defenders it is brought against jointly."""

    charge: str
    proceeding: str
    status: str
    jointly_with: str

    @property
    def details(self) -> list[str]:
        """Return what follows the charge, in reading order, without what is not known."""
        jointly = _("jointly with %(names)s") % {"names": self.jointly_with}
        return _given(self.proceeding, self.status, jointly if self.jointly_with else "")


@dataclass(frozen=True)
class RulingLine:
    """A decision as it concerns the defender: the decision (instance, date, court), its
    proceeding, the outcome, and the sentences imposed and requested, in words."""

    decision: str
    proceeding: str
    outcome: str
    sentence: str
    requested: str
    # The charges it rules on, when the ruling names them.
    charges: str = ""

    @property
    def details(self) -> list[str]:
        """Return what follows the decision, in reading order, without what is not known."""
        requested = _("requested: %(sentence)s") % {"sentence": self.requested}
        return _given(
            self.proceeding,
            self.outcome,
            self.charges,
            self.sentence,
            requested if self.requested else "",
        )


@dataclass(frozen=True)
class DefenderSummary:
    """What the case records of one defender, for the case screen."""

    defender_id: uuid.UUID
    name: str
    situation: str
    detention: str
    measures: list[MeasureLine]
    charges: list[ChargeLine]
    rulings: list[RulingLine]


def _measure_line(period: DetentionPeriod, *, closed_on: dt.date | None, today: dt.date):
    start = uncertain_date(period, "start_date")
    end = uncertain_date(period, "actual_end")
    printed = [
        p
        for p in (
            period.kind_as_printed,
            period.start_date_as_printed,
            period.term_as_printed,
            period.actual_end_as_printed,
            period.ended_as_printed,
        )
        if p
    ]
    if end is not None or period.ended:
        state = _("ended")
    elif start is not None and start.earliest > today:
        state = _("not begun")
    elif closed_on is not None:
        state = _("no end recorded; the case was closed on %(date)s") % {
            "date": date_format(closed_on)
        }
    else:
        state = _("running")
    term = ""
    if end is None and not period.ended and period.term_ends_on is not None:
        # A term running out frees no one by itself: say so when it has.
        wording = (
            _("term ran out on %(date)s")
            if period.term_ends_on < today
            else _("term runs out on %(date)s")
        )
        term = wording % {"date": date_format(period.term_ends_on)}
    days = ""
    # Ended on a day no source gives: its days cannot be counted.
    if period.kind in CUSTODY_KINDS and (end is not None or not period.ended):
        lasted = measure_days(start=start, end=end, closed_on=closed_on, today=today)
        days = measure_days_text(*lasted) if lasted is not None else ""
    return MeasureLine(
        kind=str(period.get_kind_display()),
        period=measure_period_text(start=start, end=end, today=today),
        as_printed=" – ".join(printed),
        place=period.place,
        conditions=period.conditions,
        state=state,
        term=term,
        days=days,
    )


def _charge_status(charge: Charge, labels: dict) -> str:
    """Return what became of the charge: "Pending", "replaced on 5 May 2025 by …",
    "dropped on …", "Decided by a court"."""
    if charge.status == Charge.Status.REPLACED:
        replacements = "; ".join(labels.get(r.pk, charge_text(r)) for r in charge.replaced_by.all())
        if charge.ended_on:
            return _("replaced on %(date)s by %(charges)s") % {
                "date": date_format(charge.ended_on),
                "charges": replacements,
            }
        return _("replaced by %(charges)s") % {"charges": replacements}
    if charge.status == Charge.Status.DROPPED and charge.ended_on:
        return _("dropped on %(date)s") % {"date": date_format(charge.ended_on)}
    return str(charge.get_status_display())


def _decision_text(ruling: Ruling) -> str:
    decision = ruling.decision
    words = [str(decision.get_level_display() or _("Decision"))]
    if decision.date:
        words.append(date_format(decision.date))
    if decision.court:
        words.append(decision.court)
    return ", ".join(words)


def case_defender_summaries(
    *, case: Case, user=None, today: dt.date | None = None
) -> list[DefenderSummary]:
    """Return, for each defender of the case (and anyone its records name), their measures,
    the charges against them and the decisions concerning them, in words, for the case screen.

    Eight queries, whatever the number of defenders and records. Days detained count the
    custody of every case `user` may see (custody_periods), as the list of cases does; the
    measures, charges and decisions listed are this case's."""
    today = today or local_today(case.time_zone)
    named = (
        Q(pk__in=Case.defenders.through.objects.filter(case=case).values("defender_id"))
        | Q(pk__in=DetentionPeriod.objects.filter(case=case).values("defender_id"))
        | Q(pk__in=Charge.defenders.through.objects.filter(charge__case=case).values("defender_id"))
        | Q(pk__in=Ruling.objects.filter(decision__proceeding__case=case).values("defender_id"))
    )
    defenders = list(Defender.objects.filter(named).only("id", "full_name", "situation"))
    ids = [d.pk for d in defenders]
    spans = custody_spans(custody_periods(user).filter(defender_id__in=ids))

    measures: dict = {}
    for period in DetentionPeriod.objects.filter(case=case).order_by("start_date", "created_at"):
        line = _measure_line(period, closed_on=case.closed_on, today=today)
        measures.setdefault(period.defender_id, []).append(line)

    charges = list(
        Charge.objects.filter(case=case)
        .select_related("proceeding")
        .prefetch_related(
            Prefetch("defenders", queryset=Defender.objects.only("id", "full_name")),
            "replaced_by",
        )
        .order_by(F("date_brought").asc(nulls_last=True), "created_at")
    )
    labels = {c.pk: charge_text(c) for c in charges}
    charges_of: dict = {}
    for charge in charges:
        against = list(charge.defenders.all())
        status = _charge_status(charge, labels)
        for defender in against:
            others = ", ".join(d.full_name for d in against if d.pk != defender.pk)
            charges_of.setdefault(defender.pk, []).append(
                ChargeLine(
                    charge=labels[charge.pk],
                    proceeding=str(charge.proceeding),
                    status=status,
                    jointly_with=others,
                )
            )

    rulings: dict = {}
    for ruling in (
        Ruling.objects.filter(decision__proceeding__case=case)
        .select_related("decision__proceeding")
        .prefetch_related("sentence_parts")
        # The charges it rules on, in the same query (null: none named).
        .annotate(charge_ids=ArrayAgg("charges", filter=Q(charges__isnull=False)))
        .order_by(
            F("decision__date").asc(nulls_last=True), "decision__created_at", "decision_id", "id"
        )
    ):
        parts = list(ruling.sentence_parts.all())
        rulings.setdefault(ruling.defender_id, []).append(
            RulingLine(
                decision=_decision_text(ruling),
                proceeding=str(ruling.decision.proceeding),
                outcome=str(ruling.get_outcome_display()),
                sentence=sentence_text([p for p in parts if not p.requested], charge_labels=labels),
                requested=sentence_text([p for p in parts if p.requested], charge_labels=labels),
                charges=ruling_charges_text(ruling.charge_ids or [], charge_labels=labels),
            )
        )

    summaries = []
    for defender in defenders:
        detention = continuous_detention(spans.get(str(defender.pk), []), today)
        summaries.append(
            DefenderSummary(
                defender_id=defender.pk,
                name=defender.full_name,
                situation=str(defender.get_situation_display()),
                detention=detention_text(detention) if detention is not None else "",
                measures=measures.get(defender.pk, []),
                charges=charges_of.get(defender.pk, []),
                rulings=rulings.get(defender.pk, []),
            )
        )
    return summaries


# --- Restricted cases -----------------------------------------------------------------------
# A restricted case is seen only by the staff assigned to it and by administrators
# (superusers): colleagues must not even learn that it exists, so every reader of cases or of
# their records (the admin, the staff API, reminders) filters with the condition below, in
# the same query as the rows themselves, and answers 404 rather than 403.


def case_visibility_condition(user, *, through: str = "", optional: bool = False) -> Q:
    """Return the condition on cases that `user` may see: all for an administrator; else the
    cases that are not restricted and the restricted ones they are assigned to.

    `through` applies it to records of a case: "case__" for a hearing, "appeal__case__" for a
    letter. `optional`: records with no case at all (a country subscription) are kept."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return Q()
    links = Case.assigned_staff.through.objects
    user_id = getattr(user, "pk", None)
    assigned = links.filter(user_id=user_id) if user_id is not None else links.none()
    condition = Q(**{f"{through}is_restricted": False}) | Q(
        **{f"{through}pk__in": assigned.values("case_id")}
    )
    if optional and through:
        condition |= Q(**{f"{through.removesuffix('__')}__isnull": True})
    return condition


def cases_visible_to(user) -> QuerySet[Case]:
    """Return the cases a member of staff may see (restricted ones only if assigned to them,
    or if they are an administrator)."""
    return Case.objects.filter(case_visibility_condition(user))


def case_visible_to(*, user, case_id) -> bool:
    """Return whether `user` may see the case `case_id`, or its history once it is deleted
    (a deleted case's last history row says whether it was restricted; who was assigned to
    it is not kept, so only administrators see a deleted restricted case's history)."""
    if case_visibility_condition(user) == Q():
        return True  # an administrator
    if cases_visible_to(user).filter(pk=case_id).exists():
        return True
    if Case.objects.filter(pk=case_id).exists():
        return False
    last = Case.history.filter(id=case_id).order_by("-history_date", "-history_id").first()
    return last is None or not last.is_restricted


# A defender is seen by whoever may see one of the cases that name them (Case.defenders). One
# who appears only on cases hidden from a member of staff does not exist for that person, as
# those cases do not: left out of lists and autocomplete, 404 on every page and endpoint, and
# every write refused (defenders.services). A defender on no case at all (just recorded, not
# yet linked) is seen by all staff: nothing of a restricted case is known through them yet,
# and whoever records a defender must find them again to link them to a case.


def defender_visibility_condition(user) -> Q:
    """Return the condition on defenders that `user` may see: all for an administrator; else
    those named by a case they may see (case_visibility_condition), and those on no case."""
    if case_visibility_condition(user) == Q():
        return Q()  # an administrator
    links = Case.defenders.through.objects
    on_a_visible_case = links.filter(
        case_visibility_condition(user, through="case__"), defender_id=OuterRef("pk")
    )
    on_any_case = links.filter(defender_id=OuterRef("pk"))
    return Q(Exists(on_a_visible_case)) | ~Q(Exists(on_any_case))


def defenders_visible_to(user) -> QuerySet[Defender]:
    """Return the defenders a member of staff may see (defender_visibility_condition)."""
    return Defender.objects.filter(defender_visibility_condition(user))


def defender_search(queryset: QuerySet[Defender], text: str) -> QuerySet[Defender]:
    """Return the defenders of `queryset` with `text` in their full name, their name in local
    script or one of their other names (spellings, transliterations, aliases)."""
    text = text.strip()
    if not text:
        return queryset
    named = OtherName.objects.filter(defender=OuterRef("pk"), name__icontains=text)
    return queryset.filter(
        Q(full_name__icontains=text) | Q(local_name__icontains=text) | Q(Exists(named))
    )


def defender_visible_to(*, user, defender_id) -> bool:
    """Return whether `user` may see the defender `defender_id` (no query for an
    administrator)."""
    if case_visibility_condition(user) == Q():
        return True
    return defenders_visible_to(user).filter(pk=defender_id).exists()


def defender_history_visible_to(*, user, defender_id) -> bool:
    """Return whether `user` may see the history of the defender `defender_id`, who may since
    have been deleted. A deleted defender's cases are no longer linked to them, but the cases'
    history remembers which cases ever named them: their history is shown only to those who
    may see every one of those cases (administrators always)."""
    if defender_visible_to(user=user, defender_id=defender_id):
        return True
    if Defender.objects.filter(pk=defender_id).exists():
        return False  # it exists, on cases hidden from this user
    links_history = Case.history.model._meta.apps.get_model("cases", "HistoricalCase_defenders")
    case_ids = set(
        links_history.objects.filter(defender_id=defender_id)
        .exclude(case_id=None)
        .values_list("case_id", flat=True)
    )
    return all(case_visible_to(user=user, case_id=case_id) for case_id in case_ids)


def cases_for_audience(*, audience: str, user) -> QuerySet[Case]:
    """Return the cases an API audience may read: partners the public ones (restriction
    concerns staff only), staff all they may see (cases_visible_to)."""
    if audience == PARTNER:
        return Case.objects.filter(public_case_condition())
    return cases_visible_to(user)


def source_appeal_condition(
    *, audience: str, user=None, through: str = "", same_case: bool = True
) -> Q:
    """Return the condition on appeals that a reader may see named as the source of a fact
    (stated_in, changed_in; `through`: the path to the appeal, e.g. "stated_in__").

    Partners see the appeals the case documents list for them, the issued ones, so that a
    partner never learns the reference of an appeal not issued. A record of the case read
    names an appeal of that case (`same_case`), which the reader sees already; a defender's
    record may name an appeal of another of their cases: then that case must be one the
    reader may see too (public for partners; for staff, not restricted from `user`, all
    when None)."""
    condition = Q(**{f"{through}isnull": False}) if through else Q()
    if audience == PARTNER:
        condition &= Q(**{f"{through}issued_at__isnull": False})
        if not same_case:
            condition &= public_case_condition(through=f"{through}case__")
    elif not same_case and user is not None:
        condition &= case_visibility_condition(user, through=f"{through}case__")
    return condition


def source_appeal_visible(
    appeal: Appeal | None, *, audience: str, user=None, same_case: bool = True
) -> bool:
    """Return whether a reader may see `appeal` named as the source of a fact: the rule of
    source_appeal_condition, for one appeal loaded with its case (a query only for a
    restricted case read by staff)."""
    if appeal is None:
        return False
    if audience == PARTNER:
        return appeal.is_issued and (
            same_case
            or case_is_public(status=appeal.case.status, published_at=appeal.case.published_at)
        )
    if same_case or user is None or not appeal.case.is_restricted:
        return True
    return case_visible_to(user=user, case_id=appeal.case_id)


def case_changed_field(*, audience: str) -> str:
    """Return the field that says when a case last changed for `audience`: `shared_at` for
    partners (what they read changed), `updated_at` for staff (anything changed)."""
    return changed_field(Case, audience=audience)


def case_tombstones_since(*, since: dt.datetime | None, audience: str) -> QuerySet:
    """Return the ids of cases that left what the audience may see after `since` and are still
    out of its sight, with when and why, oldest first."""
    # Not cases_for_audience: for staff a tombstone means deleted, whatever the restriction
    # (the tombstone of a restricted case that is still there would tell that it exists).
    seen = (
        Case.objects.filter(public_case_condition()) if audience == PARTNER else Case.objects.all()
    )
    tombstones = CaseTombstone.objects.exclude(case_id__in=seen.values("pk"))
    if since is not None:
        tombstones = tombstones.filter(left_at__gt=since)
    return tombstones.order_by("left_at", "id").values("case_id", "reason", "left_at")


TOMBSTONE_UNPUBLISHED = CaseTombstone.Reason.UNPUBLISHED.value
TOMBSTONE_DELETED = CaseTombstone.Reason.DELETED.value


def _tombstones_sorted(found: dict, key: str) -> list[dict]:
    """Return {id: (left_at, reason)} as tombstone rows, oldest first."""
    rows = [{key: pk, "reason": reason, "left_at": at} for pk, (at, reason) in found.items()]
    return sorted(rows, key=lambda row: (row["left_at"], str(row[key])))


def _tombstone_keep(found: dict, pk, at: dt.datetime, reason: str) -> None:
    """Keep the latest departure of each record (a deletion wins a tie)."""
    current = found.get(pk)
    if current is None or (at, reason == TOMBSTONE_DELETED) > (
        current[0],
        current[1] == TOMBSTONE_DELETED,
    ):
        found[pk] = (at, reason)


def _cases_that_left(since: dt.datetime | None) -> dict:
    """Return {case id: (left_at, reason)} of cases partners no longer see, that left after
    `since` (their latest departure)."""
    left: dict = {}
    rows = CaseTombstone.objects.exclude(
        case_id__in=Case.objects.filter(public_case_condition()).values("pk")
    )
    if since is not None:
        rows = rows.filter(left_at__gt=since)
    for case_id, reason, at in rows.values_list("case_id", "reason", "left_at"):
        _tombstone_keep(left, case_id, at, reason)
    return left


def case_record_tombstones_since(
    *, model, visible: QuerySet, since: dt.datetime | None, audience: str
) -> list[dict]:
    """Return the records of a case (hearings, appeals: `model`) that left what the reader
    may see (`visible`) after `since`, with when and why, oldest first: those deleted, and
    for partners those of cases taken back from publication or deleted (the case's
    tombstone's time and reason).

    Read from the records' history, so that nothing but the case's tombstone has to be
    written when a record leaves. A partner is told only of records of cases that were
    public (public now, or with a tombstone), never of a draft's; a tombstone may name a
    record the reader never had: dropping it is harmless."""
    key = f"{model._meta.model_name}_id"
    found: dict = {}
    deleted = model.history.filter(history_type="-").exclude(id__in=visible.values("pk"))
    if since is not None:
        deleted = deleted.filter(history_date__gt=since)
    if audience == PARTNER:
        was_public = Q(case_id__in=Case.objects.filter(public_case_condition()).values("pk")) | Q(
            case_id__in=CaseTombstone.objects.values("case_id")
        )
        deleted = deleted.filter(was_public)
    for pk, at in deleted.values_list("id", "history_date"):
        _tombstone_keep(found, pk, at, TOMBSTONE_DELETED)
    if audience == PARTNER:
        left = _cases_that_left(since)
        records = model.objects.filter(case_id__in=list(left)).exclude(pk__in=visible.values("pk"))
        for pk, case_id in records.values_list("pk", "case_id"):
            at, _reason = left[case_id]
            _tombstone_keep(found, pk, at, TOMBSTONE_UNPUBLISHED)
    return _tombstones_sorted(found, key)


def defender_tombstones_since(
    *, visible: QuerySet, since: dt.datetime | None, audience: str
) -> list[dict]:
    """Return the defenders who left what the reader may see (`visible`) after `since`, with
    when and why, oldest first: those deleted, and for partners those no longer on any public
    case (a case taken back or deleted, or the defender taken off a public case: when the
    case's last version was saved).

    Read from the history of the defenders and of the cases' defenders. A defender taken off
    a public case is told again whenever that case changes later: a repeated tombstone for a
    record the mirror has already dropped is harmless, a missed one is not."""
    found: dict = {}
    deleted = Defender.history.filter(history_type="-").exclude(id__in=visible.values("pk"))
    if since is not None:
        deleted = deleted.filter(history_date__gt=since)
    deleted_ids = set()
    for pk, at in deleted.values_list("id", "history_date"):
        deleted_ids.add(pk)
        _tombstone_keep(found, pk, at, TOMBSTONE_DELETED)
    if audience != PARTNER:
        return _tombstones_sorted(found, "defender_id")
    case_times = _cases_that_left(since)
    changed_public = Case.history.filter(
        id__in=Case.objects.filter(public_case_condition()).values("pk")
    )
    if since is not None:
        changed_public = changed_public.filter(history_date__gt=since)
    for case_id, at in changed_public.values_list("id", "history_date"):
        if case_id not in case_times or at > case_times[case_id][0]:
            case_times[case_id] = (at, TOMBSTONE_UNPUBLISHED)
    # Which defenders each version of a case had (simple_history's m2m history): a deleted
    # case's too.
    versions = Case.history.model._meta.get_field("historicalcase_defenders").related_model
    links = (
        versions.objects.filter(case_id__in=list(case_times))
        .exclude(defender_id__in=visible.values("pk"))
        .values_list("case_id", "defender_id")
        .distinct()
    )
    for case_id, defender_id in links:
        at, _reason = case_times[case_id]
        reason = TOMBSTONE_DELETED if defender_id in deleted_ids else TOMBSTONE_UNPUBLISHED
        _tombstone_keep(found, defender_id, at, reason)
    return _tombstones_sorted(found, "defender_id")


# --- Search ----------------------------------------------------------------------------------


def appeal_reference_condition(text: str) -> Q:
    """Return the filter of the appeals whose reference or index number is `text`, in any
    archived spelling (cases.references.reference_key): the organisation's codes, minted or
    archival (`RUS 001 /0118 / OBS 004.03`), and other issuers' (`UA 182/14`,
    `ASA 19/1234/2020`)."""
    key = reference_key(text)
    if not key:
        return Q(pk__in=[])
    return Q(reference_key=key) | Q(index_key=key)


def case_reference_condition(text: str, *, audience: str) -> Q:
    """Return the filter of the cases that `text` is a reference of, in any archived
    spelling: the case's own, one of its appeals' (issued ones only, but for staff), or an
    external reference recorded on it."""
    key = reference_key(text)
    if not key:
        return Q(pk__in=[])
    appeals = Appeal.objects.filter(appeal_reference_condition(text))
    if audience != STAFF:
        appeals = appeals.filter(issued_at__isnull=False)
    return (
        Q(reference_key=key)
        | Q(pk__in=appeals.values("case_id"))
        | Q(pk__in=ExternalReference.objects.filter(reference_key=key).values("case_id"))
    )


SEARCHED_FIELDS = (
    "title",
    "summary",
    "background",
    "defenders__full_name",
    "defenders__local_name",
    "defenders__other_names__name",
    "appeals__texts__title",
)


def _searched_expressions(audience: str) -> list:
    """Return what search reads for `audience`. Staff search every field they may see; the
    public and partners only what they can read: the case's and its defenders' outward fields
    (none of SEARCHED_FIELDS is confidential) and the titles of *issued* appeals. A draft's
    title is nobody's business outside: matching it would tell, one result or none, what an
    unissued appeal says."""
    if audience == STAFF:
        return list(SEARCHED_FIELDS)
    issued_title = Choose(
        When(appeals__issued_at__isnull=False, then=F("appeals__texts__title")),
        default=Value(""),
    )
    return [*SEARCHED_FIELDS[:-1], issued_title]


def case_search(queryset, text: str, *, audience: str):
    """Cases whose names, titles or text match `text`: PostgreSQL full-text search (the
    'simple' configuration, since cases are written in several languages), over what
    `audience` may read (appeals_site.audience; the public site searches as PARTNER); or
    cases that `text` is a reference of, in any spelling (case_reference_condition)."""
    text = text.strip()
    if not text:
        return queryset
    document = SearchVector(*_searched_expressions(audience), config="simple")
    matching = (
        Case.objects.annotate(document=document)
        .filter(document=SearchQuery(text, search_type="websearch", config="simple"))
        .values("pk")
    )
    return queryset.filter(Q(pk__in=matching) | case_reference_condition(text, audience=audience))


# --- The case as a given appeal described it --------------------------------------------------


def appeals_in_order(appeals) -> list[Appeal]:
    """Return `appeals` in the order their facts came out: by issue date, then follow-up
    number (drafts, which have neither, last), then when they were recorded."""
    return sorted(
        appeals,
        key=lambda a: (
            a.issue_date is None,
            a.issue_date or dt.date.min,
            a.sequence is None,
            a.sequence or 0,
            a.created_at,
        ),
    )


def _described_rows(model, allowed: set, **lookups) -> list:
    """Return the historical rows of `model`'s records (among `lookups`) as the appeals
    `allowed` (their ids) left them: for each record, its last row written from one of them
    (`changed_in`), unless that row is its deletion. A change or deletion that named no
    source keeps the record's last source: it is taken as a correction of what that source
    said. A record no allowed appeal stated is left out."""
    last: dict = {}
    for row in model.history.filter(**lookups).order_by("history_date", "history_id"):
        if row.changed_in_id in allowed:
            last[row.id] = row
    return [row for row in last.values() if row.history_type != "-"]


def _historical_defenders(model, rows: list) -> dict:
    """Return the defenders each historical row of `model` named, by the row's history id
    (the history of the many-to-many link, simple-history's m2m_fields)."""
    if not rows:
        return {}
    links = model.history.model._meta.get_field(
        f"historical{model._meta.model_name}_defenders"
    ).related_model
    named: dict = {row.history_id: [] for row in rows}
    for history_id, defender_id in links.objects.filter(history_id__in=list(named)).values_list(
        "history_id", "defender_id"
    ):
        named[history_id].append(defender_id)
    return {key: sorted(value, key=str) for key, value in named.items()}


def _described_record(
    record: Record, row, *, sources: dict, defenders: dict, children: dict
) -> dict:
    """Return a historical row as its record's document: the declared outward columns
    (cases/outward.py) but those counted at read time and the confidential ones (read on
    the case itself, where their reading is audited), its sources as {"id", "reference"},
    an authority by its id, the defenders it named, and its nested records."""
    document: dict = {}
    for out in record.outward:
        if out.confidential:
            continue
        if out.kind == SOURCE:
            appeal_id = getattr(row, out.column)
            document[out.name] = sources.get(appeal_id) if appeal_id else None
        elif out.is_column and out.document:
            document[out.name] = getattr(row, out.column)
        elif out.kind == INLINE:
            document[out.name] = getattr(row, f"{out.name}_id")  # a target's authority
        elif out.name == "defenders" and row.history_id in defenders:
            document["defenders"] = defenders[row.history_id]
        elif out.name in children:
            document[out.name] = children[out.name]
    for out in record.outward:
        if out.kind == UNCERTAIN_DATE and document.get(out.name):
            document[out.name] = UncertainDate.normalised(
                document[out.name],
                document[f"{out.name}_precision"],
                document[f"{out.name}_latest"],
            ).iso()
    return document


def case_as_described_in(appeal: Appeal) -> dict:
    """Return the case of `appeal` as that appeal described it: each record as the last write
    attributed to it or to an earlier appeal of the case (appeals_in_order) left it, built
    from the records' history, so that a record deleted or changed since still shows as
    described. The records' documents are those of the case documents (cases/outward.py)
    but what is counted at read time (days held) and the links history does not keep (a
    charge's replacements, a decision's charges, an event's unnamed people, a hearing's
    moves). Records with no recorded source, and records nested in one these appeals did
    not describe, are left out. A query per kind of record."""
    case = appeal.case
    ordered = appeals_in_order(case.appeals.all())
    earlier = ordered[: ordered.index(appeal) + 1]
    allowed = {a.pk for a in earlier}
    sources = {a.pk: {"id": a.pk, "reference": a.reference} for a in ordered}
    rows = {
        "proceedings": _described_rows(Proceeding, allowed, case_id=case.pk),
        "detention_periods": _described_rows(DetentionPeriod, allowed, case_id=case.pk),
        "hearings": _described_rows(Hearing, allowed, case_id=case.pk),
        "unnamed_groups": _described_rows(UnnamedGroup, allowed, case_id=case.pk),
        "events": _described_rows(Event, allowed, case_id=case.pk),
        "target_authorities": _described_rows(CaseAuthority, allowed, case_id=case.pk),
    }
    proceedings = [p.id for p in rows["proceedings"]]
    charges = _described_rows(Charge, allowed, proceeding_id__in=proceedings)
    decisions = _described_rows(Decision, allowed, proceeding_id__in=proceedings)
    rulings = _described_rows(Ruling, allowed, decision_id__in=[d.id for d in decisions])
    parts = _described_rows(SentencePart, allowed, ruling_id__in=[r.id for r in rulings])
    extensions = _described_rows(
        DetentionExtension, allowed, period_id__in=[p.id for p in rows["detention_periods"]]
    )
    defenders = {
        **_historical_defenders(Charge, charges),
        **_historical_defenders(Hearing, rows["hearings"]),
        **_historical_defenders(Event, rows["events"]),
    }

    def documents(record: Record, found: list, sort_key, nested=None) -> list[dict]:
        return [
            _described_record(
                record,
                row,
                sources=sources,
                defenders=defenders,
                children=nested(row) if nested else {},
            )
            for row in sorted(found, key=sort_key)
        ]

    def of(found: list, parent: str, row) -> list:
        return [child for child in found if getattr(child, parent) == row.id]

    def ruling_children(ruling) -> dict:
        mine = of(parts, "ruling_id", ruling)
        by_position = lambda p: (p.position, p.id)  # noqa: E731
        return {
            "sentence": documents(SENTENCE_PART, [p for p in mine if not p.requested], by_position),
            "requested_sentence": documents(
                SENTENCE_PART, [p for p in mine if p.requested], by_position
            ),
        }

    def decision_children(decision) -> dict:
        found = of(rulings, "decision_id", decision)
        return {"rulings": documents(RULING, found, lambda r: str(r.defender_id), ruling_children)}

    def proceeding_children(proceeding) -> dict:
        return {
            "charges": documents(
                CHARGE,
                of(charges, "proceeding_id", proceeding),
                lambda c: (c.date_brought or dt.date.min, c.created_at),
            ),
            "decisions": documents(
                DECISION,
                of(decisions, "proceeding_id", proceeding),
                lambda d: (d.date or dt.date.min, d.created_at),
                decision_children,
            ),
        }

    def period_children(period) -> dict:
        found = of(extensions, "period_id", period)
        return {"extensions": documents(DETENTION_EXTENSION, found, lambda e: e.ordered_on)}

    return {
        "case": case.pk,
        "appeal": sources[appeal.pk],
        "appeals": [sources[a.pk] for a in earlier],
        "proceedings": documents(
            PROCEEDING, rows["proceedings"], lambda p: p.created_at, proceeding_children
        ),
        "detention_periods": documents(
            DETENTION_PERIOD,
            rows["detention_periods"],
            lambda p: (p.start_date, str(p.id)),
            period_children,
        ),
        "hearings": documents(HEARING, rows["hearings"], lambda h: (h.starts_at, str(h.id))),
        "unnamed_groups": documents(
            UNNAMED_GROUP, rows["unnamed_groups"], lambda g: (g.position, str(g.id))
        ),
        "events": documents(EVENT, rows["events"], lambda e: (e.date, e.created_at)),
        "target_authorities": documents(
            CASE_AUTHORITY, rows["target_authorities"], lambda a: (a.position, a.id)
        ),
    }


# --- Letters in each language ------------------------------------------------------------

# The letter languages named in the reader's (staff's) language: "French", "Russian".
LANGUAGE_NAMES = {
    "en": _lazy("English"),
    "fr": _lazy("French"),
    "es": _lazy("Spanish"),
    "ru": _lazy("Russian"),
}


def _language_name(language: str) -> str:
    return str(LANGUAGE_NAMES[language])


def appeal_language_gaps(*, appeal: Appeal, languages: Sequence[str]) -> dict[str, list[str]]:
    """Return, for each of `languages`, what a letter of `appeal` would show in English for
    want of a version in that language, in the order the letter shows it ("Action 2 has no
    French text."; an empty list: the letter is wholly in that language). Staff read it on
    the appeal's page; letters.selectors offers letters by it. Constant queries."""
    texts = {t.language: t for t in AppealText.objects.filter(appeal=appeal)}
    original = next((t.language for t in texts.values() if t.is_original), None)
    actions: dict[int, dict[str, Action]] = {}
    for action in Action.objects.filter(appeal=appeal).select_related("clause"):
        actions.setdefault(action.position, {})[action.language] = action
    authorities = [
        link.authority
        for link in AppealAuthority.objects.filter(appeal=appeal)
        .select_related("authority")
        .order_by("position", "id")
    ]
    charges = list(
        # Those a letter lists, past convictions included.
        Charge.objects.filter(
            case_id=appeal.case_id, status__in=(*LETTER_CHARGE_STATUSES, Charge.Status.CONVICTED)
        )
        .prefetch_related("replaces")
        .order_by("date_brought", "created_at")
    )
    # The replaced charges the letter names ("in place of …").
    charges += [old for charge in list(charges) for old in charge.replaces.all()]
    labels = [
        link.violationlabel
        for link in AppealViolation.objects.filter(appeal=appeal)
        .select_related("violationlabel")
        .order_by("position", "id")
    ]
    gaps: dict[str, list[str]] = {}
    for language in languages:
        name = _language_name(language)
        missing = []
        if language not in texts:
            missing.append(_("The appeal has no text in %(language)s.") % {"language": name})
        for authority in authorities:
            if authority.post and not authority.post_in(language):
                missing.append(
                    _("The post of %(authority)s has no %(language)s version.")
                    % {"authority": authority, "language": name}
                )
            if authority.salutation and not authority.salutation_in(language):
                missing.append(
                    _("The salutation of %(authority)s has no %(language)s version.")
                    % {"authority": authority, "language": name}
                )
        for charge in dict.fromkeys(charges):
            words = {"charge": charge_text(charge), "language": name}
            if charge.offence and not charge.offence_in(language):
                missing.append(
                    _("The offence of the charge %(charge)s has no %(language)s version.") % words
                )
            if charge.instrument and not charge.instrument_in(language):
                missing.append(
                    _("The legal instrument of the charge %(charge)s has no %(language)s version.")
                    % words
                )
            if charge.maximum_penalty and not charge.maximum_penalty_in(language):
                missing.append(
                    _("The maximum penalty of the charge %(charge)s has no %(language)s version.")
                    % words
                )
        for label in labels:
            if not label.name_in(language):
                missing.append(
                    _("The violation label %(label)s has no %(language)s version.")
                    % {"label": label.name, "language": name}
                )
        for number, position in enumerate(sorted(actions), start=1):
            versions = actions[position]
            if language in versions:
                continue
            fallback = versions.get(original) if original else None
            if fallback is None:
                continue  # Only in a third language: no letter shows it.
            if fallback.clause is None or not fallback.clause.text_in(language):
                missing.append(
                    _("Action %(number)s has no %(language)s version.")
                    % {"number": number, "language": name}
                )
        gaps[language] = missing
    return gaps

"""Writes to cases and their records. The admin, the API, management commands and tasks all
go through these functions, so each rule lives in one place.

Every function is keyword-only, runs in one transaction, validates with full_clean() (and the
database's own constraints), and records `acting_user` in the history when a person acts.
"""

import datetime as dt
import zoneinfo
from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.detention import Term, term_runs_out_on
from cases.models import (
    Action,
    ActionClause,
    Appeal,
    AppealAuthority,
    AppealText,
    Case,
    CaseTombstone,
    Charge,
    DetentionPeriod,
    Hearing,
    HearingMove,
    ReferenceCounter,
)
from cases.references import (
    ReferenceParts,
    followup_reference_format,
    reference_format,
    reference_key,
)

ActingUser = User | AnonymousUser | None


def _person(acting_user: ActingUser) -> User | None:
    """Return the acting user when a signed-in person acts, else None."""
    return acting_user if isinstance(acting_user, User) else None


def _with_history_user(instance, acting_user: ActingUser):
    person = _person(acting_user)
    if person is not None:
        instance._history_user = person
    return instance


def case_local_today(*, case: Case, now: dt.datetime | None = None) -> dt.date:
    """Return today's date in the case's own time zone."""
    now = now or timezone.now()
    return now.astimezone(zoneinfo.ZoneInfo(case.time_zone)).date()


def case_touch(*, case_id) -> None:
    """Mark the case as changed (partners sync on its update time) when one of its records
    changes."""
    Case.objects.filter(pk=case_id).update(updated_at=timezone.now())


# --- Status ---------------------------------------------------------------------------------


def case_status_change_check(*, user: ActingUser, case: Case, status: str) -> None:
    """Raise PermissionDenied unless `user` may move the case to `status`: publishing, and
    taking a published case back, is for reviewers (permission cases.publish_case)."""
    previous = None
    if case.pk and not case._state.adding:
        previous = Case.objects.filter(pk=case.pk).values_list("status", flat=True).first()
    touches_publication = Case.Status.PUBLISHED in {status, previous} and status != previous
    if touches_publication and not (user and user.has_perm("cases.publish_case")):
        raise PermissionDenied(_("Only reviewers may publish a case or take it back."))


def case_is_public(*, status: str, published_at: dt.datetime | None) -> bool:
    """Return whether a case with this status is shown to partners and campaigners: published,
    or closed after having been published."""
    return status == Case.Status.PUBLISHED or (
        status == Case.Status.CLOSED and published_at is not None
    )


@transaction.atomic
def case_set_status(*, case: Case, status: str, acting_user: ActingUser) -> Case:
    """Move the case to `status`, and return it. A case that leaves publication leaves a
    tombstone, so that partners' mirrors drop it."""
    if status not in Case.Status.values:
        raise ValidationError({"status": _("Unknown status %(status)s.") % {"status": status}})
    case_status_change_check(user=acting_user, case=case, status=status)
    stored = None if case._state.adding else Case.objects.filter(pk=case.pk).first()
    was_public = stored is not None and case_is_public(
        status=stored.status, published_at=stored.published_at
    )
    case.status = status
    if status == Case.Status.PUBLISHED and case.published_at is None:
        case.published_at = timezone.now()
    case.full_clean()
    _with_history_user(case, acting_user).save()
    if was_public and not case_is_public(status=case.status, published_at=case.published_at):
        CaseTombstone.objects.create(
            case_id=case.pk, reason=CaseTombstone.Reason.UNPUBLISHED, left_at=case.updated_at
        )
    return case


@transaction.atomic
def case_delete(*, case: Case, acting_user: ActingUser) -> None:
    """Delete the case and everything that is only its own; leave a tombstone if partners could
    see it. Defenders and authorities, shared with other cases, stay."""
    if case_is_public(status=case.status, published_at=case.published_at):
        CaseTombstone.objects.create(
            case_id=case.pk, reason=CaseTombstone.Reason.DELETED, left_at=timezone.now()
        )
    _with_history_user(case, acting_user).delete()


# --- Appeals and their references -----------------------------------------------------------


def _counter_next(scope: str) -> int:
    """Return the next number in `scope`, holding the counter's row lock until commit."""
    # ON CONFLICT DO NOTHING: a concurrent first use of the scope waits for the other insert
    # and then finds the row, instead of failing on the unique constraint.
    ReferenceCounter.objects.bulk_create(
        [ReferenceCounter(scope=scope, value=0)], ignore_conflicts=True
    )
    counter = ReferenceCounter.objects.select_for_update().get(scope=scope)
    counter.value += 1
    counter.save(update_fields=["value"])
    return counter.value


@transaction.atomic
def appeal_create(
    *,
    case: Case,
    acting_user: ActingUser,
    intervention_type: str | None = None,
    language: str = "en",
    title: str | None = None,
) -> Appeal:
    """Create a draft appeal on the case, prefilled from it: the case's violations, its target
    authorities in order, and an original text with its title, summary and background. The
    first appeal is an Urgent Appeal, later ones "New information"."""
    has_issued = case.appeals.filter(reference__isnull=False).exists()
    if intervention_type is None:
        intervention_type = (
            Appeal.InterventionType.NEW_INFORMATION
            if has_issued
            else Appeal.InterventionType.URGENT_APPEAL
        )
    appeal = Appeal(case=case, intervention_type=intervention_type)
    appeal.full_clean()
    _with_history_user(appeal, acting_user).save()
    appeal.violations.set(case.violations.all())
    AppealAuthority.objects.bulk_create(
        AppealAuthority(appeal=appeal, authority_id=link.authority_id, position=link.position)
        for link in case.case_authorities.all()
    )
    text = AppealText(
        appeal=appeal,
        language=language,
        is_original=True,
        title=title or case.title,
        description=case.summary,
        background=case.background,
    )
    text.full_clean()
    text.save()
    return appeal


def appeal_issue_check(*, appeal: Appeal) -> None:
    """Raise ValidationError naming what stops the appeal from being issued."""
    errors: dict[str, list[str]] = {}
    if appeal.reference is not None:
        errors.setdefault("reference", []).append(
            _("This appeal was already issued as %(reference)s.") % {"reference": appeal.reference}
        )
    original = appeal.texts.filter(is_original=True).first()
    if original is None:
        errors.setdefault("texts", []).append(_("Give the appeal's text in its original language."))
    elif not appeal.actions.filter(language=original.language).exists():
        errors.setdefault("actions", []).append(
            _("Give at least one action in the original language.")
        )
    if not appeal.case.country:
        errors.setdefault("case", []).append(_("The case has no country."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def appeal_issue(
    *, appeal: Appeal, acting_user: ActingUser, issue_date: dt.date | None = None
) -> Appeal:
    """Issue the appeal: assign its reference code and number, and return it.

    The original appeal on a case takes the case's number in its country and the organisation's
    next intervention number of the year; follow-ups take the case's reference with `.1`, `.2` …
    Rows are locked in one order (case, then counters) so that concurrent issues queue up
    instead of deadlocking, and two appeals never get one code; the unique constraints on the
    reference are the last guard.
    """
    from django.conf import settings

    case = Case.objects.select_for_update().get(pk=appeal.case_id)
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    appeal_issue_check(appeal=appeal)
    issue_date = issue_date or appeal.issue_date or case_local_today(case=case)

    if case.reference is None:
        if case.case_number is None:
            case.case_number = _counter_next(f"case:{case.country.alpha3}")
        intervention_number = _counter_next(
            f"intervention:{settings.ORGANISATION_CODE}:{issue_date.year}"
        )
        reference = reference_format(
            ReferenceParts(
                country_alpha3=case.country.alpha3,
                case_number=case.case_number,
                first_issue_date=issue_date,
                organisation=settings.ORGANISATION_CODE,
                intervention_number=intervention_number,
            )
        )
        case.reference = reference
        case.reference_key = reference_key(reference)
        _with_history_user(case, acting_user).save(
            update_fields=["case_number", "reference", "reference_key", "updated_at"]
        )
        sequence = 0
    else:
        last = case.appeals.aggregate(last=Max("sequence"))["last"]
        sequence = 0 if last is None else last + 1
        reference = followup_reference_format(case.reference, sequence)

    appeal.sequence = sequence
    appeal.reference = reference
    appeal.reference_key = reference_key(reference)
    appeal.issue_date = issue_date
    appeal.issued_at = timezone.now()
    appeal.issued_by = _person(acting_user)
    appeal.full_clean()
    _with_history_user(appeal, acting_user).save()
    return appeal


def action_text_from_clause(*, clause: ActionClause, language: str, case: Case) -> str:
    """Return the clause's text in `language` (English when it has no such version), with
    {defenders} and {country} filled in from the case."""
    text = clause.text_in(language) or clause.text_en
    names = [d.full_name for d in case.defenders.all()]
    if len(names) > 1:
        defenders = ", ".join(names[:-1]) + " & " + names[-1]
    else:
        defenders = names[0] if names else ""
    return text.replace("{defenders}", defenders).replace("{country}", case.country.name)


def action_fill_from_clause(*, action: Action) -> Action:
    """Copy the picked clause's text into the action when it has none of its own."""
    if action.clause is not None and not action.text.strip():
        action.text = action_text_from_clause(
            clause=action.clause, language=action.language, case=action.appeal.case
        )
    return action


# --- Charges --------------------------------------------------------------------------------


@transaction.atomic
def charge_replace(*, charge: Charge, acting_user: ActingUser, **new_charge: object) -> Charge:
    """Record that prosecutors replaced `charge` by a new one; return the new charge."""
    charge = Charge.objects.select_for_update().get(pk=charge.pk)
    if charge.status == Charge.Status.REPLACED:
        raise ValidationError({"status": _("This charge was already replaced.")})
    replacement = Charge(case_id=charge.case_id, defender_id=charge.defender_id, **new_charge)
    replacement.full_clean()
    _with_history_user(replacement, acting_user).save()
    charge.status = Charge.Status.REPLACED
    charge.replaced_by = replacement
    charge.full_clean()
    _with_history_user(charge, acting_user).save()
    case_touch(case_id=charge.case_id)
    return replacement


# --- Detention periods ----------------------------------------------------------------------


def detention_term_ends_on(
    *, period: DetentionPeriod, extensions: Iterable | None = None
) -> dt.date | None:
    """Return when the period's term runs out, counting its extensions in order."""
    if extensions is None:
        extensions = [] if period._state.adding else period.extensions.all()
    ordered = Term(days=period.term_days, months=period.term_months)
    return term_runs_out_on(
        period.start_date,
        ordered,
        [
            Term(days=e.term_days, months=e.term_months)
            for e in sorted(extensions, key=lambda e: e.ordered_on)
        ],
    )


def detention_period_refresh_term(*, period: DetentionPeriod) -> DetentionPeriod:
    """Store the date the term runs out, after the period or its extensions changed."""
    period.term_ends_on = detention_term_ends_on(period=period)
    DetentionPeriod.objects.filter(pk=period.pk).update(term_ends_on=period.term_ends_on)
    return period


# --- Hearings -------------------------------------------------------------------------------


def hearing_starts_at(
    *, local_date: dt.date, local_time: dt.time | None, time_zone: str
) -> dt.datetime:
    """Return the UTC instant of a local date and time in the court's time zone.

    A time that does not exist there (skipped when clocks go forward) is an error; a time that
    happens twice (when clocks go back) is taken as its first occurrence.
    """
    try:
        zone = zoneinfo.ZoneInfo(time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(
            {"time_zone": _("%(value)s is not an IANA time zone name.") % {"value": time_zone}}
        ) from exc
    local = dt.datetime.combine(local_date, local_time or dt.time(0, 0), tzinfo=zone)
    instant = local.astimezone(dt.UTC)
    if instant.astimezone(zone).replace(tzinfo=None) != local.replace(tzinfo=None):
        raise ValidationError(
            {
                "local_time": _(
                    "%(time)s does not exist on %(date)s in %(zone)s: the clocks move forward."
                )
                % {"time": local_time, "date": local_date, "zone": time_zone}
            }
        )
    return instant


@transaction.atomic
def hearing_save(*, hearing: Hearing, acting_user: ActingUser, move_reason: str = "") -> Hearing:
    """Create or update a hearing; when an existing hearing's date, time or time zone change,
    keep the move in its history (from, to, why)."""
    hearing.starts_at = hearing_starts_at(
        local_date=hearing.local_date, local_time=hearing.local_time, time_zone=hearing.time_zone
    )
    previous = None
    if not hearing._state.adding:
        previous = Hearing.objects.select_for_update().filter(pk=hearing.pk).first()
    hearing.full_clean()
    _with_history_user(hearing, acting_user).save()
    if previous is not None and (
        (previous.local_date, previous.local_time, previous.time_zone)
        != (hearing.local_date, hearing.local_time, hearing.time_zone)
    ):
        HearingMove.objects.create(
            hearing=hearing,
            from_date=previous.local_date,
            from_time=previous.local_time,
            from_time_zone=previous.time_zone,
            to_date=hearing.local_date,
            to_time=hearing.local_time,
            to_time_zone=hearing.time_zone,
            reason=move_reason,
            moved_by=_person(acting_user),
        )
    case_touch(case_id=hearing.case_id)
    return hearing

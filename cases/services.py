"""Writes to cases and their records. The admin, the API, management commands and tasks all
go through these functions, so each rule lives in one place.

Every function is keyword-only, runs in one transaction, validates with full_clean() (and the
database's own constraints), and records `acting_user` in the history when a person acts.
"""

import datetime as dt
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from appeals_site.audit import services as audit
from appeals_site.edits import (
    RecordEdit,
    RecordEdits,
    error_at,
    full_clean_at,
    history_after_links,
    links_differ,
    related_ids_refresh,
    source_stamp,
    sources_name,
    stored_row,
    unchanged,
)
from appeals_site.outward import partner_view, record_of
from authorities.models import Authority
from cases.dates import (
    UncertainDate,
    hearing_starts_at,
    local_today,
    uncertain_date,
    uncertain_date_set,
)
from cases.models import (
    MEASURE_DATES,
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
    Footnote,
    Hearing,
    HearingMove,
    Issuer,
    Proceeding,
    ReferenceCounter,
    Ruling,
    SentencePart,
    UnnamedGroup,
    ViolationLabel,
    case_is_public,
    charge_text,
)
from cases.references import (
    ReferenceParts,
    case_public_slug,
    followup_reference_format,
    reference_format,
    reference_key,
    reference_numbers,
    reference_split,
)
from cases.selectors import defenders_visible_to
from cases.signals import (
    appeal_issued_on_public_case,
    case_publicity_changed,
    case_published,
    case_records_changed,
    cases_touched,
    hearing_changed,
)
from defenders.models import Affiliation, Defender, OtherName

ActingUser = User | AnonymousUser | None


def _person(acting_user: ActingUser) -> User | None:
    """Return the acting user when a signed-in person acts, else None."""
    return acting_user if isinstance(acting_user, User) else None


def _with_history_user(instance, acting_user: ActingUser):
    person = _person(acting_user)
    if person is not None:
        instance._history_user = person
    return instance


def case_touch(*, case_id, shared: bool = True) -> None:
    """Mark the case as changed when one of its records changes: for staff always, and for
    partners (who sync on `shared_at`) when `shared`, i.e. when what they read changed."""
    now = timezone.now()
    fields = {"updated_at": now, "shared_at": now} if shared else {"updated_at": now}
    Case.objects.filter(pk=case_id).update(**fields)
    cases_touched.send(sender=Case, case_ids=[case_id])


def _case_followup(
    *, case_id, acting_user: ActingUser, changes: Iterable[str] = (), replan: bool = True
) -> None:
    """What follows a change to a case, in the reminders app: its followers hear what a
    colleague changed (`changes`, one line each), and its reminders are planned again. The
    one place in this module that sets that work off."""
    case_records_changed.send(
        sender=Case, case_id=case_id, acting_user=acting_user, changes=changes, replan=replan
    )


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


@transaction.atomic
def case_set_status(*, case: Case, status: str, acting_user: ActingUser) -> Case:
    """Move the case to `status`, and return it. A case that leaves publication leaves a
    tombstone, so that partners' mirrors drop it."""
    case, visibility_changed = _case_status_apply(case=case, status=status, acting_user=acting_user)
    if visibility_changed:
        # Partners are reminded of public cases only (reminders.apps).
        case_publicity_changed.send(sender=Case, case_id=case.pk)
    return case


def _case_status_apply(*, case: Case, status: str, acting_user: ActingUser) -> tuple[Case, bool]:
    """Save the case (its fields as set) in `status`; return it, and whether it became public
    or stopped being public (its reminders must then be planned again)."""
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
    # Days detained stop at the closing day for measures whose end nobody recorded.
    if status != Case.Status.CLOSED:
        case.closed_on = None
    elif stored is None or stored.status != Case.Status.CLOSED:
        case.closed_on = local_today(case.time_zone)
    case.full_clean()
    _with_history_user(case, acting_user).save()
    is_public = case_is_public(status=case.status, published_at=case.published_at)
    if was_public and not is_public:
        CaseTombstone.objects.create(
            case_id=case.pk, reason=CaseTombstone.Reason.UNPUBLISHED, left_at=case.updated_at
        )
    if status == Case.Status.PUBLISHED and not was_public:
        # Letters make the standard letters of the case's latest appeal ahead (letters.apps).
        case_published.send(sender=Case, case_id=case.pk)
    previous = stored.status if stored is not None else None
    if previous != status and Case.Status.PUBLISHED in {previous, status}:
        # Publishing, or taking back: the audit log keeps who did it (appeals_site.audit).
        audit.audit_record(
            action=audit.Action.PUBLICATION,
            actor=acting_user,
            target=case,
            detail={"from": previous, "to": status},
        )
    return case, stored is not None and was_public != is_public


@transaction.atomic
def case_delete(*, case: Case, acting_user: ActingUser) -> None:
    """Delete the case and everything that is only its own; leave a tombstone if partners could
    see it. Defenders and authorities, shared with other cases, stay: what their other names
    and affiliations say stays too, no longer attributed to the case's appeals, which go
    (their history keeps which appeal it was)."""
    if case_is_public(status=case.status, published_at=case.published_at):
        CaseTombstone.objects.create(
            case_id=case.pk, reason=CaseTombstone.Reason.DELETED, left_at=timezone.now()
        )
    appeals = case.appeals.all()
    for model in (OtherName, Affiliation):
        model.objects.filter(stated_in__in=appeals).update(stated_in=None)
        model.objects.filter(changed_in__in=appeals).update(changed_in=None)
    _with_history_user(case, acting_user).delete()


# --- Appeals and their references -----------------------------------------------------------


def _counter_next(scope: str) -> int:
    """Return the next number in `scope`, holding the counter's row lock until commit."""
    counter = _counter_locked(scope)
    counter.value += 1
    counter.save(update_fields=["value"])
    return counter.value


def _counter_locked(scope: str) -> ReferenceCounter:
    # ON CONFLICT DO NOTHING: a concurrent first use of the scope waits for the other insert
    # and then finds the row, instead of failing on the unique constraint.
    ReferenceCounter.objects.bulk_create(
        [ReferenceCounter(scope=scope, value=0)], ignore_conflicts=True
    )
    return ReferenceCounter.objects.select_for_update().get(scope=scope)


def _counter_keep_at_least(scope: str, value: int) -> None:
    """Raise the counter of `scope` to `value` unless it is there already (never lower it)."""
    counter = _counter_locked(scope)
    if counter.value < value:
        counter.value = value
        counter.save(update_fields=["value"])


def _counters_keep_above(reference: str) -> None:
    """Keep the counters at least at the numbers an archival reference of the organisation
    uses (its case number in its country, its intervention number of its year), so that no
    code minted later repeats it. A reference in another format holds no number of ours."""
    numbers = reference_numbers(reference)
    if numbers is None or numbers.organisation != settings.ORGANISATION_CODE:
        return
    if numbers.country_alpha3:
        _counter_keep_at_least(f"case:{numbers.country_alpha3}", numbers.case_number)
    _counter_keep_at_least(
        f"intervention:{settings.ORGANISATION_CODE}:{numbers.year}", numbers.intervention_number
    )


def issuer_resolve(*, slug: str | None, path: str = "issuer") -> Issuer:
    """Return the issuer of `slug`, or the organisation itself for None; raise
    ValidationError naming `path` for an unknown slug."""
    if slug is None:
        return Issuer.objects.own()
    issuer = Issuer.objects.filter(slug=slug).first()
    if issuer is None:
        raise ValidationError({path: _("Unknown issuer: %(slug)s.") % {"slug": slug}})
    return issuer


@transaction.atomic
def appeal_create(
    *,
    case: Case,
    acting_user: ActingUser,
    intervention_type: str | None = None,
    language: str = "en",
    title: str | None = None,
    issuer: Issuer | None = None,
) -> Appeal:
    """Create a draft appeal on the case, prefilled from it: the case's violations, its target
    authorities in order, and an original text with its title, summary and background. The
    issuer is the organisation unless given. The organisation's first appeal is an Urgent
    Appeal, later ones "New information"; another issuer's, an Urgent Action, then "Further
    information"."""
    issuer = issuer or Issuer.objects.own()
    has_issued = case.appeals.filter(issuer=issuer, issued_at__isnull=False).exists()
    if intervention_type is None:
        types = Appeal.InterventionType
        if issuer.is_own:
            intervention_type = types.NEW_INFORMATION if has_issued else types.URGENT_APPEAL
        else:
            intervention_type = types.FURTHER_INFORMATION if has_issued else types.URGENT_ACTION
    appeal = Appeal(case=case, intervention_type=intervention_type, issuer=issuer)
    appeal.full_clean()
    _with_history_user(appeal, acting_user).save()
    AppealViolation.objects.bulk_create(
        AppealViolation(appeal=appeal, violationlabel=label, position=position)
        for position, label in enumerate(case.violations.order_by("name"))
    )
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
    """Raise ValidationError naming what stops the appeal from being issued. The
    organisation's own appeals need an action in their original language (campaigners act on
    them), but for a follow-up ("New information"), which may only inform; another issuer's
    is recorded as printed, with the actions it has (none for an information-only
    follow-up)."""
    errors: dict[str, list[str]] = {}
    if appeal.is_issued:
        errors.setdefault("reference", []).append(
            _("This appeal was already issued as %(reference)s.") % {"reference": appeal}
        )
    original = appeal.texts.filter(is_original=True).first()
    if original is None:
        errors.setdefault("texts", []).append(_("Give the appeal's text in its original language."))
    elif (
        appeal.issuer.is_own
        and appeal.intervention_type != Appeal.InterventionType.NEW_INFORMATION
        and not appeal.actions.filter(language=original.language).exists()
    ):
        errors.setdefault("actions", []).append(
            _("Give at least one action in the original language.")
        )
    if not appeal.case.country:
        errors.setdefault("case", []).append(_("The case has no country."))
    if errors:
        raise ValidationError(errors)


def _case_reference_adopt(*, case: Case, reference: str, acting_user: ActingUser) -> None:
    """Make `reference` (an original appeal's, as printed) the case's, unless the case has one
    (then it must be the same, in any spelling): an archival series numbers its case."""
    key = reference_key(reference)
    if case.reference is not None:
        if case.reference_key != key:
            raise ValidationError(
                {
                    "reference": _(
                        "The organisation's appeals on this case are numbered %(case)s; "
                        "%(reference)s is another series."
                    )
                    % {"case": case.reference, "reference": reference}
                }
            )
        return
    if Case.objects.filter(reference_key=key).exclude(pk=case.pk).exists():
        raise ValidationError(
            {
                "reference": _("Another case has the reference %(reference)s.")
                % {"reference": reference}
            }
        )
    numbers = reference_numbers(reference)
    if (
        case.case_number is None
        and numbers is not None
        and numbers.country_alpha3 == case.country.alpha3
        and not Case.objects.filter(country=case.country, case_number=numbers.case_number).exists()
    ):
        case.case_number = numbers.case_number
    case.reference = reference
    case.reference_key = key
    case.public_slug = case_public_slug(reference=reference)
    _with_history_user(case, acting_user).save(
        update_fields=["case_number", "reference", "reference_key", "public_slug", "updated_at"]
    )


def _own_reference_assign(*, case: Case, appeal: Appeal, issue_date, acting_user) -> None:
    """Give the organisation's appeal its reference and follow-up number.

    With neither given, they are minted: the original appeal on a case takes the case's number
    in its country and the organisation's next intervention number of the year; a follow-up
    takes the case's reference with the follow-up number after the highest on record. A
    reference given as printed (an archival appeal) is kept, its follow-up number read from it,
    and the counters kept above the numbers it uses. A follow-up number given alone is the
    case's reference with that number."""
    if appeal.reference is None and appeal.sequence is None:
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
            _case_reference_adopt(case=case, reference=reference, acting_user=acting_user)
            appeal.sequence, appeal.reference = 0, reference
            return
        last = (
            case.appeals.filter(issuer=appeal.issuer, reference_key__isnull=False)
            .exclude(pk=appeal.pk)
            .aggregate(last=Max("sequence"))["last"]
        )
        appeal.sequence = 0 if last is None else last + 1
    elif appeal.reference is None:
        if case.reference is None:
            raise ValidationError(
                {
                    "reference": _(
                        "The case has no reference yet: give the follow-up's reference as printed."
                    )
                }
            )
    else:
        base, printed = reference_split(appeal.reference)
        number = printed or 0
        if appeal.sequence is not None and appeal.sequence != number:
            raise ValidationError(
                {
                    "sequence": _("The reference %(reference)s is follow-up number %(n)s.")
                    % {"reference": appeal.reference, "n": number}
                }
            )
        appeal.sequence = number
        _case_reference_adopt(case=case, reference=base, acting_user=acting_user)
        _counters_keep_above(base)
        return
    appeal.reference = (
        followup_reference_format(case.reference, appeal.sequence)
        if appeal.sequence
        else case.reference
    )


def _issue_date_check(*, appeal: Appeal, issue_date: dt.date, confirmed: bool) -> None:
    """Raise ValidationError on `issue_date` when a follow-up would be dated before its
    original (or an original after one of its follow-ups), unless the date is `confirmed`:
    archives hold such dates, but far more often it is a typing error."""
    if confirmed or appeal.sequence is None:
        return
    series = Appeal.objects.filter(
        case_id=appeal.case_id, issuer_id=appeal.issuer_id, issued_at__isnull=False
    ).exclude(pk=appeal.pk)
    if appeal.sequence > 0:
        other = series.filter(sequence=0, issue_date__gt=issue_date).first()
    else:
        other = (
            series.filter(sequence__gt=0, issue_date__lt=issue_date).order_by("issue_date").first()
        )
    if other is None:
        return
    message = (
        _("This follow-up is dated %(date)s, before its original %(other)s of %(other_date)s.")
        if appeal.sequence > 0
        else _("This original is dated %(date)s, after its follow-up %(other)s of %(other_date)s.")
    )
    raise ValidationError(
        {
            "issue_date": ValidationError(
                message + " " + _("Correct the date, or confirm that it is right."),
                code="date_before_original",
                params={"date": issue_date, "other": other, "other_date": other.issue_date},
            )
        }
    )


@transaction.atomic
def appeal_issue(
    *,
    appeal: Appeal,
    acting_user: ActingUser,
    issue_date: dt.date | None = None,
    confirm_date_before_original: bool = False,
) -> Appeal:
    """Issue the appeal (or record it as issued, for an archival appeal or another issuer's):
    give it its reference, follow-up number and issue date, and return it.

    The organisation's own appeals are numbered by _own_reference_assign; another issuer's
    keep the reference and follow-up number staff gave, if any. Rows are locked in one order
    (case, then counters) so that concurrent issues queue up instead of deadlocking, and two
    appeals never get one code; the unique constraint on the reference per issuer is the last
    guard. A follow-up dated before its original needs `confirm_date_before_original`.
    """
    case = Case.objects.select_for_update().get(pk=appeal.case_id)
    appeal = Appeal.objects.select_for_update().select_related("issuer").get(pk=appeal.pk)
    appeal.case = case
    appeal_issue_check(appeal=appeal)
    issue_date = issue_date or appeal.issue_date or local_today(case.time_zone)

    appeal.full_clean(validate_constraints=False)  # the reference as printed, its normal form
    if appeal.issuer.is_own:
        _own_reference_assign(
            case=case, appeal=appeal, issue_date=issue_date, acting_user=acting_user
        )
    appeal.issue_date = issue_date
    appeal.issued_at = timezone.now()
    appeal.issued_by = _person(acting_user)
    appeal.full_clean(validate_constraints=False)
    _appeal_reference_unique_check(appeal)
    _issue_date_check(appeal=appeal, issue_date=issue_date, confirmed=confirm_date_before_original)
    _with_history_user(appeal, acting_user).save()
    # Case documents carry their issued appeals: a follow-up changes the case for partners'
    # sync and the public pages (the original already saved the case above).
    case_touch(case_id=case.pk)
    if appeal.issuer.is_own and case_is_public(status=case.status, published_at=case.published_at):
        # Letters make its standard letters ahead (letters.apps). case_appeal_issue comes
        # through here too. Another issuer's document is on the record, not campaigned on.
        appeal_issued_on_public_case.send(sender=Appeal, appeal_id=appeal.pk)
    return appeal


def _appeal_reference_unique_check(appeal: Appeal) -> None:
    """Raise ValidationError on `reference` when the issuer has an appeal with this reference,
    follow-up number and index number already (the constraint's rule, named on the field)."""
    if appeal.reference_key is None:
        return
    taken = (
        Appeal.objects.filter(
            issuer_id=appeal.issuer_id,
            reference_key=appeal.reference_key,
            sequence=appeal.sequence,
            index_key=appeal.index_key,
        )
        .exclude(pk=appeal.pk)
        .first()
    )
    if taken is not None:
        raise ValidationError(
            {
                "reference": _("%(issuer)s already has an appeal %(reference)s (on %(case)s).")
                % {"issuer": appeal.issuer.name, "reference": taken.reference, "case": taken.case}
            }
        )


def action_fill_from_clause(*, action: Action) -> Action:
    """Copy the picked clause's text into the action when it has none of its own."""
    action.fill_from_clause()
    return action


# --- Charges --------------------------------------------------------------------------------


@transaction.atomic
def charges_replace(
    *, charges: list[Charge], acting_user: ActingUser, replacements: list[dict]
) -> list[Charge]:
    """Record that prosecutors replaced `charges` (of one proceeding) by new ones (two by
    three, say); return the new charges. Each new charge is against the defenders of the
    charges it replaces unless `defenders` is given."""
    charges = list(Charge.objects.select_for_update().filter(pk__in=[c.pk for c in charges]))
    if len({c.proceeding_id for c in charges}) != 1:
        raise ValidationError({"replaced_by": _("Replace charges of one proceeding at a time.")})
    if any(c.status == Charge.Status.REPLACED for c in charges):
        raise ValidationError({"status": _("This charge was already replaced.")})
    proceeding = charges[0].proceeding
    defenders = {d for c in charges for d in c.defenders.all()}
    new_charges = []
    for fields in replacements:
        fields = dict(fields)
        named = fields.pop("defenders", None)
        replacement = Charge(proceeding=proceeding, case_id=proceeding.case_id, **fields)
        replacement.full_clean()
        _with_history_user(replacement, acting_user).save()
        replacement.defenders.set(named if named is not None else defenders)
        new_charges.append(replacement)
    for charge in charges:
        charge.status = Charge.Status.REPLACED
        charge.full_clean()
        _with_history_user(charge, acting_user).save()
        charge.replaced_by.set(new_charges)
    case_touch(case_id=proceeding.case_id)
    _case_followup(
        case_id=proceeding.case_id,
        acting_user=acting_user,
        changes=[
            _("Charge replaced: %(old)s, now %(new)s.")
            % {
                "old": "; ".join(charge_label(c) for c in charges),
                "new": "; ".join(charge_label(c) for c in new_charges),
            }
        ],
    )
    return new_charges


def charge_replace(*, charge: Charge, acting_user: ActingUser, **new_charge: object) -> Charge:
    """Record that prosecutors replaced `charge` by one new charge; return the new charge."""
    return charges_replace(charges=[charge], acting_user=acting_user, replacements=[new_charge])[0]


# --- Detention periods ----------------------------------------------------------------------


def detention_period_refresh_term(
    *, period: DetentionPeriod, replan: bool = True
) -> DetentionPeriod:
    """Store the date the term runs out, after the period or its extensions changed, and plan
    the case's reminders again (`replan=False`: the caller plans once for all its changes)."""
    try:
        period.term_ends_on = period.term_runs_out_on()
    except OverflowError as exc:
        raise ValidationError(
            _("With its extensions, this term would run past the year 9999.")
        ) from exc
    DetentionPeriod.objects.filter(pk=period.pk).update(term_ends_on=period.term_ends_on)
    if replan:
        _case_followup(case_id=period.case_id, acting_user=None)
    return period


# --- What a colleague changed (notices to those who follow the case) -----------------------


def charge_label(charge: Charge) -> str:
    """Return a charge in one line: "Criminal Code, art. 212.2 (Mass riots)"."""
    return charge_text(charge)


def release_label(period: DetentionPeriod) -> str:
    """Return "Released: <defender>, <kind> ended on <date>." (a period that has ended)."""
    end = uncertain_date(period, "actual_end")
    return _("Released: %(defender)s, %(kind)s ended on %(date)s.") % {
        "defender": period.defender.full_name,
        "kind": period.get_kind_display().lower(),
        "date": end.iso() if end else "",
    }


def case_records_state(*, case_id) -> dict:
    """Return what notices compare before and after a change: the case's charges, and its
    detention periods that have ended."""
    return {
        "charges": {c.pk: charge_label(c) for c in Charge.objects.filter(case_id=case_id)},
        "ended": {
            p.pk: release_label(p)
            for p in DetentionPeriod.objects.filter(
                case_id=case_id, actual_end__isnull=False
            ).select_related("defender")
        },
    }


def case_change_lines(*, before: dict, after: dict) -> list[str]:
    """Return one line per change worth telling followers: a new charge, a release.
    (Hearings tell their own changes, in hearing_save.)"""
    lines = [
        _("New charge: %(charge)s.") % {"charge": label}
        for pk, label in after["charges"].items()
        if pk not in before["charges"]
    ]
    lines += [label for pk, label in after["ended"].items() if pk not in before["ended"]]
    return lines


# --- Hearings -------------------------------------------------------------------------------


@transaction.atomic
def hearing_save(
    *,
    hearing: Hearing,
    acting_user: ActingUser,
    move_reason: str = "",
    replan: bool = True,
    source_appeal: Appeal | None = None,
) -> Hearing:
    """Create or update a hearing on its own; when an existing hearing's date, time or time
    zone change, keep the move in its history (from, to, why). Reminders follow (see
    _hearing_write); `replan=False` when the caller plans the case's reminders itself. A
    hearing edited with the rest of its case goes through case_save instead.
    `source_appeal`: the appeal of the case that states what is written (see case_save)."""
    source_appeal_check(case_id=hearing.case_id, appeal=source_appeal)
    _wrote, change = _hearing_write(
        hearing=hearing, acting_user=acting_user, move_reason=move_reason, source=source_appeal
    )
    case_touch(case_id=hearing.case_id)
    _case_followup(
        case_id=hearing.case_id, acting_user=acting_user, changes=[change], replan=replan
    )
    return hearing


def _hearing_label(local_date: dt.date, local_time: dt.time | None) -> str:
    return f"{local_date:%Y-%m-%d}" + (f" {local_time:%H:%M}" if local_time else "")


def _hearing_write(
    *,
    hearing: Hearing,
    acting_user: ActingUser,
    move_reason: str = "",
    source: Appeal | None = None,
    links_changed: bool = False,
) -> tuple[bool, str]:
    """Validate and save the hearing (unless it holds what is stored already, and its links
    stay as they are), keep its move, tell those already reminded of it that it moved or was
    cancelled; return whether it was saved, and the line its case's followers hear ("" for
    none). `source`: the appeal the write is attributed to (source_stamp)."""
    hearing.starts_at = hearing_starts_at(
        local_date=hearing.local_date, local_time=hearing.local_time, time_zone=hearing.time_zone
    )
    previous = None
    if not hearing._state.adding:
        previous = Hearing.objects.select_for_update().filter(pk=hearing.pk).first()
    related_ids_refresh(hearing)
    hearing.full_clean()
    if unchanged(hearing) and not (source is not None and links_changed):
        return False, ""
    source_stamp(hearing, source)
    _with_history_user(hearing, acting_user).save()
    if previous is None:
        label = f"{hearing.court_display}, {_hearing_label(hearing.local_date, hearing.local_time)}"
        return True, _("New hearing: %(hearing)s.") % {"hearing": label}
    if (previous.local_date, previous.local_time, previous.time_zone) != (
        hearing.local_date,
        hearing.local_time,
        hearing.time_zone,
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
    # Reminders follow the hearing: those already reminded hear that it moved or was
    # cancelled; pending reminders are planned again with the case's.
    if hearing.status != previous.status or hearing.starts_at != previous.starts_at:
        hearing_changed.send(sender=Hearing, hearing=hearing, previous_starts_at=previous.starts_at)
    label = f"{hearing.court_display}, {_hearing_label(hearing.local_date, hearing.local_time)}"
    if hearing.status != previous.status:
        return True, _("Hearing %(hearing)s: %(status)s.") % {
            "hearing": label,
            "status": hearing.get_status_display(),
        }
    if hearing.starts_at != previous.starts_at:
        return True, _("Hearing moved from %(old)s to %(new)s.") % {
            "old": _hearing_label(previous.local_date, previous.local_time),
            "new": label,
        }
    return True, ""


# --- A case with its records, in one save (the admin and the API) ---------------------------
#
# case_save takes what was edited: the case's own fields (set on the instance), its links,
# and its records added, changed and deleted (appeals_site.edits); it validates and saves
# them, then does what follows once. The admin builds that edit from its forms
# (cases.admin.case), the API from the request body (case_update below).
#
# Errors name the record by its path: in the API's request, "proceedings[0].charges[1].article",
# "detention_periods[0].extensions[2].term_days"; a record's own non-field error (a
# constraint over several fields) by the record's path alone; in the admin, the form's prefix.

CASE_OWN_FIELDS = (
    "country",
    "time_zone",
    "title",
    "summary",
    "background",
    "internal_notes",
    "disclosed_fields",
)
# Unnamed people before events, which name them.
CASE_RECORD_LISTS = (
    "proceedings",
    "detention_periods",
    "hearings",
    "unnamed_groups",
    "events",
    "external_references",
)
# What case_save takes in `links`: the case's many-to-many fields, each given whole.
CASE_LINKS = ("violations", "defenders", "assigned_staff")


def _record_write(edit: RecordEdit, acting_user: ActingUser) -> tuple[bool, str]:
    """Validate and save the record, unless it holds what is stored already (no empty history
    row); set its defenders if given. Return whether anything was written, and the line
    followers hear ("" for none)."""
    record = edit.record
    full_clean_at(edit.path, record)
    stored = stored_row(record)
    wrote = not unchanged(record, stored=stored)
    if not wrote and edit.source is not None and stored is not None:
        # A record whose links alone change is changed too: it is saved to name its source.
        wrote = links_differ(record, _edit_links(edit))
    links = _edit_links(edit)
    # A new record's links are part of its creation: one history row, "Created", holding
    # them, not "Created" and then "Changed" as each link is set (history_after_links).
    quiet = wrote and stored is None and any(links.values())
    if wrote:
        source_stamp(record, edit.source)
        if quiet:
            record.skip_history_when_saving = True
        _with_history_user(record, acting_user).save()
    # Partners read the record's outward fields, not its confidential or internal ones.
    edit.shared = wrote and (stored is None or partner_view(stored) != partner_view(record))
    for name, values in links.items():
        if _m2m_set(getattr(record, name), values):
            wrote = edit.shared = True
    if quiet:
        del record.skip_history_when_saving
        history_after_links(record)
    return wrote, ""


def _edit_links(edit: RecordEdit) -> dict[str, list]:
    """Return the many-to-many links the edit sets on its record, its defenders too."""
    links = dict(edit.links)
    if edit.defenders is not None:
        links["defenders"] = edit.defenders
    return links


def _m2m_set(manager, values: Iterable) -> bool:
    """Set a many-to-many relation to `values`; return whether it changed."""
    values = list(values)
    if {v.pk for v in values} == set(manager.values_list("pk", flat=True)):
        return False
    manager.set(values)
    return True


def _records_write(edits: RecordEdits, acting_user: ActingUser, write) -> tuple[bool, list[str]]:
    """Delete, then save, the records of one kind; return whether anything was written, and
    the lines followers hear."""
    for record in edits.deleted:
        # The history's row of the deletion names the source that no longer states it.
        source_stamp(record, edits.source)
        _with_history_user(record, acting_user).delete()
    wrote, lines = bool(edits.deleted), []
    for edit in edits.saved:
        record_wrote, line = write(edit, acting_user)
        wrote = wrote or record_wrote
        lines.append(line)
    return wrote, lines


def _detention_period_write(edit: RecordEdit, acting_user: ActingUser) -> tuple[bool, str]:
    wrote, _line = _record_write(edit, acting_user)
    if edit.extensions:
        extensions_wrote, _lines = _records_write(edit.extensions, acting_user, _record_write)
        wrote = wrote or extensions_wrote
        edit.shared = edit.shared or extensions_wrote
    if wrote:
        # The term counts the extensions, saved after the period. Reminders are planned once,
        # at the end of case_save.
        try:
            detention_period_refresh_term(period=edit.record, replan=False)
        except ValidationError as exc:
            raise error_at(edit.path, exc) from exc
    return wrote, ""


def _hearing_edit_write(edit: RecordEdit, acting_user: ActingUser) -> tuple[bool, str]:
    hearing = edit.record
    links_changed = edit.defenders is not None and links_differ(
        hearing, {"defenders": edit.defenders}
    )
    try:
        wrote, line = _hearing_write(
            hearing=hearing,
            acting_user=acting_user,
            move_reason=edit.move_reason,
            source=edit.source,
            links_changed=links_changed,
        )
    except ValidationError as exc:
        raise error_at(edit.path, exc) from exc
    if edit.defenders is not None:
        wrote = _m2m_set(hearing.defenders, edit.defenders) or wrote
    edit.shared = wrote
    return wrote, line


# --- Proceedings: their charges, and decisions with their rulings and sentence parts ------


def _children_write(edit: RecordEdit, kind: str, acting_user: ActingUser, write) -> bool:
    """Write the records of `kind` nested in `edit`'s record; return whether any was written."""
    edits = edit.children.get(kind)
    if not edits:
        return False
    wrote, _lines = _records_write(edits, acting_user, write)
    edit.shared = edit.shared or wrote
    return wrote


def _case_defender_ids(case_id) -> set:
    return set(
        Case.defenders.through.objects.filter(case_id=case_id).values_list("defender_id", flat=True)
    )


def _proceeding_write(edit: RecordEdit, acting_user: ActingUser) -> tuple[bool, str]:
    """Save a proceeding, then its charges (with their defenders and replacements), then its
    decisions (with the charges they rule on, their rulings and those's sentence parts)."""
    wrote, _line = _record_write(edit, acting_user)
    proceeding = edit.record
    case_defenders = _case_defender_ids(proceeding.case_id)

    def charge_write(charge_edit: RecordEdit, user: ActingUser) -> tuple[bool, str]:
        charge = charge_edit.record
        charge.proceeding = proceeding
        charge.case_id = proceeding.case_id
        _charge_links_check(charge_edit, proceeding=proceeding, case_defenders=case_defenders)
        return _record_write(charge_edit, user)

    def part_write(part_edit: RecordEdit, user: ActingUser) -> tuple[bool, str]:
        part = part_edit.record
        if part.charge_id is not None and part.charge.proceeding_id != proceeding.pk:
            raise ValidationError(
                {f"{part_edit.path}.charge": _("Not a charge of this proceeding.")}
            )
        return _record_write(part_edit, user)

    def ruling_write(ruling_edit: RecordEdit, user: ActingUser) -> tuple[bool, str]:
        if ruling_edit.record.defender_id not in case_defenders:
            raise ValidationError(
                {
                    f"{ruling_edit.path}.defender": _("Not a defender of this case: %(ids)s.")
                    % {"ids": ruling_edit.record.defender_id}
                }
            )
        _ruling_charges_check(ruling_edit, proceeding=proceeding)
        wrote, _line = _record_write(ruling_edit, user)
        wrote = _children_write(ruling_edit, "sentence_parts", user, part_write) or wrote
        return wrote, ""

    def decision_write(decision_edit: RecordEdit, user: ActingUser) -> tuple[bool, str]:
        strangers = [
            str(c.pk)
            for c in decision_edit.links.get("charges", [])
            if c.proceeding_id != proceeding.pk
        ]
        if strangers:
            raise ValidationError(
                {
                    f"{decision_edit.path}.charges": _("Not a charge of this proceeding: %(ids)s.")
                    % {"ids": ", ".join(strangers)}
                }
            )
        wrote, _line = _record_write(decision_edit, user)
        wrote = _children_write(decision_edit, "rulings", user, ruling_write) or wrote
        _decision_rulings_check(decision_edit)
        return wrote, ""

    wrote = _children_write(edit, "charges", acting_user, charge_write) or wrote
    wrote = _children_write(edit, "decisions", acting_user, decision_write) or wrote
    return wrote, ""


def _ruling_charges_check(edit: RecordEdit, *, proceeding: Proceeding) -> None:
    """Raise ValidationError, named at the ruling's charges, unless the charges it rules on
    are charges of the decision's proceeding brought against the ruling's defender."""
    if "charges" not in edit.links:
        return
    ruling = edit.record
    strangers = [str(c.pk) for c in edit.links["charges"] if c.proceeding_id != proceeding.pk]
    if strangers:
        raise ValidationError(
            {
                f"{edit.path}.charges": _("Not a charge of this proceeding: %(ids)s.")
                % {"ids": ", ".join(strangers)}
            }
        )
    charged = set(
        Charge.defenders.through.objects.filter(
            charge_id__in=[c.pk for c in edit.links["charges"]], defender_id=ruling.defender_id
        ).values_list("charge_id", flat=True)
    )
    others = [str(c.pk) for c in edit.links["charges"] if c.pk not in charged]
    if others:
        raise ValidationError(
            {
                f"{edit.path}.charges": _("Not a charge against this defender: %(ids)s.")
                % {"ids": ", ".join(others)}
            }
        )


def _decision_rulings_check(edit: RecordEdit) -> None:
    """Raise ValidationError, named at the decision's rulings, if it rules on a defender's
    charge twice, or rules on a defender more than once without each ruling naming its
    charges (run once its rulings are written, within the transaction)."""
    decision = edit.record
    rulings = list(
        Ruling.objects.filter(decision=decision)
        .select_related("defender")
        .prefetch_related("charges")
    )
    by_defender: dict = {}
    for ruling in rulings:
        by_defender.setdefault(ruling.defender_id, []).append(ruling)
    for defender_rulings in by_defender.values():
        if len(defender_rulings) < 2:
            continue
        name = defender_rulings[0].defender.full_name
        if any(not r.charges.all() for r in defender_rulings):
            raise ValidationError(
                {
                    f"{edit.path}.rulings": _(
                        "The decision rules on %(defender)s more than once: each ruling names "
                        "the charges it rules on."
                    )
                    % {"defender": name}
                }
            )
        seen: set = set()
        for ruling in defender_rulings:
            twice = [str(c.pk) for c in ruling.charges.all() if c.pk in seen]
            if twice:
                raise ValidationError(
                    {
                        f"{edit.path}.rulings": _(
                            "A charge against %(defender)s is ruled on twice: %(ids)s."
                        )
                        % {"defender": name, "ids": ", ".join(twice)}
                    }
                )
            seen.update(c.pk for c in ruling.charges.all())


def _charge_links_check(edit: RecordEdit, *, proceeding: Proceeding, case_defenders: set) -> None:
    """Raise ValidationError, named at the charge's path, unless its defenders are the case's,
    and its replacements are other charges of its proceeding, given if and only if it is
    replaced."""
    charge, errors = edit.record, {}
    if "defenders" in edit.links:
        defenders = edit.links["defenders"]
        strangers = [str(d.pk) for d in defenders if d.pk not in case_defenders]
        if strangers:
            errors["defenders"] = _("Not a defender of this case: %(ids)s.") % {
                "ids": ", ".join(strangers)
            }
        elif not defenders:
            errors["defenders"] = _("Name at least one defender.")
    elif charge._state.adding:
        errors["defenders"] = _("Name at least one defender.")
    if "replaced_by" in edit.links:
        replacements = edit.links["replaced_by"]
    else:
        replacements = [] if charge._state.adding else list(charge.replaced_by.all())
    if any(r.pk == charge.pk for r in replacements):
        errors["replaced_by"] = _("A charge cannot replace itself.")
    elif any(r.proceeding_id != proceeding.pk for r in replacements):
        errors["replaced_by"] = _("The replacement must be a charge of the same proceeding.")
    elif charge.status == Charge.Status.REPLACED and not replacements:
        errors["replaced_by"] = _("Name the charges that replaced this one.")
    elif replacements and charge.status != Charge.Status.REPLACED:
        errors["status"] = _("A charge with a replacement has the status Replaced.")
    if errors:
        raise error_at(edit.path, ValidationError(errors))


_CASE_RECORD_WRITERS = {
    "proceedings": _proceeding_write,
    "detention_periods": _detention_period_write,
    "hearings": _hearing_edit_write,
    "unnamed_groups": _record_write,
    "events": _record_write,
    "external_references": _record_write,
    "target_authorities": _record_write,
}


def source_appeal_check(*, case_id, appeal: Appeal | None) -> None:
    """Raise ValidationError on `source_appeal` unless `appeal` (a write's source; None: it
    names none) is an appeal of the case `case_id`: a fact of a case comes from one of its
    own appeals."""
    if appeal is not None and (case_id is None or appeal.case_id != case_id):
        raise ValidationError(
            {"source_appeal": _("Not an appeal of this case: %(id)s.") % {"id": appeal.pk}}
        )


def source_appeal_resolve(*, case: Case, appeal_id) -> Appeal | None:
    """Return the appeal of `case` with id `appeal_id` (None: the write names no source);
    raise ValidationError on `source_appeal` for an id that names none of its appeals, an
    appeal of another case or none at all alike."""
    if appeal_id is None:
        return None
    found = None
    if not case._state.adding:
        try:
            found = Appeal.objects.filter(case=case, pk=appeal_id).first()
        except (ValueError, ValidationError):
            found = None
    if found is None:
        raise ValidationError(
            {"source_appeal": _("Not an appeal of this case: %(id)s.") % {"id": appeal_id}}
        )
    return found


@transaction.atomic
def case_save(
    *,
    case: Case,
    acting_user: ActingUser,
    links: Mapping[str, Iterable] | None = None,
    records: Mapping[str, RecordEdits] | None = None,
    source_appeal: Appeal | None = None,
) -> Case:
    """Save an edit of a case, and return the case. `case` holds its own fields as edited
    (its status too: a change goes through the publication rule of case_set_status);
    `links` gives whole many-to-many fields of CASE_LINKS; `records` the proceedings (with
    their charges, and decisions with their rulings and sentence parts), detention
    periods (with their extensions), hearings, events, external references and target
    authorities (CaseAuthority) added, changed and deleted. Nothing is written unless all is
    valid; a record that holds what is stored already is not saved again.

    `source_appeal`, an appeal of the case, is where the facts written come from
    (appeals_site.models.ProvenanceModel): records added are first stated in it, records
    added, changed or deleted last changed in it; records the edit leaves as they are keep
    theirs. None: the write names no source, and nothing is recorded.

    Then, once for the whole edit: each changed detention period's term is worked out again,
    the case is marked changed (when anything was), its followers hear what a colleague
    changed (a new charge, a release, a hearing moved …), and its reminders are planned
    again."""
    adding = case._state.adding
    source_appeal_check(case_id=None if adding else case.pk, appeal=source_appeal)
    for edits in (records or {}).values():
        sources_name(edits, source_appeal)
    stored = None if adding else Case.objects.select_for_update().get(pk=case.pk)
    if links and "defenders" in links:
        _defenders_named_check(case=case, defenders=links["defenders"], acting_user=acting_user)
    before = None if adding else case_records_state(case_id=case.pk)
    visibility_changed = False
    if stored is None or case.status != stored.status:
        case, visibility_changed = _case_status_apply(
            case=case, status=case.status, acting_user=acting_user
        )
        wrote = True
    else:
        case.full_clean()
        wrote = not unchanged(case)
        if wrote:
            _with_history_user(case, acting_user).save()
    # Whether partners read anything new besides the case's own fields (Case.save moves
    # shared_at for those): staff assigned to a case are none of their business.
    shared = False
    for name, values in (links or {}).items():
        if name not in CASE_LINKS:
            raise ValueError(f"Not a link of a case: {name}")
        link_wrote = _m2m_set(getattr(case, name), values)
        wrote = link_wrote or wrote
        # Outward links (violations, defenders) are in partners' documents (cases/outward.py).
        shared = shared or (link_wrote and name in record_of(Case).by_name)
    lines: list[str] = []
    for kind, edits in (records or {}).items():
        kind_wrote, kind_lines = _records_write(edits, acting_user, _CASE_RECORD_WRITERS[kind])
        wrote = wrote or kind_wrote
        # A record deleted, added, or changed in what partners read (not an event's
        # confidential source alone, nor a record's internal fields).
        shared = shared or bool(edits.deleted) or any(e.shared for e in edits.saved)
        lines += kind_lines
    if not wrote:
        return case
    case_touch(case_id=case.pk, shared=shared)
    if before is not None:
        lines = case_change_lines(before=before, after=case_records_state(case_id=case.pk)) + lines
    _case_followup(case_id=case.pk, acting_user=acting_user, changes=lines)
    case.refresh_from_db()
    return case


def _defenders_named_check(*, case: Case, defenders: Iterable, acting_user: ActingUser) -> None:
    """Refuse to link to the case a defender the acting user may not see (one only on
    restricted cases hidden from them): to them it is no defender at all, so the error is the
    one for an id that names nobody, whichever door the edit came through. The defenders on
    the case already are on a case they see; None is the system acting, which sees all."""
    if acting_user is None:
        return
    defenders = list(defenders)
    stored = set() if case._state.adding else set(case.defenders.values_list("pk", flat=True))
    new = {d.pk for d in defenders} - stored
    if not new:
        return
    seen = set(defenders_visible_to(acting_user).filter(pk__in=new).values_list("pk", flat=True))
    unknown = [str(d.pk) for d in defenders if d.pk in new - seen]
    if unknown:
        raise ValidationError(
            {
                "defenders": _("Unknown %(noun)s: %(values)s.")
                % {"noun": _("defender"), "values": ", ".join(unknown)}
            }
        )


# --- The API's body, made into an edit ------------------------------------------------------


def _resolve(
    rows: type[models.Model] | QuerySet,
    values: Iterable,
    *,
    path: str,
    field: str = "pk",
    noun: str,
) -> list:
    """Return the rows of `rows` (a model, or a queryset of the rows the acting user may
    name) whose `field` is each of `values`, in that order; a value that names no row among
    them is an error at `path`, whether or not it names a row outside them."""
    values = list(values)
    queryset = rows if isinstance(rows, QuerySet) else rows._default_manager.all()
    try:
        found = {
            str(getattr(row, field)): row for row in queryset.filter(**{f"{field}__in": values})
        }
    except (ValueError, ValidationError):
        found = {}
    missing = [str(v) for v in values if str(v) not in found]
    if missing:
        raise ValidationError(
            {
                path: _("Unknown %(noun)s: %(values)s.")
                % {"noun": noun, "values": ", ".join(missing)}
            }
        )
    return [found[str(v)] for v in values]


def _defenders_of_case_at(linked: set, defenders: list, *, path: str) -> list:
    """Return `defenders`; each must be one of the case's defenders (`linked`, their ids)."""
    strangers = [str(d.pk) for d in defenders if d.pk not in linked]
    if strangers:
        raise ValidationError(
            {path: _("Not a defender of this case: %(ids)s.") % {"ids": ", ".join(strangers)}}
        )
    return defenders


def _assign(record, item: dict, names: Iterable[str]) -> None:
    for name in names:
        if name in item:
            setattr(record, name, item[name])


def _stored(model, parent_field: str, parent) -> list:
    """Return `parent`'s records of `model` (none while the parent is being added)."""
    if parent._state.adding:
        return []
    return list(model.objects.filter(**{parent_field: parent}))


def _items_as_edits(model, parent_field: str, parent, items: list[dict], *, path: str, build):
    """Return the edit that makes `parent`'s records of `model` the `items`: an item with an
    id changes that record, one without adds a record, and records not named are deleted.
    `build(record, item, path)` sets the record's values and returns its RecordEdit."""
    stored = {str(r.pk): r for r in _stored(model, parent_field, parent)}
    edits = RecordEdits()
    named = set()
    for index, item in enumerate(items):
        at = f"{path}[{index}]"
        record_id = item.get("id")
        if record_id is None:
            record = model(**{parent_field: parent})
        else:
            record = stored.get(str(record_id))
            if record is None:
                raise ValidationError(
                    {f"{at}.id": _("No such record here: %(id)s.") % {"id": record_id}}
                )
            named.add(str(record_id))
        edits.saved.append(build(record, item, at))
    edits.deleted = [r for pk, r in stored.items() if pk not in named]
    return edits


def _items_as_edits_by_value(model, parent_field: str, parent, items, *, path: str, names):
    """Return the edit that makes `parent`'s records of `model`, which have no public id, the
    `items`: an item equal to a stored record (in each of `names`) keeps that record; others
    are added, and records left over deleted."""
    left = _stored(model, parent_field, parent)
    edits = RecordEdits()
    for index, item in enumerate(items):
        record = next(
            (r for r in left if all(getattr(r, n) == item.get(n, getattr(r, n)) for n in names)),
            None,
        )
        if record is not None:
            left.remove(record)
        else:
            record = model(**{parent_field: parent})
            _assign(record, item, names)
        edits.saved.append(RecordEdit(record=record, path=f"{path}[{index}]"))
    edits.deleted = left
    return edits


_CHARGE_FIELDS = (
    "instrument_kind",
    "instrument",
    "article",
    "offence",
    "maximum_penalty",
    "date_brought",
    "status",
    "ended_on",
    "date_brought_as_printed",
    "ended_on_as_printed",
    "dropped_by",
    "grounds_as_printed",
)
_SENTENCE_PART_FIELDS = (
    "kind",
    "years",
    "months",
    "days",
    "suspension",
    "suspension_years",
    "suspension_months",
    "amount",
    "currency",
    "detail",
    "regime",
    "as_printed",
    "term_as_printed",
    "suspension_as_printed",
    "suspension_term_as_printed",
)


def _proceeding_charges(proceeding: Proceeding):
    """Return the stored charges of `proceeding` (none while it is being added): the only
    charges its records may name."""
    if proceeding._state.adding:
        return Charge.objects.none()
    return Charge.objects.filter(proceeding=proceeding)


def _charges_named_at(proceeding: Proceeding, ids, *, path: str) -> list:
    charges = _proceeding_charges(proceeding)
    found = {str(c.pk): c for c in charges.filter(pk__in=list(ids))} if ids else {}
    strangers = [str(i) for i in ids if str(i) not in found]
    if strangers:
        raise ValidationError(
            {path: _("Not a charge of this proceeding: %(ids)s.") % {"ids": ", ".join(strangers)}}
        )
    return [found[str(i)] for i in ids]


def _proceeding_edit(case: Case, linked: set, defenders):
    def build(proceeding: Proceeding, item: dict, at: str) -> RecordEdit:
        _assign(
            proceeding,
            item,
            ("kind", "name", "court", "prosecution_appealed", "prosecution_appealed_as_printed"),
        )
        children = {}
        if "charges" in item:
            children["charges"] = _items_as_edits(
                Charge,
                "proceeding",
                proceeding,
                list(item["charges"]),
                path=f"{at}.charges",
                build=_charge_edit(case, proceeding, linked, defenders),
            )
        if "decisions" in item:
            children["decisions"] = _items_as_edits(
                Decision,
                "proceeding",
                proceeding,
                list(item["decisions"]),
                path=f"{at}.decisions",
                build=_decision_edit(proceeding, linked, defenders),
            )
        return RecordEdit(record=proceeding, path=at, children=children)

    return build


def _charge_edit(case: Case, proceeding: Proceeding, linked: set, defenders):
    def build(charge: Charge, item: dict, at: str) -> RecordEdit:
        _assign(charge, item, _CHARGE_FIELDS)
        charge.case = case
        links = {}
        named = _linked_defenders_at(linked, defenders, item, at)
        if named is not None:
            links["defenders"] = named
        if item.get("replaced_by") is not None:
            links["replaced_by"] = _charges_named_at(
                proceeding, item["replaced_by"], path=f"{at}.replaced_by"
            )
        return RecordEdit(record=charge, path=at, links=links)

    return build


def _decision_edit(proceeding: Proceeding, linked: set, defenders):
    def build(decision: Decision, item: dict, at: str) -> RecordEdit:
        _assign(
            decision,
            item,
            (
                "date",
                "date_as_printed",
                "court",
                "notes",
                "appeal_lodged",
                "appeal_lodged_by",
                "appeal_lodged_as_printed",
            ),
        )
        if "instance" in item:
            decision.level = item["instance"]
        links = {}
        if item.get("charges") is not None:
            links["charges"] = _charges_named_at(proceeding, item["charges"], path=f"{at}.charges")
        children = {}
        if "rulings" in item:
            children["rulings"] = _rulings_as_edits(
                decision, proceeding, list(item["rulings"]), linked, defenders, path=f"{at}.rulings"
            )
        return RecordEdit(record=decision, path=at, links=links, children=children)

    return build


def _rulings_as_edits(
    decision: Decision, proceeding: Proceeding, items: list, linked: set, defenders, *, path: str
) -> RecordEdits:
    """Return the edit that makes the decision's rulings the `items`: a ruling is known by
    its defender and the charges it rules on (a stored ruling of the defender on the same
    charges, else the defender's first one left, keeps its row and history); the sentence
    parts of a ruling given replace its stored ones (a part equal to a stored one keeps it)."""
    stored = _stored(Ruling, "decision", decision)
    stored_charges = {r.pk: {c.pk for c in r.charges.all()} for r in stored} if stored else {}
    given = []
    for index, item in enumerate(items):
        at = f"{path}[{index}]"
        defender = _defenders_of_case_at(
            linked,
            _resolve(defenders, [item.get("defender")], path=f"{at}.defender", noun=_("defender")),
            path=f"{at}.defender",
        )[0]
        charges = None
        if item.get("charges") is not None:
            charges = _charges_named_at(proceeding, item["charges"], path=f"{at}.charges")
        given.append((at, item, defender, charges))
    edits = RecordEdits()
    # Same defender and charges first, so that a reordered list keeps each ruling's row.
    matched: dict = {}
    for at, _item, defender, charges in given:
        wanted = {c.pk for c in charges} if charges is not None else None
        same = next(
            (
                r
                for r in stored
                if r.defender_id == defender.pk
                and r.pk not in matched.values()
                and stored_charges[r.pk] == wanted
            ),
            None,
        )
        if same is not None:
            matched[at] = same.pk
    left = [r for r in stored if r.pk not in matched.values()]
    for at, item, defender, charges in given:
        ruling = next((r for r in stored if r.pk == matched.get(at)), None)
        if ruling is None:
            ruling = next((r for r in left if r.defender_id == defender.pk), None)
            if ruling is not None:
                left.remove(ruling)
            else:
                ruling = Ruling(decision=decision, defender=defender)
        _assign(
            ruling, item, ("outcome", "outcome_as_printed", "as_printed", "unchanged_as_printed")
        )
        children = {}
        if "sentence" in item or "requested_sentence" in item:
            children["sentence_parts"] = _sentence_parts_as_edits(ruling, proceeding, item, at)
        links = {"charges": charges} if charges is not None else {}
        edits.saved.append(RecordEdit(record=ruling, path=at, links=links, children=children))
    edits.deleted = left
    return edits


def _sentence_parts_as_edits(ruling: Ruling, proceeding: Proceeding, item: dict, at: str):
    """Return the edit that makes the ruling's sentence parts those of `item`'s `sentence`
    (imposed) and `requested_sentence` (a list left out keeps its stored parts)."""
    left = _stored(SentencePart, "ruling", ruling)
    edits = RecordEdits()
    for key, requested in (("sentence", False), ("requested_sentence", True)):
        if key not in item:
            left = [p for p in left if p.requested != requested]
            continue
        for position, given in enumerate(item[key] or []):
            place = f"{at}.{key}[{position}]"
            values = {name: given[name] for name in _SENTENCE_PART_FIELDS if name in given}
            values["charge_id"] = None
            if given.get("charge") is not None:
                values["charge_id"] = _charges_named_at(
                    proceeding, [given["charge"]], path=f"{place}.charge"
                )[0].pk
            values.update(requested=requested, position=position)
            fresh = SentencePart(ruling=ruling, **values)
            names = (*_SENTENCE_PART_FIELDS, "charge_id", "requested", "position")
            part = next(
                (p for p in left if all(getattr(p, n) == getattr(fresh, n) for n in names)), None
            )
            if part is not None:
                left.remove(part)
            else:
                part = fresh
            edits.saved.append(RecordEdit(record=part, path=place))
    edits.deleted = left
    return edits


_EXTENSION_FIELDS = (
    "ordered_on",
    "ordered_on_as_printed",
    "term_days",
    "term_months",
    "until",
    "until_as_printed",
    "ordered_by",
    "notes",
)


def _uncertain_dates_assign(record, item: dict, names: Iterable[str], *, at: str) -> None:
    """Set the uncertain dates given in `item` on `record`, with their companions: an
    UncertainDate (as the API's serializers parse them), a plain date (an exact day, as
    commands and other services give it) or the API's text form."""
    for name in names:
        if name not in item:
            continue
        value = item[name]
        if isinstance(value, str):
            try:
                value = UncertainDate.parse(value)
            except ValueError as exc:
                raise ValidationError(
                    {f"{at}.{name}": _("Not a date: %(value)s.") % {"value": value}}
                ) from exc
        elif isinstance(value, dt.date):
            value = UncertainDate.exact(value)
        uncertain_date_set(record, name, value)


def _detention_period_edit(case: Case, linked: set, defenders):
    def build(period: DetentionPeriod, item: dict, at: str) -> RecordEdit:
        _assign(
            period,
            item,
            (
                "kind",
                "kind_as_printed",
                "start_date_as_printed",
                "continues_previous",
                "term_years",
                "term_days",
                "term_months",
                "term_until",
                "term_as_printed",
                "term_until_as_printed",
                "ordered_by",
                "place",
                "conditions",
                "reporting_every",
                "reporting_unit",
                "reporting_weekday",
                "reporting_place",
                "reporting_as_printed",
                "breach_date_as_printed",
                "breach_as_printed",
                "legal_basis_gap_from_as_printed",
                "legal_basis_gap_to_as_printed",
                "legal_basis_gap_as_printed",
                "incommunicado",
                "actual_end_as_printed",
                "ended",
                "ended_as_printed",
                "end_not_stated",
                "reason_not_stated",
                "unstated_as_printed",
                "notes",
            ),
        )
        _uncertain_dates_assign(period, item, MEASURE_DATES, at=at)
        if "runs_with" in item:
            period.runs_with = None
            if item["runs_with"] is not None:
                period.runs_with = _measure_of_case_at(
                    case, item["runs_with"], path=f"{at}.runs_with"
                )
        if "defender" in item:
            period.defender = _defenders_of_case_at(
                linked,
                _resolve(defenders, [item["defender"]], path=f"{at}.defender", noun=_("defender")),
                path=f"{at}.defender",
            )[0]
        extensions = None
        if "extensions" in item:
            extensions = _items_as_edits_by_value(
                DetentionExtension,
                "period",
                period,
                item["extensions"],
                path=f"{at}.extensions",
                names=_EXTENSION_FIELDS,
            )
        return RecordEdit(record=period, path=at, extensions=extensions)

    return build


def _linked_defenders_at(linked: set, defenders, item: dict, at: str) -> list | None:
    if "defenders" not in item:
        return None
    path = f"{at}.defenders"
    named = _resolve(defenders, item["defenders"], path=path, noun=_("defender"))
    return _defenders_of_case_at(linked, named, path=path)


def _hearing_edit(case: Case, linked: set, defenders):
    def build(hearing: Hearing, item: dict, at: str) -> RecordEdit:
        _assign(
            hearing,
            item,
            (
                "court",
                "court_as_printed",
                "city",
                "local_date",
                "local_date_as_printed",
                "local_time",
                "time_as_printed",
                "time_zone",
                "purpose",
                "purpose_as_printed",
                "status",
                "outcome",
                "observers_attending",
                "summoned",
            ),
        )
        if "proceeding" in item:
            hearing.proceeding = None
            if item["proceeding"] is not None:
                hearing.proceeding = _proceeding_of_case_at(
                    case, item["proceeding"], path=f"{at}.proceeding"
                )
        return RecordEdit(
            record=hearing,
            path=at,
            defenders=_linked_defenders_at(linked, defenders, item, at),
            move_reason=item.get("move_reason", ""),
        )

    return build


def _measure_of_case_at(case: Case, measure_id, *, path: str) -> DetentionPeriod:
    """Return the case's measure `measure_id`, already recorded (a measure entered in the same
    edit is linked by a later one, once it has its id)."""
    found = None
    if not case._state.adding:
        found = DetentionPeriod.objects.filter(case=case, pk=measure_id).first()
    if found is None:
        raise ValidationError({path: _("Not a measure of this case: %(id)s.") % {"id": measure_id}})
    return found


def _proceeding_of_case_at(case: Case, proceeding_id, *, path: str) -> Proceeding:
    found = None
    if not case._state.adding:
        found = Proceeding.objects.filter(case=case, pk=proceeding_id).first()
    if found is None:
        raise ValidationError(
            {path: _("Not a proceeding of this case: %(id)s.") % {"id": proceeding_id}}
        )
    return found


def _event_edit(case: Case, linked: set, defenders):
    def build(event: Event, item: dict, at: str) -> RecordEdit:
        _assign(
            event,
            item,
            (
                "date_as_printed",
                "kind",
                "description",
                "seized_items",
                "citation",
                "source_identity",
                "disclosed_fields",
                "place",
                "actor",
                "organisation",
                "quotation",
                "quoted_by",
                "reported_to_police",
                "investigation_opened",
            ),
        )
        _uncertain_dates_assign(event, item, ("date",), at=at)
        links = {}
        # Those of this case already recorded (a group or charge added in the same request
        # has no id yet: name it in a second request).
        if "unnamed_groups" in item:
            links["unnamed_groups"] = _resolve(
                UnnamedGroup.objects.filter(case=case)
                if not case._state.adding
                else UnnamedGroup.objects.none(),
                item["unnamed_groups"],
                path=f"{at}.unnamed_groups",
                noun=_("unnamed people"),
            )
        if "charges" in item:
            links["charges"] = _resolve(
                Charge.objects.filter(case=case)
                if not case._state.adding
                else Charge.objects.none(),
                item["charges"],
                path=f"{at}.charges",
                noun=_("charge"),
            )
        return RecordEdit(
            record=event,
            path=at,
            defenders=_linked_defenders_at(linked, defenders, item, at),
            links=links,
        )

    return build


def _unnamed_group_edit(case: Case, linked: set, defenders):
    def build(group: UnnamedGroup, item: dict, at: str) -> RecordEdit:
        _assign(
            group,
            item,
            (
                "description",
                "count",
                "count_approximate",
                "count_qualifier",
                "city",
                "released_on_as_printed",
                "release_as_printed",
            ),
        )
        _uncertain_dates_assign(group, item, ("released_on",), at=at)
        group.position = int(at.rsplit("[", 1)[1].rstrip("]"))
        return RecordEdit(record=group, path=at)

    return build


_RECORD_EDITS = {
    "proceedings": (Proceeding, _proceeding_edit),
    "detention_periods": (DetentionPeriod, _detention_period_edit),
    "hearings": (Hearing, _hearing_edit),
    "events": (Event, _event_edit),
    "unnamed_groups": (UnnamedGroup, _unnamed_group_edit),
}


def _target_authorities_edit(*, case: Case, ids: list) -> RecordEdits:
    """Return the edit that makes the case's target authorities `ids`, in that order: a
    stored link is kept (its position changed if need be), the others added or deleted."""
    authorities = _resolve(Authority, ids, path="target_authorities", noun=_("authority"))
    if len(set(ids)) != len(ids):
        raise ValidationError(
            {"target_authorities": _("This authority is already a target of the case.")}
        )
    stored = {link.authority_id: link for link in _stored(CaseAuthority, "case", case)}
    edits = RecordEdits()
    for position, authority in enumerate(authorities):
        link = stored.pop(authority.pk, None) or CaseAuthority(case=case, authority=authority)
        link.position = position
        edits.saved.append(RecordEdit(record=link, path=f"target_authorities[{position}]"))
    edits.deleted = list(stored.values())
    return edits


@transaction.atomic
def case_update(*, case: Case, data: dict, acting_user: ActingUser) -> Case:
    """Change the case's own fields and links given in `data`, and replace each list of
    records given (proceedings with their charges and decisions, detention_periods with their
    extensions, hearings, events,
    external_references: an item with an `id` updates that record, one without creates one,
    records left out are deleted); return the case. Nothing is written unless all is valid.

    `status` goes through case_set_status (only reviewers publish); `violations` are slugs,
    `defenders` and `target_authorities` (in order) are ids of existing records (defenders:
    ones the acting user may see); a record's `defender` or `defenders` must be defenders of
    the case. `source_appeal`, the id of an appeal of the case, is the source of the facts
    written (see case_save). Errors are named by their path in
    `data`, e.g. "proceedings[0].charges[1].replaced_by". The edit is saved by case_save, as
    the admin's. A charge's `replaced_by`, a decision's `charges` and a sentence part's
    `charge` name stored charges of the same proceeding; a ruling is known by its defender.
    """
    if not case._state.adding:
        case = Case.objects.select_for_update().get(pk=case.pk)
    for name in (*CASE_OWN_FIELDS, "status"):
        if name in data:
            setattr(case, name, data[name])
    links: dict[str, list] = {}
    if "violations" in data:
        links["violations"] = _resolve(
            ViolationLabel,
            data["violations"],
            path="violations",
            field="slug",
            noun=_("violation label"),
        )
    # A defender the acting user may not see is, to them, no defender at all: "Unknown
    # defender", as for an id that names nobody (cases.selectors.defenders_visible_to).
    defenders = Defender if acting_user is None else defenders_visible_to(acting_user)
    if "defenders" in data:
        links["defenders"] = _resolve(
            defenders, data["defenders"], path="defenders", noun=_("defender")
        )
        linked = {d.pk for d in links["defenders"]}
    else:
        linked = {d.pk for d in _stored_defenders(case)}
    records: dict[str, RecordEdits] = {}
    if "target_authorities" in data:
        records["target_authorities"] = _target_authorities_edit(
            case=case, ids=list(data["target_authorities"])
        )
    for key in CASE_RECORD_LISTS:
        if key not in data:
            continue
        if key == "external_references":
            records[key] = _items_as_edits_by_value(
                ExternalReference,
                "case",
                case,
                list(data[key]),
                path=key,
                names=("issuer", "reference", "date", "url"),
            )
        else:
            model, build = _RECORD_EDITS[key]
            records[key] = _items_as_edits(
                model,
                "case",
                case,
                list(data[key]),
                path=key,
                build=build(case, linked, defenders),
            )
    return case_save(
        case=case,
        acting_user=acting_user,
        links=links,
        records=records,
        source_appeal=source_appeal_resolve(case=case, appeal_id=data.get("source_appeal")),
    )


def _stored_defenders(case: Case) -> list:
    return [] if case._state.adding else list(case.defenders.all())


def case_create(*, data: dict, acting_user: ActingUser) -> Case:
    """Create a case with its links and records (see case_update for `data`), and return it."""
    return case_update(case=Case(), data=data, acting_user=acting_user)


# --- Appeals edited (the admin) and composed (the API) --------------------------------------


def footnote_cited_appeal(*, reference: str) -> Appeal | None:
    """Return the appeal on record that a footnote's printed reference names, in any
    spelling (cases.references.reference_key), when it names exactly one; else None (none
    on record, or several issuers' documents under one code: not guessed)."""
    if not reference.strip():
        return None
    found = list(Appeal.objects.filter(reference_key=reference_key(reference))[:2])
    return found[0] if len(found) == 1 else None


def _footnote_write(edit: RecordEdit, acting_user: ActingUser) -> tuple[bool, str]:
    footnote = edit.record
    footnote.cited_appeal = footnote_cited_appeal(reference=footnote.reference)
    return _record_write(edit, acting_user)


def _action_write(edit: RecordEdit, acting_user: ActingUser) -> tuple[bool, str]:
    # The appeal is saved by now: a picked standard action's text can be copied in.
    action_fill_from_clause(action=edit.record)
    return _record_write(edit, acting_user)


@transaction.atomic
def appeal_save(
    *,
    appeal: Appeal,
    acting_user: ActingUser,
    violations: RecordEdits | None = None,
    texts: RecordEdits | None = None,
    actions: RecordEdits | None = None,
    authorities: RecordEdits | None = None,
    footnotes: RecordEdits | None = None,
) -> Appeal:
    """Save an edit of an appeal, and return it: its own fields as set on `appeal`, and its
    violations in order (AppealViolation), texts, actions (a picked standard action's text is
    copied in), addressed authorities (AppealAuthority) and footnotes (each linked to the
    appeal its reference names: footnote_cited_appeal) added, changed and deleted. The
    appeal's texts, actions and addressees are part of its case's document: when anything
    changed, the case is marked changed, once."""
    full_clean_at("", appeal, validate_constraints=False)
    _appeal_reference_unique_check(appeal)
    wrote = not unchanged(appeal)
    if wrote:
        _with_history_user(appeal, acting_user).save()
    for edits, write in (
        (violations, _record_write),
        (texts, _record_write),
        (actions, _action_write),
        (authorities, _record_write),
        (footnotes, _footnote_write),
    ):
        if edits:
            edits_wrote, _lines = _records_write(edits, acting_user, write)
            wrote = wrote or edits_wrote
    if wrote:
        # Partners' documents carry issued appeals only: a draft's edits are nothing they
        # may notice, not even as a change of the case (cases.api.documents).
        case_touch(case_id=appeal.case_id, shared=appeal.reference is not None)
    return appeal


@transaction.atomic
def appeal_compose(
    *,
    appeal: Appeal,
    acting_user: ActingUser,
    texts: list[dict] | None = None,
    actions: list[dict] | None = None,
    authorities: list | None = None,
    violations: list[str] | None = None,
    footnotes: list[dict] | None = None,
) -> Appeal:
    """Replace the draft appeal's texts, actions (each with a `text` or a `clause` id, whose
    text is copied in), addressed authorities (ids, in order), violations (slugs) and
    footnotes (in order, each with its number) with those given; return the appeal, saved by
    appeal_save as the admin's edits are. Errors are named by their path, e.g.
    "actions[0].text"."""
    if appeal.is_issued:
        raise ValidationError(
            {
                "reference": _("This appeal was already issued as %(reference)s.")
                % {"reference": appeal}
            }
        )
    text_edits = action_edits = authority_edits = violation_edits = footnote_edits = None
    if texts is not None:
        text_edits = RecordEdits(deleted=_stored(AppealText, "appeal", appeal))
        by_language = {t.language: t for t in text_edits.deleted}
        for index, item in enumerate(texts):
            # What the item leaves out takes its default, as in a new text.
            given = AppealText(appeal=appeal)
            names = ("language", "is_original", "title", "description", "background", "notes")
            _assign(given, item, names)
            text = by_language.pop(given.language, None) or AppealText(appeal=appeal)
            _assign(text, {name: getattr(given, name) for name in names}, names)
            text_edits.saved.append(RecordEdit(record=text, path=f"texts[{index}]"))
        text_edits.deleted = list(by_language.values())
    if actions is not None:
        action_edits = RecordEdits()
        by_place = {(a.language, a.position): a for a in _stored(Action, "appeal", appeal)}
        for index, item in enumerate(actions):
            place = (item.get("language"), item.get("position"))
            action = by_place.pop(place, None) or Action(appeal=appeal)
            _assign(action, item, ("language", "position"))
            action.text = item.get("text", "")
            action.clause_id = item.get("clause")
            action_edits.saved.append(RecordEdit(record=action, path=f"actions[{index}]"))
        action_edits.deleted = list(by_place.values())
    if authorities is not None:
        resolved = _resolve(Authority, authorities, path="authorities", noun=_("authority"))
        authority_edits = RecordEdits()
        stored = {link.authority_id: link for link in _stored(AppealAuthority, "appeal", appeal)}
        for position, authority in enumerate(resolved):
            link = stored.pop(authority.pk, None) or AppealAuthority(
                appeal=appeal, authority=authority
            )
            link.position = position
            authority_edits.saved.append(RecordEdit(record=link, path=f"authorities[{position}]"))
        authority_edits.deleted = list(stored.values())
    if violations is not None:
        violation_edits = _appeal_violations_edit(appeal, violations)
    if footnotes is not None:
        footnote_edits = _footnotes_edit(appeal, footnotes)
    return appeal_save(
        appeal=appeal,
        acting_user=acting_user,
        violations=violation_edits,
        texts=text_edits,
        actions=action_edits,
        authorities=authority_edits,
        footnotes=footnote_edits,
    )


def _footnotes_edit(appeal: Appeal, items: list[dict]) -> RecordEdits:
    """Return the edit that makes the appeal's footnotes those of `items`, in that order: a
    stored note keeps its row by its number, the others are added or deleted."""
    numbers = [item.get("number") for item in items]
    for index, number in enumerate(numbers):
        if number in numbers[:index]:
            raise ValidationError(
                {f"footnotes[{index}].number": _("Two notes cannot share a number.")}
            )
    edits = RecordEdits()
    by_number = {f.number: f for f in _stored(Footnote, "appeal", appeal)}
    for position, item in enumerate(items):
        at = f"footnotes[{position}]"
        footnote = by_number.pop(item.get("number"), None) or Footnote(appeal=appeal)
        given = {"reference": "", "date_as_printed": "", "date": None, **item}
        _assign(footnote, given, ("number", "text", "reference", "date_as_printed"))
        _uncertain_dates_assign(footnote, given, ("date",), at=at)
        footnote.position = position
        edits.saved.append(RecordEdit(record=footnote, path=at))
    edits.deleted = list(by_number.values())
    return edits


def _appeal_violations_edit(appeal: Appeal, slugs: list[str]) -> RecordEdits:
    """Return the edit that makes the appeal's violations the labels of `slugs`, in that
    order: a stored link is kept (its position changed if need be), the others added or
    deleted."""
    labels = _resolve(
        ViolationLabel, slugs, path="violations", field="slug", noun=_("violation label")
    )
    if len({label.pk for label in labels}) != len(labels):
        raise ValidationError({"violations": _("A violation is given twice.")})
    stored = {link.violationlabel_id: link for link in _stored(AppealViolation, "appeal", appeal)}
    edits = RecordEdits()
    for position, label in enumerate(labels):
        link = stored.pop(label.pk, None) or AppealViolation(appeal=appeal, violationlabel=label)
        link.position = position
        edits.saved.append(RecordEdit(record=link, path=f"violations[{position}]"))
    edits.deleted = list(stored.values())
    return edits


# What of an appeal's own fields the API's write path sets (the admin's form sets the same).
APPEAL_ISSUE_FIELDS = (
    "intervention_type_as_printed",
    "issuer_as_printed",
    "reference",
    "sequence",
    "index_number",
    "url",
    "issue_date_as_printed",
    "issuer_members",
    "follow_up_of",
    "action_deadline",
    "action_deadline_as_printed",
    "case_closed_as_printed",
    "embassy_clause",
)


@transaction.atomic
def case_appeal_issue(
    *,
    case: Case,
    acting_user: ActingUser,
    intervention_type: str | None = None,
    issue_date: dt.date | None = None,
    issuer: str | None = None,
    confirm_date_before_original: bool = False,
    texts: list[dict] | None = None,
    actions: list[dict] | None = None,
    authorities: list | None = None,
    violations: list[str] | None = None,
    footnotes: list[dict] | None = None,
    **fields,
) -> Appeal:
    """Create an appeal on the case (appeal_create: prefilled from the case), replace what is
    given (appeal_compose), and issue it (appeal_issue); return the issued appeal. Authorities
    and violations left out are the case's. `issuer` is an issuer's slug (None: the
    organisation); `fields` are the appeal's own fields of APPEAL_ISSUE_FIELDS: an archival
    appeal's reference as printed and follow-up number, another issuer's index number …"""
    unknown = set(fields) - set(APPEAL_ISSUE_FIELDS)
    if unknown:
        raise TypeError(f"case_appeal_issue() got unexpected fields {sorted(unknown)}")
    # The case's row is locked first, as appeal_issue does, so that concurrent requests on one
    # case queue up here (and agree on "Urgent Appeal" versus "New information").
    case = Case.objects.select_for_update().get(pk=case.pk)
    original = next((t for t in texts or [] if t.get("is_original")), None)
    appeal = appeal_create(
        case=case,
        acting_user=acting_user,
        intervention_type=intervention_type,
        language=original["language"] if original and original.get("language") else "en",
        issuer=issuer_resolve(slug=issuer),
    )
    for name, value in fields.items():
        setattr(appeal, name, value)
    if issue_date is not None:
        appeal.issue_date = issue_date
    appeal_compose(
        appeal=appeal,
        acting_user=acting_user,
        texts=texts,
        actions=actions,
        authorities=authorities,
        violations=violations,
        footnotes=footnotes,
    )
    return appeal_issue(
        appeal=appeal,
        acting_user=acting_user,
        issue_date=issue_date,
        confirm_date_before_original=confirm_date_before_original,
    )

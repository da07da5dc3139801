"""Writes to cases and their records. The admin, the API, management commands and tasks all
go through these functions, so each rule lives in one place.

Every function is keyword-only, runs in one transaction, validates with full_clean() (and the
database's own constraints), and records `acting_user` in the history when a person acts.
"""

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.dates import hearing_starts_at, local_today
from cases.models import (
    Action,
    Appeal,
    AppealAuthority,
    AppealText,
    Case,
    CaseAuthority,
    CaseTombstone,
    Charge,
    DetentionExtension,
    DetentionPeriod,
    Event,
    ExternalReference,
    Hearing,
    HearingMove,
    ReferenceCounter,
    ViolationLabel,
    case_is_public,
)
from cases.references import (
    ReferenceParts,
    case_public_slug,
    followup_reference_format,
    reference_format,
    reference_key,
)
from cases.signals import (
    appeal_issued_on_public_case,
    case_publicity_changed,
    case_published,
    case_records_changed,
    hearing_changed,
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
    if stored is not None and was_public != case_is_public(
        status=case.status, published_at=case.published_at
    ):
        # Partners are reminded of public cases only (reminders.apps).
        case_publicity_changed.send(sender=Case, case_id=case.pk)
    if status == Case.Status.PUBLISHED and not was_public:
        # Letters make the standard letters of the case's latest appeal ahead (letters.apps).
        case_published.send(sender=Case, case_id=case.pk)
    previous = stored.status if stored is not None else None
    if previous != status and Case.Status.PUBLISHED in {previous, status}:
        # Publishing, or taking back: the audit log keeps who did it (appeals_site.audit).
        from appeals_site.audit.services import Action, audit_record

        audit_record(
            action=Action.PUBLICATION,
            actor=acting_user,
            target=case,
            detail={"from": previous, "to": status},
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
    issue_date = issue_date or appeal.issue_date or local_today(case.time_zone)

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
        # The public page's address comes with the reference, and never changes.
        case.public_slug = case_public_slug(reference=reference)
        _with_history_user(case, acting_user).save(
            update_fields=["case_number", "reference", "reference_key", "public_slug", "updated_at"]
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
    # Case documents carry their issued appeals: a follow-up changes the case for partners'
    # sync and the public pages (the original already saved the case above).
    case_touch(case_id=case.pk)
    if case_is_public(status=case.status, published_at=case.published_at):
        # Letters make its standard letters ahead (letters.apps). case_appeal_issue comes
        # through here too.
        appeal_issued_on_public_case.send(sender=Appeal, appeal_id=appeal.pk)
    return appeal


def action_fill_from_clause(*, action: Action) -> Action:
    """Copy the picked clause's text into the action when it has none of its own."""
    action.fill_from_clause()
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
    case_records_changed.send(
        sender=Case,
        case_id=charge.case_id,
        acting_user=acting_user,
        changes=[
            _("Charge replaced: %(old)s, now %(new)s.")
            % {"old": charge_label(charge), "new": charge_label(replacement)}
        ],
    )
    return replacement


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
        case_records_changed.send(sender=Case, case_id=period.case_id)
    return period


# --- What a colleague changed (notices to those who follow the case) -----------------------


def charge_label(charge: Charge) -> str:
    """Return a charge in one line: "Criminal Code, art. 212.2 (Mass riots)"."""
    return _("%(instrument)s, art. %(article)s (%(offence)s)") % {
        "instrument": charge.instrument,
        "article": charge.article,
        "offence": charge.offence,
    }


def release_label(period: DetentionPeriod) -> str:
    """Return "Released: <defender>, <kind> ended on <date>."."""
    return _("Released: %(defender)s, %(kind)s ended on %(date)s.") % {
        "defender": period.defender.full_name,
        "kind": period.get_kind_display().lower(),
        "date": f"{period.actual_end:%Y-%m-%d}",
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
    *, hearing: Hearing, acting_user: ActingUser, move_reason: str = "", replan: bool = True
) -> Hearing:
    """Create or update a hearing; when an existing hearing's date, time or time zone change,
    keep the move in its history (from, to, why). Reminders follow (see
    _hearing_reminders_update); `replan=False` when the caller plans the case's reminders once
    for all its changes (a whole case saved in the API or the admin)."""
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
    _hearing_reminders_update(
        hearing=hearing, previous=previous, acting_user=acting_user, replan=replan
    )
    return hearing


def _hearing_reminders_update(
    *, hearing: Hearing, previous: Hearing | None, acting_user: ActingUser, replan: bool
) -> None:
    """Reminders follow the hearing: those already reminded hear that it moved or was
    cancelled, followers hear of the change, and pending reminders are planned again."""
    label = f"{hearing.court}, {hearing.local_date:%Y-%m-%d}" + (
        f" {hearing.local_time:%H:%M}" if hearing.local_time else ""
    )
    change = ""
    if previous is None:
        change = _("New hearing: %(hearing)s.") % {"hearing": label}
    else:
        if hearing.status != previous.status or hearing.starts_at != previous.starts_at:
            hearing_changed.send(
                sender=Hearing, hearing=hearing, previous_starts_at=previous.starts_at
            )
        if hearing.status != previous.status:
            change = _("Hearing %(hearing)s: %(status)s.") % {
                "hearing": label,
                "status": hearing.get_status_display(),
            }
        elif hearing.starts_at != previous.starts_at:
            change = _("Hearing moved from %(old)s to %(new)s.") % {
                "old": f"{previous.local_date:%Y-%m-%d}"
                + (f" {previous.local_time:%H:%M}" if previous.local_time else ""),
                "new": label,
            }
    case_records_changed.send(
        sender=Case,
        case_id=hearing.case_id,
        acting_user=acting_user,
        changes=[change],
        replan=replan,
    )


# --- Cases with their records, in one request (the API) -------------------------------------
#
# Errors name the record by its path in the request, so that a client can point at the field:
# "charges[1].article", "detention_periods[0].extensions[2].term_days"; a record's own
# non-field error (a constraint over several fields) is named by the record's path alone,
# "detention_periods[0].extensions[2]".

CASE_OWN_FIELDS = (
    "country",
    "time_zone",
    "title",
    "summary",
    "background",
    "internal_notes",
    "disclosed_fields",
)
CASE_RECORD_LISTS = ("charges", "detention_periods", "hearings", "events", "external_references")


def _error_at(path: str, exc: ValidationError) -> ValidationError:
    """Return `exc` with each of its fields named by its path under `path`."""
    from django.core.exceptions import NON_FIELD_ERRORS

    if not hasattr(exc, "error_dict"):
        return ValidationError({path: exc.messages})
    return ValidationError(
        {
            (path if name == NON_FIELD_ERRORS else f"{path}.{name}"): errors
            for name, errors in exc.error_dict.items()
        }
    )


def _full_clean_at(path: str, instance, **kwargs) -> None:
    try:
        instance.full_clean(**kwargs)
    except ValidationError as exc:
        raise _error_at(path, exc) from exc


def _resolve(model, values: Iterable, *, path: str, field: str = "pk", noun: str) -> list:
    """Return the rows of `model` whose `field` is each of `values`, in that order; a value
    that names no row is an error at `path`."""
    values = list(values)
    try:
        found = {
            str(getattr(row, field)): row
            for row in model.objects.filter(**{f"{field}__in": values})
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


def _case_defenders_at(case: Case, ids: Iterable, *, path: str) -> list:
    """Return the defenders `ids` names; each must be one of the case's defenders."""
    from defenders.models import Defender

    defenders = _resolve(Defender, ids, path=path, noun=_("defender"))
    linked = {d.pk for d in case.defenders.all()}
    strangers = [str(d.pk) for d in defenders if d.pk not in linked]
    if strangers:
        raise ValidationError(
            {path: _("Not a defender of this case: %(ids)s.") % {"ids": ", ".join(strangers)}}
        )
    return defenders


def _record_for(model, parent_field: str, parent, item: dict, *, path: str):
    """Return the existing record `item["id"]` of `parent`, or a new one."""
    record_id = item.get("id")
    if record_id is None:
        return model(**{parent_field: parent})
    record = model.objects.filter(**{parent_field: parent, "pk": record_id}).first()
    if record is None:
        raise ValidationError({f"{path}.id": _("No such record here: %(id)s.") % {"id": record_id}})
    return record


def _records_replace(model, parent_field: str, parent, items: list[dict], *, path: str, save):
    """Make `parent`'s records of `model` the `items`: an item with an id updates that record,
    one without creates a record, and records not named are deleted. `save(record, item,
    path)` validates and saves each one."""
    kept = {item["id"] for item in items if item.get("id") is not None}
    model.objects.filter(**{parent_field: parent}).exclude(pk__in=kept).delete()
    for index, item in enumerate(items):
        at = f"{path}[{index}]"
        record = _record_for(model, parent_field, parent, item, path=at)
        save(record, item, at)


def _assign(record, item: dict, names: Iterable[str]) -> None:
    for name in names:
        if name in item:
            setattr(record, name, item[name])


def _charge_save(case: Case, acting_user: ActingUser):
    def save(charge: Charge, item: dict, at: str) -> None:
        _assign(
            charge,
            item,
            (
                "instrument_kind",
                "instrument",
                "article",
                "offence",
                "maximum_penalty",
                "date_brought",
                "status",
                "sentence",
                "decided_on",
            ),
        )
        if "defender" in item:
            charge.defender = _case_defenders_at(case, [item["defender"]], path=f"{at}.defender")[0]
        if item.get("replaced_by") is not None:
            # Named before full_clean: Charge.clean reads the replacement, which must exist.
            replacement = Charge.objects.filter(case=case, pk=item["replaced_by"]).first()
            if replacement is None:
                raise ValidationError(
                    {
                        f"{at}.replaced_by": _("Not a charge of this case: %(id)s.")
                        % {"id": item["replaced_by"]}
                    }
                )
            charge.replaced_by = replacement
        elif "replaced_by" in item:
            charge.replaced_by = None
        _full_clean_at(at, charge)
        _with_history_user(charge, acting_user).save()

    return save


def _detention_period_save(case: Case, acting_user: ActingUser):
    def save_extension(extension: DetentionExtension, item: dict, at: str) -> None:
        _assign(extension, item, ("ordered_on", "term_days", "term_months", "ordered_by", "notes"))
        _full_clean_at(at, extension)
        _with_history_user(extension, acting_user).save()

    def save(period: DetentionPeriod, item: dict, at: str) -> None:
        _assign(
            period,
            item,
            (
                "kind",
                "start_date",
                "term_days",
                "term_months",
                "ordered_by",
                "place",
                "incommunicado",
                "actual_end",
                "notes",
            ),
        )
        if "defender" in item:
            period.defender = _case_defenders_at(case, [item["defender"]], path=f"{at}.defender")[0]
        _full_clean_at(at, period)
        _with_history_user(period, acting_user).save()
        if "extensions" in item:
            _records_replace(
                DetentionExtension,
                "period",
                period,
                item["extensions"],
                path=f"{at}.extensions",
                save=save_extension,
            )
        # The term counts the extensions, which are saved after the period. Reminders are
        # planned once, at the end of case_update.
        detention_period_refresh_term(period=period, replan=False)

    return save


def _hearing_save(case: Case, acting_user: ActingUser):
    def save(hearing: Hearing, item: dict, at: str) -> None:
        _assign(
            hearing,
            item,
            (
                "court",
                "city",
                "local_date",
                "local_time",
                "time_zone",
                "purpose",
                "status",
                "outcome",
                "observers_attending",
            ),
        )
        defenders = None
        if "defenders" in item:
            defenders = _case_defenders_at(case, item["defenders"], path=f"{at}.defenders")
        try:
            hearing_save(
                hearing=hearing,
                acting_user=acting_user,
                move_reason=item.get("move_reason", ""),
                replan=False,
            )
        except ValidationError as exc:
            raise _error_at(at, exc) from exc
        if defenders is not None:
            hearing.defenders.set(defenders)

    return save


def _event_save(case: Case, acting_user: ActingUser):
    def save(event: Event, item: dict, at: str) -> None:
        _assign(
            event,
            item,
            (
                "date",
                "kind",
                "description",
                "seized_items",
                "citation",
                "source_identity",
                "disclosed_fields",
            ),
        )
        defenders = None
        if "defenders" in item:
            defenders = _case_defenders_at(case, item["defenders"], path=f"{at}.defenders")
        _full_clean_at(at, event)
        _with_history_user(event, acting_user).save()
        if defenders is not None:
            event.defenders.set(defenders)

    return save


def _external_reference_save(case: Case, acting_user: ActingUser):
    def save(reference: ExternalReference, item: dict, at: str) -> None:
        _assign(reference, item, ("issuer", "reference", "date", "url"))
        _full_clean_at(at, reference)
        _with_history_user(reference, acting_user).save()

    return save


_RECORD_SAVERS = {
    "charges": (Charge, _charge_save),
    "detention_periods": (DetentionPeriod, _detention_period_save),
    "hearings": (Hearing, _hearing_save),
    "events": (Event, _event_save),
    "external_references": (ExternalReference, _external_reference_save),
}


def _case_target_authorities_set(*, case: Case, ids: list, acting_user: ActingUser) -> None:
    from authorities.models import Authority

    authorities = _resolve(Authority, ids, path="target_authorities", noun=_("authority"))
    if len(set(ids)) != len(ids):
        raise ValidationError(
            {"target_authorities": _("This authority is already a target of the case.")}
        )
    wanted = [a.pk for a in authorities]
    if [link.authority_id for link in case.case_authorities.all()] == wanted:
        return
    case.case_authorities.all().delete()
    for position, authority_id in enumerate(wanted):
        link = CaseAuthority(case=case, authority_id=authority_id, position=position)
        _full_clean_at(f"target_authorities[{position}]", link)
        _with_history_user(link, acting_user).save()


@transaction.atomic
def case_update(*, case: Case, data: dict, acting_user: ActingUser) -> Case:
    """Change the case's own fields and links given in `data`, and replace each list of
    records given (charges, detention_periods with their extensions, hearings, events,
    external_references: an item with an `id` updates that record, one without creates one,
    records left out are deleted); return the case. Nothing is written unless all is valid.

    `status` goes through case_set_status (only reviewers publish); `violations` are slugs,
    `defenders` and `target_authorities` (in order) are ids of existing records; a record's
    `defender` or `defenders` must be defenders of the case. Errors are named by their path in
    `data`, e.g. "charges[1].article".
    """
    before = None
    if not case._state.adding:
        case = Case.objects.select_for_update().get(pk=case.pk)
        before = case_records_state(case_id=case.pk)
    for name in CASE_OWN_FIELDS:
        if name in data:
            setattr(case, name, data[name])
    stored_status = None if case._state.adding else case.status
    status = data.get("status", stored_status)
    if status is not None and status != stored_status:
        case = case_set_status(case=case, status=status, acting_user=acting_user)
    else:
        case.full_clean()
        _with_history_user(case, acting_user).save()

    if "violations" in data:
        case.violations.set(
            _resolve(
                ViolationLabel,
                data["violations"],
                path="violations",
                field="slug",
                noun=_("violation label"),
            )
        )
    if "defenders" in data:
        from defenders.models import Defender

        case.defenders.set(
            _resolve(Defender, data["defenders"], path="defenders", noun=_("defender"))
        )
    if "target_authorities" in data:
        _case_target_authorities_set(
            case=case, ids=list(data["target_authorities"]), acting_user=acting_user
        )
    for key in CASE_RECORD_LISTS:
        if key in data:
            model, saver = _RECORD_SAVERS[key]
            _records_replace(
                model, "case", case, list(data[key]), path=key, save=saver(case, acting_user)
            )
    case_touch(case_id=case.pk)
    changes = (
        case_change_lines(before=before, after=case_records_state(case_id=case.pk))
        if before is not None
        else []
    )
    case_records_changed.send(
        sender=Case, case_id=case.pk, acting_user=acting_user, changes=changes
    )
    case.refresh_from_db()
    return case


def case_create(*, data: dict, acting_user: ActingUser) -> Case:
    """Create a case with its links and records (see case_update for `data`), and return it."""
    return case_update(case=Case(), data=data, acting_user=acting_user)


# --- Appeals composed and issued in one request (the API) -----------------------------------


@transaction.atomic
def appeal_compose(
    *,
    appeal: Appeal,
    acting_user: ActingUser,
    texts: list[dict] | None = None,
    actions: list[dict] | None = None,
    authorities: list | None = None,
    violations: list[str] | None = None,
) -> Appeal:
    """Replace the draft appeal's texts, actions (each with a `text` or a `clause` id, whose
    text is copied in), addressed authorities (ids, in order) and violations (slugs) with
    those given; return the appeal. Errors are named by their path, e.g. "actions[0].text"."""
    from authorities.models import Authority

    if appeal.is_issued:
        raise ValidationError(
            {
                "reference": _("This appeal was already issued as %(reference)s.")
                % {"reference": appeal.reference}
            }
        )
    if texts is not None:
        appeal.texts.all().delete()
        for index, item in enumerate(texts):
            text = AppealText(appeal=appeal)
            _assign(
                text,
                item,
                ("language", "is_original", "title", "description", "background", "notes"),
            )
            _full_clean_at(f"texts[{index}]", text)
            _with_history_user(text, acting_user).save()
    if actions is not None:
        appeal.actions.all().delete()
        for index, item in enumerate(actions):
            action = Action(appeal=appeal)
            _assign(action, item, ("language", "position", "text"))
            action.clause_id = item.get("clause")
            _full_clean_at(f"actions[{index}]", action)
            _with_history_user(action, acting_user).save()
    if authorities is not None:
        resolved = _resolve(Authority, authorities, path="authorities", noun=_("authority"))
        appeal.appeal_authorities.all().delete()
        for position, authority in enumerate(resolved):
            link = AppealAuthority(appeal=appeal, authority=authority, position=position)
            _full_clean_at(f"authorities[{position}]", link)
            _with_history_user(link, acting_user).save()
    if violations is not None:
        appeal.violations.set(
            _resolve(
                ViolationLabel,
                violations,
                path="violations",
                field="slug",
                noun=_("violation label"),
            )
        )
    return appeal


@transaction.atomic
def case_appeal_issue(
    *,
    case: Case,
    acting_user: ActingUser,
    intervention_type: str | None = None,
    issue_date: dt.date | None = None,
    texts: list[dict] | None = None,
    actions: list[dict] | None = None,
    authorities: list | None = None,
    violations: list[str] | None = None,
) -> Appeal:
    """Create an appeal on the case (appeal_create: prefilled from the case), replace what is
    given (appeal_compose), and issue it (appeal_issue); return the issued appeal. Authorities
    and violations left out are the case's."""
    # The case's row is locked first, as appeal_issue does, so that concurrent requests on one
    # case queue up here (and agree on "Urgent Appeal" versus "New information").
    case = Case.objects.select_for_update().get(pk=case.pk)
    original = next((t for t in texts or [] if t.get("is_original")), None)
    appeal = appeal_create(
        case=case,
        acting_user=acting_user,
        intervention_type=intervention_type,
        language=original["language"] if original and original.get("language") else "en",
    )
    appeal_compose(
        appeal=appeal,
        acting_user=acting_user,
        texts=texts,
        actions=actions,
        authorities=authorities,
        violations=violations,
    )
    return appeal_issue(appeal=appeal, acting_user=acting_user, issue_date=issue_date)

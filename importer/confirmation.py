"""Recording what staff confirmed of an imported appeal (issue 15): the defenders, the case,
the appeal as the archival document it is and the case's records, through the same services
as the staff API. Facts are stated in that appeal; every history row written carries the
review's note as its change reason."""

import contextlib
import datetime as dt
import functools
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from appeals_site.history_notes import history_noted
from authorities.models import Authority
from authorities.services import authority_create
from cases.dates import Precision
from cases.models import Appeal, Case, Issuer, ViolationLabel
from cases.references import reference_numbers
from cases.services import case_appeal_issue, case_create, case_update
from defenders.models import Defender
from defenders.services import defender_create
from importer.reading.proposal import Proposal, ReadDate
from importer.selectors import country_code, country_time_zone

# The printed intervention type's words, in the languages appeals are printed in, and the
# type they name; a follow-up of another issuer is "further information".
_FOLLOW_UP_WORDS = (
    "new information",
    "further information",
    "nouvelles informations",
    "nueva información",
    "nuevas informaciones",
    "weitere informationen",
)
_ORIGINAL_WORDS = {
    "urgent appeal": Appeal.InterventionType.URGENT_APPEAL,
    "appel urgent": Appeal.InterventionType.URGENT_APPEAL,
    "llamamiento urgente": Appeal.InterventionType.URGENT_APPEAL,
    "urgent action": Appeal.InterventionType.URGENT_ACTION,
}


def _refused(errors: dict[str, str]) -> ValidationError:
    return ValidationError(errors)


def _renamed(exc: ValidationError, rename) -> ValidationError:
    """Return the service's refusal with each field path named as on the proposal."""
    if not hasattr(exc, "error_dict"):
        return ValidationError({rename(""): exc.messages})
    return ValidationError(
        {
            rename(path): [m for e in errors for m in e.messages]
            for path, errors in exc.error_dict.items()
        }
    )


def _field_at(prefix: str, names: dict[str, str], path: str) -> str:
    """Name a service's field `path` under `prefix`: "other_names[0].name" of the second
    defender is "defenders.1.other_names.0.name"."""
    path = "" if path == "__all__" else re.sub(r"\[(\d+)\]", r".\1", path)
    path = names.get(path, path)
    return f"{prefix}.{path}" if path else prefix


def _intervention_type(printed: str, *, own: bool) -> str | None:
    words = printed.casefold()
    if any(w in words for w in _FOLLOW_UP_WORDS):
        return (
            Appeal.InterventionType.NEW_INFORMATION
            if own
            else Appeal.InterventionType.FURTHER_INFORMATION
        )
    for word, kind in _ORIGINAL_WORDS.items():
        if word in words:
            return kind
    return None


def _issuer(proposal: Proposal) -> Issuer:
    """Return the issuer on record the appeal names (before a comma: "Candle International,
    Sektion Deutschland"); the organisation itself when its reference is in the
    organisation's format."""
    printed = proposal.issuer.value if proposal.issuer else ""
    organisation = printed.split(",")[0].strip()
    if organisation:
        found = Issuer.objects.filter(name__iexact=organisation).first()
        if found is not None:
            return found
    if proposal.reference and reference_numbers(proposal.reference.value) is not None:
        return Issuer.objects.own()
    raise _refused(
        {
            "issuer": _("No issuer on record is named “%(issuer)s”: add it to the issuers first.")
            % {"issuer": printed}
        }
    )


def _day(read: ReadDate | None):
    """Return the day a read date names, or None when it is no exact day."""
    if read is None or read.value is None or read.value.precision != Precision.DAY:
        return None
    return read.value.earliest


def _surname(name: str) -> str:
    return name.split()[-1] if name.split() else name


def _named_in(text: str, names: list[str]) -> list[int]:
    """Return the indexes of the names whose surname the text names."""
    return [
        i for i, name in enumerate(names) if re.search(rf"\b{re.escape(_surname(name))}\b", text)
    ]


@transaction.atomic
def proposal_confirm(
    *,
    proposal: Proposal,
    case: Case | None = None,
    defender_matches: dict[int, Defender | None],
    authority_matches: dict[int, Authority | None],
    acting_user,
    history_note: str,
) -> Appeal:
    """Record the proposal as staff corrected it, and return the appeal recorded: the
    defenders not matched (those matched are linked as they are), the case (`case`, or a new
    one), the appeal with its addressees (those matched linked, the others created) and the
    case's records, stated in the appeal. Any refusal rolls everything back and is raised
    with the proposal's field path ("defenders.1.name")."""
    with history_noted(history_note):
        return _confirm(
            proposal=proposal,
            case=case,
            defender_matches=defender_matches,
            authority_matches=authority_matches,
            acting_user=acting_user,
        )


def _confirm(*, proposal, case, defender_matches, authority_matches, acting_user) -> Appeal:
    printed_country = proposal.country_as_printed.value if proposal.country_as_printed else ""
    country = country_code(printed_country)
    if country is None:
        raise _refused(
            {
                "country": _("“%(country)s” is no country known in English, French or Spanish.")
                % {"country": printed_country}
            }
        )
    if not proposal.language:
        raise _refused({"language": _("The appeal's language is not known.")})
    issuer = _issuer(proposal)
    printed_type = proposal.intervention_type.value if proposal.intervention_type else ""
    intervention_type = _intervention_type(printed_type, own=issuer.is_own)
    if intervention_type is None:
        raise _refused(
            {
                "intervention_type": _("“%(type)s” is no intervention type known.")
                % {"type": printed_type}
            }
        )
    if proposal.issue_date is None or _day(proposal.issue_date) is None:
        raise _refused({"issue_date": _("The appeal's issue date is no exact day.")})
    title = proposal.title.value if proposal.title else ""

    # The defenders: those matched as they are, the others created.
    defenders: list[Defender] = []
    for index, proposed in enumerate(proposal.defenders):
        matched = defender_matches.get(index)
        if matched is not None:
            defenders.append(matched)
            continue
        fields = {"full_name": proposed.name}
        affiliations = [
            {"role": a.role, "organisation": a.organisation or ""} for a in proposed.affiliations
        ]
        try:
            defenders.append(
                defender_create(
                    acting_user=acting_user,
                    other_names=[{"name": n} for n in proposed.other_spellings],
                    affiliations=affiliations,
                    **fields,
                )
            )
        except ValidationError as exc:
            raise _renamed(
                exc,
                functools.partial(_field_at, f"defenders.{index}", {"full_name": "name"}),
            ) from exc

    # The case: new, or the one given with these defenders added.
    try:
        if case is None:
            # The country's time zone when it has one only; else the case keeps UTC, and no
            # hearing of it gets a local time (that would place it on the wrong instant).
            time_zone = country_time_zone(country)
            case = case_create(
                data={
                    "country": country,
                    "title": title,
                    "defenders": [d.pk for d in defenders],
                    **({"time_zone": time_zone} if time_zone else {}),
                },
                acting_user=acting_user,
            )
            time_zone_known = time_zone is not None
        else:
            # A case on record: its time zone is staff's.
            time_zone_known = True
            linked = list(case.defenders.values_list("pk", flat=True))
            case = case_update(
                case=case,
                data={"defenders": [*linked, *(d.pk for d in defenders if d.pk not in linked)]},
                acting_user=acting_user,
            )
    except ValidationError as exc:
        raise _renamed(exc, lambda path: "case" if path in ("", "__all__") else path) from exc

    # The addressees: those matched linked, the others created in the directory.
    authorities = []
    for index, addressee in enumerate(proposal.addressees):
        matched = authority_matches.get(index)
        if matched is not None:
            authorities.append(matched.pk)
            continue
        contacts = []
        if addressee.fax:
            contacts.append({"kind": "fax", "value": addressee.fax, "position": 0})
        if addressee.email:
            contacts.append({"kind": "email", "value": addressee.email, "position": 1})
        fields = {
            "person_name": addressee.name if addressee.post else "",
            "post": addressee.post or addressee.name or "",
            "country": country,
            "office": addressee.office or "",
            "salutation": addressee.salutation or "",
        }
        try:
            authorities.append(
                authority_create(acting_user=acting_user, contacts=contacts, **fields).pk
            )
        except ValidationError as exc:
            raise _renamed(
                exc,
                functools.partial(_field_at, f"addressees.{index}", {"person_name": "name"}),
            ) from exc

    appeal = _appeal_issue(
        proposal=proposal,
        case=case,
        issuer=issuer,
        intervention_type=intervention_type,
        title=title,
        authorities=authorities,
        acting_user=acting_user,
    )
    _records_save(
        proposal=proposal,
        case=case,
        appeal=appeal,
        defenders=defenders,
        acting_user=acting_user,
        local_times=time_zone_known,
    )
    return appeal


_APPEAL_PATHS = {
    "authorities": "addressees",
    "issue_date_as_printed": "issue_date",
    "embassy_clause": "embassy_clause",
    "footnotes": "notes",
    "texts": "title",
}


def _appeal_path(path: str) -> str:
    """Name an appeal service's field path as on the proposal: "actions[1].text" is
    "actions.1.text"."""
    path = re.sub(r"\[(\d+)\]", r".\1", path)
    head, _dot, rest = path.partition(".")
    if head in ("texts",):
        return "title"
    head = _APPEAL_PATHS.get(head, head)
    return f"{head}.{rest}" if rest else head


def _appeal_issue(*, proposal, case, issuer, intervention_type, title, authorities, acting_user):
    language = proposal.language
    labels = {label.name.casefold(): label.slug for label in ViolationLabel.objects.all()}
    fields = {
        "issue_date_as_printed": proposal.issue_date.as_printed,
        "embassy_clause": proposal.embassy_clause.value if proposal.embassy_clause else "",
    }
    if proposal.reference:
        fields["reference"] = proposal.reference.value
    if proposal.index_number:
        fields["index_number"] = proposal.index_number.value
    if proposal.issuer and proposal.issuer.value != issuer.name:
        fields["issuer_as_printed"] = proposal.issuer.value
    if proposal.intervention_type and proposal.intervention_type.value != str(
        Appeal.InterventionType(intervention_type).label
    ):
        fields["intervention_type_as_printed"] = proposal.intervention_type.value
    try:
        return case_appeal_issue(
            case=case,
            acting_user=acting_user,
            intervention_type=intervention_type,
            issue_date=_day(proposal.issue_date),
            issuer=issuer.slug,
            texts=[{"language": language, "is_original": True, "title": title}],
            actions=[
                {"language": language, "position": position, "text": action.text}
                for position, action in enumerate(proposal.actions, start=1)
            ],
            authorities=authorities,
            violations=[
                labels[v.value.casefold()]
                for v in proposal.violations
                if v.value.casefold() in labels
            ],
            footnotes=[
                {
                    "number": note.number,
                    "text": note.text,
                    "reference": note.reference.value if note.reference else "",
                    "date": note.date.value if note.date else None,
                    "date_as_printed": note.date.as_printed if note.date else "",
                }
                for note in proposal.notes
            ],
            # An archival appeal dated before the case's first on record is as printed.
            confirm_date_before_original=True,
            **fields,
        )
    except ValidationError as exc:
        raise _renamed(exc, _appeal_path) from exc


def _records_save(*, proposal, case, appeal, defenders, acting_user, local_times: bool) -> None:
    """Add the appeal's charges, measures, hearings, decisions and events to the case's
    records, stated in the appeal; the records already on the case are kept as they are."""
    text = proposal.text
    names = [d.full_name for d in defenders]
    ids = [d.pk for d in defenders]
    # Which item of each list sent comes from which proposed fact, to name refusals.
    origin: dict[str, str] = {}

    def kept(queryset) -> list[dict]:
        return [{"id": pk} for pk in queryset.values_list("pk", flat=True)]

    def named(start: int, end: int) -> list[int]:
        return [ids[i] for i in _named_in(text[start:end], names)]

    def named_around(start: int, end: int) -> list[int]:
        """The defenders the fact's sentence names, else its paragraph's, else the only
        defender; none when that does not tell."""
        sentence = (text.rfind(". ", 0, start) + 1, text.find(". ", end))
        paragraph = (text.rfind("\n\n", 0, start) + 1, text.find("\n\n", end))
        for first, last in (sentence, paragraph):
            found = named(max(first, 0), len(text) if last < 0 else last)
            if found:
                return found
        return ids if len(ids) == 1 else []

    proceedings = kept(case.proceedings.all())
    charges: list[dict] = []
    for index, charge in enumerate(proposal.charges):
        item = {
            "offence": charge.offence or "",
            "article": charge.article or "",
            "instrument": charge.instrument or "",
            "maximum_penalty": charge.max_penalty or "",
        }
        on = named_around(charge.start, charge.end)
        if not on:
            continue  # a charge is someone's: not recorded when the text does not say whose
        item["defenders"] = on
        origin[f"proceedings.{len(proceedings)}.charges.{len(charges)}"] = f"charges.{index}"
        charges.append(item)
    decisions: list[dict] = []
    for index, decision in enumerate(proposal.decisions):
        item = {"court": decision.court or ""}
        if decision.date is not None and _day(decision.date) is not None:
            item["date"] = _day(decision.date)
            item["date_as_printed"] = decision.date.as_printed
        origin[f"proceedings.{len(proceedings)}.decisions.{len(decisions)}"] = f"decisions.{index}"
        decisions.append(item)
    if charges or decisions:
        # The proceeding the appeal tells of; its kind and name are not printed.
        proceedings.append({"charges": charges, "decisions": decisions})

    periods = kept(case.detention_periods.all())
    for index, measure in enumerate(proposal.measures):
        on = named_around(measure.start, measure.end)
        for defender in on:
            item = {
                "defender": defender,
                "kind": measure.kind,
                "kind_as_printed": measure.measure_as_printed,
                "term_as_printed": measure.term_as_printed or "",
            }
            if measure.date is not None and measure.date.value is not None:
                item["start_date"] = measure.date.value
                item["start_date_as_printed"] = measure.date.as_printed
            origin[f"detention_periods.{len(periods)}"] = f"measures.{index}"
            periods.append(item)

    hearings = kept(case.hearings.all())
    for index, hearing in enumerate(proposal.hearings):
        if _day(hearing.date) is None:
            continue
        item = {
            "court": hearing.court or "",
            "local_date": _day(hearing.date),
            "local_date_as_printed": hearing.date.as_printed,
            "time_zone": case.time_zone,
            "time_as_printed": hearing.time_as_printed or "",
            "defenders": named(hearing.start, hearing.end),
        }
        if hearing.local_time and local_times:
            with contextlib.suppress(ValueError):
                item["local_time"] = dt.time.fromisoformat(hearing.local_time)
        origin[f"hearings.{len(hearings)}"] = f"hearings.{index}"
        hearings.append(item)

    events = kept(case.events.all())
    for index, event in enumerate(proposal.events):
        if event.date.value is None:
            continue
        origin[f"events.{len(events)}"] = f"events.{index}"
        events.append(
            {
                "date": event.date.value,
                "date_as_printed": event.date.as_printed,
                "kind": "other",
                "description": text[event.start : event.end],
                "defenders": named(event.start, event.end),
            }
        )

    def rename(path: str) -> str:
        path = re.sub(r"\[(\d+)\]", r".\1", path)
        for prefix in sorted(origin, key=len, reverse=True):
            if path == prefix or path.startswith(prefix + "."):
                return origin[prefix] + path[len(prefix) :]
        return path

    try:
        case_update(
            case=case,
            data={
                "proceedings": proceedings,
                "detention_periods": periods,
                "hearings": hearings,
                "events": events,
                "source_appeal": appeal.pk,
            },
            acting_user=acting_user,
        )
    except ValidationError as exc:
        raise _renamed(exc, rename) from exc

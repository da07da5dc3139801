"""The review of a proposal, field by field (issue 15): pure functions, no database.

`proposal_fields` flattens every proposed value into a `ReviewField` with a stable key
("reference", "defenders.0.name", "defenders.0.affiliations.1.role", "hearings.0.date"), the
group the review screen shows it in, its value as text and its span in the document's text.
`proposal_corrected` applies staff's decision on each key (accept, correct with a new value,
drop) and returns the proposal staff confirm."""

import copy
import dataclasses
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.dates import UncertainDate
from cases.models import DetentionPeriod
from importer.reading.proposal import Proposal, Read

ACCEPT = "accept"
CORRECT = "correct"
DROP = "drop"

# The groups of the review screen, in its order.
GROUPS = {
    "identity": _("Identity of the appeal"),
    "defenders": _("Defenders"),
    "charges": _("Charges"),
    "measures": _("Detention and other measures"),
    "hearings": _("Hearings"),
    "decisions": _("Decisions"),
    "events": _("Events"),
    "addressees": _("Addressees"),
    "actions": _("Actions requested"),
    "footnotes": _("Footnotes"),
}

# The kinds of fact Proposal.unread names, as the review screen lists them.
UNREAD = {
    "reference": _("The reference"),
    "issue_date": _("The issue date"),
    "issuer": _("The issuer"),
    "defenders": _("The defenders"),
    "actions": _("The actions requested"),
    "addressees": _("The addressees"),
}

# How a corrected value is checked (and stored).
TEXT = "text"
DATE = "date"
TIME = "time"
EMAIL = "email"
MEASURE_KIND = "measure_kind"

_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


@dataclass(frozen=True)
class Decision:
    """Staff's decision on one field: accept it, correct it to `value`, or drop it."""

    action: str = ACCEPT
    value: str = ""


@dataclass(frozen=True)
class ReviewField:
    key: str
    group: str
    # The number of the defender, charge, hearing … it belongs to (from 1); None for the
    # appeal's own fields.
    item: int | None
    label: str | Promise
    # The value as text: a date in the API's form (UncertainDate.iso), "" for a date printed
    # "[sic]" that does not exist.
    value: str
    # A date's words as printed; "" for other values.
    printed: str
    start: int
    end: int
    kind: str = TEXT


@dataclass
class _Slot:
    """Where a field's value lives in the proposal, to read it and write it back."""

    field: ReviewField
    set: Callable[[Any], None]
    # The list, and the index in it, of the item the field cannot live without (a defender
    # without a name), removed when the field is dropped; None: dropping the field empties it.
    whole: tuple[list, int] | None = None


def proposal_fields(proposal: Proposal) -> list[ReviewField]:
    """Return every proposed value of `proposal`, in the review screen's order."""
    return [slot.field for slot in _slots(proposal)]


@dataclass
class Reviewed:
    """A proposal as staff corrected it, and for each of its lists ("defenders", "addressees"
    …) the index each item kept had in the proposal as read."""

    proposal: Proposal
    origins: dict[str, list[int]]

    def key_as_read(self, key: str) -> str:
        """Return `key` of the corrected proposal ("defenders.0.name") as the key of the same
        field in the proposal as read ("defenders.1.name", the first defender dropped)."""
        name, _dot, rest = key.partition(".")
        index, _dot, tail = rest.partition(".")
        if name not in self.origins or not index.isdigit():
            return key
        origins = self.origins[name]
        if int(index) >= len(origins):
            return key
        return ".".join(part for part in (name, str(origins[int(index)]), tail) if part)


def proposal_unread(proposal: Proposal) -> list:
    """Return what could not be read in `proposal`, as the review screen lists it."""
    return [UNREAD.get(kind, kind) for kind in proposal.unread]


def proposal_corrected(proposal: Proposal, decisions: Mapping[str, Decision]) -> Proposal:
    """Return `proposal` with staff's `decisions` applied (see proposal_reviewed)."""
    return proposal_reviewed(proposal, decisions).proposal


def proposal_reviewed(proposal: Proposal, decisions: Mapping[str, Decision]) -> Reviewed:
    """Return a copy of `proposal` with staff's `decisions` applied, by field key; a key
    without a decision is accepted. Dropping the field an item cannot be without (a defender's
    name, a measure's kind, an event's date, an action's text) drops the item; an item left
    with nothing is dropped too. Raise ValidationError keyed by the field key for a key that
    is not proposed, a correction left empty or a value of the wrong form; the proposal given
    is never changed."""
    corrected = copy.deepcopy(proposal)
    slots = {slot.field.key: slot for slot in _slots(corrected)}
    errors: dict[str, list[str]] = {}
    removed: list[tuple[list, Any]] = []
    for key, decision in decisions.items():
        slot = slots.get(key)
        if slot is None:
            errors[key] = [gettext("This field was not proposed.")]
            continue
        if decision.action == ACCEPT:
            continue
        if decision.action == DROP:
            if slot.whole is not None:
                removed.append(slot.whole)
            else:
                slot.set(None)
            continue
        if decision.action != CORRECT:
            errors[key] = [gettext("Choose to accept, correct or drop this field.")]
            continue
        try:
            slot.set(_checked(slot.field.kind, decision.value))
        except ValidationError as error:
            errors[key] = error.messages
    if errors:
        raise ValidationError(errors)
    origins = {
        f.name: list(range(len(getattr(corrected, f.name))))
        for f in dataclasses.fields(corrected)
        if isinstance(getattr(corrected, f.name), list) and f.name != "unread"
    }
    by_list = {id(getattr(corrected, name)): origins[name] for name in origins}
    # By index, last first, so that the indexes of the keys still hold while removing.
    lists = {id(items): items for items, _index in removed}
    for list_id, items in lists.items():
        for index in sorted({i for its, i in removed if id(its) == list_id}, reverse=True):
            del items[index]
            if list_id in by_list:
                del by_list[list_id][index]
    for name in ("charges", "hearings", "decisions", "addressees"):
        items = getattr(corrected, name)
        origins[name] = [o for o, item in zip(origins[name], items, strict=True) if _has_any(item)]
        setattr(corrected, name, [item for item in items if _has_any(item)])
    return Reviewed(corrected, origins)


def _checked(kind: str, value: str) -> Any:
    """Return the corrected `value` as the proposal holds a value of this kind."""
    value = value.strip()
    if not value:
        raise ValidationError(gettext("Enter the corrected value, or drop the field."))
    if kind == DATE:
        try:
            return UncertainDate.parse(value)
        except ValueError:
            raise ValidationError(
                gettext(
                    "Enter a date in the form 2021-03-14, 2021-03, 2021, 2012-autumn, "
                    "2019-11-03/2019-11-09 or 2015~."
                )
            ) from None
    if kind == TIME and not _TIME.match(value):
        raise ValidationError(gettext("Enter a time in the form 14:30."))
    if kind == EMAIL:
        validate_email(value)
    if kind == MEASURE_KIND and value not in DetentionPeriod.Kind.values:
        raise ValidationError(
            gettext("Choose one of: %(kinds)s.") % {"kinds": ", ".join(DetentionPeriod.Kind.values)}
        )
    return value


def _has_any(item: Any) -> bool:
    return any(
        getattr(item, f.name) not in (None, "")
        for f in dataclasses.fields(item)
        if f.name not in ("start", "end")
    )


def _slots(proposal: Proposal) -> list[_Slot]:
    return list(_walk(proposal))


def _field(
    key: str,
    group: str,
    item: int | None,
    label,
    value: str,
    start: int,
    end: int,
    *,
    kind: str = TEXT,
    printed: str = "",
) -> ReviewField:
    return ReviewField(
        key=key,
        group=group,
        item=item,
        label=label,
        value=value,
        printed=printed,
        start=start,
        end=end,
        kind=kind,
    )


def _attribute(
    owner: Any, name: str, key: str, group: str, item: int | None, label, *, kind: str = TEXT
) -> Iterator[_Slot]:
    """The slot of a plain text attribute, spanned by its owner; none when it is empty."""
    value = getattr(owner, name)
    if value in (None, ""):
        return

    def write(new, owner=owner, name=name):
        setattr(owner, name, new)

    yield _Slot(
        _field(key, group, item, label, value, owner.start, owner.end, kind=kind),
        set=write,
    )


def _read(owner: Any, name: str, key: str, group: str, item: int | None, label) -> Iterator[_Slot]:
    """The slot of a `Read` attribute (a value with its own span)."""
    read = getattr(owner, name)
    if read is None:
        return

    def write(new, owner=owner, name=name, read=read):
        setattr(owner, name, None if new is None else Read(new, read.start, read.end))

    yield _Slot(
        _field(key, group, item, label, read.value, read.start, read.end),
        set=write,
    )


def _date(
    owner: Any, name: str, key: str, group: str, item: int | None, label, whole=None
) -> Iterator[_Slot]:
    """The slot of a date as read (its value, the words as printed, its own span)."""
    found = getattr(owner, name)
    if found is None:
        return

    def write(new, owner=owner, name=name, found=found):
        setattr(owner, name, None if new is None else dataclasses.replace(found, value=new))

    yield _Slot(
        _field(
            key,
            group,
            item,
            label,
            found.value.iso() if found.value is not None else "",
            found.start,
            found.end,
            kind=DATE,
            printed=found.as_printed,
        ),
        set=write,
        whole=whole,
    )


def _required(slots: Iterator[_Slot], items: list, index: int) -> Iterator[_Slot]:
    """The slots given, each dropping the item at `index` of `items` when dropped."""
    for slot in slots:
        slot.whole = (items, index)
        yield slot


def _walk(p: Proposal) -> Iterator[_Slot]:
    g = "identity"
    yield from _read(p, "title", "title", g, None, _("Title"))
    yield from _read(p, "country_as_printed", "country_as_printed", g, None, _("Country"))
    yield from _read(p, "intervention_type", "intervention_type", g, None, _("Type"))
    yield from _read(p, "reference", "reference", g, None, _("Reference"))
    yield from _read(p, "index_number", "index_number", g, None, _("Index number"))
    yield from _read(p, "issuer", "issuer", g, None, _("Issuer"))
    yield from _date(p, "issue_date", "issue_date", g, None, _("Issue date"))
    for n in range(len(p.violations)):
        yield from _list_read(p.violations, n, f"violations.{n}", g, None, _("Violation"))
    yield from _read(p, "embassy_clause", "embassy_clause", g, None, _("Embassy sentence"))

    g = "defenders"
    for n, defender in enumerate(p.defenders):
        k, i = f"defenders.{n}", n + 1
        yield from _required(
            _attribute(defender, "name", f"{k}.name", g, i, _("Name")), p.defenders, n
        )
        yield from _attribute(defender, "honorific", f"{k}.honorific", g, i, _("Honorific"))
        for m in range(len(defender.other_spellings)):
            yield from _list_text(
                defender.other_spellings,
                m,
                f"{k}.other_spellings.{m}",
                g,
                i,
                _("Other spelling"),
                defender.start,
                defender.end,
            )
        for m, affiliation in enumerate(defender.affiliations):
            a = f"{k}.affiliations.{m}"
            yield from _required(
                _attribute(affiliation, "role", f"{a}.role", g, i, _("Role")),
                defender.affiliations,
                m,
            )
            yield from _attribute(
                affiliation, "organisation", f"{a}.organisation", g, i, _("Organisation")
            )

    g = "charges"
    for n, charge in enumerate(p.charges):
        k, i = f"charges.{n}", n + 1
        yield from _attribute(charge, "article", f"{k}.article", g, i, _("Article"))
        yield from _attribute(charge, "instrument", f"{k}.instrument", g, i, _("Code or law"))
        yield from _attribute(charge, "offence", f"{k}.offence", g, i, _("Offence"))
        yield from _attribute(charge, "max_penalty", f"{k}.max_penalty", g, i, _("Maximum penalty"))

    g = "measures"
    for n, measure in enumerate(p.measures):
        k, i = f"measures.{n}", n + 1
        yield from _required(
            _attribute(measure, "kind", f"{k}.kind", g, i, _("Kind"), kind=MEASURE_KIND),
            p.measures,
            n,
        )
        yield from _attribute(
            measure, "measure_as_printed", f"{k}.measure_as_printed", g, i, _("As printed")
        )
        yield from _date(measure, "date", f"{k}.date", g, i, _("Date"))
        yield from _attribute(measure, "term_as_printed", f"{k}.term_as_printed", g, i, _("Term"))

    g = "hearings"
    for n, hearing in enumerate(p.hearings):
        k, i = f"hearings.{n}", n + 1
        yield from _date(hearing, "date", f"{k}.date", g, i, _("Date"))
        yield from _attribute(hearing, "court", f"{k}.court", g, i, _("Court"))
        yield from _attribute(
            hearing, "local_time", f"{k}.local_time", g, i, _("Local time"), kind=TIME
        )
        yield from _attribute(
            hearing, "time_as_printed", f"{k}.time_as_printed", g, i, _("Time as printed")
        )

    g = "decisions"
    for n, decision in enumerate(p.decisions):
        k, i = f"decisions.{n}", n + 1
        yield from _date(decision, "date", f"{k}.date", g, i, _("Date"))
        yield from _attribute(decision, "court", f"{k}.court", g, i, _("Court"))

    g = "events"
    for n, event in enumerate(p.events):
        yield from _date(
            event, "date", f"events.{n}.date", g, n + 1, _("Date"), whole=(p.events, n)
        )

    g = "addressees"
    for n, addressee in enumerate(p.addressees):
        k, i = f"addressees.{n}", n + 1
        yield from _attribute(addressee, "name", f"{k}.name", g, i, _("Name"))
        yield from _attribute(addressee, "post", f"{k}.post", g, i, _("Post"))
        yield from _attribute(addressee, "office", f"{k}.office", g, i, _("Office"))
        yield from _attribute(addressee, "fax", f"{k}.fax", g, i, _("Fax"))
        yield from _attribute(addressee, "email", f"{k}.email", g, i, _("E-mail"), kind=EMAIL)
        yield from _attribute(addressee, "salutation", f"{k}.salutation", g, i, _("Salutation"))

    g = "actions"
    for n, action in enumerate(p.actions):
        yield from _required(
            _attribute(action, "text", f"actions.{n}.text", g, n + 1, _("Action")),
            p.actions,
            n,
        )

    g = "footnotes"
    for n, note in enumerate(p.notes):
        k, i = f"notes.{n}", n + 1
        yield from _required(_attribute(note, "text", f"{k}.text", g, i, _("Footnote")), p.notes, n)
        yield from _read(note, "reference", f"{k}.reference", g, i, _("Earlier appeal"))
        yield from _date(note, "date", f"{k}.date", g, i, _("Date"))


def _list_read(items: list, n: int, key: str, group: str, item: int | None, label):
    read = items[n]

    def write(new, items=items, n=n, read=read):
        items[n] = Read(new, read.start, read.end)

    yield _Slot(
        _field(key, group, item, label, read.value, read.start, read.end),
        set=write,
        whole=(items, n),
    )


def _list_text(items: list, n: int, key: str, group: str, item: int | None, label, start, end):
    value = items[n]

    def write(new, items=items, n=n):
        items[n] = new

    yield _Slot(
        _field(key, group, item, label, value, start, end),
        set=write,
        whole=(items, n),
    )

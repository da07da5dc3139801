"""The data of an appeal letter, read from explicit public fields only.

Nothing here reads a confidential field (appeals_site.confidential): the fields a letter reads
are those declared `letter=True` in the records' declarations (cases/outward.py,
defenders/outward.py, authorities/outward.py), so a field added to a model later never reaches
a letter by accident. The letter is data, not model instances, so that the template cannot
walk to a confidential field either.
"""

import datetime as dt
import uuid
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Prefetch, Q
from django.utils import timezone, translation
from django.utils.text import get_text_list
from django.utils.translation import pgettext
from django_countries import countries
from django_countries.fields import Country

from appeals_site.outward import Record
from authorities.models import Authority, AuthorityContact
from authorities.outward import AUTHORITY, AUTHORITY_CONTACT
from cases.dates import local_today, uncertain_date
from cases.detention import detention_text, measure_text
from cases.models import (
    CUSTODY_KINDS,
    LETTER_CHARGE_STATUSES,
    Action,
    Appeal,
    AppealAuthority,
    AppealText,
    Charge,
    Decision,
    DetentionPeriod,
    Hearing,
    Ruling,
    SentencePart,
    UnnamedGroup,
    charge_text,
)
from cases.outward import (
    CHARGE,
    DECISION,
    DETENTION_PERIOD,
    HEARING,
    RULING,
    SENTENCE_PART,
    UNNAMED_GROUP,
)
from cases.selectors import custody_periods, defender_detention
from cases.sentences import ruling_charges_text, sentence_text
from defenders.models import Defender
from defenders.outward import DEFENDER


@dataclass(frozen=True)
class Campaigner:
    """Who signs the letter; every field may be blank (then the letter leaves lines to sign)."""

    name: str = ""
    organisation: str = ""
    city: str = ""
    country: str = ""

    def __bool__(self) -> bool:
        return any((self.name, self.organisation, self.city, self.country))


def _appeal_load(appeal: Appeal) -> Appeal:
    """Return the appeal again with everything a letter shows, in a constant number of queries."""
    detention_periods = Prefetch(
        "detention_periods",
        queryset=custody_periods(),
    )
    return (
        Appeal.objects.select_related("case", "issuer")
        .prefetch_related(
            "texts",
            Prefetch("actions", queryset=Action.objects.select_related("clause")),
            Prefetch(
                "case__defenders",
                queryset=Defender.objects.only("id", *_letter_columns(DEFENDER)).prefetch_related(
                    detention_periods, "other_names"
                ),
            ),
            Prefetch(
                "case__charges",
                queryset=Charge.objects.only(
                    "id", "case_id", "instrument_kind", *_letter_columns(CHARGE)
                )
                .prefetch_related(
                    Prefetch(
                        "defenders",
                        queryset=Defender.objects.only("id", "full_name", "local_name"),
                    ),
                    Prefetch("replaced_by", queryset=Charge.objects.only("id")),
                )
                .order_by("date_brought", "created_at"),
            ),
            Prefetch(
                "case__proceedings__decisions",
                queryset=Decision.objects.only(
                    "id", "proceeding_id", "created_at", *_letter_columns(DECISION)
                ).order_by("date", "created_at"),
            ),
            Prefetch(
                "case__proceedings__decisions__rulings",
                queryset=Ruling.objects.select_related("defender")
                .only(
                    "id",
                    "decision_id",
                    "defender__full_name",
                    "defender__local_name",
                    *_letter_columns(RULING),
                )
                .prefetch_related(
                    Prefetch(
                        "sentence_parts",
                        queryset=SentencePart.objects.only(
                            "id",
                            "ruling_id",
                            "requested",
                            "position",
                            "charge_id",
                            *_letter_columns(SENTENCE_PART),
                        ),
                    )
                )
                # The charges it rules on, in the same query (null: none named).
                .annotate(charge_ids=ArrayAgg("charges", filter=Q(charges__isnull=False))),
            ),
            # Measures that restrict without holding (travel bans, judicial control …):
            # custody is counted in days, through the defenders' periods above.
            Prefetch(
                "case__detention_periods",
                queryset=DetentionPeriod.objects.exclude(kind__in=CUSTODY_KINDS)
                .only("id", "case_id", *_letter_columns(DETENTION_PERIOD))
                .order_by("start_date", "id"),
                to_attr="restrictions",
            ),
            Prefetch(
                "case__unnamed_groups",
                queryset=UnnamedGroup.objects.only(
                    "id", "case_id", "position", *_letter_columns(UNNAMED_GROUP)
                ).order_by("position", "id"),
            ),
            Prefetch(
                "case__hearings",
                queryset=Hearing.objects.filter(status=Hearing.Status.SCHEDULED).order_by(
                    "starts_at", "id"
                ),
            ),
        )
        .get(pk=appeal.pk)
    )


def _letter_columns(record: Record) -> list[str]:
    return [record.by_name[name].column for name in record.letter()]


def _letter_fields(record: Record, instance) -> dict[str, Any]:
    """Return the fields of `instance` its declaration lets a letter read (a country by its
    name, in the active language)."""
    values = {}
    for name in record.letter():
        value = getattr(instance, record.by_name[name].column)
        values[name] = value.name if isinstance(value, Country) else value
    return values


def defender_name(defender: Defender, language: str) -> str:
    """Return the defender's name in the script of the letter's `language`."""
    return defender.name_for(language)


def _text_pick(texts: Sequence[AppealText], language: str) -> AppealText | None:
    by_language = {t.language: t for t in texts}
    original = next((t for t in texts if t.is_original), texts[0] if texts else None)
    return by_language.get(language, original)


def _actions_pick(appeal: Appeal, language: str, original_language: str | None) -> list[str]:
    """Return the actions' texts in order: at each position the version in `language`, or else
    the original language's."""
    by_position: dict[int, dict[str, Action]] = {}
    for each in appeal.actions.all():
        by_position.setdefault(each.position, {})[each.language] = each
    texts = []
    for position in sorted(by_position):
        versions = by_position[position]
        action: Action | None = versions.get(language) or (
            versions.get(original_language) if original_language else None
        )
        if action is None:
            continue  # Only in a third language: not this letter's.
        # No version of its own in this language: the standard action's, when it has one.
        if (
            action.language != language
            and action.clause is not None
            and action.clause.text_in(language)
        ):
            texts.append(action.clause.text_for(language=language, case=appeal.case))
            continue
        text = action.text.strip()
        if not text and action.clause is not None:
            text = action.clause.text_for(language=action.language, case=appeal.case)
        if text:
            texts.append(text)
    return texts


def _authorities_load(appeal: Appeal, authorities: Sequence[Authority] | None) -> list[Authority]:
    contacts = Prefetch("contacts", queryset=AuthorityContact.objects.order_by("position", "id"))
    if authorities is None:
        links = (
            AppealAuthority.objects.filter(appeal=appeal)
            .select_related("authority")
            .prefetch_related(Prefetch("authority__contacts", queryset=contacts.queryset))
            .order_by("position", "id")
        )
        return [link.authority for link in links]
    ids = [a.pk for a in authorities]
    loaded = Authority.objects.prefetch_related(contacts).in_bulk(ids)
    return [loaded[pk] for pk in ids if pk in loaded]


def _names_a_country(line: str) -> bool:
    """Whether `line` is a country's name (in English or the active language) or code."""
    line = line.strip().strip(".,").casefold()
    if not line:
        return False
    if countries.alpha2(line.upper()):
        return len(line) <= 3
    with translation.override("en"):
        english = {name.casefold() for _, name in countries}
    return line in english or line in {name.casefold() for _, name in countries}


def address_lines(
    *, postal_address: str, seat: str, country: str, seat_country: str = ""
) -> list[str]:
    """Return an authority's address as posted: the postal address's lines, then the country
    the post goes to when no line names one. That is the seat's country (`seat_country`, a
    mission in Geneva: Switzerland) where it sits abroad, else the `country` it acts for: the
    country a body acts for is not part of its postal address. Without a postal address: the
    seat, then that country."""
    posted_to = seat_country or country
    lines = [line.strip() for line in postal_address.splitlines() if line.strip()]
    if not lines:
        return [line for line in (seat.strip(), posted_to) if line]
    if posted_to and not any(_names_a_country(line) for line in lines):
        lines.append(posted_to)
    return lines


def _authority_data(authority: Authority, language: str) -> dict[str, Any]:
    fields = _letter_fields(AUTHORITY, authority)
    return {
        **fields,
        # In the letter's language where given (letters.selectors.appeal_letter_gaps says
        # which are not), else in English.
        "post": authority.post_in(language) or authority.post,
        "salutation": authority.salutation_in(language) or authority.salutation,
        "address_lines": address_lines(
            postal_address=fields["postal_address"],
            seat=fields["seat"],
            country=fields["country"],
            seat_country=fields["seat_country"],
        ),
        "contacts": [
            # The number that can be dialled, else as printed (authorities.contacts).
            {
                **_letter_fields(AUTHORITY_CONTACT, c),
                "value": c.value or c.as_printed,
                "label": c.get_kind_display(),
            }
            for c in authority.contacts.all()
        ],
    }


def _restrictions_text(measures: Sequence[DetentionPeriod], today: dt.date) -> list[str]:
    """Return the measures in force on `today` that restrict without holding, as written:
    "Travel ban since July 2017", "Travel ban" when its start is unknown
    (cases.detention.measure_text)."""
    texts = []
    for measure in measures:
        start = uncertain_date(measure, "start_date")
        end = uncertain_date(measure, "actual_end")
        # A start no source gives: in force unless it ended (or begins later, for all we know).
        if (
            (start is not None and start.earliest > today)
            or (end is not None and end.latest <= today)
            or (end is None and measure.ended)
        ):
            continue
        texts.append(measure_text(measure.get_kind_display(), start, measure.term_ends_on))
    return texts


def _defender_data(
    defender: Defender,
    today: dt.date,
    restrictions: Sequence[DetentionPeriod] = (),
    *,
    language: str,
    role_shown: bool = True,
) -> dict[str, Any]:
    detention = defender_detention(defender=defender, today=today)
    name = defender_name(defender, language)
    fields = _letter_fields(DEFENDER, defender)
    return {
        **fields,
        # The name in the letter's script, with the other one beside it.
        "full_name": name,
        "local_name": defender.full_name if name != defender.full_name else fields["local_name"],
        # A role is free text in the case's language: a letter in another language leaves it
        # out rather than mix languages.
        "role": fields["role"] if role_shown else "",
        # "director of the public foundation Taza Suu" needs no ", Taza Suu" after it.
        "organisation_in_role": role_shown
        and bool(defender.organisation)
        and defender.organisation.casefold() in defender.role.casefold(),
        # Blank when no source stated it: the letter then says nothing of it.
        "situation_label": defender.get_situation_display() if defender.situation else "",
        # Other spellings, so that a campaigner recognises the name as they read it elsewhere.
        "other_names": [o.name for o in defender.other_names.all()],
        "detained_since": detention.since if detention else None,
        "detained_days": detention.days if detention else None,
        "detention_text": detention_text(detention) if detention else "",
        "restrictions": _restrictions_text(restrictions, today),
    }


def in_sentence(text: str) -> str:
    """Return `text` as it reads inside a sentence: "Up to ten years" becomes "up to ten
    years"; an acronym or a word with other capitals ("UN", "McCarthy") is left as it is."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first[0].isupper() and first[1:] == first[1:].lower():
        return text[0].lower() + text[1:]
    return text


def _past_conviction(charge: Charge) -> bool:
    """A conviction that is over: a charge marked convicted, or an administrative charge a
    court decided (its fine or days of arrest long served)."""
    return charge.status == Charge.Status.CONVICTED or (
        charge.status == Charge.Status.DECIDED
        and charge.instrument_kind == Charge.InstrumentKind.ADMINISTRATIVE
    )


def _charges_data(charges: Sequence[Charge], language: str) -> dict[str, list[dict[str, Any]]]:
    """Return the charges a letter lists, those shared by several defenders on one line
    ("X and Y: …"), in the order brought; and, apart, the past convictions. Each text in
    `language` where the charge has it, else in English."""
    by_id = {charge.pk: charge for charge in charges}
    replaces: dict[uuid.UUID, list[Charge]] = {}
    for charge in charges:
        if charge.status == Charge.Status.REPLACED:
            for new in charge.replaced_by.all():
                replaces.setdefault(new.pk, []).append(charge)
    grouped: dict[str, dict[tuple, dict[str, Any]]] = {"charges": {}, "past_convictions": {}}
    for charge in charges:
        if _past_conviction(charge):
            kind = "past_convictions"
        elif charge.status in LETTER_CHARGE_STATUSES:
            kind = "charges"
        else:
            continue
        fields = _letter_fields(CHARGE, charge)
        fields["instrument"] = charge.instrument_in(language) or charge.instrument
        fields["offence"] = charge.offence_in(language) or charge.offence
        fields["maximum_penalty"] = in_sentence(
            charge.maximum_penalty_in(language) or charge.maximum_penalty
        )
        old = [
            {
                "instrument": o.instrument_in(language) or o.instrument,
                "article": o.article,
                "offence": o.offence_in(language) or o.offence,
            }
            for o in replaces.get(charge.pk, [])
            if o.pk in by_id
        ]
        key = (
            charge.instrument_kind,
            fields["instrument"],
            charge.article,
            fields["offence"],
            fields["maximum_penalty"],
            charge.status,
            tuple(tuple(sorted(o.items())) for o in old),
        )
        entry = grouped[kind].setdefault(key, {**fields, "names": [], "replaces": old})
        for defender in charge.defenders.all():
            name = defender_name(defender, language)
            if name not in entry["names"]:
                entry["names"].append(name)
    and_ = pgettext("letter", "and")
    return {
        kind: [
            {**entry, "defender": get_text_list(entry.pop("names"), and_)}
            for entry in entries.values()
        ]
        for kind, entries in grouped.items()
    }


def _decisions_data(case, charges: Sequence[Charge], language: str) -> list[dict[str, Any]]:
    """Return the courts' decisions, oldest first, each ruling with its sentence (imposed and
    requested) in words, from the sentence's parts (cases.sentences): never the source's
    free text."""
    labels = {charge.pk: charge_text(charge, language=language) for charge in charges}
    decisions = [d for p in case.proceedings.all() for d in p.decisions.all()]
    decisions.sort(key=lambda d: (d.date is None, d.date or dt.date.min, d.created_at))
    data = []
    for decision in decisions:
        rulings = []
        for ruling in decision.rulings.all():
            parts = sorted(ruling.sentence_parts.all(), key=lambda p: p.position)
            rulings.append(
                {
                    "defender": defender_name(ruling.defender, language),
                    "outcome_label": ruling.get_outcome_display(),
                    "charges": ruling_charges_text(ruling.charge_ids or [], charge_labels=labels),
                    "sentence": sentence_text(
                        [p for p in parts if not p.requested], charge_labels=labels
                    ),
                    "requested": sentence_text(
                        [p for p in parts if p.requested], charge_labels=labels
                    ),
                }
            )
        if rulings:
            data.append(
                {
                    **_letter_fields(DECISION, decision),
                    "instance_label": decision.get_level_display(),
                    "rulings": rulings,
                }
            )
    return data


def zone_text(*, time_zone: str, local_date: dt.date, local_time: dt.time | None) -> str:
    """Return how a letter names a hearing's time zone, in the active language: "Bishkek
    time, UTC+6", with the zone's city and its offset on that date (summer time counted)."""
    import babel.dates

    zone = zoneinfo.ZoneInfo(time_zone)
    moment = dt.datetime.combine(local_date, local_time or dt.time(12), tzinfo=zone)
    minutes = int(moment.utcoffset().total_seconds() // 60)  # type: ignore[union-attr]
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    offset = f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")
    locale = (translation.get_language() or "en").split("-")[0]
    city = babel.dates.get_timezone_location(time_zone, locale=locale, return_city=True)
    return pgettext("letter", "%(city)s time, %(offset)s") % {"city": city, "offset": offset}


def _hearing_data(
    hearings: Sequence[Hearing], start_of_today: dt.datetime, now: dt.datetime
) -> dict[str, Any] | None:
    """Return the first scheduled hearing from the start of today on, said in the past tense
    when it has begun (a hearing this morning, read in the afternoon)."""
    hearing = next((h for h in hearings if h.starts_at >= start_of_today), None)
    if hearing is None:
        return None
    return {
        **_letter_fields(HEARING, hearing),
        "purpose_label": hearing.get_purpose_display(),
        "court_display": hearing.court_display,
        "zone_text": zone_text(
            time_zone=hearing.time_zone,
            local_date=hearing.local_date,
            local_time=hearing.local_time,
        ),
        "past": hearing.starts_at <= now,
    }


def _campaigner_data(campaigner: Campaigner | None) -> dict[str, str]:
    """Return who signs, the country by its name in the active language ("CH": Switzerland)."""
    campaigner = campaigner or Campaigner()
    country = campaigner.country.strip()
    name = countries.name(country.upper()) if len(country) == 2 else ""
    return {
        "name": campaigner.name,
        "organisation": campaigner.organisation,
        "city": campaigner.city,
        "country": str(name) if name else country,
    }


def letter_campaigner_data(campaigner: Campaigner | None, language: str) -> dict[str, str]:
    """Return who signs a letter in `language` (the country by its name in that language)."""
    with translation.override(language):
        return _campaigner_data(campaigner)


def letter_context(
    *,
    appeal: Appeal,
    authorities: Sequence[Authority] | None,
    language: str,
    campaigner: Campaigner | None,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """Return the data of the letters of `appeal` to `authorities` (None: every authority the
    appeal is addressed to, in its order), in `language`, signed by `campaigner`: the
    appeal's part (letter_appeal_context) and who signs (letter_campaigner_data)."""
    return {
        **letter_appeal_context(
            appeal=appeal, authorities=authorities, language=language, today=today
        ),
        "campaigner": letter_campaigner_data(campaigner, language),
    }


def letter_appeal_context(
    *,
    appeal: Appeal,
    authorities: Sequence[Authority] | None,
    language: str,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """Return the data of the letters of `appeal` to `authorities` (None: every authority the
    appeal is addressed to, in its order), in `language`, but for who signs: the same for
    every campaigner.

    Plain data only (str, dates, ints, lists and dicts). Days detained and the letter's date
    are counted on `today` in the case's time zone (default: today there). Issues a constant
    number of queries, whatever the number of defenders, charges, actions or authorities.
    """
    appeal = _appeal_load(appeal)
    case = appeal.case
    today = today or local_today(case.time_zone)
    texts = list(appeal.texts.all())
    text = _text_pick(texts, language)
    original = next((t for t in texts if t.is_original), text)
    # Start of `today` in the case's time zone: a hearing later today is still the next one.
    start_of_today = dt.datetime.combine(
        today, dt.time.min, tzinfo=zoneinfo.ZoneInfo(case.time_zone)
    )
    charges = list(case.charges.all())
    with translation.override(language):
        restrictions: dict[uuid.UUID, list[DetentionPeriod]] = {}
        for measure in case.restrictions:  # type: ignore[attr-defined]  # Prefetch to_attr
            restrictions.setdefault(measure.defender_id, []).append(measure)
        # A role is free text, written in the appeal's language: other letters leave it out.
        role_shown = language == (original.language if original else "en")
        defenders = [
            _defender_data(
                d, today, restrictions.get(d.pk, []), language=language, role_shown=role_shown
            )
            for d in case.defenders.all()
        ]
        charges_data = _charges_data(charges, language)
        return {
            "language": language,
            "today": today,
            "organisation": settings.ORGANISATION_NAME,
            # The true issuer: the organisation, or another whose appeal this is.
            "issuer": appeal.issuer_name,
            "reference": appeal.reference or "",
            "intervention_type": appeal.intervention_type_name,
            "issue_date": appeal.issue_date,
            "country": case.country.name,
            "title": text.title if text else case.title,
            "text_language": text.language if text else language,
            "authorities": [
                _authority_data(a, language) for a in _authorities_load(appeal, authorities)
            ],
            "defenders": defenders,
            "detained": [d for d in defenders if d["detained_since"] is not None],
            # People the sources name only by a count, as printed.
            "unnamed_groups": [_letter_fields(UNNAMED_GROUP, g) for g in case.unnamed_groups.all()],
            "charges": charges_data["charges"],
            "past_convictions": charges_data["past_convictions"],
            "decisions": _decisions_data(case, charges, language),
            # Past once begun, as of the letter's day (a letter dated earlier was written then).
            "next_hearing": _hearing_data(
                list(case.hearings.all()),
                start_of_today,
                min(timezone.now(), start_of_today + dt.timedelta(days=1)),
            ),
            "actions": _actions_pick(appeal, language, original.language if original else None),
        }

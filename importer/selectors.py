"""What an imported appeal's proposal matches on record (issue 15): candidate cases,
defenders and authorities, best first, each with its evidence as a short sentence. Nothing is
chosen here: staff confirm each match on the review screen."""

import zoneinfo
from dataclasses import dataclass, field
from typing import Any

from babel.core import get_global
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _
from django_countries import countries
from rapidfuzz import fuzz, utils

from authorities.contacts import number_read
from authorities.models import Authority, AuthorityContact
from cases.models import Appeal, Case
from cases.references import reference_key, reference_split
from defenders.models import Defender
from importer.reading.proposal import Proposal, ProposedAddressee, ProposedDefender

# A name scoring below this (rapidfuzz, 0-100) is not proposed as a match.
NAME_THRESHOLD = 88
# The languages whose country names a title prints (issue 15).
COUNTRY_LANGUAGES = ("en", "fr", "es")


@dataclass(frozen=True)
class CaseMatch:
    case: Case
    evidence: str
    score: int


@dataclass(frozen=True)
class DefenderMatch:
    defender: Defender
    score: int
    evidence: str


@dataclass(frozen=True)
class AuthorityMatch:
    authority: Authority
    score: int
    evidence: str


@dataclass
class ProposalMatches:
    """Candidates, best first: cases; defenders and authorities by the index of the proposed
    defender or addressee."""

    case: list[CaseMatch] = field(default_factory=list)
    defenders: dict[int, list[DefenderMatch]] = field(default_factory=dict)
    authorities: dict[int, list[AuthorityMatch]] = field(default_factory=dict)


def country_code(printed: str) -> str | None:
    """Return the ISO 3166-1 alpha-2 code of a country named in English, French or Spanish
    ("Belarus", "Algérie", "Honduras"), or None when no country has that name."""
    wanted = utils.default_process(printed or "")
    if not wanted:
        return None
    for language in COUNTRY_LANGUAGES:
        with translation.override(language):
            for code, name in countries:
                if utils.default_process(str(name)) == wanted:
                    return code
    return None


def country_time_zone(code: str) -> str | None:
    """Return the time zone of a country that has one only (Belarus: Europe/Minsk), from the
    CLDR's list of each territory's zones (Babel); None for a country of several (Kazakhstan),
    whose courts' zone staff must give."""
    zones = [
        zone
        for zone in get_global("territory_zones").get(code, [])
        if zone in zoneinfo.available_timezones()
    ]
    return zones[0] if len(zones) == 1 else None


def _name_score(given: list[str], known: list[str]) -> tuple[int, str, str]:
    """Return the best score of any spelling given against any known, and that pair."""
    best = (0, "", "")
    for a in given:
        for b in known:
            score = int(fuzz.token_sort_ratio(a, b, processor=utils.default_process))
            if score > best[0]:
                best = (score, a, b)
    return best


def _known_names() -> list[tuple[Defender, list[str]]]:
    """Return every defender on record with the names it is known by (read once per
    proposal, however many defenders it names)."""
    return [
        (defender, [defender.full_name, *(o.name for o in defender.other_names.all())])
        for defender in Defender.objects.prefetch_related("other_names")
    ]


def defender_candidates(
    *, proposed: ProposedDefender, known_names: list[tuple[Defender, list[str]]]
) -> list[DefenderMatch]:
    """Return the defenders among `known_names` whose name or other spellings match the
    proposed defender's, best first."""
    given = [proposed.name, *proposed.other_spellings]
    found = []
    for defender, known in known_names:
        score, a, b = _name_score(given, known)
        if score >= NAME_THRESHOLD:
            evidence = (
                _("Same name: “%(name)s”.") % {"name": b}
                if score == 100
                else _("“%(given)s” is spelled “%(known)s” on record (%(score)d %%).")
                % {"given": a, "known": b, "score": score}
            )
            found.append(DefenderMatch(defender=defender, score=score, evidence=evidence))
    return sorted(found, key=lambda m: -m.score)


def _contact_keys(addressee: ProposedAddressee) -> set[tuple[str, str]]:
    keys = set()
    if addressee.fax:
        number, _warning = number_read(addressee.fax)
        if number:
            keys.add(("fax", number))
    if addressee.email:
        keys.add(("email", addressee.email.strip().casefold()))
    return keys


def _directory(country: str | None) -> list[Authority]:
    """Return the authorities whose name and post an addressee may match: those of the
    country when it is known (read once per proposal)."""
    authorities = Authority.objects.all()
    return list(authorities.filter(country=country) if country else authorities)


def authority_candidates(
    *, addressee: ProposedAddressee, directory: list[Authority]
) -> list[AuthorityMatch]:
    """Return the authorities matching the addressee, best first: by fax or e-mail anywhere in
    the directory (strong), else by name and post (fuzzy) among `directory`."""
    found: dict[Any, AuthorityMatch] = {}
    keys = _contact_keys(addressee)
    if keys:
        # Only the contacts with the addressee's fax or e-mail, found by the database.
        same = Q()
        for kind, value in keys:
            same |= Q(kind=kind, value__iexact=value)
        for contact in AuthorityContact.objects.filter(same).select_related("authority"):
            value = contact.value.strip()
            if contact.authority_id not in found:
                found[contact.authority_id] = AuthorityMatch(
                    authority=contact.authority,
                    score=100,
                    evidence=_("Same %(kind)s: %(value)s.")
                    % {"kind": contact.get_kind_display(), "value": value},
                )
    given = " ".join(filter(None, [addressee.name, addressee.post]))
    if given:
        for authority in directory:
            if authority.pk in found:
                continue
            known = " ".join(filter(None, [authority.person_name, authority.post]))
            score = int(fuzz.token_set_ratio(given, known, processor=utils.default_process))
            if score >= NAME_THRESHOLD:
                found[authority.pk] = AuthorityMatch(
                    authority=authority,
                    score=min(score, 99),
                    evidence=_("Name and post “%(known)s” in %(country)s (%(score)d %%).")
                    % {"known": known, "country": authority.country.name, "score": score},
                )
    return sorted(found.values(), key=lambda m: -m.score)


def _cases_by_reference(reference: str) -> list[CaseMatch]:
    base, followup = reference_split(reference)
    key = reference_key(base)
    appeals = Appeal.objects.filter(reference_key__startswith=key).select_related("case")
    found: dict[int, CaseMatch] = {}
    for appeal in appeals:
        if reference_key(reference_split(appeal.reference or "")[0]) != key:
            continue
        if appeal.case_id in found:
            continue
        if followup is None and reference_key(appeal.reference or "") == key:
            evidence = _("An appeal of this case is printed %(reference)s already.")
        else:
            evidence = _("A follow-up of %(reference)s, an appeal of this case.")
        found[appeal.case_id] = CaseMatch(
            case=appeal.case, evidence=evidence % {"reference": appeal.reference}, score=100
        )
    return list(found.values())


def proposal_matches(*, proposal: Proposal) -> ProposalMatches:
    """Return what the proposal matches on record, best first, each with its evidence."""
    matches = ProposalMatches()
    country = (
        country_code(proposal.country_as_printed.value) if proposal.country_as_printed else None
    )
    known_names = _known_names() if proposal.defenders else []
    for index, defender in enumerate(proposal.defenders):
        matches.defenders[index] = defender_candidates(proposed=defender, known_names=known_names)
    directory = _directory(country) if proposal.addressees else []
    for index, addressee in enumerate(proposal.addressees):
        matches.authorities[index] = authority_candidates(addressee=addressee, directory=directory)
    cases = _cases_by_reference(proposal.reference.value) if proposal.reference else []
    seen = {m.case.pk for m in cases}
    # Another issuer's appeal (or an unnumbered one) on the same people: the cases naming the
    # defenders matched.
    total = len(proposal.defenders)
    named: dict[Any, set[int]] = {}
    indexes_of: dict[Any, set[int]] = {}
    for index, candidates in matches.defenders.items():
        for candidate in candidates:
            indexes_of.setdefault(candidate.defender.pk, set()).add(index)
    # The cases naming the matched defenders, in one query.
    links = Case.defenders.through.objects.filter(defender_id__in=indexes_of)
    for case_id, defender_id in links.values_list("case_id", "defender_id"):
        named.setdefault(case_id, set()).update(indexes_of[defender_id])
    ranked = sorted(named.items(), key=lambda item: -len(item[1]))
    by_id = Case.objects.in_bulk([case_id for case_id, _i in ranked])
    for case_id, indexes in ranked:
        if case_id in seen:
            continue
        cases.append(
            CaseMatch(
                case=by_id[case_id],
                evidence=_("%(matched)d of %(total)d defenders are on this case.")
                % {"matched": len(indexes), "total": total},
                score=100 * len(indexes) // max(total, 1),
            )
        )
    matches.case = cases
    return matches

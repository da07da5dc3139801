"""The floor for bench/api.py: a page of whole cases as a partner sees them, built by one
hand-written PostgreSQL statement (json_build_object / json_agg, nested lists ordered in SQL,
confidential fields dropped unless disclosed, and decrypted in SQL when they are (pgcrypto),
uncertain dates written in the API's form,
the sources of facts (stated_in, changed_in) as a partner may see them, and "days held" and
"days detained" counted in SQL in each case's time zone). Python only wraps the documents
the database gives as text, with orjson.Fragment, and dumps them: nothing is parsed, sorted or
computed in Python.

Written independently of the application: it imports nothing of the project (the fields of
each record are listed below, the rules it follows are SQL here), and bench/api.py checks
its documents against the API's value for value.

Not a module of the application: nothing imports it but the benchmark.
"""

import base64
from dataclasses import dataclass

import orjson
from django.conf import settings
from django.db import connection

# Each record's outward fields, as a partner's document names them, written out here rather
# than read from the application's outward declarations (cases/outward.py …), so that the
# floor is written independently of the code it measures: a field the API gains or loses
# shows as a difference in bench/api.py's value-for-value check. `name=column` where the
# column has another name; `!` confidential (left out unless disclosed), `@` a source (the
# appeal that stated a fact), `~` an uncertain date (with its _precision and _latest columns).
_RECORDS = {
    "ACTION": "language position text",
    "AFFILIATION": (
        "organisation role period position stated_in=stated_in_id@ changed_in=changed_in_id@ "
        "since~ since_precision since_earliest=since since_latest"
    ),
    "APPEAL": (
        "id reference sequence intervention_type intervention_type_as_printed index_number url "
        "issue_date issued_at issue_date_as_printed issuer_members follow_up_of action_deadline "
        "embassy_clause action_deadline_as_printed case_closed_as_printed "
        "incomplete_letters_offered"
    ),
    "APPEAL_AUTHORITY": "position",
    "APPEAL_TEXT": "language is_original title description background notes",
    "AUTHORITY": (
        "id person_name post country seat seat_country postal_address salutation language "
        "office_start office_end office post_fr post_es post_ru salutation_fr salutation_es "
        "salutation_ru"
    ),
    "AUTHORITY_CONTACT": "kind value as_printed position",
    "CASE": (
        "id reference country time_zone title status summary background published_at closed_on "
        "created_at updated_at internal_notes!"
    ),
    "CASE_AUTHORITY": "position stated_in=stated_in_id@ changed_in=changed_in_id@",
    "CHARGE": (
        "id instrument_kind instrument article offence maximum_penalty date_brought status "
        "ended_on date_brought_as_printed ended_on_as_printed dropped_by grounds_as_printed "
        "stated_in=stated_in_id@ changed_in=changed_in_id@ instrument_fr instrument_es "
        "instrument_ru offence_fr offence_es offence_ru maximum_penalty_fr maximum_penalty_es "
        "maximum_penalty_ru"
    ),
    "DECISION": (
        "id date court instance=level notes date_as_printed appeal_lodged appeal_lodged_by "
        "appeal_lodged_as_printed stated_in=stated_in_id@ changed_in=changed_in_id@"
    ),
    "DEFENDER": (
        "id full_name local_name gender role organisation country city region situation "
        "health_notes! family_notes! home_address! phone! internal_notes! phone_as_printed! "
        "gender_as_printed work designation held_since~ held_since_precision "
        "held_since_earliest=held_since held_since_latest held_since_as_printed work_since~ "
        "work_since_precision work_since_earliest=work_since work_since_latest "
        "work_since_as_printed"
    ),
    "DETENTION_EXTENSION": (
        "ordered_on ordered_on_as_printed term_days term_months until until_as_printed "
        "ordered_by stated_in=stated_in_id@ changed_in=changed_in_id@"
    ),
    "DETENTION_PERIOD": (
        "id defender=defender_id kind kind_as_printed start_date~ start_date_precision "
        "start_date_earliest=start_date start_date_latest start_date_as_printed "
        "continues_previous term_years term_days term_months term_until term_as_printed "
        "term_until_as_printed term_ends_on ordered_by place conditions reporting_every "
        "reporting_unit reporting_weekday reporting_place reporting_as_printed breach_date~ "
        "breach_date_precision breach_date_earliest=breach_date breach_date_latest "
        "breach_date_as_printed breach_as_printed legal_basis_gap_from~ "
        "legal_basis_gap_from_precision legal_basis_gap_from_earliest=legal_basis_gap_from "
        "legal_basis_gap_from_latest legal_basis_gap_from_as_printed legal_basis_gap_to~ "
        "legal_basis_gap_to_precision legal_basis_gap_to_earliest=legal_basis_gap_to "
        "legal_basis_gap_to_latest legal_basis_gap_to_as_printed legal_basis_gap_as_printed "
        "runs_with=runs_with_id incommunicado actual_end~ actual_end_precision "
        "actual_end_earliest=actual_end actual_end_latest actual_end_as_printed ended "
        "ended_as_printed end_not_stated reason_not_stated unstated_as_printed "
        "stated_in=stated_in_id@ changed_in=changed_in_id@"
    ),
    "EVENT": (
        "id date~ date_precision date_earliest=date date_latest date_as_printed kind "
        "description seized_items citation source_identity! stated_in=stated_in_id@ "
        "changed_in=changed_in_id@ place actor organisation quotation! quoted_by! "
        "reported_to_police investigation_opened"
    ),
    "EXTERNAL_REFERENCE": "issuer reference date url",
    "FOOTNOTE": (
        "number position text date~ date_precision date_earliest=date date_latest "
        "date_as_printed reference cited_appeal=cited_appeal_id"
    ),
    "HEARING": (
        "id court city local_date local_time time_zone starts_at purpose status outcome "
        "observers_attending proceeding=proceeding_id local_date_as_printed "
        "stated_in=stated_in_id@ changed_in=changed_in_id@ court_as_printed time_as_printed "
        "purpose_as_printed summoned"
    ),
    "HEARING_MOVE": (
        "from_date from_time from_time_zone to_date to_time to_time_zone reason moved_at"
    ),
    "OTHER_NAME": "name kind position stated_in=stated_in_id@ changed_in=changed_in_id@",
    "PROCEEDING": (
        "id kind name court prosecution_appealed prosecution_appealed_as_printed "
        "stated_in=stated_in_id@ changed_in=changed_in_id@"
    ),
    "RULING": (
        "defender=defender_id outcome outcome_as_printed as_printed unchanged_as_printed "
        "stated_in=stated_in_id@ changed_in=changed_in_id@"
    ),
    "SENTENCE_PART": (
        "kind charge=charge_id years months days suspension suspension_years suspension_months "
        "amount currency detail regime as_printed term_as_printed suspension_as_printed "
        "suspension_term_as_printed stated_in=stated_in_id@ changed_in=changed_in_id@"
    ),
    "UNNAMED_GROUP": (
        "id description count count_approximate position stated_in=stated_in_id@ "
        "changed_in=changed_in_id@ count_qualifier city released_on~ released_on_precision "
        "released_on_earliest=released_on released_on_latest released_on_as_printed "
        "release_as_printed"
    ),
}
SOURCE, UNCERTAIN_DATE, PLAIN = "source", "uncertain date", "plain"


@dataclass(frozen=True)
class Field:
    name: str
    column: str
    kind: str
    confidential: bool


@dataclass(frozen=True)
class Record:
    fields: tuple[Field, ...]

    def columns(self) -> tuple[Field, ...]:
        return self.fields

    def confidential(self) -> set[str]:
        return {field.name for field in self.fields if field.confidential}


def _record(spec: str) -> Record:
    fields = []
    for word in spec.split():
        mark = word[-1] if word[-1] in "!@~" else ""
        name, _, column = word.rstrip("!@~").partition("=")
        kind = {"@": SOURCE, "~": UNCERTAIN_DATE}.get(mark, PLAIN)
        fields.append(Field(name, column or name, kind, mark == "!"))
    return Record(tuple(fields))


ACTION = _record(_RECORDS["ACTION"])
AFFILIATION = _record(_RECORDS["AFFILIATION"])
APPEAL = _record(_RECORDS["APPEAL"])
APPEAL_AUTHORITY = _record(_RECORDS["APPEAL_AUTHORITY"])
APPEAL_TEXT = _record(_RECORDS["APPEAL_TEXT"])
AUTHORITY = _record(_RECORDS["AUTHORITY"])
AUTHORITY_CONTACT = _record(_RECORDS["AUTHORITY_CONTACT"])
CASE = _record(_RECORDS["CASE"])
CASE_AUTHORITY = _record(_RECORDS["CASE_AUTHORITY"])
CHARGE = _record(_RECORDS["CHARGE"])
DECISION = _record(_RECORDS["DECISION"])
DEFENDER = _record(_RECORDS["DEFENDER"])
DETENTION_EXTENSION = _record(_RECORDS["DETENTION_EXTENSION"])
DETENTION_PERIOD = _record(_RECORDS["DETENTION_PERIOD"])
EVENT = _record(_RECORDS["EVENT"])
EXTERNAL_REFERENCE = _record(_RECORDS["EXTERNAL_REFERENCE"])
FOOTNOTE = _record(_RECORDS["FOOTNOTE"])
HEARING = _record(_RECORDS["HEARING"])
HEARING_MOVE = _record(_RECORDS["HEARING_MOVE"])
OTHER_NAME = _record(_RECORDS["OTHER_NAME"])
PROCEEDING = _record(_RECORDS["PROCEEDING"])
RULING = _record(_RECORDS["RULING"])
SENTENCE_PART = _record(_RECORDS["SENTENCE_PART"])
UNNAMED_GROUP = _record(_RECORDS["UNNAMED_GROUP"])
# The kinds of detention period that hold a defender in custody.
_CUSTODY_KINDS = (
    "administrative_detention", "house_arrest", "imprisonment", "police_custody",
    "pre_trial_detention",
)  # fmt: skip

# Each case's "today" in its own time zone, as cases.api.documents counts it.
_TODAY = "(now() AT TIME ZONE c.time_zone)::date"
_CUSTODY = ", ".join(f"'{kind}'" for kind in _CUSTODY_KINDS)
# appeals_site.confidential's rule: a case is public when published, or closed after it was.
_PUBLIC = "(sc.status = 'published' OR (sc.status = 'closed' AND sc.published_at IS NOT NULL))"


def _iso(column: str) -> str:
    """The uncertain date in `column` (with `<column>_latest`, `<column>_precision`) in the
    API's form (cases.dates.UncertainDate.iso): 2019-03-14, 2019-03, 2019, 2012-autumn,
    2019-11-03/2019-11-09, any of them followed by ~ for "about"."""
    earliest, latest, precision = column, f"{column}_latest", f"{column}_precision"
    last = f"coalesce({latest}, {earliest})"
    season = (
        f"to_char({earliest}, 'YYYY') || '-' || CASE extract(month FROM {earliest})::int "
        "WHEN 3 THEN 'spring' WHEN 6 THEN 'summer' WHEN 9 THEN 'autumn' ELSE 'winter' END"
    )
    day = f"to_char({earliest}, 'YYYY-MM-DD')"
    month = f"to_char({earliest}, 'YYYY-MM')"
    year = f"to_char({earliest}, 'YYYY')"
    span = f"{day} || '/' || to_char({last}, 'YYYY-MM-DD')"
    # "About" a date: written as the shape its bounds have (cases.dates.UncertainDate._shape).
    about = f"""CASE
        WHEN {last} = {earliest} THEN {day}
        WHEN {earliest} = date_trunc('month', {earliest})::date
             AND {last} = (date_trunc('month', {earliest}) + interval '1 month - 1 day')::date
          THEN {month}
        WHEN {earliest} = date_trunc('year', {earliest})::date
             AND {last} = (date_trunc('year', {earliest}) + interval '1 year - 1 day')::date
          THEN {year}
        WHEN extract(month FROM {earliest}) IN (3, 6, 9, 12) AND extract(day FROM {earliest}) = 1
             AND {last} = ({earliest} + interval '3 months - 1 day')::date THEN {season}
        ELSE {span} END || '~'"""
    return f"""CASE WHEN {earliest} IS NULL THEN NULL
        WHEN {precision} = 'month' THEN {month}
        WHEN {precision} = 'year' THEN {year}
        WHEN {precision} = 'season' THEN {season}
        WHEN {precision} = 'range' THEN {span}
        WHEN {precision} = 'about' THEN {about}
        ELSE {day} END"""


def _source(column: str, *, same_case: bool) -> str:
    """The appeal a fact is attributed to, as {"id", "reference"}, if a partner may see it:
    an issued appeal (of a public case, when it may be another case's)."""
    public = "" if same_case else f" AND {_PUBLIC}"
    join = "" if same_case else " JOIN cases_case sc ON sc.id = s.case_id"
    return f"""(
        SELECT json_build_object('id', s.id, 'reference', s.reference)
        FROM cases_appeal s{join}
        WHERE s.id = {column} AND s.issued_at IS NOT NULL{public}
    )"""


def _fields(record: Record, alias: str, *, same_case: bool = True, **extra: str) -> list[str]:
    """The `'name', value` pairs of the record's plain outward columns (not confidential:
    see _disclosed), its sources and uncertain dates, then `extra` (name: SQL)."""
    pairs = []
    for out in record.columns():
        if out.confidential:
            continue
        column = f"{alias}.{out.column}"
        if out.kind == SOURCE:
            value = _source(column, same_case=same_case)
        elif out.kind == UNCERTAIN_DATE:
            value = _iso(column)
        else:
            value = column
        pairs.append(f"'{out.name}', {value}")
    pairs += [f"'{name}', {value}" for name, value in extra.items()]
    return pairs


# json_build_object takes at most 100 arguments: an object of more keys is built in parts,
# joined as text (_merge; the documents are compared as parsed JSON, in any key order).
_PAIRS_PER_PART = 50


def _merge(first: str, second: str) -> str:
    """Two JSON objects as one, joined as text: `first` (never empty: built with at least one
    key) without its closing brace, then `second`'s keys, if any. json, unlike jsonb, has no
    ||; converting to jsonb and back is what made the old floor 1.15-1.27x the one issue 17
    wrote independently."""
    return (
        f"(left(({first})::text, -1) "
        f"|| coalesce(', ' || nullif(substr(({second})::text, 2), '}}'), '}}'))::json"
    )


def _object(record: Record, alias: str, *, same_case: bool = True, **extra: str) -> str:
    """json_build_object of _fields, with its confidential fields where disclosed."""
    pairs = _fields(record, alias, same_case=same_case, **extra)
    parts = [
        f"json_build_object({', '.join(pairs[start : start + _PAIRS_PER_PART])})"
        for start in range(0, len(pairs), _PAIRS_PER_PART)
    ]
    built = parts[0]
    for part in parts[1:]:
        built = _merge(built, part)
    secret = sorted(record.confidential())
    return _merge(built, _disclosed(alias, secret)) if secret else built


# A confidential field is stored as a Fernet token (appeals_site/fields.py): version (1 byte),
# time (8), IV (16), AES-128-CBC ciphertext, HMAC-SHA256 (32), in URL-safe base64; the AES key
# is the second half of the 32-byte key. pgcrypto's decrypt_iv opens it in SQL with the
# bench's key (the query's parameter %(aes_key)s; the HMAC is not checked: the floor reads
# what the application wrote). The page then needs no Python between the rows and the bytes.
def _decrypted(column: str) -> str:
    raw = f"decode(translate({column}, '-_', '+/'), 'base64')"
    return (
        f"convert_from(decrypt_iv(substring({raw} FROM 26 FOR length({raw}) - 57), "
        f"%(aes_key)s, substring({raw} FROM 10 FOR 16), 'aes-cbc/pad:pkcs'), 'UTF8')"
    )


def _disclosed(alias: str, names: list[str]) -> str:
    """The confidential fields of a row that its disclosed_fields list, decrypted, as a JSON
    object ({} when none)."""
    values = ", ".join(
        f"('{name}', CASE WHEN {alias}.disclosed_fields ? '{name}' "
        f"THEN {_decrypted(f'{alias}.{name}')} END)"
        for name in names
    )
    return f"""(
        SELECT coalesce(json_object_agg(s.key, s.value), '{{}}')
        FROM (VALUES {values}) s (key, value)
        WHERE {alias}.disclosed_fields ? s.key
    )"""


def _list(value: str, source: str, order: str) -> str:
    """A JSON array of `value` over `source` (FROM … WHERE …), in `order`; [] when empty."""
    return f"(SELECT coalesce(json_agg({value} ORDER BY {order}), '[]') FROM {source})"


def _authority(link: Record, alias: str) -> str:
    """A target authority of a case, or an authority an appeal is addressed to: the link's
    fields, then the authority's own."""
    contacts = _list(
        _object(AUTHORITY_CONTACT, "ac"),
        f"authorities_authoritycontact ac WHERE ac.authority_id = {alias}.authority_id",
        "ac.position",
    )
    return _merge(_object(link, alias), _object(AUTHORITY, "au", contacts=contacts))


def _authorities(link: Record, table: str, owner: str, outer: str) -> str:
    return _list(
        _authority(link, "l"),
        f"{table} l JOIN authorities_authority au ON au.id = l.authority_id "
        f"WHERE l.{owner} = {outer}",
        "l.position, au.id::text",
    )


def _uuids(column: str, table: str, owner: str, outer: str) -> str:
    return _list(f"x.{column}", f"{table} x WHERE x.{owner} = {outer}", f"x.{column}::text")


def _slugs(table: str, owner: str, outer: str) -> str:
    return _list(
        "vl.slug",
        f"{table} x JOIN cases_violationlabel vl ON vl.id = x.violationlabel_id "
        f"WHERE x.{owner} = {outer}",
        "vl.slug",
    )


def _defender() -> str:
    areas = _list(
        "aw.slug",
        "defenders_defender_areas_of_work da JOIN defenders_areaofwork aw "
        "ON aw.id = da.areaofwork_id WHERE da.defender_id = d.id",
        "aw.slug",
    )
    # A defender's names and affiliations may come from an appeal of another case.
    other_names = _list(
        _object(OTHER_NAME, "o", same_case=False),
        "defenders_othername o WHERE o.defender_id = d.id",
        "o.position",
    )
    affiliations = _list(
        _object(AFFILIATION, "a", same_case=False),
        "defenders_affiliation a WHERE a.defender_id = d.id",
        "a.position",
    )
    return _object(
        DEFENDER,
        "d",
        areas_of_work=areas,
        other_names=other_names,
        affiliations=affiliations,
        detained_since=f"CASE WHEN held.since IS NOT NULL THEN {_iso('held.since')} END",
        days_detained="held.days",
        days_detained_at_least="CASE WHEN held.since IS NOT NULL "
        "THEN held.since_precision <> 'day' END",
        days_detained_as_of=f"CASE WHEN held.since IS NOT NULL "
        f"THEN coalesce(held.until, {_TODAY}) END",
        detained_until="held.until",
    )


# Continuous detention on the case's today (cases.detention.continuous_detention): the
# defender's custody periods of every case that have started, as spans ending at their actual
# end or, left open, at their case's closing day. A span starts a new stretch unless it is the
# first, continues the previous one (marked so), or starts at most a day after the furthest
# end so far (or after an open one). The last stretch counts if it is open, runs past today,
# or was left open when its case was closed (then up to that day).
_HELD = f"""
      LEFT JOIN LATERAL (
        WITH spans AS (
          SELECT p.id, p.start_date, p.start_date_latest, p.start_date_precision,
                 p.continues_previous, coalesce(p.actual_end, pc.closed_on) AS ends_on,
                 p.actual_end IS NULL AND pc.closed_on IS NOT NULL AS closed
          FROM cases_detentionperiod p JOIN cases_case pc ON pc.id = p.case_id
          WHERE p.defender_id = d.id AND p.start_date <= {_TODAY} AND p.kind IN ({_CUSTODY})
        ), last AS (
          SELECT s.* FROM (
            SELECT spans.*,
                   row_number() OVER (ORDER BY start_date, id) = 1
                   OR (NOT continues_previous
                       AND coalesce(max(coalesce(ends_on, 'infinity')) OVER w, '-infinity')
                           < start_date - 1) AS starts_stretch
            FROM spans
            WINDOW w AS (ORDER BY start_date, id
                         ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
          ) s
          WHERE s.starts_stretch
          ORDER BY s.start_date DESC, s.id DESC
          LIMIT 1
        ), stretch AS (
          SELECT CASE WHEN bool_or(q.ends_on IS NULL) THEN NULL ELSE max(q.ends_on) END AS ends,
                 (array_agg(q.closed ORDER BY q.ends_on DESC NULLS FIRST, q.start_date DESC,
                                              q.id DESC))[1] AS closed
          FROM spans q, last WHERE q.start_date >= last.start_date
        )
        SELECT last.start_date AS since, last.start_date_latest AS since_latest,
               last.start_date_precision AS since_precision,
               greatest(CASE WHEN stretch.ends IS NULL OR stretch.ends > {_TODAY}
                             THEN {_TODAY} ELSE stretch.ends END
                        - coalesce(last.start_date_latest, last.start_date), 0) AS days,
               CASE WHEN stretch.ends <= {_TODAY} THEN stretch.ends END AS until
        FROM last, stretch
        WHERE stretch.ends IS NULL OR stretch.ends > {_TODAY} OR stretch.closed
      ) held ON true"""


def _ruling() -> str:
    parts = "cases_sentencepart sp WHERE sp.ruling_id = r.id AND {} sp.requested"
    return _object(
        RULING,
        "r",
        charges=_uuids("charge_id", "cases_ruling_charges", "ruling_id", "r.id"),
        sentence=_list(_object(SENTENCE_PART, "sp"), parts.format("NOT"), "sp.position"),
        requested_sentence=_list(_object(SENTENCE_PART, "sp"), parts.format(""), "sp.position"),
    )


def _proceeding() -> str:
    charges = _list(
        _object(
            CHARGE,
            "ch",
            defenders=_uuids("defender_id", "cases_charge_defenders", "charge_id", "ch.id"),
            replaced_by=_uuids(
                "to_charge_id", "cases_charge_replaced_by", "from_charge_id", "ch.id"
            ),
        ),
        "cases_charge ch WHERE ch.proceeding_id = pr.id",
        "coalesce(ch.date_brought::text, ''), ch.created_at, ch.id::text",
    )
    decisions = _list(
        _object(
            DECISION,
            "dc",
            charges=_uuids("charge_id", "cases_decision_charges", "decision_id", "dc.id"),
            rulings=_list(
                _ruling(), "cases_ruling r WHERE r.decision_id = dc.id", "r.defender_id::text, r.id"
            ),
        ),
        "cases_decision dc WHERE dc.proceeding_id = pr.id",
        "coalesce(dc.date::text, ''), dc.id::text",
    )
    return _object(PROCEEDING, "pr", charges=charges, decisions=decisions)


def _detention_period() -> str:
    extensions = _list(
        _object(DETENTION_EXTENSION, "e"),
        "cases_detentionextension e WHERE e.period_id = p.id",
        "e.ordered_on",
    )
    start = "coalesce(p.start_date_latest, p.start_date)"
    # A measure that ended on a day no source gives: its days are not counted.
    days_held = f"""CASE WHEN {start} > {_TODAY} THEN NULL
        WHEN p.actual_end IS NULL AND p.ended THEN NULL
        ELSE greatest(least(coalesce(p.actual_end, c.closed_on, {_TODAY}), {_TODAY}) - {start}, 0)
        END"""
    return _object(DETENTION_PERIOD, "p", extensions=extensions, days_held=days_held)


def _hearing() -> str:
    return _object(
        HEARING,
        "h",
        # No time stated: no instant (cases.api.documents._hearing_finish).
        starts_at="CASE WHEN h.local_time IS NOT NULL THEN h.starts_at END",
        defenders=_uuids("defender_id", "cases_hearing_defenders", "hearing_id", "h.id"),
        moves=_list(
            _object(HEARING_MOVE, "m"),
            "cases_hearingmove m WHERE m.hearing_id = h.id",
            "m.moved_at",
        ),
    )


def _event() -> str:
    return _object(
        EVENT,
        "ev",
        defenders=_uuids("defender_id", "cases_event_defenders", "event_id", "ev.id"),
        unnamed_groups=_uuids("unnamedgroup_id", "cases_event_unnamed_groups", "event_id", "ev.id"),
        charges=_uuids("charge_id", "cases_event_charges", "event_id", "ev.id"),
    )


def _appeal() -> str:
    # The issuer (cases/outward.py: computed): as printed on the appeal, else its name.
    return _object(
        APPEAL,
        "a",
        issuer="coalesce(nullif(a.issuer_as_printed, ''), iss.name)",
        issuer_slug="iss.slug",
        issued_by_organisation="iss.is_own",
        violations=_slugs("cases_appeal_violations", "appeal_id", "a.id"),
        texts=_list(
            _object(APPEAL_TEXT, "t"),
            "cases_appealtext t WHERE t.appeal_id = a.id",
            "NOT t.is_original, t.language",
        ),
        actions=_list(
            _object(ACTION, "ac"),
            "cases_action ac WHERE ac.appeal_id = a.id",
            "ac.language, ac.position",
        ),
        authorities=_authorities(APPEAL_AUTHORITY, "cases_appealauthority", "appeal_id", "a.id"),
        footnotes=_list(
            _object(FOOTNOTE, "fn"),
            "cases_footnote fn WHERE fn.appeal_id = a.id",
            "fn.position, fn.number",
        ),
    )


def _case() -> str:
    defenders = f"""(
      SELECT coalesce(json_agg({_defender()} ORDER BY d.full_name, d.id::text), '[]')
      FROM cases_case_defenders cd
      JOIN defenders_defender d ON d.id = cd.defender_id
      {_HELD}
      WHERE cd.case_id = c.id
    )"""
    # A partner's `updated_at` is when what they read last changed (Case.shared_at).
    return _object(
        CASE,
        "c",
        updated_at="c.shared_at",
        violations=_slugs("cases_case_violations", "case_id", "c.id"),
        defenders=defenders,
        proceedings=_list(
            _proceeding(),
            "cases_proceeding pr WHERE pr.case_id = c.id",
            "pr.created_at, pr.id::text",
        ),
        detention_periods=_list(
            _detention_period(),
            "cases_detentionperiod p WHERE p.case_id = c.id",
            "p.start_date, p.id::text",
        ),
        hearings=_list(
            _hearing(), "cases_hearing h WHERE h.case_id = c.id", "h.starts_at, h.id::text"
        ),
        events=_list(
            _event(),
            "cases_event ev WHERE ev.case_id = c.id",
            "ev.date, ev.created_at, ev.id::text",
        ),
        appeals=_list(
            _appeal(),
            "cases_appeal a JOIN cases_issuer iss ON iss.id = a.issuer_id "
            "WHERE a.case_id = c.id AND a.issued_at IS NOT NULL",
            "NOT iss.is_own, a.sequence NULLS LAST, a.issue_date, a.id::text",
        ),
        target_authorities=_authorities(CASE_AUTHORITY, "cases_caseauthority", "case_id", "c.id"),
        external_references=_list(
            _object(EXTERNAL_REFERENCE, "x"),
            "cases_externalreference x WHERE x.case_id = c.id",
            "x.date::text NULLS FIRST, x.reference",
        ),
        unnamed_groups=_list(
            _object(UNNAMED_GROUP, "g"),
            "cases_unnamedgroup g WHERE g.case_id = c.id",
            "g.position, g.id::text",
        ),
    )


def page_sql() -> str:
    """Return the query: one row per case of the page (in update order), its document."""
    return f"""
SELECT ({_case()})::text
FROM cases_case c
WHERE c.id = ANY(%(ids)s::uuid[])
ORDER BY c.updated_at, c.id
"""


PAGE_SQL = page_sql()


def _aes_key() -> bytes:
    """Return the AES half of the first key of FIELD_ENCRYPTION_KEYS (the one that encrypts)."""
    return base64.urlsafe_b64decode(settings.FIELD_ENCRYPTION_KEYS[0])[16:]


def pgcrypto_create() -> None:
    """Create pgcrypto in the bench's database (its decrypt_iv opens disclosed fields)."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pgcrypto")


def page_documents(case_ids: list) -> list[orjson.Fragment]:
    """Return the documents of these cases (in update order) as JSON text fragments."""
    with connection.cursor() as cursor:
        cursor.execute(PAGE_SQL, {"ids": [str(pk) for pk in case_ids], "aes_key": _aes_key()})
        return [orjson.Fragment(text) for (text,) in cursor.fetchall()]


def page_json(case_ids: list) -> bytes:
    """Return the page as the response body: {"results": [...]} (no "next"/"until")."""
    return orjson.dumps({"results": page_documents(case_ids)})

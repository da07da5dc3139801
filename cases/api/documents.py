"""Case documents: the whole case as partners and staff receive it, built for a page of cases
in a constant number of queries (the page itself with every nested list aggregated as JSON by
the database, then the defenders' detention periods for "days detained").

Partners receive published cases, issued appeals only, and no confidential field unless staff
disclosed it for that record (appeals_site.confidential decides, here as everywhere).
"""

import datetime as dt
import functools
import uuid
import weakref
import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import orjson
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection
from django.db.models import BooleanField, ExpressionWrapper, F, Q, QuerySet, Value, When
from django.db.models import Case as Choose
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, JSONObject, NullIf
from django.utils import timezone
from psycopg2.errors import FeatureNotSupported, InvalidSqlStatementName
from psycopg2.extensions import AsIs

from appeals_site.api.sql import (
    JSONText,
    code_point_order,
    json_children,
    json_or_empty,
    json_text_children,
    json_text_values,
    json_values,
)
from appeals_site.audience import PARTNER
from appeals_site.confidential import confidential_fields
from appeals_site.fields import decrypt_nested, encrypted_fields
from appeals_site.outward import SOURCE, UNCERTAIN_DATE, Record
from authorities.models import AuthorityContact
from authorities.outward import AUTHORITY, AUTHORITY_CONTACT
from cases.dates import UncertainDate
from cases.detention import continuous_detention
from cases.models import (
    Action,
    Appeal,
    AppealAuthority,
    AppealText,
    AppealViolation,
    Case,
    CaseAuthority,
    Charge,
    Decision,
    DetentionExtension,
    DetentionPeriod,
    Event,
    ExternalReference,
    Footnote,
    Hearing,
    HearingMove,
    Proceeding,
    Ruling,
    SentencePart,
    UnnamedGroup,
)
from cases.outward import ACTION as ACTION_RECORD
from cases.outward import (
    APPEAL,
    APPEAL_AUTHORITY,
    APPEAL_TEXT,
    CASE,
    CASE_AUTHORITY,
    CHARGE,
    DECISION,
    DETENTION_EXTENSION,
    DETENTION_PERIOD,
    EVENT,
    EXTERNAL_REFERENCE,
    FOOTNOTE,
    HEARING,
    HEARING_MOVE,
    PROCEEDING,
    RULING,
    SENTENCE_PART,
    UNNAMED_GROUP,
)
from cases.selectors import case_visibility_condition, custody_spans, source_appeal_condition
from defenders.models import Affiliation, Defender, OtherName
from defenders.outward import AFFILIATION, DEFENDER, OTHER_NAME

# Each record type has its function giving its JSON object: the columns its declaration makes
# outward (cases/outward.py, defenders/outward.py, authorities/outward.py), and its nested
# lists. Partners get confidential fields only where disclosed: all are selected, and _redact
# drops what the record does not disclose (one rule: appeals_site.confidential).


@dataclass(frozen=True)
class Reader:
    """Who reads the documents: what they may see of the appeals facts are attributed to
    depends on it (cases.selectors.source_appeal_condition)."""

    audience: str
    user: object = None


def _source(path: str, reader: Reader, *, same_case: bool) -> Choose:
    """The appeal a fact is attributed to (`path`: its foreign key, e.g. "stated_in"), as
    {"id", "reference"}, or null: none recorded, or not one the reader may see."""
    visible = source_appeal_condition(
        audience=reader.audience, user=reader.user, through=f"{path}__", same_case=same_case
    )
    return Choose(
        When(visible, then=JSONObject(id=F(f"{path}_id"), reference=F(f"{path}__reference"))),
        default=Value(None),
    )


def _columns(
    record: Record, prefix: str = "", reader: Reader | None = None, *, same_case: bool = True
) -> dict:
    """Return JSONObject arguments for the record's outward columns (`prefix`: the path from
    the row the object is built on, e.g. "defender__"). A fact's sources (stated_in,
    changed_in) need the `reader`; `same_case`: they are appeals of the case read."""
    columns = {}
    for out in record.columns():
        if out.kind == SOURCE:
            if reader is None:
                raise ValueError(f"{record.label} names its sources: give the reader.")
            columns[out.name] = _source(
                prefix + out.column.removesuffix("_id"), reader, same_case=same_case
            )
        else:
            columns[out.name] = F(prefix + out.column)
    return columns


def _authority_object(prefix: str = "authority__") -> dict:
    return {
        **_columns(AUTHORITY, prefix),
        "contacts": json_or_empty(
            json_children(
                AuthorityContact.objects.all(),
                "authority_id",
                outer=prefix + "id",
                order_by=["position", "id"],
                **_columns(AUTHORITY_CONTACT),
            )
        ),
    }


def _authority_link_object(record: Record, reader: Reader | None = None) -> dict:
    """A target authority of a case or an authority an appeal is addressed to."""
    return {**_columns(record, reader=reader), **_authority_object()}


def _defender_object(reader: Reader) -> dict:
    return {
        **_columns(DEFENDER, "defender__"),
        "disclosed_fields": F("defender__disclosed_fields"),
        "areas_of_work": json_values(
            Defender.areas_of_work.through.objects.all(),
            "defender_id",
            "areaofwork__slug",
            outer="defender_id",
            order_by=[code_point_order("areaofwork__slug")],
        ),
        # A defender's names and affiliations may come from an appeal of another case.
        "other_names": json_children(
            OtherName.objects.all(),
            "defender_id",
            outer="defender_id",
            order_by=["position", "id"],
            **_columns(OTHER_NAME, reader=reader, same_case=False),
        ),
        "affiliations": json_children(
            Affiliation.objects.all(),
            "defender_id",
            outer="defender_id",
            order_by=["position", "id"],
            **_columns(AFFILIATION, reader=reader, same_case=False),
        ),
    }


# A case's proceedings need nothing of Python: they are built as json, not jsonb (which
# would sort the keys of the objects added after it: a ruling's sentences), each object's
# keys in the order they had when built as jsonb (json_text_children).


def _charge_object(reader: Reader) -> dict:
    return {
        **_columns(CHARGE, reader=reader),
        "defenders": json_text_values(
            Charge.defenders.through.objects.all(), "charge_id", "defender_id"
        ),
        "replaced_by": json_text_values(
            Charge.replaced_by.through.objects.all(), "from_charge_id", "to_charge_id"
        ),
    }


def _ruling_object(reader: Reader) -> dict:
    return {
        **_columns(RULING, reader=reader),
        "charges": json_text_values(Ruling.charges.through.objects.all(), "ruling_id", "charge_id"),
    }


def _ruling_sentences(reader: Reader) -> dict:
    """A ruling's sentence imposed and the one requested, each its parts in order (after
    the ruling's other keys)."""
    return {
        key: json_text_children(
            SentencePart.objects.filter(requested=requested),
            "ruling_id",
            order_by=["position", "id"],
            fields=_columns(SENTENCE_PART, reader=reader),
        )
        for key, requested in (("sentence", False), ("requested_sentence", True))
    }


def _decision_object(reader: Reader) -> dict:
    return {
        **_columns(DECISION, reader=reader),
        "charges": json_text_values(
            Decision.charges.through.objects.all(), "decision_id", "charge_id"
        ),
        # A defender's rulings in one decision as entered.
        "rulings": json_text_children(
            Ruling.objects.all(),
            "decision_id",
            order_by=["defender_id", "id"],
            fields=_ruling_object(reader),
            then=_ruling_sentences(reader),
        ),
    }


def _proceeding_object(reader: Reader) -> dict:
    return {
        **_columns(PROCEEDING, reader=reader),
        # The charges brought on one day (or on no known day) in the order they were entered.
        "charges": json_text_children(
            Charge.objects.all(),
            "proceeding_id",
            order_by=[F("date_brought").asc(nulls_first=True), "created_at", "id"],
            fields=_charge_object(reader),
        ),
        "decisions": json_text_children(
            Decision.objects.all(),
            "proceeding_id",
            order_by=[F("date").asc(nulls_first=True), "id"],
            fields=_decision_object(reader),
        ),
    }


def _detention_period_object(reader: Reader) -> dict:
    return {
        **_columns(DETENTION_PERIOD, reader=reader),
        "extensions": json_children(
            DetentionExtension.objects.all(),
            "period_id",
            order_by=["ordered_on", "id"],
            **_columns(DETENTION_EXTENSION, reader=reader),
        ),
    }


def _hearing_object(reader: Reader) -> dict:
    columns = _columns(HEARING, reader=reader)
    # No time stated: the stored instant is the day's start, for ordering only.
    columns["starts_at"] = Choose(When(local_time__isnull=True, then=None), default=F("starts_at"))
    return {
        **columns,
        "defenders": json_or_empty(
            json_values(Hearing.defenders.through.objects.all(), "hearing_id", "defender_id")
        ),
        "moves": json_or_empty(
            json_children(
                HearingMove.objects.all(),
                "hearing_id",
                order_by=["moved_at", "id"],
                **_columns(HEARING_MOVE),
            )
        ),
    }


def _event_object(reader: Reader) -> dict:
    return {
        **_columns(EVENT, reader=reader),
        "disclosed_fields": F("disclosed_fields"),
        "defenders": json_values(Event.defenders.through.objects.all(), "event_id", "defender_id"),
        "unnamed_groups": json_values(
            Event.unnamed_groups.through.objects.all(), "event_id", "unnamedgroup_id"
        ),
        "charges": json_values(Event.charges.through.objects.all(), "event_id", "charge_id"),
    }


def _appeal_issuer() -> dict:
    """The appeal's issuer (cases/outward.py: computed from cases.Issuer): as printed on the
    appeal when staff wrote it so, else the issuer's name."""
    return {
        "issuer": Coalesce(NullIf(F("issuer_as_printed"), Value("")), F("issuer__name")),
        "issuer_slug": F("issuer__slug"),
        "issued_by_organisation": F("issuer__is_own"),
    }


def _appeal_object() -> dict:
    columns = _columns(APPEAL)
    issuer = _appeal_issuer()
    # In the declared order: the issuer's values after the type as printed.
    ordered = {}
    for name in APPEAL.names():
        if name in columns:
            ordered[name] = columns[name]
        elif name in issuer:
            ordered[name] = issuer[name]
    return {
        **ordered,
        # In the order the appeal prints them.
        "violations": json_values(
            AppealViolation.objects.all(),
            "appeal_id",
            "violationlabel__slug",
            order_by=["position", code_point_order("violationlabel__slug")],
        ),
        # The text as written first, then its translations.
        "texts": json_children(
            AppealText.objects.all(),
            "appeal_id",
            order_by=[F("is_original").desc(), code_point_order("language")],
            **_columns(APPEAL_TEXT),
        ),
        "actions": json_children(
            Action.objects.all(),
            "appeal_id",
            order_by=[code_point_order("language"), "position"],
            **_columns(ACTION_RECORD),
        ),
        "authorities": json_children(
            AppealAuthority.objects.all(),
            "appeal_id",
            order_by=["position", "id"],
            **_authority_link_object(APPEAL_AUTHORITY),
        ),
        "footnotes": json_children(
            Footnote.objects.all(),
            "appeal_id",
            order_by=["position", "number"],
            **_columns(FOOTNOTE),
        ),
    }


def _external_reference_object() -> dict:
    return _columns(EXTERNAL_REFERENCE)


# The organisation's appeals in their order (one with no number yet after those numbered),
# then other issuers' by date (one with no date first).
_ORGANISATION_APPEAL = Q(issuer__is_own=True)
APPEAL_ORDER = [
    F("issuer__is_own").desc(),
    ExpressionWrapper(Q(sequence__isnull=True) & _ORGANISATION_APPEAL, BooleanField()).asc(),
    Choose(When(_ORGANISATION_APPEAL, then=Coalesce("sequence", 0)), default=0),
    F("issue_date").asc(nulls_first=True),
    Coalesce("sequence", 0),
    "id",
]


# The lists that need nothing of Python (nothing to count, decrypt, redact or write in another
# form): they come as the JSON text the database wrote, and go into the response as they are
# (orjson.Fragment), never decoded and encoded again.
_AS_WRITTEN = ("violations", "proceedings", "hearings", "target_authorities", "external_references")


def _case_lists(reader: Reader) -> dict:
    """Return the case's nested lists, each a JSON aggregate of its records' objects (those of
    _AS_WRITTEN as JSON text)."""
    lists = _case_aggregates(reader)
    for key in _AS_WRITTEN:
        lists[key] = JSONText(lists[key])
    return lists


def _case_aggregates(reader: Reader) -> dict:
    appeals = Appeal.objects.all()
    if reader.audience == PARTNER:
        appeals = appeals.filter(issued_at__isnull=False)
    return {
        "violations": json_values(
            Case.violations.through.objects.all(),
            "case_id",
            "violationlabel__slug",
            order_by=[code_point_order("violationlabel__slug")],
        ),
        "defenders": json_children(
            Case.defenders.through.objects.all(),
            "case_id",
            order_by=[code_point_order("defender__full_name"), "defender_id"],
            **_defender_object(reader),
        ),
        "proceedings": json_text_children(
            Proceeding.objects.all(),
            "case_id",
            order_by=["created_at", "id"],
            fields=_proceeding_object(reader),
        ),
        # A measure whose start is not known first.
        "detention_periods": json_children(
            DetentionPeriod.objects.all(),
            "case_id",
            order_by=[F("start_date").asc(nulls_first=True), "id"],
            **_detention_period_object(reader),
        ),
        "hearings": json_children(
            Hearing.objects.all(),
            "case_id",
            order_by=["starts_at", "id"],
            **_hearing_object(reader),
        ),
        # The events of one day in the order they were entered.
        "events": json_children(
            Event.objects.all(),
            "case_id",
            order_by=["date", "created_at", "id"],
            **_event_object(reader),
        ),
        "appeals": json_children(appeals, "case_id", order_by=APPEAL_ORDER, **_appeal_object()),
        "target_authorities": json_children(
            CaseAuthority.objects.all(),
            "case_id",
            order_by=["position", "id"],
            **_authority_link_object(CASE_AUTHORITY, reader),
        ),
        "external_references": json_children(
            ExternalReference.objects.all(),
            "case_id",
            order_by=[F("date").asc(nulls_first=True), code_point_order("reference")],
            **_external_reference_object(),
        ),
        "unnamed_groups": json_children(
            UnnamedGroup.objects.all(),
            "case_id",
            order_by=["position", "id"],
            **_columns(UNNAMED_GROUP, reader=reader),
        ),
    }


def case_document_rows(ids: Sequence, *, audience: str, user=None) -> list[dict]:
    """Return the rows of the documents of the cases `ids`, in that order, with every nested
    list as JSON (case_documents finishes them). `user`, the member of staff reading: a
    defender's record names as its source only an appeal of a case they may see (None:
    any)."""
    if not ids:
        # An empty page (an incremental sync with nothing new): no query at all.
        return []
    # is_restricted is not part of the document: case_documents drops it, after the view has
    # read it for the audit log (cases.api.auditing).
    reader = Reader(audience=audience, user=user if audience != PARTNER else None)
    if reader.user is not None or connection.settings_dict.get("DISABLE_SERVER_SIDE_CURSORS"):
        # What a member of staff may see named as a source depends on them, now. And behind
        # a pooler in transaction mode (PgBouncer; Django's setting for it), a prepared
        # statement would be prepared on one server connection and executed on another.
        rows = list(_documents(Case.objects.filter(pk__in=ids), reader))
    else:
        rows = _page_statement(audience).rows(ids)
    place = {str(pk): index for index, pk in enumerate(ids)}
    return sorted(rows, key=lambda row: place[str(row["id"])])


@dataclass(frozen=True)
class _PageStatement:
    """The SQL of a page of documents for a reader without a user (partners; staff reading
    every case), compiled once per process and prepared once per database connection (PREPARE):
    from one page to the next only the cases' ids change. Building and compiling the ORM
    query of some thirty subqueries (each record's sources a conditional join) cost 20 to 40
    ms of Python a page, and planning it again 4 to 10 ms of PostgreSQL's time."""

    name: str
    # The statement, its parameters written in but for the ids ($1, a uuid[]).
    sql: str
    names: tuple[str, ...]
    # By column: Django's converters for its values (dates, JSON, countries, decryption).
    converters: tuple[tuple[int, tuple, object], ...]
    # The connections it is prepared on (a connection closed and opened again is a new one).
    prepared_on: weakref.WeakSet = field(default_factory=weakref.WeakSet, compare=False)

    def rows(self, ids: Sequence) -> list[dict]:
        with connection.cursor() as cursor:
            try:
                rows = self._execute(cursor, ids)
            except DatabaseError as error:
                if connection.in_atomic_block or not isinstance(
                    error.__cause__, InvalidSqlStatementName | FeatureNotSupported
                ):
                    raise
                # Lost (a DISCARD ALL on the connection), or its plan no longer fits the
                # tables (a migration changed a column's type under this process): prepared
                # again, once. Inside a transaction the error has aborted it: raised instead.
                if _prepared(cursor, self.name):
                    cursor.execute(f"DEALLOCATE {self.name}")
                self.prepared_on.discard(connection.connection)
                rows = self._execute(cursor, ids)
        documents = []
        for values in rows:
            values = list(values)
            for index, converters, expression in self.converters:
                value = values[index]
                for converter in converters:
                    value = converter(value, expression, connection)
                values[index] = value
            documents.append(dict(zip(self.names, values, strict=True)))
        return documents

    def _execute(self, cursor, ids: Sequence) -> list[tuple]:
        if connection.connection not in self.prepared_on:
            cursor.execute(f"PREPARE {self.name} (uuid[]) AS {self.sql}")
            self.prepared_on.add(connection.connection)
        cursor.execute(f"EXECUTE {self.name} (%s::uuid[])", [[str(pk) for pk in ids]])
        return cursor.fetchall()


def _prepared(cursor, name: str) -> bool:
    cursor.execute("SELECT EXISTS (SELECT FROM pg_prepared_statements WHERE name = %s)", [name])
    return cursor.fetchone()[0]


@functools.cache
def _page_statement(audience: str) -> _PageStatement:
    query = (
        _documents(Case.objects.all(), Reader(audience=audience))
        .filter(pk__in=RawSQL("SELECT unnest(%s)", [AsIs("$1")]))
        .query
    )
    compiler = query.get_compiler(using=DEFAULT_DB_ALIAS)
    sql, params = compiler.as_sql()
    with connection.cursor() as cursor:
        # The parameters written in as psycopg2 quotes them (the ids' place kept as $1).
        sql = cursor.mogrify(sql, params).decode()
    converters = compiler.get_converters([column for column, _sql, _alias in compiler.select])
    if audience == PARTNER:
        # A partner's confidential facts are decrypted only where disclosed (_case_finish),
        # after redaction: decrypting every token of a page, to drop it, cost ~2 ms a page.
        encrypted = {field.name for field in encrypted_fields(Case)}
        names = [*query.extra_select, *query.values_select, *query.annotation_select]
        converters = {i: c for i, c in converters.items() if names[i] not in encrypted}
    return _PageStatement(
        name=f"case_documents_{audience}",
        sql=sql,
        names=(*query.extra_select, *query.values_select, *query.annotation_select),
        converters=tuple(
            (index, tuple(functions), expression)
            for index, (functions, expression) in converters.items()
        ),
    )


def _documents(cases: QuerySet[Case], reader: Reader) -> QuerySet:
    """Return `cases` as rows of their document's columns and nested lists."""
    columns = [out.column for out in CASE.columns()]
    # A partner's `updated_at` is when what they read last changed (Case.shared_at), so that
    # a confidential change alone leaves their document, and so its ETag, as it was.
    shared = ["shared_at"] if reader.audience == PARTNER else []
    return cases.values(*columns, *shared, "disclosed_fields", "is_restricted").annotate(
        **_case_lists(reader)
    )


# --- From rows to documents -----------------------------------------------------------------

_LISTS = ("defenders", "detention_periods", "events", "appeals", "unnamed_groups")


def _redact(model, record: dict, audience: str) -> dict:
    """Drop the confidential fields a partner may not see (all but those disclosed)."""
    if audience != PARTNER:
        return record
    disclosed = set(record.pop("disclosed_fields", None) or [])
    for name in confidential_fields(model):
        if name not in disclosed:
            record.pop(name, None)
    return record


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _uncertain_dates_finish(record: Record, obj: dict) -> None:
    """Write each uncertain date of `obj` (its column gave the earliest day) in the API's
    form, from its precision and latest day (cases.dates.UncertainDate)."""
    for out in record.outward:
        if out.kind == UNCERTAIN_DATE and obj.get(out.name):
            obj[out.name] = UncertainDate.normalised(
                _day(obj[out.name]),
                obj[f"{out.name}_precision"],
                _day(obj[f"{out.name}_latest"]),
            ).iso()


def _days_held(period: dict, today: dt.date, closed_on: dt.date | None) -> int | None:
    """Return the days of a period up to today, its end (its earliest day), or the case's
    closing day; counted from the latest day its start can be (a lower bound unless exact).
    None for a start not known, or an end no source dates: its days are not counted."""
    start = _day(period["start_date_latest"]) or _day(period["start_date"])
    if start is None or start > today or (period["actual_end"] is None and period["ended"]):
        return None
    end = _day(period["actual_end"]) or closed_on or today
    return max((min(end, today) - start).days, 0)


def case_documents(
    rows: Iterable[dict], *, audience: str, now: dt.datetime | None = None, user=None
) -> list[dict]:
    """Return finished documents from `case_document_rows`: confidential fields withheld from
    partners, uncertain dates in the API's form, and days detained counted in each case's own
    time zone. `user`, the member of staff reading: a defender's days detained count only the
    detention periods of cases they may see (a restricted case hidden from them counts for
    nothing); None counts every period."""
    rows = list(rows)
    now = now or timezone.now()
    defender_ids = {d["id"] for row in rows for d in (row["defenders"] or [])}
    spans = _detention_spans(defender_ids, user=user)
    return [_case_finish(row, spans=spans, now=now, audience=audience) for row in rows]


# Each record type is finished by its function: an empty list (NULL) made [], what is counted
# added, what a partner may not see dropped.


def _listed(items: list | None) -> list:
    return items or []


def _case_finish(row: dict, *, spans: dict, now: dt.datetime, audience: str) -> dict:
    row.pop("is_restricted", None)
    if "shared_at" in row:
        row["updated_at"] = row.pop("shared_at")  # in its place: the key order is kept
    today = now.astimezone(zoneinfo.ZoneInfo(row["time_zone"])).date()
    # The lists come in their order (ORDER BY in each aggregate: _case_lists); an empty one
    # comes as NULL.
    for key in _LISTS:
        row[key] = row[key] or []
    for key in _AS_WRITTEN:
        row[key] = orjson.Fragment(row[key])
    for appeal in row["appeals"]:
        _appeal_finish(appeal)
    for defender in row["defenders"]:
        _defender_finish(defender, spans=spans, today=today, audience=audience)
    for period in row["detention_periods"]:
        _detention_period_finish(period, today=today, closed_on=row["closed_on"])
    for event in row["events"]:
        _event_finish(event, audience=audience)
    for group in row["unnamed_groups"]:
        _uncertain_dates_finish(UNNAMED_GROUP, group)
    if audience == PARTNER:
        # Partners' rows hold the stored tokens (_page_statement): decrypt what is kept.
        return decrypt_nested(Case, _redact(Case, row, audience))
    return row


def _appeal_finish(appeal: dict) -> None:
    for key in ("violations", "texts", "actions", "authorities", "footnotes"):
        appeal[key] = _listed(appeal[key])
    for footnote in appeal["footnotes"]:
        _uncertain_dates_finish(FOOTNOTE, footnote)


def _defender_finish(defender: dict, *, spans: dict, today: dt.date, audience: str) -> None:
    for key in ("areas_of_work", "other_names", "affiliations"):
        defender[key] = _listed(defender[key])
    for affiliation in defender["affiliations"]:
        _uncertain_dates_finish(AFFILIATION, affiliation)
    _uncertain_dates_finish(DEFENDER, defender)
    detention = continuous_detention(spans.get(str(defender["id"]), []), today)
    defender["detained_since"] = detention.since_value.iso() if detention else None
    defender["days_detained"] = detention.days if detention else None
    defender["days_detained_at_least"] = detention.at_least if detention else None
    # The figure moves with the calendar, not with updated_at: the day it is counted to.
    defender["days_detained_as_of"] = (detention.until or today).isoformat() if detention else None
    defender["detained_until"] = (
        detention.until.isoformat() if detention and detention.until else None
    )
    # Built as JSON by the database, the nested records hold the stored tokens of their
    # encrypted fields (appeals_site.fields): decrypt what is kept.
    decrypt_nested(Defender, _redact(Defender, defender, audience))


def _detention_period_finish(period: dict, *, today: dt.date, closed_on: dt.date | None) -> None:
    period["extensions"] = _listed(period["extensions"])
    period["days_held"] = _days_held(period, today, closed_on)
    _uncertain_dates_finish(DETENTION_PERIOD, period)


def _event_finish(event: dict, *, audience: str) -> None:
    event["defenders"] = _listed(event["defenders"])
    event["unnamed_groups"] = _listed(event["unnamed_groups"])
    event["charges"] = _listed(event["charges"])
    _uncertain_dates_finish(EVENT, event)
    decrypt_nested(Event, _redact(Event, event, audience))


def _detention_spans(defender_ids: set, *, user=None) -> dict:
    if not defender_ids:
        return {}
    periods = DetentionPeriod.objects.filter(
        defender_id__in=[uuid.UUID(str(i)) for i in defender_ids]
    )
    if user is not None:
        periods = periods.filter(case_visibility_condition(user, through="case__"))
    return custody_spans(periods)

"""What the staff API tells the audit log (appeals_site.audit): one entry per request for the
restricted cases it served, one for the records whose confidential facts it served."""

from collections.abc import Iterable

from appeals_site.audit.services import Action, audit_records_read
from appeals_site.confidential import confidential_fields
from cases.models import Case, Event
from defenders.models import Defender


def has_confidential_facts(model, record: dict) -> bool:
    """Return whether the record (a document's dict) holds a non-empty confidential field."""
    return any(record.get(name) not in (None, "", []) for name in confidential_fields(model))


def case_documents_audit(
    *, request, documents: list[dict], restricted_ids: Iterable, via: str
) -> None:
    """Record the restricted cases among the documents served to staff, and the cases,
    defenders and events whose confidential facts they held."""
    audit_records_read(
        action=Action.READ_RESTRICTED_CASE, request=request, records={Case: restricted_ids}, via=via
    )
    records: dict = {Case: [], Defender: [], Event: []}
    for document in documents:
        if has_confidential_facts(Case, document):
            records[Case].append(document["id"])
        records[Defender] += [
            d["id"] for d in document["defenders"] if has_confidential_facts(Defender, d)
        ]
        records[Event] += [e["id"] for e in document["events"] if has_confidential_facts(Event, e)]
    audit_records_read(action=Action.READ_CONFIDENTIAL, request=request, records=records, via=via)


def restricted_case_rows_audit(*, request, rows: Iterable, via: str) -> None:
    """Record the restricted cases whose records (hearings, appeals: with `case` loaded) were
    served to staff."""
    restricted = {row.case_id for row in rows if row.case.is_restricted}
    audit_records_read(
        action=Action.READ_RESTRICTED_CASE, request=request, records={Case: restricted}, via=via
    )

"""The declarations of outward fields (cases/, defenders/, authorities/outward.py): every field
of a declared model is a decision (outward or internal), every declared name exists, and the
channels derived from them show exactly what is declared."""

import pytest
from django.apps import apps

from appeals_site.confidential import CONFIDENTIAL_FIELDS
from appeals_site.outward import DECLARED, INLINE, RECORDS, SLUGS, UUIDS, Out, Record
from authorities.api import AuthoritySerializer, EmbassySerializer
from cases.api.appeals import AppealSerializer
from cases.api.exports import COMPUTED_COLUMNS, HEADER
from cases.api.hearings import HearingSerializer
from cases.api.schemas import CaseDocument
from defenders.api import DefenderSerializer

# Every model whose data leaves through the API's case documents, the CSV export or letters.
LEAVING = {
    "cases.Case",
    "cases.ViolationLabel",
    "cases.Issuer",
    "cases.Proceeding",
    "cases.Charge",
    "cases.Decision",
    "cases.Ruling",
    "cases.SentencePart",
    "cases.DetentionPeriod",
    "cases.DetentionExtension",
    "cases.Hearing",
    "cases.HearingMove",
    "cases.Event",
    "cases.ExternalReference",
    "cases.Appeal",
    "cases.AppealText",
    "cases.Action",
    "cases.AppealAuthority",
    "cases.CaseAuthority",
    "defenders.Defender",
    "defenders.AreaOfWork",
    "authorities.Authority",
    "authorities.AuthorityContact",
    "authorities.Embassy",
}


def model_fields(model) -> set[str]:
    """Return the model's own fields: concrete columns and many-to-many links."""
    return {f.name for f in model._meta.concrete_fields} | {
        f.name for f in model._meta.many_to_many
    }


def declared_source(record: Record, out: Out) -> str | None:
    """Return the model field an outward field stands for, or None if it has none (a list
    built from a reverse relation, a computed value)."""
    if out.computed:
        return None
    column = out.column
    for field in record.model._meta.concrete_fields:
        if column in (field.name, field.attname):
            return field.name
    if column in {f.name for f in record.model._meta.many_to_many}:
        return column
    return None


def undecided(record: Record) -> list[str]:
    decided = {declared_source(record, out) for out in record.outward} | set(record.internal)
    if record.confidential():
        # Staff receive it with the confidential fields (appeals_site.outward.Record).
        decided.add("disclosed_fields")
    return sorted(model_fields(record.model) - decided)


def unknown(record: Record) -> list[str]:
    fields = model_fields(record.model)
    related = {f.name for f in record.model._meta.get_fields()}
    names = [n for n in record.internal if n not in fields]
    for out in record.outward:
        if out.computed:
            continue
        if out.kind in (SLUGS, UUIDS, RECORDS, INLINE):
            # A list: a many-to-many link or a reverse relation (charges, moves …).
            if out.column not in related and not _reverse(record, out.column):
                names.append(out.name)
        elif declared_source(record, out) is None:
            names.append(out.name)
    return names


def _reverse(record: Record, name: str) -> bool:
    accessors = {rel.get_accessor_name() for rel in record.model._meta.related_objects}
    # A case's target authorities are its case_authorities; an appeal's authorities are its
    # appeal_authorities (each a link with a position).
    aliases = {"target_authorities": "case_authorities", "authorities": "appeal_authorities"}
    return name in accessors or aliases.get(name) in accessors


def test_every_model_whose_data_leaves_is_declared():
    assert sorted(LEAVING - set(DECLARED)) == []


@pytest.mark.parametrize("label", sorted(LEAVING))
def test_every_field_of_a_declared_model_is_outward_or_internal(label):
    assert undecided(DECLARED[label]) == [], (
        f"Declare these fields of {label} outward or internal in its app's outward.py"
    )


@pytest.mark.parametrize("label", sorted(LEAVING))
def test_a_declaration_names_only_fields_that_exist(label):
    assert unknown(DECLARED[label]) == []


def test_a_field_added_to_a_model_and_not_declared_is_caught():
    record = DECLARED["cases.Charge"]
    trimmed = Record(
        record.model,
        outward=tuple(out for out in record.outward if out.name != "ended_on"),
        internal=record.internal,
    )
    assert undecided(trimmed) == ["ended_on"]


def test_a_declared_field_that_does_not_exist_is_caught():
    record = DECLARED["cases.Charge"]
    wrong = Record(
        record.model,
        outward=(*record.outward, Out("article_text")),
        internal=(*record.internal, "verdict_text"),
    )
    assert unknown(wrong) == ["verdict_text", "article_text"]


def test_a_field_is_never_both_outward_and_internal():
    for label, record in DECLARED.items():
        outward = {declared_source(record, out) for out in record.outward}
        assert sorted(outward & set(record.internal)) == [], label


def test_the_confidential_fields_are_the_declared_ones():
    assert {
        "defenders.Defender": frozenset(
            {
                "health_notes",
                "family_notes",
                "home_address",
                "phone",
                "phone_as_printed",
                "internal_notes",
            }
        ),
        "cases.Case": frozenset({"internal_notes"}),
        "cases.Event": frozenset({"source_identity", "quotation", "quoted_by"}),
    } == CONFIDENTIAL_FIELDS
    for label in CONFIDENTIAL_FIELDS:
        assert "disclosed_fields" in model_fields(apps.get_model(label))


def test_no_confidential_field_reaches_a_letter_or_the_csv():
    for label, record in DECLARED.items():
        assert [o.name for o in record.outward if o.confidential and o.letter] == [], label
        assert [n for n in record.csv if record.by_name.get(n, Out(n)).confidential] == []


def test_each_csv_column_is_declared_or_computed():
    case = DECLARED["cases.Case"]
    assert list(case.csv) == HEADER
    assert [n for n in HEADER if n not in case.by_name and n not in COMPUTED_COLUMNS] == []


def test_the_schema_of_a_case_lists_the_declared_fields_in_order():
    case = DECLARED["cases.Case"]
    assert list(CaseDocument().fields) == [
        "disclosed_fields",
        *[out.name for out in case.outward],
    ]


def test_the_record_endpoints_give_the_declared_fields():
    # Every record endpoint takes its list from the declaration: the defenders' adds the
    # staff's disclosed_fields, the hearings' a few values of its own.
    assert AuthoritySerializer.Meta.fields == DECLARED["authorities.Authority"].names()
    assert EmbassySerializer.Meta.fields == DECLARED["authorities.Embassy"].names()
    assert AppealSerializer.Meta.fields == DECLARED["cases.Appeal"].names()
    defender = DECLARED["defenders.Defender"]
    computed = {out.name for out in defender.outward if out.computed}
    # `source_appeal` is written only: the source of the other names and affiliations.
    assert set(DefenderSerializer.Meta.fields) == (
        set(defender.names()) - computed | {"disclosed_fields", "source_appeal"}
    )
    hearing = DECLARED["cases.Hearing"]
    assert set(hearing.names()) - set(HearingSerializer.Meta.fields) == set()
    # In the order they always had (clients that read columns by position keep working).
    assert DefenderSerializer.Meta.fields == [
        "id", "full_name", "local_name", "gender", "role", "organisation", "areas_of_work",
        "country", "city", "region", "situation", "health_notes", "family_notes",
        "home_address", "phone", "internal_notes", "phone_as_printed", "other_names",
        "affiliations", "gender_as_printed", "work", "designation",
        "held_since", "held_since_precision", "held_since_earliest", "held_since_latest",
        "held_since_as_printed", "work_since", "work_since_precision", "work_since_earliest",
        "work_since_latest", "work_since_as_printed",
        "disclosed_fields", "created_at", "updated_at", "source_appeal",
    ]  # fmt: skip
    assert HearingSerializer.Meta.fields == [
        "id", "case", "case_reference", "country", "court", "city", "local_date", "local_time",
        "time_zone", "local_starts_at", "starts_at", "purpose", "status", "outcome",
        "observers_attending", "defenders", "moves", "proceeding", "local_date_as_printed",
        "stated_in", "changed_in", "court_as_printed", "time_as_printed", "purpose_as_printed",
        "summoned",
        "updated_at",
    ]  # fmt: skip

"""The case documents (cases.api.documents) described for the OpenAPI schema.

These serializers never serialize anything: documents are built by the database and rendered
as they are. They are made from the same declarations of outward fields as the documents
(cases/outward.py, defenders/outward.py, authorities/outward.py), so they describe those dicts
key for key (tests/cases/test_api_schema.py validates real responses against the schema).
Confidential fields are not required: partners receive them only where staff disclosed them,
and `disclosed_fields` only staff receive.
"""

from drf_spectacular.utils import OpenApiExample, extend_schema_serializer
from rest_framework import serializers

from appeals_site.outward import (
    BOOLEAN,
    CHOICE,
    DATE,
    DATETIME,
    INLINE,
    INTEGER,
    RECORDS,
    SLUGS,
    SOURCE,
    STRING,
    TIME,
    UNCERTAIN_DATE,
    UUID,
    UUIDS,
    Out,
    Record,
)
from authorities.outward import AUTHORITY, AUTHORITY_CONTACT
from cases.outward import (
    ACTION,
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
from defenders.outward import AFFILIATION, DEFENDER, OTHER_NAME


class SourceAppealDocument(serializers.Serializer):
    """An appeal a fact is attributed to (`stated_in`, `changed_in`). Partners see only
    issued appeals named so; another is null to them."""

    id = serializers.UUIDField()
    reference = serializers.CharField(
        allow_null=True, help_text="As printed; null for an appeal without a number."
    )


def _schema_field(out: Out, nested: dict) -> serializers.Field:
    """Return the serializer field describing one declared outward field."""
    options: dict = {}
    if out.help:
        options["help_text"] = out.help
    if out.confidential:
        # Withheld from partners unless disclosed: never required.
        options["required"] = False
    if out.kind == RECORDS:
        return nested[out.name](many=True, **options)
    if out.kind == SLUGS:
        return serializers.ListField(child=serializers.CharField(), **options)
    if out.kind == UUIDS:
        return serializers.ListField(child=serializers.UUIDField(), **options)
    if out.nullable:
        options["allow_null"] = True
    if out.kind == SOURCE:
        return SourceAppealDocument(**options)
    if out.kind == CHOICE:
        if out.blank:
            options["allow_blank"] = True
        return serializers.ChoiceField(out.choices, **options)
    if out.kind in (STRING, UNCERTAIN_DATE):
        if out.blank:
            options["allow_blank"] = True
        return serializers.CharField(**options)
    return _FIELDS[out.kind](**options)


_FIELDS = {
    UUID: serializers.UUIDField,
    INTEGER: serializers.IntegerField,
    BOOLEAN: serializers.BooleanField,
    DATE: serializers.DateField,
    TIME: serializers.TimeField,
    DATETIME: serializers.DateTimeField,
}


def document_serializer(
    name: str, *records: Record, nested: dict | None = None, doc: str = ""
) -> type[serializers.Serializer]:
    """Return the serializer describing the documents of `records` (several: their fields one
    after the other, an INLINE field standing for the next record's): the declared outward
    fields in their order, nested lists described by the `nested` serializers."""
    nested = nested or {}
    confidential = next((r.model for r in records if r.confidential()), None)
    attributes: dict = {"__module__": __name__, "__doc__": doc or None}
    for record in records:
        for out in record.outward:
            if out.kind != INLINE and out.document:
                attributes[out.name] = _schema_field(out, nested)
    if confidential is None:
        return type(name, (serializers.Serializer,), attributes)
    return type(name, (ConfidentialSerializer,), {**attributes, "confidential_model": confidential})


class ConfidentialSerializer(serializers.Serializer):
    """A record with confidential fields: each is optional (withheld from partners unless
    disclosed) and marked `x-confidential: true` (appeals_site.api.schema)."""

    disclosed_fields = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="Staff only: the confidential fields disclosed for this record.",
    )


AuthorityContactDocument = document_serializer("AuthorityContactDocument", AUTHORITY_CONTACT)
AuthorityDocument = document_serializer(
    "AuthorityDocument",
    CASE_AUTHORITY,
    AUTHORITY,
    nested={"contacts": AuthorityContactDocument},
)
AppealAuthorityDocument = document_serializer(
    "AppealAuthorityDocument",
    APPEAL_AUTHORITY,
    AUTHORITY,
    nested={"contacts": AuthorityContactDocument},
)
OtherNameDocument = document_serializer("OtherNameDocument", OTHER_NAME)
AffiliationDocument = document_serializer("AffiliationDocument", AFFILIATION)
DefenderDocument = document_serializer(
    "DefenderDocument",
    DEFENDER,
    nested={"other_names": OtherNameDocument, "affiliations": AffiliationDocument},
)
ChargeDocument = document_serializer("ChargeDocument", CHARGE)
SentencePartDocument = document_serializer("SentencePartDocument", SENTENCE_PART)
RulingDocument = document_serializer(
    "RulingDocument",
    RULING,
    nested={"sentence": SentencePartDocument, "requested_sentence": SentencePartDocument},
)
DecisionDocument = document_serializer(
    "DecisionDocument", DECISION, nested={"rulings": RulingDocument}
)
ProceedingDocument = document_serializer(
    "ProceedingDocument",
    PROCEEDING,
    nested={"charges": ChargeDocument, "decisions": DecisionDocument},
)
DetentionExtensionDocument = document_serializer("DetentionExtensionDocument", DETENTION_EXTENSION)
DetentionPeriodDocument = document_serializer(
    "DetentionPeriodDocument",
    DETENTION_PERIOD,
    nested={"extensions": DetentionExtensionDocument},
)
HearingMoveDocument = document_serializer("HearingMoveDocument", HEARING_MOVE)
HearingDocument = document_serializer(
    "HearingDocument", HEARING, nested={"moves": HearingMoveDocument}
)
EventDocument = document_serializer("EventDocument", EVENT)
AppealTextDocument = document_serializer("AppealTextDocument", APPEAL_TEXT)
ActionDocument = document_serializer("ActionDocument", ACTION)
FootnoteDocument = document_serializer("FootnoteDocument", FOOTNOTE)
AppealDocument = document_serializer(
    "AppealDocument",
    APPEAL,
    nested={
        "texts": AppealTextDocument,
        "actions": ActionDocument,
        "authorities": AppealAuthorityDocument,
        "footnotes": FootnoteDocument,
    },
)
ExternalReferenceDocument = document_serializer("ExternalReferenceDocument", EXTERNAL_REFERENCE)
UnnamedGroupDocument = document_serializer("UnnamedGroupDocument", UNNAMED_GROUP)
CaseDocument = document_serializer(
    "CaseDocument",
    CASE,
    nested={
        "defenders": DefenderDocument,
        "proceedings": ProceedingDocument,
        "detention_periods": DetentionPeriodDocument,
        "hearings": HearingDocument,
        "events": EventDocument,
        "appeals": AppealDocument,
        "target_authorities": AuthorityDocument,
        "external_references": ExternalReferenceDocument,
        "unnamed_groups": UnnamedGroupDocument,
    },
    doc="""A whole case: its defenders, proceedings (with their charges and decisions),
    detention periods, hearings, events, appeals (partners: issued ones only) and target
    authorities.""",
)


class CaseAsDescribedDocument(serializers.Serializer):
    """A case as one of its appeals described it: the records' documents as in the case
    document, but what is counted at read time (days held), confidential fields, and the
    links history does not keep (a charge's replacements, a decision's charges, an event's
    unnamed people, a hearing's moves); a target authority names its authority by id."""

    case = serializers.UUIDField()
    appeal = SourceAppealDocument()
    appeals = SourceAppealDocument(
        many=True, help_text="This appeal and those before it, in order: what is counted."
    )
    proceedings = serializers.ListField(child=serializers.DictField())
    detention_periods = serializers.ListField(child=serializers.DictField())
    hearings = serializers.ListField(child=serializers.DictField())
    unnamed_groups = serializers.ListField(child=serializers.DictField())
    events = serializers.ListField(child=serializers.DictField())
    target_authorities = serializers.ListField(child=serializers.DictField())


# many=False: the list action answers one page object, not an array of them.
@extend_schema_serializer(many=False)
class CasePage(serializers.Serializer):
    results = CaseDocument(many=True)
    next = serializers.URLField(allow_null=True, help_text="The next page; null on the last.")
    until = serializers.DateTimeField(
        help_text="Give it as updated_since in the next incremental sync."
    )


class CaseTombstoneDocument(serializers.Serializer):
    case_id = serializers.UUIDField()
    reason = serializers.ChoiceField([("unpublished", "unpublished"), ("deleted", "deleted")])
    left_at = serializers.DateTimeField()


class CaseTombstones(serializers.Serializer):
    results = CaseTombstoneDocument(many=True)


CASE_EXAMPLE = OpenApiExample(
    "A published case",
    response_only=True,
    value={
        "id": "5b0e2a5e-3f7e-4d8e-9d1f-8a6c0b1e2f30",
        "reference": "KGZ 003 / 0425 / OBS 041",
        "country": "KG",
        "time_zone": "Asia/Bishkek",
        "title": "Kyrgyzstan: Arbitrary detention of Ms. Aigerim Dzhaksybekova",
        "status": "published",
        "summary": "The lawyer was arrested in Osh on 27 March 2025.",
        "background": "",
        "published_at": "2025-04-14T09:00:00+00:00",
        "closed_on": None,
        "created_at": "2025-03-28T10:12:00+00:00",
        "updated_at": "2025-04-22T08:40:00+00:00",
        "violations": ["arbitrary-detention"],
        "defenders": [
            {
                "id": "0f6b1d0a-6f53-4a57-8f0e-2a9b5d6c7e81",
                "full_name": "Aigerim Dzhaksybekova",
                "local_name": "Айгерим Джаксыбекова",
                "gender": "female",
                "role": "lawyer",
                "organisation": "Fictional Rights Centre",
                "country": "KG",
                "city": "Osh",
                "region": "",
                "situation": "pre_trial_detention",
                "areas_of_work": ["fight-against-torture"],
                "detained_since": "2025-03-27",
                "days_detained": 26,
                "days_detained_at_least": False,
                "days_detained_as_of": "2025-04-22",
                "detained_until": None,
            }
        ],
        "proceedings": [],
        "detention_periods": [],
        "hearings": [],
        "events": [],
        "appeals": [],
        "target_authorities": [],
        "external_references": [],
    },
)
ERROR_EXAMPLE = OpenApiExample(
    "A charge without article or offence",
    response_only=True,
    status_codes=["400"],
    value={
        "status": 400,
        "code": "invalid",
        "detail": "The request is not valid: see errors.",
        "errors": {"proceedings[0].charges[1]": ["Give the article or the offence (or both)."]},
    },
)

import pytest
from django.core import checks
from django.core.exceptions import ValidationError

from appeals_site import confidential
from appeals_site.confidential import (
    confidential_fields,
    is_withheld,
    outward_value,
    public_field_names,
)
from defenders.models import Defender
from tests.factories import DefenderFactory, EventFactory


def test_defender_health_family_address_phone_and_notes_are_confidential():
    assert confidential_fields(Defender) == {
        "health_notes",
        "family_notes",
        "home_address",
        "phone",
        "phone_as_printed",
        "internal_notes",
    }


def test_the_declaration_passes_its_system_check():
    assert confidential.check_confidential_declaration() == []


def test_a_declared_field_that_does_not_exist_fails_the_check(monkeypatch):
    monkeypatch.setitem(
        confidential.CONFIDENTIAL_FIELDS, "defenders.Defender", frozenset({"blood_type"})
    )
    errors = confidential.check_confidential_declaration()
    assert [e.msg for e in errors] == [
        "defenders.Defender.blood_type is declared confidential but is no field."
    ]
    assert all(isinstance(e, checks.Error) for e in errors)


@pytest.mark.django_db
def test_confidential_fact_is_withheld_until_disclosed():
    defender = DefenderFactory(health_notes="chronic illness", home_address="12 Canary Street")
    assert outward_value(defender, "health_notes") is None
    assert outward_value(defender, "full_name") == defender.full_name

    defender.disclosed_fields = ["health_notes"]

    assert outward_value(defender, "health_notes") == "chronic illness"
    assert is_withheld(defender, "home_address")


@pytest.mark.django_db
def test_the_identity_of_a_source_is_withheld():
    event = EventFactory(source_identity="a cousin of the defender", citation="Press release")
    assert is_withheld(event, "source_identity")
    assert not is_withheld(event, "citation")


def test_public_fields_never_include_a_confidential_one():
    names = public_field_names(Defender)
    assert "full_name" in names
    assert not set(names) & (confidential_fields(Defender) | {"disclosed_fields"})


@pytest.mark.django_db
def test_only_confidential_fields_can_be_disclosed():
    defender = DefenderFactory(disclosed_fields=["full_name"])
    with pytest.raises(ValidationError) as excinfo:
        defender.full_clean()
    assert excinfo.value.message_dict == {
        "disclosed_fields": ["Not a confidential field of this record: full_name."]
    }

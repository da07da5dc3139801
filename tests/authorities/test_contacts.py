import pytest
from django.core.exceptions import ValidationError

from authorities.contacts import contact_value_normalise
from authorities.models import AuthorityContact
from tests.factories import AuthorityFactory, EmbassyFactory


def test_fax_numbers_are_stored_in_e164():
    assert contact_value_normalise(kind="fax", value="+996 312 00 11 22") == "+996312001122"


def test_a_national_number_is_refused_with_a_hint():
    with pytest.raises(ValidationError) as excinfo:
        contact_value_normalise(kind="fax", value="0312 00 11 22")
    assert excinfo.value.message_dict == {
        "value": ["Enter the number in international form, e.g. +996 312 00 11 22."]
    }


def test_an_impossible_number_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        contact_value_normalise(kind="phone", value="+1 555 000 0000")
    assert excinfo.value.message_dict == {
        "value": ["+1 555 000 0000 is not a valid phone or fax number."]
    }


def test_an_invalid_email_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        contact_value_normalise(kind="email", value="office@")
    assert excinfo.value.message_dict == {"value": ["Enter a valid e-mail address."]}


@pytest.mark.django_db
def test_contact_clean_normalises_the_number():
    contact = AuthorityContact(
        authority=AuthorityFactory(), kind=AuthorityContact.Kind.FAX, value="+41 22 000 11 22"
    )
    contact.full_clean()
    assert contact.value == "+41220001122"


@pytest.mark.django_db
def test_embassy_phone_is_validated_and_stored_in_e164():
    embassy = EmbassyFactory(phone="+32 2 512 34 56")
    embassy.full_clean()
    embassy.save()
    embassy.refresh_from_db()
    assert str(embassy.phone) == "+3225123456"


@pytest.mark.django_db
def test_an_embassy_is_not_hosted_by_its_own_country():
    embassy = EmbassyFactory.build(country="KG", host_country="KG")
    with pytest.raises(ValidationError) as excinfo:
        embassy.full_clean()
    assert excinfo.value.messages == ["A country has no embassy in itself."]


@pytest.mark.django_db
def test_office_cannot_end_before_it_starts():
    authority = AuthorityFactory.build(office_start="2025-01-01", office_end="2024-01-01")
    with pytest.raises(ValidationError) as excinfo:
        authority.full_clean()
    assert "The period of office cannot end before it starts." in excinfo.value.messages

"""Numbers that can be dialled are shown grouped as people dial them (`+996 312 001 122`) in
the admin, on the public pages and in letters; the stored value stays E.164."""

import pytest
from django.urls import reverse

from authorities.contacts import number_grouped
from authorities.models import AuthorityContact
from cases.references import case_public_path
from letters.rendering import letter_html
from tests.factories import (
    AppealAuthorityFactory,
    AuthorityContactFactory,
    AuthorityFactory,
    EmbassyFactory,
    issuable_appeal,
)
from tests.public.test_public_pages import published_case

pytestmark = pytest.mark.django_db

GROUPED = "+996 312 001 122"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("+996312001122", GROUPED),
        ("+3225550101", "+32 2 555 01 01"),
        # Kept as printed: what cannot be read as a valid international number, and e-mails.
        ("009 / 1234 / 56 78 90", "009 / 1234 / 56 78 90"),
        ("+ 9 1234 56 78 90", "+ 9 1234 56 78 90"),
        ("office@prosecutor.example.kg", "office@prosecutor.example.kg"),
        ("", ""),
    ],
)
def test_a_number_is_grouped_when_it_can_be_dialled_and_else_left_as_it_is(value, shown):
    assert number_grouped(value) == shown


def an_authority_with_a_fax():
    authority = AuthorityFactory(person_name="Kurmanbek Sadyrov", post="Prosecutor General")
    AuthorityContactFactory(authority=authority, value="+996312001122", position=0)
    return authority


def test_the_admin_shows_an_authoritys_fax_grouped(editor_client):
    authority = an_authority_with_a_fax()

    response = editor_client.get(reverse("admin:authorities_authority_change", args=[authority.pk]))

    assert response.status_code == 200
    assert GROUPED in response.content.decode()
    assert AuthorityContact.objects.get().value == "+996312001122"


def test_the_admin_shows_an_embassys_fax_grouped(editor_client):
    embassy = EmbassyFactory(fax="+996312001122", fax_as_printed="00996 312 00 11 22")

    response = editor_client.get(reverse("admin:authorities_embassy_change", args=[embassy.pk]))

    assert response.status_code == 200
    assert GROUPED in response.content.decode()


def test_a_letter_shows_the_fax_grouped():
    appeal = issuable_appeal()
    AppealAuthorityFactory(appeal=appeal, authority=an_authority_with_a_fax(), position=0)

    html = letter_html(appeal=appeal, language="en")

    assert f"Fax: {GROUPED}" in html
    assert "+996312001122" not in html


def test_the_public_page_shows_faxes_grouped_and_dials_the_stored_number(client):
    case = published_case()
    EmbassyFactory(fax="+996312001122", fax_as_printed="00996 312 00 11 22")

    body = client.get(case_public_path(reference=case.reference), {"host_country": "BE"})
    body = body.content.decode()

    authorities = body.split('id="authorities"')[1].split('id="take-action"')[0]
    assert '<a href="tel:+996312660000">+996 312 660 000</a>' in authorities
    embassy = body.split('id="embassy"')[1].split('id="history"')[0]
    assert GROUPED in embassy

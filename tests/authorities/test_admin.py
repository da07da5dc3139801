"""The staff admin of the directory: authorities with their contacts, and embassies."""

import re

import pytest
from django.urls import reverse

from authorities.models import Authority, AuthorityContact, Embassy
from tests.admin_forms import AdminPost, assert_saved, page_errors
from tests.factories import AuthorityContactFactory, AuthorityFactory, EmbassyFactory

pytestmark = pytest.mark.django_db

AUTHORITIES = reverse("admin:authorities_authority_changelist")
ADD_AUTHORITY = reverse("admin:authorities_authority_add")
EMBASSIES = reverse("admin:authorities_embassy_changelist")
ADD_EMBASSY = reverse("admin:authorities_embassy_add")


def change_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def listed(response) -> list:
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def an_authority_with_a_fax() -> Authority:
    authority = AuthorityFactory(person_name="Kurmanbek Sadyrov", post="Prosecutor General")
    AuthorityContactFactory(authority=authority, value="+996312001122", position=0)
    return authority


# --- Authorities ----------------------------------------------------------------------------


def test_authority_list_loads(editor_client):
    authority = an_authority_with_a_fax()

    assert listed(editor_client.get(AUTHORITIES)) == [authority]


def test_authority_search_finds_the_person_and_the_post(editor_client):
    authority = an_authority_with_a_fax()
    AuthorityFactory(person_name="Someone Else", post="Minister of Justice")

    assert listed(editor_client.get(AUTHORITIES, {"q": "Sadyrov"})) == [authority]
    assert listed(editor_client.get(AUTHORITIES, {"q": "Prosecutor"})) == [authority]


def test_authority_filter_on_country(editor_client):
    colombian = AuthorityFactory(country="CO", post="Fiscal General de la Nación")
    AuthorityFactory(country="KG")

    assert listed(editor_client.get(AUTHORITIES, {"country": "CO"})) == [colombian]


def test_authority_add_page_loads(editor_client):
    assert editor_client.get(ADD_AUTHORITY).status_code == 200


def test_a_new_authority_is_recorded_with_contacts_in_e164(editor_client, editor):
    post = AdminPost.from_page(editor_client.get(ADD_AUTHORITY))
    post.set(
        person_name="Sadyr Japarov",
        post="President of the Kyrgyz Republic",
        country="KG",
        seat="Bishkek",
        salutation="Your Excellency",
        language="ru",
    )
    post.add_row("contacts", kind="fax", as_printed="+996 312 62 50 12", position=0)
    post.add_row("contacts", kind="email", as_printed="office@president.example.kg", position=1)

    assert_saved(editor_client.post(ADD_AUTHORITY, post.data))

    authority = Authority.objects.get()
    assert [(c.kind, c.value) for c in authority.contacts.all()] == [
        ("fax", "+996312625012"),
        ("email", "office@president.example.kg"),
    ]
    assert authority.history.get().history_user == editor


def test_changing_an_authority_is_saved(editor_client):
    authority = an_authority_with_a_fax()
    post = AdminPost.from_page(editor_client.get(change_url(authority)))
    post.set(office_end="2025-06-30")
    post.set("contacts-0", as_printed="+996 312 00 11 33")

    assert_saved(editor_client.post(change_url(authority), post.data))

    authority.refresh_from_db()
    assert str(authority.office_end) == "2025-06-30"
    assert authority.contacts.get().value == "+996312001133"


def test_a_fax_number_that_cannot_be_read_is_kept_as_printed_with_a_warning(editor_client):
    authority = an_authority_with_a_fax()
    post = AdminPost.from_page(editor_client.get(change_url(authority)))
    post.add_row("contacts", kind="fax", as_printed="009 / 1234 / 56 78 90", position=1)

    response = editor_client.post(change_url(authority), post.data, follow=True)

    kept = authority.contacts.get(position=1)
    assert (kept.as_printed, kept.value) == ("009 / 1234 / 56 78 90", "")
    assert [str(m) for m in response.context["messages"]][0] == (
        "009 / 1234 / 56 78 90 cannot be read as an international number: it is kept as "
        "printed, and letters show it so. Check it against the source."
    )


def test_an_invalid_email_is_a_form_error(editor_client):
    authority = an_authority_with_a_fax()
    post = AdminPost.from_page(editor_client.get(change_url(authority)))
    post.add_row("contacts", kind="email", as_printed="office@", position=1)

    response = editor_client.post(change_url(authority), post.data)

    assert page_errors(response) == {
        "contacts-1": {"as_printed": ["Enter a valid e-mail address."]}
    }


def test_the_same_fax_spelled_differently_is_a_form_error(editor_client):
    authority = an_authority_with_a_fax()
    post = AdminPost.from_page(editor_client.get(change_url(authority)))
    post.add_row("contacts", kind="fax", as_printed="+996 312 00 11 22", position=1)

    response = editor_client.post(change_url(authority), post.data)

    assert page_errors(response) == {
        "contacts-1": {"__all__": ["This authority already has this number or address."]}
    }
    assert AuthorityContact.objects.count() == 1


def test_a_period_of_office_ending_before_it_starts_is_a_form_error(editor_client):
    authority = an_authority_with_a_fax()
    post = AdminPost.from_page(editor_client.get(change_url(authority)))
    post.set(office_start="2025-01-01", office_end="2024-12-31")

    response = editor_client.post(change_url(authority), post.data)

    assert page_errors(response) == {
        "form": {"office_end": ["The period of office cannot end before it starts."]}
    }


def test_viewer_opens_an_authority_read_only(viewer_client):
    authority = an_authority_with_a_fax()

    assert viewer_client.get(AUTHORITIES).status_code == 200
    assert viewer_client.get(change_url(authority)).status_code == 200
    assert viewer_client.post(change_url(authority), {"post": "Changed"}).status_code == 403


# --- Embassies ------------------------------------------------------------------------------


def test_embassy_list_loads(editor_client):
    embassy = EmbassyFactory()

    assert listed(editor_client.get(EMBASSIES, {"host_country": "BE"})) == [embassy]


def test_embassy_search_finds_the_name(editor_client):
    embassy = EmbassyFactory()
    EmbassyFactory(host_country="FR", name="Embassy of the Kyrgyz Republic in France")

    assert listed(editor_client.get(EMBASSIES, {"q": "Belgium"})) == [embassy]


def test_embassy_add_page_loads(editor_client):
    assert editor_client.get(ADD_EMBASSY).status_code == 200


def test_a_new_embassy_is_recorded_with_its_fax_in_e164(editor_client):
    post = AdminPost.from_page(editor_client.get(ADD_EMBASSY))
    post.set(
        name="Embassy of the Kyrgyz Republic in Switzerland",
        country="KG",
        host_country="CH",
        city="Geneva",
        fax_as_printed="+41 22 000 11 22",
        email="kg-embassy@example.ch",
        website="embassy.example.ch",
    )

    assert_saved(editor_client.post(ADD_EMBASSY, post.data))

    embassy = Embassy.objects.get()
    assert (embassy.fax, embassy.website) == ("+41220001122", "https://embassy.example.ch")


def test_changing_an_embassy_is_saved(editor_client):
    embassy = EmbassyFactory()
    post = AdminPost.from_page(editor_client.get(change_url(embassy)))
    post.set(address="Rue de l'Exemple 1, 1000 Brussels")

    assert_saved(editor_client.post(change_url(embassy), post.data))

    embassy.refresh_from_db()
    assert embassy.address == "Rue de l'Exemple 1, 1000 Brussels"


def test_an_embassy_in_its_own_country_is_a_form_error(editor_client):
    post = AdminPost.from_page(editor_client.get(ADD_EMBASSY))
    post.set(name="Embassy of the Kyrgyz Republic", country="KG", host_country="KG")

    response = editor_client.post(ADD_EMBASSY, post.data)

    assert page_errors(response) == {"form": {"__all__": ["A country has no embassy in itself."]}}


def test_a_second_embassy_of_a_country_in_one_host_country_is_a_form_error(editor_client):
    EmbassyFactory(country="KG", host_country="BE")
    post = AdminPost.from_page(editor_client.get(ADD_EMBASSY))
    post.set(name="Another embassy", country="KG", host_country="BE")

    response = editor_client.post(ADD_EMBASSY, post.data)

    assert page_errors(response) == {
        "form": {
            "__all__": ["The directory already has this country's embassy in this host country."]
        }
    }


@pytest.mark.parametrize(
    ("language", "label", "help_text"),
    [
        ("fr", "Pays du siège", "la Suisse pour une mission à Genève"),
        ("es", "País de la sede", "Suiza para una misión en Ginebra"),
        ("ru", "Страна местонахождения", "Швейцария для представительства в Женеве"),
    ],
)
def test_the_seats_country_is_named_and_explained_in_the_staffs_language(
    editor_client, language, label, help_text
):
    content = editor_client.get(
        reverse("admin:authorities_authority_add"), HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()

    shown = re.search(r'<label[^>]*for="id_seat_country"[^>]*>([^<]*)</label>', content)
    assert shown.group(1).startswith(label), shown.group(1)
    assert help_text in content
    assert "Country of the seat" not in content and "Switzerland" not in content

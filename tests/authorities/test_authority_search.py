"""Staff picking an authority for a case or an appeal see each authority's country, and the
case's country first."""

import pytest

from tests.cases.admin_support import change_url
from tests.factories import AuthorityFactory, CaseFactory, issuable_appeal

pytestmark = pytest.mark.django_db

AUTOCOMPLETE = "/admin/autocomplete/"


def osce_delegations():
    austrian = AuthorityFactory(country="AT", post="Permanent Delegation to the OSCE in Vienna")
    kyrgyz = AuthorityFactory(country="KG", post="Permanent Delegation to the OSCE in Vienna")
    return austrian, kyrgyz


def search(client, **params):
    response = client.get(
        AUTOCOMPLETE,
        {"term": "OSCE", "app_label": "cases", "model_name": "caseauthority",
         "field_name": "authority", **params},
    )  # fmt: skip
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_each_authority_found_names_its_country(editor_client):
    austrian, kyrgyz = osce_delegations()

    results = search(editor_client)

    assert [r["id"] for r in results] == [str(austrian.pk), str(kyrgyz.pk)]
    assert [r["text"] for r in results] == [
        f"{austrian} (Austria)",
        f"{kyrgyz} (Kyrgyzstan)",
    ]


def test_the_cases_country_comes_first(editor_client):
    austrian, kyrgyz = osce_delegations()

    results = search(editor_client, rank_country="KG")

    assert [r["id"] for r in results] == [str(kyrgyz.pk), str(austrian.pk)]


@pytest.mark.parametrize("value", ["ZZ", "kg; drop", ""])
def test_a_country_that_is_not_one_leaves_the_search_unranked(editor_client, value):
    austrian, kyrgyz = osce_delegations()

    results = search(editor_client, rank_country=value)

    assert [r["id"] for r in results] == [str(austrian.pk), str(kyrgyz.pk)]


def test_the_case_page_asks_for_its_countrys_authorities_first(editor_client):
    case = CaseFactory(country="KG")

    content = editor_client.get(change_url(case)).content.decode()

    assert "/admin/autocomplete/?rank_country=KG" in content


def test_the_appeal_page_asks_for_its_cases_countrys_authorities_first(editor_client):
    appeal = issuable_appeal(case=CaseFactory(country="KG"))

    content = editor_client.get(change_url(appeal)).content.decode()

    assert "/admin/autocomplete/?rank_country=KG" in content

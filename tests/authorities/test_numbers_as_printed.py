"""Numbers as sources print them: kept as printed beside what can be dialled, with a warning,
never refused, when they cannot be read as international numbers; letters print what can be
dialled, else the number as printed."""

import pytest

from authorities.models import Authority
from letters.context import letter_context
from tests.api_clients import staff_api_client
from tests.factories import AppealAuthorityFactory, issuable_appeal

pytestmark = pytest.mark.django_db
PRINTED = "009 / 1234 / 56 78 90"
WARNING = (
    "009 / 1234 / 56 78 90 cannot be read as an international number: it is kept as printed, "
    "and letters show it so. Check it against the source."
)


def test_a_fax_that_cannot_be_read_is_kept_as_printed_with_a_warning_and_so_in_letters(editor):
    api = staff_api_client(editor)
    response = api.post(
        "/api/v1/authorities/",
        {
            "post": "Prosecutor General",
            "country": "KG",
            "contacts": [
                {"kind": "fax", "value": PRINTED},
                {"kind": "fax", "value": "00996 312 00 11 22"},
            ],
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    assert response.json()["contacts"] == [
        {"kind": "fax", "value": "", "as_printed": PRINTED, "position": 0},
        {
            "kind": "fax",
            "value": "+996312001122",
            "as_printed": "00996 312 00 11 22",
            "position": 1,
        },
    ]
    assert response.json()["warnings"] == {"contacts[0].value": [WARNING]}
    authority = Authority.objects.get()
    appeal = issuable_appeal()
    AppealAuthorityFactory(appeal=appeal, authority=authority, position=0)
    context = letter_context(appeal=appeal, authorities=None, language="en", campaigner=None)
    assert [c["value"] for c in context["authorities"][0]["contacts"]] == [
        PRINTED,
        "+996312001122",
    ]

    embassy = api.post(
        "/api/v1/embassies/",
        {"country": "KG", "host_country": "FR", "name": "Embassy", "fax": "+ 9 1234 56 78 90"},
        format="json",
    )
    assert embassy.status_code == 201, embassy.content
    assert (embassy.json()["fax"], embassy.json()["fax_as_printed"]) == ("", "+ 9 1234 56 78 90")
    assert list(embassy.json()["warnings"]) == ["fax"]

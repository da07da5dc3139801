"""A defender's dated statements as appeals print them ("in custody since 10 March 2021",
"have opposed the dam since about 2015") and an affiliation's start, as uncertain dates with
their wording: in the defenders' endpoint and in the case documents."""

import datetime as dt

import pytest

from cases.api.serializers import UncertainDateField
from cases.models import Case
from defenders.models import Defender
from tests.api_clients import partner_api_client, staff_api_client
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db
PUBLISHED_AT = dt.datetime(2025, 4, 14, tzinfo=dt.UTC)
NOT_A_DATE = UncertainDateField.default_error_messages["invalid"]
STATED = {
    "full_name": "María Elena Castellanos Orellana",
    "held_since": "2021-03-10",
    "held_since_as_printed": "seit dem 10. März 2021",
    "work_since": "2015~",
    "work_since_as_printed": "desde alrededor de 2015",
    "affiliations": [
        {
            "organisation": "Caspian Media Monitor",
            "role": "director",
            "period": "since about 2015",
            "since": "2015~",
        }
    ],
}


def test_dated_statements_come_back_as_printed_with_their_bounds(reviewer):
    api = staff_api_client(reviewer)

    created = api.post("/api/v1/defenders/", STATED, format="json")

    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["held_since"], body["held_since_precision"]) == ("2021-03-10", "day")
    assert body["held_since_as_printed"] == "seit dem 10. März 2021"
    assert (body["work_since"], body["work_since_precision"]) == ("2015~", "about")
    assert (body["work_since_earliest"], body["work_since_latest"]) == (
        "2015-01-01",
        "2015-12-31",
    )
    assert body["work_since_as_printed"] == "desde alrededor de 2015"
    [affiliation] = body["affiliations"]
    assert (affiliation["since"], affiliation["period"]) == ("2015~", "since about 2015")
    assert affiliation["since_latest"] == "2015-12-31"


def test_partners_read_them_in_the_case_document(reviewer, settings):
    settings.API_SYNC_SETTLE_SECONDS = 0
    defender_id = (
        staff_api_client(reviewer).post("/api/v1/defenders/", STATED, format="json").json()["id"]
    )
    case = CaseFactory(status=Case.Status.PUBLISHED, published_at=PUBLISHED_AT)
    case.defenders.add(Defender.objects.get(pk=defender_id))

    [document] = partner_api_client().get("/api/v1/cases/").json()["results"]

    [defender] = document["defenders"]
    assert (defender["held_since"], defender["work_since"]) == ("2021-03-10", "2015~")
    assert defender["work_since_as_printed"] == "desde alrededor de 2015"
    assert defender["affiliations"][0]["since"] == "2015~"


def test_a_statement_not_given_is_null_not_a_default(reviewer):
    body = (
        staff_api_client(reviewer)
        .post("/api/v1/defenders/", {"full_name": "Tomás Reyes Maradiaga"}, format="json")
        .json()
    )

    assert (body["held_since"], body["work_since"]) == (None, None)
    assert (body["held_since_as_printed"], body["work_since_as_printed"]) == ("", "")


@pytest.mark.parametrize(
    ("field", "value"),
    [("held_since", "since March"), ("work_since", 2015), ("held_since", "2021-02-30")],
)
def test_a_date_that_is_none_is_refused_naming_the_field(reviewer, field, value):
    api = staff_api_client(reviewer)
    defender = api.post("/api/v1/defenders/", STATED, format="json").json()

    response = api.patch(f"/api/v1/defenders/{defender['id']}/", {field: value}, format="json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    assert Defender.objects.get().held_since == dt.date(2021, 3, 10)


def test_an_affiliation_start_that_is_no_date_is_refused_by_its_path(reviewer):
    affiliations = [{"organisation": "Caspian Media Monitor", "since": "about 2015"}]

    response = staff_api_client(reviewer).post(
        "/api/v1/defenders/",
        {"full_name": "Leyla Gasimova", "affiliations": affiliations},
        format="json",
    )

    assert response.status_code == 400
    # Nested as the defenders' endpoint nests its list errors.
    assert response.json()["errors"] == {"affiliations": {"0": {"since": [NOT_A_DATE]}}}
    assert not Defender.objects.exists()

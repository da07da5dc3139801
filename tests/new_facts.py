"""A published case holding every new kind of fact, entered through the staff API: defenders
with other names and a second affiliation, unnamed co-defendants, a proceeding with an
offence-only joint charge and a replaced one, a decision with a sentence in parts (and the
one requested), measures with uncertain starts (a month-only remand, a travel ban "since
July 2017"), a hearing of the proceeding at a court nobody named for a purpose nobody stated,
an archival appeal of the organisation (its texts in English and German) and another
issuer's Urgent Action with its index number. Every name, body and number is invented.

The outward channels (the CSV export, the calendar, partners' documents, the public page,
letters, the schema) read it back in their tests."""

import datetime as dt
from dataclasses import dataclass

from rest_framework.test import APIClient

from cases.models import Case
from tests.factories import AuthorityFactory, CaseFactory, IssuerFactory

# A confidential fact on every record that has one: it must never leave.
SECRET = "CANARY-new-facts-7c1e"
PUBLISHED_AT = dt.datetime(2025, 4, 1, tzinfo=dt.UTC)
# The day the tests run (15 April in Bishkek): the hearing below is ahead.
NOW = dt.datetime(2025, 4, 14, 20, 0, tzinfo=dt.UTC)
HEARING_DAY = dt.date(2025, 4, 24)


@dataclass
class NewFacts:
    case: Case
    aigerim: str  # defenders' ids
    bolot: str
    proceeding: str
    joint_charge: str
    replaced_charge: str
    new_charge: str
    hearing: str
    own_reference: str
    own_appeal: str
    their_appeal: str


def _ok(response, status: int = 200) -> dict:
    assert response.status_code == status, response.content
    return response.json()


def new_facts_case(user) -> NewFacts:
    """Return the case above, entered by `user` (an editor) through the staff API."""
    api = APIClient()
    api.force_authenticate(user)
    aigerim = _ok(
        api.post(
            "/api/v1/defenders/",
            {
                "full_name": "Aigerim Dzhaksybekova",
                "situation": "pre_trial_detention",
                "other_names": [{"name": "Aigerim Jaksybekova"}, {"name": "Aika", "kind": "alias"}],
                "affiliations": [
                    {"role": "head", "organisation": "Justice for All", "period": "since 2015"},
                    {"role": "lawyer", "organisation": "Bar of Osh"},
                ],
                "health_notes": SECRET,
            },
            format="json",
        ),
        201,
    )["id"]
    bolot = _ok(api.post("/api/v1/defenders/", {"full_name": "Bolot Bekov"}, format="json"), 201)[
        "id"
    ]
    case = CaseFactory(
        title="Kyrgyzstan: Judicial harassment of lawyers",
        status=Case.Status.PUBLISHED,
        published_at=PUBLISHED_AT,
    )
    url = f"/api/v1/cases/{case.pk}/"
    first = _ok(
        api.patch(
            url,
            {
                "defenders": [aigerim, bolot],
                "internal_notes": SECRET,
                "unnamed_groups": [
                    {"description": "a dozen other lawyers", "count": 12, "count_approximate": True}
                ],
                "proceedings": [
                    {
                        "kind": "criminal",
                        "name": "criminal case No. 12345",
                        "charges": [
                            # The source names the offence only, against both.
                            {
                                "defenders": [aigerim, bolot],
                                "offence": "membership of an illegal group",
                                "date_brought": "2019-03-15",
                            },
                            {
                                "defenders": [aigerim],
                                "instrument": "Criminal Code",
                                "article": "341",
                                "offence": "dissemination of false information",
                                "date_brought": "2019-06-01",
                            },
                            {
                                "defenders": [aigerim],
                                "instrument": "Criminal Code",
                                "article": "212.2",
                                "offence": "mass riots",
                                "date_brought": "2019-03-20",
                            },
                        ],
                    }
                ],
                "detention_periods": [
                    {
                        "defender": aigerim,
                        "kind": "pre_trial_detention",
                        "start_date": "2019-03",
                        "start_date_as_printed": "in March 2019",
                    },
                    {
                        "defender": bolot,
                        "kind": "travel_ban",
                        "start_date": "2017-07",
                        "start_date_as_printed": "since July 2017",
                    },
                ],
            },
            format="json",
        )
    )
    proceeding = first["proceedings"][0]
    by_article = {c["article"]: c["id"] for c in proceeding["charges"]}
    joint, replaced, new = by_article[""], by_article["212.2"], by_article["341"]
    imposed = [
        {"kind": "imprisonment", "years": 5, "suspension": "suspended", "suspension_years": 2},
        {"kind": "fine", "amount": 50000, "currency": "KGS"},
        {"kind": "activity_ban", "years": 3, "detail": "social activities"},
    ]
    second = _ok(
        api.patch(
            url,
            {
                "proceedings": [
                    {
                        "id": proceeding["id"],
                        "charges": [
                            {"id": joint, "status": "decided"},
                            {"id": replaced, "status": "replaced", "replaced_by": [new]},
                            {"id": new, "status": "decided"},
                        ],
                        "decisions": [
                            {
                                "date": "2025-03-10",
                                "court": "Leninsky District Court of Osh",
                                "instance": "first_instance",
                                "charges": [joint, new],
                                "rulings": [
                                    {
                                        "defender": aigerim,
                                        "outcome": "convicted",
                                        "sentence": imposed,
                                        "requested_sentence": [
                                            {"kind": "imprisonment", "years": 7}
                                        ],
                                    }
                                ],
                            }
                        ],
                    }
                ],
                # At a court nobody named, for a purpose nobody stated, at no stated time.
                "hearings": [
                    {
                        "proceeding": proceeding["id"],
                        "city": "Osh",
                        "local_date": HEARING_DAY.isoformat(),
                        "time_zone": "Asia/Bishkek",
                        "defenders": [aigerim, bolot],
                    }
                ],
            },
            format="json",
        )
    )
    candle = IssuerFactory(name="Candle International")
    own = _ok(
        api.post(
            f"/api/v1/cases/{case.pk}/appeals/",
            {
                "reference": "KGZ 001 /0317 / OBS 012.1",
                "issue_date": "2017-03-20",
                "texts": [
                    {
                        "language": "en",
                        "is_original": True,
                        "title": "Kyrgyzstan: Judicial harassment of two lawyers",
                    },
                    {"language": "de", "title": "Kirgisistan: Schikane gegen Anwälte"},
                ],
                "actions": [{"language": "en", "position": 1, "text": "Drop the charges;"}],
                "authorities": [str(AuthorityFactory().pk)],
            },
            format="json",
        ),
        201,
    )
    theirs = _ok(
        api.post(
            f"/api/v1/cases/{case.pk}/appeals/",
            {
                "issuer": candle.slug,
                "intervention_type": "urgent_action",
                "reference": "UA 117/21",
                "sequence": 0,
                "index_number": "EUR 58/4455/2021",
                "issue_date": "2021-05-03",
                "texts": [{"language": "en", "is_original": True, "title": "Lawyer detained"}],
                "actions": [],
            },
            format="json",
        ),
        201,
    )
    case.refresh_from_db()
    return NewFacts(
        case=case,
        aigerim=aigerim,
        bolot=bolot,
        proceeding=proceeding["id"],
        joint_charge=joint,
        replaced_charge=replaced,
        new_charge=new,
        hearing=second["hearings"][0]["id"],
        own_reference=own["reference"],
        own_appeal=own["id"],
        their_appeal=theirs["id"],
    )

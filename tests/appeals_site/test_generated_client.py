"""A partner's generated client (issue 19): the schema as served, made into a client by
openapi-python-client and into typed models by datamodel-code-generator (`--strict-nullable`,
pydantic v2), syncs a mirror from a real server, downloads the CSV and the calendar, and gets
every error as the schema's Error, never an exception or None.

The client and the models are generated once per module (about 4 s); the server is
pytest-django's `live_server`, so requests go over HTTP through everything a partner meets.

What this found on main: the secret calendar URL's generated function was typed to demand an
AuthenticatedClient (an API key) and took the token twice (`token_path`, `token_query`), though
the token in the path is the whole credential (appeals_site.api.schema.PRIVATE_CALENDAR_PATH).
"""

import csv
import datetime as dt
import importlib
import io
import json
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from django.utils import timezone

from cases.models import Case
from cases.services import appeal_issue, case_delete, case_set_status, case_touch, hearing_save
from partners.services import partner_calendar_token_rotate, partner_create
from tests.factories import CaseFactory, DefenderFactory, HearingFactory, issuable_appeal

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PACKAGE = "appeals_partner_client"
MODELS = "appeals_partner_models"
# What a partner mirrors: each list, its tombstones, its page model, its tombstone's id field.
LISTS = {
    "cases": ("CasePage", "CaseTombstones", "case_id"),
    "defenders": ("PaginatedDefenderList", "DefenderTombstones", "defender_id"),
    "hearings": ("PaginatedHearingList", "HearingTombstones", "hearing_id"),
    "appeals": ("PaginatedAppealList", "AppealTombstones", "appeal_id"),
}


def _tool(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


@pytest.fixture(scope="module")
def generated(live_server, tmp_path_factory):
    """Return (the generated client package, the generated models' module)."""
    where = tmp_path_factory.mktemp("generated_client")
    served = httpx.get(
        f"{live_server.url}/api/schema/",
        headers={"Accept": "application/vnd.oai.openapi+json"},
        timeout=30,
    )
    assert served.status_code == 200, served.text[:300]
    schema = where / "schema.json"
    schema.write_bytes(served.content)
    config = where / "config.json"
    # No post-hooks: the generated code is imported, never read, so it needs no formatting.
    config.write_text(json.dumps({"post_hooks": [], "package_name_override": PACKAGE}))
    subprocess.run(
        [
            _tool("openapi-python-client"),
            "generate",
            "--path",
            str(schema),
            "--config",
            str(config),
            "--output-path",
            str(where / "client"),
            "--fail-on-warning",
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    models_file = where / "client" / f"{MODELS}.py"
    subprocess.run(
        [
            _tool("datamodel-codegen"),
            "--input",
            str(schema),
            "--input-file-type",
            "openapi",
            "--output",
            str(models_file),
            "--output-model-type",
            "pydantic_v2.BaseModel",
            "--strict-nullable",
            # A field the schema does not declare is an error, not silently kept.
            "--extra-fields",
            "forbid",
            "--formatters",
            "builtin",
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    sys.path.insert(0, str(where / "client"))
    try:
        yield importlib.import_module(PACKAGE), importlib.import_module(MODELS)
    finally:
        sys.path.remove(str(where / "client"))
        for name in [name for name in sys.modules if name.partition(".")[0] in (PACKAGE, MODELS)]:
            del sys.modules[name]


class Partner:
    """A partner's program: the generated client, and its mirror of each list."""

    def __init__(self, generated, base_url: str, key: str):
        self.package, self.models = generated
        self.base_url = base_url
        self.api = self.package.AuthenticatedClient(
            base_url=base_url, token=key, raise_on_unexpected_status=True
        )

    def operation(self, name: str, group: str | None = None):
        """The generated module of an operation, in its tag's package (the path's first word
        by default)."""
        group = group or name.split("_", 1)[0]
        return importlib.import_module(f"{PACKAGE}.api.{group}.{name}")

    def sync(self, records: str, mirror: dict, since: dt.datetime | None) -> dt.datetime:
        """Bring `mirror` (id → record as JSON) up to date; return the next sync's since."""
        page_model, tombstones_model, id_field = LISTS[records]
        if since is not None:
            gone = self.operation(f"{records}_tombstones_retrieve").sync_detailed(
                client=self.api, since=since
            )
            assert gone.status_code == 200, gone.content[:300]
            getattr(self.models, tombstones_model).model_validate_json(gone.content)
            for tombstone in gone.parsed.results:
                mirror.pop(str(getattr(tombstone, id_field)), None)
        listing = self.operation(f"{records}_list")
        params: dict = {"page_size": 2}
        if since is not None:
            params["updated_since"] = since
        page = listing.sync_detailed(client=self.api, **params)
        until = None
        while True:
            assert page.status_code == 200, page.content[:300]
            # Strict nullability, no undeclared field: the whole page or nothing.
            getattr(self.models, page_model).model_validate_json(page.content)
            raw = json.loads(page.content)
            until = until or page.parsed.until
            for record, as_sent in zip(page.parsed.results, raw["results"], strict=True):
                # Nothing the generated model does not know of.
                assert record.additional_properties == {}
                mirror[str(record.id)] = as_sent
            if not page.parsed.next_:
                return until
            cursor = parse_qs(urlsplit(page.parsed.next_).query)["cursor"][0]
            page = listing.sync_detailed(client=self.api, cursor=cursor, **params)

    def walk(self, records: str) -> dict:
        everything: dict = {}
        self.sync(records, everything, None)
        return everything


@pytest.fixture
def world(superuser, settings):
    """Three published cases with defenders, upcoming hearings and issued appeals, a draft."""
    settings.API_SYNC_SETTLE_SECONDS = 0
    settings.API_THROTTLE_PARTNER = "off"
    soon = timezone.localdate() + dt.timedelta(days=20)
    cases = []
    for number in range(3):
        case = CaseFactory(title=f"Kyrgyzstan: Arbitrary detention of defender {number}")
        case.defenders.add(DefenderFactory(), DefenderFactory())
        HearingFactory(case=case, local_date=soon + dt.timedelta(days=number))
        HearingFactory(case=case, local_date=soon, local_time=None)
        case_set_status(case=case, status=Case.Status.PUBLISHED, acting_user=superuser)
        appeal_issue(appeal=issuable_appeal(case), acting_user=superuser)
        cases.append(Case.objects.get(pk=case.pk))
    CaseFactory(title="A draft")
    return cases


def test_a_generated_client_keeps_an_exact_mirror_of_every_list(
    generated, live_server, world, superuser
):
    _partner, key = partner_create(name="Mirror")
    partner = Partner(generated, live_server.url, key)
    mirrors = {records: {} for records in LISTS}
    since = {records: partner.sync(records, mirrors[records], None) for records in LISTS}
    assert len(mirrors["cases"]) == 3
    assert len(mirrors["defenders"]) == 6
    assert len(mirrors["hearings"]) == 6
    assert len(mirrors["appeals"]) == 3

    # The day's work, through the services.
    kept, withdrawn, deleted = world
    kept.title = "Kyrgyzstan: Arbitrary detention and ill-treatment of defender 0"
    kept.save()
    case_touch(case_id=kept.pk)
    hearing = kept.hearings.exclude(local_time=None).get()
    hearing.local_date += dt.timedelta(days=7)
    hearing_save(hearing=hearing, acting_user=superuser, move_reason="Adjourned")
    appeal_issue(appeal=issuable_appeal(kept), acting_user=superuser)
    case_set_status(case=withdrawn, status=Case.Status.IN_REVIEW, acting_user=superuser)
    case_delete(case=deleted, acting_user=superuser)
    created = CaseFactory(title="Kyrgyzstan: Detention of a journalist")
    created.defenders.add(DefenderFactory())
    HearingFactory(case=created, local_date=timezone.localdate() + dt.timedelta(days=3))
    case_set_status(case=created, status=Case.Status.PUBLISHED, acting_user=superuser)

    for records in LISTS:
        partner.sync(records, mirrors[records], since[records])
        assert mirrors[records] == partner.walk(records), records
    assert set(mirrors["cases"]) == {str(kept.pk), str(created.pk)}
    assert len(mirrors["defenders"]) == 3
    assert len(mirrors["hearings"]) == 3
    assert len(mirrors["appeals"]) == 2
    assert mirrors["cases"][str(kept.pk)]["title"] == kept.title
    assert mirrors["hearings"][str(hearing.pk)]["local_date"] == hearing.local_date.isoformat()


def test_a_generated_client_downloads_the_csv_and_the_calendar(generated, live_server, world):
    partner_record, key = partner_create(name="Spreadsheets")
    partner = Partner(generated, live_server.url, key)
    country = importlib.import_module(f"{PACKAGE}.models.cases_csv_country").CasesCsvCountry

    sheet = partner.operation("cases_csv", "cases_csv").sync_detailed(
        client=partner.api, country=country.KG
    )
    assert sheet.status_code == 200
    # UTF-8 with a BOM, for spreadsheets: the text starts with it.
    assert sheet.parsed.startswith("\ufeffid,reference,country,")
    rows = list(csv.DictReader(io.StringIO(sheet.parsed.removeprefix("\ufeff"))))
    assert {row["id"] for row in rows} == {str(case.pk) for case in world}
    assert sheet.headers["ETag"]

    hearings = partner.operation("hearings_ics_retrieve", "hearings_ics")
    calendar = hearings.sync_detailed(client=partner.api)
    assert calendar.status_code == 200
    assert calendar.parsed.startswith("BEGIN:VCALENDAR")
    assert calendar.parsed.count("BEGIN:VEVENT") == 6

    # The secret calendar URL, as a calendar program reads it: no key.
    token = partner_calendar_token_rotate(partner=partner_record)
    anonymous = partner.package.Client(base_url=live_server.url, raise_on_unexpected_status=True)
    by_token = partner.operation("calendar_hearings_ics_retrieve").sync_detailed(
        token, client=anonymous
    )
    assert by_token.status_code == 200
    assert by_token.parsed == calendar.parsed


def test_a_generated_client_gets_every_error_as_the_error_model(generated, live_server, world):
    _partner, key = partner_create(name="Careless")
    partner = Partner(generated, live_server.url, key)
    package = partner.package
    error = importlib.import_module(f"{PACKAGE}.models.error").Error
    cases_list = partner.operation("cases_list")
    strict = {"raise_on_unexpected_status": True}

    bad_key = package.AuthenticatedClient(base_url=live_server.url, token="apk_nope", **strict)
    answer = cases_list.sync_detailed(client=bad_key)
    assert (answer.status_code, type(answer.parsed)) == (401, error)
    assert answer.parsed.code == "key_invalid"

    # httpx adds the client's own parameters to every request: a typo in a partner's setup.
    typo = package.AuthenticatedClient(
        base_url=live_server.url, token=key, httpx_args={"params": {"updated_sinc": "x"}}, **strict
    )
    answer = cases_list.sync_detailed(client=typo)
    assert (answer.status_code, type(answer.parsed)) == (400, error)
    assert answer.parsed.code == "invalid"
    assert list(answer.parsed.errors.to_dict()) == ["updated_sinc"]

    answer = partner.operation("cases_retrieve").sync_detailed(uuid.uuid4(), client=partner.api)
    assert (answer.status_code, type(answer.parsed)) == (404, error)
    assert answer.parsed.code == "not_found"

    # An unchanged page revalidated is a declared answer, not UnexpectedStatus(304).
    first = cases_list.sync_detailed(client=partner.api, page_size=2)
    assert first.status_code == 200
    revalidating = partner.api.with_headers({"If-None-Match": first.headers["ETag"]})
    again = cases_list.sync_detailed(client=revalidating, page_size=2)
    assert (again.status_code, again.parsed) == (304, None)

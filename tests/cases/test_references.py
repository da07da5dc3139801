import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured

from cases.references import (
    ReferenceParts,
    followup_reference_format,
    reference_format,
    reference_key,
)

PARTS = ReferenceParts(
    country_alpha3="KGZ",
    case_number=3,
    first_issue_date=dt.date(2025, 4, 14),
    organisation="OBS",
    intervention_number=41,
)


def test_default_format_matches_the_observatory_reference():
    assert reference_format(PARTS) == "KGZ 003 / 0425 / OBS 041"


def test_followup_adds_its_number():
    assert followup_reference_format("KGZ 003 / 0425 / OBS 041", 1) == "KGZ 003 / 0425 / OBS 041.1"


def test_format_is_a_setting(settings):
    settings.APPEAL_REFERENCE_FORMAT = "UA {intervention_number}/{year}"
    assert reference_format(PARTS) == "UA 41/25"


def test_unusable_format_is_a_configuration_error(settings):
    settings.APPEAL_REFERENCE_FORMAT = "{country} {nonsense}"
    with pytest.raises(ImproperlyConfigured, match="APPEAL_REFERENCE_FORMAT"):
        reference_format(PARTS)


@pytest.mark.parametrize(
    "archived",
    [
        "RUS 001 / 0118 / OBS 004.3",
        "RUS 001 /0118 / OBS 004.3",
        "RUS 001/0118/OBS 004.03",
        "rus 001 / 0118 / obs 004.003",
        " RUS  001 / 0118 /  OBS 004.3 ",
    ],
)
def test_archived_spellings_share_one_key(archived):
    assert reference_key(archived) == "RUS001/0118/OBS004.3"


def test_followups_with_different_numbers_have_different_keys():
    assert reference_key("KGZ 003 / 0425 / OBS 041.1") != reference_key(
        "KGZ 003 / 0425 / OBS 041.10"
    )


def test_original_and_followup_have_different_keys():
    assert reference_key("KGZ 003 / 0425 / OBS 041") != reference_key("KGZ 003 / 0425 / OBS 041.1")

"""What campaigners read of events and unnamed people on an appeal's page: where an event
happened, "at least 30" and the city of unnamed people; never the words of a threat."""

import pytest
from django.core.cache import cache

from cases.models import Event, UnnamedGroup
from tests.public.test_public_pages import page, published_case, text_of

pytestmark = pytest.mark.django_db
WORDS = "would not see her children again"


def test_the_page_shows_where_an_event_happened_but_never_the_words_of_a_threat(client):
    case = published_case()
    Event.objects.filter(case=case).update(
        place="his office in Minsk", quotation=WORDS, quoted_by="QUOTED-BY-CANARY"
    )
    cache.clear()

    body = text_of(page(client, case))

    history = body.split('id="history"')[1]
    assert '<span class="place">his office in Minsk</span>' in history
    assert WORDS not in body
    assert "QUOTED-BY-CANARY" not in body


@pytest.mark.parametrize(
    ("qualifier", "approximate", "shown"),
    [
        ("at_least", True, "at least 30 students (at least 30), Béjaïa"),
        ("more_than", False, "at least 30 students (more than 30), Béjaïa"),
        ("", True, "at least 30 students (about 30), Béjaïa"),
    ],
)
def test_the_page_shows_the_count_as_a_bound_and_the_city(client, qualifier, approximate, shown):
    case = published_case()
    UnnamedGroup.objects.create(
        case=case,
        description="at least 30 students",
        count=30,
        count_approximate=approximate,
        count_qualifier=qualifier,
        city="Béjaïa",
    )
    cache.clear()

    body = text_of(page(client, case))

    assert f'<li class="unnamed">{shown}</li>' in body


def test_an_amount_without_a_number_is_shown_as_printed_alone(client):
    case = published_case()
    UnnamedGroup.objects.create(
        case=case, description="several hundred workers", count_approximate=True
    )
    cache.clear()

    body = text_of(page(client, case))

    assert '<li class="unnamed">several hundred workers</li>' in body

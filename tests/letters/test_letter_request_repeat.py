"""A repeated letter request is recognised by its request key (letters.services.
letter_request_key, from the versions of what the letter shows) before any HTML is built."""

import pytest

from cases.references import case_public_path
from cases.services import case_touch
from letters.context import Campaigner
from letters.models import Letter
from letters.services import letter_request, letter_request_repeat
from tests.public.test_public_page_cache import templates_rendered
from tests.public.test_public_pages import published_case

pytestmark = pytest.mark.django_db

JANE = Campaigner(name="Jane Campaigner", city="Ghent", country="BE")


@pytest.fixture
def asked(django_capture_on_commit_callbacks):
    """Return a public case and the letter a campaigner asked for (not rendered: no render is
    needed to find it again)."""
    case = published_case()
    appeal = case.appeals.get()
    with django_capture_on_commit_callbacks(execute=True):
        letter = letter_request(
            appeal=appeal, authority_id_or_all="all", language="en", campaigner=JANE, enqueue=False
        )
    return case, letter


def _repeat(case, campaigner=JANE):
    return letter_request_repeat(
        appeal_id=case.appeals.get().pk,
        authority_id_or_all="all",
        language="en",
        campaigner=campaigner,
    )


def test_a_repeated_post_builds_no_html_and_takes_at_most_3_queries(
    client, asked, django_assert_max_num_queries
):
    case, letter = asked
    path = case_public_path(reference=case.reference)
    client.get(path)  # the page's data, cached as any reader's visit leaves it
    form = {"language": "en", "authority": "all", "name": "Jane Campaigner"}
    form |= {"city": "Ghent", "country": "BE"}
    with templates_rendered() as names, django_assert_max_num_queries(3):
        response = client.post(f"{path}letters/", form)
    assert names == []
    assert response.status_code == 303
    assert response["Location"].endswith(f"/letters/{letter.pk}/")
    assert Letter.objects.count() == 1


def test_another_campaigner_is_a_new_request(asked):
    case, _letter = asked
    assert _repeat(case, Campaigner(name="Somebody Else")) is None


def test_a_change_to_what_the_letter_shows_is_a_new_request(asked):
    case, letter = asked
    assert _repeat(case) == letter
    case.appeals.get().texts.update(description="A new description.")
    assert _repeat(case) is None  # the texts' digest changed


def test_a_change_to_the_case_is_a_new_request(asked):
    case, letter = asked
    assert _repeat(case) == letter
    case_touch(case_id=case.pk)
    assert _repeat(case) is None


def test_a_failed_letter_is_asked_for_again(asked):
    case, letter = asked
    Letter.objects.filter(pk=letter.pk).update(status=Letter.Status.FAILED)
    assert _repeat(case) is None

"""Hypothesis against our HTML forms: generated values, valid and hostile (markup, NUL bytes,
control characters, right-to-left marks, huge strings, wrong types), must never get a 5xx.
Bounded: a few dozen examples per form, derandomized, so CI time stays flat."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.models import Case
from cases.references import case_public_path
from tests.public.test_public_pages import published_case

pytestmark = pytest.mark.slow

EXAMPLES = settings(
    max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
)

# Text a browser could send: any character but lone surrogates (which cannot be encoded in a
# form body at all), plus the classics.
hostile_text = st.one_of(
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=300),
    st.sampled_from(
        [
            "",
            "\x00",
            "a\x00b",
            "<script>alert(1)</script>",
            '=HYPERLINK("http://evil.example")',
            "\u202egnp.exe",
            "9" * 400,
            "x" * 5000,
            "-1",
            "1e400",
            "0001-01-01",
            "9999-99-99",
            "25:61",
            "../../etc/passwd",
        ]
    ),
)


def values(*names: str):
    """A dict with some of `names`, each a hostile value or a list of them (a repeated
    field)."""
    value = st.one_of(hostile_text, st.lists(hostile_text, max_size=3))
    return st.dictionaries(st.sampled_from(names), value, max_size=len(names))


@pytest.fixture
def _tasks_in_process(settings):
    from appeals_site.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.LETTER_THROTTLE = "off"
    yield
    app.conf.task_always_eager = previous


@pytest.mark.django_db
@pytest.mark.usefixtures("_tasks_in_process")
def test_public_forms_never_answer_5xx(client):
    case = published_case(status=Case.Status.PUBLISHED)
    path = case_public_path(reference=case.reference)

    @EXAMPLES
    @given(
        listing=values("q", "country", "violation", "state", "page"),
        lookup=values("host_country", "lang"),
        action=values("language", "authority", "name", "organisation", "city", "country"),
    )
    def run(listing, lookup, action):
        response = client.get(reverse("public-appeal-list"), listing)
        assert response.status_code < 500, listing
        response = client.get(path, lookup)
        assert response.status_code < 500, lookup
        response = client.post(f"{path}letters/", action)
        assert response.status_code < 500, action

    run()


@pytest.mark.django_db
def test_staff_forms_never_answer_5xx(editor_client):
    case = published_case(status=Case.Status.DRAFT)
    case_fields = ("title", "country", "time_zone", "status", "summary", "background")

    @EXAMPLES
    @given(
        mine=values("delivery", "time_zone", "digest_time", "countries"),
        new_case=values(*case_fields),
        hearing=values("case", "court", "local_date", "local_time", "time_zone", "purpose"),
    )
    def run(mine, new_case, hearing):
        response = editor_client.post(reverse("admin:my_reminders"), mine)
        assert response.status_code < 500, mine
        response = editor_client.post(reverse("admin:cases_case_add"), new_case)
        assert response.status_code < 500, new_case
        response = editor_client.post(reverse("admin:cases_hearing_add"), hearing)
        assert response.status_code < 500, hearing
        response = editor_client.get(reverse("admin:cases_case_changelist"), new_case)
        assert response.status_code < 500, new_case

    run()
    assert Case.objects.filter(pk=case.pk).exists()

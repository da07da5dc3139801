"""The dashboard: each chart's figures checked against the database, its table and its CSV
the same figures, restricted cases left out for staff not assigned to them."""

import csv
import datetime as dt
import io
from html.parser import HTMLParser

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from cases.dates import local_today
from cases.models import Case, Ruling
from tests.factories import AppealFactory, CaseFactory, ViolationLabelFactory
from tests.workspace.support import held_defender, restricted_case, ruling
from workspace import charts, selectors

pytestmark = pytest.mark.django_db


def _today() -> dt.date:
    return local_today(timezone.get_default_timezone_name())


def test_cases_by_country_counts_the_cases_of_each_country(editor):
    CaseFactory.create_batch(3, country="KG")
    CaseFactory(country="KZ")
    restricted_case(country="KZ")
    restricted_case(country="BY")

    assert selectors.cases_by_country(user=editor) == [("Kyrgyzstan", 3), ("Kazakhstan", 1)]


def test_violations_count_the_cases_labelled_with_each(editor, superuser):
    harassment = ViolationLabelFactory(name="Judicial harassment")
    detention = ViolationLabelFactory(name="Arbitrary detention")
    ViolationLabelFactory(name="Travel ban")  # on no case: not shown
    for case in CaseFactory.create_batch(2):
        case.violations.add(harassment, detention)
    CaseFactory().violations.add(detention)
    restricted_case().violations.add(harassment)

    assert selectors.cases_by_violation(user=editor) == [
        ("Arbitrary detention", 3),
        ("Judicial harassment", 2),
    ]
    assert dict(selectors.cases_by_violation(user=superuser))["Judicial harassment"] == 3


def test_outcomes_count_the_rulings_of_each_outcome(editor):
    case = CaseFactory()
    ruling(case=case, outcome=Ruling.Outcome.CONVICTED)
    ruling(case=case, outcome=Ruling.Outcome.CONVICTED)
    ruling(case=case, outcome=Ruling.Outcome.UPHELD)
    ruling(case=case, outcome="")  # not stated: not counted
    ruling(case=restricted_case(), outcome=Ruling.Outcome.ACQUITTED)

    assert selectors.rulings_by_outcome(user=editor) == [("Convicted", 2), ("Upheld", 1)]


def test_cases_and_appeals_per_month(editor):
    today = _today()
    this_month = today.replace(day=1)
    last_month = this_month - relativedelta(months=1)
    CaseFactory.create_batch(2)
    old = CaseFactory()
    Case.objects.filter(pk=old.pk).update(created_at=timezone.now() - relativedelta(years=2))
    AppealFactory(issue_date=last_month, issued_at=timezone.now())
    AppealFactory()  # a draft: not issued
    AppealFactory(case=restricted_case(), issue_date=this_month, issued_at=timezone.now())

    rows = selectors.cases_and_appeals_per_month(user=editor, today=today)

    assert len(rows) == selectors.MONTHS
    assert rows[-1] == (this_month, 4, 0)  # three cases and the appeal's, not the restricted one
    assert rows[-2] == (last_month, 0, 1)
    assert sum(row[1] for row in rows) == 4


def test_defenders_detained_per_month_count_who_was_held_at_each_months_end(editor):
    today = _today()
    this_month = today.replace(day=1)
    case = CaseFactory()
    held_defender(case=case, since=this_month - relativedelta(months=3))
    released = held_defender(case=case, since=this_month - relativedelta(months=2))
    released.detention_periods.update(actual_end=this_month - relativedelta(months=1))
    held_defender(case=restricted_case(), since=this_month - relativedelta(months=5))

    rows = dict(selectors.defenders_detained_per_month(user=editor, today=today))

    assert rows[this_month] == 1
    assert rows[this_month - relativedelta(months=1)] == 1  # released on its first day
    assert rows[this_month - relativedelta(months=2)] == 2
    assert rows[this_month - relativedelta(months=3)] == 1
    assert rows[this_month - relativedelta(months=4)] == 0
    assert rows[this_month] == len(selectors.defenders_detained(user=editor, today=today))


class _Tables(HTMLParser):
    """The cells of each table of a page, by the table's id."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table = None
        self._cell = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._table = dict(attrs).get("id")
            self.tables[self._table] = []
        elif tag == "tr" and self._table:
            self.tables[self._table].append([])
        elif tag in ("th", "td") and self._table:
            self._cell = ""

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._cell is not None:
            self.tables[self._table][-1].append(self._cell.strip())
            self._cell = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


def test_each_charts_csv_is_its_table(editor_client):
    for case in CaseFactory.create_batch(2, country="KZ"):
        case.violations.add(ViolationLabelFactory(name=f"Label of {case.pk}"))
    CaseFactory(country="KG")
    ruling(case=CaseFactory(), outcome=Ruling.Outcome.ACQUITTED)
    held_defender(case=CaseFactory(), since=_today() - dt.timedelta(days=40))
    AppealFactory(issue_date=_today(), issued_at=timezone.now())

    page = editor_client.get(reverse("workspace:dashboard"))
    assert page.status_code == 200
    parser = _Tables()
    parser.feed(page.content.decode())

    tables = {name for name in parser.tables if name and name.startswith("chart-")}
    assert tables == {f"chart-{slug}-table" for slug in charts.CHARTS}
    for slug in charts.CHARTS:
        response = editor_client.get(reverse("workspace:chart_csv", args=[slug]))
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == f'attachment; filename="{slug}.csv"'
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert rows == parser.tables[f"chart-{slug}-table"], slug
    countries = parser.tables["chart-cases-by-country-table"]
    assert countries == [["Country", "Cases"], ["Kyrgyzstan", "4"], ["Kazakhstan", "2"]]


def test_the_dashboard_draws_each_chart_as_svg_hidden_from_screen_readers(editor_client):
    case = CaseFactory(country="KZ")
    case.violations.add(ViolationLabelFactory(name="Judicial harassment"))
    ruling(case=case, outcome=Ruling.Outcome.CONVICTED)

    content = editor_client.get(reverse("workspace:dashboard")).content.decode()

    assert content.count('<svg class="chart"') == len(charts.CHARTS)
    assert content.count('aria-hidden="true" focusable="false"') == len(charts.CHARTS)
    assert "style=" not in content.split('id="content-main"')[1]
    assert "<script" not in content.split('id="content-main"')[1]


def test_the_dashboard_hides_restricted_cases(editor_client):
    restricted_case(country="BY")
    CaseFactory(country="KZ")

    content = editor_client.get(reverse("workspace:dashboard")).content.decode()

    assert "Kazakhstan" in content
    assert "Belarus" not in content


def test_an_unknown_chart_is_not_found(editor_client):
    assert (
        editor_client.get(reverse("workspace:chart_csv", args=["no-such-chart"])).status_code == 404
    )


def test_the_bars_are_as_long_as_their_figures(editor):
    CaseFactory.create_batch(4, country="KZ")
    CaseFactory(country="KG")  # and the four of CaseFactory's default country in the batch
    chart = charts.countries_chart(editor)

    assert chart.rows == [["Kazakhstan", 4], ["Kyrgyzstan", 1]]
    longest, shortest = chart.bars
    assert shortest.width == pytest.approx(longest.width / 4, abs=0.1)

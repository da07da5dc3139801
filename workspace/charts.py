"""The dashboard's charts: each one's figures (from workspace.selectors) as a table, and the
shapes of its SVG picture, computed here so that the template only draws them.

The pictures are drawn by the server, as SVG with presentation attributes only: no script,
no inline style, nothing fetched (the Content-Security-Policy allows neither). A picture is
hidden from screen readers; the table beside it holds the same figures, and the CSV download
is that table.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from workspace import selectors

# The drawing's own units (the SVG's viewBox); the page scales it to its width.
WIDTH = 640
COLUMN_HEIGHT = 260
BAR_ROW = 24
BAR_LABEL_WIDTH = 200
# The picture shows this many bars at most; the table and the CSV have every row.
MOST_BARS = 15
LABEL_CHARACTERS = 28


@dataclass(frozen=True)
class Shape:
    """A rectangle (a bar) or a line of text of the picture, in the viewBox's units."""

    x: float
    y: float
    width: float = 0
    height: float = 0
    text: str = ""
    anchor: str = "start"
    series: int = 0
    second_line: str = ""


@dataclass
class Chart:
    slug: str
    title: str
    description: str
    headings: list[str]
    rows: list[list]  # one list per table row: its label, then its figures
    series: list[str] = field(default_factory=list)  # the names of the figures, for the key
    bars: list[Shape] = field(default_factory=list)
    labels: list[Shape] = field(default_factory=list)
    height: int = 0
    shown: int = 0  # how many rows the picture shows (MOST_BARS at most)
    # The picture's labels of the columns, when shorter than the table's: (line, second line).
    column_labels: list[tuple[str, str]] = field(default_factory=list)

    @property
    def width(self) -> int:
        return WIDTH


def _nice_ceiling(value: int) -> int:
    """Return the smallest of 1, 2, 5, 10, 20, 50 … at least `value` (the axis's top)."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power  # pragma: no cover (the loop always returns)


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARACTERS else text[: LABEL_CHARACTERS - 1] + "…"


def _columns(chart: Chart) -> Chart:
    """Draw the rows as columns, one group per row (a month), one column per figure."""
    left, right, top, bottom = 40, 8, 12, 40
    plot_width = WIDTH - left - right
    plot_height = COLUMN_HEIGHT - top - bottom
    groups = len(chart.rows)
    figures = len(chart.headings) - 1
    top_value = _nice_ceiling(max((max(row[1:]) for row in chart.rows), default=0))
    group_width = plot_width / max(groups, 1)
    column_width = group_width * 0.8 / figures
    for i, row in enumerate(chart.rows):
        x0 = left + i * group_width + group_width * 0.1
        for j, value in enumerate(row[1:]):
            height = plot_height * value / top_value
            chart.bars.append(
                Shape(
                    x=round(x0 + j * column_width, 1),
                    y=round(top + plot_height - height, 1),
                    width=round(column_width, 1),
                    height=round(height, 1),
                    series=j,
                )
            )
        text, second_line = chart.column_labels[i] if chart.column_labels else (row[0], "")
        chart.labels.append(
            Shape(
                x=round(left + (i + 0.5) * group_width, 1),
                y=COLUMN_HEIGHT - bottom + 16,
                text=text,
                second_line=second_line,
                anchor="middle",
            )
        )
    for value in (0, top_value // 2, top_value) if top_value > 1 else (0, top_value):
        chart.labels.append(
            Shape(
                x=left - 6,
                y=round(top + plot_height - plot_height * value / top_value + 4, 1),
                text=str(value),
                anchor="end",
            )
        )
    chart.height = COLUMN_HEIGHT
    chart.shown = groups
    return chart


def _bars(chart: Chart) -> Chart:
    """Draw the rows as horizontal bars, the largest first, MOST_BARS of them at most."""
    shown = chart.rows[:MOST_BARS]
    plot_width = WIDTH - BAR_LABEL_WIDTH - 48
    top_value = max((row[1] for row in shown), default=0) or 1
    for i, (label, value) in enumerate(shown):
        y = 4 + i * BAR_ROW
        width = plot_width * value / top_value
        chart.bars.append(Shape(x=BAR_LABEL_WIDTH, y=y, width=round(width, 1), height=BAR_ROW - 6))
        chart.labels.append(
            Shape(x=BAR_LABEL_WIDTH - 6, y=y + 13, text=_short(label), anchor="end")
        )
        chart.labels.append(
            Shape(x=round(BAR_LABEL_WIDTH + width + 4, 1), y=y + 13, text=str(value))
        )
    chart.height = max(len(shown), 1) * BAR_ROW + 8
    chart.shown = len(shown)
    return chart


def _month(day) -> str:
    return date_format(day, "YEAR_MONTH_FORMAT")


def _month_label(day) -> tuple[str, str]:
    """Return a month as the picture labels its column: "Mar" over "2026"."""
    return date_format(day, "M"), date_format(day, "Y")


def cases_and_appeals_chart(user) -> Chart:
    rows = selectors.cases_and_appeals_per_month(user=user)
    return _columns(
        Chart(
            slug="cases-and-appeals",
            title=str(_("Cases and appeals per month")),
            description=str(
                _(
                    "Cases recorded each month, and appeals issued each month (by their "
                    "issue date), over the last twelve months."
                )
            ),
            headings=[str(_("Month")), str(_("Cases recorded")), str(_("Appeals issued"))],
            rows=[[_month(month), cases, appeals] for month, cases, appeals in rows],
            column_labels=[_month_label(row[0]) for row in rows],
            series=[str(_("Cases recorded")), str(_("Appeals issued"))],
        )
    )


def detained_chart(user) -> Chart:
    rows = selectors.defenders_detained_per_month(user=user)
    return _columns(
        Chart(
            slug="defenders-detained",
            title=str(_("Defenders detained over time")),
            description=str(
                _(
                    "How many defenders were held on the last day of each month (today for "
                    "this month), counted as “days detained” are."
                )
            ),
            headings=[str(_("Month")), str(_("Defenders detained"))],
            rows=[[_month(month), held] for month, held in rows],
            column_labels=[_month_label(row[0]) for row in rows],
            series=[str(_("Defenders detained"))],
        )
    )


def countries_chart(user) -> Chart:
    return _bars(
        Chart(
            slug="cases-by-country",
            title=str(_("Cases by country")),
            description=str(_("How many cases there are in each country.")),
            headings=[str(pgettext_lazy("chart", "Country")), str(_("Cases"))],
            rows=[list(row) for row in selectors.cases_by_country(user=user)],
        )
    )


def violations_chart(user) -> Chart:
    return _bars(
        Chart(
            slug="violations",
            title=str(pgettext_lazy("chart", "Violations")),
            description=str(_("How many cases are labelled with each violation.")),
            headings=[str(pgettext_lazy("chart", "Violation")), str(_("Cases"))],
            rows=[list(row) for row in selectors.cases_by_violation(user=user)],
        )
    )


def outcomes_chart(user) -> Chart:
    return _bars(
        Chart(
            slug="decision-outcomes",
            title=str(_("Outcomes of court decisions")),
            description=str(
                _("What courts decided, one ruling per defender per decision, by outcome.")
            ),
            headings=[str(_("Outcome")), str(_("Rulings"))],
            rows=[list(row) for row in selectors.rulings_by_outcome(user=user)],
        )
    )


CHARTS: dict[str, Callable[..., Chart]] = {
    "cases-and-appeals": cases_and_appeals_chart,
    "defenders-detained": detained_chart,
    "cases-by-country": countries_chart,
    "violations": violations_chart,
    "decision-outcomes": outcomes_chart,
}


def dashboard_charts(*, user) -> list[Chart]:
    """Return every chart of the dashboard, for a member of staff."""
    return [build(user) for build in CHARTS.values()]


def dashboard_chart(*, user, slug: str) -> Chart | None:
    """Return the chart named `slug`, or None when there is none of that name."""
    build = CHARTS.get(slug)
    return build(user) if build is not None else None

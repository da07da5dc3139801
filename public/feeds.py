"""RSS and Atom feeds of newly issued appeals on public cases, overall and per country."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django_countries import countries

from cases.models import Appeal, Case, public_case_condition
from cases.references import case_public_path
from public.selectors import page_language

FEED_SIZE = 30


def _text(appeal: Appeal):
    texts = list(appeal.texts.all())
    language = page_language()
    return next(
        (t for t in texts if t.language == language),
        next((t for t in texts if t.is_original), texts[0] if texts else None),
    )


class AppealsFeed(Feed):
    """GET /feeds/appeals.rss (and /feeds/<country>/appeals.rss): the latest issued appeals."""

    def get_object(self, request, country=None):
        if country is None:
            return None
        code = country.upper()
        if code not in countries:
            raise Http404("Unknown country code.")
        return code

    def title(self, obj):
        if obj:
            return _("Urgent appeals: %(country)s") % {"country": countries.name(obj)}
        return _("Urgent appeals")

    def link(self, obj):
        return "/" + (f"?country={obj}" if obj else "")

    def description(self, obj):
        return _("Appeals on behalf of human rights defenders, newest first.")

    def items(self, obj):
        # The organisation's own appeals: other issuers' documents are on the case pages.
        appeals = (
            Appeal.objects.issued()
            .by_organisation()
            .filter(case__in=Case.objects.filter(public_case_condition()))
        )
        if obj:
            appeals = appeals.filter(case__country=obj)
        return (
            appeals.select_related("case")
            .only(
                "id",
                "sequence",
                "reference",
                "issued_at",
                "issue_date",
                "case__reference",
                "case__title",
                "case__country",
            )
            .prefetch_related("texts")
            .order_by("-issued_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item):
        text = _text(item)
        return f"{text.title if text else item.case.title} ({item.reference})"

    def item_description(self, item):
        text = _text(item)
        return Truncator(text.description if text else "").chars(600)

    def item_link(self, item):
        return case_public_path(reference=item.case.reference) + f"#appeal-{item.sequence}"

    def item_guid(self, item):
        return f"urn:uuid:{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.issued_at

    def item_categories(self, item):
        return [item.case.country.name]


class AppealsAtomFeed(AppealsFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)

"""The public site for campaigners: published appeals, their pages, letters, embassies, feeds.

`case_public_path` is where a case is found: the API's CSV export links to it, and the pages
(cases.public.views) serve it. A case's slug is stored on it (Case.public_slug) when its first
appeal is issued, by this same function.
"""

from django.utils.text import slugify


def case_public_slug(*, reference: str) -> str:
    """Return the slug of a case reference: `KGZ 003 / 0425 / OBS 041` → `kgz-003-0425-obs-041`."""
    return slugify(reference)


def case_public_path(*, reference: str | None) -> str:
    """Return the path of the case's public page, or "" for a case without a reference (no
    appeal issued yet, so no public page)."""
    if not reference:
        return ""
    return f"/appeals/{case_public_slug(reference=reference)}/"

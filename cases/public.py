"""Where a case is found on the public site.

The public pages come with a later issue; until then the API's CSV export links to the path
they will serve, and those pages must reuse this helper so that the links keep working.
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

"""Template tags of the public site."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def interface_languages() -> list[tuple[str, str]]:
    """Return the site's languages, each named in its own tongue (English, Français, Español,
    Русский) whatever the page's language: `{% get_available_languages %}` would translate
    the names into the page's language, so that a Russian page named English in Russian."""
    return list(settings.LANGUAGES)

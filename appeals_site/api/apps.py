from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The API's own records (partners and API keys) and its plumbing: authentication,
    permissions, throttling, pagination, errors, rendering, the OpenAPI schema."""

    name = "appeals_site.api"
    label = "api"
    verbose_name = _("API access")

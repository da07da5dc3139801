from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The API's own records (partners and API keys) and its plumbing: authentication,
    permissions, throttling, pagination, errors, rendering, the OpenAPI schema."""

    name = "appeals_site.api"
    label = "api"
    verbose_name = "API access"

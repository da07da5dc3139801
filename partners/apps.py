from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    """Partners (other NGOs, networks, UN procedures) and the API keys they and staff hold, the
    partners' calendar tokens and reminder webhooks."""

    name = "partners"
    verbose_name = _("Partners and API keys")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuthoritiesConfig(AppConfig):
    name = "authorities"
    verbose_name = _("Authorities and embassies")

    def ready(self) -> None:
        # The declaration of what leaves the system registers itself (appeals_site.outward),
        # once the models exist: the confidentiality rule reads it from the first request on.
        from authorities import outward  # noqa: F401

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases and appeals")

    def ready(self) -> None:
        from appeals_site.admin_widgets import autocomplete_invalid_keys_fix
        from cases import outward  # noqa: F401  (registers the declaration: appeals_site.outward)

        autocomplete_invalid_keys_fix()

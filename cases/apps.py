from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Cases and appeals"

    def ready(self) -> None:
        from appeals_site.admin_widgets import autocomplete_invalid_keys_fix

        autocomplete_invalid_keys_fix()

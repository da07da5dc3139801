from django.apps import AppConfig


class AuthoritiesConfig(AppConfig):
    name = "authorities"
    verbose_name = "Authorities and embassies"

    def ready(self) -> None:
        # The declaration of what leaves the system registers itself (appeals_site.outward),
        # once the models exist: the confidentiality rule reads it from the first request on.
        from authorities import outward  # noqa: F401

from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The fictional demo set (`load_demo`) and the case generator for benchmarks
    (`generate_cases`): a development app, with no models, that only calls the other apps'
    services."""

    name = "demo"
    verbose_name = "Demo data"

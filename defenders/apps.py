from django.apps import AppConfig


class DefendersConfig(AppConfig):
    name = "defenders"
    verbose_name = "Defenders"

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    """The staff workspace (the admin's first page) and its dashboard of charts: reads only,
    no models."""

    name = "workspace"
    verbose_name = _("Workspace")

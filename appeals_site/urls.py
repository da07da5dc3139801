from django.contrib import admin
from django.urls import include, path

from appeals_site.health import healthz

urlpatterns = [
    # The staff workspace answers /admin/ (the admin's index), before the admin site's pages.
    path("admin/", include("workspace.urls")),
    path("admin/", admin.site.urls),
    path("", include("appeals_site.api.urls")),
    # Health checks of containers and monitors: no login, never cached.
    path("healthz", healthz, name="healthz"),
    # The public site for campaigners (public): last, so that it takes nothing above.
    path("", include("public.urls")),
]

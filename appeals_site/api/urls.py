"""/api/v1/ and the OpenAPI schema and its interactive documentation."""

from django.urls import include, path, re_path
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from appeals_site.api.exceptions import api_not_found
from authorities.api import AuthorityViewSet, EmbassyViewSet
from defenders.api import DefenderViewSet


class ApiDocsView(SpectacularSwaggerView):
    """The interactive documentation, isolated like every other page. drf-spectacular sends
    `Cross-Origin-Opener-Policy: unsafe-none` so that Swagger UI's OAuth2 pop-up can talk
    back to it; this API has no OAuth2 (bearer keys are pasted in), so the page keeps the
    site's `same-origin` and no window it opens can reach it."""

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response["Cross-Origin-Opener-Policy"] = "same-origin"
        return response


router = SimpleRouter()
router.register("defenders", DefenderViewSet, basename="defender")
router.register("authorities", AuthorityViewSet, basename="authority")
router.register("embassies", EmbassyViewSet, basename="embassy")

urlpatterns = [
    # Before cases.api.urls's router, so that "letters" is never taken for a record's id.
    path("api/v1/", include("letters.urls")),
    # cases.api.urls next: it puts cases.csv and hearings.ics before its router.
    path("api/v1/", include("cases.api.urls")),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", ApiDocsView.as_view(url_name="api-schema"), name="api-docs"),
    # Last: anything else under /api/ is a JSON 404, not the public site's HTML page.
    re_path(r"^api/", api_not_found, name="api-not-found"),
]

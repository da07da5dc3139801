"""OpenAPI schema generation: every confidential field carries `x-confidential: true`, so that
partners and auditors can see what exists and is withheld.

A serializer names the model whose confidential declaration applies with `Meta.model` (model
serializers) or `confidential_model` (plain serializers describing documents); the rule itself
is appeals_site.confidential, as everywhere.
"""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema

from appeals_site.confidential import confidential_fields


def confidential_model_of(serializer):
    model = getattr(serializer, "confidential_model", None)
    if model is None:
        meta = getattr(serializer, "Meta", None)
        model = getattr(meta, "model", None)
    return model


class AutoSchema(SpectacularAutoSchema):
    def _map_serializer(self, serializer, direction, bypass_extensions=False):
        schema = super()._map_serializer(serializer, direction, bypass_extensions)
        model = confidential_model_of(serializer)
        if model is None:
            return schema
        secret = confidential_fields(model)
        for name, prop in schema.get("properties", {}).items():
            source = getattr(serializer.fields.get(name), "source", name)
            if name in secret or source in secret:
                prop["x-confidential"] = True
        return schema


class StaffSessionScheme(OpenApiAuthenticationExtension):
    target_class = "appeals_site.api.authentication.StaffSessionAuthentication"
    name = "staffSession"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": "sessionid"}

"""drf-spectacular: how the token scheme and the error body appear in the OpenAPI document."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import serializers


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": "`Token <key>`: a key made on the dashboard's API tokens page or by POST /api/v1/tokens/."}


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False)


class ErrorSerializer(serializers.Serializer):
    """Every error the API returns has this body."""

    error = ErrorDetailSerializer()


def only_open_api(endpoints):
    """The document covers /api/v1/ only (Wagtail's admin API is DRF too, and is not part of it)."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


ERROR_STATUSES = {
    "400": "Invalid parameters or values",
    "401": "No valid token (or session) for an endpoint that needs one",
    "403": "Signed in, but not allowed",
    "404": "No such object, or not yours to see",
    "429": "Too many requests: wait and retry (see the Retry-After header)",
}


def document_errors(result, generator, request, public):
    """Every operation may answer with the API's error body (api.errors); say so once for all of them."""
    error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    for path in result.get("paths", {}).values():
        for operation in path.values():
            responses = operation.setdefault("responses", {})
            for code, description in ERROR_STATUSES.items():
                responses.setdefault(code, {**error, "description": description})
    return result

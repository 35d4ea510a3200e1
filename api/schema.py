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

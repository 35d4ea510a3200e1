"""API tokens: list, create (the key is in this one response) and revoke. Users manage their own; an
organisation's administrators manage those of its members."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from ..models import ApiToken
from ..schema import ErrorSerializer
from ..selectors import api_token_users, api_tokens_visible
from ..serializers.tokens import ApiTokenCreatedSerializer, ApiTokenCreateSerializer, ApiTokenSerializer
from ..services import api_token_create, api_token_revoke
from .common import int_pk


@extend_schema_view(
    list=extend_schema(summary="Your tokens and those of the members of organisations you administer"),
    retrieve=extend_schema(summary="One token (never its key)"),
)
class ApiTokenViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated]
    serializer_class = ApiTokenSerializer
    queryset = ApiToken.objects.none()

    def get_queryset(self):
        return api_tokens_visible(actor=self.request.user)

    def get_object(self):
        return self.get_queryset().get(pk=int_pk(self.kwargs["pk"]))

    @extend_schema(summary="Create a token; its key is shown in this response only",
                   request=ApiTokenCreateSerializer,
                   responses={201: ApiTokenCreatedSerializer, 400: ErrorSerializer, 403: ErrorSerializer})
    def create(self, request):
        form = ApiTokenCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        user = request.user
        if form.validated_data.get("user") is not None:
            user = api_token_users(actor=request.user).filter(pk=form.validated_data["user"]).first()
            if user is None:
                raise exceptions.ValidationError({"user": [_("You can make tokens only for yourself and the "
                                                             "members of organisations you administer.")]})
        token, key = api_token_create(user=user, name=form.validated_data["name"], actor=request.user,
                                      expires_at=form.validated_data.get("expires_at"))
        body = ApiTokenCreatedSerializer(token).data
        body["key"] = key
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Revoke a token at once", request=None,
                   responses={204: None, 403: ErrorSerializer, 404: ErrorSerializer})
    def destroy(self, request, pk=None):
        api_token_revoke(token=self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


__all__ = ["ApiTokenViewSet"]

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.models import Membership

MEMBERSHIP = inline_serializer("MyMembership", {
    "id": serializers.IntegerField(), "slug": serializers.CharField(), "name_zh": serializers.CharField(),
    "name_en": serializers.CharField(allow_blank=True), "kind": serializers.CharField(),
    "role": serializers.ChoiceField(choices=Membership.Role.choices),
}, many=True)
ME = inline_serializer("Me", {"id": serializers.IntegerField(), "username": serializers.CharField(),
                              "display_name": serializers.CharField(allow_blank=True), "organisations": MEMBERSHIP})


class MeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="Who the token belongs to, and the organisations they act for (their ids are the "
                           "`organisation` parameter of the other endpoints)", responses={200: ME})
    def get(self, request):
        memberships = (Membership.objects.filter(user=request.user).select_related("organisation")
                       .order_by("created_at", "pk"))
        return Response({
            "id": request.user.pk, "username": request.user.username, "display_name": request.user.display_name,
            "organisations": [{"id": m.organisation.pk, "slug": m.organisation.slug, "name_zh": m.organisation.name_zh,
                               "name_en": m.organisation.name_en, "kind": m.organisation.kind, "role": m.role}
                              for m in memberships],
        })

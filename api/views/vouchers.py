"""Vouchers, service orders and claims, by the kind of the acting organisation: an enterprise sees its vouchers
and the orders it placed; a service agency the orders it received and its claims; a voucher authority's
officers the claims awaiting their review. Balances only: the ledger's accounts and lines stay internal."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from marketplace.models import Organisation
from vouchers.models import Claim, ServiceOrder
from vouchers.selectors.agency import claims_of, orders_received
from vouchers.selectors.enterprise import orders_placed_by, vouchers_of
from vouchers.selectors.officer import claims_to_review

from ..schema import ErrorSerializer
from ..serializers.mine import ClaimSerializer, ServiceOrderSerializer, VoucherSerializer
from .common import ORGANISATION_PARAMETER, acting_organisation

Kind = Organisation.Kind
ERRORS = {403: ErrorSerializer, 404: ErrorSerializer}


def _refuse(organisation: Organisation, what: str):
    raise exceptions.PermissionDenied(_("%(kind)s organisations have no %(what)s here.")
                                      % {"kind": organisation.get_kind_display(), "what": what})


class MyVouchersView(generics.GenericAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = VoucherSerializer
    pagination_class = None

    @extend_schema(summary="Your enterprise's vouchers and their balances", parameters=[ORGANISATION_PARAMETER],
                   responses={200: VoucherSerializer(many=True), **ERRORS})
    def get(self, request):
        organisation = acting_organisation(request)
        if organisation.kind != Kind.ENTERPRISE:
            _refuse(organisation, _("vouchers"))
        return Response(VoucherSerializer(vouchers_of(organisation=organisation, with_history=False), many=True).data)


class MyOrdersView(generics.ListAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = ServiceOrderSerializer
    queryset = ServiceOrder.objects.none()

    @extend_schema(summary="Service orders: those your enterprise placed, or those your agency received",
                   parameters=[ORGANISATION_PARAMETER])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        organisation = acting_organisation(self.request)
        if organisation.kind == Kind.ENTERPRISE:
            return orders_placed_by(organisation=organisation).order_by("-created_at", "-pk")
        if organisation.kind == Kind.SERVICE_AGENCY:
            return orders_received(organisation=organisation).order_by("-created_at", "-pk")
        _refuse(organisation, _("service orders"))


class MyClaimsView(generics.ListAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = ClaimSerializer
    queryset = Claim.objects.none()

    @extend_schema(summary="Claims: your agency's, or those awaiting your authority's review (officers)",
                   parameters=[ORGANISATION_PARAMETER])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        organisation = acting_organisation(self.request)
        if organisation.kind == Kind.SERVICE_AGENCY:
            return claims_of(organisation=organisation).select_related("agency")
        if organisation.kind == Kind.VOUCHER_AUTHORITY:  # its members are its officers (vouchers.permissions)
            return claims_to_review(authority=organisation)
        _refuse(organisation, _("redemption claims"))

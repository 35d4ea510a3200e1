"""Endpoints for a signed-in user, scoped to their organisations: listings (create, edit, submit), demands and
their matches, deals (messages, offers). Reads go through the site's selectors, writes through its services,
so the API enforces exactly what the site does. An object outside the user's reach is a 404, as on the site."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from deals.agreement_selectors import agreement_list_for_deal
from deals.models import Deal
from deals.offer_selectors import offer_get, offer_list
from deals.offer_services import offer_accept, offer_make, offer_withdraw
from deals.selectors import (
    deal_confidential_locked,
    deal_get_for_user,
    deal_list_all,
    deal_list_for_organisation,
    deal_messages,
)
from deals.services import deal_message_post
from marketplace.models import Demand, Listing, Organisation, Patent, PatentPool
from marketplace.selectors.demands import demand_get_managed, demand_list_for_organisation
from marketplace.selectors.listings import (
    listing_get_managed,
    listing_get_visible,
    listing_list_for_organisation,
)
from marketplace.selectors.patents import patent_get_by_number
from marketplace.services import listings as listing_services
from marketplace.services.demands import demand_create
from search.alerts.selectors import can_see_demand_matches
from search.matching import match_demand
from search.matching.services import match_proposals_record

from ..schema import ErrorSerializer
from ..selectors import pool_get
from ..serializers.mine import (
    DealDocumentsSerializer,
    DealMessageSerializer,
    DealSerializer,
    DemandCreateSerializer,
    LicenceTermsSerializer,
    ListingCreateSerializer,
    ListingDetailsSerializer,
    MatchSerializer,
    MessagePostSerializer,
    MyDemandSerializer,
    MyListingSerializer,
    OfferMakeSerializer,
    OfferSerializer,
)
from .common import ORGANISATION_PARAMETER, acting_organisation, int_pk

MATCHES_SHOWN = 20
OFFER_PARAMETER = OpenApiParameter("offer_pk", OpenApiTypes.INT, OpenApiParameter.PATH, description="The offer's id")
ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}


class MineViewSet(viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated]


@extend_schema_view(
    list=extend_schema(summary="Your organisation's listings, in every state", parameters=[ORGANISATION_PARAMETER]),
    retrieve=extend_schema(summary="One listing of your organisations"),
)
class MyListingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, MineViewSet):
    serializer_class = MyListingSerializer
    queryset = Listing.objects.none()

    def get_queryset(self):
        return listing_list_for_organisation(organisation=acting_organisation(self.request))

    def get_object(self):
        return listing_get_managed(pk=int_pk(self.kwargs["pk"]), user=self.request.user)

    @extend_schema(summary="Create a draft listing of a patent or a pool", request=ListingCreateSerializer,
                   responses={201: MyListingSerializer, **ERRORS})
    def create(self, request):
        form = ListingCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        values = dict(form.validated_data)
        owner = self._owner(values.pop("owner", None))
        patent_number, pool_slug = values.pop("patent", ""), values.pop("pool", "")
        try:
            offered = ({"patent": patent_get_by_number(publication_number=patent_number)} if patent_number
                       else {"pool": pool_get(slug=pool_slug)})
        except (Patent.DoesNotExist, PatentPool.DoesNotExist):
            field = "patent" if patent_number else "pool"
            raise exceptions.ValidationError({field: [_("No such patent or pool on the marketplace.")]}) from None
        listing = listing_services.listing_create(owner=owner, actor=request.user, **offered, **values)
        listing = listing_get_visible(pk=listing.pk, user=request.user)  # operators may list for an organisation
        return Response(MyListingSerializer(listing, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)

    def _owner(self, owner_id: int | None) -> Organisation:
        """The organisation named, whoever's it is: listing_create decides whether the user may list for it."""
        if owner_id is None:
            return acting_organisation(self.request)
        owner = Organisation.objects.filter(pk=owner_id).first()
        if owner is None:
            raise exceptions.ValidationError({"owner": [_("No such organisation.")]})
        return owner

    @extend_schema(summary="Edit a listing's details (on a published listing, material changes await review)",
                   request=ListingDetailsSerializer, responses={200: MyListingSerializer, **ERRORS})
    def partial_update(self, request, pk=None):
        listing = self.get_object()
        form = ListingDetailsSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        values = form.editable_values()
        listing_services.listing_update(listing=listing, actor=request.user, deal_types=values.pop("deal_types", None),
                                        **values)
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(summary="Submit a draft listing for review", request=None,
                   responses={200: MyListingSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        listing_services.listing_submit(listing=self.get_object(), actor=request.user)
        return Response(self.get_serializer(self.get_object()).data)


@extend_schema_view(
    list=extend_schema(summary="Your organisation's demands", parameters=[ORGANISATION_PARAMETER]),
    retrieve=extend_schema(summary="One demand of your organisations"),
)
class MyDemandViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, MineViewSet):
    serializer_class = MyDemandSerializer
    queryset = Demand.objects.none()

    def get_queryset(self):
        return demand_list_for_organisation(organisation=acting_organisation(self.request)).select_related(
            "organisation")

    def get_object(self):
        return demand_get_managed(pk=int_pk(self.kwargs["pk"]), user=self.request.user)

    @extend_schema(summary="Post a demand for your organisation", parameters=[ORGANISATION_PARAMETER],
                   request=DemandCreateSerializer, responses={201: MyDemandSerializer, **ERRORS})
    def create(self, request):
        form = DemandCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        demand = demand_create(organisation=acting_organisation(request), actor=request.user, **form.validated_data)
        return Response(self.get_serializer(demand).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Listings that could serve the demand, best first, with the reasons",
                   responses={200: MatchSerializer(many=True), **ERRORS, 503: ErrorSerializer})
    @action(detail=True, methods=["get"], pagination_class=None)
    def matches(self, request, pk=None):
        demand = self.get_object()
        if not can_see_demand_matches(request.user, demand):  # the same rule as the site's matches page
            raise exceptions.PermissionDenied()
        found = match_demand(demand=demand, limit=MATCHES_SHOWN)
        match_proposals_record(matches=found)  # as the site does: operators' report of proposals made
        return Response(MatchSerializer(found, many=True).data)


@extend_schema_view(
    list=extend_schema(summary="Your organisation's deals, newest activity first (every deal for the operation "
                               "centre)", parameters=[ORGANISATION_PARAMETER]),
    retrieve=extend_schema(summary="One deal of your organisations"),
)
class MyDealViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, MineViewSet):
    serializer_class = DealSerializer
    queryset = Deal.objects.none()

    def get_queryset(self):
        organisation = acting_organisation(self.request)
        if organisation.kind == Organisation.Kind.OPERATION_CENTRE:
            return deal_list_all(user=self.request.user)
        return deal_list_for_organisation(organisation=organisation, user=self.request.user)

    def get_object(self):
        return deal_get_for_user(pk=int_pk(self.kwargs["pk"]), user=self.request.user)

    @extend_schema(summary="The deal room's messages, oldest first", responses={200: DealMessageSerializer(many=True),
                                                                               **ERRORS})
    @action(detail=True, methods=["get"], serializer_class=DealMessageSerializer)
    def messages(self, request, pk=None):
        deal = self.get_object()
        page = self.paginate_queryset(deal_messages(deal=deal))
        context = {**self.get_serializer_context(),
                   "confidential_locked": deal_confidential_locked(deal=deal, user=request.user)}
        return self.get_paginated_response(DealMessageSerializer(page, many=True, context=context).data)

    @extend_schema(summary="Post a message in the deal room", request=MessagePostSerializer,
                   responses={201: DealMessageSerializer, **ERRORS})
    @messages.mapping.post
    def post_message(self, request, pk=None):
        deal = self.get_object()
        form = MessagePostSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        message = deal_message_post(deal=deal, author=request.user, body=form.validated_data["body"])
        return Response(DealMessageSerializer(message, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(summary="The deal's offers, newest first", responses={200: OfferSerializer(many=True), **ERRORS})
    @action(detail=True, methods=["get"], pagination_class=None, serializer_class=OfferSerializer)
    def offers(self, request, pk=None):
        return Response(OfferSerializer(offer_list(deal=self.get_object()), many=True).data)

    @extend_schema(summary="Make an offer or a counter-offer (the buyer's or the owner's side)",
                   request=OfferMakeSerializer, responses={201: OfferSerializer, **ERRORS})
    @offers.mapping.post
    def make_offer(self, request, pk=None):
        deal = self.get_object()
        form = OfferMakeSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        terms = LicenceTermsSerializer.to_terms(dict(form.validated_data["terms"]))
        offer = offer_make(deal=deal, author=request.user, terms=terms, note=form.validated_data["note"])
        return Response(OfferSerializer(offer).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Accept the other side's live offer: the deal is agreed and its agreement generated",
                   request=None, responses={200: OfferSerializer, **ERRORS}, parameters=[OFFER_PARAMETER])
    @action(detail=True, methods=["post"], url_path=r"offers/(?P<offer_pk>[^/.]+)/accept",
            serializer_class=OfferSerializer)
    def accept_offer(self, request, pk=None, offer_pk=None):
        offer = offer_accept(offer=offer_get(deal=self.get_object(), pk=int_pk(offer_pk)), actor=request.user)
        return Response(OfferSerializer(offer).data)

    @extend_schema(summary="Withdraw your side's live offer", request=None, responses={200: OfferSerializer, **ERRORS},
                   parameters=[OFFER_PARAMETER])
    @action(detail=True, methods=["post"], url_path=r"offers/(?P<offer_pk>[^/.]+)/withdraw",
            serializer_class=OfferSerializer)
    def withdraw_offer(self, request, pk=None, offer_pk=None):
        offer = offer_withdraw(offer=offer_get(deal=self.get_object(), pk=int_pk(offer_pk)), actor=request.user)
        return Response(OfferSerializer(offer).data)

    @extend_schema(summary="The deal's files and agreements (confidential files have no url until the NDA is "
                           "accepted)", responses={200: DealDocumentsSerializer, **ERRORS})
    @action(detail=True, methods=["get"], pagination_class=None, serializer_class=DealDocumentsSerializer)
    def documents(self, request, pk=None):
        deal = self.get_object()
        context = {**self.get_serializer_context(),
                   "confidential_locked": deal_confidential_locked(deal=deal, user=request.user)}
        attachments = [attachment for message in deal_messages(deal=deal) for attachment in message.attachments.all()]
        return Response(DealDocumentsSerializer(
            {"attachments": attachments, "agreements": agreement_list_for_deal(deal=deal)}, context=context).data)

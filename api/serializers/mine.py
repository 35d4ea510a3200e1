"""What a signed-in user reads and writes for their own organisations."""

from django.utils.translation import gettext as _
from rest_framework import serializers

from deals.models import Deal, DealAttachment, DealMessage, Offer
from marketplace.models import Listing
from marketplace.selectors.listing_revisions import revision_get_pending
from marketplace.services.listings import EDITABLE_FIELDS
from vouchers.models import Claim, ServiceOrder

from .public import DemandSerializer, ListingSerializer, OrganisationSummarySerializer


class MyListingSerializer(ListingSerializer):
    has_pending_changes = serializers.SerializerMethodField(help_text="Edits of the published listing await "
                                                                      "review")

    class Meta(ListingSerializer.Meta):
        fields = [*ListingSerializer.Meta.fields, "moderation_note", "created_at", "updated_at", "submitted_at",
                  "has_pending_changes"]


    def get_has_pending_changes(self, listing) -> bool:
        annotated = getattr(listing, "has_pending_changes", None)  # listing_list_for_organisation's
        return annotated if annotated is not None else revision_get_pending(listing=listing) is not None


class ListingDetailsSerializer(serializers.Serializer):
    """The editable details (marketplace.services.listings.EDITABLE_FIELDS) and the deal types."""

    title_zh = serializers.CharField(max_length=300, required=False, allow_blank=True)
    title_en = serializers.CharField(max_length=300, required=False, allow_blank=True)
    description_zh = serializers.CharField(required=False, allow_blank=True)
    description_en = serializers.CharField(required=False, allow_blank=True)
    asking_price = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True,
                                            min_value=0)
    currency = serializers.CharField(max_length=3, required=False)
    price_negotiable = serializers.BooleanField(required=False)
    trl = serializers.IntegerField(min_value=1, max_value=9, required=False, allow_null=True)
    sector = serializers.ChoiceField(choices=Listing._meta.get_field("sector").choices, required=False)
    requires_nda = serializers.BooleanField(required=False)
    deal_types = serializers.ListField(child=serializers.CharField(max_length=30), required=False,
                                       help_text="Deal type codes, such as `assignment` or `exclusive_licence`")

    def editable_values(self) -> dict:
        assert set(self.validated_data) <= {*EDITABLE_FIELDS, "deal_types"}
        return dict(self.validated_data)


class ListingCreateSerializer(ListingDetailsSerializer):
    owner = serializers.IntegerField(required=False, help_text=(
        "Id of the organisation that lists; may be left out by members of a single organisation"))
    patent = serializers.CharField(max_length=40, required=False, help_text="Publication number of the patent")
    pool = serializers.SlugField(max_length=220, required=False, allow_unicode=True, help_text="Slug of the pool")
    deal_types = serializers.ListField(child=serializers.CharField(max_length=30), min_length=1)

    def validate(self, data):
        if bool(data.get("patent")) == bool(data.get("pool")):
            raise serializers.ValidationError(_("A listing offers exactly one patent or one pool."))
        return data


class MyDemandSerializer(DemandSerializer):
    class Meta(DemandSerializer.Meta):
        fields = [*DemandSerializer.Meta.fields, "published", "updated_at"]


class MatchSerializer(serializers.Serializer):
    listing = serializers.IntegerField(source="listing_id")
    identifier = serializers.CharField()
    title = serializers.CharField()
    score = serializers.IntegerField()
    reasons = serializers.ListField(child=serializers.CharField())


class DealListingSerializer(serializers.ModelSerializer):
    identifier = serializers.CharField(read_only=True)

    class Meta:
        model = Listing
        fields = ["id", "identifier", "title_zh", "title_en"]


class DealSerializer(serializers.ModelSerializer):
    listing = DealListingSerializer(read_only=True)
    buyer = OrganisationSummarySerializer(read_only=True)
    seller = OrganisationSummarySerializer(read_only=True)
    unread = serializers.IntegerField(read_only=True, default=0, help_text="Messages by others you have not read")

    class Meta:
        model = Deal
        fields = ["id", "listing", "buyer", "seller", "status", "created_at", "last_message_at", "closed_at",
                  "unread"]


class DealAttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="Null while the file is confidential and the NDA is not "
                                                      "accepted")

    class Meta:
        model = DealAttachment
        fields = ["id", "original_name", "size", "content_type", "confidential", "created_at", "url"]

    def get_url(self, attachment) -> str | None:
        if attachment.confidential and self.context.get("confidential_locked", True):
            return None
        request = self.context.get("request")
        return request.build_absolute_uri(attachment.file.url) if request else attachment.file.url


class DealMessageSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()
    attachments = DealAttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = DealMessage
        fields = ["id", "side", "author", "body", "created_at", "attachments"]

    def get_author(self, message) -> str:
        author = message.author
        return (author.display_name or author.get_full_name() or author.username) if author else ""


class MessagePostSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=DealMessage._meta.get_field("body").max_length, trim_whitespace=True)


class OfferSerializer(serializers.ModelSerializer):
    terms = serializers.JSONField(source="terms_data", read_only=True)

    class Meta:
        model = Offer
        fields = ["id", "side", "status", "terms", "note", "easy_access", "created_at", "decided_at"]


class VoucherSerializer(serializers.Serializer):
    """A voucher row of vouchers.selectors.enterprise.vouchers_of: its balance, not the ledger behind it."""

    code = serializers.CharField(source="voucher.code")
    programme = serializers.CharField(source="voucher.programme.name_zh")
    face_value = serializers.DecimalField(source="voucher.face_value", max_digits=14, decimal_places=2)
    balance = serializers.DecimalField(max_digits=14, decimal_places=2)
    status = serializers.CharField(source="voucher.status")
    issued_at = serializers.DateTimeField(source="voucher.issued_at")
    expires_at = serializers.DateTimeField(source="voucher.expires_at")
    days_left = serializers.IntegerField()
    usable = serializers.BooleanField()


class ServiceOrderSerializer(serializers.ModelSerializer):
    product = serializers.CharField(source="product.title_zh", read_only=True)
    agency = OrganisationSummarySerializer(read_only=True)
    buyer = OrganisationSummarySerializer(read_only=True)

    class Meta:
        model = ServiceOrder
        fields = ["id", "product", "agency", "buyer", "status", "price", "voucher_amount", "copay_amount",
                  "created_at", "paid_at", "delivered_at", "confirmed_at"]


class ClaimSerializer(serializers.ModelSerializer):
    agency = OrganisationSummarySerializer(read_only=True)
    programme = serializers.CharField(source="programme.name_zh", read_only=True)

    class Meta:
        model = Claim
        fields = ["id", "order", "agency", "programme", "status", "amount", "invoice_number", "resubmissions",
                  "submitted_at", "approved_at", "settled_at"]

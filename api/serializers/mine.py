"""What a signed-in user reads and writes for their own organisations."""

from decimal import Decimal

from django.utils.translation import gettext as _
from rest_framework import serializers

from deals.models import Agreement, Deal, DealAttachment, DealMessage, Offer
from deals.terms import DealKind, LicenceTerms, Milestone, ReportingPeriod, RoyaltyBase
from marketplace.models import Demand, Listing
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


class MilestoneSerializer(serializers.Serializer):
    label = serializers.CharField(max_length=200)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    due_date = serializers.DateField(required=False, allow_null=True, default=None)


class LicenceTermsSerializer(serializers.Serializer):
    """deals.terms.LicenceTerms; the service checks them against the listing (deals.offer_services)."""

    deal_kind = serializers.ChoiceField(choices=DealKind.choices)
    patent_ids = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=2**31 - 1),
                                       min_length=1, max_length=500,
                                       help_text="Ids of the patents covered: the listing's patent, or pool patents")
    start_date = serializers.DateField()
    end_date = serializers.DateField(required=False, allow_null=True, default=None,
                                     help_text="Left out only for an assignment")
    currency = serializers.CharField(max_length=3, default="CNY")
    territory = serializers.CharField(max_length=200, allow_blank=True, default="")
    field_of_use = serializers.CharField(max_length=200, allow_blank=True, default="")
    upfront_fee = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, default=Decimal("0.00"))
    royalty_rate = serializers.DecimalField(max_digits=6, decimal_places=3, min_value=0, max_value=100,
                                            required=False, allow_null=True, default=None)
    royalty_base = serializers.ChoiceField(choices=RoyaltyBase.choices, default=RoyaltyBase.NET_SALES)
    minimum_annual_royalty = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0,
                                                      default=Decimal("0.00"))
    reporting_period = serializers.ChoiceField(choices=ReportingPeriod.choices, default=ReportingPeriod.QUARTERLY)
    milestones = MilestoneSerializer(many=True, required=False, default=list, max_length=20)

    @staticmethod
    def to_terms(values: dict) -> LicenceTerms:
        return LicenceTerms(**{**values, "patent_ids": tuple(values["patent_ids"]),
                               "milestones": tuple(Milestone(**m) for m in values["milestones"])})


class OfferMakeSerializer(serializers.Serializer):
    terms = LicenceTermsSerializer()
    note = serializers.CharField(max_length=2000, allow_blank=True, default="")


class AgreementSerializer(serializers.ModelSerializer):
    terms = serializers.JSONField(source="terms_data", read_only=True)
    pdf = serializers.SerializerMethodField()

    class Meta:
        model = Agreement
        fields = ["id", "offer", "status", "terms", "pdf", "pdf_sha256", "created_at", "signed_at", "voided_at"]

    def get_pdf(self, agreement) -> str | None:
        if not agreement.pdf:
            return None
        request = self.context.get("request")
        return request.build_absolute_uri(agreement.pdf.url) if request else agreement.pdf.url


class DealDocumentsSerializer(serializers.Serializer):
    attachments = DealAttachmentSerializer(many=True)
    agreements = AgreementSerializer(many=True)


class DemandCreateSerializer(serializers.Serializer):
    """marketplace.services.demands.demand_create's fields; the service checks the rest (deadline, budgets)."""

    title = serializers.CharField(max_length=300)
    description = serializers.CharField(max_length=10000)
    sector = serializers.ChoiceField(choices=Demand._meta.get_field("sector").choices, required=False)
    ipc_hints = serializers.ListField(child=serializers.CharField(max_length=30), max_length=20, required=False)
    budget_min = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, required=False,
                                          allow_null=True)
    budget_max = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, required=False,
                                          allow_null=True)
    deal_types = serializers.ListField(child=serializers.CharField(max_length=30), required=False)
    province = serializers.CharField(max_length=50, allow_blank=True, required=False)
    city = serializers.CharField(max_length=50, allow_blank=True, required=False)
    deadline = serializers.DateField(required=False, allow_null=True)
    published = serializers.BooleanField(required=False, help_text="Shown on the public demand board")

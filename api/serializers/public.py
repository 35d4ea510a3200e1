"""What anyone may read. Fields are listed one by one: a field added to a model is never exposed by accident."""

from rest_framework import serializers

from cms.links import listing_url_for_pk
from marketplace.models import Demand, Listing, Organisation, Patent, PatentPool
from vouchers.models import ServiceProduct


class OrganisationSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "slug", "name_zh", "name_en", "kind"]


class OrganisationSerializer(serializers.ModelSerializer):
    published_listings = serializers.IntegerField(read_only=True)

    class Meta:
        model = Organisation
        fields = ["id", "slug", "name_zh", "name_en", "kind", "province", "city", "website", "description_zh",
                  "description_en", "verified", "published_listings"]


class ListingSerializer(serializers.ModelSerializer):
    owner = OrganisationSummarySerializer(read_only=True)
    offers = serializers.SerializerMethodField(help_text="`patent` or `pool`")
    identifier = serializers.CharField(read_only=True, help_text="The patent's publication number or the pool's id")
    patent = serializers.SlugRelatedField(slug_field="publication_number", read_only=True, allow_null=True)
    pool = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    deal_types = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Listing
        fields = ["id", "offers", "identifier", "patent", "pool", "owner", "title_zh", "title_en",
                  "description_zh", "description_en", "deal_types", "asking_price", "currency", "price_negotiable",
                  "trl", "sector", "requires_nda", "status", "published_at", "url"]

    def get_offers(self, listing) -> str:
        return "pool" if listing.is_pool else "patent"

    def get_url(self, listing) -> str:
        return listing_url_for_pk(listing.pk, self.context.get("request"))


class PatentSerializer(serializers.ModelSerializer):
    ipc_codes = serializers.ListField(child=serializers.CharField(), read_only=True)
    applicants = serializers.ListField(child=serializers.CharField(), read_only=True)
    inventors = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Patent
        fields = ["publication_number", "application_number", "kind_code", "patent_type", "jurisdiction",
                  "title_zh", "title_en", "abstract_zh", "abstract_en", "ipc_main", "ipc_codes", "applicants",
                  "inventors", "application_date", "publication_date", "grant_date", "legal_status",
                  "legal_status_as_of", "expiry_date"]


class PoolSerializer(serializers.ModelSerializer):
    administrator = OrganisationSummarySerializer(read_only=True)
    licence_types = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    patents = serializers.SlugRelatedField(slug_field="publication_number", many=True, read_only=True)

    class Meta:
        model = PatentPool
        fields = ["slug", "name_zh", "name_en", "kind", "administrator", "description_zh", "description_en",
                  "licence_types", "standard_fee", "currency", "royalty_rate", "territory", "patents"]


class ServiceProductSerializer(serializers.ModelSerializer):
    agency = OrganisationSummarySerializer(read_only=True)

    class Meta:
        model = ServiceProduct
        fields = ["id", "agency", "category", "title_zh", "title_en", "description_zh", "description_en", "price",
                  "delivery_days"]


class DemandSerializer(serializers.ModelSerializer):
    organisation = OrganisationSummarySerializer(read_only=True)
    deal_types = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    ipc_hints = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Demand
        fields = ["id", "organisation", "title", "description", "sector", "ipc_hints", "budget_min", "budget_max",
                  "currency", "deal_types", "province", "city", "deadline", "status", "created_at"]

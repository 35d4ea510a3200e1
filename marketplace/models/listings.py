from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ..uploads import (
    listing_attachment_upload_to,
    listing_image_upload_to,
    listing_mandate_upload_to,
    validate_image,
    validate_pdf,
)
from .organisations import Organisation
from .patents import Patent
from .pools import PatentPool


class Sector(models.TextChoices):
    INFORMATION_TECHNOLOGY = "information_technology", _("Information technology")
    ADVANCED_MANUFACTURING = "advanced_manufacturing", _("Advanced manufacturing")
    NEW_MATERIALS = "new_materials", _("New materials")
    BIOMEDICINE = "biomedicine", _("Biomedicine and health")
    NEW_ENERGY = "new_energy", _("New energy")
    ENERGY_SAVING = "energy_saving", _("Energy saving and environment")
    AUTOMOTIVE = "automotive", _("Vehicles and transport")
    AGRICULTURE = "agriculture", _("Agriculture and food")
    CHEMICALS = "chemicals", _("Chemicals and petroleum")
    OTHER = "other", _("Other")


class DealType(models.Model):
    """Assignment, licences and options; a lookup table so listings, pools and demands can filter on it."""

    code = models.CharField(max_length=30, primary_key=True)
    name_zh = models.CharField(max_length=50)
    name_en = models.CharField(max_length=50)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("deal type")
        verbose_name_plural = _("deal types")

    def __str__(self) -> str:  # shown as is in filter forms and admin lists, so in the active language
        english = (get_language() or "").startswith("en")
        return self.name_en if english and self.name_en else self.name_zh


# States in which a listing still speaks for its patent: an organisation has at most one such listing of a patent
# (a rejected one is revised, not listed again). Withdrawn, transacted and expired listings have ended.
ACTIVE_LISTING_STATES = ("draft", "submitted", "published", "rejected")


class Listing(models.Model):
    """One patent or one pool offered on the marketplace."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for review")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        TRANSACTED = "transacted", _("Transacted")
        EXPIRED = "expired", _("Expired")

    ACTIVE_STATES = ACTIVE_LISTING_STATES

    owner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="listings", verbose_name=_("owner"))
    patent = models.ForeignKey(
        Patent, null=True, blank=True, on_delete=models.PROTECT, related_name="listings", verbose_name=_("patent")
    )
    pool = models.ForeignKey(
        PatentPool, null=True, blank=True, on_delete=models.PROTECT, related_name="listings", verbose_name=_("pool")
    )
    title_zh = models.CharField(_("title (Chinese)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    deal_types = models.ManyToManyField(DealType, related_name="listings", verbose_name=_("deal types"))
    asking_price = models.DecimalField(_("asking price"), max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    price_negotiable = models.BooleanField(_("price negotiable"), default=True)
    trl = models.PositiveSmallIntegerField(
        _("technology readiness level"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
    )
    sector = models.CharField(_("sector"), max_length=30, choices=Sector.choices, default=Sector.OTHER, db_index=True)
    requires_nda = models.BooleanField(
        _("requires an NDA"), default=False,
        help_text=_("Buyers must accept the centre's non-disclosure agreement before they see the files you mark "
                    "confidential in a deal room."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    moderation_note = models.TextField(_("moderation note"), blank=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(patent__isnull=False, pool__isnull=True) | models.Q(patent__isnull=True, pool__isnull=False)),
                name="listing_offers_patent_xor_pool",
            ),
            # Decides between two submissions of the same patent racing each other (see listing_rights).
            models.UniqueConstraint(
                fields=["owner", "patent"], condition=models.Q(status__in=ACTIVE_LISTING_STATES, patent__isnull=False),
                name="listing_one_active_per_owner_and_patent",
            ),
        ]
        indexes = [models.Index(fields=["status", "-published_at"])]
        verbose_name = _("listing")
        verbose_name_plural = _("listings")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self.title_zh or self.title_en

    @property
    def is_pool(self) -> bool:
        return self.pool_id is not None

    @property
    def identifier(self) -> str:
        return self.pool.identifier if self.pool_id else self.patent.publication_number


class ListingImage(models.Model):
    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="images")
    # Stored under a generated name with the extension of the detected format (marketplace/uploads.py).
    image = models.ImageField(_("image"), upload_to=listing_image_upload_to, validators=[validate_image])
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("listing image")
        verbose_name_plural = _("listing images")


class ListingAttachment(models.Model):
    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("PDF file"), upload_to=listing_attachment_upload_to, validators=[validate_pdf])
    title = models.CharField(_("title"), max_length=200)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("listing attachment")
        verbose_name_plural = _("listing attachments")


class ListingMandate(models.Model):
    """The applicant's written authorisation (授权委托书) for an operating agency to list its patent.

    Private: served only to the listing organisation's members and to operators (ipmarket/media.py), who check
    it in moderation.
    """

    listing = models.OneToOneField(Listing, on_delete=models.CASCADE, related_name="mandate")
    file = models.FileField(_("mandate (PDF)"), upload_to=listing_mandate_upload_to, validators=[validate_pdf])
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")

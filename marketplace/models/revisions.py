from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..uploads import listing_attachment_upload_to, listing_image_upload_to, validate_image, validate_pdf
from .listings import Listing, ListingAttachment, ListingImage


class ListingRevision(models.Model):
    """Changes an owner proposes to a published listing, public only once an operator approves them.

    `changes` holds only the fields that differ from the listing (field name → proposed value, deal types as a
    list of codes), so approving writes those fields and nothing else. Images and documents to add are
    RevisionImage/RevisionAttachment rows (served to the owner and operators only); those to remove are named
    in `removed_images`/`removed_attachments`. A listing has at most one pending revision.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        STALE = "stale", _("Out of date")

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="revisions",
                                verbose_name=_("listing"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING,
                              db_index=True)
    changes = models.JSONField(_("proposed changes"), default=dict, blank=True)
    removed_images = models.ManyToManyField(ListingImage, blank=True, related_name="+")
    removed_attachments = models.ManyToManyField(ListingAttachment, blank=True, related_name="+")
    # Raised by every change to the proposal: an operator's decision names the version they reviewed.
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    moderation_note = models.TextField(_("moderation note"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["listing"], condition=models.Q(status="pending"),
                                               name="one_pending_revision_per_listing")]
        verbose_name = _("listing revision")
        verbose_name_plural = _("listing revisions")

    def __str__(self) -> str:
        return f"{self.listing} ({self.get_status_display()})"


class RevisionImage(models.Model):
    revision = models.ForeignKey(ListingRevision, on_delete=models.CASCADE, related_name="added_images")
    image = models.ImageField(_("image"), upload_to=listing_image_upload_to, validators=[validate_image])
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("proposed image")
        verbose_name_plural = _("proposed images")


class RevisionAttachment(models.Model):
    revision = models.ForeignKey(ListingRevision, on_delete=models.CASCADE, related_name="added_attachments")
    file = models.FileField(_("PDF file"), upload_to=listing_attachment_upload_to, validators=[validate_pdf])
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("proposed document")
        verbose_name_plural = _("proposed documents")

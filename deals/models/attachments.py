"""Files posted with deal-room messages: private to the deal's two organisations and the operation centre.

A file is stored under a generated name in `deals/attachments/` (served by ipmarket.media only to those who may
see it, see deals.selectors.deal_attachment_visible); the name the sender's file had is kept for display only.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.uploads import generated_name

from .room import Deal, DealMessage

ATTACHMENT_FOLDER = "deals/attachments"
# The types a deal attachment may be, as detected from its content, and the extension each is stored with (the
# media view serves a file by its extension).
EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png", "image/webp": "webp",
              "image/gif": "gif"}
ORIGINAL_NAME_MAX_LENGTH = 200


def deal_attachment_upload_to(instance: "DealAttachment", filename: str) -> str:
    return generated_name(ATTACHMENT_FOLDER, EXTENSIONS[instance.content_type])


class DealAttachment(models.Model):
    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(DealMessage, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=deal_attachment_upload_to, max_length=200)
    original_name = models.CharField(_("file name"), max_length=ORIGINAL_NAME_MAX_LENGTH)
    size = models.PositiveBigIntegerField(_("size"))
    content_type = models.CharField(_("type"), max_length=50, choices=[(t, t) for t in EXTENSIONS])
    # Set only by the listing owner's side: shown to the buyer only once it accepted the NDA, when the listing
    # asks for one.
    confidential = models.BooleanField(_("confidential"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("deal attachment")
        verbose_name_plural = _("deal attachments")

    def __str__(self) -> str:
        return self.original_name

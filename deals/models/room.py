"""A deal: one buyer organisation's private conversation with a listing's owner about that listing.

The deal room holds the messages; the centre's operators see every room and may post in it as the operation
centre, which brokers deals. Later stages (NDA, offers, agreement, payment, licence) hang off the Deal and add
states to its workflow (deals.services.DEAL_WORKFLOW).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.models import Listing, Organisation

MESSAGE_MAX_LENGTH = 5000
REASON_MAX_LENGTH = 500


class DealStatus(models.TextChoices):
    # OPEN: talking and exchanging offers. AGREED: an offer was accepted and its agreement awaits both
    # signatures. SIGNED: both signed; the upfront fee (if any) is due. LICENSED: the licence is recorded;
    # the room stays open for royalties and questions. CLOSED: ended without (or after cancelling) a licence.
    # Only the ENDED states free the (listing, buyer) pair for a new deal.
    OPEN = "open", _("Open")
    AGREED = "agreed", _("Agreed, awaiting signatures")
    SIGNED = "signed", _("Signed, awaiting payment")
    LICENSED = "licensed", _("Licence recorded")
    CLOSED = "closed", _("Closed")


ENDED = [DealStatus.CLOSED, DealStatus.LICENSED]


class Deal(models.Model):
    Status = DealStatus
    ENDED = ENDED

    listing = models.ForeignKey(
        Listing, on_delete=models.PROTECT, related_name="deals", verbose_name=_("listing")
    )
    buyer = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="deals_as_buyer", verbose_name=_("buyer")
    )
    # The listing's owner when the deal was opened: the parties of a deal never change, whatever happens to
    # the listing, and the agreements to come name them.
    seller = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="deals_as_seller", verbose_name=_("owner")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=DealStatus.choices, default=DealStatus.OPEN, db_index=True
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    last_message_at = models.DateTimeField(_("last message"), db_index=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-last_message_at", "-pk"]
        constraints = [
            # One live deal per buyer and listing, even for two inquiries sent at the same instant.
            models.UniqueConstraint(
                fields=["listing", "buyer"],
                condition=~models.Q(status__in=ENDED),
                name="deal_one_live_per_listing_and_buyer",
            ),
            models.CheckConstraint(
                condition=~models.Q(buyer=models.F("seller")), name="deal_buyer_is_not_seller"
            ),
        ]
        verbose_name = _("deal")
        verbose_name_plural = _("deals")

    def __str__(self) -> str:
        return f"{self.buyer} ↔ {self.seller}: {self.listing}"

    @property
    def is_live(self) -> bool:
        return self.status not in self.ENDED

    @property
    def accepts_messages(self) -> bool:
        """A licensed deal's room stays open: royalty reports, invoices and questions go on in it."""
        return self.status != DealStatus.CLOSED


class DealMessage(models.Model):
    class Side(models.TextChoices):
        BUYER = "buyer", _("Buyer")
        SELLER = "seller", _("Owner")
        CENTRE = "centre", _("Operation centre")

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="deal_messages",
    )
    # For whom the author wrote: kept on the message so it reads the same after memberships change.
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    body = models.TextField(_("message"), max_length=MESSAGE_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("deal message")
        verbose_name_plural = _("deal messages")

    def __str__(self) -> str:
        return f"{self.get_side_display()} {self.author}: {self.body[:40]}"

    @property
    def party(self):
        """The organisation the message speaks for; None for the operation centre's."""
        if self.side == self.Side.BUYER:
            return self.deal.buyer
        return self.deal.seller if self.side == self.Side.SELLER else None


class DealReadMark(models.Model):
    """How far one user has read one deal room.

    One row per participant user rather than one per message and reader: opening a room is a single upsert,
    and the unread count is the messages by others newer than `last_read_at` — the rows stay as few as the
    people in the room, however long the conversation grows.
    """

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="read_marks")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deal_read_marks"
    )
    last_read_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["deal", "user"], name="deal_read_mark_unique")]
        verbose_name = _("deal read mark")
        verbose_name_plural = _("deal read marks")

    def __str__(self) -> str:
        return f"{self.user} read {self.deal_id} until {self.last_read_at:%Y-%m-%d %H:%M}"

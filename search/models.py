"""Saved searches, demand alert subscriptions, alert deliveries and the matches the platform proposed."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_token() -> str:
    return secrets.token_urlsafe(24)


class SavedSearch(models.Model):
    """A user's search kept as a subscription: newly published listings that satisfy it are alerted."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    query = models.CharField(_("search text"), max_length=300, blank=True)
    filters = models.JSONField(_("filters"), default=dict, blank=True)  # as SearchQuery.filters
    price_min = models.FloatField(_("price from"), null=True, blank=True)
    price_max = models.FloatField(_("price up to"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    unsubscribe_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")

    def __str__(self) -> str:
        return self.query or str(_("(all listings)"))  # __str__ must return a str, not a lazy translation


class DemandSubscription(models.Model):
    """A member's alerts for one open demand; created with the first alert so the email can carry a token."""

    demand = models.ForeignKey(
        "marketplace.Demand", on_delete=models.CASCADE, related_name="alert_subscriptions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="demand_subscriptions"
    )
    active = models.BooleanField(_("active"), default=True)
    unsubscribe_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["demand", "user"], name="unique_demand_subscription")]
        verbose_name = _("demand alert subscription")
        verbose_name_plural = _("demand alert subscriptions")

    def __str__(self) -> str:
        return f"{self.user} ← {self.demand}"


class AlertDelivery(models.Model):
    """At most one alert per listing per user, whatever republishing or task retries happen."""

    listing = models.ForeignKey("marketplace.Listing", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_deliveries"
    )
    saved_search = models.ForeignKey(
        SavedSearch, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    demand_subscription = models.ForeignKey(
        DemandSubscription, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notification = models.ForeignKey(
        "marketplace.Notification", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["listing", "user"], name="one_alert_per_listing_and_user")
        ]
        ordering = ["-created_at"]
        verbose_name = _("alert delivery")
        verbose_name_plural = _("alert deliveries")

    @property
    def unsubscribe_token(self) -> str:
        subscription = self.saved_search or self.demand_subscription
        return subscription.unsubscribe_token


class MatchProposal(models.Model):
    """A listing the platform proposed for a demand, kept so operators see which proposals led to contact."""

    demand = models.ForeignKey("marketplace.Demand", on_delete=models.CASCADE, related_name="match_proposals")
    listing = models.ForeignKey(
        "marketplace.Listing", on_delete=models.CASCADE, related_name="match_proposals"
    )
    score = models.PositiveSmallIntegerField(_("score"))
    factors = models.JSONField(
        _("reasons"), default=dict
    )  # search.matching.scoring.Factors, rendered on display
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    inquired_at = models.DateTimeField(_("inquired"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["demand", "listing"], name="unique_match_proposal")]
        ordering = ["-created_at", "-score"]
        verbose_name = _("match proposal")
        verbose_name_plural = _("match proposals")

    def __str__(self) -> str:
        return f"{self.demand} → {self.listing} ({self.score})"


class TextEmbedding(models.Model):
    """A text's vector by one embedding model, keyed by the text's SHA-256, so that a text once embedded is
    never embedded again (a listing republished unchanged, a demand matched twice, the demo's shipped vectors)."""

    model_name = models.CharField(max_length=100)
    text_hash = models.CharField(max_length=64)
    vector = models.BinaryField()  # float32, little-endian, unit length
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["model_name", "text_hash"], name="unique_text_embedding")]
        verbose_name = _("text embedding")
        verbose_name_plural = _("text embeddings")

    def __str__(self) -> str:
        return f"{self.model_name}:{self.text_hash[:12]}"


class ListingEmbedding(models.Model):
    """The vector of a listing's current text (search.semantic.texts.listing_text) by one model, and the
    hashes of its sentences (titles and abstract sentences) for showing the one closest to a demand."""

    listing = models.ForeignKey("marketplace.Listing", on_delete=models.CASCADE, related_name="embeddings")
    model_name = models.CharField(max_length=100)
    embedding = models.ForeignKey(TextEmbedding, on_delete=models.PROTECT, related_name="+")
    sentences = models.JSONField(default=list)  # [[sentence, text hash], …], each hash a TextEmbedding's
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["listing", "model_name"], name="one_embedding_per_model")]
        verbose_name = _("listing embedding")
        verbose_name_plural = _("listing embeddings")

    def __str__(self) -> str:
        return f"{self.listing_id} @ {self.model_name}"

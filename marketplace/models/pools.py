from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from .organisations import Organisation
from .patents import Patent


class PatentPool(models.Model):
    """A named set of patents licensed together; members share the income by declared shares."""

    class Kind(models.TextChoices):
        POOL = "pool", _("Patent pool")
        PORTFOLIO = "portfolio", _("Patent portfolio")

    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    slug = models.SlugField(max_length=220, unique=True, allow_unicode=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.POOL)
    administrator = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="administered_pools", verbose_name=_("administrator")
    )
    patents = models.ManyToManyField(Patent, related_name="pools", verbose_name=_("patents"))
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    licence_types = models.ManyToManyField("marketplace.DealType", blank=True, verbose_name=_("licence types offered"))
    standard_fee = models.DecimalField(_("standard fee"), max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    royalty_rate = models.DecimalField(
        _("royalty rate (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    territory = models.CharField(_("territory"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name_zh"]
        verbose_name = _("patent pool")
        verbose_name_plural = _("patent pools")

    def __str__(self) -> str:
        return self.name_zh

    @property
    def identifier(self) -> str:
        return f"POOL-{self.pk}"

    def total_share(self) -> Decimal:
        return sum((m.share for m in self.members.all()), Decimal("0"))


class PoolMember(models.Model):
    pool = models.ForeignKey(PatentPool, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="pool_memberships")
    share = models.DecimalField(_("share (%)"), max_digits=5, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pool", "organisation"], name="unique_pool_member"),
            models.CheckConstraint(condition=models.Q(share__gt=0, share__lte=100), name="pool_share_in_range"),
        ]
        ordering = ["-share"]
        verbose_name = _("pool member")
        verbose_name_plural = _("pool members")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.share}%"

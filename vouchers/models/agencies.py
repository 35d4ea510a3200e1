"""Service agencies: accreditation by an authority (application, verification, public notice, objections),
the service products they publish, and sanctions (the credit supervision list)."""

import posixpath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from marketplace.models import Organisation
from marketplace.uploads import generated_name
from payments.models import MONEY

from .programmes import ServiceCategory

EVIDENCE_EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}


def voucher_file_upload_to(instance, filename: str) -> str:
    """Every voucher file (accreditation papers, deliverables, claim evidence) under vouchers/, served only to
    the parties and the authority's officers (vouchers.selectors.voucher_file_visible).

    The extension is the one vouchers.evidence gave the upload after reading its content, never the client's."""
    extension = posixpath.splitext(filename)[1].lstrip(".").lower()
    if extension not in EVIDENCE_EXTENSIONS.values():
        raise ValueError(f"{filename!r} was not checked by vouchers.evidence")
    return generated_name(f"vouchers/{instance.FOLDER}", extension)


class Accreditation(models.Model):
    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        NOTICE = "notice", _("In public notice")
        ACTIVE = "active", _("Accredited")
        REJECTED = "rejected", _("Rejected")
        SUSPENDED = "suspended", _("Suspended")
        REMOVED = "removed", _("Removed")

    # Those that hold or may come to hold an accreditation: an agency has at most one of them per authority.
    LIVE = (Status.APPLIED, Status.NOTICE, Status.ACTIVE, Status.SUSPENDED)

    agency = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="accreditations",
                               verbose_name=_("service agency"))
    authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="agency_accreditations",
                                  verbose_name=_("authority"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.APPLIED,
                              db_index=True)
    legal_entity = models.CharField(_("legal entity"), max_length=200)
    unified_credit_code = models.CharField(_("unified social credit code"), max_length=18)
    legal_representative = models.CharField(_("legal representative"), max_length=100)
    founded = models.DateField(_("operating since"))
    premises = models.CharField(_("premises"), max_length=300)
    staff_qualifications = models.TextField(_("staff and qualifications"))
    services_and_prices = models.TextField(_("services and prices"))
    notice_ends_at = models.DateTimeField(_("public notice ends"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    activated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "authority"],
                                    condition=models.Q(status__in=["applied", "notice", "active", "suspended"]),
                                    name="one_live_accreditation_per_authority"),
        ]
        verbose_name = _("accreditation")
        verbose_name_plural = _("accreditations")

    def __str__(self) -> str:
        return f"{self.agency} @ {self.authority}"


class AccreditationDocument(models.Model):
    FOLDER = "accreditations"
    accreditation = models.ForeignKey(Accreditation, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=voucher_file_upload_to, max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("accreditation document")
        verbose_name_plural = _("accreditation documents")

    def __str__(self) -> str:
        return self.title


class Objection(models.Model):
    """Raised by anyone signed in during an agency's public notice; an open one blocks activation."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("objection status", "Open")
        UPHELD = "upheld", _("Upheld")
        DISMISSED = "dismissed", _("Dismissed")

    accreditation = models.ForeignKey(Accreditation, on_delete=models.CASCADE, related_name="objections")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                  related_name="+")
    reason = models.TextField(_("reason"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")


class ServiceProduct(models.Model):
    agency = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="service_products",
                               verbose_name=_("service agency"))
    category = models.CharField(_("category"), max_length=20, choices=ServiceCategory.choices, db_index=True)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description_zh = models.TextField(_("description (Chinese)"))
    description_en = models.TextField(_("description (English)"), blank=True)
    price = models.DecimalField(_("price (CNY)"), **MONEY)
    delivery_days = models.PositiveIntegerField(_("delivery time (days)"))
    active = models.BooleanField(_("offered"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["category", "price", "pk"]
        verbose_name = _("service product")
        verbose_name_plural = _("service products")

    def __str__(self) -> str:
        return self.title_zh


class Sanction(models.Model):
    """Fraud or collusion found: the organisation is suspended platform-wide and listed publicly with the reason
    until the sanction is lifted."""

    class Kind(models.TextChoices):
        FRAUD = "fraud", _("Fraud")
        COLLUSION = "collusion", _("Collusion")
        OTHER = "other", _("Breach of programme rules")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="sanctions")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    reason = models.TextField(_("reason"))
    imposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    imposed_at = models.DateTimeField(auto_now_add=True)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    lift_reason = models.TextField(_("reason for lifting"), blank=True)

    class Meta:
        ordering = ["-imposed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation"], condition=models.Q(lifted_at__isnull=True),
                                    name="one_standing_sanction"),
        ]
        verbose_name = _("sanction")
        verbose_name_plural = _("sanctions")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_kind_display()}"

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..bilingual import in_active_language
from ..organisation_names import DUPLICATE_KEY_SEPARATOR, organisation_name_clean, organisation_name_key
from ..uploads import organisation_logo_upload_to, validate_image


class User(AbstractUser):
    """A person. Acts for the organisations it is a member of."""

    display_name = models.CharField(_("display name"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=[("zh-hans", "简体中文"), ("en", "English")], default="zh-hans"
    )

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username


# Digits with the separators people write them with: +86 512-6588 1234, (0512) 65881234-8001.
phone_validator = RegexValidator(r"^\+?[0-9(][0-9 ()\-]{4,38}$",
                                 _("Enter a phone number: digits, spaces and + ( ) - only."))


class Organisation(models.Model):
    class Kind(models.TextChoices):
        UNIVERSITY = "university", _("University")
        RESEARCH_INSTITUTE = "research_institute", _("Research institute")
        OPERATING_AGENCY = "operating_agency", _("IP operating agency")
        ENTERPRISE = "enterprise", _("Enterprise / SME")
        SERVICE_AGENCY = "service_agency", _("Service agency")
        VOUCHER_AUTHORITY = "voucher_authority", _("Voucher authority")
        OPERATION_CENTRE = "operation_centre", _("Operation centre")

    SUPPLY_KINDS = (Kind.UNIVERSITY, Kind.RESEARCH_INSTITUTE, Kind.OPERATING_AGENCY, Kind.ENTERPRISE)
    # Those that list patents and post technology demands (the operation centre lists on others' behalf). A
    # service agency or a voucher authority works on vouchers only: its dashboard is its voucher pages.
    MARKETPLACE_KINDS = frozenset({*SUPPLY_KINDS, Kind.OPERATION_CENTRE})
    # Acting for these hands out moderation or voucher powers: nobody asks to join them, their own admins invite.
    CLOSED_KINDS = frozenset({Kind.OPERATION_CENTRE, Kind.VOUCHER_AUTHORITY})

    name_zh = models.CharField(_("name (Chinese)"), max_length=200, unique=True)
    # The database decides which of two sign-ups naming the same organisation gets it (see organisation_names).
    name_key = models.CharField(max_length=200, unique=True, editable=False)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    slug = models.SlugField(max_length=220, unique=True, allow_unicode=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, db_index=True)
    province = models.CharField(_("province"), max_length=50, blank=True, db_index=True)
    city = models.CharField(_("city"), max_length=50, blank=True)
    district = models.CharField(_("district"), max_length=50, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True, validators=[phone_validator])
    logo = models.ImageField(_("logo"), upload_to=organisation_logo_upload_to, validators=[validate_image],
                             blank=True, max_length=200)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    unified_credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    # Compared across a voucher order's two parties (conflict of interest), with the address and the phone.
    legal_representative = models.CharField(_("legal representative"), max_length=100, blank=True)
    verified = models.BooleanField(_("verified"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    members = models.ManyToManyField(User, through="Membership", related_name="organisations")

    class Meta:
        ordering = ["name_zh"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        """The name in the reader's language, wherever it shows ({{ organisation }}, choices, e-mails)."""
        return in_active_language(self.name_zh, self.name_en)

    def save(self, *args, **kwargs):
        """Every way of saving (services, admin, factories) stores the cleaned name and its key."""
        self.name_zh = organisation_name_clean(self.name_zh)
        key = organisation_name_key(self.name_zh)
        # A duplicate found by the key migration keeps its suffixed key until its name changes.
        if self.name_key.partition(DUPLICATE_KEY_SEPARATOR)[0] != key:
            self.name_key = key
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name_zh" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_key"}
        super().save(*args, **kwargs)

    @property
    def joinable(self) -> bool:
        return self.kind not in self.CLOSED_KINDS

    @property
    def trades_on_marketplace(self) -> bool:
        """May list patents and post demands (see MARKETPLACE_KINDS)."""
        return self.kind in self.MARKETPLACE_KINDS


class Membership(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        MEMBER = "member", _("Member")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="unique_membership")]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.role})"

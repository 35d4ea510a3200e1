from datetime import date

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class IpcClass(models.Model):
    """IPC sections (one letter) and classes (three characters) with bilingual titles."""

    code = models.CharField(max_length=4, primary_key=True)
    title_zh = models.CharField(max_length=300)
    title_en = models.CharField(max_length=300)

    class Meta:
        ordering = ["code"]
        verbose_name = _("IPC class")
        verbose_name_plural = _("IPC classes")

    @property
    def is_section(self) -> bool:
        return len(self.code) == 1

    def __str__(self) -> str:
        return f"{self.code} {self.title_zh}"


class Patent(models.Model):
    class PatentType(models.TextChoices):
        INVENTION = "invention", _("Invention patent")
        UTILITY_MODEL = "utility_model", _("Utility model")
        DESIGN = "design", _("Design patent")
        UNKNOWN = "unknown", _("Unknown")

    class LegalStatus(models.TextChoices):
        PENDING = "pending", _("Pending")
        GRANTED = "granted", _("In force")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        LAPSED = "lapsed", _("Lapsed")
        EXPIRED = "expired", _("Expired")
        INVALIDATED = "invalidated", _("Invalidated")
        UNKNOWN = "unknown", _("Unknown")

    class LegalStatusSource(models.TextChoices):
        """Where the legal status comes from; it holds as of `legal_status_as_of`, not necessarily today."""

        EXPORT = "export", _("exported record")
        PUBLICATION = "publication", _("derived from the publication")
        TERM = "term", _("derived from the term")
        OWNER = "owner", _("owner's declaration")
        OPERATOR = "operator", _("operator")

    publication_number = models.CharField(_("publication number"), max_length=40, unique=True)
    application_number = models.CharField(_("application number"), max_length=40, blank=True, db_index=True)
    kind_code = models.CharField(_("kind code"), max_length=4, blank=True)
    patent_type = models.CharField(
        _("patent type"), max_length=20, choices=PatentType.choices, default=PatentType.UNKNOWN
    )
    jurisdiction = models.CharField(_("jurisdiction"), max_length=2, db_index=True)
    title_zh = models.TextField(_("title (Chinese)"), blank=True)
    title_en = models.TextField(_("title (English)"), blank=True)
    abstract_zh = models.TextField(_("abstract (Chinese)"), blank=True)
    abstract_en = models.TextField(_("abstract (English)"), blank=True)
    claims = models.TextField(_("claims"), blank=True)
    ipc_main = models.CharField(_("main IPC"), max_length=30, blank=True)
    ipc_codes = models.JSONField(_("IPC codes"), default=list, blank=True)
    ipc_section = models.CharField(_("IPC section"), max_length=1, blank=True, db_index=True)
    ipc_class = models.CharField(_("IPC class"), max_length=3, blank=True, db_index=True)
    applicants = models.JSONField(_("applicants"), default=list, blank=True)
    inventors = models.JSONField(_("inventors"), default=list, blank=True)
    agency = models.CharField(_("patent agency"), max_length=200, blank=True)
    agents = models.JSONField(_("agents"), default=list, blank=True)
    applicant_address = models.CharField(_("applicant address"), max_length=300, blank=True)
    province = models.CharField(_("province"), max_length=50, blank=True)
    city = models.CharField(_("city"), max_length=50, blank=True)
    district = models.CharField(_("district"), max_length=50, blank=True)
    application_date = models.DateField(_("application date"), null=True, blank=True)
    publication_date = models.DateField(_("publication date"), null=True, blank=True)
    grant_date = models.DateField(_("grant date"), null=True, blank=True)
    priority_date = models.DateField(_("priority date"), null=True, blank=True)
    priority_numbers = models.JSONField(_("priority numbers"), default=list, blank=True)
    priority_countries = models.JSONField(_("priority countries"), default=list, blank=True)
    family_size = models.PositiveIntegerField(_("family size"), null=True, blank=True)
    simple_family = models.JSONField(_("simple family"), default=list, blank=True)
    legal_status = models.CharField(
        _("legal status"), max_length=20, choices=LegalStatus.choices, default=LegalStatus.UNKNOWN, db_index=True
    )
    legal_status_as_of = models.DateField(_("legal status as of"), null=True, blank=True)
    legal_status_source = models.CharField(
        _("legal status source"), max_length=20, choices=LegalStatusSource.choices, blank=True
    )
    expiry_date = models.DateField(_("expiry date"), null=True, blank=True, db_index=True)
    source = models.CharField(_("data source"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["publication_number"]
        verbose_name = _("patent")
        verbose_name_plural = _("patents")

    def __str__(self) -> str:
        return f"{self.publication_number} {self.title_zh or self.title_en}"

    @property
    def title(self) -> str:
        return self.title_zh or self.title_en

    @property
    def legal_status_summary(self) -> str:
        return legal_status_summary(self.legal_status, self.legal_status_source, self.legal_status_as_of)


def legal_status_summary(status: str, source: str, as_of: date | None) -> str:
    """The status with the day it is known to hold and where it comes from, in the reader's language: a status
    is a fact as of a date (an export's, a publication's), not necessarily today."""
    label = Patent.LegalStatus(status).label if status in Patent.LegalStatus.values else status
    if source not in Patent.LegalStatusSource.values:
        return str(label)
    values = {"status": label, "source": Patent.LegalStatusSource(source).label,
              "date": as_of.isoformat() if as_of else ""}
    if as_of:
        return gettext("%(status)s as of %(date)s, source: %(source)s") % values
    return gettext("%(status)s, source: %(source)s (date unknown)") % values

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PatentApplicant(models.Model):
    """One applicant of one patent: the patent's `applicants` list as rows, so that reports group by applicant,
    kind and region in the database. Derived data only, rewritten with its patent on every write (receivers.py):
    it never holds anything its patent does not."""

    class Kind(models.TextChoices):
        UNIVERSITY = "university", _("University")
        INSTITUTE = "institute", _("Research institute")
        COMPANY = "company", _("Company")
        INDIVIDUAL = "individual", _("Individual")
        OTHER = "other", _("Other")

    patent = models.ForeignKey("marketplace.Patent", on_delete=models.CASCADE, related_name="applicant_rows")
    position = models.PositiveSmallIntegerField()  # 0: the first-named applicant
    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # The patent's own province when the record gives one, else the place the applicant's name tells (北京…,
    # …(苏州)…, a known university); empty when neither does (most foreign applicants).
    province = models.CharField(max_length=50, blank=True)
    # Copied from the patent (its filing year) so per-applicant trends need no join.
    filing_year = models.PositiveSmallIntegerField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["patent", "position"], name="navigation_applicant_position")]
        verbose_name = _("patent applicant")
        verbose_name_plural = _("patent applicants")
        indexes = [
            models.Index(fields=["name", "filing_year"], name="navigation_applicant_name"),
            models.Index(fields=["kind", "filing_year"], name="navigation_applicant_kind"),
            models.Index(fields=["province", "position"], name="navigation_applicant_region"),
        ]

    def __str__(self) -> str:
        return self.name


class PatentFacts(models.Model):
    """What reports group and filter a patent by, in one narrow row per patent (the patent's own row carries
    abstracts and claims: scanning it for a GROUP BY reads ten times the pages). Derived data only, rewritten
    with its patent on every write, like PatentApplicant."""

    patent = models.OneToOneField("marketplace.Patent", on_delete=models.CASCADE, primary_key=True,
                                  related_name="navigation_facts")
    filing_year = models.PositiveSmallIntegerField(null=True)
    grant_year = models.PositiveSmallIntegerField(null=True)
    legal_status = models.CharField(max_length=20)
    ipc_section = models.CharField(max_length=1, blank=True)
    ipc_class = models.CharField(max_length=3, blank=True)
    ipc_subclass = models.CharField(max_length=4, blank=True)  # of the main classification
    ipc_main = models.CharField(max_length=30, blank=True)
    province = models.CharField(max_length=50, blank=True)  # the first applicant's (PatentApplicant.province)
    # Which kinds of applicant the patent has (PatentApplicant.kind), so yearly counts by kind are one GROUP BY.
    by_university = models.BooleanField(default=False)
    by_institute = models.BooleanField(default=False)
    by_company = models.BooleanField(default=False)
    by_individual = models.BooleanField(default=False)
    by_other = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("patent facts")
        verbose_name_plural = _("patent facts")
        indexes = [
            models.Index(fields=["ipc_class", "filing_year"], name="navigation_facts_class"),
            models.Index(fields=["ipc_section", "filing_year"], name="navigation_facts_section"),
            models.Index(fields=["province", "filing_year"], name="navigation_facts_region"),
            models.Index(fields=["filing_year"], name="navigation_facts_year"),
        ]

    def __str__(self) -> str:
        return str(self.patent_id)


class SavedReport(models.Model):
    """A report's parameters under a short stable code: /navigation/r/<code>/ shows it to anyone. Saving the same
    parameters again (by the same person) returns the report already saved."""

    code = models.CharField(max_length=12, unique=True)
    title = models.CharField(_("title"), max_length=200)
    # The canonical query string of the report (navigation.query.ReportQuery.querystring), and its hash for the
    # one-per-person constraint (a query string may exceed what a unique index takes).
    parameters = models.TextField()
    parameters_hash = models.CharField(max_length=64)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                   related_name="saved_navigation_reports")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("saved report")
        verbose_name_plural = _("saved reports")
        constraints = [models.UniqueConstraint(fields=["created_by", "parameters_hash"],
                                               name="navigation_report_once_per_person")]

    def __str__(self) -> str:
        return self.title

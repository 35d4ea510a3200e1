"""What the dashboard cannot compute from the marketplace's own records: each city's population, entered by
operators per year, for the yearly city indicators (invention patents per 10,000 people and the like)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class CityPopulation(models.Model):
    province = models.CharField(_("province"), max_length=50)
    city = models.CharField(_("city"), max_length=50)
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(1950), MaxValueValidator(2100)])
    # Permanent residents (常住人口), the base of the official per-10,000-people indicators.
    population = models.PositiveIntegerField(_("population"), validators=[MinValueValidator(1)])
    source = models.CharField(_("source"), max_length=300, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["province", "city", "-year"]
        # The database keeps one figure per city and year, whoever saves it at the same moment.
        constraints = [models.UniqueConstraint(fields=["province", "city", "year"], name="unique_city_population")]
        verbose_name = _("city population")
        verbose_name_plural = _("city populations")

    def __str__(self) -> str:
        return f"{self.province}{self.city} {self.year}: {self.population}"

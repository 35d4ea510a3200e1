"""Writes: operators entering a city's population for a year."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from marketplace.permissions import is_operator
from marketplace.workflow import record_event

from .models import CityPopulation


def city_population_save(*, province: str, city: str, year: int, population: int, source: str = "",
                         actor) -> CityPopulation:
    """Set the population of `city` in `year`, adding the row or changing it. Two operators saving the same
    city and year at once both succeed, one after the other (the row is locked; the unique constraint decides
    which of two inserts creates it), and the audit trail keeps each figure with the one it replaced."""
    if not is_operator(actor):
        raise ValidationError(_("Only the operation centre's staff can enter populations."))
    province, city, source = province.strip(), city.strip(), source.strip()
    if not city:
        raise ValidationError({"city": _("Name the city.")})
    if population is None or population < 1:
        raise ValidationError({"population": _("The population must be a whole number above zero.")})
    with transaction.atomic():
        row, created = CityPopulation.objects.select_for_update().get_or_create(
            province=province, city=city, year=year,
            defaults={"population": population, "source": source, "updated_by": actor})
        before = None if created else row.population
        if not created:
            row.population, row.source, row.updated_by = population, source, actor
            row.save(update_fields=["population", "source", "updated_by", "updated_at"])
        record_event(row, action="create" if created else "edit", actor=actor,
                     data={"population": population, "before": before, "source": source})
    return row

"""The tiles at the top of the dashboard: the period's totals, read off the tables already built (no second
query for a figure the page shows twice), and the few figures that are a state rather than a sum."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .periods import Period
from .selectors.marketplace import moderation_backlog_now, moderation_wait_average
from .selectors.trends import column_totals
from .selectors.vouchers import active_agency_count


@dataclass(frozen=True)
class Tile:
    label: str
    value: object
    money: bool = False


def kpi_tiles(period: Period, tables: dict) -> list[Tile]:
    listings = column_totals(tables["listings"].rows)
    demands = column_totals(tables["demands"].rows)
    deals = column_totals(tables["deals"].rows)
    income = column_totals(tables["income"].rows)
    vouchers = column_totals(tables["vouchers"].rows)
    ratings = [row for row in tables["agencies"].rows if row[6] is not None]
    rated = sum(row[5] for row in ratings)
    average_rating = round(sum(row[5] * row[6] for row in ratings) / rated, 2) if rated else None
    proposals, inquired = demands[1], demands[2]
    return [
        Tile(_("Listings created"), listings[0]),
        Tile(_("Listings published"), listings[2]),
        Tile(_("Listings transacted"), listings[4]),
        Tile(_("Listings expired"), listings[5]),
        Tile(_("Awaiting moderation now"), moderation_backlog_now()),
        Tile(_("Average days to a moderation decision"), moderation_wait_average(period)),
        Tile(_("Demands posted"), demands[0]),
        Tile(_("Matches proposed"), proposals),
        Tile(_("Matches that led to an inquiry"),
             f"{inquired} ({round(inquired * 100 / proposals)} %)" if proposals else inquired),
        Tile(_("Deals opened"), deals[0]),
        Tile(_("Deals licensed"), deals[3]),
        Tile(_("Licence fees collected"), income[0], money=True),
        Tile(_("Royalties collected"), income[1], money=True),
        Tile(_("Commission earned (net of refunds)"), income[2] - income[3], money=True),
        Tile(_("Voucher budget issued"), vouchers[0], money=True),
        Tile(_("Vouchers redeemed"), vouchers[1], money=True),
        Tile(_("Vouchers settled"), vouchers[2], money=True),
        Tile(_("Accredited agencies"), active_agency_count()),
        Tile(_("Agencies' average rating"), average_rating),
    ]

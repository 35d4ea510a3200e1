"""Every table of the dashboard: its title, its columns and its rows (from the selectors). The page shows them
(trend tables under their charts) and the export views write any one of them as CSV or XLSX, so a figure on
screen and in a spreadsheet always comes from the same code."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .periods import Period
from .selectors import breakdowns, marketplace, money, vouchers

PERIOD_COLUMN = _("Period")


@dataclass(frozen=True)
class TableSpec:
    key: str
    title: str
    columns: tuple
    rows: Callable[[Period], list[list]]
    chart: str = ""  # "line" or "bar" for trends over the period; "" for a plain table
    note: str = ""


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list]
    chart: str
    note: str

    @property
    def chart_id(self) -> str:
        return f"data-{self.key}"

    def chart_data(self) -> dict:
        """What operations/static/operations/charts.js draws: the periods along the axis, one series a column."""
        return {"kind": self.chart, "labels": [row[0] for row in self.rows],
                "series": [{"name": name, "data": [_number(row[i]) for row in self.rows]}
                           for i, name in enumerate(self.columns[1:], start=1)]}


def _number(value):
    return None if value is None else float(value)


SPECS = [
    TableSpec("listings", _("Listings"), (PERIOD_COLUMN, _("Created"), _("Submitted"), _("Published"),
                                          _("Rejected"), _("Transacted"), _("Expired")),
              marketplace.listing_trend, chart="bar"),
    TableSpec("moderation", _("Moderation"), (PERIOD_COLUMN, _("Submitted for review"), _("Decided"),
                                              _("Average days to decision"), _("Backlog at the end")),
              marketplace.moderation_trend, chart="line",
              note=_("Days from a listing's submission to its publication or rejection; the backlog is what "
                     "was still waiting for a decision when the week or month ended.")),
    TableSpec("demands", _("Demands and matches"), (PERIOD_COLUMN, _("Demands posted"), _("Matches proposed"),
                                                     _("Proposals that led to an inquiry")),
              marketplace.demand_trend, chart="bar",
              note=_("Proposals are counted when they were made; an inquiry is a deal room the demand's "
                     "organisation opened on the proposed listing.")),
    TableSpec("deals", _("Deals"), (PERIOD_COLUMN, _("Opened"), _("Agreed"), _("Signed"), _("Licensed"),
                                    _("Closed without a deal")),
              money.deal_trend, chart="bar"),
    TableSpec("deal_stages", _("Deals opened in the period, by stage now"), (_("Stage"), _("Deals"),
                                                                               _("Value (CNY)")),
              money.deals_by_stage,
              note=_("Value: the upfront fee of each deal's current agreement; royalties depend on sales to "
                     "come and are not included.")),
    TableSpec("income", _("Licence income and commission (CNY)"), (PERIOD_COLUMN, _("Licence fees collected"),
                                                                    _("Royalties collected"),
                                                                    _("Commission earned"),
                                                                    _("Commission refunded")),
              money.income_trend, chart="line",
              note=_("Money actually paid: instalments settled by a succeeded payment, dated when paid.")),
    TableSpec("vouchers", _("Voucher budgets (CNY)"), (PERIOD_COLUMN, _("Issued"), _("Redeemed"), _("Settled"),
                                                       _("Expired"), _("Reversed")),
              vouchers.voucher_trend, chart="line",
              note=_("From the voucher ledger: issued reserves budget on a voucher, redeemed is a claim "
                     "approved, settled is paid by the treasury.")),
    TableSpec("programmes", _("Voucher programmes now (CNY)"), (_("Programme"), _("Authority"), _("Funded"),
                                                                _("Available"), _("On vouchers"), _("Held"),
                                                                _("Approved, unpaid"), _("Paid")),
              lambda period: vouchers.programme_budgets(),
              note=_("Balances today, whatever the period.")),
    TableSpec("agencies", _("Accredited service agencies"), (_("Agency"), _("Province"), _("City"),
                                                              _("Orders"), _("Completed"), _("Rated"),
                                                              _("Average rating")),
              vouchers.agencies,
              note=_("Agencies accredited today; their voucher orders placed in the period.")),
    TableSpec("by_ipc", _("By IPC section"), (_("IPC section"), _("Listings created"), _("Listings published"),
                                              _("Deals opened"), _("Licences recorded")),
              lambda period: breakdowns.breakdown(period, "ipc_section")),
    TableSpec("by_region", _("By province and city"), (_("Province"), _("City"), _("Listings created"),
                                                       _("Listings published"), _("Deals opened"),
                                                       _("Licences recorded")),
              lambda period: breakdowns.breakdown(period, "region"),
              note=_("The listing owner's province and city.")),
    TableSpec("by_owner_kind", _("By owner kind"), (_("Owner kind"), _("Listings created"),
                                                    _("Listings published"), _("Deals opened"),
                                                    _("Licences recorded")),
              lambda period: breakdowns.breakdown(period, "owner_kind")),
]
SPECS_BY_KEY = {spec.key: spec for spec in SPECS}


def table_build(spec: TableSpec, period: Period) -> Table:
    return Table(key=spec.key, title=str(spec.title), columns=[str(c) for c in spec.columns],
                 rows=spec.rows(period), chart=spec.chart, note=str(spec.note))


def tables_build(period: Period) -> list[Table]:
    return [table_build(spec, period) for spec in SPECS]

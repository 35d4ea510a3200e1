"""The figures of a navigation report, each aggregated in the database (GROUP BY over the field's patents or their
applicant rows); Python only labels and orders the few rows that come back.

Every section has the same shape (`Section`): a title, the table's header and rows, and the data its chart draws,
so the page, the CSV, the XLSX and the PDF all show the same figures.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.utils.translation import gettext as _

from marketplace.bilingual import is_english
from marketplace.models import IpcClass, Listing, Patent
from marketplace.regions import region_name

from .models import PatentApplicant, PatentFacts
from .query import ReportQuery
from .scope import InIds

TOP_APPLICANTS = 15
TRENDED_APPLICANTS = 8
TOP_SUBCLASSES = 12
TOP_REGIONS = 20
TOP_LINKS = 15
SHOWN_LISTINGS = 20
TREND_YEARS = 12
GROWTH_WINDOW = 3  # years: the last three filing years against the three before


@dataclass
class Section:
    key: str
    title: str
    headers: list[str]
    rows: list[list]
    chart: dict = field(default_factory=dict)  # for navigation/report.js; empty: table only
    note: str = ""


@dataclass
class NavigationReport:
    query: ReportQuery
    total: int
    granted: int
    applicants: int
    years: tuple[int, int] | None
    sections: list[Section]
    listings: list[Listing]
    listings_total: int

    def section(self, key: str) -> Section:
        return next(section for section in self.sections if section.key == key)


def navigation_report(query: ReportQuery) -> NavigationReport:
    facts = query.facts()
    if query.needs_scan:
        # Keywords or applicant names scan a large table: once, then the ids name the field (scope.py).
        ids = list(facts.values_list("patent_id", flat=True))
        total, facts = len(ids), PatentFacts.objects.filter(InIds("patent_id", ids))
        in_field = InIds("patent_id", ids)
    else:
        # Codes, region and years are indexed columns of the facts: each query filters them itself (a literal
        # array of tens of thousands of ids would cost more to send and plan than the index does to read).
        total = facts.count()
        in_field = Q(patent_id__in=facts.values("patent_id"))
    if not total:
        return NavigationReport(query=query, total=0, granted=0, applicants=0, years=None, sections=[],
                                listings=[], listings_total=0)
    rows = PatentApplicant.objects.filter(in_field)
    per_year = _filings_and_grants(facts)
    years = (per_year.rows[0][0], per_year.rows[-1][0]) if per_year.rows else None
    status = _legal_status(facts)
    listings = (Listing.objects.filter(in_field, status=Listing.Status.PUBLISHED)
                .select_related("owner", "patent").order_by("-published_at", "-pk"))
    return NavigationReport(
        query=query, total=total, granted=status.chart["granted"],
        applicants=rows.values("name").distinct().count(), years=years,
        sections=[per_year, *_applicants(rows), _kinds(facts), _regions(facts), _subclasses(facts, years),
                  status, _links(rows)],
        listings=list(listings[:SHOWN_LISTINGS]), listings_total=listings.count())


def _filings_and_grants(facts) -> Section:
    filed = dict(facts.filter(filing_year__isnull=False).values("filing_year").annotate(count=Count("pk"))
                 .values_list("filing_year", "count"))
    granted = dict(facts.filter(grant_year__isnull=False).values("grant_year").annotate(count=Count("pk"))
                   .values_list("grant_year", "count"))
    years = list(range(min(filed.keys() | granted.keys()), max(filed.keys() | granted.keys()) + 1)) \
        if filed or granted else []
    filings_label, grants_label = _("Filings"), _("Grants")
    return Section(
        key="years", title=_("Filings and grants per year"),
        headers=[_("Year"), filings_label, grants_label],
        rows=[[year, filed.get(year, 0), granted.get(year, 0)] for year in years],
        chart={"type": "years", "x": years, "series": [
            {"name": filings_label, "kind": "bar", "data": [filed.get(year, 0) for year in years]},
            {"name": grants_label, "kind": "line", "data": [granted.get(year, 0) for year in years]}]},
        note=_("Filings by filing date; grants by grant date, where the record gives one. The latest years are "
               "incomplete: applications are published up to 18 months after filing."))


def _applicants(rows) -> list[Section]:
    """Top applicants with their yearly trend, and the top universities (both grouped by name in the database).
    A patent lists a name once (applicant_rows), so counting rows counts patents."""
    top = list(rows.values("name", "kind").annotate(count=Count("pk")).order_by("-count", "name")[:TOP_APPLICANTS])
    universities = list(rows.filter(kind=PatentApplicant.Kind.UNIVERSITY).values("name")
                        .annotate(count=Count("pk")).order_by("-count", "name")[:TOP_APPLICANTS])
    trended = [item["name"] for item in top[:TRENDED_APPLICANTS]]
    per_year = defaultdict(dict)
    for name, year, count in (rows.filter(name__in=trended, filing_year__isnull=False)
                              .values("name", "filing_year").annotate(count=Count("pk"))
                              .values_list("name", "filing_year", "count")):
        per_year[name][year] = count
    all_years = sorted({year for counts in per_year.values() for year in counts})
    # The last TREND_YEARS years: enough for a trend, and a table that fits a page.
    years = list(range(max(all_years[0], all_years[-1] - TREND_YEARS + 1), all_years[-1] + 1)) if all_years else []
    kinds = dict(PatentApplicant.Kind.choices)
    trend = Section(
        key="applicants", title=_("Top applicants"),
        headers=[_("Applicant"), _("Kind"), _("Patents"), *years],
        rows=[[item["name"], str(kinds[item["kind"]]), item["count"], *[per_year[item["name"]].get(year, 0)
              for year in years]] for item in top],
        chart={"type": "years", "x": years, "series": [
            {"name": name, "kind": "line", "data": [per_year[name].get(year, 0) for year in years]}
            for name in trended]},
        note=_("Patents per filing year, for the top %(count)d applicants.") % {"count": len(trended)})
    top_universities = Section(
        key="universities", title=_("Top universities"), headers=[_("University"), _("Patents")],
        rows=[[item["name"], item["count"]] for item in universities],
        chart={"type": "bars", "labels": [item["name"] for item in universities],
               "values": [item["count"] for item in universities]})
    return [trend, top_universities]


def _kinds(facts) -> Section:
    """Patents per filing year by kind of applicant, in one GROUP BY over the facts' kind flags; a patent filed
    jointly by a university and a company counts for both."""
    kinds = list(PatentApplicant.Kind)
    flags = {kind.value: Count("pk", filter=Q(**{f"by_{kind.value}": True})) for kind in kinds}
    per_year = list(facts.filter(filing_year__isnull=False).values("filing_year")
                    .annotate(**flags, joint=Count("pk", filter=Q(by_university=True, by_company=True)))
                    .order_by("filing_year"))
    counts = {item["filing_year"]: item for item in per_year}
    years = list(range(per_year[0]["filing_year"], per_year[-1]["filing_year"] + 1)) if per_year else []
    empty = dict.fromkeys([*flags, "joint"], 0)
    shown = [kind for kind in kinds if any(item[kind.value] for item in per_year)]
    joint_label = _("University–company joint")
    return Section(
        key="kinds", title=_("Universities and companies"),
        headers=[_("Year"), *[str(kind.label) for kind in shown], joint_label],
        rows=[[year, *[counts.get(year, empty)[kind.value] for kind in shown], counts.get(year, empty)["joint"]]
              for year in years],
        chart={"type": "years", "x": years, "stack": True, "series": [
            {"name": str(kind.label), "kind": "bar", "data": [counts.get(year, empty)[kind.value] for year in years]}
            for kind in shown]},
        note=_("Patents per filing year by kind of applicant (told from the name); a patent filed jointly by a "
               "university and a company counts for both."))


def _regions(facts) -> Section:
    """Patents by the first applicant's province."""
    counts = list(facts.values("province").annotate(count=Count("pk")).order_by("-count", "province"))
    total = sum(item["count"] for item in counts) or 1
    stated = [item for item in counts if item["province"]][:TOP_REGIONS]
    unstated = next((item["count"] for item in counts if not item["province"]), 0)
    shown = [[region_name(item["province"]), item["count"], _percent(item["count"], total)] for item in stated]
    if unstated:
        shown.append([_("Region not stated (mostly applicants abroad)"), unstated, _percent(unstated, total)])
    return Section(
        key="regions", title=_("Regions"), headers=[_("Province"), _("Patents"), _("Share")], rows=shown,
        chart={"type": "bars", "labels": [row[0] for row in shown[:len(stated)]],
               "values": [row[1] for row in shown[:len(stated)]]},
        note=_("By the first applicant's province: the record's own address where it has one, else the place "
               "the applicant's name gives."))


def _subclasses(facts, years: tuple[int, int] | None) -> Section:
    """Top IPC subclasses (of the main classification) and their growth: the last three filing years against the
    three before, counted in the same GROUP BY."""
    headers = [_("IPC subclass"), _("Class"), _("Patents")]
    counts = {"count": Count("pk")}
    if years:
        last = years[1]
        recent, earlier = (last - GROWTH_WINDOW + 1, last), (last - 2 * GROWTH_WINDOW + 1, last - GROWTH_WINDOW)
        counts["recent"] = Count("pk", filter=Q(filing_year__gte=recent[0]))
        counts["earlier"] = Count("pk", filter=Q(filing_year__gte=earlier[0], filing_year__lte=earlier[1]))
        headers += [f"{earlier[0]}–{earlier[1]}", f"{recent[0]}–{recent[1]}", _("Growth")]
    top = list(facts.exclude(ipc_subclass="").values("ipc_subclass").annotate(**counts)
               .order_by("-count", "ipc_subclass")[:TOP_SUBCLASSES])
    codes = [item["ipc_subclass"] for item in top]
    titles = dict(IpcClass.objects.filter(code__in={code[:3] for code in codes})
                  .values_list("code", "title_en" if is_english() else "title_zh"))
    table = []
    for item in top:
        code = item["ipc_subclass"]
        row = [code, titles.get(code[:3], ""), item["count"]]
        if years:
            row += [item["earlier"], item["recent"], _growth(item["earlier"], item["recent"])]
        table.append(row)
    return Section(
        key="subclasses", title=_("Top IPC subclasses and their growth"), headers=headers, rows=table,
        chart={"type": "bars", "labels": codes, "values": [item["count"] for item in top]},
        note=_("Main IPC classification. Growth compares filings of the last three years with the three before."))


def _legal_status(facts) -> Section:
    counts = list(facts.values("legal_status").annotate(count=Count("pk")).order_by("-count", "legal_status"))
    total = sum(item["count"] for item in counts) or 1
    labels = dict(Patent.LegalStatus.choices)
    rows = [[str(labels.get(item["legal_status"], item["legal_status"])), item["count"],
             _percent(item["count"], total)] for item in counts]
    granted = next((item["count"] for item in counts if item["legal_status"] == Patent.LegalStatus.GRANTED), 0)
    return Section(
        key="legal_status", title=_("Legal status"), headers=[_("Status"), _("Patents"), _("Share")], rows=rows,
        chart={"type": "pie", "items": [{"name": row[0], "value": row[1]} for row in rows], "granted": granted},
        note=_("As of each record's export date, not necessarily today's."))


def _links(rows) -> Section:
    """University–company co-applications: pairs of applicants on the same patents, counted in the database
    (a patent lists a name once, so each pair once)."""
    pairs = list(rows.filter(kind=PatentApplicant.Kind.UNIVERSITY,
                             patent__applicant_rows__kind=PatentApplicant.Kind.COMPANY)
                 .values("name", partner=F("patent__applicant_rows__name"))
                 .annotate(count=Count("pk")).order_by("-count", "name", "partner")[:TOP_LINKS])
    return Section(
        key="links", title=_("University–company co-applicants"),
        headers=[_("University"), _("Company"), _("Joint patents")],
        rows=[[item["name"], item["partner"], item["count"]] for item in pairs],
        chart={"type": "sankey", "links": [{"source": item["name"], "target": item["partner"],
                                            "value": item["count"]} for item in pairs]})


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%"


def _growth(before: int, after: int) -> str:
    if not before:
        return _("new") if after else "–"
    return f"{100 * (after - before) / before:+.0f}%"


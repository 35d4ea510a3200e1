"""Operations dashboard benchmark: each table's query time on a large marketplace.

Fills the database (bulk inserts, dated at random over the last two years) with organisations, patents,
listings and their workflow events, demands, match proposals, deals with agreements, paid instalments with the
platform's commission, and voucher ledger movements; then times every table of the dashboard (twelve months by
month, six months by week), the tiles and the yearly city report. Every figure is one aggregated query (or a
few), so the times should grow with the rows scanned, not with a Python loop over them.

`createdb bench_operations` then `DATABASE_URL=postgres://…/bench_operations .venv/bin/python bench/operations.py
--listings 50000`. Each run adds its own rows. Prints one line per table: `<table> <grain> <ms> ms <rows> rows`.
Prints figures; it is not a test.
"""

import argparse
import datetime
import os
import random
import sys
import time
import uuid
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CITIES = [("江苏省", "苏州市"), ("江苏省", "南京市"), ("浙江省", "杭州市"), ("广东省", "深圳市"), ("北京市", "北京市"),
          ("上海市", "上海市"), ("湖北省", "武汉市"), ("四川省", "成都市"), ("陕西省", "西安市"), ("安徽省", "合肥市")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--listings", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "ipmarket.settings.test"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from django.db import connection

    random.seed(args.seed)
    started = time.perf_counter()
    _fill(args.listings)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics, as autovacuum keeps them on a live site
    print(f"Database: {connection.vendor} {connection.settings_dict['NAME']}; filled {args.listings} listings "
          f"in {time.perf_counter() - started:.1f} s")
    _measure()


def _when(now, days: int = 730):
    return now - datetime.timedelta(seconds=random.randrange(days * 86400))


def _fill(count: int) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from deals.models import Agreement, Deal, Offer
    from deals.terms import DealKind, LicenceTerms, terms_to_json
    from licences.models import Distribution, Instalment
    from marketplace.models import AuditEvent, Demand, Listing, Organisation, Patent, User
    from operations.models import CityPopulation
    from payments.models import Payment
    from search.models import MatchProposal
    from vouchers.models import LedgerTransaction, Programme

    now, tag = timezone.now(), uuid.uuid4().hex[:8]
    kinds = [k for k, _label in Organisation.Kind.choices]
    organisations = Organisation.objects.bulk_create([
        Organisation(name_zh=f"基准机构{tag}-{i}", name_key=f"bench{tag}-{i}", slug=f"bench-{tag}-{i}",
                     kind=random.choice(kinds), province=c[0], city=c[1])
        for i, c in ((i, random.choice(CITIES)) for i in range(max(50, count // 100)))])
    patents = Patent.objects.bulk_create([
        Patent(publication_number=f"CN{tag}{i}C", jurisdiction="CN", patent_type=Patent.PatentType.INVENTION,
               ipc_section=random.choice("ABCDEFGH"), legal_status=Patent.LegalStatus.GRANTED,
               grant_date=datetime.date(2015 + i % 10, 1 + i % 12, 1)) for i in range(count)], batch_size=5000)
    S = Listing.Status
    listings = Listing.objects.bulk_create([
        Listing(owner=random.choice(organisations), patent=patent, title_zh=f"基准{i}",
                status=random.choice([S.PUBLISHED, S.PUBLISHED, S.SUBMITTED, S.TRANSACTED, S.EXPIRED, S.DRAFT]))
        for i, patent in enumerate(patents)], batch_size=5000)
    created = {listing.pk: _when(now) for listing in listings}
    listing_type = ContentType.objects.get_for_model(Listing)
    events, moments = [], []
    for listing in listings:
        moment = created[listing.pk]
        steps = [("submit", S.DRAFT, S.SUBMITTED)]
        if listing.status != S.SUBMITTED and listing.status != S.DRAFT:
            steps.append(("publish", S.SUBMITTED, S.PUBLISHED))
        if listing.status in (S.TRANSACTED, S.EXPIRED):
            steps.append(("mark_transacted" if listing.status == S.TRANSACTED else "expire", S.PUBLISHED,
                          listing.status))
        for action, source, target in steps:
            moment = moment + datetime.timedelta(hours=random.randrange(1, 240))
            events.append(AuditEvent(content_type=listing_type, object_id=str(listing.pk), action=action,
                                     from_state=source, to_state=target))
            moments.append(moment)
    made = AuditEvent.objects.bulk_create(events, batch_size=5000)
    _redate(AuditEvent, [(event.pk, moment) for event, moment in zip(made, moments)])
    _redate(Listing, list(created.items()))
    Listing.objects.filter(pk__in=created, status=S.PUBLISHED).update(published_at=now)

    user = User.objects.create(username=f"bench-{tag}")
    demands = Demand.objects.bulk_create([
        Demand(organisation=random.choice(organisations), created_by=user, title=f"需求{i}", description="基准",
               province=c[0], city=c[1]) for i, c in ((i, random.choice(CITIES)) for i in range(count // 10))],
        batch_size=5000)
    _redate(Demand, [(d.pk, _when(now)) for d in demands])
    proposals = MatchProposal.objects.bulk_create([
        MatchProposal(demand=demand, listing=listing, score=70,
                      inquired_at=now if random.random() < 0.15 else None)
        for demand, listing in zip(demands * 4, random.sample(listings, min(len(listings), len(demands) * 4)))],
        batch_size=5000, ignore_conflicts=True)
    _redate(MatchProposal, [(p.pk, _when(now)) for p in MatchProposal.objects.filter(demand__in=demands)])
    del proposals

    buyers = [o for o in organisations if o.kind == "enterprise"] or organisations
    deal_listings = random.sample(listings, count // 10)
    deals = Deal.objects.bulk_create([
        Deal(listing=listing, buyer=random.choice([b for b in buyers[:5] if b.pk != listing.owner_id]),
             seller_id=listing.owner_id, last_message_at=now,
             status=random.choice([c for c, _label in Deal.Status.choices])) for listing in deal_listings],
        batch_size=5000)
    _redate(Deal, [(d.pk, _when(now)) for d in deals])
    terms = terms_to_json(LicenceTerms(deal_kind=DealKind.NON_EXCLUSIVE, patent_ids=(), start_date=now.date(),
                                       end_date=now.date(), upfront_fee=Decimal("20000.00")))
    agreed = [d for d in deals if d.status != Deal.Status.OPEN]
    offers = Offer.objects.bulk_create([Offer(deal=d, side="seller", terms_data=terms, status="accepted")
                                        for d in agreed], batch_size=5000)
    agreements = Agreement.objects.bulk_create([
        Agreement(deal=o.deal, offer=o, terms_data=terms, status="signed", commission_percent=Decimal(3))
        for o in offers], batch_size=5000)
    payments = Payment.objects.bulk_create([
        Payment(payer_id=a.deal.buyer_id, payee_id=a.deal.seller_id, amount=Decimal("20000.00"), provider="offline",
                status=Payment.Status.SUCCEEDED) for a in agreements], batch_size=5000)
    instalments = Instalment.objects.bulk_create([
        Instalment(agreement=a, kind=random.choice(["upfront", "royalty"]), amount=Decimal("20000.00"),
                   currency="CNY", status="paid", paid_by=p, paid_at=_when(now))
        for a, p in zip(agreements, payments)], batch_size=5000)
    distributions = Distribution.objects.bulk_create([
        Distribution(payment=i.paid_by, instalment=i, role="commission", amount=Decimal("600.00"), currency="CNY")
        for i in instalments], batch_size=5000)
    _redate(Distribution, [(d.pk, _when(now)) for d in distributions])

    authority = organisations[0]
    programme = Programme.objects.create(authority=authority, name_zh=f"基准券{tag}", status="open",
                                         face_value_rule="fixed", face_value=Decimal("5000.00"),
                                         copay_ratio=Decimal("0.6"),
                                         applications_open=now.date(), applications_close=now.date(),
                                         claim_deadline=now.date())
    moves = LedgerTransaction.objects.bulk_create([
        LedgerTransaction(kind=random.choice(["reserve", "redeem", "settle", "expire"]), programme=programme,
                          amount=Decimal("5000.00")) for _ in range(count // 5)], batch_size=5000)
    _redate(LedgerTransaction, [(m.pk, _when(now)) for m in moves])
    for province, city in CITIES:
        CityPopulation.objects.get_or_create(province=province, city=city, year=2020,
                                             defaults={"population": 10_000_000})


def _redate(model, pairs, field: str = "created_at") -> None:
    """Set each row's timestamp in one UPDATE per batch (auto_now_add ignores the value given to bulk_create)."""
    from django.db.models import Case, DateTimeField, Value, When

    for start in range(0, len(pairs), 2000):
        batch = pairs[start:start + 2000]
        model.objects.filter(pk__in=[pk for pk, _when in batch]).update(**{field: Case(
            *[When(pk=pk, then=Value(moment)) for pk, moment in batch], output_field=DateTimeField())})


def _measure() -> None:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from operations.kpis import kpi_tiles
    from operations.periods import MONTH, WEEK, Period
    from operations.selectors.cities import city_indicators
    from operations.tables import SPECS, table_build

    today = timezone.localdate()
    periods = {MONTH: Period(start=today - datetime.timedelta(days=365), end=today, grain=MONTH),
               WEEK: Period(start=today - datetime.timedelta(days=182), end=today, grain=WEEK)}
    for grain, period in periods.items():
        tables = {}
        for spec in SPECS:
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                tables[spec.key] = table_build(spec, period)
                elapsed = (time.perf_counter() - started) * 1000
            print(f"{spec.key:<14} {grain:<5} {elapsed:8.1f} ms {len(tables[spec.key].rows):>4} rows "
                  f"{len(queries):>2} queries")
        started = time.perf_counter()
        kpi_tiles(period, tables)
        print(f"{'tiles':<14} {grain:<5} {(time.perf_counter() - started) * 1000:8.1f} ms")
    reset_queries()
    started = time.perf_counter()
    rows = city_indicators(today.year)
    print(f"{'city report':<14} {'year':<5} {(time.perf_counter() - started) * 1000:8.1f} ms {len(rows):>4} rows")


if __name__ == "__main__":
    main()

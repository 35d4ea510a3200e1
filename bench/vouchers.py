"""Vouchers benchmark: concurrent redemptions against one programme budget that covers only part of them.

A redemption is what spends a programme's money: an officer approves an enterprise's application (the voucher
is issued, its face value reserved from the budget under the programme's row lock) and the enterprise places an
order on it (the voucher's share held under the voucher's row lock). CLIENTS processes (as gunicorn's web
workers; `--threads` for threads of one process), each on its own database connection, attempt them as fast as
they can against a budget sized for BUDGET_SHARE of the attempts; the same attempts made one after another from
one client are the baseline, so the ratio shows how much the locks serialise.

Prints attempts per second (accepted and refused alike: each is a full decision under the locks), the accepted
and refused counts, the overspend (what was reserved beyond the budget: must be 0) and the ledger check, ending
with one line: `redemptions_per_s=… accepted=… rejected=… overspend=0 ledger=ok`.

Needs PostgreSQL (row locks mean nothing on SQLite): `createdb bench_vouchers` then
`DATABASE_URL=postgres://…/bench_vouchers .venv/bin/python bench/vouchers.py`. The database is migrated; each
run adds its own parties and programmes, so it can be run again on the same database. Prints figures; it is not a
test.
"""

import argparse
import os
import sys
import threading
import time
import uuid
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FACE_VALUE = Decimal("5000.00")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients (threads)")
    parser.add_argument("--attempts", type=int, default=480, help="redemptions attempted in each run")
    parser.add_argument("--budget-share", type=float, default=0.6,
                        help="the share of the attempts the programme's budget covers")
    parser.add_argument("--threads", action="store_true",
                        help="clients are threads of one process instead of processes (as gunicorn's web workers "
                             "are); threads share one interpreter lock, so this measures less than two cores")
    parser.add_argument("--queries", action="store_true", help="also print the queries one redemption makes")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (createdb bench_vouchers): row locks need PostgreSQL.")
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "ipmarket.settings.test"  # e-mail in memory, tasks in-process

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from ipmarket.celery import app

    # As in production, a request only queues its e-mails (here on Celery's in-memory broker); a worker sends them.
    app.conf.task_always_eager = False
    from django.db import connection

    print(f"Database: {connection.vendor} {connection.settings_dict['NAME']}; {args.clients} clients, "
          f"{args.attempts} attempts per run, budget for {args.budget_share:.0%} of them")
    if args.queries:
        print_queries()
    print_step_costs()
    baseline = run(clients=1, attempts=args.attempts, budget_share=args.budget_share, label="baseline")
    concurrent = run(clients=args.clients, attempts=args.attempts, budget_share=args.budget_share,
                     label="concurrent", processes=not args.threads)
    print(f"{args.clients} clients against 1: {concurrent.per_second / baseline.per_second:.2f}x the attempts per "
          "second")
    from vouchers.ledger_check import ledger_problems

    problems = ledger_problems()
    for problem in problems[:20]:
        print(f"ledger problem: {problem}")
    overspend = max(baseline.overspend, concurrent.overspend)
    print(f"redemptions_per_s={concurrent.per_second:.0f} accepted={concurrent.accepted} "
          f"rejected={concurrent.rejected} overspend={overspend.normalize():f} ledger={'ok' if not problems else 'broken'}")
    if problems or overspend or baseline.errors or concurrent.errors:
        sys.exit(1)


class Run:
    def __init__(self, *, seconds: float, accepted: int, rejected: int, errors: list[str], overspend: Decimal):
        self.seconds, self.accepted, self.rejected, self.errors = seconds, accepted, rejected, errors
        self.overspend = overspend

    @property
    def per_second(self) -> float:
        return (self.accepted + self.rejected) / self.seconds


def scenario(*, attempts: int, budget_share: float):
    """An authority with a programme funded for `budget_share` of `attempts` vouchers, an accredited agency, and
    `attempts` enterprises each with a submitted application."""
    import datetime

    from django.utils import timezone

    from marketplace.models import Membership, Organisation, User
    from vouchers.models import Accreditation, Programme, ServiceCategory, ServiceProduct
    from vouchers.services.applications import application_submit
    from vouchers.services.programmes import programme_create, programme_open

    run_id = uuid.uuid4().hex[:8]

    def organisation(name: str, kind: str, **fields) -> tuple[Organisation, User]:
        org = Organisation.objects.create(name_zh=f"{name}-{run_id}", slug=f"bench-{run_id}-{name}", kind=kind,
                                          province="江苏省", city="苏州市", **fields)
        user = User.objects.create_user(username=f"bench-{run_id}-{name}", password=None)
        Membership.objects.create(organisation=org, user=user, role=Membership.Role.ADMIN)
        return org, user

    authority, officer = organisation("authority", Organisation.Kind.VOUCHER_AUTHORITY)
    agency, _ = organisation("agency", Organisation.Kind.SERVICE_AGENCY, legal_representative="王五",
                             address="苏州工业园区星湖街 328 号", contact_phone="0512-6588 1234")
    Accreditation.objects.create(
        agency=agency, authority=authority, status=Accreditation.Status.ACTIVE, legal_entity=agency.name_zh,
        unified_credit_code="91320594MA1X000000", legal_representative="王五", founded=datetime.date(2015, 3, 1),
        premises="苏州", staff_qualifications="专利代理师", services_and_prices="检索", activated_at=timezone.now())
    product = ServiceProduct.objects.create(agency=agency, category=ServiceCategory.PATENT_SEARCH,
                                            title_zh="专利检索分析", description_zh="检索", price=Decimal("8000.00"),
                                            delivery_days=15)
    today = timezone.localdate()
    budget = (FACE_VALUE * int(attempts * budget_share)).quantize(Decimal("0.01"))
    programme = programme_open(programme=programme_create(
        authority=authority, actor=officer, budget=budget, name_zh=f"基准测试服务券 {run_id}",
        face_value_rule=Programme.FaceValue.FIXED, face_value=FACE_VALUE, annual_cap_per_sme=None,
        copay_ratio=Decimal("0.600"), categories=[ServiceCategory.PATENT_SEARCH],
        applications_open=today - datetime.timedelta(days=1), applications_close=today + datetime.timedelta(days=60),
        voucher_validity_days=120, claim_deadline=today + datetime.timedelta(days=200)), actor=officer)
    work = []
    for n in range(attempts):
        enterprise, member = organisation(f"sme{n}", Organisation.Kind.ENTERPRISE)
        application = application_submit(programme=programme, applicant=enterprise, actor=member, employees=20,
                                          annual_revenue="3000000", purpose="专利检索")
        work.append((application, member))
    return programme, officer, product, budget, work


def redeem(application, member, *, officer, product):
    from vouchers.services.applications import application_approve
    from vouchers.services.orders import order_place

    voucher = application_approve(application=application, actor=officer)
    return order_place(voucher=voucher, product=product, actor=member)


def attempt(application, member, *, officer, product) -> str:
    """One redemption: "accepted", "rejected" (refused with a reason: the budget is spent) or the error."""
    from django.core.exceptions import ValidationError

    try:
        redeem(application, member, officer=officer, product=product)
        return "accepted"
    except ValidationError:
        return "rejected"
    except Exception as error:  # noqa: BLE001 - reported, and the run fails
        return f"{type(error).__name__}: {error}"


def _process_client(work, officer, product, start_at: float, indexes) -> list[str]:
    from django.db import connections

    connections.close_all()  # the parent's connection is not this process's
    time.sleep(max(start_at - time.time(), 0))
    try:
        return [attempt(*work[i], officer=officer, product=product) for i in indexes]
    finally:
        connections.close_all()


def run_processes(*, clients: int, work, officer, product) -> tuple[float, list[str]]:
    """Each client a forked process with its own connection; the attempts dealt round-robin (every client has
    as many; a process cannot take from the others' share as a thread does)."""
    import multiprocessing

    from django.db import connections

    connections.close_all()
    context = multiprocessing.get_context("fork")
    start_at = time.time() + 1.0  # every process forked and waiting when the clock starts
    with context.Pool(clients) as pool:
        pending = [pool.apply_async(_process_client, (work, officer, product, start_at,
                                                      range(n, len(work), clients))) for n in range(clients)]
        outcomes = [outcome for result in pending for outcome in result.get()]
        seconds = time.time() - start_at
    return seconds, outcomes


def run(*, clients: int, attempts: int, budget_share: float, label: str, processes: bool = False) -> Run:
    from django.db import connections

    programme, officer, product, budget, work = scenario(attempts=attempts, budget_share=budget_share)
    if processes:
        seconds, outcomes = run_processes(clients=clients, work=work, officer=officer, product=product)
        return _report(label=f"{label} (processes)", clients=clients, attempts=attempts, seconds=seconds,
                       outcomes=outcomes, programme=programme, budget=budget)
    connections.close_all()
    lock = threading.Lock()
    outcomes: list[str] = []
    barrier = threading.Barrier(clients + 1)
    queue = list(reversed(work))

    def client() -> None:
        try:
            barrier.wait()
            while True:
                with lock:
                    if not queue:
                        return
                    application, member = queue.pop()
                outcome = attempt(application, member, officer=officer, product=product)
                with lock:
                    outcomes.append(outcome)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    return _report(label=label, clients=clients, attempts=attempts, seconds=seconds, outcomes=outcomes,
                   programme=programme, budget=budget)


def _report(*, label: str, clients: int, attempts: int, seconds: float, outcomes: list[str], programme,
            budget: Decimal) -> Run:
    from django.db.models import Sum

    from vouchers.ledger import balance, budget_account
    from vouchers.models import LedgerTransaction, ServiceOrder

    counts = {kind: outcomes.count(kind) for kind in ("accepted", "rejected")}
    errors = [outcome for outcome in outcomes if outcome not in counts]
    reserved = LedgerTransaction.objects.filter(programme=programme, kind=LedgerTransaction.Kind.RESERVE).aggregate(
        total=Sum("amount"))["total"] or Decimal("0.00")
    orders = ServiceOrder.objects.filter(programme=programme).count()
    result = Run(seconds=seconds, errors=errors, overspend=max(reserved - budget, Decimal("0")), **counts)
    print(f"{label}: {clients} client{'s' if clients > 1 else ''}, {attempts} attempts in {seconds:.2f} s = "
          f"{result.per_second:.0f} redemptions/s ({result.accepted / seconds:.0f} accepted/s); "
          f"accepted={result.accepted} rejected={result.rejected} errors={len(errors)}; "
          f"budget {budget} reserved {reserved} left {balance(budget_account(programme.pk))}; "
          f"orders holding money {orders}; overspend={result.overspend}")
    for error in errors[:5]:
        print(f"  error: {error}")
    expected = int(budget / FACE_VALUE)
    if result.accepted != min(expected, attempts) or orders != result.accepted or errors:
        result.errors.append(f"expected exactly {min(expected, attempts)} accepted, each with its order")
        print(f"  {result.errors[-1]}")
    return result


def print_step_costs(samples: int = 40) -> None:
    """Where one accepted redemption's time goes, from one client (medians): what a higher figure must cut."""
    import statistics

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from vouchers.services.applications import application_approve
    from vouchers.services.orders import order_place

    programme, officer, product, budget, work = scenario(attempts=samples, budget_share=1)
    steps = {"approve (issue, reserve from the budget)": [], "order (hold on the voucher, co-payment)": []}
    queries = []
    for application, member in work:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            voucher = application_approve(application=application, actor=officer)
            issued = time.perf_counter()
            order_place(voucher=voucher, product=product, actor=member)
            steps["approve (issue, reserve from the budget)"].append(issued - started)
            steps["order (hold on the voucher, co-payment)"].append(time.perf_counter() - issued)
        queries.append(len(captured.captured_queries))
    costs = ", ".join(f"{step} {statistics.median(times) * 1000:.1f} ms" for step, times in steps.items())
    print(f"One accepted redemption, one client (median of {samples}): {costs}; "
          f"{statistics.median(queries):.0f} queries")


def print_queries() -> None:
    """One redemption's queries, by statement kind: what to cut when the figure is low."""
    from collections import Counter

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    programme, officer, product, budget, work = scenario(attempts=2, budget_share=1)
    application, member = work[0]
    with CaptureQueriesContext(connection) as captured:
        redeem(application, member, officer=officer, product=product)
    kinds = Counter(query["sql"].split()[0].upper() for query in captured.captured_queries)
    print(f"One accepted redemption: {len(captured.captured_queries)} queries ({dict(kinds)})")
    if os.environ.get("BENCH_SQL"):
        for query in captured.captured_queries:
            print("   ", query["sql"][:160])


if __name__ == "__main__":
    main()

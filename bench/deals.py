"""Deals benchmark: what signing and paying cost per document and per payment.

- Agreement documents: rendering one agreement's PDF (what is signed and hashed) against rendering its HTML
  page from the same blocks, per document, and the PDF's size.
- Splits: `split_largest_remainder` over a pool's shares (exact, sums to the amount) against the naive
  per-share rounding it replaces (which does not sum), per split.

Run from the repository root: `.venv/bin/python bench/deals.py`. Uses a temporary SQLite file. Prints figures;
it is not a test.
"""

import os
import random
import sys
import tempfile
import time
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = 30
SPLITS = 20_000


def timed(call, repeat: int) -> float:
    """Seconds per call, best of three rounds."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        for _ in range(repeat):
            call()
        best = min(best, (time.perf_counter() - started) / repeat)
    return best


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipmarket.settings.dev")
    workdir = tempfile.TemporaryDirectory(prefix="ipmarket-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir.name}/bench.sqlite3"
    os.environ["IPMARKET_VAR_DIR"] = workdir.name

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from deals.agreement_document import agreement_blocks, blocks_html, blocks_pdf
    from deals.agreements import agreement_generate
    from deals.models import Deal, DealMessage, Offer
    from deals.terms import DealKind, LicenceTerms, Milestone, terms_to_json
    from licences.splits import CENT, split_largest_remainder
    from marketplace.models import Listing, Organisation, Patent

    seller = Organisation.objects.create(name_zh="苏州大学", name_en="Soochow University", slug="soochow",
                                         kind=Organisation.Kind.UNIVERSITY, address="苏州市十梓街1号")
    buyer = Organisation.objects.create(name_zh="苏州锂能科技有限公司", name_en="Suzhou Lithium Energy Co.",
                                        slug="suzhou-lithium", kind=Organisation.Kind.ENTERPRISE)
    patent = Patent.objects.create(publication_number="CN112345678B", title_zh="一种锂离子电池正极材料及其制备方法",
                                   title_en="Cathode material for lithium-ion batteries", expiry_date=date(2040, 5, 1))
    listing = Listing.objects.create(owner=seller, patent=patent, status=Listing.Status.PUBLISHED)
    deal = Deal.objects.create(listing=listing, buyer=buyer, seller=seller, status=Deal.Status.AGREED,
                               last_message_at=listing.created_at)
    terms = LicenceTerms(
        deal_kind=DealKind.EXCLUSIVE, patent_ids=(patent.pk,), start_date=date(2027, 1, 1),
        end_date=date(2031, 12, 31), territory="中国大陆", field_of_use="动力电池",
        upfront_fee=Decimal("200000.00"), royalty_rate=Decimal("3.500"), minimum_annual_royalty=Decimal("50000.00"),
        milestones=(Milestone(label="量产", amount=Decimal("100000.00")),),
    )
    offer = Offer.objects.create(deal=deal, side=DealMessage.Side.BUYER, terms_data=terms_to_json(terms),
                                 status=Offer.Status.ACCEPTED)
    agreement = agreement_generate(offer=offer, actor=None)
    blocks = agreement_blocks(agreement)
    title = "agreement"
    pdf_seconds = timed(lambda: blocks_pdf(agreement_blocks(agreement), title=title), DOCUMENTS)
    html_seconds = timed(lambda: blocks_html(agreement_blocks(agreement)), DOCUMENTS)
    size = len(blocks_pdf(blocks, title=title))
    print(f"Agreement ({len(blocks)} blocks): PDF {pdf_seconds * 1000:.1f} ms, HTML {html_seconds * 1000:.2f} ms per "
          f"document; the PDF costs {pdf_seconds / html_seconds:.0f}x the HTML page; {size / 1024:.0f} KiB")

    randomness = random.Random(8)
    cases = []
    for _ in range(SPLITS):
        weights = [randomness.randint(1, 100) for _ in range(randomness.randint(2, 8))]
        cases.append((Decimal(randomness.randint(1, 10**9)) / 100, {n: Decimal(w) for n, w in enumerate(weights)}))

    def exact():
        for amount, shares in cases:
            split_largest_remainder(amount, shares)

    def naive():
        for amount, shares in cases:
            total = sum(shares.values())
            {key: (amount * share / total).quantize(CENT, rounding=ROUND_HALF_UP) for key, share in shares.items()}

    naive_off = sum(1 for amount, shares in cases
                    if sum((amount * s / sum(shares.values())).quantize(CENT, rounding=ROUND_HALF_UP)
                           for s in shares.values()) != amount)
    exact_off = sum(1 for amount, shares in cases if sum(split_largest_remainder(amount, shares).values()) != amount)
    exact_seconds, naive_seconds = timed(exact, 1) / SPLITS, timed(naive, 1) / SPLITS
    print(f"Splits over 2-8 shares: largest remainder {exact_seconds * 1e6:.1f} µs, naive rounding "
          f"{naive_seconds * 1e6:.1f} µs per split ({exact_seconds / naive_seconds:.1f}x); the parts missed the "
          f"amount in {naive_off:,} of {SPLITS:,} naive splits and {exact_off:,} largest-remainder ones")
    workdir.cleanup()


if __name__ == "__main__":
    main()

"""Helpers shared by the search benchmarks: the real records of ../shared/data, a throwaway site (temporary
SQLite database and search index), listings bulk-created from records, and timing figures."""

import csv
import glob
import json
import os
import random
import statistics
import sys
import tempfile
from collections.abc import Iterable
from datetime import timedelta
from decimal import Decimal
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"
PROVINCES = ["北京市", "上海市", "广东省", "江苏省", "浙江省", "湖北省", "四川省", "陕西省"]
DEAL_TYPES = ["assignment", "exclusive_licence", "sole_licence", "non_exclusive_licence", "option"]


def read_real_records(*, landscaping: bool = True) -> list[dict]:
    """Every titled record of ../shared/data, in one shape; `source` is cn, us, in or ep (landscaping sets)."""
    blank = {"title_zh": "", "title_en": "", "abstract_en": "", "ipc_class": "", "applicants": [], "province": ""}
    records = []
    with open(SHARED_DATA / "cn_patents.jsonl", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            records.append({**blank, "source": "cn", "title_zh": row["title_zh"] or "", "title_en": row["title_en"] or "",
                            "ipc_class": row["ipc_class"] or "", "applicants": row["applicants"] or [],
                            "province": row["province"] or ""})
    with open(SHARED_DATA / "us_patents.jsonl", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            records.append({**blank, "source": "us", "title_en": row["title_en"].strip('" '),
                            "abstract_en": row["abstract_en"].strip('" ')})
    with open(SHARED_DATA / "in_grants.csv", encoding="utf-8") as handle:
        records += [{**blank, "source": "in", "title_en": row["title"], "applicants": [row["patentee"]]}
                    for row in csv.DictReader(handle)]
    if landscaping:
        for path in sorted(glob.glob(str(SHARED_DATA / "landscaping" / "*.csv"))):
            with open(path, encoding="utf-8") as handle:
                records += [{**blank, "source": "ep", "title_en": row["title"], "abstract_en": row["abstract"]}
                            for row in csv.DictReader(handle)]
    return [record for record in records if record["title_zh"] or record["title_en"]]


def throwaway_site(prefix: str) -> tempfile.TemporaryDirectory:
    """Point Django at a temporary database and search index, set it up and migrate. Keep the result alive."""
    sys.path[0] = str(ROOT)  # the script's own folder would shadow the `search` package
    workdir = tempfile.TemporaryDirectory(prefix=prefix)
    os.environ["DJANGO_SETTINGS_MODULE"] = "ipmarket.settings.dev"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir.name}/bench.sqlite3"
    os.environ["SEARCH_EMBEDDED_PATH"] = f"{workdir.name}/search-index"
    os.environ["IPMARKET_VAR_DIR"] = workdir.name
    os.environ.pop("MEILISEARCH_URL", None)
    os.environ.pop("SEARCH_BACKEND", None)
    os.environ["DEBUG"] = "0"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return workdir


def create_listings(records: Iterable[dict], *, seed: int = 1, batch_size: int = 5000) -> list[int]:
    """Create one published patent listing per record (keys: number, title_zh, title_en, abstract_en,
    abstract_zh, ipc_class, applicants, province). Owners, deal types, prices and dates vary at random (seeded).
    `records` may be a generator: a million listings are created batch by batch, never all held at once."""
    from django.db import connection
    from django.utils import timezone

    from marketplace.models import Listing, Organisation, Patent
    from marketplace.organisation_names import organisation_name_key

    rng = random.Random(seed)
    kinds = [k for k in Organisation.SUPPLY_KINDS]
    owners = Organisation.objects.bulk_create(
        # bulk_create skips save(), which fills the unique name_key
        Organisation(name_zh=f"基准机构{i}", name_key=organisation_name_key(f"基准机构{i}"),
                     name_en=f"Benchmark organisation {i}", slug=f"bench-{i}",
                     kind=kinds[i % len(kinds)], province=PROVINCES[i % len(PROVINCES)],
                     city=PROVINCES[i % len(PROVINCES)])
        for i in range(200)
    )
    now = timezone.now()
    listing_ids: list[int] = []
    through = Listing.deal_types.through
    if connection.vendor == "sqlite":  # a throwaway database: no journal to keep, nothing to fsync
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA journal_mode=OFF")
    next_patent, next_listing = _next_pk(Patent), _next_pk(Listing)
    records = iter(records)
    while chunk := list(islice(records, batch_size)):
        patents = [
            Patent(pk=next_patent + n, publication_number=r["number"], jurisdiction=r["number"][:2],
                   title_zh=r.get("title_zh", ""), title_en=r.get("title_en", ""), abstract_en=r.get("abstract_en", ""),
                   abstract_zh=r.get("abstract_zh", ""), ipc_class=r.get("ipc_class", ""),
                   ipc_section=r.get("ipc_class", "")[:1],
                   applicants=r.get("applicants", []), province=r.get("province", ""),
                   legal_status=rng.choice(["granted", "granted", "pending", "unknown"]))
            for n, r in enumerate(chunk)
        ]
        listings = [
            Listing(pk=next_listing + n, owner=rng.choice(owners), patent=p, title_zh=p.title_zh[:300],
                    title_en=p.title_en[:300], description_en=p.abstract_en, status=Listing.Status.PUBLISHED,
                    published_at=now - timedelta(minutes=rng.randrange(2 * 365 * 24 * 60)),
                    asking_price=None if rng.random() < 0.3 else Decimal(rng.randrange(10, 5000) * 1000),
                    sector=rng.choice(["information_technology", "new_energy", "new_materials", "other"]))
            for n, p in enumerate(patents)
        ]
        insert_rows(Patent, patents)
        insert_rows(Listing, listings)
        insert_rows(through, [through(listing_id=l.pk, dealtype_id=rng.choice(DEAL_TYPES)) for l in listings])
        next_patent += len(patents)
        next_listing += len(listings)
        listing_ids += [l.pk for l in listings]
    return listing_ids


def _next_pk(model) -> int:
    from django.db.models import Max

    return (model.objects.aggregate(last=Max("pk"))["last"] or 0) + 1


def insert_rows(model, objects: list) -> None:
    """Insert what `bulk_create` would (each field's database value, defaults and auto_now included), in one
    executemany: bulk_create splits its INSERTs to stay under SQLite's 999 parameters, ~25 rows each for a
    patent's 40 columns, which made the database the slowest part of a million-listing build.
    Objects without a primary key get one from the database."""
    from django.db import DEFAULT_DB_ALIAS, connections, transaction

    connection = connections[DEFAULT_DB_ALIAS]  # the wrapper itself: the `connection` proxy costs a lookup per value
    fields = [f for f in model._meta.concrete_fields if not (f.primary_key and objects and objects[0].pk is None)]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = (f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")
    rows = [tuple(f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields) for obj in objects]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def search_all_facets(backend, text: str, filters: dict, **hybrid):
    """One search as the search page runs it: the words, the filters, counts of every facet (and, for a hybrid
    search, `vector` and `neighbours`)."""
    from search.backends.base import FACET_FIELDS, SearchQuery

    return backend.search(SearchQuery(text=text, filters=filters, facets=FACET_FIELDS, **hybrid))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def milliseconds(values: list[float]) -> str:
    return (f"p50 {statistics.median(values) * 1000:7.2f} ms   p95 {percentile(values, 0.95) * 1000:7.2f} ms")

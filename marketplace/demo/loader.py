"""Build the demo site from the shipped slice. Idempotent: what exists is found and left as it is."""

import json
from collections import defaultdict
from datetime import timedelta
from decimal import ROUND_DOWN, Decimal
from pathlib import Path

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from ..importers.run import patents_import
from ..models import Demand, Listing, Membership, Organisation, Patent, PatentPool, User
from ..sectors import sector_for_ipc
from ..services.demands import demand_create
from ..services.listings import listing_create, listing_publish, listing_submit, listings_publish_imported
from ..services.organisations import membership_add, organisation_get_or_create, organisation_verify
from ..services.pools import pool_create
from . import content
from .academia import academic_applicant, is_university
from .universities import OWNERS

DEMO_DIR = Path(__file__).resolve().parent
DEMAND_DEAL_TYPES = ("non_exclusive_licence", "exclusive_licence", "assignment")
POOL_DEAL_TYPES = ("non_exclusive_licence", "exclusive_licence")
# Patents each larger university or institute keeps in the database without listing them, so that its staff can
# try listing an existing patent ("a patent already in the database") on the demo site.
UNLISTED_PER_OWNER = 3


def demo_data_load() -> list[tuple[str, str, str, str]]:
    """Load everything; returns the demo accounts as (username, password, role, organisation) rows."""
    with transaction.atomic():
        patents = {name: _import(name) for name in ("cn_academic.jsonl", "us_patents.jsonl")}
        organisations = [_organisation(spec) for spec in (
            content.CENTRE, content.AGENCY_POOLS, content.AGENCY_INTERNATIONAL, content.VOUCHER_AUTHORITY,
            *content.SERVICE_AGENCIES, *(sme for sme, _demands in content.SMES))]
        centre, pools_agency, international = organisations[:3]
        organisations += _publish_academic(patents["cn_academic.jsonl"])
        listings_publish_imported(owner=international, patents=patents["us_patents.jsonl"])
        members = {username: Organisation.objects.get(name_zh=organisation)
                   for username, _name, _role, organisation in content.USERS}
        members[content.UNIVERSITY_USER[0]] = (
            Organisation.objects.filter(kind=Organisation.Kind.UNIVERSITY).exclude(province="")
            .annotate(listed=Count("listings")).order_by("-listed", "name_zh").first())
        accounts = {username: _account(username, organisation, operator=organisation == centre)
                    for username, organisation in members.items()}
        operator = accounts["demo_operator"]
        _create_pools(administrator=pools_agency, agent=accounts["demo_agency"], operator=operator)
        _create_demands()
        for organisation in organisations:
            if not organisation.verified:
                organisation_verify(organisation=organisation, actor=operator)
    roles = {username: role for username, _name, role, _org in content.USERS}
    roles[content.UNIVERSITY_USER[0]] = content.UNIVERSITY_USER[2]
    return [(username, content.DEMO_PASSWORD, roles[username], members[username].name_zh)
            for username in sorted(members)]


def _import(name: str) -> list[Patent]:
    report = patents_import(path=DEMO_DIR / name)  # attributed to its original source
    if report.rejected:
        raise ValueError(f"demo file {name} has bad rows: {report.rejected[:3]}")
    with (DEMO_DIR / name).open(encoding="utf-8") as handle:
        numbers = [json.loads(line)["publication_number"] for line in handle if line.strip()]
    return list(Patent.objects.filter(publication_number__in=numbers).order_by("publication_number"))


def _organisation(spec: dict) -> Organisation:
    organisation, _created = organisation_get_or_create(**spec)
    return organisation


def _publish_academic(patents: list[Patent]) -> list[Organisation]:
    """Each university or institute lists its own patents (the larger ones all but a few), under its English name
    and in its city."""
    by_owner = defaultdict(list)
    for patent in patents:
        by_owner[academic_applicant(patent.applicants)].append(patent)
    owners = []
    for name, owned in sorted(by_owner.items()):
        name_en, (province, city) = OWNERS[name]
        owner = _organisation({
            "name_zh": name, "name_en": name_en, "province": province, "city": city,
            "kind": Organisation.Kind.UNIVERSITY if is_university(name) else Organisation.Kind.RESEARCH_INSTITUTE,
        })
        in_force = [patent for patent in owned if patent.legal_status == Patent.LegalStatus.GRANTED]
        held_back = set(in_force[-UNLISTED_PER_OWNER:]) if len(in_force) > 2 * UNLISTED_PER_OWNER else set()
        listings_publish_imported(owner=owner, patents=[patent for patent in owned if patent not in held_back])
        owners.append(owner)
    return owners


def _account(username: str, organisation: Organisation, display_name: str = "", *, operator: bool = False
             ) -> User:
    display_name = display_name or {row[0]: row[1] for row in [*content.USERS, content.UNIVERSITY_USER]}[username]
    user, created = User.objects.get_or_create(
        username=username, defaults={"display_name": display_name, "email": f"{username}@demo.ipmarket.local",
                                     "is_staff": operator, "is_superuser": operator})
    if created:  # a password changed since the first load is kept
        user.set_password(content.DEMO_PASSWORD)
        user.save(update_fields=["password"])
    membership_add(organisation=organisation, user=user, role=Membership.Role.ADMIN)
    return user


def _create_pools(*, administrator: Organisation, agent: User, operator: User) -> None:
    """Pools of academic patents from one IPC class, shares by how many patents each member brings."""
    academic = Listing.objects.filter(
        status=Listing.Status.PUBLISHED, patent__isnull=False,
        owner__kind__in=[Organisation.Kind.UNIVERSITY, Organisation.Kind.RESEARCH_INSTITUTE],
    ).select_related("owner", "patent").order_by("patent__publication_number")
    for klass, name_zh, name_en, description_zh in content.POOLS:
        if PatentPool.objects.filter(name_zh=name_zh).exists():
            continue
        by_owner = defaultdict(list)
        for listing in academic.filter(patent__ipc_class=klass):
            by_owner[listing.owner].append(listing.patent)
        owners = sorted(by_owner, key=lambda o: (-len(by_owner[o]), o.name_zh))[:content.POOL_MEMBERS]
        chosen = {owner: by_owner[owner][:content.POOL_PATENTS_PER_MEMBER] for owner in owners}
        pool = pool_create(
            name_zh=name_zh, name_en=name_en, description_zh=description_zh, administrator=administrator,
            patents=[p for patents in chosen.values() for p in patents],
            members=_shares({owner: len(patents) for owner, patents in chosen.items()}),
            licence_types=POOL_DEAL_TYPES, territory="中国", actor=agent,
        )
        listing = listing_create(owner=administrator, pool=pool, deal_types=POOL_DEAL_TYPES, actor=agent,
                                 sector=sector_for_ipc(klass))
        listing = listing_submit(listing=listing, actor=agent)
        listing_publish(listing=listing, actor=operator, reason="demo data")


def _shares(weights: dict[Organisation, int]) -> list[tuple[Organisation, Decimal]]:
    """Percentages in proportion to the weights, rounded down to cents; the first member takes the remainder."""
    total = sum(weights.values())
    shares = [(owner, (Decimal(100) * weight / total).quantize(Decimal("0.01"), ROUND_DOWN))
              for owner, weight in weights.items()]
    first, first_share = shares[0]
    shares[0] = (first, first_share + Decimal(100) - sum(share for _o, share in shares))
    return shares


def _create_demands() -> None:
    """Each SME's demands are posted by its own contact (the demo buyer for theirs), so that matches reach the
    company that asked, never the centre."""
    deadline = timezone.localdate() + timedelta(days=180)
    for number, (spec, demands) in enumerate(content.SMES, start=1):
        sme = _organisation(spec)
        first = sme.memberships.order_by("pk").select_related("user").first()
        if first:
            actor = first.user
        else:
            username, display_name = content.sme_contact(number)
            actor = _account(username, sme, display_name)
        for title, description, sector, ipc_hints, budget_min, budget_max in demands:
            if Demand.objects.filter(organisation=sme, title=title).exists():
                continue
            demand_create(organisation=sme, actor=actor, title=title, description=description, sector=sector,
                          ipc_hints=ipc_hints, budget_min=budget_min, budget_max=budget_max,
                          deal_types=DEMAND_DEAL_TYPES, province=sme.province, city=sme.city, deadline=deadline,
                          published=True)  # the demo's demand board shows them

from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ..models import Organisation, Patent, PatentPool, PoolMember
from ..workflow import record_event
from .common import deal_types_resolve


def pool_create(
    *,
    name_zh: str,
    administrator: Organisation,
    patents: Iterable[Patent],
    members: Sequence[tuple[Organisation, Decimal]],
    actor=None,
    name_en: str = "",
    kind: str = PatentPool.Kind.POOL,
    description_zh: str = "",
    description_en: str = "",
    licence_types: Iterable[str] = (),
    standard_fee: Decimal | None = None,
    royalty_rate: Decimal | None = None,
    territory: str = "",
) -> PatentPool:
    patents = list(patents)
    if not patents:
        raise ValidationError({"patents": _("A pool needs at least one patent.")})
    validate_member_shares(members)
    if royalty_rate is not None and not (0 <= royalty_rate <= 100):
        raise ValidationError({"royalty_rate": _("The royalty rate is a percentage between 0 and 100.")})
    with transaction.atomic():
        pool = PatentPool.objects.create(
            name_zh=name_zh,
            name_en=name_en,
            slug=unique_slug(PatentPool, name_en or name_zh),
            kind=kind,
            administrator=administrator,
            description_zh=description_zh,
            description_en=description_en,
            standard_fee=standard_fee,
            royalty_rate=royalty_rate,
            territory=territory,
        )
        pool.patents.set(patents)
        pool.licence_types.set(deal_types_resolve(licence_types, field="licence_types", required=False))
        PoolMember.objects.bulk_create(PoolMember(pool=pool, organisation=o, share=s) for o, s in members)
        record_event(pool, action="create", actor=actor,
                     data={"members": {o.name_zh: str(s) for o, s in members}, "patents": len(patents)})
    return pool


def validate_member_shares(members: Sequence[tuple[Organisation, Decimal]]) -> None:
    if not members:
        raise ValidationError({"members": _("A pool needs at least one member.")})
    organisations = [o.pk for o, _share in members]
    if len(set(organisations)) != len(organisations):
        raise ValidationError({"members": _("Each organisation can be a member only once.")})
    if any(share <= 0 for _o, share in members):
        raise ValidationError({"members": _("Every member's share must be positive.")})
    total = sum((Decimal(share) for _o, share in members), Decimal("0"))
    if total != Decimal("100"):
        raise ValidationError({"members": _("Member shares must add up to 100%% (they add up to %(total)s%%).") % {"total": total}})


def unique_slug(model, text: str) -> str:
    base = slugify(text, allow_unicode=True)[:200] or model._meta.model_name
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug

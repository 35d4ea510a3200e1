"""The service products an agency publishes in the service catalogue (what a voucher can buy from it)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from deals.terms import money
from marketplace.models import Organisation
from marketplace.permissions import is_member, require
from marketplace.workflow import lock_row, record_event

from ..models import Accreditation, ServiceCategory, ServiceProduct
from .common import require_not_sanctioned

EDITABLE_FIELDS = ("category", "title_zh", "title_en", "description_zh", "description_en", "price", "delivery_days")
MAX_DELIVERY_DAYS = 3650


def _require_may_publish(actor, agency: Organisation) -> None:
    require(is_member(actor, agency), _("Only the agency's members manage its service products."))
    require_not_sanctioned(agency)
    # Applied, in notice, accredited or suspended: a product is prepared early, shown once the agency is active.
    if not Accreditation.objects.filter(agency=agency, status__in=Accreditation.LIVE).exists():
        raise ValidationError(_("Apply for accreditation before publishing service products."))


def _product_validate(data: dict) -> dict:
    errors: dict[str, str] = {}
    if data.get("category") not in ServiceCategory.values:
        errors["category"] = _("Choose a service category.")
    for field in ("title_zh", "title_en", "description_zh", "description_en"):
        data[field] = str(data.get(field) or "").strip()
    if not data["title_zh"]:
        errors["title_zh"] = _("Give the service a Chinese title.")
    if not data["description_zh"]:
        errors["description_zh"] = _("Describe the service in Chinese.")
    try:
        data["price"] = money(data.get("price"), field_name="price", allow_zero=False)
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
    try:
        days = int(data.get("delivery_days"))
    except (TypeError, ValueError):
        days = 0
    if not 1 <= days <= MAX_DELIVERY_DAYS:
        errors["delivery_days"] = _("The delivery time is a whole number of days, at least 1.")
    data["delivery_days"] = days
    if errors:
        raise ValidationError(errors)
    return data


def product_create(*, agency: Organisation, actor, category: str, title_zh: str, description_zh: str,
                   price: Decimal | str, delivery_days: int | str, title_en: str = "",
                   description_en: str = "") -> ServiceProduct:
    _require_may_publish(actor, agency)
    data = _product_validate({"category": category, "title_zh": title_zh, "title_en": title_en,
                              "description_zh": description_zh, "description_en": description_en, "price": price,
                              "delivery_days": delivery_days})
    with transaction.atomic():
        product = ServiceProduct.objects.create(agency=agency, **data)
        record_event(product, action="create", actor=actor, data={"price": str(product.price)})
    return product


def product_update(*, product: ServiceProduct, actor, **fields) -> ServiceProduct:
    """Change only the fields given that differ from the stored row (read under its lock): two members editing
    different fields at once both keep their change."""
    _require_may_publish(actor, product.agency)
    with transaction.atomic():
        product = lock_row(product)
        current = {k: getattr(product, k) for k in EDITABLE_FIELDS}
        data = _product_validate({**current, **{k: v for k, v in fields.items() if k in EDITABLE_FIELDS}})
        changes = [k for k in EDITABLE_FIELDS if data[k] != current[k]]
        if changes:
            for name in changes:
                setattr(product, name, data[name])
            product.save(update_fields=[*changes, "updated_at"])
            record_event(product, action="update", actor=actor,
                         data={"fields": changes, "price": str(product.price)})
    return product


def product_withdraw(*, product: ServiceProduct, actor) -> ServiceProduct:
    """No longer offered: it leaves the catalogue; orders already placed go on."""
    require(is_member(actor, product.agency), _("Only the agency's members manage its service products."))
    with transaction.atomic():
        product = lock_row(product)
        if not product.active:
            raise ValidationError(_("This service is already withdrawn."))
        product.active = False
        product.save(update_fields=["active", "updated_at"])
        record_event(product, action="withdraw", actor=actor)
    return product

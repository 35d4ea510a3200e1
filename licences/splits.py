"""Splitting an amount of money into parts by shares, to the cent, the parts always summing to the amount."""

from collections.abc import Hashable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import TypeVar

CENT = Decimal("0.01")
K = TypeVar("K", bound=Hashable)


def split_largest_remainder(amount: Decimal, shares: Mapping[K, Decimal]) -> dict[K, Decimal]:
    """`amount` (a non-negative amount to the cent) split in proportion to `shares` (non-negative, not all
    zero) by the largest-remainder method: each part gets the whole cents of its exact quota, and the cents
    left over go one each to the parts with the largest fractions (ties: the order of `shares`).

    Exact arithmetic (fractions), so no part is off by a rounding of a rounding, and sum(parts) == amount."""
    if amount < 0 or amount != amount.quantize(CENT):
        raise ValueError("amount must be a non-negative amount to the cent")
    if not shares or any(share < 0 for share in shares.values()):
        raise ValueError("shares must be non-negative")
    total_share = sum((Fraction(share) for share in shares.values()), Fraction(0))
    if total_share == 0:
        raise ValueError("at least one share must be positive")
    cents = int(amount / CENT)
    quotas = {key: Fraction(cents) * Fraction(share) / total_share for key, share in shares.items()}
    parts = {key: quota.numerator // quota.denominator for key, quota in quotas.items()}
    left = cents - sum(parts.values())
    order = list(shares)
    by_remainder = sorted(order, key=lambda key: (-(quotas[key] - parts[key]), order.index(key)))
    for key in by_remainder[:left]:
        parts[key] += 1
    return {key: Decimal(parts[key]) * CENT for key in order}

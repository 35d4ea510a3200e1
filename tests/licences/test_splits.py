"""split_largest_remainder, property-tested: parts sum exactly to the amount, each within a cent of its exact
quota, never negative, zero shares get nothing, and the result does not depend on how shares are scaled."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from licences.splits import split_largest_remainder

EXAMPLES = 2000
amounts = st.integers(min_value=0, max_value=10**14 - 1).map(lambda cents: Decimal(cents) / 100)
shares = st.dictionaries(
    keys=st.integers(min_value=1, max_value=10**6),
    values=st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False),
    min_size=1, max_size=25,
).filter(lambda d: sum(d.values()) > 0)


@settings(max_examples=EXAMPLES, deadline=None)
@given(amount=amounts, shares=shares)
def test_parts_sum_to_the_amount_and_each_is_within_a_cent_of_its_quota(amount, shares):
    parts = split_largest_remainder(amount, shares)
    assert list(parts) == list(shares)
    assert sum(parts.values(), Decimal(0)) == amount
    total = sum(shares.values())
    for key, part in parts.items():
        assert part >= 0 and part == part.quantize(Decimal("0.01"))
        quota = Fraction(amount) * Fraction(shares[key]) / Fraction(total)
        assert abs(Fraction(part) - quota) < Fraction(1, 100)
        if shares[key] == 0:
            assert part == 0


@settings(max_examples=EXAMPLES // 4, deadline=None)
@given(amount=amounts, shares=shares, factor=st.integers(min_value=2, max_value=1000))
def test_scaling_every_share_changes_nothing(amount, shares, factor):
    scaled = {key: share * factor for key, share in shares.items()}
    assert split_largest_remainder(amount, scaled) == split_largest_remainder(amount, shares)


def test_the_spare_cents_go_to_the_largest_remainders():
    assert split_largest_remainder(Decimal("100.00"), {"a": Decimal(1), "b": Decimal(1), "c": Decimal(1)}) == {
        "a": Decimal("33.34"), "b": Decimal("33.33"), "c": Decimal("33.33")}
    # quotas 0.5 and 4.5 cents: equal remainders, so the spare cent goes to the first share
    assert split_largest_remainder(Decimal("0.05"), {"a": Decimal("10"), "b": Decimal("90")}) == {
        "a": Decimal("0.01"), "b": Decimal("0.04")}


@pytest.mark.parametrize("amount,shares", [
    (Decimal("-1.00"), {"a": Decimal(1)}), (Decimal("1.001"), {"a": Decimal(1)}), (Decimal("1"), {}),
    (Decimal("1"), {"a": Decimal(0)}), (Decimal("1"), {"a": Decimal(-1), "b": Decimal(2)}),
])
def test_bad_input_is_refused(amount, shares):
    with pytest.raises(ValueError):
        split_largest_remainder(amount, shares)

"""Steps the browser tests share: screenshots, signing an agreement, paying by bank transfer with an operator's
confirmation, paying by card against localstripe's Stripe.js mock."""

import os
import re
from pathlib import Path

import pytest

from .test_deals import PASSWORD


def shot(page, name: str, width: int, folder_variable: str = "JOURNEY_SHOTS_DIR") -> None:
    """A full-page screenshot into the folder named by `folder_variable`, when that variable is set."""
    folder = os.environ.get(folder_variable)
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        # A sticky header would land mid-page in a full-page shot.
        page.add_style_tag(content=".site-header { position: static; }")
        page.screenshot(path=f"{folder}/{name}-{width}.png", full_page=True)


@pytest.fixture
def card_payments(settings, localstripe_url):
    """Card payments on: Stripe's API and Stripe.js both served by localstripe (a test module using this
    imports the `localstripe_url` fixture from tests.test_payments_stripe)."""
    settings.STRIPE_SECRET_KEY = "sk_test_ipmarket"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_ipmarket"
    settings.STRIPE_API_BASE = localstripe_url
    settings.STRIPE_JS_URL = f"{localstripe_url}/js.stripe.com/v3/"
    return settings


def sign_agreement(page, base_url: str, room_path: str) -> None:
    """From the deal room to the agreement; confirmed with the signer's password."""
    page.goto(base_url + room_path)
    page.locator("#agreements a").first.click()
    page.wait_for_url(re.compile(r"/agreements/\d+/$"))
    page.fill("#id_password", PASSWORD)
    page.locator("#sign button[type=submit]").click()
    page.wait_for_url(re.compile(r"/agreements/\d+/$"))
    assert page.locator("#sign").count() == 0


def pay_by_transfer(page, base_url: str, deal_pk: int, amount: str) -> str:
    """The payer announces a bank transfer of the instalment of `amount`; returns the reference shown to quote."""
    page.goto(f"{base_url}/licences/deals/{deal_pk}/payments/")
    page.locator("tr", has_text=amount).locator("button[value=offline]").click()
    page.wait_for_url(re.compile(r"/licences/payments/\d+/$"))
    reference = page.locator(".transfer-reference").inner_text()
    assert reference.startswith("IPM-")
    return reference


def confirm_transfer(page, base_url: str, reference: str, bank_reference: str) -> None:
    """An operator records the transfer quoting `reference` as received, with the bank's own reference."""
    page.goto(f"{base_url}/licences/transfers/")
    item = page.locator(".transfer-list li", has_text=reference)
    item.locator("input[name=reference]").fill(bank_reference)
    item.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/licences/transfers/$"))
    assert page.locator(".transfer-list li", has_text=reference).count() == 0


def pay_by_card(page, base_url: str, deal_pk: int, amount: str, before_paying=None) -> None:
    """The payer pays the instalment of `amount` in the Payment Element (localstripe's stands in for Stripe's
    iframe) and waits for Stripe's answer; `before_paying(page)` runs on the filled checkout page."""
    page.goto(f"{base_url}/licences/deals/{deal_pk}/payments/")
    page.locator("tr", has_text=amount).locator("button[value=card]").click()
    page.wait_for_url(re.compile(r"/licences/payments/\d+/$"))
    page.locator("#payment-element input").first.wait_for()
    for field, value in (("number", "4242424242424242"), ("exp_month", "12"), ("exp_year", "34"),
                         ("cvc", "123"), ("postal_code", "215000")):
        page.fill(f"#payment-element input[placeholder={field}]", value)
    if before_paying:
        before_paying(page)
    page.locator("#pay-button").click()
    page.wait_for_selector(".status-succeeded")
    assert page.locator("#checkout").count() == 0

"""The pages: the deal's payments, paying by bank transfer, the operators' transfer confirmations and refunds,
the licence (parties and operators only), the dashboard's licences, a transacted listing's public page."""

import pytest
from django.urls import reverse

from deals.terms import DealKind
from licences.models import Distribution, Instalment, Licence
from payments.models import Payment, Refund

from ..factories import PatentFactory
from .conftest import sign, signed_agreement

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement(listing, buyer_org, django_capture_on_commit_callbacks):
    agreement = signed_agreement(listing=listing, buyer_org=buyer_org, milestones=[("上市", "5000.00")])
    with django_capture_on_commit_callbacks(execute=True):
        sign(agreement)
    return agreement


@pytest.fixture(autouse=True)
def english_pages(settings, client):
    settings.LANGUAGE_CODE = "en"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def _upfront(agreement):
    return agreement.instalments.get(kind=Instalment.Kind.UPFRONT)


def test_bank_transfer_journey_to_the_licence(client, agreement, buyer, seller, operator,
                                              django_capture_on_commit_callbacks):
    deal = agreement.deal
    client.force_login(buyer)
    page = client.get(reverse("deals:room", args=[deal.pk]))
    assert reverse("licences:deal-payments", args=[deal.pk]) in page.content.decode()
    page = client.get(reverse("licences:deal-payments", args=[deal.pk])).content.decode()
    assert "CNY 10,000" in page and "Pay by bank transfer" in page and "Pay by card" not in page

    response = client.post(reverse("licences:pay", args=[_upfront(agreement).pk]), {"method": "offline"})
    payment = Payment.objects.get()
    assert response.url == reverse("licences:payment", args=[payment.pk])
    page = client.get(response.url).content.decode()
    assert f"IPM-{payment.pk:06d}" in page and "1202 0000" in page and "not paid" in page

    client.force_login(operator)
    page = client.get(reverse("licences:transfers")).content.decode()
    assert f"IPM-{payment.pk:06d}" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("licences:transfers"), {"payment": payment.pk, "reference": "ICBC-778"})
    assert response.status_code == 302
    assert Licence.objects.filter(deal=deal).exists()
    licence = Licence.objects.get()

    for user in (buyer, seller, operator):
        client.force_login(user)
        page = client.get(reverse("licences:detail", args=[licence.pk])).content.decode()
        assert listing_title(agreement) in page and "CNY 9,700" in page and "CNY 300" in page
        assert reverse("licences:detail", args=[licence.pk]) in client.get(reverse("licences:list")).content.decode()
    client.force_login(seller)
    assert reverse("licences:detail", args=[licence.pk]) in client.get(reverse("dashboard")).content.decode()


def listing_title(agreement):
    return agreement.deal.listing.title_en or agreement.deal.listing.title_zh


def test_a_wrong_bank_reference_is_a_form_error(client, agreement, buyer, operator):
    client.force_login(buyer)
    client.post(reverse("licences:pay", args=[_upfront(agreement).pk]), {"method": "offline"})
    client.force_login(operator)
    payment = Payment.objects.get()
    response = client.post(reverse("licences:transfers"), {"payment": payment.pk, "reference": "   "})
    assert response.status_code == 400
    payment.refresh_from_db()
    assert payment.status == Payment.Status.CREATED


def test_outsiders_and_the_seller_cannot_pay_or_see(client, agreement, seller, outsider, operator):
    upfront = _upfront(agreement)
    client.force_login(seller)
    page = client.get(reverse("licences:deal-payments", args=[agreement.deal.pk])).content.decode()
    assert "Pay by bank transfer" not in page
    client.post(reverse("licences:pay", args=[upfront.pk]), {"method": "offline"})
    client.force_login(outsider)
    assert client.get(reverse("licences:deal-payments", args=[agreement.deal.pk])).status_code == 404
    assert client.post(reverse("licences:pay", args=[upfront.pk]), {"method": "offline"}).status_code == 404
    assert client.get(reverse("licences:transfers")).status_code == 404
    assert not Payment.objects.exists()


def test_operator_refunds_part_from_the_site(client, agreement, buyer, operator,
                                             django_capture_on_commit_callbacks):
    client.force_login(buyer)
    client.post(reverse("licences:pay", args=[_upfront(agreement).pk]), {"method": "offline"})
    payment = Payment.objects.get()
    client.force_login(operator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("licences:transfers"), {"payment": payment.pk, "reference": "ICBC-1"})
        response = client.post(reverse("licences:refund", args=[payment.pk]),
                               {"amount": "99999.00", "reason": "多付"})
    assert response.status_code == 400 and not Refund.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("licences:refund", args=[payment.pk]), {"amount": "100.00", "reason": "多付"})
    assert response.status_code == 302
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PARTIALLY_REFUNDED
    page = client.get(reverse("licences:detail", args=[Licence.objects.get().pk])).content.decode()
    assert "CNY 9,603 after refunds" in page  # 9700 less 97 of the 100 refunded
    client.force_login(buyer)
    assert client.get(reverse("licences:refund", args=[payment.pk])).status_code == 404


def test_licence_page_is_404_for_others(client, listing, buyer_org, outsider, django_capture_on_commit_callbacks):
    agreement = signed_agreement(listing=listing, buyer_org=buyer_org, upfront="0")
    with django_capture_on_commit_callbacks(execute=True):
        sign(agreement)
    licence = Licence.objects.get()
    client.force_login(outsider)
    assert client.get(reverse("licences:detail", args=[licence.pk])).status_code == 404
    assert reverse("licences:detail", args=[licence.pk]) not in client.get(reverse("licences:list")).content.decode()
    assert not Distribution.objects.exists()


def test_transacted_listing_says_it_is_gone(client, site_pages, university, buyer_org,
                                            django_capture_on_commit_callbacks):
    from ..factories import PublishedListingFactory

    listing = PublishedListingFactory(owner=university, patent=PatentFactory(title_en="Solid electrolyte"),
                                      title_en="Solid electrolyte", deal_types=["exclusive_licence"])
    agreement = signed_agreement(listing=listing, buyer_org=buyer_org, upfront="0", kind=DealKind.EXCLUSIVE)
    with django_capture_on_commit_callbacks(execute=True):
        sign(agreement)
    response = client.get(f"/listings/{listing.pk}/")
    assert response.status_code == 410
    assert "no longer available" in response.content.decode()
    assert client.get("/listings/999999/").status_code == 404

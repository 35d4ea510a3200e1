"""The site on a phone (390 px) and a desktop (1280 px), measured in a real browser: a collapsed header menu that
works with the keyboard, search results before the facets (which open in a drawer), a listing's contact card
reachable at once, dashboard actions on one line, pages that never scroll sideways, and the English header on
one row at desktop width. Same launch conventions as test_smoke.py.

Set PHONES_SHOTS_DIR to keep screenshots of the pages measured.
"""

import io
import re

import pytest
from django.core.management import call_command

from cms.links import listing_url
from deals.services import deal_open_or_continue
from marketplace.models import Organisation
from search.backends import get_backend
from search.documents import listing_documents
from vouchers.services.orders import order_place

from ..factories import (
    MembershipFactory,
    OrganisationFactory,
    PatentFactory,
    PublishedListingFactory,
    UserFactory,
)
from ..vouchers.conftest import (  # noqa: F401 - fixtures
    accreditation,
    agency,
    authority,
    officer,
    product,
    programme,
    voucher,
)
from .journey_helpers import shot
from .test_deals import _fits, _signed_in, browser  # noqa: F401 - fixture
from .test_search_page import RECORDS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PHONE, DESKTOP = 390, 1280
VIEWPORT_HEIGHT = 900  # _signed_in's
ONE_ROW = 72  # px: the header's 64 px row with its border, and a little slack for fonts


@pytest.fixture
def site(voucher, product, buyer, buyer_org, operator):  # noqa: F811
    """Three published listings of one university (indexed for search), a deal a buyer opened on the first,
    a voucher order of the same buyer, and an operator (whose header has the most links)."""
    call_command("setup_site", stdout=io.StringIO())
    owner = OrganisationFactory(name_zh="北京有色金属研究总院", name_en="General Research Institute for Nonferrous Metals",
                                kind=Organisation.Kind.RESEARCH_INSTITUTE, province="北京市", city="北京市")
    seller = MembershipFactory(organisation=owner, user=UserFactory(username="wang_tto")).user
    listings = [PublishedListingFactory(owner=owner, patent=PatentFactory(**{"ipc_main": "", "ipc_codes": [], **record}))
                for record in RECORDS]
    deal = deal_open_or_continue(listing=listings[0], buyer=buyer_org, author=buyer,
                                 body="请问该专利是否可以普通许可？我们希望用于动力电池正极材料。")
    order = order_place(voucher=voucher, product=product, actor=buyer, price="10000.00")
    backend = get_backend()  # the in-memory index is shared with the live server's thread
    backend.configure()
    backend.clear()
    backend.index(listing_documents())
    yield {"seller": seller.username, "buyer": buyer.username, "operator": operator.username,
           "listing_path": listing_url(listings[0]), "deal_pk": deal.pk, "order_pk": order.pk}
    backend.clear()


def _anonymous(browser, width: int, locale: str = "zh-CN"):  # noqa: F811
    context = browser.new_context(locale=locale, viewport={"width": width, "height": VIEWPORT_HEIGHT})
    context.set_default_timeout(15_000)
    return context.new_page()


def _box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


def _in_first_screen(page, selector: str) -> bool:
    box = _box(page, selector)
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= VIEWPORT_HEIGHT


def _nothing_sticks_out(page) -> None:
    """No element reaches past the viewport's right edge, unless a scrolling box of its own holds it."""
    _fits(page)
    outside = page.evaluate("""() => {
      const width = document.documentElement.clientWidth, found = [];
      for (const el of document.querySelectorAll("body *")) {
        const box = el.getBoundingClientRect();
        if (!box.width || box.right <= width + 1 || el.closest(".facets")) continue;
        let held = false;
        for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
          if (["auto", "scroll", "hidden"].includes(getComputedStyle(up).overflowX)) { held = true; break; }
        }
        if (!held) found.push(el.tagName + "." + el.className);
      }
      return found;
    }""")
    assert outside == []


def _shot(page, name: str, width: int) -> None:
    shot(page, name, width, "PHONES_SHOTS_DIR")


def test_phone_header_collapses_behind_a_menu_button(live_server, site, browser):  # noqa: F811
    page = _anonymous(browser, PHONE)
    page.goto(live_server.url + "/")
    assert _box(page, ".site-header")["height"] <= 64
    nav_link = page.locator(".main-nav a").first
    toggle = page.locator(".menu-toggle")
    assert toggle.is_visible() and not nav_link.is_visible()
    assert not page.locator("#header-q").is_visible()

    # With the keyboard: Enter opens the menu, Escape closes it and gives the focus back to the button.
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert nav_link.is_visible() and page.locator("#header-q").is_visible()
    assert page.locator(".account-links a", has_text="登录").is_visible()
    _shot(page, "menu-open", PHONE)
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false" and not nav_link.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('menu-toggle')")

    # A tap outside closes it too.
    toggle.click()
    assert nav_link.is_visible()
    page.locator("main h1, main h2").first.click()
    assert not nav_link.is_visible()


def test_anonymous_english_header_fits_at_desktop_width(live_server, site, browser):  # noqa: F811
    """Eight menu items, the search box, the language switch, Log in and Sign up: all inside 1280 px."""
    context = browser.new_context(viewport={"width": DESKTOP, "height": 800}, locale="en-US")
    page = context.new_page()
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "en"  # from the browser's Accept-Language
    rightmost = page.evaluate("""() => Math.max(...[...document.querySelectorAll(
      '.site-header a, .site-header button, .site-header input')].map(el => el.getBoundingClientRect())
      .filter(box => box.width).map(box => box.right))""")
    assert rightmost <= DESKTOP and _box(page, ".site-header")["height"] <= ONE_ROW
    context.close()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_desktop_header_is_one_row_with_room_for_a_bell(live_server, site, browser, language):  # noqa: F811
    page = _signed_in(browser, live_server.url, site["operator"], DESKTOP)
    page.goto(live_server.url + "/")
    if language == "en":
        page.locator(".lang-switch button[value=en]").click()
        page.wait_for_selector("html[lang=en]")
    assert not page.locator(".menu-toggle").is_visible()

    def one_row() -> bool:
        header = _box(page, ".site-header")
        middles = [box["y"] + box["height"] / 2 for box in (
            _box(page, ".brand"), _box(page, ".main-nav ul"), _box(page, ".header-search"),
            _box(page, ".lang-switch"), _box(page, ".account-toggle"))]
        return header["height"] <= ONE_ROW and max(middles) - min(middles) < 8

    assert one_row()
    _shot(page, f"header-{language}", DESKTOP)
    # The alerts bell goes into cms/includes/header_tools.html: a 44 px item still leaves the header one row.
    page.evaluate("""() => {
      const bell = document.createElement("a"); bell.href = "#"; bell.style.cssText = "display:inline-block;width:44px";
      bell.textContent = "🔔"; document.querySelector(".header-quick").prepend(bell);
    }""")
    assert one_row()

    # The account menu opens on a click and closes with Escape.
    account = page.locator(".account-toggle")
    dashboard = page.locator("#account-links a[href='/dashboard/']")
    assert not dashboard.is_visible()
    account.click()
    assert dashboard.is_visible() and page.locator("#account-links a[href^='/admin/']").is_visible()
    page.keyboard.press("Escape")
    assert not dashboard.is_visible()
    account.click()
    dashboard.click()
    page.wait_for_url(re.compile(r"/dashboard/$"))


def test_phone_search_shows_results_first_and_filters_in_a_drawer(live_server, site, browser):  # noqa: F811
    page = _anonymous(browser, PHONE)
    page.goto(live_server.url + "/search/?q=锂")
    cards = page.locator(".result-card")
    assert cards.count() == 3
    assert _box(page, ".result-list > li")["y"] < 600
    facets = page.locator("#facets")
    toggle = page.locator(".facets-toggle")
    assert not facets.is_visible() and toggle.is_visible()
    assert page.locator(".facets-count").count() == 0
    _nothing_sticks_out(page)
    _shot(page, "search", PHONE)

    toggle.click()
    assert facets.is_visible() and toggle.get_attribute("aria-expanded") == "true"
    # It slides in from the right edge and ends inside the screen.
    page.wait_for_function("(() => { const box = document.getElementById('facets').getBoundingClientRect();"
                           " return box.left >= 0 && box.right <= innerWidth + 1; })()")
    assert page.evaluate("document.activeElement.closest('#facets') !== null")  # the focus moved into the drawer
    _shot(page, "filters-open", PHONE)
    page.locator("#facet-ipc_section + .facet-values .facet-value", has_text="H").click()
    page.wait_for_url(re.compile(r"ipc_section=H"))
    assert cards.count() == 1
    assert page.locator(".facets-toggle .facets-count").inner_text().startswith("1")
    assert _box(page, ".result-list > li")["y"] < 600 and not facets.is_visible()

    # Escape closes the drawer and returns to its button.
    toggle.click()
    assert facets.is_visible()
    page.keyboard.press("Escape")
    facets.wait_for(state="hidden")  # once it has slid out
    assert page.evaluate("document.activeElement.classList.contains('facets-toggle')")


def test_desktop_search_keeps_the_facets_beside_the_results(live_server, site, browser):  # noqa: F811
    page = _anonymous(browser, DESKTOP)
    page.goto(live_server.url + "/search/?q=锂")
    assert page.locator("#facets").is_visible() and not page.locator(".facets-toggle").is_visible()
    assert _box(page, "#facets")["x"] < _box(page, ".result-list")["x"]


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_listing_contact_is_reachable_at_once(live_server, site, browser, width):  # noqa: F811
    page = _signed_in(browser, live_server.url, site["buyer"], width)
    page.goto(live_server.url + site["listing_path"])
    inquiry = page.locator(".contact-card a[href*='/deals/new/']")
    if width == PHONE:
        assert _in_first_screen(page, ".contact-bar a")
        assert not _in_first_screen(page, ".contact-card")  # the listing's facts come first
        _nothing_sticks_out(page)
        page.locator(".contact-bar a").click()
        page.wait_for_url(re.compile(r"#contact$"))
        page.wait_for_function("document.querySelector('.contact-card').getBoundingClientRect().top < innerHeight / 2")
        page.locator(".contact-bar").wait_for(state="hidden")  # steps aside while the card is on screen
    else:
        assert not page.locator(".contact-bar").is_visible()
    assert _in_first_screen(page, ".contact-card h2") and inquiry.is_visible()
    _shot(page, "listing", width)


def test_phone_pages_fit_and_dashboard_actions_stay_on_one_line(live_server, site, browser):  # noqa: F811
    base = live_server.url
    seller = _signed_in(browser, base, site["seller"], PHONE)
    seller.goto(base + "/dashboard/")
    actions = seller.locator("td.actions > a, td.actions button")
    assert actions.count() >= 6  # three listings: edit, view and at least withdraw each
    single_lines = seller.evaluate("""() => [...document.querySelectorAll("td.actions > a, td.actions button")].map(el => {
      const style = getComputedStyle(el);
      return el.getBoundingClientRect().height < 1.5 * parseFloat(style.lineHeight);
    })""")
    assert all(single_lines)
    # The listings table stacks into one card per listing, each value labelled with its column.
    assert seller.locator("td[data-label]").count() > 0
    assert seller.locator("thead").first.bounding_box()["height"] <= 1
    for path, name in (("/dashboard/", "dashboard"), ("/deals/", "deals"), (f"/deals/{site['deal_pk']}/", "deal")):
        seller.goto(base + path)
        _nothing_sticks_out(seller)
        _shot(seller, name, PHONE)

    buyer = _signed_in(browser, base, site["buyer"], PHONE)
    for path, name in (("/vouchers/enterprise/", "vouchers"), (f"/vouchers/enterprise/orders/{site['order_pk']}/", "order"),
                       (f"/deals/{site['deal_pk']}/", "deal-buyer"), ("/search/", "search-all")):
        buyer.goto(base + path)
        assert _box(buyer, ".site-header")["height"] <= 64
        _nothing_sticks_out(buyer)
        _shot(buyer, name, PHONE)

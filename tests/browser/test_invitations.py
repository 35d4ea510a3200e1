"""The invitation journey in a real browser: an administrator invites an e-mail address, its owner opens the
e-mailed link, accepts, still acts for their own organisation, then switches explicitly."""

import os
import re

import pytest
from django.core import mail
from django.core.management import call_command

from marketplace.models import Membership, Organisation

from ..factories import MembershipFactory, OrganisationFactory, UserFactory
from .test_smoke import page  # noqa: F401 - the shared Chromium page fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "pass-word-123"  # tests.factories.UserFactory's


@pytest.fixture
def people():
    call_command("setup_site", stdout=open(os.devnull, "w"))
    inviting = OrganisationFactory(name_zh="中山大学", name_en="Sun Yat-sen University", kind=Organisation.Kind.UNIVERSITY)
    own = OrganisationFactory(name_zh="北京大学", name_en="Peking University")
    admin = MembershipFactory(organisation=inviting, user=UserFactory(username="sysu_admin")).user
    invitee = MembershipFactory(organisation=own, user=UserFactory(username="pku_staff", email="staff@pku.example.cn"),
                                role=Membership.Role.MEMBER).user
    return {"inviting": inviting, "own": own, "admin": admin, "invitee": invitee}


def _log_in(page, base, username):
    page.goto(base + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator(".auth-card form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/dashboard/$"))


def test_invite_accept_and_switch_explicitly(live_server, people, page):  # noqa: F811 - the fixture
    base = live_server.url
    _log_in(page, base, "sysu_admin")
    page.goto(base + "/dashboard/members/")
    page.fill("input[name=email]", "Staff@PKU.example.cn")
    page.locator("#invite ~ form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/dashboard/members/$"))
    assert "staff@pku.example.cn" in page.locator(".messages").inner_text()
    assert page.get_by_role("cell", name="staff@pku.example.cn").count() == 1  # pending, revocable

    link = re.search(r"https?://[^/\s]+(/accounts/invitations/\S+/)", mail.outbox[-1].body).group(1)
    invitee_page = page.context.browser.new_context(locale="zh-CN").new_page()
    _log_in(invitee_page, base, "pku_staff")
    assert "中山大学" in invitee_page.locator("section[aria-labelledby=my-invitations]").inner_text()
    invitee_page.goto(base + link)
    invitee_page.locator("form[action$='/accept/'] button").click()
    invitee_page.wait_for_url(re.compile(re.escape(link) + "$"))
    assert invitee_page.locator(".message-success").count() >= 1

    invitee_page.goto(base + "/dashboard/")
    assert "北京大学" in invitee_page.locator(".dashboard-header .lead").inner_text()  # unchanged by accepting
    invitee_page.goto(base + link)
    invitee_page.locator("form[action$='/dashboard/organisation/'] button[type=submit]").first.click()
    invitee_page.wait_for_url(re.compile(r"/dashboard/$"))
    assert "中山大学" in invitee_page.locator(".dashboard-header .lead").inner_text()

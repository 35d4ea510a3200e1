"""The demand board (需求大厅): published open demands, searchable and filterable, and "I can offer this"
responses that reach the SME in its language, one open response per organisation and demand."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from marketplace.models import DemandResponse, Notification
from marketplace.notices import notice_text
from marketplace.services.demands import demand_create, demand_response_create, demand_response_withdraw

from .concurrency import race, racing
from .factories import DemandFactory, MembershipFactory, PublishedListingFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def board_demand(buyer_org, buyer):
    return DemandFactory(organisation=buyer_org, created_by=buyer, published=True, title="寻找锂电池回收技术",
                         description="We need lithium battery recycling; 回收率高于95%。", sector="new_energy",
                         province="江苏省")


def _board(client, **params) -> str:
    return client.get(reverse("demand_board"), params, HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_the_board_lists_published_open_demands_only(client, board_demand, buyer_org):
    DemandFactory(organisation=buyer_org, title="内部需求（不公开）")
    DemandFactory(organisation=buyer_org, title="已关闭的公开需求", published=True, status="closed")
    page = _board(client)
    assert "寻找锂电池回收技术" in page and "内部需求" not in page and "已关闭" not in page
    assert client.get(reverse("demand_board_detail", args=[board_demand.pk])).status_code == 200
    private = DemandFactory(organisation=buyer_org, title="内部需求（不公开）")
    assert client.get(reverse("demand_board_detail", args=[private.pk])).status_code == 404


def test_the_board_searches_words_in_either_language_and_filters(client, board_demand, buyer_org):
    DemandFactory(organisation=buyer_org, published=True, title="寻找膜分离技术", description="水处理",
                  sector="energy_saving", province="浙江省")
    assert "锂电池回收" in _board(client, words="回收") and "膜分离" not in _board(client, words="回收")
    assert "锂电池回收" in _board(client, words="Lithium recycling")
    assert "锂电池回收" not in _board(client, words="lithium 膜")
    assert "膜分离" in _board(client, sector="energy_saving") and "锂电池" not in _board(client, sector="energy_saving")
    assert "膜分离" in _board(client, province="浙江省") and "锂电池" not in _board(client, province="浙江省")
    nonsense = _board(client, sector="nonsense", words="膜")
    assert "Some filters were not understood" in nonsense and "膜分离" in nonsense and "锂电池" not in nonsense


def test_the_board_is_paged(client, buyer_org):
    for number in range(23):
        DemandFactory(organisation=buyer_org, published=True, title=f"公开需求{number:02d}")
    first, second = _board(client), _board(client, page=2)
    assert first.count('class="card demand-card"') == 20 and second.count('class="card demand-card"') == 3
    assert "Page 1 of 2" in first


def test_a_demand_is_private_unless_its_owner_publishes_it(buyer_org, buyer):
    assert not demand_create(organisation=buyer_org, actor=buyer, title="需求", description="描述").published
    assert demand_create(organisation=buyer_org, actor=buyer, title="需求", description="描述", published=True).published


def test_a_response_reaches_the_sme_in_its_language(client, board_demand, buyer, university, university_member,
                                                     django_capture_on_commit_callbacks):
    buyer.preferred_language = "en"
    buyer.save()
    listing = PublishedListingFactory(owner=university, title_zh="一种锂电池回收方法", title_en="Battery recycling")
    client.force_login(university_member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("demand_respond", args=[board_demand.pk]),
                               {"organisation": university.pk, "message": "我们有回收率98%的工艺。", "listing": listing.pk})
    assert response.status_code == 302
    offer = DemandResponse.objects.get()
    assert (offer.organisation, offer.listing, offer.created_by) == (university, listing, university_member)

    note = Notification.objects.get(recipient=buyer, kind="demand_response")
    assert note.topic == f"demand:{board_demand.pk}" and note.title == ""  # the event, not a sentence
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [buyer.email]
    assert "can offer what your demand “寻找锂电池回收技术” asks for" in mail.outbox[0].subject + mail.outbox[0].body

    client.force_login(buyer)
    alerts = client.get(reverse("alerts"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert notice_text(note)["headline"] != "" and "可以提供您的需求“寻找锂电池回收技术”所要的技术" in alerts
    detail = client.get(reverse("demand_board_detail", args=[board_demand.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "我们有回收率98%的工艺。" in detail.content.decode() and "Battery recycling" in detail.content.decode()


def test_only_the_sme_and_operators_see_the_responses(client, board_demand, university, university_member, outsider):
    demand_response_create(demand=board_demand, organisation=university, actor=university_member, message="方案甲")
    client.force_login(outsider)
    assert "方案甲" not in client.get(reverse("demand_board_detail", args=[board_demand.pk])).content.decode()


def test_one_open_response_per_organisation(board_demand, university, university_member, english):
    colleague = MembershipFactory(organisation=university, user=UserFactory()).user
    first = demand_response_create(demand=board_demand, organisation=university, actor=university_member,
                                   message="方案甲")
    with pytest.raises(ValidationError, match="already responded"):
        demand_response_create(demand=board_demand, organisation=university, actor=colleague, message="方案乙")
    demand_response_withdraw(response=first, actor=colleague)
    demand_response_create(demand=board_demand, organisation=university, actor=colleague, message="方案乙")
    assert DemandResponse.objects.filter(status="open").count() == 1


def test_responses_are_refused_where_they_make_no_sense(board_demand, buyer_org, buyer, university,
                                                        university_member, english):
    with pytest.raises(Exception, match="own organisation"):
        demand_response_create(demand=board_demand, organisation=buyer_org, actor=buyer, message="自荐")
    with pytest.raises(Exception, match="your own organisation"):
        demand_response_create(demand=board_demand, organisation=university, actor=buyer, message="冒名")
    with pytest.raises(ValidationError):
        demand_response_create(demand=board_demand, organisation=university, actor=university_member, message="  ")
    someone_elses = PublishedListingFactory()
    with pytest.raises(ValidationError):
        demand_response_create(demand=board_demand, organisation=university, actor=university_member,
                               message="方案", listing=someone_elses)
    private = DemandFactory(organisation=buyer_org)
    with pytest.raises(ValidationError, match="no longer takes responses"):
        demand_response_create(demand=private, organisation=university, actor=university_member, message="方案")
    assert not DemandResponse.objects.exists() and not Notification.objects.exists()


@racing
def test_two_colleagues_responding_at_once_make_one_response():
    from marketplace.models import Organisation

    from .factories import OrganisationFactory

    sme = OrganisationFactory(kind=Organisation.Kind.ENTERPRISE)
    owner = MembershipFactory(organisation=sme).user
    demand = DemandFactory(organisation=sme, created_by=owner, published=True)
    university = OrganisationFactory(kind=Organisation.Kind.UNIVERSITY)
    members = [MembershipFactory(organisation=university).user for _ in range(2)]
    outcomes = race(*[
        (lambda member=member: demand_response_create(demand=demand, organisation=university, actor=member,
                                                      message="方案"))
        for member in members
    ])
    assert sorted(outcome.ok for outcome in outcomes) == [False, True]
    assert all(outcome.ok or isinstance(outcome.error, ValidationError) for outcome in outcomes)
    assert DemandResponse.objects.count() == 1
    assert Notification.objects.filter(recipient=owner, kind="demand_response").count() == 1

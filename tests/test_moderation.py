import pytest
from django.contrib.auth.models import Group

from cms.operators import OPERATOR_GROUP
from marketplace.models import Listing
from marketplace.workflow import history

from .factories import ListingFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(university):
    return ListingFactory(owner=university, status=Listing.Status.SUBMITTED, title_zh="待审核专利")


def test_operation_centre_members_reach_the_admin_and_see_the_queue(client, operator, submitted, site_pages):
    assert operator.groups.filter(name=OPERATOR_GROUP).exists()
    client.force_login(operator)
    assert client.get("/admin/").status_code == 200
    response = client.get("/admin/listing-moderation/")
    assert response.status_code == 200 and "待审核专利" in response.content.decode()


def test_approve_publishes_and_is_audited(client, operator, submitted, site_pages):
    client.force_login(operator)
    response = client.post(f"/admin/listing-moderation/{submitted.pk}/", {"decision": "approve", "note": "ok"})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Listing.Status.PUBLISHED
    assert [e.action for e in history(submitted)][-1] == "publish"
    page = client.get(f"/admin/listing-moderation/{submitted.pk}/").content.decode()
    assert "发布" in page and "→ published" not in page  # the history says what happened in the operator's words


def test_reject_needs_a_reason(client, operator, submitted, site_pages):
    client.force_login(operator)
    response = client.post(f"/admin/listing-moderation/{submitted.pk}/", {"decision": "reject", "reason": "  "})
    assert response.status_code == 200
    submitted.refresh_from_db()
    assert submitted.status == Listing.Status.SUBMITTED
    client.post(f"/admin/listing-moderation/{submitted.pk}/", {"decision": "reject", "reason": "摘要不完整"})
    submitted.refresh_from_db()
    assert submitted.status == Listing.Status.REJECTED and submitted.moderation_note == "摘要不完整"


def test_deciding_twice_is_a_message(client, operator, submitted, site_pages):
    client.force_login(operator)
    client.post(f"/admin/listing-moderation/{submitted.pk}/", {"decision": "approve"})
    response = client.post(f"/admin/listing-moderation/{submitted.pk}/", {"decision": "approve"}, follow=True)
    assert response.status_code == 200
    assert Listing.objects.get(pk=submitted.pk).status == Listing.Status.PUBLISHED


def test_non_operators_cannot_moderate(client, university_member, submitted, site_pages):
    staff = UserFactory(username="editor")
    staff.groups.add(Group.objects.get(name=OPERATOR_GROUP))  # admin access alone is not enough
    client.force_login(staff)
    assert client.get("/admin/listing-moderation/").status_code in (302, 403)  # Wagtail redirects a denial
    assert client.post(f"/admin/listing-moderation/{submitted.pk}/", {"decision": "approve"}).status_code in (302, 403)
    client.force_login(university_member)
    assert client.get("/admin/listing-moderation/").status_code in (302, 403)
    assert Listing.objects.get(pk=submitted.pk).status == Listing.Status.SUBMITTED


def test_leaving_the_operation_centre_removes_admin_access(operator):
    operator.memberships.get().delete()
    assert not operator.groups.filter(name=OPERATOR_GROUP).exists()
    assert MembershipFactory(user=operator).user.groups.count() == 0

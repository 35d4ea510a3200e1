"""Two administrators saving different fields of their organisation's profile at the same instant both keep
their change (PostgreSQL: the service locks the row and saves only the fields it was given)."""

from marketplace.models import Organisation
from marketplace.services.organisations import organisation_update_profile
from marketplace.workflow import history

from .concurrency import race, racing
from .factories import MembershipFactory, UserFactory

TRIALS = 20


@racing
def test_two_administrators_editing_different_fields_at_once_both_keep_their_changes(university,
                                                                                    university_member):
    other_admin = MembershipFactory(organisation=university, user=UserFactory(username="admin2")).user
    for n in range(TRIALS):
        outcomes = race(
            lambda: organisation_update_profile(organisation=university, actor=university_member,
                                                website=f"https://example.edu.cn/{n}", description_zh=f"介绍{n}"),
            lambda: organisation_update_profile(organisation=university, actor=other_admin,
                                                contact_phone=f"0512-6588 {1000 + n}", address=f"仁爱路{n}号"),
        )
        assert all(o.ok for o in outcomes), [o.error for o in outcomes]
        saved = Organisation.objects.get(pk=university.pk)
        assert (saved.website, saved.description_zh, saved.contact_phone, saved.address) == (
            f"https://example.edu.cn/{n}", f"介绍{n}", f"0512-6588 {1000 + n}", f"仁爱路{n}号")
    assert history(university).filter(action="profile_edit").count() == 2 * TRIALS

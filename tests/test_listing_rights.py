"""Who may list a patent (an applicant, or an agency with the applicant's mandate), once at a time per
organisation; what moderation flags; the mandate stays private."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import translation

from marketplace.models import Listing, ListingMandate, Organisation
from marketplace.organisation_names import organisation_name_among
from marketplace.selectors.moderation import listing_moderation_flags
from marketplace.services import listings as svc
from marketplace.services.patents import listing_create_with_new_patent
from marketplace.workflow import history

from .factories import ListingFactory, MembershipFactory, OrganisationFactory, PatentFactory, UserFactory
from .uploads import PDF

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    """Messages in their English source text, in the services and on the pages."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield

OWN = "北京测试大学"


@pytest.fixture
def university(university_member):
    organisation = university_member.organisations.get()
    organisation.name_zh, organisation.name_en = OWN, "Beijing Test University"
    organisation.save()
    return organisation


@pytest.fixture
def agency():
    organisation = OrganisationFactory(name_zh="某知识产权运营公司", kind=Organisation.Kind.OPERATING_AGENCY)
    member = MembershipFactory(organisation=organisation, user=UserFactory(username="agent")).user
    return organisation, member


def mandate_pdf(name="授权委托书.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def create(owner, patent, actor, **fields):
    return svc.listing_create(owner=owner, patent=patent, deal_types=["assignment"], actor=actor, **fields)


def test_names_match_whatever_their_width_case_or_invisible_characters():
    assert organisation_name_among(["北京大学", "Peking University"], ["某公司", "北京大学\u200b"])
    assert organisation_name_among(["北京大学", "Peking University"], ["PEKING  UNIVERSITY"])
    assert organisation_name_among(["ＩＢＭ"], ["ibm"])
    assert not organisation_name_among(["北京大学"], ["北京大学深圳研究生院", "中国石油化工股份有限公司"])
    assert not organisation_name_among(["北京大学", ""], [""])


def test_an_applicant_lists_its_own_patent_under_its_english_name_too(university, university_member):
    listing = create(university, PatentFactory(applicants=["Beijing Test University"]), university_member)
    assert listing.owner == university and listing_moderation_flags(listing=listing) == []


def test_an_organisation_that_is_not_an_applicant_is_refused_with_the_applicants_named(university,
                                                                                      university_member):
    patent = PatentFactory(applicants=["中国石油化工股份有限公司", "中国石油化工股份有限公司石油化工科学研究院"])
    with pytest.raises(ValidationError) as refused:
        create(university, patent, university_member)
    assert refused.value.code == "not_an_applicant"
    assert "中国石油化工股份有限公司石油化工科学研究院" in refused.value.messages[0]
    assert not Listing.objects.exists()


def test_an_agency_lists_a_clients_patent_only_with_a_pdf_mandate(agency):
    organisation, member = agency
    patent = PatentFactory(applicants=[OWN])
    with pytest.raises(ValidationError) as missing:
        create(organisation, patent, member)
    assert "mandate" in missing.value.message_dict
    with pytest.raises(ValidationError) as not_a_pdf:
        create(organisation, patent, member, mandate=mandate_pdf("scan.pdf", b"<html>not a pdf"))
    assert "mandate" in not_a_pdf.value.message_dict
    assert not Listing.objects.exists()
    listing = create(organisation, patent, member, mandate=mandate_pdf())
    assert listing.mandate.file.name.startswith("mandates/") and listing.mandate.uploaded_by == member
    assert [event.action for event in history(listing)] == ["create", "mandate_attach"]
    assert [flag.code for flag in listing_moderation_flags(listing=listing)] == ["listed_for_client"]


def test_the_operation_centre_lists_for_anyone_and_is_flagged(operator):
    centre = operator.organisations.get()
    listing = create(centre, PatentFactory(applicants=[OWN]), operator)
    assert [flag.code for flag in listing_moderation_flags(listing=listing)] == ["applicant_mismatch"]


def test_unknown_applicants_and_patents_entered_by_hand_are_flagged(university, university_member):
    unknown = create(university, PatentFactory(applicants=[]), university_member)
    assert [flag.code for flag in listing_moderation_flags(listing=unknown)] == ["applicants_unknown"]
    by_hand = listing_create_with_new_patent(
        owner=university, actor=university_member, deal_types=["assignment"],
        patent_fields={"publication_number": "CN105123456A", "title_zh": "一种储氢合金", "applicants": [OWN]})
    assert [flag.code for flag in listing_moderation_flags(listing=by_hand)] == ["entered_by_hand"]


def test_a_patent_is_listed_once_at_a_time_by_an_organisation(university, university_member, operator):
    patent = PatentFactory(applicants=[OWN])
    first = create(university, patent, university_member)
    with pytest.raises(ValidationError) as twice:
        create(university, patent, university_member)
    assert twice.value.code == "already_listed" and first.title in twice.value.messages[0]
    first = svc.listing_publish(listing=svc.listing_submit(listing=first, actor=university_member), actor=operator)
    svc.listing_withdraw(listing=first, actor=university_member)
    second = create(university, patent, university_member)  # the withdrawn one has ended
    with pytest.raises(ValidationError):
        svc.listing_revise(listing=first, actor=university_member)  # reviving it would make two
    assert Listing.objects.get(pk=first.pk).status == Listing.Status.WITHDRAWN
    assert second.status == Listing.Status.DRAFT


def test_the_database_refuses_a_second_active_listing_of_a_patent(university):
    patent = PatentFactory(applicants=[OWN])
    ListingFactory(owner=university, patent=patent, status=Listing.Status.PUBLISHED)
    ListingFactory(owner=university, patent=patent, status=Listing.Status.TRANSACTED)  # ended: allowed
    with pytest.raises(IntegrityError), transaction.atomic():
        ListingFactory(owner=university, patent=patent, status=Listing.Status.REJECTED)


def test_a_patent_listed_by_several_organisations_is_flagged_for_each(university, university_member, agency):
    organisation, member = agency
    patent = PatentFactory(applicants=[OWN])
    own = create(university, patent, university_member)
    for_client = create(organisation, patent, member, mandate=mandate_pdf())
    flags = {flag.code: flag for flag in listing_moderation_flags(listing=own)}
    assert flags["several_organisations"].organisations == [organisation]
    assert [o for f in listing_moderation_flags(listing=for_client) for o in f.organisations] == [university]


def test_the_mandate_is_served_only_to_the_listing_organisation_and_operators(agency, operator, university_member):
    organisation, member = agency
    listing = create(organisation, PatentFactory(applicants=[OWN]), member, mandate=mandate_pdf())
    svc.listing_publish(listing=svc.listing_submit(listing=listing, actor=member), actor=operator)
    url = ListingMandate.objects.get().file.url
    expected = {member: 200, operator: 200, university_member: 404, None: 404}
    for user, status in expected.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code == status, user
        if status == 200:
            assert response["Content-Type"] == "application/pdf" and "private" in response["Cache-Control"]


def test_only_members_list_for_their_organisation(university):
    with pytest.raises(PermissionDenied):
        create(university, PatentFactory(applicants=[OWN]), MembershipFactory().user)

"""Organisation names that read the same are the same organisation: invisible characters, width and case aside."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from marketplace.models import Organisation
from marketplace.organisation_names import organisation_name_clean, organisation_name_key
from marketplace.services.organisations import organisation_create, organisation_get_or_create

from .factories import OrganisationFactory

SAME_AS_PKU = ["北京大学\u200b", "\u200d北京大学", "北京\u2060大学", " 北京大学 ", "北京大学\ufeff", "北京\u00ad大学",
               "北京大学\x07"]


@pytest.mark.parametrize("variant", SAME_AS_PKU)
def test_variants_share_the_key(variant):
    assert organisation_name_key(variant) == organisation_name_key("北京大学")


def test_width_case_and_spaces_fold():
    assert organisation_name_key("ＩＢＭ\u3000 China\t Ltd") == organisation_name_key("ibm china ltd")
    assert organisation_name_key("ＡＢＣ（演示）") == organisation_name_key("abc(演示)")
    assert organisation_name_clean("ＩＢＭ\u3000 China\t Ltd") == "ＩＢＭ China Ltd"


def test_stored_name_keeps_chinese_punctuation():
    assert organisation_name_clean("示例市知识产权运营有限公司（演示）\u200b") == "示例市知识产权运营有限公司（演示）"
    assert organisation_name_key("北京大学") != organisation_name_key("北京理工大学")


@pytest.mark.django_db
@pytest.mark.parametrize("variant", SAME_AS_PKU)
def test_database_refuses_a_look_alike(variant):
    OrganisationFactory(name_zh="北京大学")
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(name_zh=variant, slug="look-alike", kind=Organisation.Kind.UNIVERSITY)


@pytest.mark.django_db
def test_service_reports_a_look_alike_as_taken_and_stores_the_clean_name():
    organisation = organisation_create(name_zh="北京大学\u200b", kind=Organisation.Kind.UNIVERSITY)
    assert organisation.name_zh == "北京大学"
    with pytest.raises(ValidationError) as error:
        organisation_create(name_zh="北京大学", kind=Organisation.Kind.UNIVERSITY)
    assert error.value.error_dict["organisation_name"][0].code == "taken"


@pytest.mark.django_db
def test_importer_and_demo_loader_find_the_organisation_by_key():
    existing = OrganisationFactory(name_zh="ＡＢＣ知识产权运营有限公司")
    found, created = organisation_get_or_create(name_zh="abc知识产权运营有限公司\u200b",
                                                kind=Organisation.Kind.OPERATING_AGENCY)
    assert (found, created) == (existing, False)


@pytest.mark.django_db
def test_signup_form_refuses_a_look_alike(client, site_pages):
    OrganisationFactory(name_zh="北京大学")
    response = client.post("/accounts/signup/", {
        "username": "pku2", "email": "pku2@example.cn", "password1": "a-long-pass-phrase-42",
        "password2": "a-long-pass-phrase-42", "organisation_name": "北京大学\u200b", "organisation_kind": "university"})
    assert response.status_code == 200 and response.context["form"].errors["organisation_name"]
    assert Organisation.objects.count() == 1

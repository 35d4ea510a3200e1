import factory
from django.utils import timezone

from marketplace.models import Demand, Listing, Membership, Organisation, Patent, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.cn")
    password = factory.django.Password("pass-word-123")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name_zh = factory.Sequence(lambda n: f"测试大学{n}")
    name_en = factory.Sequence(lambda n: f"Test University {n}")
    slug = factory.Sequence(lambda n: f"test-university-{n}")
    kind = Organisation.Kind.UNIVERSITY
    province = "北京市"
    city = "北京市"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.ADMIN


class PatentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Patent

    publication_number = factory.Sequence(lambda n: f"CN{1100000 + n}C")
    jurisdiction = "CN"
    kind_code = "C"
    patent_type = Patent.PatentType.INVENTION
    title_zh = "一种锂离子电池正极材料的制备方法"
    title_en = "Method for preparing cathode material of lithium ion battery"
    ipc_main = "H01M4/58"
    ipc_codes = ["H01M4/58"]
    ipc_section = "H"
    ipc_class = "H01"
    applicants = factory.LazyFunction(lambda: ["清华大学"])
    legal_status = Patent.LegalStatus.GRANTED


class ListingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Listing
        skip_postgeneration_save = True

    owner = factory.SubFactory(OrganisationFactory)
    patent = factory.SubFactory(PatentFactory)
    title_zh = factory.SelfAttribute("patent.title_zh")
    title_en = factory.SelfAttribute("patent.title_en")
    status = Listing.Status.DRAFT

    @factory.post_generation
    def deal_types(self, create, extracted, **kwargs):
        if create:
            self.deal_types.set(extracted or ["non_exclusive_licence"])


class PublishedListingFactory(ListingFactory):
    status = Listing.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class DemandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Demand

    organisation = factory.SubFactory(OrganisationFactory, kind=Organisation.Kind.ENTERPRISE)
    title = "寻找锂电池正极材料技术"
    description = "我公司生产动力电池，需要提高锂电池正极材料的能量密度和循环寿命。"
    sector = "new_energy"

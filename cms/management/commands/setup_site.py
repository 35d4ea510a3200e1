"""Create the page tree, starter content and the operators' group. Safe to run again: nothing is duplicated
and pages editors have changed are left alone."""

from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from cms import site_content
from cms.models import GuidePage, HomePage, ListingIndexPage, NewsIndexPage, NewsPage, OrganisationIndexPage
from cms.operators import operator_access_sync_all, operator_group_ensure
from vouchers.models import ServiceCataloguePage


def _stream(blocks):
    return [(kind, RichText(value) if kind == "paragraph" else value) for kind, value in blocks]


def _child(parent: Page, model, *, slug: str, **fields) -> tuple[Page, bool]:
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing:
        return existing, False
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page, True


class Command(BaseCommand):
    help = ("Create the site's page tree (home, listings, organisations, news, service catalogue, guide) and the "
            "operators' group.")

    @transaction.atomic
    def handle(self, *args, **options):
        home, created = self._home()
        self.stdout.write(f"home page {'created' if created else 'kept'}: {home.url_path}")
        pages = [
            (ListingIndexPage, {**site_content.LISTINGS, "show_in_menus": True}),
            (OrganisationIndexPage, {**site_content.ORGANISATIONS, "show_in_menus": True}),
            (NewsIndexPage, {**site_content.NEWS_INDEX, "show_in_menus": True}),
            (ServiceCataloguePage, {**site_content.SERVICE_CATALOGUE, "show_in_menus": True}),
        ]
        for model, fields in pages:
            existing = model.objects.descendant_of(home).first()
            if existing is None:
                _child(home, model, **fields)
                self.stdout.write(f"created {model.__name__} /{fields['slug']}/")
        news_index = NewsIndexPage.objects.descendant_of(home).first()
        for item in site_content.NEWS:
            fields = {**item, "body": _stream(item["body"]), "body_en": _stream(item["body_en"]),
                      "source_name": site_content.POLICY_SOURCE, "source_url": site_content.POLICY_URL}
            if _child(news_index, NewsPage, **fields)[1]:
                self.stdout.write(f"created news {item['slug']}")
        guide = site_content.GUIDE
        _child(home, GuidePage, **{**guide, "body": _stream(guide["body"]), "body_en": _stream(guide["body_en"]),
                                   "show_in_menus": True})
        operator_group_ensure(home=home)
        synced = operator_access_sync_all()
        self.stdout.write(self.style.SUCCESS(f"site ready; {synced} operation-centre member(s) in the Operators group"))

    def _home(self) -> tuple[HomePage, bool]:
        """Put a HomePage at the default site's root, replacing Wagtail's untouched welcome page."""
        home = HomePage.objects.first()
        if home is not None:
            Site.objects.filter(is_default_site=True).exclude(root_page=home).update(root_page=home)
            return home, False
        root = Page.get_first_root_node()
        site = Site.objects.filter(is_default_site=True).first()
        welcome = site.root_page.specific if site else None
        replace_welcome = welcome is not None and type(welcome) is Page and welcome.is_leaf()
        if replace_welcome:  # free its slug for the new home page
            Page.objects.filter(pk=welcome.pk).update(slug=f"welcome-{welcome.pk}")
        home = HomePage(slug="home", **site_content.HOME)
        root.add_child(instance=home)
        home.save_revision().publish()
        if site:
            site.root_page, site.site_name = home, site_content.HOME["title"]
            site.save()
        else:
            Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True,
                                site_name=site_content.HOME["title"])
        if replace_welcome:
            Page.objects.get(pk=welcome.pk).delete()
        return home, True

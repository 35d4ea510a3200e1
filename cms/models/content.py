"""Editorial pages: plain pages, news and policy items, guides. Chinese fields first, English beside them."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from ..paging import paginate
from .blocks import BodyBlock


class BilingualPage(Page):
    """Abstract page whose Wagtail title is the Chinese title; English title, intro and body sit beside it."""

    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    intro = models.TextField(_("introduction (Chinese)"), blank=True)
    intro_en = models.TextField(_("introduction (English)"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body (Chinese)"))
    body_en = StreamField(BodyBlock(), blank=True, verbose_name=_("body (English)"))

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("title_en"), FieldPanel("intro_en"), FieldPanel("body_en")],
                        heading=_("English")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("title_en"),
        index.SearchField("intro"),
        index.SearchField("intro_en"),
        index.SearchField("body"),
        index.SearchField("body_en"),
    ]

    class Meta:
        abstract = True


class StandardPage(BilingualPage):
    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage", "cms.GuidePage"]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")


class GuidePage(BilingualPage):
    """Step-by-step help for users (how to list a patent, how moderation works …)."""

    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("guide page")
        verbose_name_plural = _("guide pages")


class NewsIndexPage(BilingualPage):
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NewsPage"]
    max_count = 1

    class Meta:
        verbose_name = _("news index page")
        verbose_name_plural = _("news index pages")

    def news_items(self):
        return NewsPage.objects.child_of(self).live().order_by("-date", "-pk")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        category = request.GET.get("category", "")
        items = self.news_items()
        if category in NewsPage.Category.values:
            items = items.filter(category=category)
        context.update(page_obj=paginate(request, items, per_page=10), category=category,
                       categories=NewsPage.Category.choices)
        return context


class NewsPage(BilingualPage):
    class Category(models.TextChoices):
        NEWS = "news", _("News")
        POLICY = "policy", _("Policy")

    date = models.DateField(_("date"), default=timezone.localdate)
    category = models.CharField(_("category"), max_length=10, choices=Category.choices, default=Category.NEWS)
    source_name = models.CharField(_("source"), max_length=200, blank=True)
    source_url = models.URLField(_("source link"), blank=True)

    content_panels = BilingualPage.content_panels + [
        MultiFieldPanel([FieldPanel("date"), FieldPanel("category"), FieldPanel("source_name"),
                         FieldPanel("source_url")], heading=_("Publication")),
    ]
    search_fields = BilingualPage.search_fields + [index.FilterField("category"), index.FilterField("date")]
    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("news page")
        verbose_name_plural = _("news pages")

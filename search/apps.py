from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "marketsearch"
    verbose_name = "Marketplace search"

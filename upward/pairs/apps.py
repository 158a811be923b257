from django.apps import AppConfig


class PairsConfig(AppConfig):
    name = "upward.pairs"
    label = "pairs"
    verbose_name = "Pairs"

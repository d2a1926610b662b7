from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "openpathways.core"
    verbose_name = "Core"

from django.apps import AppConfig


class InteropConfig(AppConfig):
    name = "openpathways.interop"
    verbose_name = "Imports and exports"

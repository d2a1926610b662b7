from django.apps import AppConfig


class WblConfig(AppConfig):
    name = "openpathways.wbl"

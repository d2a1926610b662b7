from django.apps import AppConfig


class RostersConfig(AppConfig):
    name = "openpathways.rosters"
    default_auto_field = "django.db.models.BigAutoField"

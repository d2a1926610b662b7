from django.apps import AppConfig


class SeatsConfig(AppConfig):
    name = "openpathways.seats"
    label = "seats"
    verbose_name = "Seat allocation"

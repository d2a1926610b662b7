from django.apps import AppConfig


class EnrollmentsConfig(AppConfig):
    name = "openpathways.enrollments"

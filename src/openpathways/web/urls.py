from django.urls import include, path

from openpathways.web.views import shell

app_name = "web"

urlpatterns = [
    path("", shell.home, name="home"),
    path("accounts/", include("openpathways.accounts.urls")),
]

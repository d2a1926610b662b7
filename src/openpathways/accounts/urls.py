from django.urls import path

from openpathways.accounts import views

urlpatterns = [
    path("demo-login/<str:token>/", views.demo_login, name="demo_login"),
]

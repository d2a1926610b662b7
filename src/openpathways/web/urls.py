"""Web pages. Each area keeps its views in its own module under web/views/."""

from django.urls import include, path

from openpathways.web.views import shell, students

app_name = "web"

urlpatterns = [
    # shell: home, sign-in, sign-out
    path("", shell.home, name="home"),
    path("accounts/login/", shell.login_view, name="login"),
    path("accounts/logout/", shell.logout_view, name="logout"),
    path("accounts/", include("openpathways.accounts.urls")),
    # student records (through openpathways.students.access)
    path("students/", students.student_list, name="student_list"),
    path("students/export.csv", students.student_export_csv, name="student_export"),
    path("students/<int:student_id>/", students.student_detail, name="student_detail"),
    path(
        "students/<int:student_id>/disclosures/",
        students.student_disclosures,
        name="student_disclosures",
    ),
    path("schools/", students.school_list, name="school_list"),
]

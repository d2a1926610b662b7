"""Web pages. Each area keeps its views in its own module under web/views/."""

from django.urls import include, path

from openpathways.web.views import campaigns as campaign_views
from openpathways.web.views import caseload, consent, finder, journey, rosters, shell, students
from openpathways.web.views import dashboards as dashboard_views
from openpathways.web.views import goals as goal_views
from openpathways.web.views import outcomes_entry as outcomes_entry_views
from openpathways.web.views import passport as passport_views
from openpathways.web.views import seats as seats_views
from openpathways.web.views.compacts import urlpatterns as compacts_urls
from openpathways.web.views.employers import urlpatterns as employers_urls
from openpathways.web.views.wbl import urlpatterns as wbl_urls

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
    # opportunity finder (public), counselor caseload, roster reconciliation
    path("finder/", finder.finder, name="finder"),
    path("finder/<int:opportunity_id>/", finder.finder_detail, name="finder_detail"),
    path("caseload/", caseload.caseload, name="caseload"),
    path("caseload/remind/", caseload.caseload_remind, name="caseload_remind"),
    path("caseload/recommend/", caseload.caseload_recommend, name="caseload_recommend"),
    path("rosters/", rosters.discrepancy_list, name="roster_discrepancies"),
    path(
        "rosters/<int:discrepancy_id>/resolve/",
        rosters.discrepancy_resolve,
        name="roster_discrepancy_resolve",
    ),
    path("rosters/confirm/", rosters.confirm, name="roster_confirm"),
    # enrollment journey (openpathways.applications) and the consent ledger (consents)
    path("sections/<int:section_id>/apply/", journey.apply, name="apply"),
    path("journey/", journey.journey_list, name="journey_list"),
    path("journey/<int:application_id>/", journey.journey_detail, name="journey_detail"),
    path("journey/<int:application_id>/permit.pdf", journey.journey_permit, name="journey_permit"),
    path("journey/<int:application_id>/<slug:verb>/", journey.journey_step, name="journey_step"),
    path("journey/students/<int:student_id>/", journey.journey_student, name="journey_student"),
    path(
        "journey/students/<int:student_id>/counseling-session/",
        journey.counseling_session,
        name="journey_counseling_session",
    ),
    path(
        "journey/students/<int:student_id>/consent-link/",
        consent.consent_link_send,
        name="consent_link_send",
    ),
    path(
        "journey/students/<int:student_id>/consent-paper/",
        consent.consent_paper,
        name="consent_paper",
    ),
    path(
        "journey/students/<int:student_id>/consents/<int:consent_id>/revoke/",
        consent.consent_staff_revoke,
        name="consent_staff_revoke",
    ),
    path("consent/<str:token>/", consent.consent_sign, name="consent_sign"),
    path("consent/withdraw/<str:token>/", consent.consent_revoke, name="consent_revoke"),
    # seat allocation runs, offers and waitlists (openpathways.seats)
    path("seats/", seats_views.my_seats, name="seats_mine"),
    path("seats/runs/", seats_views.run_list, name="seats_runs"),
    path("seats/runs/<int:run_id>/", seats_views.run_detail, name="seats_run_detail"),
    path(
        "seats/runs/<int:run_id>/configure/",
        seats_views.run_configure,
        name="seats_run_configure",
    ),
    path("seats/runs/<int:run_id>/run/", seats_views.run_execute, name="seats_run_execute"),
    path("seats/runs/<int:run_id>/publish/", seats_views.run_publish, name="seats_run_publish"),
    path(
        "seats/offers/<int:offer_id>/<slug:action>/",
        seats_views.offer_action,
        name="seats_offer_action",
    ),
    path("seats/students/<int:student_id>/", seats_views.student_seats, name="seats_student"),
    path("seats/choices/", seats_views.my_choices, name="seats_choices"),
    path(
        "seats/students/<int:student_id>/choices/",
        seats_views.student_choices,
        name="seats_student_choices",
    ),
    path(
        "seats/choices/<int:application_id>/move/",
        seats_views.choice_move,
        name="seats_choice_move",
    ),
    # outcomes: the opportunity passport, senior campaigns, goal views (openpathways.outcomes)
    path("passport/", passport_views.passport_index, name="passport_index"),
    path("passport/<int:student_id>/", passport_views.passport_detail, name="passport"),
    path(
        "passport/<int:student_id>/passport.pdf",
        passport_views.passport_pdf_view,
        name="passport_pdf",
    ),
    path(
        "passport/<int:student_id>/passport.json",
        passport_views.passport_json,
        name="passport_json",
    ),
    path(
        "passport/<int:student_id>/outcomes/",
        outcomes_entry_views.outcomes_entry,
        name="outcomes_entry",
    ),
    path("campaigns/", campaign_views.campaign_list_view, name="campaigns"),
    path("campaigns/progress/", campaign_views.campaign_progress, name="campaign_progress"),
    path("campaigns/export.csv", campaign_views.campaign_export_csv, name="campaign_export"),
    path(
        "campaigns/students/<int:student_id>/", campaign_views.campaign_edit, name="campaign_edit"
    ),
    path("goals/", goal_views.goal_list_view, name="goals"),
    path("goals/schools/", goal_views.goal_schools, name="goal_schools"),
    # analytics dashboards (openpathways.dashboards)
    path("dashboards/", dashboard_views.dashboard_index, name="dashboards"),
    path("dashboards/<slug:name>/", dashboard_views.dashboard_view, name="dashboard"),
    path(
        "dashboards/<slug:name>/export.<slug:fmt>",
        dashboard_views.dashboard_export,
        name="dashboard_export",
    ),
    # work-based learning, employers and vendors, Education Compacts
    path("", include(wbl_urls)),
    path("", include(employers_urls)),
    path("", include(compacts_urls)),
]

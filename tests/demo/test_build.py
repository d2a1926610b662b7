"""The generator: deterministic, shaped like LA Unified, with the gaps domain.md describes."""

from __future__ import annotations

import itertools
import time
from collections import Counter

import pytest

from openpathways.accounts.models import Role, User
from openpathways.applications.models import Application, ApplicationStatus
from openpathways.audit.models import AuditEvent
from openpathways.catalog.models import Opportunity, OpportunityType, Section
from openpathways.consents.models import Consent
from openpathways.demo.selectors import entity_counts
from openpathways.demo.services import DEMO_PASSWORD, UnknownSizeError, demo_build
from openpathways.enrollments.models import CourseEnrollment
from openpathways.organizations.models import Organization, School
from openpathways.students.models import Student

FIRST_FIELDS = ("state_student_id", "first_name", "last_name", "school__name", "grade",
                "race_ethnicity", "birth_date", "residence_city")  # fmt: skip


def _first_students(n: int = 20) -> list[tuple[object, ...]]:
    return list(Student.objects.order_by("pk").values_list(*FIRST_FIELDS)[:n])


@pytest.mark.django_db
def test_same_seed_same_database_and_another_seed_differs() -> None:
    demo_build(size="tiny", seed=5)
    stats_a, first_a = entity_counts(), _first_students()
    enrollments_a = list(
        CourseEnrollment.objects.order_by("pk").values_list("student_id", "section_id", "grade")
    )
    demo_build(size="tiny", seed=5)  # rebuilds from scratch
    assert entity_counts() == stats_a
    assert _first_students() == first_a
    assert (
        list(
            CourseEnrollment.objects.order_by("pk").values_list("student_id", "section_id", "grade")
        )
        == enrollments_a
    )
    demo_build(size="tiny", seed=6)
    assert _first_students() != first_a


@pytest.mark.django_db
def test_unknown_size_is_refused_and_nothing_is_written() -> None:
    with pytest.raises(UnknownSizeError, match="huge"):
        demo_build(size="huge", seed=1)
    assert not Organization.objects.exists()


@pytest.mark.django_db
def test_small_builds_in_under_30_seconds() -> None:
    started = time.perf_counter()
    result = demo_build(size="small", seed=1)
    assert time.perf_counter() - started < 30
    assert Student.objects.filter(status="enrolled").count() == 3_000
    assert result.rows_written > 10_000


def test_the_build_is_recorded_once_as_a_system_event(tiny_demo) -> None:
    events = list(AuditEvent.objects.all())
    assert [e.action for e in events] == ["demo.built"]
    assert events[0].actor is None
    assert events[0].actor_label == "system"
    assert events[0].details["size"] == "tiny"
    assert events[0].details["seed"] == 11


def test_organizations_are_modelled_on_los_angeles(tiny_demo) -> None:
    county = Organization.objects.get(kind="county_office")
    assert county.name == "Los Angeles County Office of Education"
    lausd = Organization.objects.get(kind="district", name="Los Angeles Unified School District")
    assert lausd.parent_id == county.pk
    colleges = set(Organization.objects.filter(kind="college").values_list("name", flat=True))
    assert {"East Los Angeles College", "Los Angeles Trade-Technical College",
            "West Los Angeles College", "Los Angeles Pierce College"} <= colleges  # fmt: skip
    assert len(colleges) == 9
    assert Organization.objects.filter(kind="city").count() >= 25
    compacts = set(
        Organization.objects.filter(compacts_as_city__isnull=False).values_list("city", flat=True)
    )
    assert compacts == {"Los Angeles", "Carson", "Bell", "Cudahy", "Huntington Park", "Maywood",
                        "San Fernando", "West Hollywood", "Vernon"}  # fmt: skip
    for school in School.objects.select_related("organization"):
        assert len(school.cds_code) == 14
        assert school.cds_code.isdigit()
        assert school.cds_code.startswith("1964733")  # LA County, LA Unified
        assert school.organization.code == school.cds_code


def test_every_schools_9_12_flag_follows_its_grade_span(tiny_demo) -> None:
    schools = list(School.objects.all())
    for school in schools:
        assert school.serves_9_12 == school.compute_serves_9_12(), school.cds_code
    types_not_serving = {s.school_type for s in schools if not s.serves_9_12}
    assert {"middle", "elementary", "adult_ed"} <= types_not_serving
    serving_types = {s.school_type for s in schools if s.serves_9_12}
    assert "high" in serving_types
    pending = [s for s in schools if s.grade_served_low is None]
    assert pending
    assert all(s.serves_9_12 for s in pending)
    # Students are only enrolled at schools that serve grades 9-12.
    assert not Student.objects.filter(school__school__serves_9_12=False).exists()


def test_adult_education_classes_run_after_school_and_on_saturday_at_the_host_schools(
    tiny_demo,
) -> None:
    dace = Section.objects.filter(course__provider="adult_ed").select_related("host_site")
    hosts = {s.host_site.name for s in dace}
    assert hosts == {"Eagle Rock High School", "Thomas Jefferson High School",
                     "Edward R. Roybal Learning Center", "Belmont High School"}  # fmt: skip
    assert {s.schedule for s in dace} == {"after_school", "saturday"}
    assert not any(s.high_school_only for s in dace)
    # Closed to the public only when taught at the high school during the school day.
    for section in Section.objects.filter(high_school_only=True):
        assert section.schedule == "school_day"
        assert section.host_site.kind == "school"


def test_demo_accounts_exist_for_every_role_with_the_demo_password(tiny_demo) -> None:
    users = {
        u.username: u
        for u in User.objects.filter(username__in=[a.username for a in tiny_demo.accounts])
    }
    assert len(users) == 11
    assert {u.role for u in users.values()} == {r.value for r in Role}
    county_scope = users["county.admin"].organization
    assert county_scope is not None
    assert county_scope.kind == "county_office"
    assert users["district.admin"].check_password(DEMO_PASSWORD)
    assert len({u.password for u in users.values()}) == 1  # one shared demo password
    student = users["student"].student
    assert student is not None
    assert student.school.name == "Eagle Rock High School"
    guardian = users["guardian"].guardian
    assert guardian is not None
    assert student in guardian.students.all()
    counselor = users["counselor"]
    assert counselor.caseload.exists()
    assert counselor.role == Role.COUNSELOR
    # Other counselors exist but cannot sign in with a password.
    others = User.objects.filter(role=Role.COUNSELOR).exclude(username="counselor")
    assert others.exists()
    assert not any(u.has_usable_password() for u in others)


def test_demographics_resemble_la_unified(small_demo) -> None:
    enrolled = Student.objects.filter(status="enrolled")
    n = enrolled.count()
    share = {
        k: v / n for k, v in Counter(enrolled.values_list("race_ethnicity", flat=True)).items()
    }
    assert 0.68 <= share["hispanic"] <= 0.80
    assert 0.05 <= share["black"] <= 0.11
    assert 0.02 <= share["asian"] <= 0.07
    assert 0.07 <= share["white"] <= 0.13
    assert 0.01 <= share["filipino"] <= 0.04
    assert enrolled.filter(socioeconomically_disadvantaged=True).count() / n > 0.7
    for flag in ("english_learner", "disability", "foster", "homeless"):
        assert 0 < enrolled.filter(**{flag: True}).count() < n / 3, flag
    assert set(enrolled.values_list("grade", flat=True)) == {9, 10, 11, 12}
    # Residence: most in a city, some unincorporated or unknown.
    assert enrolled.filter(residence_city_org__isnull=True).exists()
    assert enrolled.filter(residence_city_org__isnull=False).count() / n > 0.9
    # Most students live in a city with an Education Compact, not all (domain.md: 87%).
    in_compact = enrolled.filter(residence_city_org__compacts_as_city__status="active").count()
    assert 0.7 < in_compact / n < 0.95


def test_dual_enrollment_shows_the_participation_gaps(small_demo) -> None:
    enrolled = Student.objects.filter(status="enrolled")
    all_share = Counter(enrolled.values_list("race_ethnicity", flat=True))
    dual_ids = CourseEnrollment.objects.filter(section__course__provider="college").values(
        "student_id"
    )
    dual = enrolled.filter(pk__in=dual_ids)
    dual_share = Counter(dual.values_list("race_ethnicity", flat=True))
    n_all, n_dual = enrolled.count(), dual.count()
    assert 0.08 < n_dual / n_all < 0.25
    assert dual_share["hispanic"] / n_dual < all_share["hispanic"] / n_all
    assert dual_share["black"] / n_dual < all_share["black"] / n_all
    assert dual_share["asian"] / n_dual > all_share["asian"] / n_all
    assert dual_share["white"] / n_dual > all_share["white"] / n_all


def test_applications_cover_every_status_with_a_matching_history(small_demo) -> None:
    statuses = set(Application.objects.values_list("status", flat=True))
    assert statuses == {s.value for s in ApplicationStatus}
    for app in Application.objects.prefetch_related("events").order_by("pk")[:300]:
        events = list(app.events.all())
        assert events[0].to_status == "requested"
        assert events[0].from_status == ""
        assert events[-1].to_status == app.status
        for before, after in itertools.pairwise(events):
            assert after.from_status == before.to_status
            assert after.at >= before.at
    # Registered applications this fall have a seat (an enrollment in the same section).
    registered = Application.objects.filter(status="registered").values_list(
        "student_id", "section_id"
    )
    seats = set(CourseEnrollment.objects.values_list("student_id", "section_id"))
    assert set(registered) <= seats


def test_grades_units_consents_and_coverage_have_realistic_gaps(small_demo) -> None:
    grades = set(CourseEnrollment.objects.values_list("grade", flat=True))
    assert {"A", "C-", "F", "W", "NP", "P", ""} <= grades
    for e in CourseEnrollment.objects.filter(grade__in=["W", "NP", "F", "D"])[:200]:
        assert e.units_earned == 0
        assert e.units_attempted >= 0
    assert CourseEnrollment.objects.filter(grade="B", units_earned__gt=0).exists()
    # Consents: some revoked, and some applicants awaiting consent have none.
    assert Consent.objects.filter(status="revoked", revoked_at__isnull=False).exists()
    waiting = Application.objects.filter(status__in=["requested", "recommended"]).values(
        "student_id"
    )
    assert Student.objects.filter(pk__in=waiting).exclude(consents__kind="dual_enrollment").exists()
    # School coverage of the five opportunity types is below 100% for some types.
    serving = School.objects.filter(
        serves_9_12=True, organization__students__isnull=False
    ).distinct()
    n = serving.count()
    for typ in OpportunityType.values:
        covered = (
            Opportunity.objects.filter(type=typ, academic_year=2026)
            .values("school_id")
            .distinct()
            .count()
        )
        assert 0 < covered <= n, typ
    aa = (
        Opportunity.objects.filter(type="aa_degree", academic_year=2026)
        .values("school_id")
        .distinct()
        .count()
    )
    assert aa < n

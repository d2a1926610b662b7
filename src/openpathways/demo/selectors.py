"""Reads for the operator commands: counts per entity (`openpathways stats`, aggregates only,
never a student row) and the demo accounts with their sign-in links."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Model, QuerySet

from openpathways.demo.services.builder import DEMO_PASSWORD


def _by(qs: QuerySet[Any], field: str) -> dict[str, int]:
    rows = qs.order_by().values(field).annotate(n=Count("pk")).order_by(field)
    return {str(r[field]): int(r["n"]) for r in rows}


def _count(model: type[Model]) -> int:
    return int(model._default_manager.order_by().count())


def entity_counts() -> dict[str, Any]:
    """Row counts of the partnership's entities (a plain dict, ready for JSON)."""
    from openpathways.agreements.models import EducationCompact, VendorContract
    from openpathways.applications.models import Application, ApplicationEvent
    from openpathways.audit.models import AuditEvent
    from openpathways.catalog.models import Opportunity, Section
    from openpathways.consents.models import Consent
    from openpathways.enrollments.models import CourseEnrollment, CredentialEarned
    from openpathways.organizations.models import Organization, School
    from openpathways.students.models import Guardian, Student
    from openpathways.wbl.models import HoursLog, Placement

    schools = School.objects.order_by()
    return {
        "organizations_by_kind": _by(Organization.objects.all(), "kind"),
        "schools": schools.count(),
        "schools_serving_9_12": schools.filter(serves_9_12=True).count(),
        "students": _count(Student),
        "students_by_status": _by(Student.objects.all(), "status"),
        "guardians": _count(Guardian),
        "sections": _count(Section),
        "opportunities_by_type": _by(Opportunity.objects.all(), "type"),
        "course_enrollments": _count(CourseEnrollment),
        "applications_by_status": _by(Application.objects.all(), "status"),
        "application_events": _count(ApplicationEvent),
        "consents_by_status": _by(Consent.objects.all(), "status"),
        "credentials": _count(CredentialEarned),
        "placements": _count(Placement),
        "hours_logs": _count(HoursLog),
        "compacts": _count(EducationCompact),
        "vendor_contracts": _count(VendorContract),
        "audit_events": _count(AuditEvent),
    }


def total(value: Any) -> int:
    """A count, or the sum of a breakdown."""
    return sum(value.values()) if isinstance(value, dict) else int(value)


#: (label, username) in the order they are printed.
DEMO_ACCOUNTS: list[tuple[str, str]] = [
    ("County-office admin", "county.admin"),
    ("District admin", "district.admin"),
    ("School admin", "school.admin"),
    ("Counselor", "counselor"),
    ("College dual-enrollment staff", "college.staff"),
    ("Adult-education staff", "adulted.staff"),
    ("Employer partner", "employer"),
    ("City partner", "city.partner"),
    ("Student", "student"),
    ("Parent/guardian", "guardian"),
    ("Analyst", "analyst"),
]


@dataclass(frozen=True)
class AccountLink:
    label: str
    username: str
    password: str
    scope: str
    url: str


def demo_account_links(*, base_url: str) -> list[AccountLink]:
    """Sign-in details of the demo accounts present in the database, each with a fresh signed
    one-click link (valid only on a server started with OPENPATHWAYS_DEMO_LOGIN=1)."""
    from openpathways.accounts.models import User
    from openpathways.accounts.services import demo_login_url

    users = {
        u.username: u
        for u in User.objects.select_related("organization").filter(
            username__in=[name for _label, name in DEMO_ACCOUNTS]
        )
    }
    links = []
    for label, username in DEMO_ACCOUNTS:
        user = users.get(username)
        if user is None:
            continue
        scope = user.organization.name if user.organization else "their own children"
        links.append(
            AccountLink(label, username, DEMO_PASSWORD, scope,
                        demo_login_url(user=user, base_url=base_url))
        )  # fmt: skip
    return links

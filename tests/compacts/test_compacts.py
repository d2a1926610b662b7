"""Education Compacts: services and role checks, coverage math (metrics.md: unknown or
unincorporated residence in the denominator only; school location labelled apart), the count
against the goal, the compacts pages and the `metrics compacts` command."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import pytest
from click.testing import CliRunner
from django.core.exceptions import PermissionDenied
from django.test import Client

from openpathways.accounts.models import Role
from openpathways.agreements import services
from openpathways.agreements.models import CommitmentStatus, EducationCompact
from openpathways.agreements.selectors import compact_coverage, compact_detail_list
from openpathways.audit.models import AuditEvent
from openpathways.cli.main import cli
from openpathways.organizations.models import Organization, OrganizationKind
from tests.factories import (
    DistrictFactory,
    OrganizationFactory,
    SchoolFactory,
    StudentFactory,
    UserFactory,
)


@dataclass
class Cities:
    district: Organization
    bell: Organization
    carson: Organization
    vernon: Organization
    admin: Any
    bell_partner: Any
    carson_partner: Any


def _students(n: int, school: Organization, city: Organization | None, **kw: Any) -> None:
    for _ in range(n):
        StudentFactory.create(school=school, residence_city_org=city, **kw)


@pytest.fixture
def cities(db: None) -> Cities:
    district = DistrictFactory.create(name="Harbor Unified")
    bell, carson, vernon = (
        OrganizationFactory.create(kind=OrganizationKind.CITY, name=n, city=n)
        for n in ("Bell", "Carson", "Vernon")
    )
    in_bell = SchoolFactory.create(organization__parent=district, organization__city="Bell")
    in_carson = SchoolFactory.create(organization__parent=district, organization__city="Carson")
    # Residence: 12 in Bell (compact), 3 in Carson (no compact), 2 in Vernon (expired compact),
    # 3 unknown or unincorporated. Bell's school holds 14 of the 20; Carson's school 6.
    _students(12, in_bell.organization, bell)
    _students(2, in_bell.organization, None)
    _students(3, in_carson.organization, carson)
    _students(2, in_carson.organization, vernon)
    _students(1, in_carson.organization, None)
    _students(4, in_bell.organization, bell, status="graduated")  # not enrolled: left out
    admin = UserFactory.create(role=Role.DISTRICT_ADMIN, organization=district)
    services.education_compact_create(actor=admin, city_id=bell.pk, name="Bell compact",
                                      signed_on=dt.date(2024, 5, 1),
                                      renewal_on=dt.date(2027, 5, 1))  # fmt: skip
    services.education_compact_create(actor=admin, city_id=vernon.pk, name="Vernon compact",
                                      status="expired")  # fmt: skip
    return Cities(
        district=district, bell=bell, carson=carson, vernon=vernon, admin=admin,
        bell_partner=UserFactory.create(role=Role.CITY_PARTNER, organization=bell),
        carson_partner=UserFactory.create(role=Role.CITY_PARTNER, organization=carson),
    )  # fmt: skip


def test_coverage_counts_unknown_residence_in_the_denominator_only(cities: Cities) -> None:
    coverage = compact_coverage(actor=cities.admin)
    assert (coverage.residence.covered, coverage.residence.students) == (12, 20)
    assert coverage.residence.share == pytest.approx(0.6)
    assert coverage.residence.unknown == "3"
    by_city = {r.city: (r.students, r.has_compact) for r in coverage.residence.rows}
    assert by_city == {"Bell": ("12", True), "Carson": ("3", False), "Vernon": ("2", False)}
    # By school location: the 14 students at the school in Bell are covered.
    assert (coverage.school_location.covered, coverage.school_location.students) == (14, 20)
    assert coverage.compacts == 1
    assert coverage.goal == 12
    assert coverage.cities == ["Bell"]


def test_a_city_partner_sees_suppressed_counts_and_only_its_compacts(cities: Cities) -> None:
    coverage = compact_coverage(actor=cities.bell_partner)
    by_city = {r.city: r.students for r in coverage.residence.rows}
    assert by_city["Bell"] == "12"
    assert by_city["Carson"] == "*"
    assert by_city["Vernon"] == "*"
    assert coverage.residence.share == pytest.approx(0.6)  # a district-wide share is shown
    assert [c.city for c in compact_detail_list(actor=cities.bell_partner)] == ["Bell"]
    assert compact_detail_list(actor=cities.carson_partner) == []


def test_both_sides_update_commitments_and_milestones_within_their_side(cities: Cities) -> None:
    compact = EducationCompact.objects.get(city=cities.bell)
    c = services.compact_commitment_create(
        actor=cities.admin, compact_id=compact.pk, title="Family workshops", category="families"
    )
    services.compact_commitment_update(actor=cities.bell_partner, commitment_id=c.pk,
                                       status=CommitmentStatus.IN_PROGRESS,
                                       city_owner="Parks director")  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.compact_commitment_update(actor=cities.bell_partner, commitment_id=c.pk,
                                           district_owner="Someone")  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.compact_commitment_update(actor=cities.carson_partner, commitment_id=c.pk,
                                           status=CommitmentStatus.DONE)  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.education_compact_update(actor=cities.bell_partner, compact_id=compact.pk,
                                          status="terminated")  # fmt: skip
    m = services.compact_milestone_create(actor=cities.bell_partner, commitment_id=c.pk,
                                          title="First workshop")  # fmt: skip
    with pytest.raises(services.AgreementError):
        services.compact_milestone_complete(actor=cities.bell_partner, milestone_id=m.pk,
                                            done_on=dt.date(2026, 1, 5), evidence=" ")  # fmt: skip
    services.compact_milestone_complete(actor=cities.bell_partner, milestone_id=m.pk,
                                        done_on=dt.date(2026, 1, 5),
                                        evidence="Sign-in sheet, 40 families")  # fmt: skip
    [detail] = compact_detail_list(actor=cities.admin, city_id=cities.bell.pk)
    [row] = detail.commitments
    assert (row.status_code, row.city_owner) == ("in_progress", "Parks director")
    assert row.milestones[0].evidence == "Sign-in sheet, 40 families"
    event = AuditEvent.objects.filter(action="agreements.milestone_completed").get()
    assert event.details["side"] == "city"


def test_a_second_active_compact_with_the_same_city_is_refused(cities: Cities) -> None:
    with pytest.raises(services.AgreementError):
        services.education_compact_create(actor=cities.admin, city_id=cities.bell.pk,
                                          name="Again")  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.education_compact_create(actor=cities.bell_partner, city_id=cities.carson.pk,
                                          name="Carson")  # fmt: skip


def test_the_city_page_shows_coverage_and_the_goal_as_the_partner_sees_it(cities: Cities) -> None:
    client = Client()
    client.force_login(cities.bell_partner)
    overview = client.get("/compacts/").content.decode()
    assert "1 of 12" in overview
    assert "60.0%" in overview
    assert "70.0%" in overview
    page = client.get(f"/compacts/cities/{cities.bell.pk}/")
    assert page.status_code == 200
    assert "Bell compact" in page.content.decode()
    assert client.get(f"/compacts/cities/{cities.carson.pk}/").status_code == 404
    client.cookies["django_language"] = "es"
    es = client.get("/compacts/")
    assert "1 de 12" in es.content.decode()


def test_metrics_compacts_command_prints_the_goal_figures(cities: Cities) -> None:
    result = CliRunner().invoke(cli, ["metrics", "compacts", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["compacts"] == 1
    assert data["goal"] == 12
    assert data["cities"] == ["Bell"]
    assert data["by_residence"] == {
        "students": 20, "covered": 12, "coverage_share": 0.6,
        "unknown_or_unincorporated_residence": 3,
    }  # fmt: skip
    assert data["by_school_location"]["coverage_share"] == 0.7
    table = CliRunner().invoke(cli, ["metrics", "compacts"])
    assert table.exit_code == 0
    assert "1 of goal 12" in table.output
    assert "60.0%" in table.output

"""`openpathways metrics vendors`: vendors with obligations, compliant share, placements and
hours committed vs offered vs delivered (metrics.md: vendor WBL compliance)."""

from __future__ import annotations

import datetime as dt
import json

from click.testing import CliRunner
from django.utils import timezone

from openpathways.agreements.models import VendorContract
from openpathways.agreements.selectors import current_school_year
from openpathways.cli.main import cli
from openpathways.wbl import services
from tests.factories import OrganizationFactory
from tests.wbl.conftest import Wbl
from tests.wbl.test_services import active_placement


def _vendors() -> dict[str, object]:
    result = CliRunner().invoke(cli, ["metrics", "vendors", "--format", "json"])
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.output)
    return data


def test_vendor_compliance_counts_committed_offered_and_delivered(wbl: Wbl) -> None:
    # A second vendor with an hours-only obligation that delivers nothing, and a contract with
    # no obligation (not counted), and an expired one (not counted).
    other = OrganizationFactory.create(kind="employer", name="Harbor Freight", is_vendor=True)
    today = timezone.localdate()
    for number, hours, status in (("C-200", 40, "active"), ("C-201", 0, "active"),
                                  ("C-202", 40, "expired")):  # fmt: skip
        VendorContract.objects.create(
            vendor=other, district=wbl.district, number=number, title="Parts",
            start_date=today - dt.timedelta(days=10), end_date=today + dt.timedelta(days=100),
            wbl_hours_committed=hours, status=status,
        )  # fmt: skip
    before = _vendors()
    assert before["vendors_with_obligations"] == 2
    assert before["compliant"] == 0
    assert before["placements"] == {"committed": 1, "offered": 0, "delivered": 0}
    assert before["hours"] == {"committed": 46, "offered": 0, "delivered": 0.0}

    placement_id, token = active_placement(wbl)
    entry = services.hours_log(actor=wbl.student_user, placement_id=placement_id,
                               worked_on=today, hours="6")  # fmt: skip
    services.hours_confirm_by_link(token=token, hours_ids=[entry.pk])
    after = _vendors()
    assert after["compliant"] == 1
    assert after["compliant_share"] == 0.5
    assert after["placements"] == {"committed": 1, "offered": 2, "delivered": 1}
    assert after["hours"] == {"committed": 46, "offered": 12, "delivered": 6.0}
    year = current_school_year()
    assert after["academic_year"] == f"{year}-{(year + 1) % 100:02d}"
    table = CliRunner().invoke(cli, ["metrics", "vendors"])
    assert table.exit_code == 0
    assert "50.0%" in table.output
    last_year = CliRunner().invoke(
        cli, ["metrics", "vendors", "--format", "json", "--year", str(year - 5)]
    )
    assert json.loads(last_year.output)["vendors_with_obligations"] == 0

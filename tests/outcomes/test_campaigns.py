"""Senior campaigns: counselor entries with history, the lists (no decision, not started, stuck,
no college application), deadlines, progress by school (suppressed for analysts), and the CSV
import: all or nothing, with errors naming file, line, column and value."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.core.exceptions import PermissionDenied
from django.test import Client

from openpathways.audit.models import AuditEvent
from openpathways.cli.main import cli
from openpathways.outcomes.campaign_rules import CampaignCsvError, campaign_csv_parse
from openpathways.outcomes.models import CampaignChange, SeniorCampaign
from openpathways.outcomes.selectors import (
    campaign_deadlines,
    campaign_list,
    campaign_progress_by_school,
)
from openpathways.outcomes.services import (
    CampaignUpdate,
    campaign_status_set,
    campaign_statuses_import,
)
from openpathways.students.access import StudentAccessDenied
from tests.factories import StudentFactory
from tests.outcomes.world import TODAY, World

pytestmark = pytest.mark.django_db


def _names(page: object) -> list[str]:
    return [r.student.first_name for r in page.rows]  # type: ignore[attr-defined]


def test_counselor_entry_keeps_history_and_is_audited(world: World) -> None:
    campaign_status_set(
        actor=world.counselor, student_id=world.senior.pk, today=TODAY,
        update=CampaignUpdate(financial_aid="in_progress"),
    )  # fmt: skip
    campaign_status_set(
        actor=world.counselor, student_id=world.senior.pk, today=dt.date(2026, 11, 2),
        update=CampaignUpdate(financial_aid="fafsa_completed", community_college="submitted"),
    )  # fmt: skip
    campaign = SeniorCampaign.objects.get(student=world.senior)
    assert (campaign.financial_aid, campaign.financial_aid_on) == (
        "fafsa_completed", dt.date(2026, 11, 2),
    )  # fmt: skip
    history = [(c.field, c.old_value, c.new_value, c.actor_label) for c in
               CampaignChange.objects.filter(campaign=campaign)]  # fmt: skip
    assert history == [
        ("financial_aid", "not_started", "in_progress", "counselor"),
        ("financial_aid", "in_progress", "fafsa_completed", "counselor"),
        ("community_college", "not_started", "submitted", "counselor"),
    ]
    assert (
        AuditEvent.objects.filter(
            action="outcomes.campaign_updated", student_id=world.senior.pk
        ).count()
        == 2
    )


def test_only_staff_in_scope_record_statuses(world: World) -> None:
    with pytest.raises(PermissionDenied):
        campaign_status_set(actor=world.senior_parent, student_id=world.senior.pk,
                            update=CampaignUpdate(financial_aid="opted_out"))  # fmt: skip
    outsider_student = StudentFactory.create(school=world.other_school, grade=12,
                                             graduation_cohort=2027)  # fmt: skip
    with pytest.raises(PermissionDenied):
        campaign_status_set(actor=world.counselor, student_id=outsider_student.pk,
                            update=CampaignUpdate(financial_aid="opted_out"))  # fmt: skip


def test_campaign_lists(world: World) -> None:
    # senior: started and stuck for a month; other senior: nothing; junior: not a senior
    campaign_status_set(
        actor=world.counselor, student_id=world.senior.pk, today=TODAY,
        update=CampaignUpdate(financial_aid="in_progress", financial_aid_on=dt.date(2026, 9, 10)),
    )  # fmt: skip

    def page(code: str, **kw: object) -> object:
        return campaign_list(actor=world.counselor, list_code=code, channel="web", today=TODAY,
                             **kw)  # type: ignore[arg-type]  # fmt: skip

    assert _names(page("no_decision")) == ["Nina", "Lucia"]  # by last name: Park, Reyes
    assert _names(page("not_started")) == ["Nina"]
    assert _names(page("stuck")) == ["Lucia"]
    assert _names(page("no_college_application")) == ["Nina", "Lucia"]
    assert _names(page("no_decision", caseload_only=True)) == ["Lucia"]
    first = page("stuck").rows[0]  # type: ignore[attr-defined]
    assert (first.stuck, first.next_action) == (True, "follow_up_financial_aid")
    assert page("all").counts == {  # type: ignore[attr-defined]
        "no_decision": 2, "not_started": 1, "stuck": 1, "no_college_application": 2, "all": 2,
    }  # fmt: skip
    # a decision takes a senior off the queue
    campaign_status_set(actor=world.counselor, student_id=world.other_senior.pk, today=TODAY,
                        update=CampaignUpdate(financial_aid="opted_out"))  # fmt: skip
    assert _names(page("no_decision")) == ["Lucia"]


def test_lists_log_each_senior_shown_and_refuse_families(world: World) -> None:
    campaign_list(actor=world.counselor, list_code="no_decision", channel="web", today=TODAY)
    logged = set(AuditEvent.objects.filter(actor=world.counselor, action="students.listed")
                 .values_list("student_id", flat=True))  # fmt: skip
    assert logged == {world.senior.pk, world.other_senior.pk}
    with pytest.raises(StudentAccessDenied):
        campaign_list(actor=world.senior_parent, channel="web")


def test_deadlines_count_seniors_still_to_act(world: World) -> None:
    campaign_status_set(actor=world.counselor, student_id=world.senior.pk, today=TODAY,
                        update=CampaignUpdate(financial_aid="cadaa_completed"))  # fmt: skip
    rows = {d.code: d for d in campaign_deadlines(actor=world.counselor, today=TODAY)}
    assert rows["cal_grant"].due == dt.date(2027, 3, 2)
    assert rows["cal_grant"].days_left == 138
    assert (rows["cal_grant"].open_count, rows["cal_grant"].seniors) == (1, 2)
    assert rows["gpa_upload"].due == dt.date(2026, 10, 1)
    assert rows["gpa_upload"].passed


def test_progress_by_school_is_exact_for_staff_and_suppressed_for_analysts(world: World) -> None:
    staff = campaign_progress_by_school(actor=world.district_admin, today=TODAY)
    assert not staff.suppressed
    bayview = next(r for r in staff.rows if r["school"] == "Bayview High")
    assert (bayview["seniors"], bayview["no_decision"], bayview["no_decision_pct"]) == (
        "2", "2", "100.0",
    )  # fmt: skip
    analyst = campaign_progress_by_school(actor=world.analyst, today=TODAY)
    assert analyst.suppressed
    bayview = next(r for r in analyst.rows if r["school"] == "Bayview High")
    assert bayview["seniors"] == "*"
    assert bayview["no_decision"] == "*"
    assert bayview["no_decision_pct"] == "*"
    assert bayview["fafsa"] == "0"


CSV_OK = (
    "state_student_id,financial_aid,financial_aid_on,community_college,university\n"
    "9100000001,FAFSA_completed,2026-10-01,submitted,\n"
    "9100000003,opted_out,,,not_applying\n"
)


def test_import_writes_statuses_with_their_source(world: World) -> None:
    rows = campaign_csv_parse(CSV_OK, file="aid.csv")
    result = campaign_statuses_import(actor=world.counselor, rows=rows, file="aid.csv", today=TODAY)
    assert (result.created, result.changed, result.unchanged) == (2, 0, 0)
    lucia = SeniorCampaign.objects.get(student=world.senior)
    assert (lucia.financial_aid, lucia.community_college, lucia.university, lucia.source) == (
        "fafsa_completed", "submitted", "not_started", "imported",
    )  # fmt: skip
    assert CampaignChange.objects.filter(campaign=lucia, source_detail="aid.csv:2").count() == 2
    again = campaign_statuses_import(actor=world.counselor, rows=rows, file="aid.csv", today=TODAY)
    assert again.unchanged == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("student,financial_aid\n1,opted_out\n",
         "aid.csv, line 1, column state_student_id: required column is missing from the header"),
        ("state_student_id,financial_aid\n9100000001,maybe\n",
         "aid.csv, line 2, column financial_aid: 'maybe' is not one of not_started"),
        ("state_student_id,financial_aid,financial_aid_on\n9100000001,opted_out,10/01/2026\n",
         "aid.csv, line 2, column financial_aid_on: '10/01/2026' is not a date (YYYY-MM-DD)"),
        ("state_student_id,university\n9100000001,submitted\n9100000001,admitted\n",
         "aid.csv, line 3, column state_student_id: '9100000001' appears again (first on line 2)"),
        ("state_student_id,university\n,submitted\n",
         "aid.csv, line 2, column state_student_id: '' is empty"),
    ],
)  # fmt: skip
def test_csv_errors_name_file_line_column_and_value(text: str, message: str) -> None:
    with pytest.raises(CampaignCsvError) as caught:
        campaign_csv_parse(text, file="aid.csv")
    assert str(caught.value.errors[0]).startswith(message)


def test_import_is_all_or_nothing(world: World) -> None:
    text = CSV_OK + "9100000002,opted_out,,,\n9999999999,opted_out,,,\n"
    rows = campaign_csv_parse(text, file="aid.csv")
    with pytest.raises(CampaignCsvError) as caught:
        campaign_statuses_import(actor=world.counselor, rows=rows, file="aid.csv", today=TODAY)
    assert [str(e) for e in caught.value.errors] == [
        "aid.csv, line 4, column state_student_id: '9100000002' is in the class of 2028, "
        "not a senior of the class of 2027",
        "aid.csv, line 5, column state_student_id: '9999999999' no such student in your scope",
    ]
    assert not SeniorCampaign.objects.exists()


def test_cli_import_and_list(world: World, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("state_student_id,financial_aid\n9100000001,done\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["campaigns", "import", str(bad), "--today", "2026-10-15"])
    assert result.exit_code == 1
    assert "bad.csv, line 2, column financial_aid: 'done' is not one of" in result.output
    assert "nothing was written" in result.output
    good = tmp_path / "aid.csv"
    good.write_text(CSV_OK, encoding="utf-8")
    dry = runner.invoke(
        cli, ["campaigns", "import", str(good), "--as", "counselor", "--today", "2026-10-15",
              "--dry-run"],
    )  # fmt: skip
    assert dry.exit_code == 0, dry.output
    assert "2 seniors would be added" in dry.output
    assert not SeniorCampaign.objects.exists()
    done = runner.invoke(
        cli, ["campaigns", "import", str(good), "--as", "counselor", "--today", "2026-10-15"]
    )
    assert done.exit_code == 0, done.output
    assert SeniorCampaign.objects.count() == 2
    listed = runner.invoke(
        cli, ["campaigns", "list", "--as", "counselor", "--list", "all", "--format", "csv",
              "--today", "2026-10-15"],
    )  # fmt: skip
    assert listed.exit_code == 0, listed.output
    lines = listed.output.strip().splitlines()
    assert lines[0].startswith("state_student_id,last_name")
    assert "9100000001,Reyes,Lucia,Bayview High,fafsa_completed,submitted,not_started" in lines[2]
    refused = runner.invoke(cli, ["campaigns", "list", "--as", "parent"])
    assert refused.exit_code == 1
    assert "school staff" in refused.output


def test_counselor_queue_page_is_one_click_from_home(world: World, client: Client) -> None:
    client.force_login(world.counselor)
    home = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'href="/campaigns/"' in home
    page = client.get("/campaigns/", HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert "Senior campaigns: No FAFSA/CADAA decision" in html
    assert "Reyes, Lucia" in html
    assert "Park, Nina" not in html  # another counselor's caseload: one click away
    assert "Park, Nina" in client.get("/campaigns/?mine=0").content.decode()


def test_counselor_records_a_status_on_the_page(world: World, client: Client) -> None:
    client.force_login(world.counselor)
    url = f"/campaigns/students/{world.senior.pk}/"
    assert client.get(url).status_code == 200
    bad = client.post(url, {"financial_aid": "opted_out", "financial_aid_on": "soon"})
    assert bad.status_code == 400
    response = client.post(url, {"financial_aid": "opted_out", "community_college": "not_started",
                                 "university": "not_started"})  # fmt: skip
    assert response.status_code == 302
    assert SeniorCampaign.objects.get(student=world.senior).financial_aid == "opted_out"
    assert "Opted out" in client.get(url).content.decode()


def test_campaign_list_downloads_as_csv(world: World, client: Client) -> None:
    client.force_login(world.counselor)
    response = client.get("/campaigns/export.csv?list=all&mine=0")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    lines = response.content.decode().strip().splitlines()
    assert lines[0].startswith("state_student_id,last_name,first_name,school,financial_aid")
    assert [line.split(",")[1] for line in lines[1:]] == ["Park", "Reyes"]
    assert AuditEvent.objects.filter(actor=world.counselor, channel="export").count() == 2


def test_school_staff_filter_the_campaign_list_by_school(world: World, client: Client) -> None:
    client.force_login(world.district_admin)
    html = client.get("/campaigns/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'<option value="{world.school.pk}"' in html
    assert "Reyes, Lucia" in html
    other = client.get(f"/campaigns/?school={world.other_school.pk}").content.decode()
    assert "Reyes, Lucia" not in other
    assert "No senior on this list." in other

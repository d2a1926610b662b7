"""Consent reminders and the counselor digest: who gets one, in which language, with a fresh
signed link, once a day; the dry run sends nothing; the commands report what they did."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from click.testing import CliRunner
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from openpathways.accounts.models import Role
from openpathways.applications.models import Application, ApplicationEvent
from openpathways.cli.main import cli
from openpathways.consents.services import (
    ConsentLinkError,
    consent_link_issue_quiet,
    consent_link_open,
)
from openpathways.rosters.models import ReminderLog
from openpathways.rosters.services import consent_reminders_send, counselor_digests_send
from openpathways.students.models import StudentGuardian
from tests.factories import (
    CourseFactory,
    GuardianFactory,
    SchoolFactory,
    SectionFactory,
    StudentFactory,
    StudentGuardianFactory,
    UserFactory,
)
from tests.rosters.world import consent

pytestmark = pytest.mark.django_db(transaction=True)


def _waiting(student, section, days: int, status: str = "recommended") -> Application:
    app = Application.objects.create(
        student=student, section=section, term=section.term, program="ccap", status=status
    )
    ApplicationEvent.objects.create(
        application=app, from_status="eligibility_checked", to_status=status,
        at=timezone.now() - dt.timedelta(days=days),
    )  # fmt: skip
    return app


@pytest.fixture
def families() -> dict[str, object]:
    school = SchoolFactory.create(organization__name="Bayview High").organization
    counselor = UserFactory.create(
        username="rosa", first_name="Rosa", role=Role.COUNSELOR, organization=school,
        email="rosa@example.org", preferred_language="es",
    )  # fmt: skip
    course = CourseFactory.create(code="ENGL 101", title="College Composition",
                                  title_es="Composición universitaria")  # fmt: skip
    section = SectionFactory.create(course=course)

    def student(first: str, lang: str, days: int, *, with_consent: bool = False) -> object:
        s = StudentFactory.create(school=school, first_name=first, counselor=counselor)
        guardian = GuardianFactory.create(first_name=f"Parent of {first}", preferred_language=lang)
        StudentGuardianFactory.create(student=s, guardian=guardian)
        _waiting(s, section, days)
        if with_consent:
            consent(s)
        return s

    return {
        "school": school,
        "counselor": counselor,
        "section": section,
        "lucia": student("Lucia", "es", 10),
        "ben": student("Ben", "en", 9),
        "recent": student("Recent", "en", 2),
        "done": student("Done", "es", 30, with_consent=True),
    }


def test_guardians_waiting_longer_than_n_days_get_one_reminder_in_their_language(
    families: dict[str, object],
) -> None:
    result = consent_reminders_send(actor=None, older_than_days=7)
    assert result.sent == 2
    by_to = {m.to[0]: m for m in mail.outbox}
    assert len(by_to) == 2
    spanish = next(m for m in mail.outbox if "Recordatorio" in m.subject)
    assert "Lucia" in spanish.subject
    assert "Composición universitaria" in spanish.body
    assert "consentimiento" in spanish.body
    english = next(m for m in mail.outbox if m.subject.startswith("Reminder"))
    assert "Ben" in english.subject
    assert "College Composition" in english.body
    for message in mail.outbox:  # a fresh signed link from the consent ledger
        assert "/consent/" in message.body


@override_settings(OPENPATHWAYS_SITE_URL="https://pathways.example.org")
def test_a_reminder_carries_a_working_link_from_the_ledger_and_retires_older_ones(
    families: dict[str, object],
) -> None:
    lucia: Any = families["lucia"]
    guardian = StudentGuardian.objects.get(student=lucia).guardian
    older = consent_link_issue_quiet(actor=None, student_id=lucia.pk, guardian_id=guardian.pk)
    consent_reminders_send(actor=None, older_than_days=7)
    assert len(mail.outbox) == 2  # the reminders only: the ledger sends no email of its own
    body = next(str(m.body) for m in mail.outbox if m.to == [guardian.email])
    (url,) = re.findall(r"https://pathways\.example\.org/consent/\S+/", body)
    token = url.rsplit("/", 2)[-2]
    assert consent_link_open(token=token, purpose="grant").guardian_language == "es"
    with pytest.raises(ConsentLinkError):  # the earlier unused link no longer works
        consent_link_open(token=older.token, purpose="grant")


def test_a_second_run_the_same_day_sends_nothing_new(families: dict[str, object]) -> None:
    consent_reminders_send(actor=None, older_than_days=7)
    again = consent_reminders_send(actor=None, older_than_days=7)
    assert again.sent == 0
    assert again.already_sent_today == 2
    assert len(mail.outbox) == 2
    assert ReminderLog.objects.filter(kind="consent").count() == 2


def test_dry_run_sends_and_records_nothing(families: dict[str, object]) -> None:
    result = consent_reminders_send(actor=None, older_than_days=7, dry_run=True)
    assert len(result.planned) == 2
    assert mail.outbox == []
    assert not ReminderLog.objects.exists()


def test_bulk_reminder_from_a_counselor_reaches_only_chosen_students_in_scope(
    families: dict[str, object],
) -> None:
    other_school_student = StudentFactory.create()
    StudentGuardianFactory.create(student=other_school_student)
    _waiting(other_school_student, families["section"], 20)
    chosen = [families["recent"].pk, other_school_student.pk]  # type: ignore[attr-defined]
    result = consent_reminders_send(
        actor=families["counselor"], student_ids=chosen, older_than_days=0, channel="web"
    )
    assert result.sent == 1
    assert [m.subject for m in mail.outbox] == ["Reminder: Recent needs your consent"]


def test_counselor_digest_counts_pending_steps_once_a_day(families: dict[str, object]) -> None:
    result = counselor_digests_send()
    assert result.sent == 1
    (message,) = mail.outbox
    assert message.to == ["rosa@example.org"]
    assert "pendientes" in message.subject  # the counselor reads Spanish
    assert "Lucia" in message.body
    assert counselor_digests_send().sent == 0
    assert len(mail.outbox) == 1


def test_the_commands_report_and_exit_cleanly(families: dict[str, object]) -> None:
    runner = CliRunner()
    dry = runner.invoke(cli, ["reminders", "send", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "would send 2 consent reminders" in dry.output
    sent = runner.invoke(cli, ["reminders", "send", "--days", "7"])
    assert "Sent 2 consent reminders" in sent.output
    again = runner.invoke(cli, ["reminders", "send", "--days", "7"])
    assert "Sent 0 consent reminders" in again.output
    digest = runner.invoke(cli, ["reminders", "digest"])
    assert digest.exit_code == 0, digest.output
    assert "Sent 1 counselor digests" in digest.output


def test_reconcile_command_rejects_an_unknown_term() -> None:
    result = CliRunner().invoke(cli, ["rosters", "reconcile", "--term", "1999XX"])
    assert result.exit_code != 0
    assert "1999XX" in result.output

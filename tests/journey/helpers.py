"""Shortcuts for the journey tests."""

from __future__ import annotations

import re
from typing import Any

from django.core import mail
from django.utils import timezone

from openpathways.applications.models import Application, ApplicationEvent
from openpathways.catalog.models import Section
from openpathways.students.models import Student

LINK = re.compile(r"http://testserver/consent/([^/\s]+)/")
REVOKE_LINK = re.compile(r"http://testserver/consent/withdraw/([^/\s]+)/")


def app_in(
    status: str, *, student: Student, section: Section, program: str = "ccap"
) -> Application:
    """An application put directly in a status (to test one transition from it)."""
    app = Application.objects.create(
        student=student, section=section, term=section.term, program=program, status=status
    )
    ApplicationEvent.objects.create(application=app, to_status=status, at=timezone.now())
    return app


def last_link(email: str, pattern: re.Pattern[str] = LINK) -> str:
    """The token of the last consent link mailed to this address."""
    for message in reversed(mail.outbox):
        if email in message.to:
            found = pattern.search(str(message.body))
            if found:
                return found.group(1)
    raise AssertionError(f"no link mailed to {email}")


def mails_to(email: str) -> list[Any]:
    return [m for m in mail.outbox if email in m.to]

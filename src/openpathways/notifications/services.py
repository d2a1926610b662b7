"""Notifications by email in each recipient's language, sent only after the change commits.

Callers (the services of other apps) name an event and its recipients; this module renders the
message of `notifications.messages` in each recipient's language, sends it through Django's email
backend (console in the demo, locmem in tests) and logs it, after the caller's transaction
commits. A rollback sends nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation

from openpathways.notifications.messages import MESSAGES, SIGNATURE
from openpathways.notifications.models import Notification, NotificationStatus

log = logging.getLogger(__name__)
LANGUAGES = ("en", "es")


@dataclass(frozen=True)
class Recipient:
    kind: str  # student | guardian | counselor | college_staff
    email: str
    language: str = "en"
    user_id: int | None = None


def _resolve(value: Any, lang: str) -> str:
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("en") or "")
    return "" if value is None else str(value)


def notification_render(*, key: str, language: str, context: dict[str, Any]) -> tuple[str, str]:
    """Subject and body of message `key` in `language` (en or es)."""
    lang = language if language in LANGUAGES else "en"
    message = MESSAGES[key]
    with translation.override(lang):
        values = {k: _resolve(v, lang) for k, v in context.items()}
        subject = str(message.subject) % values
        body = str(message.body) % values + "\n\n-- \n" + str(SIGNATURE)
    return " ".join(subject.split()), body


def _deliver(
    event: str, recipient: Recipient, context: dict[str, Any], refs: dict[str, int | None]
) -> None:
    key = f"{event}.{recipient.kind}"
    subject, body = notification_render(key=key, language=recipient.language, context=context)
    status, error = NotificationStatus.SENT, ""
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient.email])
    except Exception as exc:
        status, error = NotificationStatus.FAILED, str(exc)[:500]
        log.warning("notification %s to %s failed: %s", key, recipient.email, exc)
    Notification.objects.create(
        event=event, recipient_kind=recipient.kind, recipient_user_id=recipient.user_id,
        email=recipient.email, language=recipient.language, subject=subject[:300], body=body,
        student_id=refs.get("student_id"), application_id=refs.get("application_id"),
        sent_at=timezone.now(), status=status, error=error,
    )  # fmt: skip


def notify(
    *,
    event: str,
    recipients: Iterable[Recipient],
    context: dict[str, Any],
    student_id: int | None = None,
    application_id: int | None = None,
) -> int:
    """Send `event` to each recipient that has an email address and a message for its kind,
    after the current transaction commits. Returns how many messages were queued."""
    queue = [r for r in recipients if r.email and f"{event}.{r.kind}" in MESSAGES]
    seen: set[tuple[str, str]] = set()
    unique = []
    for r in queue:
        if (r.kind, r.email) not in seen:
            seen.add((r.kind, r.email))
            unique.append(r)
    refs = {"student_id": student_id, "application_id": application_id}
    frozen = dict(context)

    def send() -> None:
        for recipient in unique:
            _deliver(event, recipient, frozen, refs)

    if unique:
        transaction.on_commit(send)
    return len(unique)

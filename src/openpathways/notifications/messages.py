"""Subject and body of each notification, translated with gettext (catalog:
notifications/locale). Placeholders are %(name)s; a value may be a lazy translation or a
{"en": ..., "es": ...} table, resolved in the recipient's language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Message:
    subject: Any
    body: Any


_SIGN = _("OpenPathways, for your school and college partners.")

MESSAGES: dict[str, Message] = {
    "applications.requested.student": Message(
        _("We received your application for %(course)s"),
        _(
            "Hello %(student)s,\n\nWe received your application for %(course)s (%(term)s). "
            "Next step: %(next_step)s\n\nSee your applications: %(url)s"
        ),
    ),
    "applications.requested.counselor": Message(
        _("%(student)s applied to %(course)s: your recommendation is needed"),
        _(
            "%(student)s applied to %(course)s (%(term)s). Next step: %(next_step)s\n\n"
            "Open the application: %(url)s"
        ),
    ),
    "applications.recommended.student": Message(
        _("Your counselor recommended you for %(course)s"),
        _(
            "Hello %(student)s,\n\nYour application for %(course)s was recommended. "
            "Next step: %(next_step)s\n\n%(url)s"
        ),
    ),
    "applications.consented.student": Message(
        _("Consent received for %(course)s"),
        _(
            "Hello %(student)s,\n\nYour parent or guardian's consent is on file. Your application "
            "for %(course)s now goes to %(provider)s for review.\n\n%(url)s"
        ),
    ),
    "applications.consented.college_staff": Message(
        _("Application ready for review: %(student)s, %(course)s"),
        _(
            "An application from %(school)s is ready for your review: %(student)s, %(course)s "
            "(%(term)s).\n\nReview queue: %(url)s"
        ),
    ),
    "applications.approved.student": Message(
        _("Approved: %(course)s"),
        _(
            "Hello %(student)s,\n\n%(provider)s approved your application for %(course)s. "
            "Registration comes next.\n\n%(url)s"
        ),
    ),
    "applications.registered.student": Message(
        _("You are registered in %(course)s"),
        _(
            "Hello %(student)s,\n\nYou are registered in %(course)s (%(term)s) at %(provider)s."
            "\n\n%(url)s"
        ),
    ),
    "applications.registered.guardian": Message(
        _("%(student)s is registered in a college course"),
        _(
            "Hello %(guardian)s,\n\n%(student)s is registered in %(course)s (%(term)s) at "
            "%(provider)s. Thank you for your consent."
        ),
    ),
    "applications.registered.counselor": Message(
        _("Registered: %(student)s in %(course)s"),
        _("%(student)s is registered in %(course)s (%(term)s).\n\n%(url)s"),
    ),
    "applications.denied.student": Message(
        _("Your application for %(course)s was not approved"),
        _(
            "Hello %(student)s,\n\nYour application for %(course)s was not approved.\n"
            "Reason: %(reason)s\n\nTalk with your counselor about other options.\n\n%(url)s"
        ),
    ),
    "applications.denied.counselor": Message(
        _("Application denied: %(student)s, %(course)s"),
        _(
            "The application of %(student)s for %(course)s was denied.\n"
            "Reason: %(reason)s\n\n%(url)s"
        ),
    ),
    "applications.withdrawn.counselor": Message(
        _("Application withdrawn: %(student)s, %(course)s"),
        _("The application of %(student)s for %(course)s was withdrawn.\n%(reason)s\n\n%(url)s"),
    ),
    "applications.dropped.student": Message(
        _("You were dropped from %(course)s"),
        _(
            "Hello %(student)s,\n\nYou are no longer registered in %(course)s.\n"
            "%(reason)s\n\n%(url)s"
        ),
    ),
    "applications.dropped.counselor": Message(
        _("Dropped: %(student)s, %(course)s"),
        _("%(student)s is no longer registered in %(course)s.\n%(reason)s\n\n%(url)s"),
    ),
    "applications.held.student": Message(
        _("Your application for %(course)s is on hold"),
        _(
            "Hello %(student)s,\n\nYour application for %(course)s is on hold: %(reason)s\n\n"
            "%(url)s"
        ),
    ),
    "applications.held.counselor": Message(
        _("On hold: %(student)s, %(course)s"),
        _("The application of %(student)s for %(course)s is on hold: %(reason)s\n\n%(url)s"),
    ),
    "consents.link_issued.guardian": Message(
        _("Your consent is requested for %(student)s"),
        _(
            "Hello %(guardian)s,\n\n%(student)s would like to take %(what)s while in high "
            "school. Your consent is given once for all of high school, and you may withdraw it "
            "at any time.\n\nRead and sign here (no account needed; the link works once and "
            "expires on %(expires)s):\n%(url)s"
        ),
    ),
    "consents.revoke_link_issued.guardian": Message(
        _("Link to withdraw your consent for %(student)s"),
        _(
            "Hello %(guardian)s,\n\nUse this link to withdraw your consent for %(student)s "
            "(it works once and expires on %(expires)s):\n%(url)s"
        ),
    ),
    "consents.granted.counselor": Message(
        _("Consent on file for %(student)s"),
        _("%(guardian)s gave consent for %(student)s (%(method)s).\n\n%(url)s"),
    ),
    "consents.granted.guardian": Message(
        _("Thank you: your consent for %(student)s is recorded"),
        _(
            "Hello %(guardian)s,\n\nYour consent for %(student)s is recorded (%(method)s, "
            "%(when)s). It holds for all of high school unless you withdraw it."
        ),
    ),
    "consents.revoked.counselor": Message(
        _("Consent withdrawn for %(student)s"),
        _(
            "The consent for %(student)s was withdrawn (%(method)s). Applications waiting on it "
            "are on hold: %(count)s.\n\n%(url)s"
        ),
    ),
    "consents.revoked.guardian": Message(
        _("Your consent for %(student)s is withdrawn"),
        _("Hello %(guardian)s,\n\nYour consent for %(student)s is withdrawn as you asked."),
    ),
}

SIGNATURE = _SIGN

"""Applications to an opportunity, as a state machine with a history row per transition."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openpathways.core.models import TimeStamped


class Program(models.TextChoices):
    CCAP = "ccap", _("CCAP partnership (EC 76004)")
    SPECIAL_ADMIT = "special-admit", _("Special part-time admission (EC 76001)")
    ADULT_ED = "adult-ed", _("Adult-education concurrent enrollment (EC 52500.1)")
    WBL = "wbl", _("Work-based learning")


class ApplicationStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ELIGIBILITY_CHECKED = "eligibility_checked", _("Eligible, awaiting recommendation")
    RECOMMENDED = "recommended", _("Recommended, awaiting consent")
    CONSENTED = "consented", _("Consent given, awaiting review")
    APPROVED = "approved", _("Approved by the college")
    REGISTERED = "registered", _("Registered")
    DENIED = "denied", _("Denied")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DROPPED = "dropped", _("Dropped")
    HELD = "held", _("On hold: consent revoked")


#: Statuses that end an application (a new one may then be filed for the same section).
CLOSED_STATUSES = ("denied", "withdrawn", "dropped")


class RecommendationDecision(models.TextChoices):
    RECOMMENDED = "recommended", _("Recommended")
    DECLINED = "declined", _("Not recommended")


class Recommendation(TimeStamped):
    """The principal's (or designee's) recommendation (EC 48800(a)).

    Its reach follows the cadence of the agreement: a CCAP recommendation covers the whole
    participation under one agreement (`term` empty, EC 76004); a special admit's covers one term
    (a supplementary application each term, EC 76001)."""

    student = models.ForeignKey(
        "students.Student", on_delete=models.CASCADE, related_name="recommendations"
    )
    program = models.CharField(max_length=15, choices=Program.choices)
    ccap_agreement = models.ForeignKey(
        "agreements.CcapAgreement", null=True, blank=True, on_delete=models.PROTECT
    )
    term = models.ForeignKey("terms.Term", null=True, blank=True, on_delete=models.PROTECT)
    decision = models.CharField(max_length=12, choices=RecommendationDecision.choices)
    recommender = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recommender_title = models.CharField(
        max_length=100, blank=True, help_text=_("Counselor, principal or principal's designee.")
    )
    at = models.DateTimeField()
    note = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["student", "program", "decision"])]

    def __str__(self) -> str:
        return f"{self.decision} for {self.student_id} ({self.program})"


class CounselingSession(TimeStamped):
    """The counseling session an adult-education concurrent enrollment needs (EC 52500.1(b)(2)):
    the pupil, a certificated representative of the high school and the parent, documented in
    writing in the school record. Recorded once per student."""

    student = models.OneToOneField(
        "students.Student", on_delete=models.CASCADE, related_name="counseling_session"
    )
    held_on = models.DateField()
    student_attended = models.BooleanField(default=True)
    staff_member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
        help_text=_("The certificated high-school staff member who held the session."),
    )  # fmt: skip
    staff_name = models.CharField(max_length=200)
    parent_attended = models.BooleanField(default=True)
    parent_name = models.CharField(max_length=200)
    written_record = models.TextField(help_text=_("What was discussed and agreed."))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"Counseling session of {self.student_id} on {self.held_on}"


class Application(TimeStamped):
    student = models.ForeignKey(
        "students.Student", on_delete=models.CASCADE, related_name="applications"
    )
    section = models.ForeignKey(
        "catalog.Section", null=True, blank=True, on_delete=models.PROTECT,
        related_name="applications",
    )  # fmt: skip
    opportunity = models.ForeignKey(
        "catalog.Opportunity", null=True, blank=True, on_delete=models.PROTECT,
        related_name="applications",
    )  # fmt: skip
    term = models.ForeignKey("terms.Term", null=True, blank=True, on_delete=models.PROTECT)
    program = models.CharField(max_length=15, choices=Program.choices)
    status = models.CharField(
        max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.REQUESTED,
        db_index=True,
    )  # fmt: skip
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    decision_reason = models.TextField(blank=True)
    idempotency_key = models.CharField(max_length=64, blank=True, db_index=True)
    #: The eligibility decision with every rule's result (rules engine JSON, both languages).
    eligibility_decision = models.CharField(max_length=12, blank=True, db_default="")
    eligibility = models.JSONField(null=True, blank=True)
    rule_pack = models.CharField(
        max_length=120, blank=True, db_default="", help_text=_("Pack id@version applied.")
    )
    rule_pack_digest = models.CharField(max_length=64, blank=True, db_default="")
    eligibility_checked_at = models.DateTimeField(null=True, blank=True)
    recommendation = models.ForeignKey(
        Recommendation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    consent = models.ForeignKey(
        "consents.Consent", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    counseling_session = models.ForeignKey(
        CounselingSession, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["requested_by", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="application_idempotency_key_unique",
            ),
            models.UniqueConstraint(
                fields=["student", "section"],
                condition=~models.Q(status__in=["denied", "withdrawn", "dropped"]),
                name="one_live_application_per_section",
            ),
        ]

    def __str__(self) -> str:
        return f"Application {self.pk} ({self.status})"


class ApplicationEvent(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    actor_role = models.CharField(max_length=20, blank=True, db_default="")
    verb = models.CharField(max_length=20, blank=True, db_default="")
    at = models.DateTimeField()
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"Application {self.application_id}: {self.from_status or '-'} -> {self.to_status}"

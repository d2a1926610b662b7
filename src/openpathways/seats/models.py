"""Allocation runs, their lottery numbers and placements; the offers, waitlists and seat counters
that follow publication. See docs/seats.md."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openpathways.applications.models import Program
from openpathways.core.models import TimeStamped


class RunStatus(models.TextChoices):
    DRAFT = "draft", _("Draft: configure the tiers")
    RAN = "ran", _("Ran: review the results")
    PUBLISHED = "published", _("Published: offers sent")


class AllocationRun(TimeStamped):
    """One allocation of the seats of a term's sections among a program's applicants."""

    term = models.ForeignKey("terms.Term", on_delete=models.PROTECT, related_name="allocation_runs")
    program = models.CharField(max_length=15, choices=Program.choices)
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="allocation_runs",
        help_text=_("The coordinating organization: its sections (offered or hosted) take part."),
    )  # fmt: skip
    name = models.CharField(max_length=200)
    seed = models.BigIntegerField(help_text=_("Seed of the lottery, recorded for reproduction."))
    tiers = models.JSONField(default=list, help_text=_("Priority tiers, highest first."))
    offer_days = models.PositiveSmallIntegerField(
        default=7, help_text=_("Days a student has to accept an offer.")
    )
    max_sections = models.PositiveSmallIntegerField(
        default=1, help_text=_("Sections a student may get from this run (1: one seat each).")
    )
    unit_cap = models.DecimalField(
        max_digits=4, decimal_places=1, null=True, blank=True,
        help_text=_("Units a student may get from this run when several sections are allowed."),
    )  # fmt: skip
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ran_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    #: Summary of the last run: counts of students, sections, placed, by rank.
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.status})"


class RunSection(models.Model):
    """A section taking part in a run, with the capacity the run used."""

    run = models.ForeignKey(AllocationRun, on_delete=models.CASCADE, related_name="sections")
    section = models.ForeignKey("catalog.Section", on_delete=models.PROTECT, related_name="+")
    capacity = models.PositiveIntegerField()
    placed = models.PositiveIntegerField(default=0)
    applicants = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "section"], name="run_section_unique")
        ]

    def __str__(self) -> str:
        return f"{self.section_id} in run {self.run_id}"


class LotteryNumber(models.Model):
    """The number a student drew in a run, drawn once from the run's seed (lower wins)."""

    run = models.ForeignKey(AllocationRun, on_delete=models.CASCADE, related_name="lottery")
    student = models.ForeignKey("students.Student", on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "student"], name="lottery_one_per_student"),
            models.UniqueConstraint(fields=["run", "number"], name="lottery_numbers_distinct"),
        ]

    def __str__(self) -> str:
        return f"{self.student_id}: {self.number}"


class Placement(models.Model):
    """A student's result in a run: the section (or none) and the reasons, as codes with their
    parameters (rendered in English or Spanish when shown)."""

    run = models.ForeignKey(AllocationRun, on_delete=models.CASCADE, related_name="placements")
    student = models.ForeignKey(
        "students.Student", on_delete=models.CASCADE, related_name="seat_placements"
    )
    section = models.ForeignKey(
        "catalog.Section", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    priority = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("Tier at the placed section (1 = highest).")
    )
    #: Every seat given, in the order given: [{"section_id", "rank", "priority"}, ...].
    seats = models.JSONField(default=list)
    reasons = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "student"], name="placement_one_per_student")
        ]

    def __str__(self) -> str:
        return f"{self.student_id} -> {self.section_id or '-'}"


class SeatCounter(models.Model):
    """The seats of one section under seat control: every claim, accept, decline, drop and expiry
    locks this row (SELECT ... FOR UPDATE) before it changes `taken`, so seats are never overbooked
    nor lost. `taken` counts the offers that hold a seat (offered or accepted)."""

    section = models.OneToOneField(
        "catalog.Section", on_delete=models.CASCADE, related_name="seat_counter"
    )
    capacity = models.PositiveIntegerField()
    taken = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(taken__lte=models.F("capacity")), name="seats_never_overbooked"
            )
        ]

    def __str__(self) -> str:
        return f"{self.section_id}: {self.taken}/{self.capacity}"


class OfferStatus(models.TextChoices):
    OFFERED = "offered", _("Offered: waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")
    DROPPED = "dropped", _("Dropped")
    RELEASED = "released", _("Released for a higher choice")


#: Offers that hold a seat.
HOLDING = ("offered", "accepted")


class OfferSource(models.TextChoices):
    RUN = "run", _("Allocation run")
    WAITLIST = "waitlist", _("Waitlist")
    CLAIM = "claim", _("Open seat")


class Offer(TimeStamped):
    run = models.ForeignKey(
        AllocationRun, null=True, blank=True, on_delete=models.CASCADE, related_name="offers"
    )
    student = models.ForeignKey(
        "students.Student", on_delete=models.CASCADE, related_name="seat_offers"
    )
    section = models.ForeignKey("catalog.Section", on_delete=models.PROTECT, related_name="+")
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    source = models.CharField(max_length=10, choices=OfferSource.choices, default=OfferSource.RUN)
    status = models.CharField(
        max_length=10, choices=OfferStatus.choices, default=OfferStatus.OFFERED, db_index=True
    )
    deadline = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["student", "section"],
                condition=models.Q(status__in=HOLDING),
                name="one_seat_per_student_and_section",
            )
        ]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        return f"Offer {self.pk}: {self.student_id} in {self.section_id} ({self.status})"


class WaitlistStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    OFFERED = "offered", _("Offered a seat")
    REMOVED = "removed", _("Removed")


class WaitlistEntry(TimeStamped):
    """A student waiting for a seat in a section. `position` orders the list (priority, then
    lottery, for a run; arrival for a later claim); the place shown counts who is still waiting
    ahead."""

    run = models.ForeignKey(
        AllocationRun, null=True, blank=True, on_delete=models.CASCADE, related_name="waitlist"
    )
    section = models.ForeignKey("catalog.Section", on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(
        "students.Student", on_delete=models.CASCADE, related_name="waitlist_entries"
    )
    position = models.PositiveIntegerField()
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    priority = models.PositiveSmallIntegerField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=WaitlistStatus.choices, default=WaitlistStatus.WAITING
    )
    #: Why the last promotion passed this student over in a multi-seat run (unit cap, section
    #: limit, time conflict): {"code", "params", "at"}; they keep their place.
    skipped = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["section", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "student"],
                condition=models.Q(status="waiting"),
                name="waiting_once_per_section",
            ),
            models.UniqueConstraint(
                fields=["section", "position"],
                condition=models.Q(status="waiting"),
                name="waitlist_positions_distinct",
            ),
        ]
        indexes = [models.Index(fields=["section", "status", "position"])]

    def __str__(self) -> str:
        return f"{self.student_id} #{self.position} for {self.section_id} ({self.status})"


class ApplicationPreference(TimeStamped):
    """A student's rank for one of their applications among their applications of the same term
    and program (1 = first choice). Runs rank a student's sections by it; applications without a
    rank come after the ranked ones, in the order they were filed."""

    application = models.OneToOneField(
        "applications.Application", on_delete=models.CASCADE, related_name="seat_preference"
    )
    rank = models.PositiveSmallIntegerField()
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.application_id}: {self.rank}"

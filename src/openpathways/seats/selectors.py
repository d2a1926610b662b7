"""Reading allocation runs, results, offers and waitlists (scoped by role; reads of students'
results are logged through the access layer)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from openpathways.allocation.explanations import Reason, render
from openpathways.audit.services import audit_record_student_reads
from openpathways.seats.models import (
    HOLDING,
    AllocationRun,
    LotteryNumber,
    Offer,
    Placement,
    RunSection,
    WaitlistEntry,
    WaitlistStatus,
)
from openpathways.seats.services import can_coordinate, section_label
from openpathways.seats.tiers import parse_tiers, priority_labels
from openpathways.students import access


class RunNotFoundError(Exception):
    """No such run in the actor's scope."""


def run_list(*, actor: Any) -> list[AllocationRun]:
    """The runs the actor coordinates, newest first."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return []
    runs = AllocationRun.objects.select_related("term", "organization").order_by("-created_at")
    return [r for r in runs if can_coordinate(actor, r.organization_id)]


def run_get(*, actor: Any, run_id: int) -> AllocationRun:
    run = AllocationRun.objects.select_related("term", "organization").filter(pk=run_id).first()
    if run is None or not can_coordinate(actor, run.organization_id):
        raise RunNotFoundError("No such run in your scope.")
    return run


def explanation_text(reasons: list[dict[str, Any]], *, lang: str, labels: Any) -> str:
    """The stored reasons (outcome first, then why each other choice was out of reach)."""
    return " ".join(
        render(Reason(r["code"], r.get("params", {})), lang=lang, labels=labels) for r in reasons
    )


def run_labels(run: AllocationRun) -> dict[int, dict[str, str]]:
    return priority_labels(parse_tiers(run.tiers))


@dataclass(frozen=True)
class ResultRow:
    student_id: int
    student_name: str
    state_student_id: str
    section: str
    rank: int | None
    tier: str
    lottery: int
    explanation: str


@dataclass(frozen=True)
class RunResults:
    run: AllocationRun
    rows: list[ResultRow]
    total: int
    sections: list[RunSection]
    waitlist_sizes: dict[int, int] = field(default_factory=dict)


def run_results(
    *, actor: Any, run_id: int, lang: str = "en", offset: int = 0, limit: int = 200,
    channel: str = "web",
) -> RunResults:  # fmt: skip
    """A page of a run's results for review by its coordinators; each student shown is logged as
    read (students outside the coordinator's record scope are left out)."""
    run = run_get(actor=actor, run_id=run_id)
    labels = run_labels(run)
    scope = access.student_scope(actor).values("pk")
    placements = (
        Placement.objects.filter(run=run, student__in=scope)
        .select_related("student", "section__course")
        .order_by("student__last_name", "student__first_name", "pk")
    )
    total = placements.count()
    page = list(placements[offset : offset + limit])
    lottery = dict(
        LotteryNumber.objects.filter(run=run, student_id__in=[p.student_id for p in page])
        .values_list("student_id", "number")
    )  # fmt: skip
    audit_record_student_reads(
        actor=actor, action="students.listed", student_ids=[p.student_id for p in page],
        purpose="seat allocation review", channel=channel,
    )  # fmt: skip
    rows = [
        ResultRow(
            student_id=p.student_id,
            student_name=p.student.full_name,
            state_student_id=p.student.state_student_id,
            section=section_label(p.section) if p.section is not None else "",
            rank=p.rank,
            tier=labels.get(p.priority, {}).get(lang, "") if p.priority else "",
            lottery=lottery.get(p.student_id, 0),
            explanation=explanation_text(p.reasons, lang=lang, labels=labels),
        )
        for p in page
    ]
    sections = list(
        RunSection.objects.filter(run=run).select_related("section__course").order_by("section_id")
    )
    sizes = {int(k): len(v) for k, v in (run.summary or {}).get("waitlists", {}).items()}
    return RunResults(run=run, rows=rows, total=total, sections=sections, waitlist_sizes=sizes)


def waitlist_place(entry: WaitlistEntry) -> int:
    """Place in line: 1 + the students still waiting ahead."""
    ahead = WaitlistEntry.objects.filter(
        section_id=entry.section_id, status=WaitlistStatus.WAITING, position__lt=entry.position
    ).count()
    return ahead + 1


@dataclass(frozen=True)
class StudentPlacement:
    run: AllocationRun
    section: str
    rank: int | None
    explanation: str


@dataclass(frozen=True)
class StudentWaitlistEntry:
    entry: WaitlistEntry
    section: str
    place: int


@dataclass(frozen=True)
class StudentSeats:
    student: Any
    placements: list[StudentPlacement]
    offers: list[Offer]
    waitlist: list[StudentWaitlistEntry]
    #: True when college sections were left out: a parent without the student's written release
    #: of college records (college policy, FERPA), as in the student record.
    college_records_withheld: bool = False


def _college_records_hidden(actor: Any, student_id: int) -> bool:
    from openpathways.accounts.models import Role
    from openpathways.consents.models import Consent, ConsentKind, ConsentStatus

    if getattr(actor, "is_superuser", False) or getattr(actor, "role", "") != Role.GUARDIAN:
        return False
    return not Consent.objects.filter(
        student_id=student_id,
        kind=ConsentKind.COLLEGE_RECORDS_RELEASE,
        status=ConsentStatus.GRANTED,
    ).exists()


def student_seats_get(
    *, actor: Any, student_id: int, lang: str = "en", channel: str = "web"
) -> StudentSeats:
    """One student's published results with explanations, offers and waitlist places, read
    through the access layer (scope checked, read logged)."""
    student = access.student_get(
        actor=actor, student_id=student_id, purpose="seat results", channel=channel
    )
    hidden = _college_records_hidden(actor, student.pk)
    placement_qs = Placement.objects.filter(student=student, run__status="published")
    offer_qs = Offer.objects.filter(student=student)
    waiting_qs = WaitlistEntry.objects.filter(student=student, status=WaitlistStatus.WAITING)
    withheld = False
    if hidden:  # leave out whole runs with college sections (explanations name them)
        college_runs = RunSection.objects.filter(section__course__provider="college").values("run")
        college = Q(section__course__provider="college")
        kept = (
            placement_qs.exclude(run__in=college_runs),
            offer_qs.exclude(college),
            waiting_qs.exclude(college),
        )
        withheld = any(
            full.count() != part.count()
            for full, part in zip((placement_qs, offer_qs, waiting_qs), kept, strict=True)
        )
        placement_qs, offer_qs, waiting_qs = kept
    placements = [
        StudentPlacement(
            run=p.run,
            section=section_label(p.section) if p.section is not None else "",
            rank=p.rank,
            explanation=explanation_text(p.reasons, lang=lang, labels=run_labels(p.run)),
        )
        for p in placement_qs.select_related("run", "section__course").order_by(
            "-run__published_at"
        )
    ]
    offers = list(
        offer_qs.select_related("section__course", "section__term", "run").order_by(
            "-created_at", "-pk"
        )
    )
    waitlist = [
        StudentWaitlistEntry(entry=e, section=section_label(e.section), place=waitlist_place(e))
        for e in waiting_qs.select_related("section__course").order_by("rank", "pk")
    ]
    return StudentSeats(
        student=student, placements=placements, offers=offers, waitlist=waitlist,
        college_records_withheld=withheld,
    )  # fmt: skip


def seat_students_for(*, actor: Any, channel: str = "web") -> list[Any]:
    """The students whose seats a student or guardian may see: the student themself, or the
    guardian's children (through the access layer)."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return []
    page = access.student_list(actor=actor, purpose="seat results", channel=channel, limit=20)
    return page.students


@dataclass(frozen=True)
class SectionSeats:
    section_id: int
    label: str
    capacity: int
    applicants: int
    placed: int  # by the run
    taken: int  # seats held now (after publication)
    waiting: int  # waiting now, or proposed by the run before publication


def section_seats_list(*, actor: Any, run_id: int) -> list[SectionSeats]:
    """Seat counts per section of a run (no student rows)."""
    run = run_get(actor=actor, run_id=run_id)
    proposed = (run.summary or {}).get("waitlists", {})
    rows = []
    for rs in (
        RunSection.objects.filter(run=run)
        .select_related("section__course", "section")
        .order_by("section__course__code", "section__code")
    ):
        counter = getattr(rs.section, "seat_counter", None)
        rows.append(
            SectionSeats(
                section_id=rs.section_id,
                label=section_label(rs.section),
                capacity=counter.capacity if counter else rs.section.capacity,
                applicants=rs.applicants,
                placed=rs.placed,
                taken=counter.taken if counter else 0,
                waiting=WaitlistEntry.objects.filter(
                    section_id=rs.section_id, status=WaitlistStatus.WAITING
                ).count()
                if run.status == "published"
                else len(proposed.get(str(rs.section_id), [])),
            )
        )
    return rows


def seat_conservation_errors() -> list[str]:
    """Sections whose counter disagrees with the offers holding a seat, or is over capacity
    (empty when all is well; for tests and the operator)."""
    from openpathways.seats.models import SeatCounter

    held = dict(
        Offer.objects.filter(status__in=HOLDING)
        .values("section_id")
        .annotate(n=Count("pk"))
        .values_list("section_id", "n")
    )
    errors = []
    for c in SeatCounter.objects.all():
        if c.taken != held.get(c.section_id, 0):
            errors.append(
                f"section {c.section_id}: counter {c.taken}, offers {held.get(c.section_id, 0)}"
            )
        if c.taken > c.capacity:
            errors.append(f"section {c.section_id}: {c.taken} over capacity {c.capacity}")
    return errors


def term_options(*, actor: Any) -> QuerySet[Any]:
    """Terms a coordinator may allocate: those of the actor's organization or below it."""
    from openpathways.terms.models import Term

    org = getattr(actor, "organization_id", None)
    if getattr(actor, "is_superuser", False):
        return Term.objects.all().order_by("-start_date")
    if org is None:
        return Term.objects.none()
    own = Q(institution_id=org) | Q(institution__parent_id=org)
    hosted = Q(sections__host_site_id=org) | Q(sections__host_site__parent_id=org)
    return Term.objects.filter(own | hosted).distinct().order_by("-start_date")


@dataclass(frozen=True)
class ChoiceRow:
    application_id: int
    section_id: int
    section: str
    course: str
    status: str
    rank: int


@dataclass(frozen=True)
class ChoiceGroup:
    """A student's applications of one term and program, in their order of preference."""

    term: Any
    program: str
    program_label: str
    rows: list[ChoiceRow]


@dataclass(frozen=True)
class StudentChoices:
    student: Any
    groups: list[ChoiceGroup]
    can_rank: bool


def student_choices_get(
    *, actor: Any, student_id: int, lang: str = "en", channel: str = "web"
) -> StudentChoices:
    """The student's rankable applications for terms that have not ended, grouped by term and
    program, in the order a run will read them (read through the access layer: logged)."""
    from django.utils import timezone

    from openpathways.applications.models import Application, Program
    from openpathways.seats.services import (
        RANKABLE_STATUSES,
        can_rank_for_student,
        ranked_applications,
    )

    student = access.student_get(
        actor=actor, student_id=student_id, purpose="seat choices", channel=channel
    )
    keys = (
        Application.objects.filter(
            student=student, section__isnull=False, term__isnull=False,
            status__in=RANKABLE_STATUSES, term__end_date__gte=timezone.localdate(),
        )
        .values_list("term_id", "program")
        .distinct()
    )  # fmt: skip
    groups = []
    from openpathways.terms.models import Term

    for term_id, program in sorted(set(keys)):
        apps = ranked_applications(student_id=student.pk, term_id=term_id, program=program)
        rows = [
            ChoiceRow(
                application_id=a.pk,
                section_id=a.section_id or 0,
                section=section_label(a.section) if a.section else "",
                course=(a.section.course.title_es or a.section.course.title)
                if lang == "es" and a.section
                else (a.section.course.title if a.section else ""),
                status=str(a.get_status_display()),
                rank=i,
            )
            for i, a in enumerate(apps, start=1)
        ]
        groups.append(
            ChoiceGroup(
                term=Term.objects.get(pk=term_id),
                program=program,
                program_label=str(Program(program).label),
                rows=rows,
            )
        )
    groups.sort(key=lambda g: (g.term.start_date, g.program))
    return StudentChoices(
        student=student, groups=groups, can_rank=can_rank_for_student(actor, student.pk)
    )

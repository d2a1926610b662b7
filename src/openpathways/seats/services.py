"""Seat allocation runs and the seats that follow them (writes). See docs/seats.md.

A run goes draft -> ran -> published. Running it reads the applications that enter it
(`ENTRY_STATUSES`), draws the lottery from the recorded seed, evaluates the priority tiers and calls
the pure `openpathways.allocation` package (student-proposing deferred acceptance, one seat per
student per run). Publishing turns placements into offers with a deadline and the rest into
waitlists in priority order.

Every change to who holds a seat (publish, claim, accept, decline, drop, expiry, promotion) locks
the sections' `SeatCounter` rows first, in section order (SELECT ... FOR UPDATE on PostgreSQL; on
SQLite the IMMEDIATE transactions of the settings serialise writers), then re-reads the offer it
changes. So seats are never overbooked (`taken <= capacity`, also a CHECK constraint) and never
lost (`taken` always equals the number of offers holding a seat), and a freed seat goes to the
head of the waitlist in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from openpathways.accounts.models import Role
from openpathways.allocation import deferred_acceptance, draw_lottery, explain, waitlists
from openpathways.allocation.explanations import Reason
from openpathways.allocation.multi_seat import (
    FILLED_EARLIER,
    HELD,
    REFUSED,
    SeatLimits,
    explain_multi,
    multi_seat_allocate,
    time_slots,
)
from openpathways.allocation.problem import IntArray, Problem
from openpathways.applications.models import Application, Program
from openpathways.audit.services import audit_record
from openpathways.catalog.models import Section, SectionStatus
from openpathways.seats.models import (
    HOLDING,
    AllocationRun,
    LotteryNumber,
    Offer,
    OfferSource,
    OfferStatus,
    Placement,
    RunSection,
    RunStatus,
    SeatCounter,
    WaitlistEntry,
    WaitlistStatus,
)
from openpathways.seats.tiers import TierError, parse_tiers, priority_of
from openpathways.students.models import StudentGuardian

#: Application statuses that enter a run: approved by the college or adult-education provider and
#: waiting for a seat. Earlier steps (eligibility, recommendation, consent) are not finished;
#: registered students already hold a seat; denied, withdrawn, dropped and held ones are out.
ENTRY_STATUSES = ("approved",)

#: Roles that coordinate runs, within their organization and the organizations below it.
COORDINATOR_ROLES = frozenset({Role.DISTRICT_ADMIN, Role.COLLEGE_STAFF, Role.ADULT_ED_STAFF})

#: Units a student may hold per term by program when a run gives several sections: CCAP 15
#: (EC 76004), special part-time admits 11 (EC 76001). Encoded as data: verify each year.
PROGRAM_UNIT_CAPS: dict[str, Decimal] = {"ccap": Decimal(15), "special-admit": Decimal(11)}
MAX_SECTIONS_LIMIT = 6

#: Days to answer an offer made outside a run's settings (a claim's waitlist).
DEFAULT_OFFER_DAYS = 7


class SeatError(Exception):
    """A seat action that cannot be done; the message says why (shown to the user)."""


class SeatPermissionError(SeatError):
    """The actor may not do this."""


class RunMissingError(SeatError):
    """No such run."""


def _run_for_update(run_id: int) -> AllocationRun:
    run = AllocationRun.objects.select_for_update().filter(pk=run_id).first()
    if run is None:
        raise RunMissingError(f"run {run_id}: no such run")
    return run


class RunStateError(SeatError):
    """The run is not in a state that allows this step."""


# --- permissions -----------------------------------------------------------------------------


def _ancestors(org_id: int) -> set[int]:
    from openpathways.organizations.models import Organization

    seen: set[int] = set()
    current: int | None = org_id
    while current is not None and current not in seen:
        seen.add(current)
        current = (
            Organization.objects.filter(pk=current).values_list("parent_id", flat=True).first()
        )
    return seen


def can_coordinate(actor: Any, organization_id: int) -> bool:
    """May the actor configure, run and publish runs of this organization?"""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return False
    if actor.is_superuser:
        return True
    if actor.role not in COORDINATOR_ROLES or actor.organization_id is None:
        return False
    return actor.organization_id in _ancestors(organization_id)


def _check_coordinator(actor: Any, organization_id: int) -> None:
    if not can_coordinate(actor, organization_id):
        raise SeatPermissionError("Only coordinators of this organization may manage its runs.")


def can_act_for_student(actor: Any, *, student_id: int, section: Section) -> bool:
    """The student, one of their guardians, or a coordinator of the section's provider or host."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return False
    if actor.is_superuser:
        return True
    if actor.role == Role.STUDENT:
        return bool(actor.student_id == student_id)
    if actor.role == Role.GUARDIAN:
        return bool(
            actor.guardian_id
            and StudentGuardian.objects.filter(
                student_id=student_id, guardian_id=actor.guardian_id
            ).exists()
        )
    return can_coordinate(actor, section.course.provider_org_id) or can_coordinate(
        actor, section.host_site_id
    )


# --- runs ------------------------------------------------------------------------------------


def _valid_tiers(tiers: Any) -> list[Any]:
    try:
        parse_tiers(tiers)
    except TierError as exc:
        raise SeatError(str(exc)) from exc
    return list(tiers)


def run_create(
    *,
    actor: Any,
    term_id: int,
    program: str,
    organization_id: int,
    name: str = "",
    seed: int | None = None,
    tiers: Sequence[Any] = (),
    offer_days: int = DEFAULT_OFFER_DAYS,
    max_sections: int = 1,
    unit_cap: Decimal | float | None = None,
) -> AllocationRun:
    """A draft run. Without a seed one is drawn now and recorded. With `max_sections` above 1 a
    student may get several sections, within `unit_cap` (default: the program's cap per term,
    `PROGRAM_UNIT_CAPS`) and without time conflicts."""
    from openpathways.terms.models import Term

    _check_coordinator(actor, organization_id)
    if program not in Program.values:
        raise SeatError(f"program {program!r}: use one of {', '.join(Program.values)}")
    if offer_days < 1:
        raise SeatError(f"offer_days {offer_days!r}: at least 1 day")
    if not 1 <= max_sections <= MAX_SECTIONS_LIMIT:
        raise SeatError(f"max_sections {max_sections!r}: from 1 to {MAX_SECTIONS_LIMIT}")
    if unit_cap is None:
        unit_cap = PROGRAM_UNIT_CAPS.get(program)
    term = Term.objects.filter(pk=term_id).first()
    if term is None:
        raise SeatError(f"term {term_id!r}: no such term")
    with transaction.atomic():
        run = AllocationRun.objects.create(
            term=term, program=program, organization_id=organization_id,
            name=name.strip() or f"{term.name} · {Program(program).label}",
            seed=secrets.randbelow(2**31) if seed is None else int(seed),
            tiers=_valid_tiers(list(tiers)), offer_days=offer_days, max_sections=max_sections,
            unit_cap=None if unit_cap is None else Decimal(str(unit_cap)),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )  # fmt: skip
        audit_record(
            actor=actor, action="seats.run_created", obj=run, channel="service",
            details={"term": term.pk, "program": program, "seed": run.seed, "tiers": run.tiers},
        )  # fmt: skip
    return run


def run_configure(
    *,
    actor: Any,
    run_id: int,
    tiers: Sequence[Any] | None = None,
    seed: int | None = None,
    offer_days: int | None = None,
    name: str | None = None,
    max_sections: int | None = None,
) -> AllocationRun:
    """Change a run that is not published; results of an earlier execution are discarded."""
    with transaction.atomic():
        run = _run_for_update(run_id)
        _check_coordinator(actor, run.organization_id)
        if run.status == RunStatus.PUBLISHED:
            raise RunStateError("A published run cannot be changed.")
        changes: dict[str, Any] = {}
        if tiers is not None:
            run.tiers = changes["tiers"] = _valid_tiers(list(tiers))
        if seed is not None:
            run.seed = changes["seed"] = int(seed)
        if offer_days is not None:
            if offer_days < 1:
                raise SeatError(f"offer_days {offer_days!r}: at least 1 day")
            run.offer_days = changes["offer_days"] = offer_days
        if max_sections is not None:
            if not 1 <= max_sections <= MAX_SECTIONS_LIMIT:
                raise SeatError(f"max_sections {max_sections!r}: from 1 to {MAX_SECTIONS_LIMIT}")
            run.max_sections = changes["max_sections"] = max_sections
        if name is not None and name.strip():
            run.name = changes["name"] = name.strip()
        if run.status == RunStatus.RAN:
            _discard_results(run)
            run.status = RunStatus.DRAFT
        run.save()
        audit_record(
            actor=actor, action="seats.run_configured", obj=run, channel="service", details=changes
        )
    return run


def _discard_results(run: AllocationRun) -> None:
    Placement.objects.filter(run=run).delete()
    RunSection.objects.filter(run=run).delete()
    LotteryNumber.objects.filter(run=run).delete()
    run.summary = {}
    run.ran_at = None


def run_sections(run: AllocationRun) -> list[Section]:
    """Open sections of the run's term offered by, or meeting at, the run's organization or an
    organization below it."""

    def subtree(prefix: str) -> Q:
        org = run.organization_id
        return (
            Q(**{prefix: org})
            | Q(**{f"{prefix}__parent": org})
            | Q(**{f"{prefix}__parent__parent": org})
        )

    return list(
        Section.objects.filter(term_id=run.term_id, status=SectionStatus.OPEN)
        .filter(subtree("course__provider_org") | subtree("host_site"))
        .select_related("course", "host_site")
        .order_by("pk")
    )


def section_label(section: Section) -> str:
    return f"{section.course.code}-{section.code}"


#: Student fields read for the tier facts (one query, no model instances: runs are large).
_STUDENT_FIELDS = (
    "student__grade", "student__school_id", "student__school__code",
    "student__residence_city", "student__english_learner",
    "student__socioeconomically_disadvantaged", "student__foster", "student__homeless",
    "student__disability",
)  # fmt: skip


def _facts(row: dict[str, Any], program: str, section: Section) -> dict[str, Any]:
    return {
        "grade": row["student__grade"],
        "host_school": row["student__school_id"] == section.host_site_id,
        "ccap": program == Program.CCAP,
        "ccap_section": section.ccap_agreement_id is not None,
        "school_code": row["student__school__code"],
        "residence_city": row["student__residence_city"],
        "english_learner": row["student__english_learner"],
        "socioeconomically_disadvantaged": row["student__socioeconomically_disadvantaged"],
        "foster": row["student__foster"],
        "homeless": row["student__homeless"],
        "disability": row["student__disability"],
    }


@dataclass(frozen=True)
class RunInputs:
    """The problem of a run and how its rows map back to the database."""

    problem: Problem
    student_ids: list[int]
    sections: list[Section]
    lottery: list[int]


def run_inputs(run: AllocationRun) -> RunInputs:
    """Build the allocation problem of a run from the database (deterministic for a seed)."""
    tiers = parse_tiers(run.tiers)
    sections = run_sections(run)
    index = {s.pk: i for i, s in enumerate(sections)}
    held = dict(SeatCounter.objects.filter(section_id__in=index).values_list("section_id", "taken"))
    capacity = [max(s.capacity - held.get(s.pk, 0), 0) for s in sections]
    rows = (
        Application.objects.filter(
            section_id__in=index, program=run.program, status__in=ENTRY_STATUSES
        )
        .order_by("student_id", F("seat_preference__rank").asc(nulls_last=True), "created_at", "pk")
        .values("student_id", "section_id", "student__state_student_id", *_STUDENT_FIELDS)
    )
    # A student's ranking is the order they gave (`ApplicationPreference`); applications they
    # did not rank follow, and ties, in the order they applied.
    student_ids: list[int] = []
    ssids: list[str] = []
    lists: list[list[tuple[int, int]]] = []
    for row in rows.iterator(chunk_size=5000):
        if not student_ids or student_ids[-1] != row["student_id"]:
            student_ids.append(row["student_id"])
            ssids.append(row["student__state_student_id"])
            lists.append([])
        k = index[row["section_id"]]
        lists[-1].append((k, priority_of(tiers, _facts(row, run.program, sections[k]))))
    lottery = draw_lottery(ssids, run.seed)
    offsets = np.zeros(len(lists) + 1, dtype=np.int64)
    np.cumsum([len(x) for x in lists], out=offsets[1:])
    problem = Problem(
        capacity=np.asarray(capacity, dtype=np.int64),
        offsets=offsets,
        choice_section=np.asarray([c for x in lists for c, _ in x], dtype=np.int64),
        choice_priority=np.asarray([p for x in lists for _, p in x], dtype=np.int64),
        lottery=lottery,
    )
    return RunInputs(
        problem=problem, student_ids=student_ids, sections=sections,
        lottery=[int(v) for v in lottery],
    )  # fmt: skip


@dataclass(frozen=True)
class Outcome:
    """What an algorithm gave, per student (seats and reasons in display order, outcome first)
    and per section (the waitlist in priority order), in problem numbering."""

    seats: list[list[tuple[int, int, int]]]  # per student: (section, rank, priority)
    reasons: list[list[Reason]]
    waitlist: list[tuple[int, int, int, int]]  # (section, student, rank, priority), in order
    occupancy: IntArray


def _one_seat(problem: Problem) -> Outcome:
    result = deferred_acceptance(problem)
    seats: list[list[tuple[int, int, int]]] = []
    reasons: list[list[Reason]] = []
    for i in range(problem.n_students):
        app = int(result.choice[i])
        seats.append(
            []
            if app < 0
            else [
                (
                    int(problem.choice_section[app]),
                    int(problem.choice_rank[app]),
                    int(problem.choice_priority[app]),
                )
            ]
        )
        told = explain(result, i)
        reasons.append(told[-1:] + told[:-1])  # the outcome first
    lists = waitlists(result)
    prio = {
        (int(st), int(sec)): int(p)
        for st, sec, p in zip(
            problem.student_of_choice(), problem.choice_section, problem.choice_priority,
            strict=True,
        )
    }  # fmt: skip
    queue = [
        (int(sec), int(st), int(rank), prio[(int(st), int(sec))])
        for sec, st, rank in zip(lists.section, lists.student, lists.rank, strict=True)
    ]
    return Outcome(seats=seats, reasons=reasons, waitlist=queue, occupancy=result.occupancy())


def _meeting_slots(section: Section) -> set[int]:
    """The weekly time slots of a section from its days (M T W R/Th F Sa Su) and times."""
    if not (section.meeting_days and section.start_time and section.end_time):
        return set()
    text = section.meeting_days.replace("Sa", "S").replace("Su", "U").replace("Th", "R")
    days = sorted({"MTWRFSU".index(c) for c in text if c in "MTWRFSU"})
    start = section.start_time.hour * 60 + section.start_time.minute
    end = section.end_time.hour * 60 + section.end_time.minute
    if end <= start:
        return set()
    return set().union(*(time_slots(d, start, end) for d in days)) if days else set()


def _multi_seat(problem: Problem, run: AllocationRun, sections: Sequence[Section]) -> Outcome:
    n = problem.n_students
    cap = float(run.unit_cap) if run.unit_cap is not None else 1e9
    limits = SeatLimits.build(
        units=[float(s.course.units) for s in sections],
        unit_cap=[cap] * n,
        max_sections=[run.max_sections] * n,
        meetings=[_meeting_slots(s) for s in sections],
    )
    result = multi_seat_allocate(problem, limits)
    student = problem.student_of_choice()
    seats: list[list[tuple[int, int, int]]] = [[] for _ in range(n)]
    for app in np.flatnonzero(result.status == HELD):
        seats[int(student[app])].append(
            (
                int(problem.choice_section[app]),
                int(problem.choice_rank[app]),
                int(problem.choice_priority[app]),
            )
        )
    reasons = [explain_multi(result, i) for i in range(n)]
    waiting = np.flatnonzero((result.status == REFUSED) | (result.status == FILLED_EARLIER))
    order = np.lexsort(
        (
            problem.lottery[student[waiting]],
            problem.choice_priority[waiting],
            problem.choice_section[waiting],
        )
    )
    queue = [
        (
            int(problem.choice_section[a]),
            int(student[a]),
            int(problem.choice_rank[a]),
            int(problem.choice_priority[a]),
        )
        for a in waiting[order]
    ]
    return Outcome(seats=seats, reasons=reasons, waitlist=queue, occupancy=result.occupancy())


def _stored(reasons: Sequence[Reason], sections: Sequence[Section]) -> list[dict[str, Any]]:
    """Reasons as JSON, section numbers replaced by labels (and the database id)."""
    out = []
    for reason in reasons:
        params: dict[str, Any] = dict(reason.params)
        for key in ("section", "conflict_section"):
            if key in params:
                section = sections[int(params[key])]
                params[key] = section_label(section)
                params[f"{key}_id"] = section.pk
        out.append({"code": reason.code, "params": params})
    return out


def run_execute(*, actor: Any, run_id: int) -> AllocationRun:
    """Run the allocation and store lottery numbers, placements with their reasons, and the
    proposed waitlists. Allowed again until the run is published (same seed, same result).

    One seat per student (`max_sections` 1): the student-optimal stable matching. Several: seat
    rounds of deferred acceptance within the run's unit cap, section limit and without time
    conflicts (allocation.multi_seat)."""
    with transaction.atomic():
        run = _run_for_update(run_id)
        _check_coordinator(actor, run.organization_id)
        if run.status == RunStatus.PUBLISHED:
            raise RunStateError("A published run cannot be run again.")
        _discard_results(run)
        inputs = run_inputs(run)
        problem, sections = inputs.problem, inputs.sections
        if run.max_sections > 1:
            outcome = _multi_seat(problem, run, sections)
        else:
            outcome = _one_seat(problem)
        LotteryNumber.objects.bulk_create(
            LotteryNumber(run=run, student_id=sid, number=inputs.lottery[i])
            for i, sid in enumerate(inputs.student_ids)
        )
        placements = []
        for i, sid in enumerate(inputs.student_ids):
            held = outcome.seats[i]
            first = held[0] if held else None
            placements.append(
                Placement(
                    run=run,
                    student_id=sid,
                    section_id=sections[first[0]].pk if first else None,
                    rank=first[1] if first else None,
                    priority=first[2] if first else None,
                    seats=[
                        {"section_id": sections[k].pk, "rank": rank, "priority": priority}
                        for k, rank, priority in held
                    ],
                    reasons=_stored(outcome.reasons[i], sections),
                )
            )
        Placement.objects.bulk_create(placements, batch_size=2000)
        queue: dict[int, list[list[int]]] = {}
        for k, st, rank, priority in outcome.waitlist:
            queue.setdefault(sections[k].pk, []).append([inputs.student_ids[st], rank, priority])
        applicants = np.bincount(problem.choice_section, minlength=problem.n_sections)
        RunSection.objects.bulk_create(
            RunSection(
                run=run,
                section=s,
                capacity=int(problem.capacity[k]),
                placed=int(outcome.occupancy[k]),
                applicants=int(applicants[k]),
            )
            for k, s in enumerate(sections)
        )
        by_rank: dict[str, int] = {}
        for held in outcome.seats:
            for _, rank, _ in held:
                by_rank[str(rank)] = by_rank.get(str(rank), 0) + 1
        run.summary = {
            "students": problem.n_students,
            "sections": problem.n_sections,
            "applications": problem.n_applications,
            "placed": sum(1 for held in outcome.seats if held),
            "seats": int(outcome.occupancy.sum()),
            "by_rank": dict(sorted(by_rank.items(), key=lambda kv: int(kv[0]))),
            "waitlists": {str(k): v for k, v in queue.items()},
        }
        run.status = RunStatus.RAN
        run.ran_at = timezone.now()
        run.save()
        audit_record(
            actor=actor, action="seats.run_executed", obj=run, channel="service",
            details={k: v for k, v in run.summary.items() if k != "waitlists"} | {"seed": run.seed},
        )  # fmt: skip
    return run


def _lock_counters(section_ids: Iterable[int]) -> dict[int, SeatCounter]:
    """Create the counters that are missing, then lock them all in section order."""
    ids = sorted(set(section_ids))
    missing = set(ids) - set(
        SeatCounter.objects.filter(section_id__in=ids).values_list("section_id", flat=True)
    )
    if missing:
        capacities = dict(Section.objects.filter(pk__in=missing).values_list("pk", "capacity"))
        SeatCounter.objects.bulk_create(
            [SeatCounter(section_id=i, capacity=capacities[i]) for i in sorted(missing)],
            ignore_conflicts=True,
        )
    locked = (
        SeatCounter.objects.select_for_update().filter(section_id__in=ids).order_by("section_id")
    )
    return {c.section_id: c for c in locked}


def _set_taken(counter: SeatCounter, taken: int) -> None:
    if not 0 <= taken <= counter.capacity:
        raise SeatError(f"seat count {taken} out of 0..{counter.capacity}")  # never expected
    counter.taken = taken
    SeatCounter.objects.filter(pk=counter.pk).update(taken=taken)


def run_publish(*, actor: Any, run_id: int, now: dt.datetime | None = None) -> AllocationRun:
    """Offers for every placement (deadline: now + the run's offer days) and waitlists for the
    sections, in priority order. Students are notified after commit."""
    now = now or timezone.now()
    offers: list[Offer] = []
    with transaction.atomic():
        run = _run_for_update(run_id)
        _check_coordinator(actor, run.organization_id)
        if run.status != RunStatus.RAN:
            raise RunStateError("Only a run with results to review can be published.")
        section_ids = list(RunSection.objects.filter(run=run).values_list("section_id", flat=True))
        counters = _lock_counters(section_ids)
        deadline = now + dt.timedelta(days=run.offer_days)
        placements = [
            (p.student_id, seat["section_id"], seat["rank"])
            for p in Placement.objects.filter(run=run, section__isnull=False).order_by("pk")
            for seat in p.seats
        ]
        per_section: dict[int, int] = {}
        for _, section_id, _ in placements:
            per_section[section_id] = per_section.get(section_id, 0) + 1
        for sid, n in per_section.items():
            c = counters[sid]
            if c.taken + n > c.capacity:
                raise RunStateError(
                    f"Section {sid} has {c.capacity - c.taken} seats left but the run placed {n}: "
                    "seats changed since the run; run it again."
                )
        held = set(
            Offer.objects.filter(section_id__in=section_ids, status__in=HOLDING).values_list(
                "student_id", "section_id"
            )
        )
        for student_id, section_id, rank in placements:
            if (student_id, section_id) in held:
                continue
            offers.append(
                Offer(
                    run=run,
                    student_id=student_id,
                    section_id=section_id,
                    rank=rank,
                    source=OfferSource.RUN,
                    deadline=deadline,
                )
            )
        Offer.objects.bulk_create(offers, batch_size=2000)
        for sid in per_section:
            n = sum(1 for o in offers if o.section_id == sid)
            _set_taken(counters[sid], counters[sid].taken + n)
        entries = []
        queues = run.summary.get("waitlists", {})
        last = dict(
            WaitlistEntry.objects.filter(section_id__in=section_ids)
            .values("section_id")
            .annotate(m=Max("position"))
            .values_list("section_id", "m")
        )
        waiting = set(
            WaitlistEntry.objects.filter(
                section_id__in=section_ids, status=WaitlistStatus.WAITING
            ).values_list("student_id", "section_id")
        )
        for key, queue in queues.items():
            sid = int(key)
            position = last.get(sid) or 0
            for student_id, rank, priority in queue:
                if (student_id, sid) in waiting or (student_id, sid) in held:
                    continue
                position += 1
                entries.append(
                    WaitlistEntry(
                        run=run,
                        section_id=sid,
                        student_id=student_id,
                        position=position,
                        rank=rank,
                        priority=priority,
                    )
                )
        WaitlistEntry.objects.bulk_create(entries, batch_size=2000)
        for sid, counter in counters.items():  # seats left over (a section nobody filled)
            _promote(counter, sid, now=now, default_days=run.offer_days, actor=actor)
        run.status = RunStatus.PUBLISHED
        run.published_at = now
        run.save()
        audit_record(
            actor=actor, action="seats.published", obj=run, channel="service",
            details={"offers": len(offers), "waitlisted": len(entries), "seed": run.seed},
        )  # fmt: skip
        _notify_offers(offers)
    return run


# --- seats -----------------------------------------------------------------------------------


def _application_open(student_id: int, section_id: int) -> bool:
    """Whether the student still has an application for the section in an entering status."""
    return Application.objects.filter(
        student_id=student_id, section_id=section_id, status__in=ENTRY_STATUSES
    ).exists()


def _promotion_refusal(entry: WaitlistEntry, section: Section) -> dict[str, Any] | None:
    """Why a multi-seat run's waitlisted student cannot take this seat now, or None.

    The seats the student holds (offered or accepted) in the run's term are checked as the run
    checked them: at most `max_sections` from the run, within the run's unit cap, and never two
    sections meeting at the same time."""
    run = entry.run
    if run is None or run.max_sections <= 1:
        return None
    held = list(
        Section.objects.filter(
            pk__in=Offer.objects.filter(
                student_id=entry.student_id, status__in=HOLDING, section__term_id=section.term_id
            ).values("section_id")
        )
        .exclude(pk=section.pk)
        .select_related("course")
        .order_by("pk")
    )
    from_run = Offer.objects.filter(
        run=run, student_id=entry.student_id, status__in=HOLDING
    ).count()
    if from_run >= run.max_sections:
        return {"code": "max_sections", "params": {"max_sections": run.max_sections}}
    if run.unit_cap is not None:
        units = sum((Decimal(str(s.course.units)) for s in held), Decimal(0))
        if units + Decimal(str(section.course.units)) > run.unit_cap:
            return {
                "code": "unit_cap",
                "params": {"held_units": str(units), "units": str(section.course.units),
                           "unit_cap": str(run.unit_cap)},
            }  # fmt: skip
    slots = _meeting_slots(section)
    for other in held:
        if slots & _meeting_slots(other):
            return {
                "code": "time_conflict",
                "params": {"conflict_section": section_label(other),
                           "conflict_section_id": other.pk},
            }  # fmt: skip
    return None


def _promote(
    counter: SeatCounter, section_id: int, *, now: dt.datetime, default_days: int, actor: Any
) -> list[Offer]:
    """Offer free seats to the head of the waitlist (the counter is locked by the caller).

    In a multi-seat run, a student whose new seat would break the run's unit cap, section limit
    or a time conflict with a seat they hold is skipped (they stay on the list, with the reason
    recorded on the entry and in the audit log) and the seat goes to the next student."""
    made: list[Offer] = []
    skipped: set[int] = set()
    section: Section | None = None
    while counter.taken < counter.capacity:
        head = (
            WaitlistEntry.objects.select_for_update(of=("self",))
            .filter(section_id=section_id, status=WaitlistStatus.WAITING)
            .exclude(pk__in=skipped)
            .select_related("run")
            .order_by("position")
            .first()
        )
        if head is None:
            break
        holds = Offer.objects.filter(
            student_id=head.student_id, section_id=section_id, status__in=HOLDING
        ).exists()
        if holds or not _application_open(head.student_id, section_id):
            head.status = WaitlistStatus.REMOVED
            head.save(update_fields=["status", "updated_at"])
            continue
        if head.run is not None and head.run.max_sections > 1:
            if section is None:
                section = Section.objects.select_related("course").get(pk=section_id)
            refusal = _promotion_refusal(head, section)
            if refusal is not None:
                skipped.add(head.pk)
                head.skipped = refusal | {"at": now.isoformat()}
                head.save(update_fields=["skipped", "updated_at"])
                audit_record(
                    actor=actor, action="seats.promotion_skipped", obj=head,
                    student_id=head.student_id, channel="service",
                    details={"section": section_id, "position": head.position, **refusal},
                )  # fmt: skip
                continue
        days = head.run.offer_days if head.run is not None else default_days
        offer = Offer.objects.create(
            run=head.run, student_id=head.student_id, section_id=section_id, rank=head.rank,
            source=OfferSource.WAITLIST, deadline=now + dt.timedelta(days=days),
        )  # fmt: skip
        head.status = WaitlistStatus.OFFERED
        head.save(update_fields=["status", "updated_at"])
        _set_taken(counter, counter.taken + 1)
        audit_record(
            actor=actor, action="seats.promoted", obj=offer, student_id=head.student_id,
            channel="service", details={"section": section_id, "position": head.position},
        )  # fmt: skip
        made.append(offer)
    _notify_offers(made)
    return made


def _lock_applications(student_id: int, section_ids: Iterable[int]) -> dict[int, Application]:
    """Lock the student's live applications for these sections (by primary key) before any seat
    counter: the application services lock the application first too when a close frees a seat,
    so the two never wait on each other in opposite orders."""
    from openpathways.applications.models import CLOSED_STATUSES

    rows = (
        Application.objects.select_for_update(of=("self",))
        .filter(student_id=student_id, section_id__in=set(section_ids))
        .exclude(status__in=CLOSED_STATUSES)
        .order_by("pk")
    )
    return {a.section_id: a for a in rows if a.section_id is not None}


def _who(actor: Any) -> str:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return "the system"
    if actor.is_superuser:
        return "an administrator"
    return {
        Role.STUDENT: "the student", Role.GUARDIAN: "a parent or guardian",
    }.get(actor.role, f"{actor.get_role_display()} {actor.get_username()}")  # fmt: skip


def _giving_up(app: Application) -> str:
    """The application step for a seat given up: a registered application (the seat had been
    accepted) is dropped, an approved one withdrawn."""
    return "seat_dropped" if app.status == "registered" else "seat_declined"


def _answer(app: Application | None, verb: str, note: str) -> None:
    """Move the application on a seat answer, in the caller's transaction (history + audit)."""
    if app is None:
        return
    from openpathways.applications.services import application_seat_answered

    application_seat_answered(actor=None, application=app, verb=verb, note=note)


def seat_release_for_application(
    *,
    actor: Any,
    student_id: int,
    section_id: int,
    reason: str = "",
    now: dt.datetime | None = None,
) -> tuple[int, int]:
    """Free the seat held (offer `dropped`), and remove the waitlist place, of a student whose
    application for the section has just closed (withdrawn, denied or dropped). Called by the
    application services inside their transaction, the application row already locked; the seat
    goes to the head of the waitlist at once. Returns (seats released, waitlist places removed)."""
    if not SeatCounter.objects.filter(section_id=section_id).exists():
        return 0, 0
    now = now or timezone.now()
    with transaction.atomic():
        counter = _lock_counters([section_id])[section_id]
        removed = WaitlistEntry.objects.filter(
            student_id=student_id, section_id=section_id, status=WaitlistStatus.WAITING
        ).update(status=WaitlistStatus.REMOVED, updated_at=now)
        released = 0
        for offer in Offer.objects.select_for_update().filter(
            student_id=student_id, section_id=section_id, status__in=HOLDING
        ):
            _free_seat(offer, counter, status=OfferStatus.DROPPED, now=now, actor=actor)
            audit_record(
                actor=actor, action="seats.seat_dropped", obj=offer, student_id=student_id,
                channel="service",
                details={"section": section_id, "reason": "application closed", "verb": reason},
            )  # fmt: skip
            released += 1
    return released, removed


def _free_seat(
    offer: Offer, counter: SeatCounter, *, status: str, now: dt.datetime, actor: Any
) -> None:
    offer.status = status
    offer.responded_at = now
    offer.save(update_fields=["status", "responded_at", "updated_at"])
    _set_taken(counter, counter.taken - 1)
    _promote(counter, offer.section_id, now=now, default_days=DEFAULT_OFFER_DAYS, actor=actor)


def _offer_for_change(actor: Any, offer_id: int) -> Offer:
    offer = Offer.objects.select_related("section__course", "run").filter(pk=offer_id).first()
    if offer is None or not can_act_for_student(
        actor, student_id=offer.student_id, section=offer.section
    ):
        raise SeatPermissionError(_("No such offer in your scope."))
    return offer


def offer_accept(*, actor: Any, offer_id: int, now: dt.datetime | None = None) -> Offer:
    """Accept an offer before its deadline. Seats the student holds in the same run at sections
    they ranked lower are released (and go to those sections' waitlists), and so are the student's
    places on lower-ranked waitlists of the run."""
    now = now or timezone.now()
    first = _offer_for_change(actor, offer_id)
    with transaction.atomic():
        others = []
        one_seat = first.run is not None and first.run.max_sections == 1
        if one_seat and first.rank is not None:
            others = list(
                Offer.objects.filter(
                    run_id=first.run_id, student_id=first.student_id, status__in=HOLDING,
                    rank__gt=first.rank,
                ).values_list("pk", "section_id")
            )  # fmt: skip
        apps = _lock_applications(first.student_id, [first.section_id, *(s for _, s in others)])
        counters = _lock_counters([first.section_id, *(s for _, s in others)])
        offer = Offer.objects.select_for_update().get(pk=offer_id)
        if offer.status == OfferStatus.ACCEPTED:
            return offer  # idempotent
        if offer.status != OfferStatus.OFFERED:
            raise SeatError(
                _("This offer is no longer open: %(status)s.")
                % {"status": offer.get_status_display()}
            )
        if offer.deadline is not None and offer.deadline < now:
            raise SeatError(_("The deadline to accept this offer has passed."))
        app = apps.get(offer.section_id)
        if app is None or app.status not in (*ENTRY_STATUSES, "registered"):
            raise SeatError(_("An approved application for this section is needed to accept."))
        offer.status = OfferStatus.ACCEPTED
        offer.responded_at = now
        offer.save(update_fields=["status", "responded_at", "updated_at"])
        _answer(app, "seat_accepted", f"Seat accepted (offer {offer.pk}) by {_who(actor)}.")
        released = []
        for pk, sid in others:
            other = Offer.objects.select_for_update().get(pk=pk)
            if other.status in HOLDING:
                _free_seat(other, counters[sid], status=OfferStatus.RELEASED, now=now, actor=actor)
                released.append(pk)
                if sid in apps:
                    _answer(
                        apps[sid], _giving_up(apps[sid]),
                        f"Seat released (offer {pk}): a higher choice was accepted.",
                    )  # fmt: skip
        if one_seat and offer.rank is not None:
            WaitlistEntry.objects.filter(
                run_id=offer.run_id, student_id=offer.student_id, status=WaitlistStatus.WAITING,
                rank__gt=offer.rank,
            ).update(status=WaitlistStatus.REMOVED, updated_at=now)  # fmt: skip
        audit_record(
            actor=actor, action="seats.offer_accepted", obj=offer, student_id=offer.student_id,
            channel="service", details={"section": offer.section_id, "released": released},
        )  # fmt: skip
    return offer


def _give_up(
    *, actor: Any, offer_id: int, from_status: str, to_status: str, action: str,
    now: dt.datetime | None,
) -> Offer:  # fmt: skip
    now = now or timezone.now()
    first = _offer_for_change(actor, offer_id)
    with transaction.atomic():
        apps = _lock_applications(first.student_id, [first.section_id])
        counters = _lock_counters([first.section_id])
        offer = Offer.objects.select_for_update().get(pk=offer_id)
        if offer.status == to_status:
            return offer  # idempotent
        if offer.status != from_status:
            raise SeatError(
                _("This offer is no longer open: %(status)s.")
                % {"status": offer.get_status_display()}
            )
        _free_seat(offer, counters[offer.section_id], status=to_status, now=now, actor=actor)
        app = apps.get(offer.section_id)
        if app is not None:
            what = "declined" if to_status == OfferStatus.DECLINED else "given up"
            _answer(app, _giving_up(app), f"Seat {what} (offer {offer.pk}) by {_who(actor)}.")
        audit_record(
            actor=actor, action=action, obj=offer, student_id=offer.student_id,
            channel="service", details={"section": offer.section_id},
        )  # fmt: skip
    return offer


def offer_decline(*, actor: Any, offer_id: int, now: dt.datetime | None = None) -> Offer:
    """Decline an offer: the seat goes to the head of the section's waitlist."""
    return _give_up(
        actor=actor, offer_id=offer_id, from_status=OfferStatus.OFFERED,
        to_status=OfferStatus.DECLINED, action="seats.offer_declined", now=now,
    )  # fmt: skip


def seat_drop(*, actor: Any, offer_id: int, now: dt.datetime | None = None) -> Offer:
    """Give up an accepted seat: it goes to the head of the section's waitlist."""
    return _give_up(
        actor=actor, offer_id=offer_id, from_status=OfferStatus.ACCEPTED,
        to_status=OfferStatus.DROPPED, action="seats.seat_dropped", now=now,
    )  # fmt: skip


def offers_expire(*, actor: Any = None, now: dt.datetime | None = None) -> int:
    """Expire the offers whose deadline has passed (each in its own transaction; running it twice
    changes nothing the second time). Returns how many offers expired now."""
    now = now or timezone.now()
    due = list(
        Offer.objects.filter(status=OfferStatus.OFFERED, deadline__lt=now)
        .order_by("deadline", "pk")
        .values_list("pk", "section_id")
    )
    expired = 0
    for pk, section_id in due:
        with transaction.atomic():
            counters = _lock_counters([section_id])
            offer = Offer.objects.select_for_update().get(pk=pk)
            if (
                offer.status != OfferStatus.OFFERED
                or offer.deadline is None
                or offer.deadline >= now
            ):
                continue
            _free_seat(
                offer, counters[section_id], status=OfferStatus.EXPIRED, now=now, actor=actor
            )
            audit_record(
                actor=actor, action="seats.offer_expired", obj=offer, student_id=offer.student_id,
                channel="service", details={"section": section_id},
            )  # fmt: skip
            expired += 1
    return expired


def seats_release_closed(*, actor: Any = None, now: dt.datetime | None = None) -> tuple[int, int]:
    """Release the seats, and remove the waitlist places, of students whose application for the
    section was withdrawn, denied or dropped since (each seat in its own transaction; the seat goes
    to the waitlist). Idempotent. Returns (seats released, waitlist places removed)."""
    from openpathways.applications.models import CLOSED_STATUSES

    now = now or timezone.now()
    controlled = Application.objects.filter(section_id__in=SeatCounter.objects.values("section_id"))
    closed = controlled.filter(status__in=CLOSED_STATUSES).values_list("student_id", "section_id")
    still_open = set(
        controlled.exclude(status__in=CLOSED_STATUSES).values_list("student_id", "section_id")
    )
    gone = set(closed) - still_open
    if not gone:
        return 0, 0
    released = 0
    holding = Offer.objects.filter(status__in=HOLDING).values_list("pk", "student_id", "section_id")
    for pk, student_id, section_id in holding:
        if (student_id, section_id) not in gone:
            continue
        with transaction.atomic():
            counters = _lock_counters([section_id])
            offer = Offer.objects.select_for_update().get(pk=pk)
            if offer.status not in HOLDING:
                continue
            _free_seat(
                offer, counters[section_id], status=OfferStatus.DROPPED, now=now, actor=actor
            )
            audit_record(
                actor=actor, action="seats.seat_dropped", obj=offer, student_id=student_id,
                channel="service", details={"section": section_id, "reason": "application closed"},
            )  # fmt: skip
            released += 1
    removed = 0
    waiting = WaitlistEntry.objects.filter(status=WaitlistStatus.WAITING).values_list(
        "pk", "student_id", "section_id"
    )
    stale = [pk for pk, student_id, section_id in waiting if (student_id, section_id) in gone]
    if stale:
        removed = WaitlistEntry.objects.filter(pk__in=stale, status=WaitlistStatus.WAITING).update(
            status=WaitlistStatus.REMOVED, updated_at=now
        )
    return released, removed


@dataclass(frozen=True)
class ClaimResult:
    """Either a seat (`offer`, accepted) or a place on the waitlist (`entry`)."""

    offer: Offer | None
    entry: WaitlistEntry | None


def seat_claim(
    *, actor: Any, student_id: int, section_id: int, now: dt.datetime | None = None
) -> ClaimResult:
    """Take a free seat in a section under seat control, or join the end of its waitlist when no
    seat is free (or students are already waiting). The student needs a live application for the
    section in an entering status. Claiming twice returns what the first claim gave."""
    now = now or timezone.now()
    section = Section.objects.select_related("course").filter(pk=section_id).first()
    if section is None or not can_act_for_student(actor, student_id=student_id, section=section):
        raise SeatPermissionError("No such section or student in your scope.")
    need = _("An approved application for this section is needed to claim a seat.")
    if not Application.objects.filter(
        student_id=student_id, section_id=section_id, status__in=(*ENTRY_STATUSES, "registered")
    ).exists():
        raise SeatError(need)
    with transaction.atomic():
        app = _lock_applications(student_id, [section_id]).get(section_id)
        counter = _lock_counters([section_id])[section_id]
        existing = Offer.objects.filter(
            student_id=student_id, section_id=section_id, status__in=HOLDING
        ).first()
        if existing is not None:
            return ClaimResult(offer=existing, entry=None)
        if app is None or app.status not in ENTRY_STATUSES:
            raise SeatError(need)
        entry = WaitlistEntry.objects.filter(
            student_id=student_id, section_id=section_id, status=WaitlistStatus.WAITING
        ).first()
        if entry is not None:
            return ClaimResult(offer=None, entry=entry)
        someone_waiting = WaitlistEntry.objects.filter(
            section_id=section_id, status=WaitlistStatus.WAITING
        ).exists()
        if counter.taken < counter.capacity and not someone_waiting:
            offer = Offer.objects.create(
                student_id=student_id, section_id=section_id, source=OfferSource.CLAIM,
                status=OfferStatus.ACCEPTED, responded_at=now,
            )  # fmt: skip
            _set_taken(counter, counter.taken + 1)
            audit_record(
                actor=actor, action="seats.seat_claimed", obj=offer, student_id=student_id,
                channel="service", details={"section": section_id},
            )  # fmt: skip
            _answer(app, "seat_accepted", f"Open seat claimed (offer {offer.pk}) by {_who(actor)}.")
            return ClaimResult(offer=offer, entry=None)
        last = (
            WaitlistEntry.objects.filter(section_id=section_id).aggregate(m=Max("position"))["m"]
            or 0
        )
        entry = WaitlistEntry.objects.create(
            section_id=section_id, student_id=student_id, position=last + 1
        )
        audit_record(
            actor=actor, action="seats.waitlisted", obj=entry, student_id=student_id,
            channel="service", details={"section": section_id, "position": entry.position},
        )  # fmt: skip
        # A free seat may sit behind students a promotion had to skip (unit cap, time conflict):
        # the newcomer then gets it.
        _promote(counter, section_id, now=now, default_days=DEFAULT_OFFER_DAYS, actor=actor)
        entry.refresh_from_db()
        return ClaimResult(offer=None, entry=entry)


def waitlist_leave(*, actor: Any, entry_id: int) -> WaitlistEntry:
    """Leave a waitlist (the places behind move up)."""
    entry = WaitlistEntry.objects.select_related("section__course").filter(pk=entry_id).first()
    if entry is None or not can_act_for_student(
        actor, student_id=entry.student_id, section=entry.section
    ):
        raise SeatPermissionError(_("No such waitlist entry in your scope."))
    with transaction.atomic():
        _lock_counters([entry.section_id])
        entry = WaitlistEntry.objects.select_for_update().get(pk=entry_id)
        if entry.status == WaitlistStatus.WAITING:
            entry.status = WaitlistStatus.REMOVED
            entry.save(update_fields=["status", "updated_at"])
            audit_record(
                actor=actor, action="seats.waitlist_left", obj=entry, student_id=entry.student_id,
                channel="service", details={"section": entry.section_id},
            )  # fmt: skip
    return entry


# --- notifications ---------------------------------------------------------------------------


def _notify_offers(offers: Sequence[Offer]) -> None:
    """Tell each student with an account, and their guardians, about a new offer, in their own
    language, after the transaction commits (nothing is sent on rollback)."""
    if offers:
        ids = [o.pk for o in offers]
        transaction.on_commit(lambda: offer_notifications_send(offer_ids=ids))


def offer_notifications_send(*, offer_ids: Sequence[int]) -> int:
    """Email the offers (called after commit). Returns the number of messages sent."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.mail import send_mail
    from django.utils import translation

    from openpathways.notifications.models import Notification, NotificationStatus
    from openpathways.seats.messages import OFFER_BODY, OFFER_SUBJECT

    offers = list(
        Offer.objects.filter(pk__in=offer_ids).select_related("section__course", "student")
    )
    student_ids = {o.student_id for o in offers}
    users = {
        u.student_id: u
        for u in get_user_model().objects.filter(student_id__in=student_ids).exclude(email="")
    }
    guardians: dict[int, list[Any]] = {}
    for link in StudentGuardian.objects.filter(student_id__in=student_ids).select_related(
        "guardian"
    ):
        if link.guardian.email:
            guardians.setdefault(link.student_id, []).append(link.guardian)
    sent = 0
    for offer in offers:
        recipients: list[tuple[str, str, str, int | None]] = []
        user = users.get(offer.student_id)
        if user is not None:
            recipients.append(("student", user.email, user.preferred_language, user.pk))
        for g in guardians.get(offer.student_id, []):
            recipients.append(("guardian", g.email, g.preferred_language, None))
        for kind, email, lang, user_id in recipients:
            language = lang if lang in ("en", "es") else "en"
            with translation.override(language):
                deadline = (
                    timezone.localtime(offer.deadline).strftime("%Y-%m-%d %H:%M")
                    if offer.deadline
                    else "-"
                )
                values = {
                    "student": offer.student.first_name,
                    "section": section_label(offer.section),
                    "course": offer.section.course.title_es
                    if language == "es" and offer.section.course.title_es
                    else offer.section.course.title,
                    "deadline": deadline,
                }
                subject = str(OFFER_SUBJECT) % values
                body = str(OFFER_BODY) % values
            status, error = NotificationStatus.SENT, ""
            try:
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email])
                sent += 1
            except Exception as exc:
                status, error = NotificationStatus.FAILED, str(exc)[:500]
            Notification.objects.create(
                event="seats.offered", recipient_kind=kind, recipient_user_id=user_id,
                email=email, language=language, subject=subject[:300], body=body,
                student_id=offer.student_id, sent_at=timezone.now(), status=status, error=error,
            )  # fmt: skip
    return sent


# --- students' ranking of their choices --------------------------------------------------------

#: Applications a student may still rank: filed, not closed, not yet registered.
RANKABLE_STATUSES = (
    "requested", "eligibility_checked", "recommended", "consented", "approved", "held",
)  # fmt: skip


def can_rank_for_student(actor: Any, student_id: int) -> bool:
    """The student, one of their guardians, or school staff (counselor, school administrator)
    with the student in their scope."""
    from openpathways.students.access import student_scope

    if actor is None or not getattr(actor, "is_authenticated", False):
        return False
    if actor.is_superuser:
        return True
    if actor.role == Role.STUDENT:
        return bool(actor.student_id == student_id)
    if actor.role == Role.GUARDIAN:
        return bool(
            actor.guardian_id
            and StudentGuardian.objects.filter(
                student_id=student_id, guardian_id=actor.guardian_id
            ).exists()
        )
    if actor.role in (Role.COUNSELOR, Role.SCHOOL_ADMIN):
        return student_scope(actor).filter(pk=student_id).exists()
    return False


def ranked_applications(*, student_id: int, term_id: int, program: str) -> list[Application]:
    """The student's rankable applications of a term and program in their order of preference:
    ranked ones by rank, then the others in the order filed (as a run reads them)."""
    return list(
        Application.objects.filter(
            student_id=student_id, term_id=term_id, program=program, section__isnull=False,
            status__in=RANKABLE_STATUSES,
        )
        .select_related("section__course", "seat_preference")
        .order_by(F("seat_preference__rank").asc(nulls_last=True), "created_at", "pk")
    )  # fmt: skip


def choices_rank(
    *, actor: Any, student_id: int, term_id: int, program: str, application_ids: Sequence[int]
) -> list[Application]:
    """Set the student's order of preference among their applications of a term and program
    (first = most wanted). `application_ids` must list each rankable application exactly once.
    Runs executed afterwards use this order."""
    if not can_rank_for_student(actor, student_id):
        raise SeatPermissionError(_("No such student in your scope."))
    with transaction.atomic():
        list(  # lock the student's applications of the term and program first
            Application.objects.select_for_update(of=("self",))
            .filter(student_id=student_id, term_id=term_id, program=program)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        apps = ranked_applications(student_id=student_id, term_id=term_id, program=program)
        wanted = [int(x) for x in application_ids]
        have = {a.pk for a in apps}
        if len(wanted) != len(set(wanted)) or set(wanted) != have:
            raise SeatError(
                _("List each of the student's open applications for this term and program once: "
                  "expected %(expected)s, got %(got)s.")
                % {"expected": sorted(have), "got": wanted}
            )  # fmt: skip
        by_id = {a.pk: a for a in apps}
        from openpathways.seats.models import ApplicationPreference

        user = actor if getattr(actor, "is_authenticated", False) else None
        for rank, pk in enumerate(wanted, start=1):
            ApplicationPreference.objects.update_or_create(
                application_id=pk, defaults={"rank": rank, "set_by": user}
            )
        audit_record(
            actor=actor, action="seats.choices_ranked", obj=by_id[wanted[0]] if wanted else None,
            student_id=student_id, channel="service",
            details={"term": term_id, "program": program, "applications": wanted,
                     "sections": [by_id[pk].section_id for pk in wanted]},
        )  # fmt: skip
        return [by_id[pk] for pk in wanted]


def choice_move(*, actor: Any, application_id: int, direction: str) -> list[Application]:
    """Move one application up or down the student's order of preference (the buttons of the
    page, which works without JavaScript)."""
    app = Application.objects.filter(pk=application_id).first()
    if app is None or not can_rank_for_student(actor, app.student_id):
        raise SeatPermissionError(_("No such application in your scope."))
    if direction not in ("up", "down"):
        raise SeatError(f"direction {direction!r}: use up or down")
    if app.term_id is None or app.status not in RANKABLE_STATUSES:
        raise SeatError(_("This application can no longer be ranked."))
    order = [
        a.pk
        for a in ranked_applications(
            student_id=app.student_id, term_id=app.term_id, program=app.program
        )
    ]
    i = order.index(app.pk)
    j = i - 1 if direction == "up" else i + 1
    if 0 <= j < len(order):
        order[i], order[j] = order[j], order[i]
    return choices_rank(
        actor=actor, student_id=app.student_id, term_id=app.term_id, program=app.program,
        application_ids=order,
    )  # fmt: skip

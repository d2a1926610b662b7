"""The application state machine in one table: which transition leads from which statuses to
which, and who may make it. Plain data (no models): the services enforce it, the pages and the
API show only the actions it allows, and docs/journey.md prints it.

    requested -> eligibility_checked -> recommended -> consented -> approved -> registered
    withdraw (before registration), drop (after registration), deny with a reason (any open step),
    hold (consent revoked while waiting), resume (consent given again).

Actors: `student`, `guardian`, `counselor`, `school_admin` (principal or designee),
`college_staff`, `adult_ed_staff`, and `system` (the platform itself: the eligibility check,
steps skipped by the cadence rules, a consent recorded or revoked on the ledger).
"""

from __future__ import annotations

from dataclasses import dataclass

REQUESTED = "requested"
ELIGIBILITY_CHECKED = "eligibility_checked"
RECOMMENDED = "recommended"
CONSENTED = "consented"
APPROVED = "approved"
REGISTERED = "registered"
DENIED = "denied"
WITHDRAWN = "withdrawn"
DROPPED = "dropped"
HELD = "held"

STATUSES = (
    REQUESTED, ELIGIBILITY_CHECKED, RECOMMENDED, CONSENTED, APPROVED, REGISTERED,
    DENIED, WITHDRAWN, DROPPED, HELD,
)  # fmt: skip
CLOSED = frozenset({DENIED, WITHDRAWN, DROPPED})
OPEN_BEFORE_REGISTRATION = (REQUESTED, ELIGIBILITY_CHECKED, RECOMMENDED, CONSENTED, APPROVED, HELD)

STUDENT = "student"
GUARDIAN = "guardian"
COUNSELOR = "counselor"
SCHOOL_ADMIN = "school_admin"
COLLEGE_STAFF = "college_staff"
ADULT_ED_STAFF = "adult_ed_staff"
SYSTEM = "system"
ACTORS = (STUDENT, GUARDIAN, COUNSELOR, SCHOOL_ADMIN, COLLEGE_STAFF, ADULT_ED_STAFF, SYSTEM)

HIGH_SCHOOL = frozenset({COUNSELOR, SCHOOL_ADMIN})
PROVIDER = frozenset({COLLEGE_STAFF, ADULT_ED_STAFF})


@dataclass(frozen=True)
class Transition:
    verb: str
    sources: tuple[str, ...]
    target: str
    actors: frozenset[str]
    reason_required: bool = False

    @property
    def action(self) -> str:
        return f"applications.{self.verb}"


TRANSITIONS: dict[str, Transition] = {
    t.verb: t
    for t in (
        # Filed by the student or by a counselor / school administrator on their behalf.
        Transition("requested", ("",), REQUESTED, frozenset({STUDENT, *HIGH_SCHOOL})),
        Transition("checked", (REQUESTED,), ELIGIBILITY_CHECKED, frozenset({SYSTEM})),
        Transition(
            "recommended", (ELIGIBILITY_CHECKED,), RECOMMENDED, frozenset({*HIGH_SCHOOL, SYSTEM})
        ),
        # The guardian signs on the ledger (the link or a paper form entered by staff); the
        # ledger then moves every application waiting on consent.
        Transition("consented", (RECOMMENDED,), CONSENTED, frozenset({GUARDIAN, SYSTEM})),
        Transition("approved", (CONSENTED,), APPROVED, PROVIDER),
        Transition("registered", (APPROVED,), REGISTERED, PROVIDER),
        Transition(
            "denied",
            (REQUESTED, ELIGIBILITY_CHECKED, RECOMMENDED, CONSENTED, APPROVED, HELD),
            DENIED,
            frozenset({*HIGH_SCHOOL, *PROVIDER, SYSTEM}),
            reason_required=True,
        ),
        Transition(
            "withdrawn",
            OPEN_BEFORE_REGISTRATION,
            WITHDRAWN,
            frozenset({STUDENT, GUARDIAN, *HIGH_SCHOOL}),
        ),
        Transition(
            "dropped",
            (REGISTERED,),
            DROPPED,
            frozenset({STUDENT, *HIGH_SCHOOL, *PROVIDER}),
            reason_required=True,
        ),
        Transition(
            "held",
            (RECOMMENDED, CONSENTED, APPROVED),
            HELD,
            frozenset({SYSTEM}),
            reason_required=True,
        ),
        Transition("resumed", (HELD,), CONSENTED, frozenset({SYSTEM})),
        # Seat control (openpathways.seats, docs/seats.md): the student's answer to a seat offer
        # moves the application, made by the platform in the same transaction as the seat.
        Transition("seat_accepted", (APPROVED,), REGISTERED, frozenset({SYSTEM})),
        Transition("seat_declined", (APPROVED,), WITHDRAWN, frozenset({SYSTEM})),
        Transition(
            "seat_dropped", (REGISTERED,), DROPPED, frozenset({SYSTEM}), reason_required=True
        ),
    )
}

#: The seat-control transitions (made only by `system`, on a seat offer's answer).
SEAT_VERBS = ("seat_accepted", "seat_declined", "seat_dropped")


def transition_for(verb: str) -> Transition:
    try:
        return TRANSITIONS[verb]
    except KeyError:
        raise KeyError(f"unknown transition {verb!r}") from None


def allowed(verb: str, *, source: str, actor: str) -> bool:
    """May `actor` (a role or `system`) make transition `verb` from status `source`?"""
    t = TRANSITIONS.get(verb)
    return t is not None and source in t.sources and actor in t.actors


def verbs_from(source: str, actor: str) -> list[str]:
    """The transitions `actor` may make from `source`, in table order."""
    return [t.verb for t in TRANSITIONS.values() if source in t.sources and actor in t.actors]

"""Demo outcomes: this school year's seniors' college and financial-aid application statuses
(with their history), and associate-degree plans for some dual-enrollment students.

Runs after the students phase (their rows are written), deterministic by seed: seniors are read
in primary-key order and every draw comes from the phase's own random generator.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from openpathways.catalog.models import AaDegreePathway
from openpathways.enrollments.models import CourseEnrollment
from openpathways.outcomes.models import AaDegreePlan, CampaignChange, SeniorCampaign
from openpathways.students.models import Student

#: Financial-aid statuses of the seniors with a campaign row (the others have not started).
FINANCIAL_AID = [
    ("not_started", 0.12), ("in_progress", 0.24), ("action_needed", 0.06),
    ("fafsa_completed", 0.34), ("cadaa_completed", 0.1), ("opted_out", 0.11), ("exempted", 0.03),
]  # fmt: skip
APPLICATION = [
    ("not_started", 0.3), ("in_progress", 0.15), ("submitted", 0.35), ("admitted", 0.12),
    ("not_applying", 0.08),
]  # fmt: skip
#: Share of seniors with no campaign row at all (nobody recorded anything yet).
NO_ROW = 0.3
AA_PLAN_RATE = 0.12


def _utc(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 17, 0, tzinfo=dt.UTC)


def build_outcomes(builder: Any, *, class_of: int, featured_student: int | None) -> None:
    """Write the campaign rows of the class `class_of` and AA-degree plans."""
    rng = builder.rng("outcomes")
    campaigns = builder.writer(
        SeniorCampaign,
        ["id", "student", "class_of", "financial_aid", "financial_aid_on", "community_college",
         "community_college_on", "university", "university_on", "source", "updated_by", "note"],
    )  # fmt: skip
    changes = builder.writer(
        CampaignChange,
        ["id", "campaign", "field", "old_value", "new_value", "old_on", "new_on", "changed_at",
         "actor", "actor_label", "source", "source_detail"],
    )  # fmt: skip
    seniors = Student.objects.filter(graduation_cohort=class_of, status="enrolled").order_by("pk")
    start = dt.date(class_of - 1, 10, 1)
    for sid, counselor in seniors.values_list("pk", "counselor_id").iterator(chunk_size=5000):
        if rng.random() < NO_ROW:
            continue
        cid = builder.ids.next(SeniorCampaign)
        source = "imported" if rng.random() < 0.6 else "counselor"
        values: dict[str, tuple[str, dt.date | None]] = {}
        for name, weights in (("financial_aid", FINANCIAL_AID), ("community_college", APPLICATION),
                              ("university", APPLICATION)):  # fmt: skip
            status = rng.choices([s for s, _w in weights], [w for _s, w in weights])[0]
            on = start + dt.timedelta(days=rng.randint(0, 45)) if status != "not_started" else None
            values[name] = (status, on)
        actor = counselor if source == "counselor" else None
        campaigns.add(
            (cid, sid, class_of, *values["financial_aid"], *values["community_college"],
             *values["university"], source, actor, "")
        )  # fmt: skip
        for name, (status, on) in values.items():
            if status == "not_started" or on is None:
                continue
            changes.add(
                (builder.ids.next(CampaignChange), cid, name, "not_started", status, None, on,
                 _utc(on), actor, "counselor" if actor else "system", source,
                 "campaigns-fall.csv" if source == "imported" else "")
            )  # fmt: skip
    _aa_plans(builder, rng, featured_student)


def _aa_plans(builder: Any, rng: Any, featured_student: int | None) -> None:
    pathways: dict[int, list[int]] = {}
    for pid, college in AaDegreePathway.objects.order_by("pk").values_list("pk", "college_id"):
        pathways.setdefault(college, []).append(pid)
    if not pathways:
        return
    plans = builder.writer(AaDegreePlan, ["id", "student", "aa_pathway", "declared_on"])
    seen: set[int] = set()
    planned: set[int] = set()
    rows = (
        CourseEnrollment.objects.filter(
            section__course__provider="college", student__status="enrolled", student__grade__gte=11
        )
        .order_by("student_id", "pk")
        .values_list("student_id", "section__course__provider_org_id")
    )
    for sid, college in rows.iterator(chunk_size=5000):
        if sid in seen or college not in pathways:
            continue
        seen.add(sid)
        if sid != featured_student and rng.random() >= AA_PLAN_RATE:
            continue
        choice = pathways[college][rng.randrange(len(pathways[college]))]
        plans.add((builder.ids.next(AaDegreePlan), sid, choice, dt.date(2025, 9, 2)))
        planned.add(sid)
    if featured_student is not None and featured_student not in planned:
        first = min(pathways)  # the featured student (the demo parent's child) has a plan
        plans.add((builder.ids.next(AaDegreePlan), featured_student, pathways[first][0],
                   dt.date(2025, 9, 2)))  # fmt: skip

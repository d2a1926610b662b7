"""Writing outcomes: senior campaign statuses (entered by counselors or imported), credentials
(industry certifications, adult-education certificates of completion with elective credit, CTE
pathway completion with the capstone grade), AA-degree plans, and corrections that keep history.

Every write is atomic, takes `actor=`, records an audit event on the student's disclosure log,
and keeps the old value: campaign statuses in CampaignChange, credentials and hours in
OutcomeCorrection. College grades come back through the college-roster import
(enrollments.services.course_enrollment_roster_apply), which keeps GradeChange history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from openpathways.accounts.models import Role
from openpathways.audit.services import audit_record
from openpathways.enrollments.models import CredentialEarned, CredentialKind
from openpathways.outcomes.campaign_rules import (
    APPLICATION_CODES,
    FINANCIAL_AID_CODES,
    CampaignCsvError,
    CampaignCsvRow,
    LocatedError,
    class_of_for,
)
from openpathways.outcomes.choices import CampaignSource, OutcomeRecordType
from openpathways.outcomes.models import (
    AaDegreePlan,
    CampaignChange,
    OutcomeCorrection,
    SeniorCampaign,
)
from openpathways.students.access import student_scope
from openpathways.students.models import Student
from openpathways.wbl.models import HoursLog

#: Staff who record campaign statuses and outcomes for the students in their scope.
OUTCOME_WRITER_ROLES = frozenset({Role.COUNSELOR, Role.SCHOOL_ADMIN, Role.DISTRICT_ADMIN})
#: Partners who record the outcomes they award (certificates, completions) for their students.
PROVIDER_ROLES = frozenset({Role.ADULT_ED_STAFF, Role.COLLEGE_STAFF})

CAMPAIGN_FIELDS = ("financial_aid", "community_college", "university")


class OutcomeError(ValidationError):
    """A write that breaks a rule (the message says which)."""


def _actor_label(actor: Any) -> str:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return "system"
    return str(actor.get_username())


def _actor_or_none(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _writable_student(actor: Any, student_id: int, roles: frozenset[str]) -> Student:
    """The student, when the actor may record outcomes for them (system actors may)."""
    if actor is None:
        student = Student.objects.filter(pk=student_id).first()
    else:
        if not (actor.is_superuser or actor.role in roles):
            raise PermissionDenied("Your role does not record student outcomes.")
        student = student_scope(actor).filter(pk=student_id).first()
    if student is None:
        raise PermissionDenied("No such student in your scope.")
    return student


# -- campaigns --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CampaignUpdate:
    """New values for some of a senior's statuses; None leaves a status as it is."""

    financial_aid: str | None = None
    financial_aid_on: dt.date | None = None
    community_college: str | None = None
    community_college_on: dt.date | None = None
    university: str | None = None
    university_on: dt.date | None = None


def _check_update(update: CampaignUpdate) -> None:
    if update.financial_aid is not None and update.financial_aid not in FINANCIAL_AID_CODES:
        raise OutcomeError(f"Unknown financial-aid status {update.financial_aid!r}.")
    for name in ("community_college", "university"):
        value = getattr(update, name)
        if value is not None and value not in APPLICATION_CODES:
            raise OutcomeError(f"Unknown {name.replace('_', '-')} status {value!r}.")


def _apply(
    campaign: SeniorCampaign,
    update: CampaignUpdate,
    *,
    actor: Any,
    source: str,
    source_detail: str,
    today: dt.date,
    now: dt.datetime,
) -> list[CampaignChange]:
    """Set the changed statuses on the row and return the history rows (unsaved)."""
    changes: list[CampaignChange] = []
    for name in CAMPAIGN_FIELDS:
        value = getattr(update, name)
        if value is None:
            continue
        on = getattr(update, f"{name}_on") or today
        old, old_on = getattr(campaign, name), getattr(campaign, f"{name}_on")
        if value == old and (getattr(update, f"{name}_on") is None or on == old_on):
            continue
        setattr(campaign, name, value)
        setattr(campaign, f"{name}_on", on)
        changes.append(
            CampaignChange(
                field=name, old_value=old, new_value=value,
                old_on=old_on, new_on=on, changed_at=now, actor=_actor_or_none(actor),
                actor_label=_actor_label(actor), source=source, source_detail=source_detail,
            )
        )  # fmt: skip
    return changes


def campaign_status_set(
    *,
    actor: Any,
    student_id: int,
    update: CampaignUpdate,
    source: str = CampaignSource.COUNSELOR,
    source_detail: str = "",
    note: str | None = None,
    today: dt.date | None = None,
) -> SeniorCampaign:
    """Record a senior's financial-aid and college-application statuses (a counselor's entry).

    The campaign is the student's graduating class. Each changed status writes a CampaignChange
    (old, new, dates, who, source) and one audit event `outcomes.campaign_updated`."""
    _check_update(update)
    student = _writable_student(actor, student_id, OUTCOME_WRITER_ROLES)
    today = today or timezone.localdate()
    with transaction.atomic():
        campaign, _created = SeniorCampaign.objects.select_for_update().get_or_create(
            student=student, class_of=student.graduation_cohort
        )
        changes = _apply(
            campaign, update, actor=actor, source=source, source_detail=source_detail,
            today=today, now=timezone.now(),
        )  # fmt: skip
        if note is not None:
            campaign.note = note[:500]
        if changes or note is not None:
            campaign.source = source
            campaign.updated_by = _actor_or_none(actor)
            campaign.save()
            for change in changes:
                change.campaign = campaign
            CampaignChange.objects.bulk_create(changes)
            audit_record(
                actor=actor, action="outcomes.campaign_updated", obj=campaign,
                student_id=student.pk, channel="web" if source == "counselor" else "import",
                details={"changes": {c.field: [c.old_value, c.new_value] for c in changes},
                         "source": source},
            )  # fmt: skip
    return campaign


@dataclass(frozen=True)
class CampaignImportResult:
    rows: int
    created: int
    changed: int
    unchanged: int


def campaign_statuses_import(
    *,
    actor: Any,
    rows: Sequence[CampaignCsvRow],
    file: str,
    today: dt.date | None = None,
) -> CampaignImportResult:
    """Import campaign statuses, all or nothing: every student must exist (and lie in the
    actor's scope when an actor is given) and be in the graduating class of the school year,
    or nothing is written and CampaignCsvError names each bad line."""
    today = today or timezone.localdate()
    class_of = class_of_for(today)
    scope = Student.objects.all() if actor is None else student_scope(actor)
    if actor is not None and not (actor.is_superuser or actor.role in OUTCOME_WRITER_ROLES):
        raise PermissionDenied("Your role does not record student outcomes.")
    ssids = [r.state_student_id for r in rows]
    found = {
        s.state_student_id: s
        for s in scope.filter(state_student_id__in=ssids).only(
            "pk", "state_student_id", "graduation_cohort", "status"
        )
    }
    errors: list[LocatedError] = []
    for r in rows:
        student = found.get(r.state_student_id)
        if student is None:
            errors.append(
                LocatedError(file, r.line, "state_student_id", r.state_student_id,
                             "no such student in your scope")
            )  # fmt: skip
        elif student.graduation_cohort != class_of:
            errors.append(
                LocatedError(file, r.line, "state_student_id", r.state_student_id,
                             f"is in the class of {student.graduation_cohort}, not a senior of "
                             f"the class of {class_of}")
            )  # fmt: skip
    if errors:
        raise CampaignCsvError(errors)
    created = changed = unchanged = 0
    now = timezone.now()
    with transaction.atomic():
        existing = {
            c.student_id: c
            for c in SeniorCampaign.objects.select_for_update().filter(
                student__in=[s.pk for s in found.values()], class_of=class_of
            )
        }
        history: list[CampaignChange] = []
        for r in rows:
            student = found[r.state_student_id]
            campaign = existing.get(student.pk)
            is_new = campaign is None
            if campaign is None:
                campaign = SeniorCampaign(student=student, class_of=class_of)
            update = CampaignUpdate(
                financial_aid=r.financial_aid, financial_aid_on=r.financial_aid_on,
                community_college=r.community_college,
                community_college_on=r.community_college_on,
                university=r.university, university_on=r.university_on,
            )  # fmt: skip
            changes = _apply(
                campaign, update, actor=actor, source=CampaignSource.IMPORTED,
                source_detail=f"{file}:{r.line}", today=today, now=now,
            )  # fmt: skip
            if not changes:
                unchanged += 1
                continue
            campaign.source = CampaignSource.IMPORTED
            campaign.updated_by = _actor_or_none(actor)
            campaign.save()
            created += is_new
            changed += not is_new
            for change in changes:
                change.campaign = campaign
            history += changes
            audit_record(
                actor=actor, action="outcomes.campaign_imported", obj=campaign,
                student_id=student.pk, channel="import",
                details={"file": file, "line": r.line,
                         "changes": {c.field: [c.old_value, c.new_value] for c in changes}},
            )  # fmt: skip
        CampaignChange.objects.bulk_create(history, batch_size=1000)
    return CampaignImportResult(rows=len(rows), created=created, changed=changed,
                                unchanged=unchanged)  # fmt: skip


# -- credentials and hours --------------------------------------------------------------------

CREDENTIAL_KINDS_RECORDED = (
    CredentialKind.INDUSTRY_CERTIFICATION,
    CredentialKind.CERTIFICATE_OF_COMPLETION,
    CredentialKind.CTE_PATHWAY_COMPLETION,
    CredentialKind.COLLEGE_CERTIFICATE,
    CredentialKind.ASSOCIATE_DEGREE,
)
CAPSTONE_GRADES = frozenset(
    {"A+", "A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D+", "D", "D-", "F", "P", "NP"}
)


def credential_record(
    *,
    actor: Any,
    student_id: int,
    kind: str,
    title: str,
    earned_on: dt.date,
    issuer_id: int | None = None,
    certification_id: int | None = None,
    cte_pathway_id: int | None = None,
    capstone_grade: str = "",
    elective_credits: Decimal = Decimal(0),
) -> CredentialEarned:
    """Record a credential a student earned: an industry certification, an adult-education
    certificate of completion (with its elective credit), a CTE pathway completion (with the
    capstone grade), a college certificate or an associate degree."""
    if kind not in CREDENTIAL_KINDS_RECORDED:
        raise OutcomeError(f"Unknown credential kind {kind!r}.")
    if kind == CredentialKind.CTE_PATHWAY_COMPLETION:
        if cte_pathway_id is None:
            raise OutcomeError("A CTE pathway completion names its pathway.")
        if capstone_grade not in CAPSTONE_GRADES:
            raise OutcomeError(f"Capstone grade {capstone_grade!r} is not a grade.")
    if elective_credits < 0:
        raise OutcomeError("Elective credits cannot be negative.")
    student = _writable_student(actor, student_id, OUTCOME_WRITER_ROLES | PROVIDER_ROLES)
    with transaction.atomic():
        credential = CredentialEarned.objects.create(
            student=student, kind=kind, title=title.strip()[:200], earned_on=earned_on,
            issuer_id=issuer_id, certification_id=certification_id,
            cte_pathway_id=cte_pathway_id, capstone_grade=capstone_grade,
            elective_credits=elective_credits,
        )  # fmt: skip
        audit_record(
            actor=actor, action="outcomes.credential_recorded", obj=credential,
            student_id=student.pk, details={"kind": kind, "title": credential.title},
        )  # fmt: skip
    return credential


CORRECTABLE_CREDENTIAL_FIELDS = ("title", "capstone_grade", "elective_credits", "earned_on")


def credential_correct(
    *, actor: Any, credential_id: int, reason: str, **changes: Any
) -> CredentialEarned:
    """Correct fields of a credential (title, capstone_grade, elective_credits, earned_on); the
    old and new values, who and when are kept in OutcomeCorrection. A reason is required."""
    if not reason.strip():
        raise OutcomeError("A correction states its reason.")
    unknown = set(changes) - set(CORRECTABLE_CREDENTIAL_FIELDS)
    if unknown:
        raise OutcomeError(f"These fields cannot be corrected: {', '.join(sorted(unknown))}.")
    if "capstone_grade" in changes and changes["capstone_grade"] not in CAPSTONE_GRADES | {""}:
        raise OutcomeError(f"Capstone grade {changes['capstone_grade']!r} is not a grade.")
    with transaction.atomic():
        credential = CredentialEarned.objects.select_for_update().get(pk=credential_id)
        _writable_student(actor, credential.student_id, OUTCOME_WRITER_ROLES | PROVIDER_ROLES)
        corrections = _corrections(
            actor=actor, obj=credential, record_type=OutcomeRecordType.CREDENTIAL,
            student_id=credential.student_id, changes=changes, reason=reason,
        )  # fmt: skip
        if corrections:
            credential.save()
            OutcomeCorrection.objects.bulk_create(corrections)
            audit_record(
                actor=actor, action="outcomes.credential_corrected", obj=credential,
                student_id=credential.student_id, purpose=reason[:200],
                details={c.field: [c.old_value, c.new_value] for c in corrections},
            )  # fmt: skip
    return credential


def hours_log_correct(*, actor: Any, hours_log_id: int, hours: Decimal, reason: str) -> Any:
    """Correct the hours of one day of work-based learning; the correction is kept with the old
    value. A corrected day needs the employer's confirmation again to count in the passport."""
    if not reason.strip():
        raise OutcomeError("A correction states its reason.")
    if hours <= 0:
        raise OutcomeError("Hours must be more than zero.")
    with transaction.atomic():
        log = HoursLog.objects.select_for_update().select_related("placement").get(pk=hours_log_id)
        student_id = log.placement.student_id
        _writable_student(actor, student_id, OUTCOME_WRITER_ROLES)
        corrections = _corrections(
            actor=actor, obj=log, record_type=OutcomeRecordType.HOURS, student_id=student_id,
            changes={"hours": hours}, reason=reason,
        )  # fmt: skip
        if corrections:
            log.confirmed_at = None
            log.confirmed_by = ""
            log.save()
            OutcomeCorrection.objects.bulk_create(corrections)
            audit_record(
                actor=actor, action="outcomes.hours_corrected", obj=log, student_id=student_id,
                purpose=reason[:200],
                details={c.field: [c.old_value, c.new_value] for c in corrections},
            )  # fmt: skip
    return log


def _corrections(
    *,
    actor: Any,
    obj: Any,
    record_type: str,
    student_id: int,
    changes: dict[str, Any],
    reason: str,
) -> list[OutcomeCorrection]:
    now = timezone.now()
    rows = []
    for name, new in changes.items():
        old = getattr(obj, name)
        if str(old) == str(new):
            continue
        setattr(obj, name, new)
        rows.append(
            OutcomeCorrection(
                student_id=student_id, record_type=record_type, record_id=obj.pk, field=name,
                old_value=str(old), new_value=str(new), reason=reason.strip()[:500],
                changed_at=now, actor=_actor_or_none(actor), actor_label=_actor_label(actor),
            )
        )  # fmt: skip
    return rows


def aa_degree_plan_set(
    *, actor: Any, student_id: int, aa_pathway_id: int, declared_on: dt.date | None = None
) -> AaDegreePlan:
    """Record that a student works toward an associate degree along a college's pathway."""
    student = _writable_student(actor, student_id, OUTCOME_WRITER_ROLES | PROVIDER_ROLES)
    with transaction.atomic():
        plan, created = AaDegreePlan.objects.get_or_create(
            student=student, aa_pathway_id=aa_pathway_id,
            defaults={"declared_on": declared_on or timezone.localdate()},
        )  # fmt: skip
        if created:
            audit_record(
                actor=actor, action="outcomes.aa_plan_declared", obj=plan, student_id=student.pk
            )
    return plan

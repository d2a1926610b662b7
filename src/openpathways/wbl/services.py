"""Work-based learning: employer links, opportunities, placements, hours and evaluations.

Employers act without an account through a signed, expiring, revocable link (`EmployerLink`): a
`post` link lets an employer post opportunities for a coordinator to review; a `supervise` link
lets one supervisor sign placement agreements, confirm the hours students log and complete the
evaluation. A coordinator publishes an opportunity to the finder at the schools whose Linked
Learning (or CTE) pathways share its industry sector, places eligible students (grade, forms,
guardian permission on the consent ledger) and records "not provided by employer" when no
evaluation comes.

Every write is atomic, takes `actor=` (None for a link holder: the link is named in the audit
event), records an audit event and sends email only after commit.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from openpathways.accounts.models import Role
from openpathways.agreements.models import AgreementStatus, VendorContract
from openpathways.audit.services import audit_record
from openpathways.catalog.models import (
    Opportunity,
    OpportunityStatus,
    OpportunityType,
    WblOpportunity,
    WblType,
)
from openpathways.consents.models import ConsentKind
from openpathways.consents.services import consent_state
from openpathways.core.choices import IndustrySector
from openpathways.organizations.models import Contact, Organization, OrganizationKind
from openpathways.students.access import student_scope
from openpathways.students.models import Student, StudentGuardian, StudentStatus
from openpathways.wbl.codes import (
    ADULT_AGE,
    FORMS_BY_TYPE,
    MAX_GRADE,
    MIN_GRADE_BY_TYPE,
    SUPERVISOR_EVALUATION_CODES,
    AgreementParty,
    EvaluationCode,
    FormCode,
    LinkPurpose,
)
from openpathways.wbl.models import (
    EmployerLink,
    HoursLog,
    LinkedLearningPathway,
    Placement,
    PlacementForm,
    PlacementStatus,
)

#: Staff who publish opportunities and manage employer links and contracts.
PUBLISHER_ROLES = frozenset({Role.DISTRICT_ADMIN})
#: Staff who place students, record forms and evaluations (within their students' scope).
COORDINATOR_ROLES = frozenset({Role.DISTRICT_ADMIN, Role.SCHOOL_ADMIN, Role.COUNSELOR})
SALT = "openpathways.wbl.link"
#: How long each kind of link works, in days (the signature's max_age and the row's expiry).
LINK_DAYS = {LinkPurpose.POST: 60, LinkPurpose.SUPERVISE: 200}
MAX_HOURS_PER_DAY = Decimal(12)
STATE_COURSE_CODE = re.compile(r"^\d{4}$")
#: Placements that hold one of an opportunity's places.
HOLDING = (PlacementStatus.PLACED, PlacementStatus.ACTIVE)


class WblError(ValidationError):
    """Bad input for a work-based-learning step; `code` says which (the message is translated)."""


class WblLinkError(PermissionDenied):
    """An employer link that cannot be used: `code` is invalid, expired or revoked."""

    def __init__(self, code: str) -> None:
        self.code = code
        messages = {
            "invalid": _("This link is not valid. Ask the district coordinator for a new one."),
            "expired": _("This link has expired. Ask the district coordinator for a new one."),
            "revoked": _("This link was withdrawn. Ask the district coordinator for a new one."),
        }
        super().__init__(messages.get(code, messages["invalid"]))


# --------------------------------------------------------------------------- helpers


def _is_user(actor: Any) -> bool:
    return actor is not None and bool(getattr(actor, "is_authenticated", False))


def _require(actor: Any, roles: frozenset[str]) -> None:
    if not _is_user(actor):
        raise PermissionDenied(_("Sign in first."))
    if not (actor.is_superuser or actor.role in roles):
        raise PermissionDenied(_("Your role may not do this."))


def _site_url() -> str:
    return str(getattr(settings, "OPENPATHWAYS_SITE_URL", "http://127.0.0.1:8000")).rstrip("/")


def _email_after_commit(*, to: str, language: str, subject: Any, body: Any) -> None:
    """Send one email in the recipient's language once the transaction commits."""
    if not to:
        return
    lang = language if language in ("en", "es") else "en"
    with translation.override(lang):
        subject_text, body_text = str(subject), str(body)

    def send() -> None:
        send_mail(subject_text, body_text, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=True)

    transaction.on_commit(send)


def _placement_in_scope(actor: Any, placement_id: int, *, lock: bool = False) -> Placement:
    """A placement whose student the staff actor may see (the student may see their own)."""
    qs = Placement.objects.select_related(
        "student", "opportunity", "opportunity__employer", "supervisor"
    )
    if lock:
        qs = qs.select_for_update(of=("self",))
    placement = qs.filter(pk=placement_id, student__in=student_scope(actor).values("pk")).first()
    if placement is None:
        raise PermissionDenied(_("No such placement in your scope."))
    return placement


def age_on(student: Student, day: dt.date) -> int:
    b = student.birth_date
    return day.year - b.year - ((day.month, day.day) < (b.month, b.day))


# --------------------------------------------------------------------------- employer links


@dataclass(frozen=True)
class IssuedLink:
    link: EmployerLink
    token: str
    url: str


def _token(link: EmployerLink) -> str:
    payload = {"l": link.pk, "n": link.nonce, "e": link.employer_id, "p": link.purpose}
    return signing.dumps(payload, salt=SALT, compress=True)


def employer_link_url(link: EmployerLink, token: str) -> str:
    name = "web:wbl_employer_link" if link.purpose == LinkPurpose.POST else "web:wbl_supervisor"
    return _site_url() + reverse(name, args=[token])


def employer_link_issue(
    *,
    actor: Any,
    employer_id: int,
    purpose: str,
    contact_id: int | None = None,
    days: int | None = None,
    send: bool = True,
) -> IssuedLink:
    """Give an employer (a `post` link) or one of its supervisors (a `supervise` link) a signed
    link that works without an account until it expires or is withdrawn."""
    _require(actor, PUBLISHER_ROLES)
    if purpose not in LinkPurpose.values:
        raise WblError(_("Unknown link purpose: %(p)s") % {"p": purpose}, code="purpose")
    employer = Organization.objects.filter(pk=employer_id, kind=OrganizationKind.EMPLOYER).first()
    if employer is None:
        raise WblError(_("No such employer."), code="employer")
    contact = None
    if contact_id is not None:
        contact = Contact.objects.filter(pk=contact_id, organization=employer).first()
        if contact is None:
            raise WblError(_("This contact does not work for the employer."), code="contact")
    if purpose == LinkPurpose.SUPERVISE and contact is None:
        raise WblError(_("A supervisor link is for one named supervisor."), code="contact")
    max_days = LINK_DAYS[LinkPurpose(purpose)]
    days = max_days if days is None else days
    if not 1 <= days <= max_days:
        raise WblError(_("A link may work from 1 to %(n)s days.") % {"n": max_days}, code="days")
    now = timezone.now()
    with transaction.atomic():
        link = EmployerLink.objects.create(
            employer=employer, contact=contact, purpose=purpose, nonce=secrets.token_hex(16),
            issued_by=actor, issued_at=now, expires_at=now + dt.timedelta(days=days),
        )  # fmt: skip
        token = _token(link)
        url = employer_link_url(link, token)
        audit_record(
            actor=actor, action="wbl.link_issued", obj=link,
            details={"employer_id": employer.pk, "contact_id": contact_id, "purpose": purpose,
                     "expires_at": link.expires_at.isoformat()},
        )  # fmt: skip
        if send and contact is not None and contact.email:
            _email_after_commit(
                to=contact.email,
                language=contact.preferred_language,
                subject=_("Your work-based learning link for %(employer)s")
                % {"employer": employer.name},
                body=_(
                    "Hello %(name)s,\n\nUse this link to %(what)s. No account is needed; it works "
                    "until %(expires)s.\n%(url)s"
                )
                % {
                    "name": contact.name,
                    "what": _("post work-based learning opportunities for students")
                    if purpose == LinkPurpose.POST
                    else _("confirm your interns' hours and evaluate them"),
                    "expires": link.expires_at.date().isoformat(),
                    "url": url,
                },
            )
    return IssuedLink(link=link, token=token, url=url)


def employer_link_revoke(*, actor: Any, link_id: int) -> EmployerLink:
    """Withdraw a link: it stops working at once."""
    _require(actor, PUBLISHER_ROLES)
    with transaction.atomic():
        link = EmployerLink.objects.select_for_update().filter(pk=link_id).first()
        if link is None:
            raise WblError(_("No such link."), code="link")
        if link.revoked_at is None:
            link.revoked_at = timezone.now()
            link.revoked_by = actor
            link.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
            audit_record(actor=actor, action="wbl.link_revoked", obj=link,
                         details={"employer_id": link.employer_id})  # fmt: skip
    return link


def employer_link_open(*, token: str, purpose: str) -> EmployerLink:
    """The link behind a token, if it may still be used for `purpose`."""
    try:
        payload = signing.loads(
            token, salt=SALT, max_age=dt.timedelta(days=LINK_DAYS[LinkPurpose(purpose)])
        )
    except signing.SignatureExpired:
        raise WblLinkError("expired") from None
    except (signing.BadSignature, ValueError, TypeError):
        raise WblLinkError("invalid") from None
    if not isinstance(payload, dict) or not isinstance(payload.get("l"), int):
        raise WblLinkError("invalid")
    link = (
        EmployerLink.objects.select_related("employer", "contact").filter(pk=payload["l"]).first()
    )
    if link is None or (
        link.nonce != payload.get("n")
        or link.employer_id != payload.get("e")
        or link.purpose != payload.get("p")
        or link.purpose != purpose
    ):
        raise WblLinkError("invalid")
    if link.revoked_at is not None:
        raise WblLinkError("revoked")
    if link.expires_at <= timezone.now():
        raise WblLinkError("expired")
    return link


def _link_used(link: EmployerLink) -> None:
    EmployerLink.objects.filter(pk=link.pk).update(last_used_at=timezone.now())


def _link_details(link: EmployerLink) -> dict[str, Any]:
    return {
        "link_id": link.pk,
        "employer_id": link.employer_id,
        "contact": link.contact.name if link.contact else "",
    }


# --------------------------------------------------------------------------- opportunities


@dataclass(frozen=True)
class OpportunityInput:
    title: str
    wbl_type: str
    sector: str
    slots: int
    hours: int
    description: str = ""
    title_es: str = ""
    location_city: str = ""


def _clean_opportunity(data: OpportunityInput) -> dict[str, Any]:
    title = " ".join(data.title.split())
    if not title:
        raise WblError(_("Give the opportunity a title."), code="title")
    if data.wbl_type not in WblType.values:
        raise WblError(_("Choose a type of work-based learning."), code="wbl_type")
    if data.sector not in IndustrySector.values:
        raise WblError(_("Choose an industry sector."), code="sector")
    if not 1 <= data.slots <= 500:
        raise WblError(_("Places must be between 1 and 500."), code="slots")
    if not 0 <= data.hours <= 2000:
        raise WblError(_("Hours must be between 0 and 2,000."), code="hours")
    return {
        "title": title[:200],
        "title_es": " ".join(data.title_es.split())[:200],
        "description": data.description.strip()[:5000],
        "wbl_type": data.wbl_type,
        "sector": data.sector,
        "slots": data.slots,
        "hours": data.hours,
        "location_city": " ".join(data.location_city.split())[:100],
    }


def _obligated_contract(employer_id: int, on: dt.date) -> VendorContract | None:
    contracts = list(
        VendorContract.objects.filter(
            vendor_id=employer_id, status=AgreementStatus.ACTIVE,
            start_date__lte=on, end_date__gte=on,
        ).filter(Q(wbl_placements_committed__gt=0) | Q(wbl_hours_committed__gt=0))[:2]
    )  # fmt: skip
    return contracts[0] if len(contracts) == 1 else None


def wbl_opportunity_post_by_link(*, token: str, data: OpportunityInput) -> WblOpportunity:
    """The employer posts an opportunity through its link; it waits for a coordinator's review.
    A vendor with exactly one current contract that carries a WBL obligation has the posting
    counted toward that contract (the coordinator may change it)."""
    values = _clean_opportunity(data)
    with transaction.atomic():
        link = employer_link_open(token=token, purpose=LinkPurpose.POST)
        opp = WblOpportunity.objects.create(
            employer=link.employer,
            status=OpportunityStatus.SUBMITTED,
            vendor_contract=_obligated_contract(link.employer_id, timezone.localdate()),
            **values,
        )
        _link_used(link)
        audit_record(actor=None, action="wbl.opportunity_posted", obj=opp, channel="link",
                     details=_link_details(link) | {"title": opp.title})  # fmt: skip
    return opp


def _target_schools(sector: str, year: int) -> dict[int, int | None]:
    """Schools to offer an opportunity of the sector at, each with the CTE pathway it is tied to:
    schools with an active Linked Learning pathway in the sector (its CTE pathway, if recorded),
    else schools offering a CTE pathway of the sector in the year."""
    targets: dict[int, int | None] = {}
    for school_id, cte_id in (
        LinkedLearningPathway.objects.filter(sector=sector, active=True)
        .order_by("pk")
        .values_list("school_id", "cte_pathway_id")
    ):
        targets[school_id] = targets.get(school_id) or cte_id
    if targets:
        return targets
    for school_id, cte_id in (
        Opportunity.objects.filter(
            type=OpportunityType.CTE_PATHWAY, sector=sector, academic_year=year, active=True
        )
        .order_by("pk")
        .values_list("school_id", "cte_pathway_id")
    ):
        targets[school_id] = targets.get(school_id) or cte_id
    return targets


def academic_year_of(day: dt.date) -> int:
    """School years run 1 July to 30 June and are named by the year they start."""
    return day.year if day.month >= 7 else day.year - 1


@dataclass(frozen=True)
class Published:
    opportunity: WblOpportunity
    school_ids: list[int]


def wbl_opportunity_publish(
    *,
    actor: Any,
    opportunity_id: int,
    state_course_code: str = "",
    vendor_contract_id: int | None = None,
    academic_year: int | None = None,
    school_ids: Sequence[int] | None = None,
) -> Published:
    """Approve a posted opportunity and offer it in the finder at each school whose Linked
    Learning pathways (or CTE pathways) share its sector, tied to that school's CTE pathway.
    Internships need a state course code (CALPADS reports the internship's hours against it)."""
    _require(actor, PUBLISHER_ROLES)
    year = academic_year or academic_year_of(timezone.localdate())
    code = state_course_code.strip()
    with transaction.atomic():
        opp = (
            WblOpportunity.objects.select_for_update()
            .select_related("employer")
            .filter(pk=opportunity_id)
            .first()
        )
        if opp is None:
            raise WblError(_("No such opportunity."), code="opportunity")
        if opp.status not in (OpportunityStatus.SUBMITTED, OpportunityStatus.DRAFT):
            raise WblError(_("Only a submitted opportunity can be published."), code="status")
        code = code or opp.state_course_code
        if opp.wbl_type == WblType.INTERNSHIP and not STATE_COURSE_CODE.match(code):
            raise WblError(
                _("An internship needs its four-digit state course code (CALPADS)."),
                code="state_course_code",
            )
        if code and not STATE_COURSE_CODE.match(code):
            raise WblError(_("A state course code has four digits."), code="state_course_code")
        if vendor_contract_id is not None:
            contract = VendorContract.objects.filter(
                pk=vendor_contract_id, vendor_id=opp.employer_id
            ).first()
            if contract is None:
                raise WblError(_("That contract is not the employer's."), code="contract")
            opp.vendor_contract = contract
        tied = _target_schools(opp.sector, year)
        targets = sorted(school_ids) if school_ids else sorted(tied)
        if not targets:
            raise WblError(
                _("No school has a Linked Learning or CTE pathway in this sector."), code="schools"
            )
        opp.state_course_code = code
        opp.status = OpportunityStatus.PUBLISHED
        opp.save()
        existing = set(
            Opportunity.objects.filter(wbl_opportunity=opp, academic_year=year).values_list(
                "school_id", flat=True
            )
        )
        Opportunity.objects.bulk_create(
            [
                Opportunity(
                    type=OpportunityType.WORK_BASED_LEARNING,
                    school_id=sid,
                    academic_year=year,
                    title=opp.title,
                    title_es=opp.title_es,
                    sector=opp.sector,
                    cte_pathway_id=tied.get(sid),
                    wbl_opportunity=opp,
                )
                for sid in targets
                if sid not in existing
            ]
        )
        Opportunity.objects.filter(wbl_opportunity=opp).update(active=True)
        audit_record(
            actor=actor, action="wbl.opportunity_published", obj=opp,
            details={"schools": targets, "academic_year": year, "state_course_code": code,
                     "vendor_contract_id": opp.vendor_contract_id},
        )  # fmt: skip
    return Published(opportunity=opp, school_ids=targets)


def wbl_opportunity_close(*, actor: Any, opportunity_id: int, reason: str = "") -> WblOpportunity:
    """Decline a posting or take a published opportunity out of the finder."""
    _require(actor, PUBLISHER_ROLES)
    with transaction.atomic():
        opp = WblOpportunity.objects.select_for_update().filter(pk=opportunity_id).first()
        if opp is None:
            raise WblError(_("No such opportunity."), code="opportunity")
        opp.status = OpportunityStatus.CLOSED
        opp.save(update_fields=["status", "updated_at"])
        Opportunity.objects.filter(wbl_opportunity=opp).update(active=False)
        audit_record(actor=actor, action="wbl.opportunity_closed", obj=opp,
                     details={"reason": reason.strip()[:500]})  # fmt: skip
    return opp


# --------------------------------------------------------------------------- eligibility


@dataclass(frozen=True)
class Check:
    code: str  # grade | enrolled | guardian_permission | form:<code> | places
    ok: bool
    message: str


@dataclass(frozen=True)
class Eligibility:
    checks: list[Check]

    @property
    def eligible(self) -> bool:
        return all(c.ok for c in self.checks)

    @property
    def missing(self) -> list[Check]:
        return [c for c in self.checks if not c.ok]


def _grade_check(student: Student, opp: WblOpportunity) -> Check:
    low = MIN_GRADE_BY_TYPE.get(opp.wbl_type, 9)
    ok = low <= student.grade <= MAX_GRADE and student.status == StudentStatus.ENROLLED
    return Check("grade", ok, _("Grades %(low)s to %(high)s (student is in grade %(g)s)")
                 % {"low": low, "high": MAX_GRADE, "g": student.grade})  # fmt: skip


def placement_eligibility(
    *, student: Student, opportunity: WblOpportunity, placement: Placement | None = None,
    on: dt.date | None = None,
) -> Eligibility:  # fmt: skip
    """What a student needs before a placement starts: the grade the type admits, guardian
    permission on the consent ledger (students under 18), the forms the type needs, a place."""
    day = on or timezone.localdate()
    minor = age_on(student, day) < ADULT_AGE
    checks = [_grade_check(student, opportunity)]
    if minor:
        state = consent_state(student_id=student.pk, kind=ConsentKind.WORK_BASED_LEARNING, on=day)
        checks.append(
            Check("guardian_permission", state == "granted",
                  _("Guardian permission for work-based learning (%(state)s)")
                  % {"state": {"granted": _("granted"), "revoked": _("withdrawn"),
                               "missing": _("missing")}[state]})
        )  # fmt: skip
    on_file = set(placement.forms.values_list("code", flat=True)) if placement else set()
    for code in FORMS_BY_TYPE.get(opportunity.wbl_type, ()):
        if code == FormCode.WORK_PERMIT and not minor:
            continue
        checks.append(Check(f"form:{code}", code in on_file, str(FormCode(code).label)))
    taken = opportunity.placements.filter(status__in=HOLDING)
    if placement is not None:
        taken = taken.exclude(pk=placement.pk)
    checks.append(Check("places", taken.count() < opportunity.slots,
                        _("A place left (%(n)s offered)") % {"n": opportunity.slots}))  # fmt: skip
    return Eligibility(checks=checks)


# --------------------------------------------------------------------------- placements


def _published(opportunity_id: int) -> WblOpportunity:
    opp = (
        WblOpportunity.objects.select_related("employer")
        .filter(pk=opportunity_id, status=OpportunityStatus.PUBLISHED)
        .first()
    )
    if opp is None:
        raise WblError(_("This opportunity is not open."), code="opportunity")
    return opp


def _offered_at(opp: WblOpportunity, school_id: int) -> bool:
    offered = Opportunity.objects.filter(wbl_opportunity=opp, school_id=school_id, active=True)
    return offered.exists()


def placement_apply(*, actor: Any, opportunity_id: int) -> Placement:
    """A student applies to a published opportunity offered at their school."""
    if not _is_user(actor) or actor.role != Role.STUDENT or not actor.student_id:
        raise PermissionDenied(_("Only a signed-in student may apply."))
    opp = _published(opportunity_id)
    student = Student.objects.select_related("school").get(pk=actor.student_id)
    if not _offered_at(opp, student.school_id):
        raise WblError(_("This opportunity is not offered at your school."), code="school")
    grade = _grade_check(student, opp)
    if not grade.ok:
        raise WblError(grade.message, code="grade")
    with transaction.atomic():
        placement, created = Placement.objects.get_or_create(
            student=student, opportunity=opp, defaults={"status": PlacementStatus.APPLIED}
        )
        if not created and placement.status != PlacementStatus.WITHDRAWN:
            raise WblError(_("You have already applied."), code="duplicate")
        if not created:
            placement.status = PlacementStatus.APPLIED
            placement.save(update_fields=["status", "updated_at"])
        audit_record(actor=actor, action="wbl.applied", obj=placement, student_id=student.pk,
                     details={"opportunity_id": opp.pk})  # fmt: skip
    return placement


def placement_create(*, actor: Any, student_id: int, opportunity_id: int) -> Placement:
    """A coordinator proposes a student for a placement (the student did not apply)."""
    _require(actor, COORDINATOR_ROLES)
    if not student_scope(actor).filter(pk=student_id).exists():
        raise PermissionDenied(_("No such student in your scope."))
    opp = _published(opportunity_id)
    with transaction.atomic():
        placement, created = Placement.objects.get_or_create(
            student_id=student_id, opportunity=opp, defaults={"status": PlacementStatus.APPLIED}
        )
        if not created:
            raise WblError(_("The student already has this placement."), code="duplicate")
        audit_record(actor=actor, action="wbl.proposed", obj=placement, student_id=student_id,
                     details={"opportunity_id": opp.pk})  # fmt: skip
    return placement


def placement_form_record(
    *, actor: Any, placement_id: int, code: str, received_on: dt.date
) -> PlacementForm:
    _require(actor, COORDINATOR_ROLES)
    if code not in FormCode.values:
        raise WblError(_("Unknown form: %(code)s") % {"code": code}, code="form")
    if received_on > timezone.localdate():
        raise WblError(_("The date cannot be in the future."), code="received_on")
    with transaction.atomic():
        placement = _placement_in_scope(actor, placement_id, lock=True)
        form, _created = PlacementForm.objects.update_or_create(
            placement=placement, code=code,
            defaults={"received_on": received_on, "recorded_by": actor},
        )  # fmt: skip
        audit_record(actor=actor, action="wbl.form_recorded", obj=placement,
                     student_id=placement.student_id, details={"form": code})  # fmt: skip
    return form


def placement_place(
    *, actor: Any, placement_id: int, supervisor_id: int, start_date: dt.date
) -> Placement:
    """Place an eligible student: every check of `placement_eligibility` must pass."""
    _require(actor, COORDINATOR_ROLES)
    with transaction.atomic():
        placement = _placement_in_scope(actor, placement_id, lock=True)
        if placement.status != PlacementStatus.APPLIED:
            raise WblError(_("Only an application can be placed."), code="status")
        supervisor = Contact.objects.filter(
            pk=supervisor_id, organization_id=placement.opportunity.employer_id
        ).first()
        if supervisor is None:
            raise WblError(_("The supervisor must work for the employer."), code="supervisor")
        # Lock the opportunity so two coordinators cannot fill its last place at once.
        WblOpportunity.objects.select_for_update().filter(pk=placement.opportunity_id).first()
        result = placement_eligibility(
            student=placement.student, opportunity=placement.opportunity, placement=placement,
            on=start_date,
        )  # fmt: skip
        if not result.eligible:
            raise WblError(
                _("Not yet eligible: %(missing)s")
                % {"missing": "; ".join(c.message for c in result.missing)},
                code="eligibility",
            )
        placement.status = PlacementStatus.PLACED
        placement.supervisor = supervisor
        placement.start_date = start_date
        placement.save()
        audit_record(
            actor=actor, action="wbl.placed", obj=placement, student_id=placement.student_id,
            details={"supervisor_id": supervisor.pk, "start_date": start_date.isoformat()},
        )  # fmt: skip
    return placement


def _all_signed(p: Placement) -> bool:
    return bool(p.student_signed_at and p.guardian_signed_at and p.supervisor_signed_at)


def _sign(placement: Placement, party: str, name: str, *, actor: Any, channel: str,
          extra: dict[str, Any] | None = None) -> Placement:  # fmt: skip
    if placement.status not in (PlacementStatus.PLACED, PlacementStatus.ACTIVE):
        raise WblError(_("The agreement is signed once the student is placed."), code="status")
    now = timezone.now()
    setattr(placement, f"{party}_signed_at", now)
    setattr(placement, f"{party}_signed_name", name[:200])
    started = placement.status == PlacementStatus.PLACED and _all_signed(placement)
    if started:
        placement.status = PlacementStatus.ACTIVE
    placement.save()
    audit_record(
        actor=actor, action="wbl.agreement_signed", obj=placement,
        student_id=placement.student_id, channel=channel,
        details={"party": party, "typed_name": name[:200], "started": started} | (extra or {}),
    )  # fmt: skip
    return placement


def _typed(typed_name: str, intent: bool) -> str:
    name = " ".join((typed_name or "").split())
    if not intent:
        raise WblError(_("Check the box to show that you intend to sign."), code="intent")
    if len(name) < 2:
        raise WblError(_("Type your full name to sign."), code="typed_name")
    return name


def placement_agreement_sign(
    *, actor: Any, placement_id: int, typed_name: str, intent: bool
) -> Placement:
    """The student, or a guardian with educational rights, signs the placement agreement."""
    name = _typed(typed_name, intent)
    if not _is_user(actor) or actor.role not in (Role.STUDENT, Role.GUARDIAN):
        raise PermissionDenied(_("Only the student or a guardian signs here."))
    party = AgreementParty.STUDENT if actor.role == Role.STUDENT else AgreementParty.GUARDIAN
    with transaction.atomic():
        placement = _placement_in_scope(actor, placement_id, lock=True)
        if party == AgreementParty.GUARDIAN and not StudentGuardian.objects.filter(
            student_id=placement.student_id, guardian_id=actor.guardian_id,
            educational_rights=True,
        ).exists():  # fmt: skip
            raise PermissionDenied(_("Only a guardian with educational rights signs."))
        return _sign(placement, party, name, actor=actor, channel="web")


def placement_agreement_sign_by_link(
    *, token: str, placement_id: int, typed_name: str, intent: bool
) -> Placement:
    """The supervisor signs the placement agreement through their link."""
    name = _typed(typed_name, intent)
    with transaction.atomic():
        link = employer_link_open(token=token, purpose=LinkPurpose.SUPERVISE)
        placement = _supervised(link, placement_id, lock=True)
        _link_used(link)
        return _sign(placement, AgreementParty.SUPERVISOR, name, actor=None, channel="link",
                     extra=_link_details(link))  # fmt: skip


def placement_complete(*, actor: Any, placement_id: int, end_date: dt.date) -> Placement:
    _require(actor, COORDINATOR_ROLES)
    with transaction.atomic():
        placement = _placement_in_scope(actor, placement_id, lock=True)
        if placement.status != PlacementStatus.ACTIVE:
            raise WblError(_("Only an active placement can be completed."), code="status")
        if placement.start_date and end_date < placement.start_date:
            raise WblError(_("The end date is before the start date."), code="end_date")
        placement.status = PlacementStatus.COMPLETED
        placement.end_date = end_date
        placement.save()
        audit_record(actor=actor, action="wbl.completed", obj=placement,
                     student_id=placement.student_id,
                     details={"end_date": end_date.isoformat()})  # fmt: skip
    return placement


def placement_withdraw(*, actor: Any, placement_id: int, reason: str = "") -> Placement:
    """The student withdraws an application or placement, or a coordinator ends it."""
    if not _is_user(actor) or not (
        actor.is_superuser or actor.role in COORDINATOR_ROLES or actor.role == Role.STUDENT
    ):
        raise PermissionDenied(_("Your role may not do this."))
    with transaction.atomic():
        placement = _placement_in_scope(actor, placement_id, lock=True)
        if placement.status in (PlacementStatus.COMPLETED, PlacementStatus.WITHDRAWN):
            raise WblError(_("This placement is already closed."), code="status")
        placement.status = PlacementStatus.WITHDRAWN
        placement.save(update_fields=["status", "updated_at"])
        audit_record(actor=actor, action="wbl.withdrawn", obj=placement,
                     student_id=placement.student_id,
                     details={"reason": reason.strip()[:500]})  # fmt: skip
    return placement


# --------------------------------------------------------------------------- hours


def _parse_hours(value: Any) -> Decimal:
    try:
        hours = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise WblError(_("Hours must be a number such as 3 or 2.5."), code="hours") from None
    if not Decimal(0) < hours <= MAX_HOURS_PER_DAY:
        raise WblError(
            _("Hours in one day must be more than 0 and at most %(n)s.") % {"n": MAX_HOURS_PER_DAY},
            code="hours",
        )
    return hours


def hours_log(*, actor: Any, placement_id: int, worked_on: dt.date, hours: Any) -> HoursLog:
    """The student (or a coordinator for them) logs hours worked on one day of an active
    placement; the supervisor confirms them later."""
    if not _is_user(actor) or not (
        actor.is_superuser or actor.role in COORDINATOR_ROLES or actor.role == Role.STUDENT
    ):
        raise PermissionDenied(_("Your role may not do this."))
    amount = _parse_hours(hours)
    if worked_on > timezone.localdate():
        raise WblError(_("You cannot log hours for a day still to come."), code="worked_on")
    with transaction.atomic():
        placement = _placement_in_scope(actor, placement_id, lock=True)
        if placement.status not in (PlacementStatus.ACTIVE, PlacementStatus.COMPLETED):
            raise WblError(_("Hours are logged once the placement has started."), code="status")
        if placement.start_date and worked_on < placement.start_date:
            raise WblError(_("That day is before the placement started."), code="worked_on")
        if placement.end_date and worked_on > placement.end_date:
            raise WblError(_("That day is after the placement ended."), code="worked_on")
        entry = HoursLog.objects.create(
            placement=placement, worked_on=worked_on, hours=amount, logged_by=actor
        )
        audit_record(actor=actor, action="wbl.hours_logged", obj=entry,
                     student_id=placement.student_id,
                     details={"placement_id": placement.pk, "hours": str(amount),
                              "worked_on": worked_on.isoformat()})  # fmt: skip
        contact = placement.supervisor
        if contact is not None and contact.email:
            _email_after_commit(
                to=contact.email, language=contact.preferred_language,
                subject=_("Hours to confirm for %(student)s") % {
                    "student": placement.student.first_name},
                body=_("Hello %(name)s,\n\n%(student)s logged %(hours)s hours on %(day)s. "
                       "Confirm them with your supervisor link.") % {
                    "name": contact.name, "student": placement.student.first_name,
                    "hours": amount, "day": worked_on.isoformat()},
            )  # fmt: skip
    return entry


def _supervised(link: EmployerLink, placement_id: int, *, lock: bool = False) -> Placement:
    qs = Placement.objects.select_related("student", "opportunity", "supervisor")
    if lock:
        qs = qs.select_for_update(of=("self",))
    placement = qs.filter(pk=placement_id, supervisor_id=link.contact_id).first()
    if placement is None:
        raise WblError(_("This placement is not one you supervise."), code="placement")
    return placement


def hours_confirm_by_link(*, token: str, hours_ids: Iterable[int]) -> int:
    """The supervisor confirms logged hours of the placements they supervise. Returns how many
    entries were confirmed (entries already confirmed or not theirs are left alone)."""
    ids = sorted({int(i) for i in hours_ids})
    with transaction.atomic():
        link = employer_link_open(token=token, purpose=LinkPurpose.SUPERVISE)
        entries = list(
            HoursLog.objects.select_for_update(of=("self",))
            .select_related("placement")
            .filter(pk__in=ids, placement__supervisor_id=link.contact_id, confirmed_at__isnull=True)
        )
        now = timezone.now()
        name = link.contact.name if link.contact else ""
        for e in entries:
            e.confirmed_at, e.confirmed_by = now, name[:200]
        HoursLog.objects.bulk_update(entries, ["confirmed_at", "confirmed_by", "updated_at"])
        _link_used(link)
        for e in entries:
            audit_record(
                actor=None, action="wbl.hours_confirmed", obj=e,
                student_id=e.placement.student_id, channel="link",
                details=_link_details(link) | {"hours": str(e.hours)},
            )  # fmt: skip
    return len(entries)


def placement_evaluate_by_link(*, token: str, placement_id: int, code: str) -> Placement:
    """The supervisor completes the intern's evaluation (one of the four CDE levels)."""
    if code not in SUPERVISOR_EVALUATION_CODES:
        raise WblError(_("Choose one of the four levels."), code="evaluation_code")
    with transaction.atomic():
        link = employer_link_open(token=token, purpose=LinkPurpose.SUPERVISE)
        placement = _supervised(link, placement_id, lock=True)
        if placement.status not in (PlacementStatus.ACTIVE, PlacementStatus.COMPLETED):
            raise WblError(_("Only a started placement is evaluated."), code="status")
        placement.evaluation_code = code
        placement.evaluated_at = timezone.now()
        placement.evaluated_by = (link.contact.name if link.contact else "")[:200]
        placement.save()
        _link_used(link)
        audit_record(actor=None, action="wbl.evaluated", obj=placement,
                     student_id=placement.student_id, channel="link",
                     details=_link_details(link) | {"code": code})  # fmt: skip
    return placement


def placement_evaluation_not_provided(*, actor: Any, placement_id: int) -> Placement:
    """The coordinator records that the employer did not provide the evaluation (code 5)."""
    _require(actor, COORDINATOR_ROLES)
    with transaction.atomic():
        placement = _placement_in_scope(actor, placement_id, lock=True)
        if placement.evaluation_code in SUPERVISOR_EVALUATION_CODES:
            raise WblError(_("The supervisor already evaluated this placement."), code="status")
        placement.evaluation_code = EvaluationCode.NOT_PROVIDED
        placement.evaluated_at = timezone.now()
        placement.evaluated_by = (actor.get_full_name() or actor.get_username())[:200]
        placement.save()
        audit_record(actor=actor, action="wbl.evaluation_not_provided", obj=placement,
                     student_id=placement.student_id)  # fmt: skip
    return placement


# --------------------------------------------------------------------------- pathways


def linked_learning_pathway_create(
    *, actor: Any, school_id: int, name: str, sector: str, name_es: str = "",
    cte_pathway_id: int | None = None, certified: bool = False,
) -> LinkedLearningPathway:  # fmt: skip
    _require(actor, PUBLISHER_ROLES)
    if sector not in IndustrySector.values:
        raise WblError(_("Choose an industry sector."), code="sector")
    if not Organization.objects.filter(pk=school_id, kind=OrganizationKind.SCHOOL).exists():
        raise WblError(_("No such school."), code="school")
    with transaction.atomic():
        pathway = LinkedLearningPathway.objects.create(
            school_id=school_id, name=" ".join(name.split())[:200], name_es=name_es[:200],
            sector=sector, cte_pathway_id=cte_pathway_id, certified=certified,
        )  # fmt: skip
        audit_record(actor=actor, action="wbl.pathway_created", obj=pathway,
                     details={"school_id": school_id, "sector": sector})  # fmt: skip
    return pathway

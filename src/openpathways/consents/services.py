"""The consent ledger: links, e-signatures, paper forms, revocation.

A parent/guardian consents once for the whole of high school (Title 5, 2023) through a signed,
expiring, one-time link that needs no account, or on paper (a scan uploaded by staff). The
ledger keeps the disclosure version and language, the typed name, the time, the device and the
IP address. Revocation (through a link or by staff on the guardian's request) puts applications
waiting on the consent on hold and tells the counselor.

Every write is atomic, audited, and notifies after commit.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from openpathways.accounts.models import Role
from openpathways.audit.services import audit_record, audit_record_student_reads
from openpathways.consents.disclosures import Disclosure, disclosure_current, disclosure_get
from openpathways.consents.models import (
    Consent,
    ConsentKind,
    ConsentLink,
    ConsentMethod,
    ConsentStatus,
    LinkPurpose,
)
from openpathways.notifications.services import Recipient, notify
from openpathways.students.access import student_scope
from openpathways.students.models import Guardian, Student, StudentGuardian

#: How long a consent link works (seconds): the signature's max_age and the row's expiry.
GRANT_LINK_MAX_AGE = 14 * 24 * 3600
#: A link to withdraw consent works for as long as the consent may (four school years).
REVOKE_LINK_MAX_AGE = 4 * 366 * 24 * 3600
SALTS = {
    LinkPurpose.GRANT: "openpathways.consents.link.grant",
    LinkPurpose.REVOKE: "openpathways.consents.link.revoke",
}
MAX_AGES = {LinkPurpose.GRANT: GRANT_LINK_MAX_AGE, LinkPurpose.REVOKE: REVOKE_LINK_MAX_AGE}
#: Consent kinds a guardian gives on the ledger (the records release is the student's own).
GUARDIAN_KINDS = (
    ConsentKind.DUAL_ENROLLMENT,
    ConsentKind.ADULT_ED,
    ConsentKind.WORK_BASED_LEARNING,
)
STAFF_ROLES = frozenset({Role.COUNSELOR, Role.SCHOOL_ADMIN, Role.DISTRICT_ADMIN})
SCAN_TYPES = {b"%PDF": "pdf", b"\x89PNG": "png", b"\xff\xd8\xff": "jpg"}
SCAN_MAX_BYTES = 10 * 1024 * 1024
#: What the guardian is asked to consent to, by kind (for the link's email).
WHAT: dict[str, dict[str, str]] = {
    ConsentKind.DUAL_ENROLLMENT: {"en": "college courses", "es": "cursos universitarios"},
    ConsentKind.ADULT_ED: {
        "en": "adult-education career classes",
        "es": "clases técnicas de educación para adultos",
    },
    ConsentKind.WORK_BASED_LEARNING: {
        "en": "part in work-based learning with employers (job shadows, internships and more)",
        "es": "parte en aprendizaje basado en el trabajo con empleadores (pasantías y más)",
    },
}


class ConsentError(ValidationError):
    """Bad input for a consent step; `code` says which (the message is translated)."""


class ConsentLinkError(PermissionDenied):
    """A link that cannot be used: `code` is invalid, expired, used or revoked."""

    def __init__(self, code: str, language: str = "") -> None:
        self.code = code
        #: The guardian's language when the link was genuine (used, expired or replaced).
        self.language = language
        messages = {
            "invalid": _("This link is not valid. Ask the school for a new one."),
            "expired": _("This link has expired. Ask the school for a new one."),
            "used": _("This link was already used. Thank you: your answer is recorded."),
            "revoked": _("This link was replaced by a newer one. Use the latest link we sent."),
        }
        super().__init__(messages.get(code, messages["invalid"]))


def _staff_may_act(actor: Any, student_id: int) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Sign in first."))
    if not (actor.is_superuser or actor.role in STAFF_ROLES):
        raise PermissionDenied(_("Only school staff may do this."))
    if not student_scope(actor).filter(pk=student_id).exists():
        raise PermissionDenied(_("No such student in your scope."))


def _site_url() -> str:
    return str(settings.OPENPATHWAYS_SITE_URL).rstrip("/")


def _end_of_high_school(student: Student) -> dt.date:
    return dt.date(student.graduation_cohort, 6, 30)


def _counselor_recipient(student: Student) -> list[Recipient]:
    c = student.counselor
    if c is None or not c.email:
        return []
    return [Recipient("counselor", c.email, c.preferred_language or "en", c.pk)]


def _guardian_recipient(guardian: Guardian | None) -> list[Recipient]:
    if guardian is None or not guardian.email:
        return []
    return [Recipient("guardian", guardian.email, guardian.preferred_language or "en")]


def _method_label(consent: Consent) -> dict[str, str]:
    labels = {
        ConsentMethod.ELECTRONIC: {"en": "electronic signature", "es": "firma electrónica"},
        ConsentMethod.PAPER: {"en": "signed paper form", "es": "formulario firmado en papel"},
    }
    return labels.get(ConsentMethod(consent.method), labels[ConsentMethod.ELECTRONIC])


# --------------------------------------------------------------------------- reads


def consent_current(*, student_id: int, kind: str) -> Consent | None:
    """The latest consent of this kind on the ledger (granted or revoked), or None."""
    return (
        Consent.objects.filter(student_id=student_id, kind=kind)
        .order_by("-granted_at", "-pk")
        .first()
    )


def consent_state(*, student_id: int, kind: str, on: dt.date | None = None) -> str:
    """`granted`, `revoked` or `missing` (an expired consent counts as missing)."""
    consent = consent_current(student_id=student_id, kind=kind)
    if consent is None:
        return "missing"
    if consent.status == ConsentStatus.REVOKED:
        return "revoked"
    if consent.valid_through < (on or timezone.localdate()):
        return "missing"
    return "granted"


# --------------------------------------------------------------------------- links


def _token(link: ConsentLink) -> str:
    payload = {
        "l": link.pk, "n": link.nonce, "g": link.guardian_id, "s": link.student_id,
        "k": link.kind, "p": link.purpose,
    }  # fmt: skip
    return signing.dumps(payload, salt=SALTS[LinkPurpose(link.purpose)], compress=True)


def consent_link_url(link: ConsentLink, token: str) -> str:
    name = "web:consent_sign" if link.purpose == LinkPurpose.GRANT else "web:consent_revoke"
    return _site_url() + reverse(name, args=[token])


@dataclass(frozen=True)
class IssuedLink:
    link: ConsentLink
    token: str
    url: str


def _issue(
    *, actor: Any, student: Student, guardian: Guardian, kind: str, purpose: str, notify_: bool
) -> IssuedLink:
    now = timezone.now()
    ConsentLink.objects.filter(
        student=student, guardian=guardian, kind=kind, purpose=purpose,
        used_at__isnull=True, revoked_at__isnull=True,
    ).update(revoked_at=now)  # fmt: skip
    link = ConsentLink.objects.create(
        student=student, guardian=guardian, kind=kind, purpose=purpose,
        nonce=secrets.token_hex(16),
        issued_by=actor if getattr(actor, "is_authenticated", False) else None,
        issued_at=now, expires_at=now + dt.timedelta(seconds=MAX_AGES[LinkPurpose(purpose)]),
    )  # fmt: skip
    token = _token(link)
    url = consent_link_url(link, token)
    audit_record(
        actor=actor, action=f"consents.{purpose}_link_issued", obj=link, student_id=student.pk,
        details={"guardian_id": guardian.pk, "kind": kind,
                 "expires_at": link.expires_at.isoformat()},
    )  # fmt: skip
    if notify_:
        event = "consents.link_issued" if purpose == LinkPurpose.GRANT else (
            "consents.revoke_link_issued"
        )  # fmt: skip
        notify(
            event=event,
            recipients=_guardian_recipient(guardian),
            context={
                "guardian": guardian.first_name,
                "student": student.first_name,
                "url": url,
                "expires": link.expires_at.date().isoformat(),
                "what": WHAT.get(kind, WHAT[ConsentKind.DUAL_ENROLLMENT]),
            },
            student_id=student.pk,
        )
    return IssuedLink(link=link, token=token, url=url)


def consent_link_issue(
    *,
    actor: Any,
    student_id: int,
    guardian_id: int | None = None,
    kind: str = ConsentKind.DUAL_ENROLLMENT,
    purpose: str = LinkPurpose.GRANT,
) -> list[IssuedLink]:
    """Send a guardian (or every guardian with educational rights) a signed one-time link.
    Earlier unused links of the same kind and purpose stop working."""
    if kind not in GUARDIAN_KINDS:
        raise ConsentError(_("Unknown consent kind: %(kind)s") % {"kind": kind}, code="kind")
    if purpose not in SALTS:
        raise ConsentError(_("Unknown link purpose: %(p)s") % {"p": purpose}, code="purpose")
    _staff_may_act(actor, student_id)
    links = StudentGuardian.objects.filter(student_id=student_id, educational_rights=True)
    if guardian_id is not None:
        links = links.filter(guardian_id=guardian_id)
    pairs = list(links.select_related("guardian", "student"))
    if not pairs:
        raise ConsentError(_("This student has no guardian on file to send a link to."),
                           code="guardian")  # fmt: skip
    with transaction.atomic():
        return [
            _issue(
                actor=actor,
                student=p.student,
                guardian=p.guardian,
                kind=kind,
                purpose=purpose,
                notify_=True,
            )
            for p in pairs
        ]


def consent_link_issue_quiet(
    *,
    actor: Any,
    student_id: int,
    guardian_id: int,
    kind: str = ConsentKind.DUAL_ENROLLMENT,
    purpose: str = LinkPurpose.GRANT,
) -> IssuedLink:
    """Issue one guardian's link without emailing it, for a caller that sends its own message
    (a reminder, a digest). A signed-in actor must be school staff with the student in scope;
    `actor=None` is the platform itself. Earlier unused links of the same kind stop working."""
    if actor is not None:
        _staff_may_act(actor, student_id)
    if kind not in GUARDIAN_KINDS or purpose not in SALTS:
        raise ConsentError(_("Unknown consent kind: %(kind)s") % {"kind": kind}, code="kind")
    pair = (
        StudentGuardian.objects.filter(student_id=student_id, guardian_id=guardian_id)
        .select_related("student", "guardian")
        .first()
    )
    if pair is None:
        raise ConsentError(_("This guardian is not on file for the student."), code="guardian")
    with transaction.atomic():
        return _issue(actor=actor, student=pair.student, guardian=pair.guardian, kind=kind,
                      purpose=purpose, notify_=False)  # fmt: skip


def consent_links_issue_for_application(*, student_id: int, kind: str) -> int:
    """Issued by the platform when an application reaches the consent step: one link to each
    guardian with educational rights and an email address who has no working link yet."""
    now = timezone.now()
    count = 0
    for pair in StudentGuardian.objects.filter(
        student_id=student_id, educational_rights=True
    ).select_related("guardian", "student"):
        if not pair.guardian.email:
            continue
        live = ConsentLink.objects.filter(
            student_id=student_id, guardian=pair.guardian, kind=kind, purpose=LinkPurpose.GRANT,
            used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now,
        ).exists()  # fmt: skip
        if not live:
            _issue(actor=None, student=pair.student, guardian=pair.guardian, kind=kind,
                   purpose=LinkPurpose.GRANT, notify_=True)  # fmt: skip
            count += 1
    return count


def _link_from_token(token: str, purpose: str, *, lock: bool = False) -> ConsentLink:
    try:
        payload = signing.loads(
            token, salt=SALTS[LinkPurpose(purpose)], max_age=MAX_AGES[LinkPurpose(purpose)]
        )
    except signing.SignatureExpired:
        raise ConsentLinkError("expired") from None
    except (signing.BadSignature, ValueError, TypeError):
        raise ConsentLinkError("invalid") from None
    if not isinstance(payload, dict):
        raise ConsentLinkError("invalid")
    qs = ConsentLink.objects.select_related("student", "guardian", "student__counselor")
    if lock:
        qs = qs.select_for_update(of=("self",))
    link_id = payload.get("l")
    link = qs.filter(pk=link_id).first() if isinstance(link_id, int) else None
    if link is None or (
        link.nonce != payload.get("n")
        or link.guardian_id != payload.get("g")
        or link.student_id != payload.get("s")
        or link.kind != payload.get("k")
        or link.purpose != payload.get("p")
    ):
        raise ConsentLinkError("invalid")
    lang = link.guardian.preferred_language or "en"
    if link.used_at is not None:
        raise ConsentLinkError("used", lang)
    if link.revoked_at is not None:
        raise ConsentLinkError("revoked", lang)
    if link.expires_at <= timezone.now():
        raise ConsentLinkError("expired", lang)
    return link


@dataclass(frozen=True)
class LinkPage:
    """What the no-account consent page shows: the minimum to identify the student."""

    purpose: str
    kind: str
    student_first_name: str
    student_last_name: str
    school: str
    guardian_name: str
    guardian_language: str
    disclosure: Disclosure
    consent: Consent | None  # for a revoke link: the consent it withdraws


def consent_link_open(*, token: str, purpose: str = LinkPurpose.GRANT) -> LinkPage:
    """Check a link and return what its page shows; the guardian's view is logged as a read."""
    link = _link_from_token(token, purpose)
    current = consent_current(student_id=link.student_id, kind=link.kind)
    if purpose == LinkPurpose.REVOKE:
        if current is None or current.status != ConsentStatus.GRANTED:
            raise ConsentLinkError("used")
        disclosure = disclosure_get(link.kind, current.disclosure_version)
    else:
        disclosure = disclosure_current(link.kind)
    audit_record_student_reads(
        actor=None, action="consents.link_opened", student_ids=[link.student_id],
        purpose=f"guardian {purpose} link", channel="web",
        details={"guardian_id": link.guardian_id, "link_id": link.pk},
    )  # fmt: skip
    student = link.student
    return LinkPage(
        purpose=purpose, kind=link.kind, student_first_name=student.first_name,
        student_last_name=student.last_name, school=student.school.name,
        guardian_name=f"{link.guardian.first_name} {link.guardian.last_name}",
        guardian_language=link.guardian.preferred_language or "en", disclosure=disclosure,
        consent=current if purpose == LinkPurpose.REVOKE else None,
    )  # fmt: skip


# --------------------------------------------------------------------------- granting


def _after_grant(consent: Consent, *, actor: Any) -> None:
    from openpathways.applications.services import application_consent_recorded

    application_consent_recorded(consent=consent, actor=actor)
    student = consent.student
    context = {
        "guardian": consent.guardian.first_name if consent.guardian else "",
        "student": student.full_name, "method": _method_label(consent),
        "when": timezone.localtime(consent.granted_at).strftime("%Y-%m-%d %H:%M"),
        "url": _site_url() + reverse("web:journey_student", args=[student.pk]),
    }  # fmt: skip
    notify(event="consents.granted", recipients=_counselor_recipient(student),
           context=context, student_id=student.pk)  # fmt: skip
    notify(event="consents.granted", recipients=_guardian_recipient(consent.guardian),
           context=context, student_id=student.pk)  # fmt: skip


@dataclass(frozen=True)
class Signed:
    consent: Consent
    revoke_url: str


def consent_sign(
    *,
    token: str,
    typed_name: str,
    intent: bool,
    language: str,
    disclosure_version: str,
    user_agent: str = "",
    ip_address: str | None = None,
) -> Signed:
    """The guardian signs through the link: typed name plus the intent box (ESIGN/UETA)."""
    name = " ".join((typed_name or "").split())
    if not intent:
        raise ConsentError(_("Check the box to show that you intend to sign."), code="intent")
    if len(name) < 2:
        raise ConsentError(_("Type your full name to sign."), code="typed_name")
    lang = language if language in ("en", "es") else "en"
    with transaction.atomic():
        link = _link_from_token(token, LinkPurpose.GRANT, lock=True)
        disclosure = disclosure_current(link.kind)
        if disclosure_version != disclosure.version:
            raise ConsentError(
                _("The text you read has been updated. Read it again and sign."), code="version"
            )
        student = link.student
        now = timezone.now()
        consent = Consent.objects.create(
            student=student, guardian=link.guardian, kind=link.kind,
            status=ConsentStatus.GRANTED, method=ConsentMethod.ELECTRONIC,
            disclosure_version=disclosure.version, language=lang, typed_name=name[:200],
            device=(user_agent or "")[:300], ip_address=ip_address or None, granted_at=now,
            valid_through=_end_of_high_school(student),
        )  # fmt: skip
        link.used_at = now
        link.consent = consent
        link.save(update_fields=["used_at", "consent", "updated_at"])
        audit_record(
            actor=None, action="consents.granted", obj=consent, student_id=student.pk,
            channel="link",
            details={"method": "electronic", "guardian_id": link.guardian_id, "language": lang,
                     "disclosure_version": disclosure.version, "link_id": link.pk},
        )  # fmt: skip
        revoke = _issue(actor=None, student=student, guardian=link.guardian, kind=link.kind,
                        purpose=LinkPurpose.REVOKE, notify_=False)  # fmt: skip
        _after_grant(consent, actor=None)
    return Signed(consent=consent, revoke_url=revoke.url)


def _check_scan(scan: UploadedFile) -> str:
    name = scan.name or "scan"
    if scan.size is None or scan.size == 0:
        raise ConsentError(_("%(name)s: the file is empty.") % {"name": name}, code="scan")
    if scan.size > SCAN_MAX_BYTES:
        raise ConsentError(_("%(name)s: the file is larger than 10 MB.") % {"name": name},
                           code="scan")  # fmt: skip
    head = scan.read(8)
    scan.seek(0)
    for magic, kind in SCAN_TYPES.items():
        if head.startswith(magic):
            return kind
    raise ConsentError(
        _("%(name)s: a scan must be a PDF, PNG or JPEG file.") % {"name": name}, code="scan"
    )


def consent_paper_record(
    *,
    actor: Any,
    student_id: int,
    guardian_id: int,
    scan: UploadedFile,
    signed_on: dt.date,
    kind: str = ConsentKind.DUAL_ENROLLMENT,
    typed_name: str = "",
    language: str = "en",
) -> Consent:
    """Staff record a signed paper form (the family asked for paper): the scan is kept."""
    _staff_may_act(actor, student_id)
    if kind not in GUARDIAN_KINDS:
        raise ConsentError(_("Unknown consent kind: %(kind)s") % {"kind": kind}, code="kind")
    if signed_on > timezone.localdate():
        raise ConsentError(_("The signing date cannot be in the future."), code="signed_on")
    ext = _check_scan(scan)
    pair = (
        StudentGuardian.objects.filter(student_id=student_id, guardian_id=guardian_id)
        .select_related("student", "guardian", "student__counselor")
        .first()
    )
    if pair is None:
        raise ConsentError(_("This guardian is not on file for the student."), code="guardian")
    student, guardian = pair.student, pair.guardian
    with transaction.atomic():
        granted = timezone.make_aware(dt.datetime.combine(signed_on, dt.time(12, 0)))
        consent = Consent(
            student=student, guardian=guardian, kind=kind, status=ConsentStatus.GRANTED,
            method=ConsentMethod.PAPER, disclosure_version=disclosure_current(kind).version,
            language=language if language in ("en", "es") else "en",
            typed_name=(typed_name or f"{guardian.first_name} {guardian.last_name}")[:200],
            granted_at=granted, valid_through=_end_of_high_school(student), recorded_by=actor,
        )  # fmt: skip
        consent.scan.save(f"consent-{student.pk}-{secrets.token_hex(6)}.{ext}", scan, save=False)
        consent.save()
        ConsentLink.objects.filter(
            student=student, kind=kind, purpose=LinkPurpose.GRANT, used_at__isnull=True,
            revoked_at__isnull=True,
        ).update(revoked_at=timezone.now())  # fmt: skip
        audit_record(
            actor=actor, action="consents.granted", obj=consent, student_id=student.pk,
            channel="paper", details={"method": "paper", "guardian_id": guardian.pk},
        )  # fmt: skip
        _after_grant(consent, actor=actor)
    return consent


# --------------------------------------------------------------------------- revocation


def _wbl_revoked(consent: Consent) -> tuple[int, list[Recipient]]:
    """Work-based learning permission withdrawn: the student's applications waiting to be placed
    stay blocked (placing checks the ledger), and the coordinators are told: the student's
    counselor and the staff who sent permission links."""
    from openpathways.accounts.models import User
    from openpathways.wbl.models import Placement, PlacementStatus

    waiting = Placement.objects.filter(
        student_id=consent.student_id, status=PlacementStatus.APPLIED
    ).count()
    staff_ids = ConsentLink.objects.filter(
        student_id=consent.student_id, kind=consent.kind, issued_by__isnull=False
    ).values("issued_by_id")
    recipients = _counselor_recipient(consent.student)
    for u in User.objects.filter(pk__in=staff_ids, role__in=STAFF_ROLES, is_active=True):
        if u.email:
            recipients.append(Recipient("counselor", u.email, u.preferred_language or "en", u.pk))
    return waiting, recipients


def _revoke(consent: Consent, *, actor: Any, method: str, note: str) -> int:
    from openpathways.applications.services import application_consent_revoked

    consent.status = ConsentStatus.REVOKED
    consent.revoked_at = timezone.now()
    consent.revoked_by = actor if getattr(actor, "is_authenticated", False) else None
    consent.revocation_method = method
    consent.revocation_note = note
    consent.save()
    ConsentLink.objects.filter(
        student_id=consent.student_id, kind=consent.kind, used_at__isnull=True,
        revoked_at__isnull=True,
    ).update(revoked_at=consent.revoked_at)  # fmt: skip
    audit_record(
        actor=actor, action="consents.revoked", obj=consent, student_id=consent.student_id,
        channel=method, details={"method": method, "note": note},
    )  # fmt: skip
    held = application_consent_revoked(consent=consent, actor=actor)
    student = consent.student
    recipients = _counselor_recipient(student)
    url = _site_url() + reverse("web:journey_student", args=[student.pk])
    if consent.kind == ConsentKind.WORK_BASED_LEARNING:
        held, recipients = _wbl_revoked(consent)
        url = _site_url() + reverse("web:wbl_home")
    context = {
        "guardian": consent.guardian.first_name if consent.guardian else "",
        "student": student.full_name, "count": str(held),
        "method": {"en": "guardian's link", "es": "enlace del tutor"} if method == "link"
        else {"en": "recorded by school staff", "es": "registrado por el personal escolar"},
        "url": url,
    }  # fmt: skip
    notify(event="consents.revoked", recipients=recipients, context=context,
           student_id=student.pk)  # fmt: skip
    notify(event="consents.revoked", recipients=_guardian_recipient(consent.guardian),
           context=context, student_id=student.pk)  # fmt: skip
    return held


def consent_revoke_by_link(*, token: str, confirm: bool) -> Consent:
    """The guardian withdraws consent through their link."""
    if not confirm:
        raise ConsentError(_("Check the box to confirm that you withdraw your consent."),
                           code="confirm")  # fmt: skip
    with transaction.atomic():
        link = _link_from_token(token, LinkPurpose.REVOKE, lock=True)
        consent = consent_current(student_id=link.student_id, kind=link.kind)
        if consent is None or consent.status != ConsentStatus.GRANTED:
            raise ConsentLinkError("used")
        link.used_at = timezone.now()
        link.consent = consent
        link.save(update_fields=["used_at", "consent", "updated_at"])
        _revoke(consent, actor=None, method="link", note="")
    return consent


def consent_revoke(*, actor: Any, consent_id: int, note: str) -> Consent:
    """Staff withdraw a consent at the guardian's request (by phone, letter, in person)."""
    consent = Consent.objects.select_related("student", "guardian").filter(pk=consent_id).first()
    if consent is None:
        raise ConsentError(_("No such consent."), code="consent")
    _staff_may_act(actor, consent.student_id)
    if not note.strip():
        raise ConsentError(_("Say how the guardian asked to withdraw consent."), code="note")
    with transaction.atomic():
        consent = (
            Consent.objects.select_for_update(of=("self",))
            .select_related("student", "guardian", "student__counselor")
            .get(pk=consent_id)
        )
        if consent.status == ConsentStatus.REVOKED:
            return consent
        _revoke(consent, actor=actor, method="staff", note=note.strip())
    return consent

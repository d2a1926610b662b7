"""Writing agreements: vendor contracts with their work-based-learning obligation, employer
contacts, and Education Compacts with their commitments, owners, milestones and evidence.

District administrators write contracts and compacts; a city partner updates the commitments,
milestones and evidence of its own city's compacts (owners on both sides). Every write is atomic,
takes `actor=` and records an audit event.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openpathways.accounts.models import Role
from openpathways.agreements.models import (
    AgreementStatus,
    CommitmentStatus,
    CompactCommitment,
    CompactMilestone,
    EducationCompact,
    VendorContract,
)
from openpathways.audit.services import audit_record
from openpathways.core.choices import IndustrySector
from openpathways.organizations.models import Contact, Organization, OrganizationKind


class AgreementError(ValidationError):
    """Bad input for an agreement; `code` says which (the message is translated)."""


def _require_district_admin(actor: Any) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Sign in first."))
    if not (actor.is_superuser or actor.role == Role.DISTRICT_ADMIN):
        raise PermissionDenied(_("Only district administrators may do this."))


def _district_for(actor: Any, district_id: int | None) -> Organization:
    org_id = district_id or getattr(actor, "organization_id", None)
    district = (
        Organization.objects.filter(pk=org_id, kind=OrganizationKind.DISTRICT).first()
        if org_id
        else None
    )
    if district is None:
        raise AgreementError(_("Name the school district."), code="district")
    if not actor.is_superuser and district.pk != actor.organization_id:
        raise PermissionDenied(_("Only your own district's agreements."))
    return district


# --------------------------------------------------------------------------- employers


def employer_create(
    *, actor: Any, name: str, industry_sector: str, is_vendor: bool = False, city: str = "",
    website: str = "",
) -> Organization:  # fmt: skip
    _require_district_admin(actor)
    name = " ".join(name.split())
    if not name:
        raise AgreementError(_("Give the employer's name."), code="name")
    if industry_sector not in IndustrySector.values:
        raise AgreementError(_("Choose an industry sector."), code="industry_sector")
    with transaction.atomic():
        org = Organization.objects.create(
            kind=OrganizationKind.EMPLOYER, name=name[:200], industry_sector=industry_sector,
            is_vendor=is_vendor, city=city[:100], website=website,
        )  # fmt: skip
        audit_record(actor=actor, action="agreements.employer_created", obj=org,
                     details={"is_vendor": is_vendor, "sector": industry_sector})  # fmt: skip
    return org


def contact_create(
    *, actor: Any, organization_id: int, name: str, title: str = "", email: str = "",
    phone: str = "", preferred_language: str = "en",
) -> Contact:  # fmt: skip
    _require_district_admin(actor)
    if not " ".join(name.split()):
        raise AgreementError(_("Give the contact's name."), code="name")
    org = Organization.objects.filter(pk=organization_id).first()
    if org is None:
        raise AgreementError(_("No such organization."), code="organization")
    with transaction.atomic():
        contact = Contact.objects.create(
            organization=org, name=" ".join(name.split())[:200], title=title[:200],
            email=email.strip(), phone=phone[:40],
            preferred_language=preferred_language if preferred_language in ("en", "es") else "en",
        )  # fmt: skip
        audit_record(actor=actor, action="agreements.contact_created", obj=contact,
                     details={"organization_id": org.pk})  # fmt: skip
    return contact


# --------------------------------------------------------------------------- contracts


def vendor_contract_create(
    *, actor: Any, vendor_id: int, number: str, title: str, start_date: dt.date,
    end_date: dt.date, wbl_placements_committed: int = 0, wbl_hours_committed: int = 0,
    district_id: int | None = None,
) -> VendorContract:  # fmt: skip
    """Record a district contract and the WBL obligation it carries (placements and/or hours
    per school year)."""
    _require_district_admin(actor)
    district = _district_for(actor, district_id)
    vendor = Organization.objects.filter(pk=vendor_id, kind=OrganizationKind.EMPLOYER).first()
    if vendor is None:
        raise AgreementError(_("No such employer."), code="vendor")
    if end_date < start_date:
        raise AgreementError(_("The contract ends before it starts."), code="end_date")
    if wbl_placements_committed < 0 or wbl_hours_committed < 0:
        raise AgreementError(_("Commitments cannot be negative."), code="committed")
    number = number.strip()
    if not number:
        raise AgreementError(_("Give the contract number."), code="number")
    try:
        with transaction.atomic():
            contract = VendorContract.objects.create(
                vendor=vendor, district=district, number=number[:50], title=title.strip()[:200],
                start_date=start_date, end_date=end_date,
                wbl_placements_committed=wbl_placements_committed,
                wbl_hours_committed=wbl_hours_committed,
            )  # fmt: skip
            if not vendor.is_vendor:
                Organization.objects.filter(pk=vendor.pk).update(is_vendor=True)
            audit_record(
                actor=actor, action="agreements.contract_created", obj=contract,
                details={"vendor_id": vendor.pk, "placements": wbl_placements_committed,
                         "hours": wbl_hours_committed},
            )  # fmt: skip
    except IntegrityError:
        raise AgreementError(
            _("Contract number %(n)s is already recorded.") % {"n": number}, code="number"
        ) from None
    return contract


def vendor_contract_set_status(*, actor: Any, contract_id: int, status: str) -> VendorContract:
    _require_district_admin(actor)
    if status not in AgreementStatus.values:
        raise AgreementError(_("Unknown status: %(s)s") % {"s": status}, code="status")
    with transaction.atomic():
        contract = VendorContract.objects.select_for_update().filter(pk=contract_id).first()
        if contract is None:
            raise AgreementError(_("No such contract."), code="contract")
        _district_for(actor, contract.district_id)
        old = contract.status
        contract.status = status
        contract.save(update_fields=["status", "updated_at"])
        audit_record(actor=actor, action="agreements.contract_status_changed", obj=contract,
                     details={"from": old, "to": status})  # fmt: skip
    return contract


# --------------------------------------------------------------------------- compacts


def _compact_party(actor: Any, compact: EducationCompact) -> str:
    """`district` or `city`: which side the actor acts for; refuses anyone else."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Sign in first."))
    if actor.is_superuser:
        return "district"
    if actor.role == Role.DISTRICT_ADMIN and actor.organization_id in (
        compact.district_id, compact.district.parent_id,
    ):  # fmt: skip
        return "district"
    if actor.role == Role.CITY_PARTNER and actor.organization_id == compact.city_id:
        return "city"
    raise PermissionDenied(_("You are not a party to this compact."))


def education_compact_create(
    *, actor: Any, city_id: int, name: str, signed_on: dt.date | None = None,
    renewal_on: dt.date | None = None, status: str = AgreementStatus.ACTIVE,
    district_id: int | None = None,
) -> EducationCompact:  # fmt: skip
    _require_district_admin(actor)
    district = _district_for(actor, district_id)
    city = Organization.objects.filter(pk=city_id, kind=OrganizationKind.CITY).first()
    if city is None:
        raise AgreementError(_("No such city."), code="city")
    if status not in AgreementStatus.values:
        raise AgreementError(_("Unknown status: %(s)s") % {"s": status}, code="status")
    if signed_on and renewal_on and renewal_on < signed_on:
        raise AgreementError(_("The renewal date is before the signing date."), code="renewal_on")
    if (
        EducationCompact.objects.filter(
            district=district, city=city, status=AgreementStatus.ACTIVE
        ).exists()
        and status == AgreementStatus.ACTIVE
    ):
        raise AgreementError(
            _("%(city)s already has an active compact with the district.") % {"city": city.name},
            code="duplicate",
        )
    with transaction.atomic():
        compact = EducationCompact.objects.create(
            name=" ".join(name.split())[:200] or f"{district.name} - {city.name}",
            district=district, city=city, signed_on=signed_on, renewal_on=renewal_on,
            status=status,
        )  # fmt: skip
        audit_record(actor=actor, action="agreements.compact_created", obj=compact,
                     details={"city_id": city.pk, "status": status})  # fmt: skip
    return compact


def education_compact_update(
    *, actor: Any, compact_id: int, status: str | None = None,
    renewal_on: dt.date | None = None,
) -> EducationCompact:  # fmt: skip
    """Change a compact's status or renewal date (the district's side)."""
    with transaction.atomic():
        compact = (
            EducationCompact.objects.select_for_update(of=("self",))
            .select_related("district")
            .filter(pk=compact_id)
            .first()
        )
        if compact is None:
            raise AgreementError(_("No such compact."), code="compact")
        if _compact_party(actor, compact) != "district":
            raise PermissionDenied(_("Only the district changes a compact's status or renewal."))
        changes: dict[str, Any] = {}
        if status is not None:
            if status not in AgreementStatus.values:
                raise AgreementError(_("Unknown status: %(s)s") % {"s": status}, code="status")
            changes["status"] = [compact.status, status]
            compact.status = status
        if renewal_on is not None:
            changes["renewal_on"] = [str(compact.renewal_on or ""), renewal_on.isoformat()]
            compact.renewal_on = renewal_on
        compact.save()
        audit_record(actor=actor, action="agreements.compact_updated", obj=compact,
                     details=changes)  # fmt: skip
    return compact


def compact_commitment_create(
    *, actor: Any, compact_id: int, title: str, category: str = "", district_owner: str = "",
    city_owner: str = "",
) -> CompactCommitment:  # fmt: skip
    with transaction.atomic():
        compact = EducationCompact.objects.select_related("district").filter(pk=compact_id).first()
        if compact is None:
            raise AgreementError(_("No such compact."), code="compact")
        _compact_party(actor, compact)
        if not " ".join(title.split()):
            raise AgreementError(_("Give the commitment a title."), code="title")
        commitment = CompactCommitment.objects.create(
            compact=compact, title=" ".join(title.split())[:200], category=category[:50],
            district_owner=district_owner[:200], city_owner=city_owner[:200],
        )  # fmt: skip
        audit_record(actor=actor, action="agreements.commitment_created", obj=commitment,
                     details={"compact_id": compact.pk})  # fmt: skip
    return commitment


def compact_commitment_update(
    *, actor: Any, commitment_id: int, status: str | None = None,
    district_owner: str | None = None, city_owner: str | None = None,
) -> CompactCommitment:  # fmt: skip
    """Either side updates a commitment's status; each side names its own owner."""
    with transaction.atomic():
        c = (
            CompactCommitment.objects.select_for_update(of=("self",))
            .select_related("compact", "compact__district")
            .filter(pk=commitment_id)
            .first()
        )
        if c is None:
            raise AgreementError(_("No such commitment."), code="commitment")
        side = _compact_party(actor, c.compact)
        changes: dict[str, Any] = {}
        if status is not None:
            if status not in CommitmentStatus.values:
                raise AgreementError(_("Unknown status: %(s)s") % {"s": status}, code="status")
            changes["status"] = [c.status, status]
            c.status = status
        if district_owner is not None:
            if side != "district":
                raise PermissionDenied(_("The district names its own owner."))
            c.district_owner = district_owner.strip()[:200]
            changes["district_owner"] = c.district_owner
        if city_owner is not None:
            if side != "city" and not actor.is_superuser:
                raise PermissionDenied(_("The city names its own owner."))
            c.city_owner = city_owner.strip()[:200]
            changes["city_owner"] = c.city_owner
        c.save()
        audit_record(actor=actor, action="agreements.commitment_updated", obj=c,
                     details=changes | {"side": side})  # fmt: skip
    return c


def compact_milestone_create(
    *, actor: Any, commitment_id: int, title: str, due_on: dt.date | None = None
) -> CompactMilestone:
    with transaction.atomic():
        c = (
            CompactCommitment.objects.select_related("compact", "compact__district")
            .filter(pk=commitment_id)
            .first()
        )
        if c is None:
            raise AgreementError(_("No such commitment."), code="commitment")
        _compact_party(actor, c.compact)
        if not " ".join(title.split()):
            raise AgreementError(_("Give the milestone a title."), code="title")
        m = CompactMilestone.objects.create(
            commitment=c, title=" ".join(title.split())[:200], due_on=due_on
        )
        audit_record(actor=actor, action="agreements.milestone_created", obj=m,
                     details={"commitment_id": c.pk})  # fmt: skip
    return m


def compact_milestone_complete(
    *, actor: Any, milestone_id: int, done_on: dt.date, evidence: str
) -> CompactMilestone:
    """Mark a milestone done with its evidence (a note, a link to minutes or photos)."""
    if not evidence.strip():
        raise AgreementError(_("Describe the evidence that the milestone is done."),
                             code="evidence")  # fmt: skip
    if done_on > timezone.localdate():
        raise AgreementError(_("The date cannot be in the future."), code="done_on")
    with transaction.atomic():
        m = (
            CompactMilestone.objects.select_for_update(of=("self",))
            .select_related("commitment__compact__district")
            .filter(pk=milestone_id)
            .first()
        )
        if m is None:
            raise AgreementError(_("No such milestone."), code="milestone")
        side = _compact_party(actor, m.commitment.compact)
        m.done_on = done_on
        m.evidence = evidence.strip()[:5000]
        m.save()
        audit_record(actor=actor, action="agreements.milestone_completed", obj=m,
                     details={"side": side, "done_on": done_on.isoformat()})  # fmt: skip
    return m

"""Writing organizations: upserts of districts, county offices and schools (from the CDE public
schools directory or any other source that knows CDS codes)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from openpathways.audit.services import audit_record
from openpathways.organizations.models import Organization, OrganizationKind, School

#: Kinds an upsert by CDS code may touch (a CDS code identifies one of these).
CDS_KINDS = (OrganizationKind.COUNTY_OFFICE, OrganizationKind.DISTRICT, OrganizationKind.SCHOOL)

_ORG_FIELDS = (
    "code", "kind", "name", "parent_id", "street", "city", "zip_code", "phone", "website",
    "latitude", "longitude", "active",
)  # fmt: skip
_SCHOOL_FIELDS = (
    "status", "school_type", "charter", "grade_offered_low", "grade_offered_high",
    "grade_served_low", "grade_served_high",
)  # fmt: skip


@dataclass(frozen=True)
class OrganizationRecord:
    """One organization as a source describes it; `code` is its CDS code (14 digits)."""

    kind: str
    code: str
    name: str
    parent_code: str = ""
    street: str = ""
    city: str = ""
    zip_code: str = ""
    phone: str = ""
    website: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    active: bool = True
    #: Row to update when the caller already knows it (for example from an external-id map).
    pk: int | None = None
    #: Create the row when missing but never change a stored one (a parent known only by name).
    create_only: bool = False


@dataclass(frozen=True)
class SchoolRecord:
    organization: OrganizationRecord
    status: str
    school_type: str
    charter: bool = False
    grade_offered_low: int | None = None
    grade_offered_high: int | None = None
    grade_served_low: int | None = None
    grade_served_high: int | None = None


@dataclass
class UpsertResult:
    """What happened to each code (`created`, `updated` or `unchanged`) and its row's key."""

    outcomes: dict[str, str] = field(default_factory=dict)
    pks: dict[str, int] = field(default_factory=dict)

    def count(self, outcome: str, codes: Sequence[str] | None = None) -> int:
        wanted = self.outcomes if codes is None else {c: self.outcomes[c] for c in codes}
        return sum(1 for o in wanted.values() if o == outcome)


def _org_values(rec: OrganizationRecord, parent_id: int | None) -> dict[str, Any]:
    return {
        "code": rec.code,
        "kind": rec.kind,
        "name": rec.name,
        "parent_id": parent_id,
        "street": rec.street,
        "city": rec.city,
        "zip_code": rec.zip_code,
        "phone": rec.phone,
        "website": rec.website,
        "latitude": rec.latitude,
        "longitude": rec.longitude,
        "active": rec.active,
    }


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        if a is None or b is None:
            return a is b
        return Decimal(a).quantize(Decimal("0.000001")) == Decimal(b).quantize(Decimal("0.000001"))
    return bool(a == b)


def _apply(obj: Any, values: dict[str, Any]) -> bool:
    changed = False
    for name, value in values.items():
        if not _same(getattr(obj, name), value):
            setattr(obj, name, value)
            changed = True
    return changed


def organization_directory_upsert(
    *,
    actor: Any,
    organizations: Sequence[OrganizationRecord],
    schools: Sequence[SchoolRecord],
    source: str = "",
) -> UpsertResult:
    """Create or update districts, county offices and schools by CDS code, in one transaction.

    Organizations are written first so schools can point at their parent (by `parent_code`, looked
    up among the records and the rows already stored). A row whose values all match is left
    untouched and reported `unchanged`, so a repeated upsert writes nothing. One audit event
    records the counts and the codes created or updated.
    """
    result = UpsertResult()
    with transaction.atomic():
        _upsert_orgs(list(organizations), result)
        _upsert_schools(list(schools), result)
        changed = sorted(c for c, o in result.outcomes.items() if o != "unchanged")
        audit_record(
            actor=actor,
            action="organizations.directory_upserted",
            purpose="school directory update",
            channel="import",
            details={
                "source": source,
                "created": result.count("created"),
                "updated": result.count("updated"),
                "unchanged": result.count("unchanged"),
                "changed_codes": changed[:500],
            },
        )
    return result


def _existing_by_code(records: Sequence[OrganizationRecord]) -> dict[str, Organization]:
    """Stored rows by the records' codes: the row named by `pk` when given, else by code."""
    found: dict[str, Organization] = {}
    hinted = {r.pk: r.code for r in records if r.pk}
    if hinted:
        for org in Organization.objects.filter(pk__in=list(hinted)):
            found[hinted[org.pk]] = org
    missing = [r.code for r in records if r.code not in found]
    for start in range(0, len(missing), 900):
        chunk = missing[start : start + 900]
        for org in Organization.objects.filter(code__in=chunk, kind__in=CDS_KINDS).order_by("pk"):
            found.setdefault(org.code, org)
    return found


def _parent_ids(codes: set[str], result: UpsertResult) -> dict[str, int]:
    ids = {c: result.pks[c] for c in codes if c in result.pks}
    missing = [c for c in codes if c not in ids]
    for start in range(0, len(missing), 900):
        chunk = missing[start : start + 900]
        rows = Organization.objects.filter(code__in=chunk, kind__in=CDS_KINDS).exclude(
            kind=OrganizationKind.SCHOOL
        )
        for pk, code in rows.order_by("-pk").values_list("pk", "code"):
            ids[code] = pk
    return ids


def _upsert_org_rows(
    records: Sequence[OrganizationRecord], result: UpsertResult
) -> dict[str, Organization]:
    """Create or update the Organization rows of `records`; returns the rows by code."""
    existing = _existing_by_code(records)
    parents = _parent_ids({r.parent_code for r in records if r.parent_code}, result)
    now = timezone.now()
    to_create: list[Organization] = []
    to_update: list[Organization] = []
    rows: dict[str, Organization] = {}
    for rec in records:
        values = _org_values(rec, parents.get(rec.parent_code) if rec.parent_code else None)
        org = existing.get(rec.code)
        if org is None:
            org = Organization(**values)
            to_create.append(org)
            result.outcomes[rec.code] = "created"
        elif rec.create_only:
            result.outcomes[rec.code] = "unchanged"
        elif _apply(org, values):
            org.updated_at = now
            to_update.append(org)
            result.outcomes[rec.code] = "updated"
        else:
            result.outcomes[rec.code] = "unchanged"
        rows[rec.code] = org
    Organization.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        Organization.objects.bulk_update(to_update, [*_ORG_FIELDS, "updated_at"], batch_size=500)
    for code, org in rows.items():
        result.pks[code] = org.pk
    return rows


def _upsert_orgs(records: list[OrganizationRecord], result: UpsertResult) -> None:
    # County offices first, then the organizations below them, so parents resolve in one pass.
    top = [r for r in records if not r.parent_code]
    below = [r for r in records if r.parent_code]
    _upsert_org_rows(top, result)
    _upsert_org_rows(below, result)


def _upsert_schools(records: list[SchoolRecord], result: UpsertResult) -> None:
    codes = [s.organization.code for s in records]
    existing = {
        s.cds_code: s
        for start in range(0, len(codes), 900)
        for s in School.objects.filter(cds_code__in=codes[start : start + 900])
    }
    # A stored school keeps its organization row, whatever that row's code says.
    org_records = [
        replace(s.organization, pk=existing[s.organization.code].organization_id)
        if s.organization.code in existing
        else s.organization
        for s in records
    ]
    orgs = _upsert_org_rows(org_records, result)
    now = timezone.now()
    to_create: list[School] = []
    to_update: list[School] = []
    for rec in records:
        code = rec.organization.code
        values = {name: getattr(rec, name) for name in _SCHOOL_FIELDS}
        school = existing.get(code)
        if school is None:
            school = School(organization=orgs[code], cds_code=code, **values)
            school.serves_9_12 = school.compute_serves_9_12()
            to_create.append(school)
            result.outcomes[code] = "created"
        else:
            changed = _apply(school, values)
            serves = school.compute_serves_9_12()
            if school.serves_9_12 != serves:
                school.serves_9_12 = serves
                changed = True
            if changed:
                school.updated_at = now
                to_update.append(school)
                if result.outcomes[code] == "unchanged":
                    result.outcomes[code] = "updated"
    School.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        School.objects.bulk_update(
            to_update, [*_SCHOOL_FIELDS, "serves_9_12", "updated_at"], batch_size=500
        )

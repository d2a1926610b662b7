"""Staff record a student's outcomes: a certificate of completion with elective credit, an
industry certification, a CTE pathway completion with the capstone grade, the AA-degree pathway,
and corrections with their reason. A thin adapter: the student is read through the access layer
(scoped, logged) and every write goes through openpathways.outcomes.services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from openpathways.catalog.models import AaDegreePathway, CtePathway, IndustryCertification
from openpathways.organizations.models import Organization, OrganizationKind
from openpathways.outcomes import selectors as outcome_selectors
from openpathways.outcomes.services import (
    CAPSTONE_GRADES,
    OUTCOME_WRITER_ROLES,
    PROVIDER_ROLES,
    CredentialKind,
    aa_degree_plan_set,
    credential_correct,
    credential_record,
)
from openpathways.students import access

CHANNEL = "web"
GRADES = ("A+", "A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D+", "D", "D-", "F", "P", "NP")
assert set(GRADES) == CAPSTONE_GRADES
ENTRY_KINDS = (
    CredentialKind.CERTIFICATE_OF_COMPLETION,
    CredentialKind.INDUSTRY_CERTIFICATION,
    CredentialKind.CTE_PATHWAY_COMPLETION,
)


class _FormError(ValueError):
    """A form value that is not what the field expects (the message says so)."""


def can_record_outcomes(user: Any) -> bool:
    return bool(
        user.is_authenticated
        and (user.is_superuser or user.role in OUTCOME_WRITER_ROLES | PROVIDER_ROLES)
    )


def _date(value: str, label: str, *, required: bool = True) -> dt.date | None:
    value = value.strip()
    if not value:
        if required:
            raise _FormError(_("%(field)s: required.") % {"field": label})
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError as exc:
        raise _FormError(_("%(field)s: expected a date as YYYY-MM-DD.") % {"field": label}) from exc
    if day > timezone.localdate():
        raise _FormError(_("%(field)s: the date is in the future.") % {"field": label})
    return day


def _credits(value: str, label: str) -> Decimal:
    try:
        credits = Decimal(value.strip() or "0")
        if not credits.is_finite() or not 0 <= credits <= Decimal("99.9"):
            raise InvalidOperation
    except InvalidOperation as exc:
        message = _("%(field)s: expected a number from 0 to 99.9.") % {"field": label}
        raise _FormError(message) from exc
    return credits


def _pk(value: str, queryset: Any, label: str) -> Any:
    obj = queryset.filter(pk=int(value)).first() if value.strip().isdigit() else None
    if obj is None:
        raise _FormError(_("%(field)s: choose one from the list.") % {"field": label})
    return obj


def _record(user: Any, student_id: int, post: Any) -> str:
    """Run the posted form through the outcomes services; the success message."""
    action = post.get("action", "")
    if action == "aa_plan":
        pathway = _pk(post.get("aa_pathway", ""), AaDegreePathway.objects, _("Degree pathway"))
        aa_degree_plan_set(
            actor=user, student_id=student_id, aa_pathway_id=pathway.pk,
            declared_on=_date(post.get("declared_on", ""), _("Declared on"), required=False),
        )  # fmt: skip
        return _("Degree pathway recorded.")
    if action == "correct":
        credential = _pk(
            post.get("credential", ""),
            outcome_selectors.credential_queryset(student_id=student_id),
            _("Record"),
        )
        changes: dict[str, Any] = {
            "title": post.get("title", "").strip()[:200] or credential.title,
            "earned_on": _date(post.get("earned_on", ""), _("Date earned")),
            "elective_credits": _credits(post.get("elective_credits", ""), _("Elective credits")),
        }
        if credential.kind == CredentialKind.CTE_PATHWAY_COMPLETION:
            changes["capstone_grade"] = post.get("capstone_grade", "").strip().upper()
        if changes["elective_credits"] == credential.elective_credits:
            del changes["elective_credits"]
        credential_correct(
            actor=user, credential_id=credential.pk, reason=post.get("reason", ""), **changes
        )
        return _("Correction saved; the old value is kept in the history.")
    if action not in ENTRY_KINDS:
        raise _FormError(_("Choose what to record."))
    earned_on = _date(post.get("earned_on", ""), _("Date earned"))
    assert earned_on is not None
    fields: dict[str, Any] = {"title": post.get("title", "").strip()}
    if action == CredentialKind.CERTIFICATE_OF_COMPLETION:
        issuer = _pk(post.get("issuer", ""), _issuers(), _("Awarded by"))
        if not fields["title"]:
            raise _FormError(_("%(field)s: required.") % {"field": _("Title")})
        fields |= {
            "issuer_id": issuer.pk,
            "elective_credits": _credits(post.get("elective_credits", ""), _("Elective credits")),
        }
    elif action == CredentialKind.INDUSTRY_CERTIFICATION:
        cert = _pk(post.get("certification", ""), IndustryCertification.objects,
                   _("Certification"))  # fmt: skip
        fields |= {"certification_id": cert.pk, "title": fields["title"] or cert.name}
    else:
        pathway = _pk(post.get("cte_pathway", ""), CtePathway.objects, _("CTE pathway"))
        fields |= {
            "cte_pathway_id": pathway.pk,
            "title": fields["title"] or f"CTE pathway completion: {pathway.title}",
            "capstone_grade": post.get("capstone_grade", "").strip().upper(),
        }
    credential_record(actor=user, student_id=student_id, kind=action, earned_on=earned_on,
                      **fields)  # fmt: skip
    return _("Outcome recorded.")


def _issuers() -> Any:
    return Organization.objects.filter(
        kind__in=[OrganizationKind.ADULT_ED, OrganizationKind.COLLEGE]
    ).order_by("name")


@login_required
def outcomes_entry(request: HttpRequest, student_id: int) -> HttpResponse:
    """The student's recorded outcomes, the forms to record new ones, and corrections."""
    user: Any = request.user
    if not can_record_outcomes(user):
        raise PermissionDenied(_("Your role does not record student outcomes."))
    try:
        record = access.student_record_get(
            actor=user, student_id=student_id, purpose="outcome entry", channel=CHANNEL
        )
    except access.StudentNotFound as exc:
        raise Http404(_("No such student.")) from exc
    except access.StudentAccessDenied as exc:
        raise PermissionDenied(str(exc)) from exc
    error = ""
    status = 200
    if request.method == "POST":
        try:
            message = _record(user, student_id, request.POST)
        except (_FormError, ValidationError, PermissionDenied) as exc:
            # The services' fixed messages have Spanish entries in the outcomes catalog.
            texts = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            error = " ".join(_(text) for text in texts)
            status = 400
        else:
            messages.success(request, message)
            return redirect("web:outcomes_entry", student_id=student_id)
    lang = (get_language() or "en")[:2]
    kind_labels = dict(CredentialKind.choices)
    credentials = [
        {"c": c, "kind": kind_labels.get(c.kind, c.kind)}
        for c in record.credentials
        if c.kind in ENTRY_KINDS
    ]
    corrections = outcome_selectors.outcome_corrections_list(
        student_id=student_id, credential_ids=[c.pk for c in record.credentials]
    )
    titles = {c.pk: c.title for c in record.credentials}
    field_labels = {
        "title": _("Title"), "earned_on": _("Date earned"), "capstone_grade": _("Capstone grade"),
        "elective_credits": _("Elective credits"),
    }  # fmt: skip
    own_org = getattr(user, "organization_id", None)
    context = {
        "s": record.student,
        "lang": lang,
        "error": error,
        "credentials": credentials,
        "corrections": [
            {
                "c": c,
                "title": titles.get(c.record_id, ""),
                "field": field_labels.get(c.field, c.field),
            }
            for c in corrections
        ],
        "aa_plans": outcome_selectors.aa_degree_plan_list(student_id=student_id),
        "issuers": _issuers(),
        "own_org": own_org,
        "certifications": IndustryCertification.objects.order_by("name"),
        "pathways": CtePathway.objects.order_by("code"),
        "aa_pathways": AaDegreePathway.objects.select_related("college").order_by(
            "college__name", "title"
        ),
        "grades": GRADES,
        "posted": request.POST if error else {},
        "can_read_passport": user.is_superuser or user.role in OUTCOME_WRITER_ROLES,
    }
    return render(request, "web/outcomes/entry.html", context, status=status)

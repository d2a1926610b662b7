"""Employer and vendor pages.

District staff: employers with contacts, contracts and links, and vendor compliance (committed
vs offered vs delivered). Employers without an account: the posting page and the supervisor page
opened by a signed, expiring, revocable link, in English or Spanish. Everything goes through
openpathways.wbl and openpathways.agreements services and selectors."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from openpathways.agreements import selectors as agreement_selectors
from openpathways.agreements import services as agreement_services
from openpathways.catalog.models import WblType
from openpathways.core.choices import IndustrySector
from openpathways.wbl import selectors, services
from openpathways.wbl.codes import SUPERVISOR_EVALUATION_CODES, EvaluationCode

LANGS = ("en", "es")


def error_text(exc: ValidationError | PermissionDenied) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(str(m) for m in exc.messages)
    return str(exc)


def _int(value: Any, default: int = 0) -> int:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _publisher(request: HttpRequest) -> None:
    if not selectors.is_publisher(request.user):
        raise PermissionDenied(_("Only district administrators may see this page."))


# --------------------------------------------------------------------------- district staff


@login_required
def employer_list(request: HttpRequest) -> HttpResponse:
    _publisher(request)
    if request.method == "POST":
        try:
            org = agreement_services.employer_create(
                actor=request.user, name=request.POST.get("name", "")[:200],
                industry_sector=request.POST.get("industry_sector", ""),
                is_vendor=request.POST.get("is_vendor") == "on",
                city=request.POST.get("city", "")[:100],
            )  # fmt: skip
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("%(name)s is added.") % {"name": org.name})
            return redirect("web:wbl_employer_detail", org.pk)
    search = request.GET.get("q", "")[:100]
    return render(request, "web/employers/list.html", {
        "rows": selectors.employer_list(actor=request.user, search=search,
                                        vendors_only=request.GET.get("vendors") == "1"),
        "search": search, "sectors": IndustrySector.choices,
        "review": selectors.wbl_opportunity_review_list(actor=request.user),
    })  # fmt: skip


@login_required
def employer_detail(request: HttpRequest, employer_id: int) -> HttpResponse:
    _publisher(request)
    detail = selectors.employer_get(actor=request.user, employer_id=employer_id)
    if detail is None:
        raise Http404
    compliance = agreement_selectors.vendor_compliance_list(
        actor=request.user, vendor_id=employer_id, obligated_only=False
    )
    return render(request, "web/employers/detail.html", {
        "detail": detail, "compliance": compliance[0] if compliance else None,
        "new_link": request.session.pop("wbl_new_link", None),
    })  # fmt: skip


@login_required
@require_POST
def employer_action(request: HttpRequest, employer_id: int, verb: str) -> HttpResponse:
    post: Any = request.POST
    user = request.user
    try:
        if verb == "contact":
            agreement_services.contact_create(
                actor=user, organization_id=employer_id, name=post.get("name", "")[:200],
                title=post.get("title", "")[:200], email=post.get("email", "")[:200],
                preferred_language=post.get("preferred_language", "en"),
            )  # fmt: skip
            messages.success(request, _("The contact is added."))
        elif verb == "contract":
            start, end = _date(post.get("start_date")), _date(post.get("end_date"))
            if start is None or end is None:
                raise ValidationError(_("Give the contract's start and end dates."))
            agreement_services.vendor_contract_create(
                actor=user, vendor_id=employer_id, number=post.get("number", "")[:50],
                title=post.get("title", "")[:200], start_date=start, end_date=end,
                wbl_placements_committed=_int(post.get("placements"), -1),
                wbl_hours_committed=_int(post.get("hours"), -1),
            )  # fmt: skip
            messages.success(request, _("The contract is recorded."))
        elif verb == "link":
            contact = post.get("contact", "")
            issued = services.employer_link_issue(
                actor=user, employer_id=employer_id, purpose=post.get("purpose", "post"),
                contact_id=int(contact) if contact.isdigit() else None,
            )  # fmt: skip
            request.session["wbl_new_link"] = issued.url
            messages.success(request, _("The link is ready; it was emailed to the contact."))
        else:
            raise Http404
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
    return redirect("web:wbl_employer_detail", employer_id)


@login_required
@require_POST
def link_revoke(request: HttpRequest, link_id: int) -> HttpResponse:
    try:
        link = services.employer_link_revoke(actor=request.user, link_id=link_id)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
        return redirect("web:wbl_employers")
    messages.success(request, _("The link no longer works."))
    return redirect("web:wbl_employer_detail", link.employer_id)


@login_required
def vendor_compliance(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not (user.is_superuser or user.role in ("district_admin", "analyst", "employer")):
        raise PermissionDenied(_("This page is for district staff, analysts and vendors."))
    year = _int(request.GET.get("year"), agreement_selectors.current_school_year())
    rows = agreement_selectors.vendor_compliance_list(actor=user, academic_year=year)
    summary = agreement_selectors.vendor_compliance_summary(actor=user, academic_year=year)
    return render(request, "web/employers/vendors.html", {
        "rows": rows, "summary": summary, "year": year,
        "year_label": f"{year}-{(year + 1) % 100:02d}",
        "share": None if summary.compliant_share is None else round(100 * summary.compliant_share),
    })  # fmt: skip


# --------------------------------------------------------------------------- link pages


def _language(request: HttpRequest, default: str) -> str:
    for candidate in (request.POST.get("lang"), request.GET.get("lang"),
                      request.COOKIES.get("django_language"), default):  # fmt: skip
        if candidate in LANGS:
            return str(candidate)
    return "en"


def _link_problem(request: HttpRequest, exc: services.WblLinkError, lang: str) -> HttpResponse:
    with translation.override(lang):
        return render(
            request, "web/employers/link_problem.html",
            {"message": str(services.WblLinkError(exc.code)), "lang": lang},
            status=410 if exc.code in ("expired", "revoked") else 404,
        )  # fmt: skip


@never_cache
def employer_link_page(request: HttpRequest, token: str) -> HttpResponse:
    """The employer's posting page: its opportunities and a form to post a new one."""
    fallback = _language(request, "en")
    try:
        link = services.employer_link_open(token=token, purpose="post")
    except services.WblLinkError as exc:
        return _link_problem(request, exc, fallback)
    lang = _language(request, link.contact.preferred_language if link.contact else "en")
    errors: list[str] = []
    form: dict[str, Any] = {"wbl_type": "10", "sector": link.employer.industry_sector,
                            "slots": 1, "hours": 0}  # fmt: skip
    with translation.override(lang):
        if request.method == "POST":
            post: Any = request.POST
            form = {k: post.get(k, "")[:5000] for k in (
                "title", "title_es", "description", "wbl_type", "sector", "slots", "hours",
                "location_city")}  # fmt: skip
            try:
                opp = services.wbl_opportunity_post_by_link(
                    token=token,
                    data=services.OpportunityInput(
                        title=form["title"], title_es=form["title_es"],
                        description=form["description"], wbl_type=form["wbl_type"],
                        sector=form["sector"], slots=_int(form["slots"], -1),
                        hours=_int(form["hours"], -1), location_city=form["location_city"],
                    ),
                )  # fmt: skip
            except services.WblLinkError as exc:
                return _link_problem(request, exc, lang)
            except ValidationError as exc:
                errors.append(error_text(exc))
            else:
                messages.success(
                    request,
                    _("Thank you. “%(title)s” is sent to the district for review.")
                    % {"title": opp.title},
                )
                return redirect(f"{request.path}?lang={lang}")
        response = render(
            request, "web/employers/link_post.html",
            {"link": link, "lang": lang, "errors": errors, "form": form,
             "rows": selectors.employer_link_page(link=link), "types": WblType.choices,
             "sectors": IndustrySector.choices},
            status=400 if errors else 200,
        )  # fmt: skip
    return response


@never_cache
def supervisor_page(request: HttpRequest, token: str) -> HttpResponse:
    """The supervisor's page: sign agreements, confirm hours, evaluate interns."""
    fallback = _language(request, "en")
    try:
        link = services.employer_link_open(token=token, purpose="supervise")
    except services.WblLinkError as exc:
        return _link_problem(request, exc, fallback)
    lang = _language(request, link.contact.preferred_language if link.contact else "en")
    errors: list[str] = []
    with translation.override(lang):
        if request.method == "POST":
            post: Any = request.POST
            verb = post.get("verb", "")
            placement_id = _int(post.get("placement"))
            try:
                if verb == "confirm":
                    n = services.hours_confirm_by_link(
                        token=token, hours_ids=[_int(v) for v in post.getlist("hours")]
                    )
                    messages.success(
                        request,
                        ngettext("%(n)s entry confirmed.", "%(n)s entries confirmed.", n)
                        % {"n": n},
                    )
                elif verb == "evaluate":
                    services.placement_evaluate_by_link(
                        token=token, placement_id=placement_id, code=post.get("code", "")
                    )
                    messages.success(request, _("Thank you: the evaluation is recorded."))
                elif verb == "sign":
                    services.placement_agreement_sign_by_link(
                        token=token, placement_id=placement_id,
                        typed_name=post.get("typed_name", "")[:200],
                        intent=post.get("intent") == "on",
                    )  # fmt: skip
                    messages.success(request, _("The placement agreement is signed."))
                else:
                    raise ValidationError(_("Choose what to do."))
            except services.WblLinkError as exc:
                return _link_problem(request, exc, lang)
            except ValidationError as exc:
                errors.append(error_text(exc))
            else:
                return redirect(f"{request.path}?lang={lang}")
        codes = [(c, EvaluationCode(c).label) for c in SUPERVISOR_EVALUATION_CODES]
        response = render(
            request, "web/employers/link_supervise.html",
            {"link": link, "lang": lang, "errors": errors,
             "placements": selectors.supervisor_page(link=link), "codes": codes},
            status=400 if errors else 200,
        )  # fmt: skip
    return response


urlpatterns = [
    path("wbl/employers/", employer_list, name="wbl_employers"),
    path("wbl/employers/<int:employer_id>/", employer_detail, name="wbl_employer_detail"),
    path(
        "wbl/employers/<int:employer_id>/<slug:verb>/",
        employer_action,
        name="wbl_employer_action",
    ),
    path("wbl/links/<int:link_id>/revoke/", link_revoke, name="wbl_link_revoke"),
    path("wbl/vendors/", vendor_compliance, name="wbl_vendors"),
    path("wbl/e/<str:token>/", employer_link_page, name="wbl_employer_link"),
    path("wbl/s/<str:token>/", supervisor_page, name="wbl_supervisor"),
]

"""Consent pages. The guardian's pages need no account: a signed, expiring, one-time link opens
them, in the guardian's language (switchable). Staff pages send links, record paper forms and
record a revocation the guardian asked for. Everything goes through openpathways.consents."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from openpathways.consents import services

LANGS = ("en", "es")


def _language(request: HttpRequest, default: str) -> str:
    """?lang= (the switch on the page) first, then the site's language cookie, then the
    guardian's preferred language."""
    for candidate in (
        request.POST.get("lang"),
        request.GET.get("lang"),
        request.COOKIES.get("django_language"),
        default,
    ):
        if candidate in LANGS:
            return str(candidate)
    return "en"


def _client_ip(request: HttpRequest) -> str | None:
    ip = request.META.get("REMOTE_ADDR") or None
    return str(ip) if ip else None


def _error_text(exc: ValidationError | PermissionDenied) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(str(m) for m in exc.messages)
    return str(exc)


def _link_problem(request: HttpRequest, exc: services.ConsentLinkError, lang: str) -> HttpResponse:
    if exc.language and not (request.GET.get("lang") or request.POST.get("lang")):
        lang = _language(request, exc.language) if "django_language" in request.COOKIES else (
            exc.language
        )  # fmt: skip
    with translation.override(lang):
        response = render(
            request, "web/consent/link_problem.html",
            {"message": str(services.ConsentLinkError(exc.code)), "code": exc.code, "lang": lang},
            status=410 if exc.code in ("expired", "used", "revoked") else 404,
        )  # fmt: skip
    return response


@never_cache
def consent_sign(request: HttpRequest, token: str) -> HttpResponse:
    fallback = _language(request, "en")
    try:
        page = services.consent_link_open(token=token, purpose="grant")
    except services.ConsentLinkError as exc:
        return _link_problem(request, exc, fallback)
    lang = _language(request, page.guardian_language)
    errors: list[str] = []
    typed_name = ""
    with translation.override(lang):
        if request.method == "POST":
            typed_name = request.POST.get("typed_name", "")[:200]
            try:
                signed = services.consent_sign(
                    token=token, typed_name=typed_name,
                    intent=request.POST.get("intent") == "on", language=lang,
                    disclosure_version=request.POST.get("disclosure_version", ""),
                    user_agent=request.META.get("HTTP_USER_AGENT", ""),
                    ip_address=_client_ip(request),
                )  # fmt: skip
            except services.ConsentLinkError as exc:
                return _link_problem(request, exc, lang)
            except ValidationError as exc:
                errors.append(_error_text(exc))
            else:
                return render(request, "web/consent/signed.html", {
                    "page": page, "consent": signed.consent, "revoke_url": signed.revoke_url,
                    "lang": lang,
                })  # fmt: skip
        response = render(
            request, "web/consent/sign.html",
            {"page": page, "lang": lang, "errors": errors, "typed_name": typed_name,
             "title": page.disclosure.title[lang],
             "paragraphs": page.disclosure.paragraphs[lang]},
            status=400 if errors else 200,
        )  # fmt: skip
    return response


@never_cache
def consent_revoke(request: HttpRequest, token: str) -> HttpResponse:
    fallback = _language(request, "en")
    try:
        page = services.consent_link_open(token=token, purpose="revoke")
    except services.ConsentLinkError as exc:
        return _link_problem(request, exc, fallback)
    lang = _language(request, page.guardian_language)
    errors: list[str] = []
    with translation.override(lang):
        if request.method == "POST":
            try:
                services.consent_revoke_by_link(
                    token=token, confirm=request.POST.get("confirm") == "on"
                )
            except services.ConsentLinkError as exc:
                return _link_problem(request, exc, lang)
            except ValidationError as exc:
                errors.append(_error_text(exc))
            else:
                return render(request, "web/consent/revoked.html", {"page": page, "lang": lang})
        response = render(
            request, "web/consent/revoke.html", {"page": page, "lang": lang, "errors": errors},
            status=400 if errors else 200,
        )  # fmt: skip
    return response


# --------------------------------------------------------------------------- staff


@login_required
@require_POST
def consent_link_send(request: HttpRequest, student_id: int) -> HttpResponse:
    guardian = request.POST.get("guardian", "")
    try:
        issued = services.consent_link_issue(
            actor=request.user, student_id=student_id,
            guardian_id=int(guardian) if guardian.isdigit() else None,
            kind=request.POST.get("kind", "dual_enrollment"),
        )  # fmt: skip
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(
            request,
            _("Consent link sent to %(names)s.")
            % {"names": ", ".join(
                f"{i.link.guardian.first_name} {i.link.guardian.last_name}" for i in issued
            )},
        )  # fmt: skip
    return redirect("web:journey_student", student_id)


@login_required
@require_POST
def consent_paper(request: HttpRequest, student_id: int) -> HttpResponse:
    post: Any = request.POST
    scan = request.FILES.get("scan")
    try:
        signed_on = dt.date.fromisoformat(post.get("signed_on", ""))
        guardian_id = int(post.get("guardian", ""))
    except ValueError:
        messages.error(request, _("Paper form: choose the guardian and give the signing date."))
        return redirect("web:journey_student", student_id)
    if scan is None:
        messages.error(request, _("Paper form: attach the scan (PDF, PNG or JPEG)."))
        return redirect("web:journey_student", student_id)
    try:
        services.consent_paper_record(
            actor=request.user, student_id=student_id, guardian_id=guardian_id, scan=scan,
            signed_on=signed_on, kind=post.get("kind", "dual_enrollment"),
            typed_name=post.get("typed_name", "")[:200], language=post.get("language", "en"),
        )  # fmt: skip
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("The signed paper form is recorded."))
    return redirect("web:journey_student", student_id)


@login_required
@require_POST
def consent_staff_revoke(request: HttpRequest, student_id: int, consent_id: int) -> HttpResponse:
    try:
        services.consent_revoke(
            actor=request.user, consent_id=consent_id, note=request.POST.get("note", "")[:1000]
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("The consent is withdrawn; waiting applications are on hold."))
    return redirect("web:journey_student", student_id)

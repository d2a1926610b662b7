"""The REST API (django-ninja): OpenAPI 3.1 at /api/openapi.json, browsable docs at /api/docs.

The docs page is served from ninja's bundled static files (no CDN); Swagger UI's online validator,
which would send the schema's address to an outside service, is switched off.

Authentication: the browser session (django_auth) or a signed bearer token (POST /api/token).
Errors are JSON objects with a `detail` message.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Swagger
from ninja.security import django_auth

from openpathways.api.auth import bearer_auth
from openpathways.students.access import StudentAccessDenied, StudentNotFound

api = NinjaAPI(
    title="OpenPathways API",
    version="1.0.0",
    description="College and career pathways partnerships: students, opportunities, applications.",
    auth=[django_auth, bearer_auth],
    docs=Swagger(settings={"validatorUrl": None}),
)


@api.exception_handler(StudentNotFound)
def _student_not_found(request: HttpRequest, exc: StudentNotFound) -> HttpResponse:
    return api.create_response(request, {"detail": "No such student in your scope."}, status=404)


@api.exception_handler(StudentAccessDenied)
def _student_access_denied(request: HttpRequest, exc: StudentAccessDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=403)


def _register_routers() -> None:
    from openpathways.api.routers import applications, me, schools, seats, students
    from openpathways.api.routers import campaigns as campaign_routes
    from openpathways.api.routers import compacts as compacts_router
    from openpathways.api.routers import outcomes as outcomes_routes
    from openpathways.api.routers import passport as passport_routes
    from openpathways.api.routers import wbl as wbl_router

    api.add_router("/", me.router)
    api.add_router("/", students.router)
    api.add_router("/", schools.router)
    api.add_router("/", applications.router)
    api.add_router("/", seats.router)
    api.add_router("/", passport_routes.router)
    api.add_router("/", campaign_routes.router)
    api.add_router("/", wbl_router.router)
    api.add_router("/", compacts_router.router)
    api.add_router("/", outcomes_routes.router)


_register_routers()

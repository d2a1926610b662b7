"""The REST API (django-ninja): OpenAPI 3.1 at /api/openapi.json, browsable docs at /api/docs."""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.security import django_auth

api = NinjaAPI(
    title="OpenPathways API",
    version="1.0.0",
    description="College and career pathways partnerships: students, opportunities, applications.",
    auth=django_auth,
)

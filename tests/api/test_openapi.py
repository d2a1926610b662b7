"""The OpenAPI document is a published contract: a change must come with an updated snapshot.

Regenerate after an intended change:

    OPENPATHWAYS_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/api/test_openapi.py
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

SNAPSHOT = Path(__file__).with_name("openapi.snapshot.json")


def _dump(schema: object) -> str:
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@pytest.mark.django_db
def test_schema_matches_the_committed_snapshot() -> None:
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.1")
    current = _dump(schema)
    if os.environ.get("OPENPATHWAYS_UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(current, encoding="utf-8")
    assert SNAPSHOT.exists(), "no snapshot: run with OPENPATHWAYS_UPDATE_SNAPSHOTS=1"
    assert current == SNAPSHOT.read_text(encoding="utf-8"), (
        "The OpenAPI schema changed. If intended, regenerate the snapshot with "
        "OPENPATHWAYS_UPDATE_SNAPSHOTS=1 and commit it with the change."
    )


def test_snapshot_documents_every_endpoint() -> None:
    paths = json.loads(SNAPSHOT.read_text(encoding="utf-8"))["paths"]
    assert set(paths) >= {
        "/api/me",
        "/api/token",
        "/api/students",
        "/api/students/{student_id}",
        "/api/students/{student_id}/disclosures",
        "/api/students/export.csv",
        "/api/schools",
    }


@pytest.mark.django_db
def test_docs_page_loads_only_local_assets() -> None:
    response = Client().get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources, "the docs page references no assets"
    for source in sources:
        assert source.startswith("/"), f"external asset on the docs page: {source}"
        if source.startswith("/static/"):
            assert finders.find(source.removeprefix("/static/")), f"missing static file {source}"
    assert "cdn" not in html.lower()
    # Swagger UI's online validator would send the schema address to an outside service.
    assert '"validatorUrl": null' in html

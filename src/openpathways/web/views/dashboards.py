"""Analytics dashboards: goal tracker, equity, compacts coverage, vendor compliance; and their
exports (CSV, XLSX, PNG of exactly what is shown). Thin adapters over
openpathways.dashboards.selectors."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from openpathways.dashboards import exports
from openpathways.dashboards.selectors import (
    DASHBOARDS,
    dashboard_get,
    dashboard_title,
    dashboards_for,
)
from openpathways.dashboards.services import dashboard_export_record
from openpathways.dashboards.shown import FLAG, display

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
}


def _language() -> str:
    return (get_language() or "en")[:2]


@login_required
def dashboard_index(request: HttpRequest) -> HttpResponse:
    names = dashboards_for(request.user)
    if not names:
        raise PermissionDenied(_("Your role does not see the analytics dashboards."))
    items = [{"name": n, "title": dashboard_title(n),
              "url": reverse("web:dashboard", args=[n])} for n in names]  # fmt: skip
    return render(request, "web/dashboards/index.html", {"items": items})


@login_required
def dashboard_view(request: HttpRequest, name: str) -> HttpResponse:
    if name not in DASHBOARDS:
        raise Http404
    board = dashboard_get(
        actor=request.user, name=name, params=request.GET.dict(), language=_language()
    )
    query = {k: v for k, v in board.query.items() if k != "view"}
    yes = display(True, FLAG, _language())
    export_query = urlencode(query)
    sections = []
    for table in board.tables:
        base = reverse("web:dashboard_export", args=[name, "csv"])
        links = {
            "csv": f"{base}?{urlencode({**query, 'table': table.id})}",
            "png": reverse("web:dashboard_export", args=[name, "png"])
            + "?" + urlencode({**query, "table": table.id}) if table.chart else "",
        }  # fmt: skip
        flags = [c.kind == FLAG for c in table.columns]
        cells = [
            [
                {"text": text, "yes": flag and text == yes}
                for text, flag in zip(row, flags, strict=True)
            ]
            for row in table.cells()
        ]
        sections.append({"table": table, "cells": cells, "links": links})
    context = {
        "board": board,
        "sections": sections,
        "xlsx_url": reverse("web:dashboard_export", args=[name, "xlsx"]) + "?" + export_query,
        "others": [{"title": dashboard_title(n), "url": reverse("web:dashboard", args=[n])}
                   for n in dashboards_for(request.user) if n != name],
    }  # fmt: skip
    return render(request, "web/dashboards/dashboard.html", context)


@login_required
def dashboard_export(request: HttpRequest, name: str, fmt: str) -> HttpResponse:
    if name not in DASHBOARDS or fmt not in exports.FORMATS:
        raise Http404
    params = {k: v for k, v in request.GET.dict().items() if k not in ("view", "table")}
    user: Any = request.user
    board = dashboard_get(actor=user, name=name, params=params, language=_language(), export=True)
    table_id = request.GET.get("table")
    table = board.table(table_id) if table_id else None
    if fmt in ("csv", "png") and table is None:
        raise Http404(_("Choose a table to export."))
    if fmt == "png" and (table is None or table.chart is None):
        raise Http404(_("This table has no chart."))
    if fmt == "csv":
        assert table is not None
        body = exports.table_csv(table)
    elif fmt == "png":
        assert table is not None
        body = exports.table_png(table)
    else:
        body = exports.dashboard_xlsx(board, [table] if table else None)
    dashboard_export_record(
        actor=user, dashboard=name, fmt=fmt, table=table.id if table else None,
        filters=board.query, snapshot=board.snapshot_at,
    )  # fmt: skip
    filename = f"{name}-{table.id if table else 'all'}.{fmt}"
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

"""`{% caseload_links %}`: the counselor's caseload lists with their counts, each one click from
the home page (aggregates only: no student is named, nothing is logged)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openpathways.rosters.selectors import CASELOAD_VIEWS, caseload_counts

register = template.Library()

LABELS = {
    "missing_consent": _("Missing consent"),
    "pending": _("Pending steps"),
    "not_applied": _("Eligible, not applied"),
    "could_benefit": _("Could benefit"),
}


@register.inclusion_tag("web/caseload/_home_links.html", takes_context=True)
def caseload_links(context: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    counts = caseload_counts(actor=user, caseload_only=True, today=timezone.localdate())
    base = reverse("web:caseload")
    return {
        "caseload_tabs": [
            {"label": LABELS[v], "count": counts[v], "url": base + "?" + urlencode({"view": v})}
            for v in CASELOAD_VIEWS
        ]
    }

"""Which pages each role sees in the navigation (plain links: no JavaScript needed)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from openpathways.accounts.models import Role


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: Any

    @property
    def url(self) -> str:
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return ""


@dataclass(frozen=True)
class NavLink:
    """A navigation entry as rendered: `current` marks the page being shown (aria-current)."""

    url: str
    label: Any
    current: bool


_HOME = NavItem("web:home", _("Home"))
_DASHBOARDS = NavItem("web:dashboards", _("Dashboards"))
_STUDENTS = NavItem("web:student_list", _("Students"))
_SCHOOLS = NavItem("web:school_list", _("Schools"))
_CASELOAD = NavItem("web:caseload", _("Caseload"))
_JOURNEY = NavItem("web:journey_list", _("Applications"))
_ROSTERS = NavItem("web:roster_discrepancies", _("Rosters"))
_PASSPORT = NavItem("web:passport_index", _("Passport"))
_CAMPAIGNS = NavItem("web:campaigns", _("FAFSA/CADAA queue"))
_GOALS = NavItem("web:goals", _("Goals"))
_GOAL_SCHOOLS = NavItem("web:goal_schools", _("Goals"))
_FINDER = NavItem("web:finder", _("Find opportunities"))
# seat allocation (openpathways.seats): coordinators run it; students and parents see their seats
_SEAT_RUNS = NavItem("web:seats_runs", _("Seat allocation"))
_MY_SEATS = NavItem("web:seats_mine", _("Seats and waitlists"))
# work-based learning, employers and vendors, Education Compacts
_WBL = NavItem("web:wbl_home", _("Work-based learning"))
_EMPLOYERS = NavItem("web:wbl_employers", _("Employers"))
_VENDORS = NavItem("web:wbl_vendors", _("Vendor compliance"))
_COMPACTS = NavItem("web:compacts", _("Education Compacts"))
_API = NavItem("api-1.0.0:openapi-view", _("API"))

#: One menu per role, in the order shown: home first, the role's daily work next, the API last.
#: Each entry is a page the role may open (the views check the same roles).
NAV_BY_ROLE: dict[str, list[NavItem]] = {
    Role.DISTRICT_ADMIN: [
        _HOME, _DASHBOARDS, _STUDENTS, _SCHOOLS, _ROSTERS, _SEAT_RUNS, _CAMPAIGNS, _GOALS, _WBL,
        _EMPLOYERS, _COMPACTS, _FINDER, _API,
    ],
    Role.SCHOOL_ADMIN: [
        _HOME, _STUDENTS, _CASELOAD, _JOURNEY, _ROSTERS, _CAMPAIGNS, _GOALS, _WBL, _FINDER, _API,
    ],
    Role.COUNSELOR: [
        _HOME, _CASELOAD, _JOURNEY, _CAMPAIGNS, _GOALS, _STUDENTS, _ROSTERS, _WBL, _FINDER, _API,
    ],
    Role.COLLEGE_STAFF: [_HOME, _STUDENTS, _JOURNEY, _ROSTERS, _SEAT_RUNS, _API],
    Role.ADULT_ED_STAFF: [_HOME, _STUDENTS, _JOURNEY, _ROSTERS, _SEAT_RUNS, _API],
    Role.EMPLOYER: [_HOME, _VENDORS],
    Role.CITY_PARTNER: [_HOME, _COMPACTS],
    Role.STUDENT: [_HOME, _PASSPORT, _JOURNEY, _MY_SEATS, _FINDER, _WBL],
    Role.GUARDIAN: [_HOME, _PASSPORT, _MY_SEATS, _FINDER, _WBL],
    Role.ANALYST: [_HOME, _DASHBOARDS, _SCHOOLS, _GOAL_SCHOOLS, _VENDORS, _COMPACTS, _API],
}  # fmt: skip

_ADMIN = NavItem("admin:index", _("Administration"))


def navigation_for(user: Any) -> list[NavItem]:
    """The pages a signed-in user's role offers, in order (empty when signed out)."""
    if user is None or not user.is_authenticated:
        return []
    items = list(NAV_BY_ROLE.get(user.role, [_HOME]))
    if user.is_superuser:
        items.append(_ADMIN)
    seen: set[str] = set()
    shown = []
    for item in items:  # each page once, at its first place
        url = item.url
        if url and url not in seen:
            seen.add(url)
            shown.append(item)
    return shown


def navigation_links(user: Any, path: str) -> list[NavLink]:
    """navigation_for() resolved against the current path: the longest matching link is current."""
    items = [(item.url, item.label) for item in navigation_for(user)]
    best = ""
    for url, _label in items:
        matches = path == url or (url != "/" and path.startswith(url))
        if matches and len(url) > len(best):
            best = url
    return [NavLink(url=url, label=label, current=url == best) for url, label in items]

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
_STUDENTS = NavItem("web:student_list", _("Students"))
_SCHOOLS = NavItem("web:school_list", _("Schools"))
_API = NavItem("api-1.0.0:openapi-view", _("API"))
_FINDER = NavItem("web:finder", _("Find opportunities"))
_CASELOAD = NavItem("web:caseload", _("Caseload"))
_ROSTERS = NavItem("web:roster_discrepancies", _("Rosters"))
_PASSPORT = NavItem("web:passport_index", _("Passport"))
_CAMPAIGNS = NavItem("web:campaigns", _("FAFSA/CADAA queue"))
_GOALS = NavItem("web:goals", _("Goals"))
_GOAL_SCHOOLS = NavItem("web:goal_schools", _("Goals"))

NAV_BY_ROLE: dict[str, list[NavItem]] = {
    Role.DISTRICT_ADMIN: [_HOME, _STUDENTS, _SCHOOLS, _ROSTERS, _CAMPAIGNS, _GOALS, _FINDER, _API],
    Role.SCHOOL_ADMIN: [_HOME, _STUDENTS, _CASELOAD, _ROSTERS, _CAMPAIGNS, _GOALS, _FINDER, _API],
    Role.COUNSELOR: [_HOME, _CASELOAD, _CAMPAIGNS, _GOALS, _STUDENTS, _ROSTERS, _FINDER, _API],
    Role.COLLEGE_STAFF: [_HOME, _STUDENTS, _ROSTERS, _API],
    Role.ADULT_ED_STAFF: [_HOME, _STUDENTS, _ROSTERS, _API],
    Role.EMPLOYER: [_HOME],
    Role.CITY_PARTNER: [_HOME],
    Role.STUDENT: [_HOME, _FINDER],
    Role.GUARDIAN: [_HOME],
    Role.ANALYST: [_HOME, _SCHOOLS, _API],
}

# Seat allocation (openpathways.seats): coordinators run it; students see their seats (parents
# reach theirs from /seats/).
_SEAT_RUNS = NavItem("web:seats_runs", _("Seat allocation"))
_MY_SEATS = NavItem("web:seats_mine", _("Seats and waitlists"))
for _role in (Role.DISTRICT_ADMIN, Role.COLLEGE_STAFF, Role.ADULT_ED_STAFF):
    NAV_BY_ROLE[_role].insert(len(NAV_BY_ROLE[_role]) - 1, _SEAT_RUNS)  # before the API
NAV_BY_ROLE[Role.STUDENT].append(_MY_SEATS)

#: Work-based learning, employers and vendors, Education Compacts: after each role's pages.
_WBL = NavItem("web:wbl_home", _("Work-based learning"))
_EMPLOYERS = NavItem("web:wbl_employers", _("Employers"))
_VENDORS = NavItem("web:wbl_vendors", _("Vendor compliance"))
_COMPACTS = NavItem("web:compacts", _("Education Compacts"))
for _role, _extra in (
    (Role.DISTRICT_ADMIN, [_WBL, _EMPLOYERS, _COMPACTS]),
    (Role.SCHOOL_ADMIN, [_WBL]),
    (Role.COUNSELOR, [_WBL]),
    (Role.EMPLOYER, [_VENDORS]),
    (Role.CITY_PARTNER, [_COMPACTS]),
    (Role.STUDENT, [_WBL]),
    (Role.GUARDIAN, [_WBL]),
    (Role.ANALYST, [_VENDORS, _COMPACTS]),
):
    NAV_BY_ROLE[_role] = [*NAV_BY_ROLE[_role], *_extra]

# Outcomes (openpathways.outcomes): the passport right after home for students and parents; the
# goal tables for analysts (the campaign queue and goal lists of staff are listed above).
for _role in (Role.STUDENT, Role.GUARDIAN):
    NAV_BY_ROLE[_role].insert(1, _PASSPORT)
NAV_BY_ROLE[Role.ANALYST].append(_GOAL_SCHOOLS)

#: Analytics dashboards (openpathways.dashboards): after the role's other pages, before the API.
_DASHBOARDS = NavItem("web:dashboards", _("Dashboards"))
for _role in (Role.ANALYST, Role.DISTRICT_ADMIN):
    NAV_BY_ROLE[_role].insert(1, _DASHBOARDS)

_ADMIN = NavItem("admin:index", _("Administration"))


def navigation_for(user: Any) -> list[NavItem]:
    """The pages a signed-in user's role offers, in order (empty when signed out)."""
    if user is None or not user.is_authenticated:
        return []
    items = list(NAV_BY_ROLE.get(user.role, [_HOME]))
    if user.is_superuser:
        items.append(_ADMIN)
    return [item for item in items if item.url]


def navigation_links(user: Any, path: str) -> list[NavLink]:
    """navigation_for() resolved against the current path: the longest matching link is current."""
    items = [(item.url, item.label) for item in navigation_for(user)]
    best = ""
    for url, _label in items:
        matches = path == url or (url != "/" and path.startswith(url))
        if matches and len(url) > len(best):
            best = url
    return [NavLink(url=url, label=label, current=url == best) for url, label in items]

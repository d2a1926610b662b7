"""Which pages each role sees in the navigation."""

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


_HOME = NavItem("web:home", _("Home"))
_STUDENTS = NavItem("web:student_list", _("Students"))
_SCHOOLS = NavItem("web:school_list", _("Schools"))
_API = NavItem("api-1.0.0:openapi-view", _("API"))

NAV_BY_ROLE: dict[str, list[NavItem]] = {
    Role.DISTRICT_ADMIN: [_HOME, _STUDENTS, _SCHOOLS, _API],
    Role.SCHOOL_ADMIN: [_HOME, _STUDENTS, _API],
    Role.COUNSELOR: [_HOME, _STUDENTS, _API],
    Role.COLLEGE_STAFF: [_HOME, _STUDENTS, _API],
    Role.ADULT_ED_STAFF: [_HOME, _STUDENTS, _API],
    Role.EMPLOYER: [_HOME],
    Role.CITY_PARTNER: [_HOME],
    Role.STUDENT: [_HOME],
    Role.GUARDIAN: [_HOME],
    Role.ANALYST: [_HOME, _SCHOOLS, _API],
}


def navigation_for(user: Any) -> list[NavItem]:
    if user is None or not user.is_authenticated:
        return []
    items = NAV_BY_ROLE.get(user.role, [_HOME])
    return [item for item in items if item.url]

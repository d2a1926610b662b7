"""The demo accounts: one per role, all with the published demo password."""

from __future__ import annotations

from dataclasses import dataclass

from openpathways.demo.builder import DEMO_PASSWORD

#: (label, username) in the order they are printed.
DEMO_ACCOUNTS: list[tuple[str, str]] = [
    ("County-office admin", "county.admin"),
    ("District admin", "district.admin"),
    ("School admin", "school.admin"),
    ("Counselor", "counselor"),
    ("College dual-enrollment staff", "college.staff"),
    ("Adult-education staff", "adulted.staff"),
    ("Employer partner", "employer"),
    ("City partner", "city.partner"),
    ("Student", "student"),
    ("Parent/guardian", "guardian"),
    ("Analyst", "analyst"),
]


@dataclass(frozen=True)
class AccountLink:
    label: str
    username: str
    password: str
    scope: str
    url: str


def demo_account_links(*, base_url: str) -> list[AccountLink]:
    """Sign-in details of the demo accounts present in the database, each with a fresh signed
    one-click link (valid only on a server started with OPENPATHWAYS_DEMO_LOGIN=1)."""
    from openpathways.accounts.models import User
    from openpathways.accounts.services import demo_login_url

    users = {
        u.username: u
        for u in User.objects.select_related("organization").filter(
            username__in=[name for _label, name in DEMO_ACCOUNTS]
        )
    }
    links = []
    for label, username in DEMO_ACCOUNTS:
        user = users.get(username)
        if user is None:
            continue
        scope = user.organization.name if user.organization else "their own children"
        links.append(
            AccountLink(label, username, DEMO_PASSWORD, scope,
                        demo_login_url(user=user, base_url=base_url))
        )  # fmt: skip
    return links

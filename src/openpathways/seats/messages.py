"""Texts of the seat emails (translated with gettext; catalog: seats/locale)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

OFFER_SUBJECT = _("A seat is offered to %(student)s in %(section)s")
OFFER_BODY = _(
    "Hello,\n\n%(student)s has been offered a seat in %(section)s (%(course)s). "
    "Accept or decline it in OpenPathways before %(deadline)s; after that the seat goes to the "
    "next student on the waitlist.\n\n-- \nOpenPathways"
)

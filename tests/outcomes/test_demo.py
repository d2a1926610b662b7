"""The demo partnership carries campaign statuses and degree plans, so the passport and the
counselor's queue have something to show."""

from __future__ import annotations

import datetime as dt

import pytest

from openpathways.accounts.models import User
from openpathways.demo.services import demo_build
from openpathways.outcomes.models import AaDegreePlan, CampaignChange, SeniorCampaign
from openpathways.outcomes.selectors import campaign_list, passport_get

pytestmark = pytest.mark.django_db

FALL = dt.date(2026, 11, 2)


def test_tiny_demo_has_campaigns_plans_and_a_readable_passport() -> None:
    demo_build(size="tiny", seed=11)
    assert SeniorCampaign.objects.filter(class_of=2027).exists()
    assert set(SeniorCampaign.objects.values_list("source", flat=True)) == {"imported", "counselor"}
    assert CampaignChange.objects.exists()
    assert AaDegreePlan.objects.exists()
    counselor = User.objects.get(username="counselor")
    queue = campaign_list(actor=counselor, list_code="no_decision", channel="web", today=FALL)
    assert queue.total > 0
    assert queue.counts["all"] > queue.total  # some seniors have decided
    guardian = User.objects.get(username="guardian")
    assert guardian.guardian is not None
    child = guardian.guardian.students.first()
    assert child is not None
    view = passport_get(actor=guardian, student_id=child.pk, channel="web", today=FALL)
    assert view.passport.student.name == child.full_name
    assert AaDegreePlan.objects.filter(student=child).exists()

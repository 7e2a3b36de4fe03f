"""The supervision demo loader: the alerts of the demo day, once."""

from __future__ import annotations

import pytest

from gaoxin.core.registry import demo_loaders
from gaoxin.firstset.demo_supervision import load_supervision_demo
from gaoxin.notifications.models import Notification

from .factories_supervision import allocate, make_qualification

pytestmark = pytest.mark.django_db


def test_the_loader_is_registered_after_the_catalog():
    names = [loader.name for loader in demo_loaders()]
    assert names.index("firstset_supervision") > names.index("firstset")


def test_the_demo_alerts_once(world):
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    q = make_qualification(
        world.a.enterprise, cap="1000000", valid_from=today - datetime.timedelta(days=400),
        valid_to=today + datetime.timedelta(days=10),
    )  # fmt: skip
    allocate(q, "100000")
    assert load_supervision_demo().sent == 2
    assert load_supervision_demo().sent == 0
    assert Notification.objects.count() == 2

"""Who is told what about an application, in the inbox and by e-mail (Django's mail backend;
the console in the demo): the applicant's users on every step of its workflow (hung on
``gaoxin.core.transitions.transitioned``), a stage's owners when a review opens for them.
Sent once the step's transaction commits: a step that rolls back tells nobody."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.dispatch import receiver
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from gaoxin.accounts.choices import Role
from gaoxin.accounts.models import User
from gaoxin.core.transitions import transitioned
from gaoxin.experts.models import Expert
from gaoxin.notifications.choices import NotificationKind
from gaoxin.notifications.models import Notification


def _deliver(user_ids: list[int], title: str, body: str, link: str) -> None:
    users = list(User.objects.filter(pk__in=user_ids, is_active=True))
    Notification.objects.bulk_create(
        Notification(
            recipient=u, kind=NotificationKind.APPLICATION, title=title[:200], body=body, link=link
        )
        for u in users
    )
    emails = [u.email for u in users if u.email]
    if emails:
        send_mail(title[:200], f"{body}\n\n{link}", None, emails, fail_silently=True)


def notify(user_ids: list[int], title: str, body: str, link: str) -> None:
    if user_ids:
        transaction.on_commit(lambda: _deliver(user_ids, title, body, link))


def applicant_ids(application) -> list[int]:
    organisation_id = application.enterprise.organisation_id
    if organisation_id is None:
        return []
    return list(
        User.objects.filter(
            organisation_id=organisation_id, role=Role.ENTERPRISE_USER, is_active=True
        ).values_list("pk", flat=True)
    )


def tell_stage_owners(review) -> None:
    stage = review.stage
    ids = list(
        User.objects.filter(
            organisation_id=stage.owner_organisation_id, role=stage.owner_role, is_active=True
        ).values_list("pk", flat=True)
    )
    with translation.override(settings.LANGUAGE_CODE):
        title = _("To review: %(number)s at %(stage)s") % {
            "number": review.application.number,
            "stage": stage.name,
        }
        body = _("%(enterprise)s · %(policy)s · due %(due)s") % {
            "enterprise": review.application.enterprise,
            "policy": review.application.policy,
            "due": review.due_on.isoformat(),
        }
    notify(ids, title, body, reverse("applications:review_detail", args=[review.pk]))


def tell_drawn_experts(draw, application) -> None:
    """The drawn experts who have an account are told a score sheet waits for them (the
    others score on paper, recorded by the official)."""
    ids = list(
        Expert.objects.filter(pk__in=draw.drawn, user__isnull=False).values_list(
            "user_id", flat=True
        )
    )
    with translation.override(settings.LANGUAGE_CODE):
        title = _("To score: %(number)s") % {"number": application.number}
        body = _(
            "%(policy)s: you were drawn as an expert; your score sheet waits in My score sheets."
        ) % {"policy": application.policy}
    notify(ids, title, body, reverse("experts:mine"))


@receiver(transitioned, dispatch_uid="applications-inbox")
def on_transition(sender, workflow, obj, transition, actor, source, reason, **kwargs) -> None:
    if workflow.key != "applications.application":
        return
    with translation.override(settings.LANGUAGE_CODE):
        title = _("%(number)s: %(state)s") % {
            "number": obj.number,
            "state": workflow.state_label(transition.target),
        }
        body = str(obj.policy)
        if reason:
            body += "\n" + reason
    notify(applicant_ids(obj), title, body, reverse("applications:detail", args=[obj.pk]))

"""Signal receivers of the services app (the signals that create advisor tasks hang here).

- an institute project passing the to_pilot gate (core ``transitioned``, workflow
  "innovation.project") raises the STAGE_PILOT signal for the lead member's enterprise;
- an enterprise's history row whose stage became pilot (研发 → 中试), written by any path
  (the registry's services, the importer), raises it at once, after the commit.
Both run after the change commits, so a failure here never undoes the change itself; the
daily scan (services.signals) finds whatever was missed.
"""

from __future__ import annotations

from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone
from simple_history.signals import post_create_historical_record

from gaoxin.core.transitions import transitioned


@receiver(transitioned, dispatch_uid="services.project_to_pilot")
def project_passed_to_pilot(sender, workflow, obj, transition, **kwargs):
    if workflow.key != "innovation.project" or transition.name != "to_pilot":
        return
    from .signals import project_to_pilot

    project_pk = obj.pk
    model = type(obj)

    def run():
        project = model._default_manager.select_related("lead_member__enterprise").get(
            pk=project_pk
        )
        project_to_pilot(project)

    transaction.on_commit(run)


@receiver(post_create_historical_record, dispatch_uid="services.enterprise_to_pilot")
def enterprise_history_written(sender, instance, history_instance, **kwargs):
    from gaoxin.enterprises.models import Enterprise

    if not isinstance(instance, Enterprise) or history_instance.stage != "pilot":
        return
    previous = history_instance.prev_record
    if previous is None or previous.stage == "pilot":
        return
    from .signals import pilot_changed

    enterprise_pk, history_id = instance.pk, history_instance.history_id
    on = timezone.localtime(history_instance.history_date).date()

    def run():
        enterprise = Enterprise.objects.select_related("zone").filter(pk=enterprise_pk).first()
        if enterprise is not None:
            pilot_changed(enterprise, history_id, on)

    transaction.on_commit(run)

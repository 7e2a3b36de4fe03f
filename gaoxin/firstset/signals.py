"""Receivers of the applications machinery's transitions for the program's records: a returned
or withdrawn qualification application reopens its declared models (declared → draft, so the
enterprise can correct them), a rejected one rejects them."""

from __future__ import annotations

from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from gaoxin.core.transitions import transitioned

from .choices import DeclarationStatus
from .models import QualificationRequest
from .workflows import DECLARATION

# applications transition → (declaration transition, summary)
MOVES = {
    "return": ("reopen", _("Reopened %(model)s: %(number)s was returned")),
    "withdraw": ("reopen", _("Reopened %(model)s: %(number)s was withdrawn")),
    "reject": ("reject", _("Rejected %(model)s: %(number)s was rejected")),
}


@receiver(transitioned, dispatch_uid="firstset.qualification_declarations")
def move_declarations(sender, workflow, obj, transition, actor, reason="", **kwargs):
    if workflow.key != "applications.application" or transition.name not in MOVES:
        return
    request = QualificationRequest.objects.filter(application_id=obj.pk).first()
    if request is None:
        return
    name, summary = MOVES[transition.name]
    for declaration in request.declarations.filter(status=DeclarationStatus.DECLARED):
        DECLARATION.apply(
            declaration,
            name,
            actor=actor,
            summary=str(summary) % {"model": declaration.model_name, "number": obj.number},
            reason=reason or obj.number,
            data={"application": obj.pk},
        )

"""Every write of applications (each ``@transaction.atomic``, audited, statuses through
``workflows.py``): stages.py (a policy's review stages), drafts.py (the applicant's side),
flow.py (opening a stage's review), reviews.py (the stage owner's decisions, the expert draw),
notices.py (objections during the public notice), decision.py (amount, ledger, verified facts).
"""

from .decision import replay, verify_declared_facts
from .drafts import (
    application_create,
    application_save,
    application_submit,
    application_withdraw,
    material_add,
    material_remove,
    required_materials,
    typed_facts_of,
    version_for,
)
from .notices import objection_answer, objection_lodge_public, objection_record
from .reviews import experts_draw, review_decide
from .stages import setup_update, stage_create, stage_delete, stage_move, stage_update

__all__ = [
    "application_create",
    "application_save",
    "application_submit",
    "application_withdraw",
    "experts_draw",
    "material_add",
    "material_remove",
    "objection_answer",
    "objection_lodge_public",
    "objection_record",
    "replay",
    "required_materials",
    "review_decide",
    "setup_update",
    "stage_create",
    "stage_delete",
    "stage_move",
    "stage_update",
    "typed_facts_of",
    "verify_declared_facts",
    "version_for",
]

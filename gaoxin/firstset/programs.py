"""The first-set program's two applications on the applications machinery (ADR 0006):

- qualification (资格审定): ``qualification_program`` — the request's declared models, units and
  expected premium; the amount is the requested premium-subsidy cap; the decision grants the
  qualification (cap, window, qualified models);
- premium-subsidy funds (保费补助资金申请): ``subsidy_program`` — the paid policies of qualified
  equipment; the amount is the rulebook's; the decision allocates against the cap and commits the
  money in the fund's ledger.

A policy is the program's when a ``Round`` names it (``Round.qualification_policy`` /
``Round.subsidy_policy``). Registered from ``apps.py``.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gaoxin.applications.programs import Program, register


def _round_names(field: str):
    def owns(policy) -> bool:
        from .models import Round

        return Round.objects.filter(**{field: policy}).exists()

    return owns


def register_programs() -> None:
    from . import qualification_program as qp
    from . import subsidy_program as sp

    register(
        Program(
            key="firstset.qualification",
            owns=_round_names("qualification_policy"),
            freeze=qp.freeze,
            replay=qp.replay,
            decide=qp.decide,
            context=qp.context,
            panel="firstset/program/_qualification_panel.html",
            amount_label=_(
                "The amount is the premium-subsidy cap (保费补助资金额度上限) asked for."
            ),
        )
    )
    register(
        Program(
            key="firstset.subsidy",
            owns=_round_names("subsidy_policy"),
            freeze=sp.freeze,
            replay=sp.replay,
            decide=sp.decide,
            context=sp.context,
            panel="firstset/program/_subsidy_panel.html",
            amount_label=_("The amount is the premium subsidy computed by the rulebook."),
        )
    )

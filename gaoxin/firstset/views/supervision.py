"""Supervision of spending (资金使用监管): the list with the pace chart, one qualification's page,
the report per 工信局, their Excel exports, the claw-back and ban confirmation page, the bans.

Zone officials and auditors see their zone's qualifications, provincial reviewers their
province's (selectors_supervision); another organisation's qualification is 404. An enterprise
user opens only its own qualification's page. The claw-back is the zone official's.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.accounts.rules import is_enterprise_user, is_zone_official
from gaoxin.core.forms import run_on_form
from gaoxin.funds.views import _xlsx  # an .xlsx download, as the fund ledgers send it

from .. import selectors_supervision as selectors
from .. import services_supervision as services
from .. import supervision
from ..excel import supervision as excel
from ..forms_supervision import ClawbackBanForm
from ..models import Round
from ..rules import can_claw_back, can_supervise
from ._access import allowed_to

PER_PAGE = 20
supervisors = allowed_to(can_supervise)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _filters(request) -> dict:
    return {
        "round": _int(request.GET.get("round")),
        "unit": (request.GET.get("unit") or "").strip(),
        "at_risk": request.GET.get("at_risk") == "1",
    }


def _selection(request) -> tuple[dict, list[supervision.Row], list[supervision.Row]]:
    """The filters, the rows (at-risk only when asked) and the revoked rows apart."""
    filters = _filters(request)
    rows = supervision.rows_of(selectors.supervision_list(request.user, filters=filters))
    revoked = [r for r in rows if r.state == supervision.REVOKED]
    rows = [r for r in rows if r.state != supervision.REVOKED]
    if filters["at_risk"]:
        rows = [r for r in rows if r.at_risk]
    return filters, rows, revoked


def _rule_context() -> dict:
    return {
        "used_share": int(supervision.AT_RISK_USED_SHARE * 100),
        "left_share": int(supervision.AT_RISK_LEFT_SHARE * 100),
    }


@supervisors
def supervision_list(request):
    filters, rows, revoked = _selection(request)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    visible = selectors.visible_qualifications(request.user)
    context = {
        "page_obj": page,
        "rows": page.object_list,
        "revoked": revoked,
        "filters": filters,
        "rounds": Round.objects.filter(pk__in=visible.values("round")).order_by("-year"),
        "units": selectors.units_of(request.user),
        "chart": supervision.pace_series([r.qualification for r in rows]),
        "at_risk_count": sum(1 for r in rows if r.at_risk),
        "query": request.GET.urlencode(),
        **_rule_context(),
    }
    return render(request, "firstset/supervision/list.html", context)


@supervisors
def supervision_export(request):
    _unused, rows, revoked = _selection(request)
    services.export_recorded(actor=request.user, what="list", rows=len(rows) + len(revoked))
    return _xlsx(lambda out: excel.write_rows(rows + revoked, out), "firstset-supervision.xlsx")


def _report(request):
    rows = supervision.rows_of(selectors.supervision_list(request.user, filters=_filters(request)))
    return supervision.report(rows)


@supervisors
def supervision_report(request):
    lines, total = _report(request)
    context = {"lines": lines, "total": total, "filters": _filters(request), **_rule_context()}
    return render(request, "firstset/supervision/report.html", context)


@supervisors
def supervision_report_export(request):
    lines, total = _report(request)
    services.export_recorded(actor=request.user, what="report", rows=len(lines))
    return _xlsx(lambda out: excel.write_report(lines, total, out), "firstset-report.xlsx")


def _qualification(user, pk: int):
    return get_object_or_404(selectors.visible_qualifications(user), pk=pk)


@allowed_to(lambda user: can_supervise(user) or is_enterprise_user(user))
def supervision_detail(request, pk: int):
    """One qualification: supervisors of its enterprise, and the enterprise's own users."""
    q = _qualification(request.user, pk)
    row = supervision.rows_of([q])[0]
    claims = q.claims.select_related("application", "commitment").order_by("pk")
    context = {
        "q": q,
        "row": row,
        "claims": claims,
        "entries": q.cap_entries.select_related("actor", "claim").order_by("-created_at", "-pk"),
        "bans": q.enterprise.firstset_bans.select_related("qualification").order_by("-starts_on"),
        "chart": supervision.pace_series([q]),
        "can_claw_back": can_claw_back(request.user, q),
        "is_supervisor": can_supervise(request.user),
        **_rule_context(),
    }
    return render(request, "firstset/supervision/detail.html", context)


@allowed_to(is_zone_official)
def supervision_clawback(request, pk: int):
    """The confirmation page of a claw-back (or release), revocation and ban."""
    q = _qualification(request.user, pk)
    if not can_claw_back(request.user, q):
        raise PermissionDenied
    claims = q.claims.filter(commitment__isnull=False).select_related("application", "commitment")
    today = timezone.localdate()
    form = ClawbackBanForm(
        request.POST or None,
        claims=claims,
        initial={"ban_years": services.default_ban_years(today), "claim": claims.first()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = run_on_form(
            form,
            lambda: services.clawback_and_ban(
                actor=request.user,
                qualification=q,
                claim=data["claim"],
                amount=data["amount"],
                reference=data["reference"],
                reason=data["reason"],
                ban_years=data["ban_years"],
                today=today,
            ),
        )
        if outcome is not None:
            messages.success(
                request,
                _("Recorded: %(enterprise)s may not apply until %(until)s.")
                % {"enterprise": q.enterprise.name, "until": outcome.ban.ends_on.isoformat()},
            )
            return redirect("firstset:supervision_detail", pk=q.pk)
    claim_modes = [(c, services.money_mode(c)) for c in claims]
    context = {"q": q, "form": form, "claim_modes": claim_modes}
    return render(request, "firstset/supervision/clawback.html", context)


@supervisors
def ban_list(request):
    bans = selectors.visible_bans(request.user)
    page = Paginator(bans, PER_PAGE).get_page(request.GET.get("page"))
    context = {"page_obj": page, "today": timezone.localdate()}
    return render(request, "firstset/supervision/ban_list.html", context)

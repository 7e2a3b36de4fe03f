"""Each role lands on the page that fits it."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from gaoxin.accounts.choices import Role

from . import selectors

OVERVIEW_ROLES = {Role.ZONE_OFFICIAL, Role.PARK_OPERATOR, Role.PROVINCIAL_REVIEWER}
LANDING = {
    Role.ENTERPRISE_USER: "enterprises:mine",
    Role.ADVISOR: "dashboard:advisor_home",
    Role.AUDITOR: "audit:event_list",
    Role.SYSTEM_ADMIN: "accounts:user_list",
    Role.SECURITY_ADMIN: "accounts:user_list",
}


def root(request):
    if request.user.is_authenticated:
        return redirect("dashboard:home")
    return redirect("accounts:login")


@login_required
def home(request):
    role = request.user.role
    if role in LANDING:
        return redirect(LANDING[role])
    if role not in OVERVIEW_ROLES:
        return render(request, "dashboard/no_role.html", status=403)
    data = selectors.overview(user=request.user)
    chart = {
        "stages": {
            "labels": [s["label"] for s in data["stages"]],
            "values": [s["count"] for s in data["stages"]],
        },
        # a year whose reporting is incomplete is marked (its sums are not comparable)
        "years": [
            f"{row['year']}*" if row["incomplete"] else row["year"] for row in data["by_year"]
        ],
        "revenue": [str(row["revenue"] or 0) for row in data["by_year"]],
        "output": [str(row["output_value"] or 0) for row in data["by_year"]],
    }
    incomplete = [row for row in data["by_year"] if row["incomplete"]]
    return render(
        request,
        "dashboard/home.html",
        {"data": data, "chart": chart, "incomplete_years": incomplete},
    )


@login_required
def advisor_home(request):
    if request.user.role != Role.ADVISOR:
        raise PermissionDenied
    return render(request, "dashboard/advisor_home.html")

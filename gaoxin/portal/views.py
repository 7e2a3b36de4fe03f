"""Public pages, readable without logging in."""

from django.shortcuts import render

from gaoxin.parks.models import Park


def policy_list(request):
    parks = Park.objects.select_related("operator").order_by("name")
    return render(request, "portal/home.html", {"parks": parks})

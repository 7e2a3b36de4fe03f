"""Public pages, readable without logging in."""

from django.shortcuts import render

from gaoxin.parks.models import Park
from gaoxin.policies.selectors import published_policies


def policy_list(request):
    parks = (
        Park.objects.filter(is_public=True)
        .select_related("operator")
        .prefetch_related("platforms")
        .order_by("name")
    )
    policies = published_policies()[:10]
    return render(request, "portal/home.html", {"parks": parks, "policies": policies})

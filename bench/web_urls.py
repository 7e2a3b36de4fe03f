"""bench/web.py's URLconf: the product's, plus the baseline — a bare Django view answering 20 rows
of the enterprise table as JSON (through the ORM, no login). It exists only in the benchmark."""

from django.http import JsonResponse
from django.urls import path

from config.urls import urlpatterns as product_urlpatterns
from gaoxin.enterprises.models import Enterprise

FIELDS = ("id", "name", "uscc", "region_code", "industry_code", "stage", "park_id")


def bare(request):
    rows = list(Enterprise.objects.order_by("pk").values(*FIELDS)[:20])
    return JsonResponse({"items": rows})


urlpatterns = [path("bench/bare/", bare), *product_urlpatterns]

from django.urls import include, path, re_path

from gaoxin.core.health import healthz, readyz
from gaoxin.core.views import FaviconView

from .api import api, not_found

urlpatterns = [
    path("favicon.ico", FaviconView.as_view(), name="favicon"),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("gaoxin.accounts.urls")),
    path("audit/", include("gaoxin.audit.urls")),
    path("enterprises/", include("gaoxin.enterprises.urls")),
    path("firstset/", include("gaoxin.firstset.urls")),
    path("policies/", include("gaoxin.policies.urls")),
    path("inbox/", include("gaoxin.notifications.urls")),
    path("public/", include("gaoxin.portal.urls")),
    path("grants/", include("gaoxin.grants.urls")),
    path("experts/", include("gaoxin.experts.urls")),
    path("reporting/", include("gaoxin.reporting.urls")),
    path("funds/", include("gaoxin.funds.urls")),
    path("applications/", include("gaoxin.applications.urls")),
    path("parks/", include("gaoxin.parks.urls")),
    path("clusters/", include("gaoxin.parks.urls_clusters")),
    path("investment/", include("gaoxin.investment.urls")),
    path("events/", include("gaoxin.events.urls")),
    path("institutes/", include("gaoxin.innovation.urls")),
    path("services/", include("gaoxin.services.urls")),
    path("calendar/", include("gaoxin.core.urls")),
    # /api/ itself and every URL under it that no operation answers: the JSON error body.
    path("api/", not_found, name="api-root"),
    path("api/", api.urls),
    re_path(r"^api/(?P<path>.*)$", not_found, name="api-not-found"),
    path("", include("gaoxin.dashboard.urls")),
]

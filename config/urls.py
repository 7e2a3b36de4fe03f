from django.urls import include, path

from gaoxin.core.views import FaviconView

from .api import api

urlpatterns = [
    path("favicon.ico", FaviconView.as_view(), name="favicon"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("gaoxin.accounts.urls")),
    path("audit/", include("gaoxin.audit.urls")),
    path("enterprises/", include("gaoxin.enterprises.urls")),
    path("firstset/", include("gaoxin.firstset.urls")),
    path("policies/", include("gaoxin.policies.urls")),
    path("inbox/", include("gaoxin.notifications.urls")),
    path("public/", include("gaoxin.portal.urls")),
    path("grants/", include("gaoxin.grants.urls")),
    path("reporting/", include("gaoxin.reporting.urls")),
    path("calendar/", include("gaoxin.core.urls")),
    path("api/", api.urls),
    path("", include("gaoxin.dashboard.urls")),
]

"""The site's URLs with GET /api/me served by a test API, for as long as config/api.py does not
mount gaoxin.accounts.api.router yet. Same auth classes and error handlers as the real API."""

from django.urls import path
from ninja import NinjaAPI

from config.api import api as site_api
from config.urls import urlpatterns as site_urlpatterns
from gaoxin.accounts.api import router
from gaoxin.accounts.api_auth import SessionAuth, TokenAuth

test_api = NinjaAPI(
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="accounts_test_api",
    docs_url=None,
    openapi_url=None,
)
for exc_class, handler in site_api._exception_handlers.items():
    test_api.add_exception_handler(exc_class, handler)
test_api.add_router("", router)

urlpatterns = [path("api/", test_api.urls), *site_urlpatterns]

"""URLs of the advisors, service requests, consultations, seminars, resource matching and
signals pages, mounted at /services/ (each part in its urls_<part>.py)."""

from . import urls_advisors, urls_events, urls_requests, urls_signals

app_name = "services"

urlpatterns = [
    *urls_advisors.urlpatterns,
    *urls_requests.urlpatterns,
    *urls_events.urlpatterns,
    *urls_signals.urlpatterns,
]

"""API of the advisors, service requests, consultations, seminars, resource matching and
signals (mounted at /api/services); each part has its own router."""

from ninja import Router

from . import api_advisors, api_events, api_requests, api_signals

router = Router(tags=["services"])
router.add_router("", api_advisors.router)
router.add_router("", api_requests.router)
router.add_router("", api_events.router)
router.add_router("", api_signals.router)

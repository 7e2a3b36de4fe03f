"""The services demo: each part registers its loader in demo_<part>.py (imported here so that
``gaoxin load-demo`` discovers them)."""

from . import demo_advisors, demo_events, demo_requests, demo_signals  # noqa: F401

"""The desk panels of the services parts (autodiscovered as ``desk``)."""

from . import desk_advisors, desk_requests, desk_signals  # noqa: F401

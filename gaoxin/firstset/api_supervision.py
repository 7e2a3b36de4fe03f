"""The first-set supervision API (mounted by api.py under /api/firstset)."""

from ninja import Router

router = Router(tags=["firstset"])

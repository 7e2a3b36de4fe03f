"""The first-set proposals API (mounted by api.py under /api/firstset)."""

from ninja import Router

router = Router(tags=["firstset"])

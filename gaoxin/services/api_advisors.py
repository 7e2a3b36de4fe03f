"""API of the services advisors part (mounted by api.py)."""

from ninja import Router

router = Router()

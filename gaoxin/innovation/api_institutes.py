"""API of the innovation institutes part (mounted by api.py)."""

from ninja import Router

router = Router()

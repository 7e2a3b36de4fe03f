"""API of the services requests part (mounted by api.py)."""

from ninja import Router

router = Router()

"""API of the research institutes and their projects (mounted at /api/institutes); each
part has its own router."""

from ninja import Router

from . import api_institutes, api_projects

router = Router(tags=["innovation"])
# projects first: its literal /projects must be tried before the institutes' /{id}, which
# (a str path converter) would otherwise take "projects" for an id and answer 422.
router.add_router("", api_projects.router)
router.add_router("", api_institutes.router)

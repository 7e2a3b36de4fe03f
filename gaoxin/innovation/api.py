"""API of the research institutes and their projects (mounted at /api/institutes); each
part has its own router."""

from ninja import Router

from . import api_institutes, api_projects

router = Router(tags=["innovation"])
# The projects' paths (/projects…) first: the institutes' "/{id}" would otherwise take
# "projects" as an id and answer 422.
router.add_router("", api_projects.router)
router.add_router("", api_institutes.router)

import pytest

from gaoxin.accounts.choices import Role

from .factories import add_stages, make_policy, verified_figures


@pytest.fixture
def policy(world):
    return make_policy(world.a.zone)


@pytest.fixture
def stages(policy, world):
    return add_stages(policy, world.a)


@pytest.fixture
def applicant(world):
    verified_figures(world.a.enterprise)
    return world.a.users[Role.ENTERPRISE_USER]


@pytest.fixture(autouse=True)
def _mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

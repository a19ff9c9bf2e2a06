"""A campus identity provider for each test, and the application configured for it
exactly as an operator would: through OIDC_PROVIDERS and OIDC_<ID>_SECRET."""

import environ
import pytest
from environ.fileaware_mapping import FileAwareMapping

from careerconnect.sso_settings import campus_apps
from tests.sso.campus_provider import CLIENT_SECRET, RunningCampus, new_key


def env_of(variables: dict) -> environ.FileAwareEnv:
    """An environment reader over `variables` instead of the process environment."""
    env = environ.FileAwareEnv()
    env.ENVIRON = FileAwareMapping(env=variables)
    return env


@pytest.fixture(scope="session")
def campus_key():
    return new_key()


@pytest.fixture
def campus(campus_key, settings):
    with RunningCampus(campus_key) as provider:
        variables = {
            "OIDC_PROVIDERS": provider.oidc_providers_json(),
            "OIDC_STATE_U_SECRET": CLIENT_SECRET,
        }
        settings.SOCIALACCOUNT_PROVIDERS = {
            "openid_connect": {"APPS": campus_apps(env_of(variables), debug=False)}
        }
        yield provider

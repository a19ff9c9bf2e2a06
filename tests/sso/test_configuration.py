"""OIDC_PROVIDERS: a campus is added by configuration alone; a mistake stops the start."""

import json

import pytest
from django.core.exceptions import ImproperlyConfigured

from careerconnect.sso_settings import campus_apps, secret_variable
from tests.sso.conftest import env_of

STATE_U = {
    "id": "state-u",
    "name": "State University",
    "server_url": "https://login.state.edu/",
    "client_id": "careerconnect",
}


def apps_for(entries, *, debug=False, **variables):
    return campus_apps(env_of({"OIDC_PROVIDERS": json.dumps(entries), **variables}), debug=debug)


def test_no_variable_means_no_campus():
    assert campus_apps(env_of({}), debug=False) == []


def test_campus_becomes_an_openid_connect_app_with_its_secret_from_the_environment():
    apps = apps_for([STATE_U], OIDC_STATE_U_SECRET="s3cret")

    assert apps == [
        {
            "provider_id": "state-u",
            "name": "State University",
            "client_id": "careerconnect",
            "secret": "s3cret",
            "settings": {
                "server_url": "https://login.state.edu",
                "oauth_pkce_enabled": True,
                "fetch_userinfo": True,
            },
        }
    ]


def test_secret_and_the_whole_list_can_come_from_files(tmp_path):
    providers = tmp_path / "providers.json"
    providers.write_text(json.dumps([STATE_U, {**STATE_U, "id": "tech", "name": "Tech"}]))
    secret = tmp_path / "secret"
    secret.write_text("from-a-file\n")

    apps = campus_apps(
        env_of({"OIDC_PROVIDERS_FILE": str(providers), "OIDC_TECH_SECRET_FILE": str(secret)}),
        debug=False,
    )

    assert [(app["provider_id"], app["secret"]) for app in apps] == [
        ("state-u", ""),
        ("tech", "from-a-file"),
    ]


def test_optional_keys_pass_to_allauth():
    entry = {
        **STATE_U,
        "secret": "inline",
        "verified_email": ["state.edu"],
        "token_auth_method": "client_secret_basic",
        "pkce": False,
    }

    (app,) = apps_for([entry])

    assert app["secret"] == "inline"
    assert app["settings"] == {
        "server_url": "https://login.state.edu",
        "oauth_pkce_enabled": False,
        "fetch_userinfo": True,
        "token_auth_method": "client_secret_basic",
        "verified_email": ["state.edu"],
    }


def test_verified_email_domains_are_kept_lowercase_without_an_at_sign():
    (app,) = apps_for([{**STATE_U, "verified_email": ["State.EDU", "@cs.state.edu"]}])

    assert app["settings"]["verified_email"] == ["state.edu", "cs.state.edu"]


def test_verified_email_false_is_the_same_as_leaving_it_out():
    (app,) = apps_for([{**STATE_U, "verified_email": False}])

    assert "verified_email" not in app["settings"]


def test_secret_variable_name_follows_the_id():
    assert secret_variable("state-u") == "OIDC_STATE_U_SECRET"


def test_plain_http_is_allowed_on_the_machine_itself_and_in_debug():
    local = {**STATE_U, "server_url": "http://127.0.0.1:8080"}
    remote = {**STATE_U, "server_url": "http://login.state.edu"}

    assert apps_for([local])[0]["settings"]["server_url"] == "http://127.0.0.1:8080"
    assert apps_for([remote], debug=True)[0]["settings"]["server_url"] == "http://login.state.edu"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            "{not json",
            "OIDC_PROVIDERS: not valid JSON (Expecting property name enclosed in double "
            "quotes: line 1 column 2 (char 1)).",
        ),
        (
            json.dumps({"id": "x"}),
            "OIDC_PROVIDERS: must be a JSON list of objects, one per campus.",
        ),
        (json.dumps(["state-u"]), "OIDC_PROVIDERS: entry 1 is not a JSON object."),
        (
            json.dumps([{"id": "state-u", "name": "State"}]),
            "OIDC_PROVIDERS: entry 1 lacks server_url, client_id.",
        ),
        (
            json.dumps([{**STATE_U, "clientid": "typo"}]),
            "OIDC_PROVIDERS: entry 1 has unknown keys: clientid.",
        ),
        (
            json.dumps([{**STATE_U, "id": "State U"}]),
            "OIDC_PROVIDERS: id 'State U' must be lowercase letters, digits and hyphens "
            "(it is part of a URL).",
        ),
        (
            json.dumps([{**STATE_U, "server_url": "http://login.state.edu"}]),
            "OIDC_PROVIDERS: server_url of 'state-u' must use https.",
        ),
        (
            json.dumps([{**STATE_U, "server_url": "login.state.edu"}]),
            "OIDC_PROVIDERS: server_url of 'state-u' is not an http(s) URL.",
        ),
        (
            json.dumps([{**STATE_U, "token_auth_method": "private_key_jwt"}]),
            "OIDC_PROVIDERS: token_auth_method of 'state-u' must be one of "
            "client_secret_basic, client_secret_post.",
        ),
        (
            json.dumps([{**STATE_U, "verified_email": "yes"}]),
            "OIDC_PROVIDERS: verified_email of 'state-u' must be a list of email domains.",
        ),
        (
            json.dumps([{**STATE_U, "verified_email": True}]),
            "OIDC_PROVIDERS: verified_email of 'state-u' must list the email domains the "
            'campus is authoritative for (for example ["state.edu"]), not true: true would '
            "vouch for any address the campus sends, someone@gmail.com included.",
        ),
        (
            json.dumps([{**STATE_U, "verified_email": ["state.edu", "not a domain"]}]),
            "OIDC_PROVIDERS: verified_email of 'state-u' has what is not a domain: 'not a domain'.",
        ),
        (
            json.dumps([{**STATE_U, "verified_email": []}]),
            "OIDC_PROVIDERS: verified_email of 'state-u' has what is not a domain: an empty list.",
        ),
        (json.dumps([STATE_U, STATE_U]), "OIDC_PROVIDERS: ids used twice: state-u."),
    ],
)
def test_configuration_mistakes_are_refused_with_the_reason(raw, message):
    with pytest.raises(ImproperlyConfigured) as refused:
        campus_apps(env_of({"OIDC_PROVIDERS": raw}), debug=False)

    assert str(refused.value) == message

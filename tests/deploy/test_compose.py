"""docker-compose.yml is checked, not run, here: Debian's docker-compose
validates it without a Docker engine."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.fixture(scope="module")
def compose_config():
    executable = shutil.which("docker-compose")
    if executable is None:
        if IN_CI:
            pytest.fail("docker-compose is missing; .ci/run installs Debian's package")
        pytest.skip("docker-compose is not installed (apt-get install docker-compose)")
    environment = {**os.environ, "SECRET_KEY": "compose-validation-only"}
    subprocess.run([executable, "config", "-q"], cwd=ROOT, env=environment, check=True, timeout=60)
    rendered = subprocess.run(
        [executable, "config"],
        cwd=ROOT,
        env=environment,
        check=True,
        timeout=60,
        capture_output=True,
        text=True,
    )
    return yaml.safe_load(rendered.stdout)


def test_compose_runs_the_production_stack(compose_config):
    assert sorted(compose_config["services"]) == [
        "beat",
        "mailpit",
        "migrate",
        "postgres",
        "redis",
        "web",
        "worker",
    ]


def test_web_worker_and_beat_share_one_image_and_environment(compose_config):
    services = compose_config["services"]
    app_services = [services[name] for name in ("web", "worker", "beat", "migrate")]
    assert {service["image"] for service in app_services} == {"careerconnect:latest"}
    for service in app_services:
        assert service["environment"]["DATABASE_URL"] == (
            "postgres://careerconnect:careerconnect@postgres:5432/careerconnect"
        )
        assert service["environment"]["CELERY_BROKER_URL"] == "redis://redis:6379/0"
        assert service["environment"]["CACHE_URL"] == "redis://redis:6379/1"
        assert service["environment"]["EMAIL_URL"] == "smtp://mailpit:1025"


def test_each_app_service_runs_its_command(compose_config):
    services = compose_config["services"]
    assert services["web"]["command"][:2] == ["gunicorn", "careerconnect.wsgi"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "careerconnect", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "careerconnect", "beat"]
    assert services["migrate"]["command"] == ["python", "manage.py", "migrate", "--noinput"]


def test_every_long_running_service_has_a_healthcheck(compose_config):
    services = compose_config["services"]
    long_running = [name for name in services if name != "migrate"]
    assert [name for name in long_running if "healthcheck" not in services[name]] == []


def test_the_web_healthcheck_asks_healthz(compose_config):
    healthcheck = compose_config["services"]["web"]["healthcheck"]
    assert healthcheck["test"] == [
        "CMD",
        "python",
        "-c",
        "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=5)",
    ]
    # The check gives up before Docker does.
    assert healthcheck["timeout"] == "10s"


def test_redis_never_evicts_queued_work(compose_config):
    command = compose_config["services"]["redis"]["command"]
    assert command[command.index("--maxmemory-policy") + 1] == "noeviction"
    assert command[command.index("--appendonly") + 1] == "yes"

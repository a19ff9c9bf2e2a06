"""Fixtures for the reliability tests: each one starts a real service and ends it.

Teardown order matters: the workers fixture depends on the transactional
database, so every worker is dead before pytest-django flushes the tables it
was using.
"""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from kombu import pools

from careerconnect.celery import app as celery_app

from .support import BASE_DIR, ProcessGroup, RedisServer, SmtpSink, base_env, worker_argv


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    sink = SmtpSink()
    sink.start()
    try:
        yield sink
    finally:
        sink.stop()


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path)
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture
def publish_to() -> Iterator[Callable[[str], None]]:
    """publish_to(url) makes this process's on-commit kicks go to that broker.

    The test process is the web process here: the transitions it runs publish
    their kicks to the worker's broker. The original broker is restored, and
    every pooled broker connection closed, at the end.
    """
    saved = (celery_app.conf.broker_url, celery_app.conf.broker_transport_options)

    def reset_pools() -> None:
        # Pools are cached per broker; drop them so the next publish connects anew.
        pools.reset()
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    def switch(url: str) -> None:
        reset_pools()
        celery_app.conf.broker_url = url
        # The test settings' options are the file-system transport's folders.
        celery_app.conf.broker_transport_options = {}

    try:
        yield switch
    finally:
        reset_pools()
        celery_app.conf.broker_url, celery_app.conf.broker_transport_options = saved


@pytest.fixture
def start_worker(
    transactional_db, django_db_serialized_rollback, tmp_path: Path
) -> Iterator[Callable[..., ProcessGroup]]:
    """start_worker(**environment) starts `celery worker --beat` on this test's database.

    Each call is a fresh worker (a restart); all are stopped by process group at
    the end, before the database is flushed.
    """
    started: list[ProcessGroup] = []
    var_dir = tmp_path / "worker-var"
    var_dir.mkdir()

    def start(**variables: str) -> ProcessGroup:
        env = base_env(
            tmp_path,
            SECRET_KEY="reliability-tests-not-secret",
            VAR_DIR=str(var_dir),
            # Links and Message-IDs as the test process computes them.
            SITE_URL=settings.SITE_URL,
            **variables,
        )
        worker = ProcessGroup(
            worker_argv(var_dir, concurrency=2, name=f"reliability{len(started)}"),
            env=env,
            log_path=tmp_path / f"worker{len(started)}.log",
            cwd=BASE_DIR,
        )
        started.append(worker)
        return worker

    try:
        yield start
    finally:
        for worker in started:
            worker.stop()

"""/healthz: is this instance able to do its work? For load balancers and monitors.

200 when the database and the broker answer and the outbox is not lagging
(its oldest due, unsent row is at most OUTBOX_LAG_ALERT_SECONDS old); 503
otherwise, with the same JSON naming what is wrong.
"""

import logging
import time

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from careerconnect.celery import app as celery_app

logger = logging.getLogger(__name__)
# Seconds to wait for the broker: a monitor must get an answer quickly.
BROKER_TIMEOUT = 2


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:  # any failure means "not ok"
        logger.warning("Health check: the database is unreachable", exc_info=True)
        return False


def _broker_ok() -> bool:
    try:
        with celery_app.connection_for_write(connect_timeout=BROKER_TIMEOUT) as broker:
            # One attempt: kombu sleeps between retries, a health check must not.
            broker.ensure_connection(max_retries=0, timeout=BROKER_TIMEOUT)
        return True
    except Exception:  # any failure means "not ok"
        logger.warning("Health check: the broker is unreachable", exc_info=True)
        return False


def _outbox_lag() -> float | None:
    from interviews.domain.delivery import outbox_lag

    try:
        return outbox_lag()
    except Exception:  # e.g. migrations not applied yet
        logger.warning("Health check: the outbox could not be read", exc_info=True)
        return None


@never_cache
@require_safe
def healthz(request):
    started = time.monotonic()
    database = _database_ok()
    broker = _broker_ok()
    lag = _outbox_lag() if database else None
    healthy = database and broker and lag is not None and lag <= settings.OUTBOX_LAG_ALERT_SECONDS
    return JsonResponse(
        {
            "status": "ok" if healthy else "unhealthy",
            "database": "ok" if database else "unreachable",
            "broker": "ok" if broker else "unreachable",
            "outbox_lag_seconds": round(lag, 1) if lag is not None else None,
            "outbox_lag_alert_seconds": settings.OUTBOX_LAG_ALERT_SECONDS,
            "checked_in_ms": round((time.monotonic() - started) * 1000, 1),
        },
        status=200 if healthy else 503,
    )

# The production image: gunicorn for the web, the same image for Celery.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

COPY pyproject.toml README.md ./
COPY careerconnect careerconnect
COPY interviews interviews
RUN pip install .

COPY . .
# collectstatic needs a key but never uses it; the real one comes at run time.
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput \
    && useradd --create-home --uid 1000 careerconnect \
    && mkdir -p /app/var && chown careerconnect /app/var
USER careerconnect

EXPOSE 8000
CMD ["gunicorn", "careerconnect.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]

# The commands people type. `make run` and `make test` work on a fresh clone.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Two workers: the machine's two cores (pytest-xdist).
PYTEST_ARGS ?= -n 2

.PHONY: run test lint format check-migrations bench clean

$(INSTALLED): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11) and "CareerConnect needs Python 3.11")'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,dev]"
	touch $(INSTALLED)

## Set up everything and run the embedded stack: web, Celery worker and beat.
run: $(INSTALLED)
	DEBUG=1 $(BIN)/python manage.py run_embedded --host $(HOST) --port $(PORT)

## Lint, check migrations, and run the whole test suite.
test: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python scripts/ensure_test_browser.py
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(INSTALLED)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Benchmark: seed PostgreSQL with a large dataset, time the pages, write
## BENCHMARKS.md. Its own database (dropped and recreated; the name must
## contain "bench"), DEBUG and MFA_REQUIRED off. BENCH_SCALE=0.1 for a quick run.
BENCH_SCALE ?= 1.0
BENCH_SAMPLES ?= 100
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/careerconnect_bench
bench: $(INSTALLED)
	DATABASE_URL=$(BENCH_DATABASE_URL) DEBUG=0 MFA_REQUIRED=0 \
	SECRET_KEY=$${SECRET_KEY:-bench-only-not-a-secret} \
	$(BIN)/python manage.py bench --reset --scale $(BENCH_SCALE) --samples $(BENCH_SAMPLES) \
		--output BENCHMARKS.md

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache

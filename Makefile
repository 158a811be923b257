# Upward: `make run` starts the demo, `make test` runs every test.
# Nothing here needs PostgreSQL, Redis or Node: SQLite and the database task queue are the defaults.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=
EMB_VENV := .venv-embeddings

.DEFAULT_GOAL := help
.PHONY: help venv run test test-fast test-embeddings lint format bench-import bench-matching bench-matching-app bench-monitoring bench-reports bench-scale check-deploy clean

help:
	@echo "make run            start Upward with demo data on http://127.0.0.1:8000 (Ctrl-C stops)"
	@echo "make test           run the whole test suite"
	@echo "make test-embeddings  the goal-embedding tests with the real model (own venv, 1.5 GB)"
	@echo "make lint           ruff, mypy and the import-linter contracts"
	@echo "make bench-import   benchmark the HR CSV import (writes docs/benchmarks.md)"
	@echo "make bench-matching benchmark the matching engine against peers (writes docs/benchmarks.md)"
	@echo "make bench-matching-app  time whole match runs in the app (60, 500, 2,000 people)"
	@echo "make bench-monitoring  the monitoring board of 2,000 pairs, the recompute of 10,000 (writes docs/benchmarks.md)"
	@echo "make bench-reports  a 5,000-participant program's report, CSV and PDF (writes docs/benchmarks.md)"
	@echo "make bench-scale    nginx, 2 web servers, 2 workers, Redis, PostgreSQL under locust (writes docs/benchmarks.md)"

venv: $(STAMP)

# Reinstall only when the dependency list changes.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

run: venv
	@scripts/run-dev.sh

test: venv
	@mkdir -p var
	$(BIN)/python -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

# The optional embeddings extra in its own environment, so that `make test` stays light and
# TF-IDF stays the default there. torch 2.13.0 first: pip then takes the CPU build (on this
# project's machines, the file lying on disk) instead of the newest CUDA build.
$(EMB_VENV)/.installed: pyproject.toml
	@test -x $(EMB_VENV)/bin/python || $(PYTHON) -m venv $(EMB_VENV)
	$(EMB_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(EMB_VENV)/bin/python -m pip install --quiet "torch==2.13.0"
	$(EMB_VENV)/bin/python -m pip install --quiet -e ".[dev,embeddings]"
	@touch $@

test-embeddings: $(EMB_VENV)/.installed
	$(EMB_VENV)/bin/python -m pytest -m embeddings upward/matching/engine/tests $(PYTEST_ARGS)

test-fast: venv
	$(BIN)/python -m pytest -n 2 -m "not browser" $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=true $(BIN)/mypy upward bench conftest.py
	$(BIN)/lint-imports

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check-deploy: venv
	DEBUG=false ALLOWED_HOSTS=upward.example.com SITE_URL=https://upward.example.com \
	SECRET_KEY=ci-only-$$(head -c 48 /dev/urandom | base64 | tr -d '/+=\n') \
	UPWARD_ENCRYPTION_KEYS=$$(head -c 32 /dev/urandom | base64 | tr '+/' '-_') \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

bench-import: venv
	$(BIN)/python -m bench.import_people --write-docs

bench-matching: venv
	$(BIN)/python -m bench.matching.run

bench-monitoring: venv
	$(BIN)/python -m bench.monitoring --write-docs

# Needs the machine's PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379); installs nginx
# from Debian and locust in its own environment, so its dependencies stay out of Upward's.
LOCUST_VENV := .venv-locust
$(LOCUST_VENV)/.installed: bench/locust-requirements.txt
	@test -x $(LOCUST_VENV)/bin/python || $(PYTHON) -m venv $(LOCUST_VENV)
	$(LOCUST_VENV)/bin/python -m pip install --quiet -r bench/locust-requirements.txt
	@touch $@

bench-scale: venv $(LOCUST_VENV)/.installed
	@command -v nginx >/dev/null || (apt-get update -qq && apt-get install -y -qq nginx-light >/dev/null)
	$(BIN)/python -m bench.scale --write-docs

bench-reports: venv
	$(BIN)/python -m bench.reports --write-docs

# A whole match run through the app (queries, engine, storage) on a scratch SQLite database.
bench-matching-app: venv
	rm -f var/bench/matching-app.sqlite3 && mkdir -p var/bench
	DEBUG=true DATABASE_URL=sqlite:///var/bench/matching-app.sqlite3 $(BIN)/python manage.py migrate -v0
	for n in 60 500 2000; do \
	  DEBUG=true DATABASE_URL=sqlite:///var/bench/matching-app.sqlite3 $(BIN)/python bench/matching_app.py $$n || exit 1; \
	done

clean:
	rm -rf $(VENV) $(EMB_VENV) .pytest_cache .mypy_cache .ruff_cache

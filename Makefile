# Two entry points (README): `make build` and `make test`. Everything else is a helper target.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-requirements
export DBT_PROFILES_DIR := $(CURDIR)
export DBT_PROJECT_DIR := $(CURDIR)
export DBT_SEND_ANONYMOUS_USAGE_STATS := false

.PHONY: help
help:  ## list the targets
	@grep -E '^[a-z_-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	cp requirements.txt $(STAMP)

.PHONY: install
install: $(STAMP)  ## create .venv and install the pinned requirements

.PHONY: build
build: $(STAMP)  ## build the warehouse on the demo data: seed, dbt build
	$(BIN)/dbt seed
	$(BIN)/dbt build --exclude "resource_type:seed"

.PHONY: lint
lint: $(STAMP)  ## sqlfluff on all SQL, ruff on all Python
	$(BIN)/ruff check scripts tests
	$(BIN)/ruff format --check scripts tests
	$(BIN)/sqlfluff lint models macros tests analyses

.PHONY: format
format: $(STAMP)  ## fix what sqlfluff and ruff can fix
	$(BIN)/ruff format scripts tests
	$(BIN)/ruff check --fix scripts tests
	$(BIN)/sqlfluff fix models macros tests analyses

.PHONY: test
test: $(STAMP) lint  ## run every test: lint, then pytest (builds into a temporary DuckDB: dbt data + unit tests)
	$(BIN)/pytest

.PHONY: clean
clean:  ## remove build output (not the venv)
	rm -rf target logs warehouse/*.duckdb warehouse/reports

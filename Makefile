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
install: $(STAMP) chromium  ## create .venv, install the pinned requirements and a headless browser

# The report's browser test renders every chart in Debian's chromium (no download at test time).
.PHONY: chromium
chromium:  ## install Debian's chromium when missing (headless browser for the report test)
	@command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)

# `make build` builds aside and publishes atomically (python -m crm_kpi.build, README "Build and
# publish"): a new folder warehouse/builds/<id>/ per build; warehouse/crm_kpi.duckdb (what BI
# tools open) is replaced only after every model and test passed. One build at a time.
#   make build EXTRACT_DIR=/path/to/extracts [EXTRACT_FORMAT=auto|csv|parquet]  own extracts
#   make build AS_OF=YYYY-MM-DD    cut-off date (env CRM_KPI_AS_OF for dbt)
#   make build WAIT=1              wait for a running build instead of exiting
EXTRACT_DIR ?=
# The extract's cut-off (YYYY-MM-DD), e.g. `make build AS_OF=2026-04-01` for extracts taken on
# 1 April: March is the last complete month reported. Empty: derived from the data.
AS_OF ?=
ifneq ($(strip $(AS_OF)),)
export CRM_KPI_AS_OF := $(strip $(AS_OF))
endif
EXTRACT_FORMAT ?= auto
AS_OF ?=
WAIT ?=
LANDING_DIR ?= warehouse/landing

.PHONY: build
build: $(STAMP)  ## build aside and publish warehouse/crm_kpi.duckdb (EXTRACT_DIR=, AS_OF=, WAIT=1)
	$(BIN)/python -m crm_kpi.build \
		$(if $(strip $(EXTRACT_DIR)),--extract-dir "$(EXTRACT_DIR)" --format $(EXTRACT_FORMAT)) \
		$(if $(strip $(AS_OF)),--as-of "$(AS_OF)") \
		$(if $(filter 1 yes true,$(WAIT)),--wait)

.PHONY: validate
validate: $(STAMP)  ## only the extract gate (demo seeds, or EXTRACT_DIR=...); report in warehouse/reports
ifeq ($(strip $(EXTRACT_DIR)),)
	$(BIN)/python -m crm_kpi.gate
else
	$(BIN)/python -m crm_kpi.gate --extract-dir "$(EXTRACT_DIR)" \
		--format $(EXTRACT_FORMAT) --landing-dir "$(LANDING_DIR)"
endif

# The verdict for people: one offline HTML page (+ a markdown excerpt) from the published
# warehouse, read-only. `make report REPORT_ARGS="--lang en"`; flags: python -m crm_kpi.report -h
REPORT_ARGS ?=
.PHONY: report
report: $(STAMP)  ## write warehouse/reports/crm_verdict.html (+ .md) from the built warehouse
	$(BIN)/python -m crm_kpi.report $(REPORT_ARGS)

# Freeze, verify or list the IST baseline from the last build (docs/before_after.md):
# `make baseline BASELINE_ARGS="--label ist --as-of 2025-09-01"`; flags: python -m crm_kpi.baseline -h
BASELINE_ARGS ?=
.PHONY: baseline
baseline: $(STAMP)  ## freeze a baseline from the last build (BASELINE_ARGS="--label ist --as-of ...")
	$(BIN)/python -m crm_kpi.baseline $(BASELINE_ARGS)

.PHONY: lint
lint: $(STAMP)  ## sqlfluff on all SQL, ruff on all Python
	$(BIN)/ruff check crm_kpi scripts tests
	$(BIN)/ruff format --check crm_kpi scripts tests
	mkdir -p target && CRM_KPI_DUCKDB_PATH=target/sqlfluff.duckdb $(BIN)/sqlfluff lint models macros tests analyses

.PHONY: format
format: $(STAMP)  ## fix what sqlfluff and ruff can fix
	$(BIN)/ruff format crm_kpi scripts tests
	$(BIN)/ruff check --fix crm_kpi scripts tests
	mkdir -p target && CRM_KPI_DUCKDB_PATH=target/sqlfluff.duckdb $(BIN)/sqlfluff fix models macros tests analyses

.PHONY: test
test: $(STAMP) chromium lint  ## run every test: lint, then pytest (builds into a temporary DuckDB: dbt data + unit tests)
	$(BIN)/pytest

.PHONY: clean
clean:  ## remove build output (not the venv): builds, the published file, reports, dev files
	rm -rf target logs warehouse/*.duckdb warehouse/*.duckdb.wal warehouse/.*.duckdb.tmp-* \
		warehouse/reports warehouse/landing warehouse/builds warehouse/.build.lock

# Self-documenting Makefile: `make` or `make help` lists the targets.
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:
SHELL := /bin/bash

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Report workers, each keeping one kernel warm (see docs/benchmarks.md for the choice).
JOBS ?= 2
# Restrict `make reports` to an operation or a family (plus the trends pages containing it):
#   make reports OPERATION=liberterra-iv-2026     make reports FAMILY=liberterra
# Other builder options: BUILD_ARGS="--dry-run" (what would be built, and why),
# "--fresh-kernels" (a new kernel per report), "--force" (rebuild everything).
BUILD_ARGS ?=
OPERATION ?=
FAMILY ?=
SCHEME ?=
REGION ?=
COUNTRY ?=
# Kernels come from the project's environment, whatever the user has installed elsewhere.
export JUPYTER_PATH := $(CURDIR)/$(VENV)/share/jupyter
export PYDEVD_DISABLE_FILE_VALIDATION := 1

DATA := data/datapackage.json $(wildcard data/*.csv data/reference/*.csv)
CODE := $(wildcard analysis/*.py analysis/*/*.py analysis/*/*/*.py)

.PHONY: help setup data reports report resolve extract test test-unit test-notebooks test-browser check-pages trace fuzz lab notebooks \
	bench lint clean

help: ## Show this help
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-15s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)
	@echo ""
	@echo "  Variables: JOBS=2 (report workers); OPERATION=, FAMILY= (restrict make reports, or pick"
	@echo "  the page of make report); SCHEME=, REGION= (a regional page); COUNTRY= (a country profile:"
	@echo "  ISO3 code or name, e.g. COUNTRY=NGA or COUNTRY=Türkiye); BUILD_ARGS=--dry-run,"
	@echo "  --fresh-kernels or --force for the builder. Example: make reports OPERATION=nawa-2014"

setup: ## Create or update the virtual environment (pinned dependencies, python3 kernel)
	@stamp="$$(cat pyproject.toml requirements.lock | sha256sum | cut -d' ' -f1)"; \
	if [ "$$(cat $(VENV)/.installed 2>/dev/null)" != "$$stamp" ]; then \
		set -e; test -x $(BIN)/python || $(PYTHON) -m venv $(VENV); \
		echo "installing the pinned dependencies into $(VENV)"; \
		$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock; \
		$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .; \
		$(BIN)/python -m ipykernel install --sys-prefix --name python3 \
			--display-name "Python 3 (trafficking-operations)" >/dev/null; \
		echo "$$stamp" > $(VENV)/.installed; \
	fi

data: build/data.ok ## Validate the data package (loaders and frictionless)

build/data.ok: $(DATA) $(CODE) | setup
	@mkdir -p build
	$(BIN)/python -m analysis.validate
	cd data && ../$(BIN)/frictionless validate datapackage.json >/dev/null
	@touch $@

reports: setup ## Build every report whose inputs changed (content fingerprints) and reports/index.html
	$(BIN)/python -m analysis.report build --jobs $(JOBS) $(if $(OPERATION),--operation "$(OPERATION)") \
		$(if $(FAMILY),--family "$(FAMILY)") $(BUILD_ARGS)

report: setup ## Build one page now: OPERATION=... [SCHEME=... REGION=...] (regional or overview), FAMILY=..., or COUNTRY=...
	$(BIN)/python -m analysis.report one $(if $(OPERATION),--operation "$(OPERATION)") \
		$(if $(SCHEME),--scheme "$(SCHEME)") $(if $(REGION),--region "$(REGION)") $(if $(FAMILY),--family "$(FAMILY)") \
		$(if $(COUNTRY),--country "$(COUNTRY)")

# Country names, one per line, from FILE (or standard input). Extra options of the command,
# e.g. RESOLVE_ARGS="--language es" or RESOLVE_ARGS="--participants OPERATION_ID SOURCE_URL".
FILE ?=
RESOLVE_ARGS ?=
resolve: setup ## Resolve country names to ISO3 codes (TSV report): make resolve FILE=names.txt
	@$(BIN)/python -m analysis.countries $(RESOLVE_ARGS) $(if $(FILE),"$(FILE)")

test: setup ## Run every test: unit, data package, notebooks (nbval, papermill), pages in Chromium if installed
	$(BIN)/python -m pytest

test-unit: setup ## Run the unit tests only
	$(BIN)/python -m pytest tests/unit

test-notebooks: setup ## Run the notebook tests only (nbval and papermill)
	$(BIN)/python -m pytest tests/notebooks

test-browser: setup ## Run the browser tests only (Debian's chromium; CHROMIUM=/path/to/chromium for another)
	$(BIN)/python -m pytest tests/browser

# A draft of figures.csv (or participants.csv) rows from a release, printed, never written into
# data/: make extract FILE=release.txt OPERATION=liberterra-iv-2026 SOURCE=https://...
# EXTRACT_ARGS="--table participants" or "--format table". The values reach the command through
# the environment, never through the recipe's text.
SOURCE ?=
EXTRACT_ARGS ?=
extract: setup ## Draft rows from a release: make extract FILE=release.txt OPERATION=id SOURCE=url
	@EXTRACT_FILE="$$FILE" EXTRACT_OPERATION="$$OPERATION" EXTRACT_SOURCE="$$SOURCE" \
		$(BIN)/python -c 'import os, shlex, sys; from analysis.extract import main; \
	sys.exit(main([os.environ["EXTRACT_FILE"], "--operation-id", os.environ["EXTRACT_OPERATION"], \
	"--source-url", os.environ["EXTRACT_SOURCE"], *shlex.split(os.environ.get("EXTRACT_ARGS", ""))]))'

# The pages checked by check-pages: reports/ by default; CHECK_ARGS="--all" lists every problem,
# "--partial" accepts links to pages a partial build (make reports OPERATION=...) left out.
PAGES_DIR ?= reports
CHECK_ARGS ?=
check-pages: setup ## Check built pages without a browser: raw values, links, provenance (PAGES_DIR=reports)
	$(BIN)/python scripts/check_pages.py $(CHECK_ARGS) "$(PAGES_DIR)"

# The folder of stored source copies for `make trace` (read-only input; not part of the package).
# It reaches the script through the environment (TRACE_ARCHIVE), never spliced into the recipe.
ARCHIVE ?= ../shared/sources/archive
trace: export TRACE_ARCHIVE = $(ARCHIVE)
trace: setup ## Trace every printed figure and name to its source's archived text: make trace ARCHIVE=folder
	$(BIN)/python scripts/trace_sources.py $(TRACE_ARGS)

# Fuzzing the validator longer than `make test` does: make fuzz FUZZ_EXAMPLES=20000 FUZZ_SEED=3
FUZZ_EXAMPLES ?= 5000
fuzz: setup ## Fuzz the data validator with more examples (FUZZ_EXAMPLES=5000; FUZZ_SEED=n for other examples)
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(if $(FUZZ_SEED),FUZZ_SEED=$(FUZZ_SEED)) $(BIN)/python -m pytest \
		tests/unit/test_fuzz_validation.py

notebooks: setup ## Re-execute the committed notebooks after changing data or code (rewrites only changed ones)
	$(BIN)/python -m analysis.report refresh-notebooks

# JupyterLab offline: no update checks, news feed or extension-manager queries; root allowed
# only when running as root (containers). Extra options: make lab LAB_ARGS=--no-browser
LAB_ARGS ?=
LAB_OFFLINE := --LabApp.extension_manager=readonly --LabApp.news_url=None \
	--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate
lab: setup ## Start JupyterLab on the project's environment
	$(BIN)/jupyter lab --notebook-dir=$(CURDIR) $(LAB_OFFLINE) $(if $(filter 0,$(shell id -u)),--allow-root) \
		$(LAB_ARGS) notebooks/regional_breakdown.ipynb

bench: setup ## Time the report build against a naive papermill + nbconvert loop; writes docs/benchmarks.md
	$(BIN)/python scripts/benchmark.py $(BENCH_ARGS)

lint: setup ## Check code style with ruff, and the layers of analysis/ with import-linter (pyproject.toml)
	$(BIN)/ruff check analysis tests scripts
	$(BIN)/lint-imports

clean: ## Remove generated reports and build stamps
	rm -rf reports/* reports/.staging reports/.build.lock build
	@touch reports/.gitkeep

# Self-documenting Makefile: `make` or `make help` lists the targets.
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:
# Internal variables cannot be changed from the command line (`override`): a value given there
# never becomes part of a command. User values (below) reach the commands only through the
# environment (`export`), quoted by the shell as "$$NAME": never spliced into a recipe's text.
override SHELL := /bin/bash
override .SHELLFLAGS := -c

PYTHON ?= python3
override VENV := .venv
override BIN := $(VENV)/bin
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
FUZZ_SEED ?=
# Extra options: make lab LAB_ARGS=--no-browser; make bench BENCH_ARGS=...
LAB_ARGS ?=
BENCH_ARGS ?=
# Every variable a user may set; each reaches its command through the environment only.
override USER_VARIABLES := PYTHON JOBS BUILD_ARGS OPERATION FAMILY SCHEME REGION COUNTRY FILE RESOLVE_ARGS \
	PAGES_DIR CHECK_ARGS FUZZ_EXAMPLES FUZZ_SEED LAB_ARGS BENCH_ARGS SOURCE EXTRACT_ARGS ARCHIVE TRACE_ARGS
# Each keeps the text given, unexpanded: make never evaluates a user's value (`$(shell ...)` in
# one stays text), and exports it as it is.
$(foreach v,$(USER_VARIABLES),$(eval override $(v) := $$(value $(v))))
export $(USER_VARIABLES)

# A documented variable spelt in another case (`make reports operation=nawa-2014`) would be
# ignored, and the build would silently plan every page: refuse it.
override _upper = $(subst a,A,$(subst b,B,$(subst c,C,$(subst d,D,$(subst e,E,$(subst f,F,$(subst g,G,$(subst \
	h,H,$(subst i,I,$(subst j,J,$(subst k,K,$(subst l,L,$(subst m,M,$(subst n,N,$(subst o,O,$(subst p,P,$(subst \
	q,Q,$(subst r,R,$(subst s,S,$(subst t,T,$(subst u,U,$(subst v,V,$(subst w,W,$(subst x,X,$(subst y,Y,$(subst \
	z,Z,$(1)))))))))))))))))))))))))))
override _MISSPELT := $(strip $(foreach v,$(.VARIABLES),$(if $(filter command line,$(origin $(v))),$(if \
	$(filter-out $(v),$(filter $(call _upper,$(v)),$(USER_VARIABLES))),$(v)))))
ifneq ($(_MISSPELT),)
$(error unknown variable(s) $(_MISSPELT): make variables are upper case, e.g. $(call _upper,$(firstword \
	$(_MISSPELT)))=...; `make help` lists them)
endif

# Kernels come from the project's environment, whatever the user has installed elsewhere.
override JUPYTER_PATH := $(abspath $(VENV))/share/jupyter
export JUPYTER_PATH
export PYDEVD_DISABLE_FILE_VALIDATION := 1

override DATA := data/datapackage.json $(wildcard data/*.csv data/reference/*.csv)
override CODE := $(wildcard analysis/*.py analysis/*/*.py analysis/*/*/*.py)

.PHONY: help setup data reports report resolve extract test test-unit test-notebooks test-browser check-pages trace fuzz lab notebooks \
	bench lint clean

help: ## Show this help
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-15s\033[0m %s\n", $$1, $$2}' Makefile
	@echo ""
	@echo "  Variables: JOBS=2 (report workers); OPERATION=, FAMILY= (restrict make reports, or pick"
	@echo "  the page of make report); SCHEME=, REGION= (a regional page); COUNTRY= (a country profile:"
	@echo "  ISO3 code or name, e.g. COUNTRY=NGA or COUNTRY=Türkiye); BUILD_ARGS=--dry-run,"
	@echo "  --fresh-kernels or --force for the builder. Example: make reports OPERATION=nawa-2014"

setup: ## Create or update the virtual environment (pinned dependencies, python3 kernel)
	@stamp="$$(cat pyproject.toml requirements.lock | sha256sum | cut -d' ' -f1)"; \
	if [ "$$(cat $(VENV)/.installed 2>/dev/null)" != "$$stamp" ]; then \
		set -e; test -x $(BIN)/python || "$$PYTHON" -m venv $(VENV); \
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
	@frictionless="$$(pwd)/$(BIN)/frictionless"; folder="$${TRAFFICKING_DATA_DIR:-data}"; \
	report="$$(cd "$$folder" && "$$frictionless" validate datapackage.json 2>&1)" || { \
		printf '%s\n' "$$report" >&2; \
		echo "frictionless validate $$folder/datapackage.json: the data package is not valid (report above)" >&2; \
		exit 1; }
	@touch $@

reports: setup ## Build every report whose inputs changed (content fingerprints) and reports/index.html
	@set -f; args=(); \
	[ -z "$$OPERATION" ] || args+=(--operation "$$OPERATION"); \
	[ -z "$$FAMILY" ] || args+=(--family "$$FAMILY"); \
	$(BIN)/python -m analysis.report build --jobs "$$JOBS" "$${args[@]}" $$BUILD_ARGS

report: setup ## Build one page now: OPERATION=... [SCHEME=... REGION=...] (regional or overview), FAMILY=..., or COUNTRY=...
	@args=(); \
	[ -z "$$OPERATION" ] || args+=(--operation "$$OPERATION"); \
	[ -z "$$SCHEME" ] || args+=(--scheme "$$SCHEME"); \
	[ -z "$$REGION" ] || args+=(--region "$$REGION"); \
	[ -z "$$FAMILY" ] || args+=(--family "$$FAMILY"); \
	[ -z "$$COUNTRY" ] || args+=(--country "$$COUNTRY"); \
	$(BIN)/python -m analysis.report one "$${args[@]}"

resolve: setup ## Resolve country names to ISO3 codes (TSV report): make resolve FILE=names.txt
	@set -f; args=(); [ -z "$$FILE" ] || args+=("$$FILE"); \
	$(BIN)/python -m analysis.countries $$RESOLVE_ARGS "$${args[@]}"

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
extract: setup ## Draft rows from a release: make extract FILE=release.txt OPERATION=id SOURCE=url
	@set -f; $(BIN)/python -m analysis.extract "$$FILE" --operation-id "$$OPERATION" --source-url "$$SOURCE" $$EXTRACT_ARGS

check-pages: setup ## Check built pages without a browser: raw values, links, provenance (PAGES_DIR=reports)
	@set -f; $(BIN)/python scripts/check_pages.py $$CHECK_ARGS -- "$$PAGES_DIR"

# The folder of stored source copies for `make trace` (read-only input; not part of the package),
# ../shared/sources/archive by default. It reaches the script through the environment.
trace: setup ## Trace every printed figure and name to its source's archived text: make trace ARCHIVE=folder
	@set -f; TRACE_ARCHIVE="$${ARCHIVE:-../shared/sources/archive}" $(BIN)/python scripts/trace_sources.py $$TRACE_ARGS

fuzz: setup ## Fuzz the data validator and the builder's reading of the data with more examples (FUZZ_EXAMPLES=5000; FUZZ_SEED=n for other examples)
	$(BIN)/python -m pytest tests/unit/test_fuzz_validation.py

notebooks: setup ## Re-execute the committed notebooks after changing data or code (rewrites only changed ones)
	$(BIN)/python -m analysis.report refresh-notebooks

# JupyterLab offline: no update checks, news feed or extension-manager queries; root allowed
# only when running as root (containers).
override LAB_OFFLINE := --LabApp.extension_manager=readonly --LabApp.news_url=None \
	--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate
lab: setup ## Start JupyterLab on the project's environment
	@set -f; $(BIN)/jupyter lab --notebook-dir="$$(pwd)" $(LAB_OFFLINE) $(if $(filter 0,$(shell id -u)),--allow-root) \
		$$LAB_ARGS notebooks/regional_breakdown.ipynb

bench: setup ## Time the report build against a naive papermill + nbconvert loop; writes docs/benchmarks.md
	@set -f; $(BIN)/python scripts/benchmark.py $$BENCH_ARGS

lint: setup ## Check code style with ruff, and the layers of analysis/ with import-linter (pyproject.toml)
	$(BIN)/ruff check analysis tests scripts
	$(BIN)/lint-imports

clean: ## Remove generated reports and build stamps
	rm -rf reports/* reports/.staging reports/.build.lock build
	@touch reports/.gitkeep

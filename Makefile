# Self-documenting Makefile: `make` or `make help` lists the targets.
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:
SHELL := /bin/bash

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Report workers: one more than the 2 cores, so both stay busy while kernels start up
# (measured in docs/benchmarks.md). `make -j2 reports` and `make reports` build alike.
JOBS ?= 3
# Extra arguments for the report builder, e.g. BUILD_ARGS="--operation liberterra-ii-2024"
BUILD_ARGS ?=
# Kernels come from the project's environment, whatever the user has installed elsewhere.
export JUPYTER_PATH := $(CURDIR)/$(VENV)/share/jupyter
export PYDEVD_DISABLE_FILE_VALIDATION := 1

DATA := data/datapackage.json $(wildcard data/*.csv data/reference/*.csv)
CODE := $(wildcard analysis/*.py)
TEMPLATES := $(wildcard notebooks/*.ipynb)

.PHONY: help setup data reports report test test-unit test-notebooks fuzz lab notebooks bench lint clean

help: ## Show this help
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-15s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

setup: $(VENV)/.installed ## Create or update the virtual environment (pinned dependencies, python3 kernel)

$(VENV)/.installed: pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (trafficking-operations)" >/dev/null
	@touch $@

data: build/data.ok ## Validate the data package (loaders and frictionless)

build/data.ok: $(DATA) $(CODE) | setup
	@mkdir -p build
	$(BIN)/python -m analysis.validate
	cd data && ../$(BIN)/frictionless validate datapackage.json >/dev/null
	@touch $@

reports: reports/index.html ## Build every report (notebook + HTML + CSV tables) and reports/index.html

reports/index.html: $(DATA) $(CODE) $(TEMPLATES) | setup build/data.ok
	$(BIN)/python -m analysis.reporting build --jobs $(JOBS) $(BUILD_ARGS)

report: setup ## Build one report: make report OPERATION=liberterra-ii-2024 SCHEME=m49-region REGION=Africa
	$(BIN)/python -m analysis.reporting one --operation "$(OPERATION)" --scheme "$(SCHEME)" --region "$(REGION)"

test: setup ## Run every test: unit, data package, notebooks (nbval and papermill runs)
	$(BIN)/python -m pytest

test-unit: setup ## Run the unit tests only
	$(BIN)/python -m pytest tests/unit

test-notebooks: setup ## Run the notebook tests only (nbval and papermill)
	$(BIN)/python -m pytest tests/notebooks

# Fuzzing the validator longer than `make test` does: make fuzz FUZZ_EXAMPLES=20000 FUZZ_SEED=3
FUZZ_EXAMPLES ?= 5000
fuzz: setup ## Fuzz the data validator with more examples (FUZZ_EXAMPLES=5000; FUZZ_SEED=n for other examples)
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(if $(FUZZ_SEED),FUZZ_SEED=$(FUZZ_SEED)) $(BIN)/python -m pytest \
		tests/unit/test_fuzz_validation.py

notebooks: setup ## Re-execute the committed notebooks in place (after changing data or code)
	$(BIN)/python -m analysis.reporting refresh-notebooks

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

lint: setup ## Check code style with ruff
	$(BIN)/ruff check analysis tests scripts

clean: ## Remove generated reports and build stamps
	rm -rf reports/* build
	@touch reports/.gitkeep

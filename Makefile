# mutualstats: `make all` runs the main job, `make test` runs every test. `make help` lists targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SETUP_STAMP := $(VENV)/.setup-complete
DATA_STAMP := data/processed/.built
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]-*.ipynb))
EXECUTED := $(patsubst notebooks/%.ipynb,reports/notebooks/%.ipynb,$(NOTEBOOKS))
RAW_FILES := $(shell find data/raw -type f 2>/dev/null | sort)
PACKAGE_FILES := $(shell find src -name '*.py' 2>/dev/null | sort)

.PHONY: help setup data notebooks figures audit all test lint lab store-notebooks clean

help: ## Show this list of targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

setup: $(SETUP_STAMP) ## Create .venv with the pinned dependencies (requirements.lock) and the package

$(SETUP_STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

data: $(DATA_STAMP) ## Validate data/raw and write data/processed (only when every source passes)

$(DATA_STAMP): $(SETUP_STAMP) $(RAW_FILES) $(PACKAGE_FILES)
	$(BIN)/mutualstats build
	touch $@

notebooks: $(EXECUTED) ## Execute every notebook into reports/notebooks (committed notebooks stay untouched)

reports/notebooks/%.ipynb: notebooks/%.ipynb $(DATA_STAMP)
	@mkdir -p reports/notebooks
	$(BIN)/papermill --no-progress-bar --log-level WARNING --cwd notebooks $< $@

figures: $(DATA_STAMP) ## Export every chart to reports/figures as PNG and SVG
	$(BIN)/mutualstats figures

audit: $(DATA_STAMP) ## Judge every claim of the briefing; write reports/audit.csv and audit.md
	$(BIN)/mutualstats audit

all: data notebooks figures audit ## The main job: data, notebooks, figures, audit

test: $(DATA_STAMP) lint ## Every test: ruff, unit and claims tests, and the notebooks under nbval
	$(BIN)/python -m pytest --nbval --nbval-current-env tests notebooks

lint: $(SETUP_STAMP) ## Check formatting and lint with ruff
	$(BIN)/ruff format --check src tests
	$(BIN)/ruff check src tests notebooks

lab: $(DATA_STAMP) ## Open JupyterLab on the project's notebooks
	$(BIN)/jupyter lab --notebook-dir=notebooks

store-notebooks: $(DATA_STAMP) ## Re-execute the committed notebooks and store their outputs (after a deliberate change)
	$(BIN)/mutualstats store-notebook $(NOTEBOOKS)

clean: ## Remove generated data and reports (keeps .venv)
	rm -rf data/processed reports/figures reports/notebooks reports/validation.json reports/audit.csv reports/audit.md

# mutualstats: `make all` runs the main job, `make test` runs every test. `make help` lists targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

# Independent steps (the notebooks, the figures, the audit) run two at a time: the machine's cores.
MAKEFLAGS += --jobs=2 --output-sync=target
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SETUP_STAMP := $(VENV)/.setup-complete
# JupyterLab lives in its own environment (requirements-lab.lock) and runs the notebooks in a
# kernel of .venv; see pyproject.toml for why it stays out of .venv.
LAB_VENV := .venv-lab
LAB_STAMP := $(LAB_VENV)/.setup-complete
# uv installs the pinned dependencies (a registry package, itself pinned here).
UV_VERSION := 0.13.8
# The kernels' own configuration (quiet logs), written by setup; never in the checkout.
export IPYTHONDIR := $(CURDIR)/$(VENV)/ipython
# Python keeps the bytecode it compiles (in .venv and __pycache__/, which git ignores) even where
# the environment sets PYTHONDONTWRITEBYTECODE: otherwise every notebook kernel and test worker
# compiles pandas, matplotlib and the rest from source again.
unexport PYTHONDONTWRITEBYTECODE
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]-*.ipynb))
NOTEBOOK_STEPS := $(patsubst notebooks/%.ipynb,notebook-%,$(NOTEBOOKS))
# Every product of `make all` is rebuilt by content, never by modification time: `mutualstats
# build` compares the sha256 of every input with data/processed/manifest.json, and each later step
# runs through FRESH, which keeps a stamp of its inputs and outputs in reports/.stamps/ and runs the
# step again when an input differs or an output is missing or was edited.
FRESH := $(BIN)/python -m mutualstats.freshness
# The period of each source with years or editions (mutualstats.periods.PARAMETERS); a test
# checks this list against the package.
PERIOD_VARS := BSA_YEAR SFC_EDITION SEUK_EDITION SE_EDITION
# $(call shell_quote,TEXT): TEXT as one shell word, whatever quotes or spaces it holds
# (' becomes '\''), so a value given on the command line is passed whole and never run. Values
# are read with $(value ...), so make does not expand a $(...) written inside one either.
shell_quote = '$(subst ','\'',$(1))'
# Each value is one argument, so one with a space is refused as a whole by the command.
PERIOD_ARGS := $(strip $(foreach v,$(PERIOD_VARS),$(if $(value $(v)),--period $(call shell_quote,$(v)=$(value $(v))))))
# The briefing as plain text, kept beside the project (not in it); `make scan BRIEFING=...` for another.
BRIEFING ?= ../shared/briefing/briefing_excerpt.txt
# Values given on the command line reach the commands as arguments, never through the
# environment: exporting one would have make expand a $(...) written inside it.
unexport YEAR BRIEFING $(PERIOD_VARS)

.PHONY: help setup data notebooks $(NOTEBOOK_STEPS) audit-report run check-periods figures audit scan restate report all test check-chromium test-browser bench mutation lint lock lab store-notebooks clean

help: ## Show this list of targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-16s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

setup: $(SETUP_STAMP) ## Create .venv with the pinned dependencies (requirements.lock) and the package

$(SETUP_STAMP): requirements.lock pyproject.toml
	@echo "[setup 1/4] virtual environment $(VENV)"
	@$(PYTHON) -m venv $(VENV)
	@echo "[setup 2/4] uv $(UV_VERSION)"
	@$(BIN)/python -m pip install -qq --disable-pip-version-check uv==$(UV_VERSION)
	@echo "[setup 3/4] pinned dependencies from requirements.lock (and nothing else)"
	@$(BIN)/uv pip sync --quiet --python $(BIN)/python requirements.lock
	@echo "[setup 4/4] the package (editable) and quiet kernel logs"
	@$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps --no-build-isolation -e .
	@mkdir -p "$(IPYTHONDIR)/profile_default"
	@echo 'c.IPKernelApp.log_level = "CRITICAL"' > "$(IPYTHONDIR)/profile_default/ipython_kernel_config.py"
	@touch $@

# Always asks the build, which answers at once when no input changed.
data: $(SETUP_STAMP) ## Validate data/raw and write data/processed (only when an input changed and every source passes)
	@$(BIN)/mutualstats build

notebooks: $(NOTEBOOK_STEPS) ## Execute every notebook for the briefing's periods into reports/notebooks
figures: data ## Export every chart to reports/figures as PNG, SVG and the CSV of its plotted rows
	$(BIN)/mutualstats figures

run: data $(if $(PERIOD_ARGS),check-periods) ## Run the notebooks taking BSA_YEAR=, SFC_EDITION=, SEUK_EDITION=, SE_EDITION= into reports/runs/
	@test -n $(call shell_quote,$(PERIOD_ARGS)) || { echo "give a period, e.g. make run BSA_YEAR=2024 SFC_EDITION=2025" >&2; exit 2; }
	$(BIN)/mutualstats run $(PERIOD_ARGS)

# With periods given, they are checked against the data before any notebook runs.
check-periods: data
	$(BIN)/mutualstats run --check $(PERIOD_ARGS)

# Position of word $1 in list $2 (1-based), for progress lines.
position = $(words $(call _upto,$1,$2))
_upto = $(if $(filter $1,$(firstword $2)),x,x $(call _upto,$1,$(wordlist 2,$(words $2),$2)))

# A notebook's charts go to a staging folder first and become outputs of its step. The notebook
# runs with papermill (mutualstats.notebooks): its report is replaced only when every cell ran, and
# a failing cell is one message naming the notebook and the cell.
$(NOTEBOOK_STEPS): notebook-%: data | $(if $(PERIOD_ARGS),check-periods)
	@mkdir -p reports/notebooks
	@$(FRESH) --step notebook-$* --label "[$(call position,notebooks/$*.ipynb,$(NOTEBOOKS))/$(words $(NOTEBOOKS))] $*" --input notebooks/$*.ipynb --input data/processed --input src \
		--output reports/notebooks/$*.ipynb --figures reports/figures -- \
		$(BIN)/python -m mutualstats.notebooks notebooks/$*.ipynb reports/notebooks/$*.ipynb

# The year given to restate, as written (checked to be four digits before it is used).
RESTATED = $(value YEAR)

restate: data ## Restate the briefing's period-dependent statements for YEAR=... into reports/restated-<YEAR>.txt
	@test -n $(call shell_quote,$(value YEAR)) || { echo "give a year: make restate YEAR=2023" >&2; exit 2; }
	@[[ $(call shell_quote,$(value YEAR)) =~ ^[1-9][0-9]{3}$$ ]] || { echo "YEAR is a year of four digits, the first not 0, e.g. make restate YEAR=2023; got "$(call shell_quote,'$(value YEAR)') >&2; exit 2; }
	$(BIN)/mutualstats restate --year $(RESTATED) > reports/.restated-$(RESTATED).txt || { rm -f reports/.restated-$(RESTATED).txt; exit 2; }
	mv reports/.restated-$(RESTATED).txt reports/restated-$(RESTATED).txt
	cat reports/restated-$(RESTATED).txt

audit: data ## Judge every claim of the briefing: print the table, write reports/audit.csv and audit.md
	$(BIN)/mutualstats audit

scan: data ## Check every number of the briefing is registered: BRIEFING=path
	$(BIN)/mutualstats scan -- $(call shell_quote,$(value BRIEFING))

audit-report: data
	@$(FRESH) --step audit --input data/processed --input src \
		--output reports/audit.csv --output reports/audit.md -- $(BIN)/mutualstats audit

# A BRIEFING given on the command line must be readable; the default one is used when present.
REPORT_BRIEFING := $(if $(filter command line,$(origin BRIEFING)),$(value BRIEFING),$(wildcard $(value BRIEFING)))

# Under test-browser the report waits for the check that Chromium is there.
report: data | $(if $(filter test-browser,$(MAKECMDGOALS)),check-chromium) ## Build the reviewer's site in reports/site and the annotated briefing (BRIEFING=path)
	$(BIN)/mutualstats report $(if $(REPORT_BRIEFING),--briefing=$(call shell_quote,$(REPORT_BRIEFING)))

# The notebooks export every chart (a test checks it), so the main job needs no separate figures step.
all: data notebooks audit-report $(if $(PERIOD_ARGS),run) $(if $(value YEAR),restate) ## The main job: data, notebooks, audit; with periods (BSA_YEAR=...) also a run

test: data lint ## Every test: ruff, unit and claims tests, the notebooks under nbval, the briefing scan
	$(BIN)/python -m pytest -n 2 --dist loadfile --no-loadscope-reorder --durations=10 --nbval --nbval-current-env tests notebooks
	$(BIN)/mutualstats scan -- $(call shell_quote,$(value BRIEFING))

# The browser the tests drive: the system's Chromium, never one downloaded by Playwright.
CHROMIUM ?= chromium

check-chromium:
	@command -v $(CHROMIUM) >/dev/null 2>&1 || { echo "make test-browser: Chromium not found ($(CHROMIUM)); install Debian's package as root: apt-get update && apt-get install -y chromium" >&2; exit 2; }

test-browser: check-chromium report ## Build the report and check it in the system Chromium through Playwright (installs nothing)
	MUTUALSTATS_CHROMIUM="$$(command -v $(CHROMIUM))" PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 $(BIN)/python -m pytest -m browser tests/browser

bench: $(SETUP_STAMP) ## Time make all (clean and unchanged), the audit and the notebook floor; write reports/bench.md
	$(BIN)/python benchmarks/bench.py

mutation: data ## Mutation testing of the statistics and the verdict rule; writes reports/mutation.json
	$(BIN)/python benchmarks/mutation.py

lint: $(SETUP_STAMP) ## Check formatting and lint with ruff
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/ruff check src tests notebooks benchmarks

$(LAB_STAMP): requirements-lab.lock $(SETUP_STAMP)
	@echo "[lab setup 1/3] virtual environment $(LAB_VENV)"
	@$(PYTHON) -m venv --without-pip $(LAB_VENV)
	@echo "[lab setup 2/3] JupyterLab from requirements-lab.lock"
	@$(BIN)/uv pip sync --quiet --python $(LAB_VENV)/bin/python requirements-lab.lock
	@echo "[lab setup 3/3] the project's kernel (.venv) as python3"
	@$(BIN)/python -m ipykernel install --prefix $(LAB_VENV) --name python3 --display-name "Python 3 (mutualstats)" >/dev/null
	@touch $@

# uv prefers the versions already pinned: delete a lock file first to take the newest allowed.
lock: $(SETUP_STAMP) ## Pin requirements.lock (pyproject.toml with dev) and requirements-lab.lock (its lab extra)
	$(BIN)/uv pip compile --quiet --no-header --no-annotate --python $(BIN)/python pyproject.toml --extra dev -o requirements.lock
	$(BIN)/python -c 'import tomllib; print(*tomllib.load(open("pyproject.toml", "rb"))["project"]["optional-dependencies"]["lab"], sep="\n")' \
		| $(BIN)/uv pip compile --quiet --no-header --no-annotate --python $(BIN)/python - -c requirements.lock -o requirements-lab.lock

lab: data $(LAB_STAMP) ## Open JupyterLab on the project's notebooks (its own environment, .venv-lab)
	$(LAB_VENV)/bin/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

store-notebooks: data ## Re-execute the committed notebooks and store their outputs (after a deliberate change)
	$(BIN)/mutualstats store-notebooks $(NOTEBOOKS)

clean: ## Remove generated data and reports (keeps .venv and .venv-lab)
	rm -rf data/processed data/.processed-* data/.build.lock reports/.stamps reports/.staging reports/figures reports/notebooks reports/validation.json reports/audit.csv reports/audit.md reports/runs reports/restated-*.txt reports/site reports/site-audit.png reports/briefing-annotated.html

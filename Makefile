# dti-kit: the README's two commands are `make reports` and `make test`.
# Both create .venv on first use (only Python 3.11, pip and make are needed).
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
KERNEL := dti-kit

.PHONY: venv reports test check samples bench lab clean

# The tests may cache what Python compiles (a machine may say not to): pytest rewrites the
# asserts of every test module at each run unless it may keep the result, which made
# `make check` 63 s instead of 49 s.
PYTEST := env -u PYTHONDONTWRITEBYTECODE $(PY) -m pytest

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	$(PY) -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (dti-kit)" >/dev/null
	touch $(STAMP)

# The main job: every report from the bundled sample inputs.
reports: $(STAMP)
	$(VENV)/bin/dti-kit build

# Regenerate the bundled synthetic sample inputs (deterministic: same seed, same bytes).
samples: $(STAMP)
	$(VENV)/bin/dti-kit samples --out inputs

LINT := $(VENV)/bin/ruff check dti_kit tests tools benchmarks

test: $(STAMP)
	$(LINT)
	$(PYTEST) -q -n 2 --dist loadfile tests
	$(PYTEST) -q -p no:cacheprovider --nbval-lax notebooks

# The fast tier (under a minute): no notebooks, no builds, no browser, no LibreOffice.
check: $(STAMP)
	$(LINT)
	$(PYTEST) -q -n 2 -p no:nbval -m "not slow" tests

bench: $(STAMP)
	$(PY) benchmarks/score_national.py
	@for b in benchmarks/*.py; do [ "$$b" = benchmarks/score_national.py ] || $(PY) $$b; done

# JupyterLab on the project with the dti-kit kernel. Root is allowed (containers, shared analysis
# servers run as root); the server prints the address to open, token included.
LAB_PORT ?= 8888
LAB_ARGS ?=
lab: $(STAMP)
	@echo "JupyterLab: open the http://127.0.0.1:$(LAB_PORT)/lab?token=… address printed below (Ctrl-C stops it)."
	$(VENV)/bin/jupyter lab --notebook-dir=. --ServerApp.open_browser=false --ServerApp.port=$(LAB_PORT) \
	    $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

clean:
	rm -rf $(VENV) reports/*/ reports/index.html .pytest_cache

# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
# Both create .venv and install the project into it the first time (and again when pyproject.toml changes).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test check bench

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	$(PY) -m compileall -q bot  # as pip does for what it installs: no launch compiles the bot's code again
	touch $@

run: $(VENV)/.installed
	$(PY) -m bot

test: $(VENV)/.installed
	$(VENV)/bin/ruff check bot tests
	$(VENV)/bin/mypy bot
	$(PY) -m pytest

check: $(VENV)/.installed
	$(PY) -m bot check

bench: $(VENV)/.installed
	$(PY) -m bot bench

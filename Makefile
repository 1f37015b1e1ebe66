# One task runner for people and CI. Every target creates .venv when it is missing.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench serve reference clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/faelled demo

test: $(STAMP)
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy faelled

bench: $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	@set -e; for b in benchmarks/*.py; do [ -e "$$b" ] || continue; echo "== $$b"; $(BIN)/python "$$b"; done

serve: $(STAMP)
	$(BIN)/faelled serve

reference: $(STAMP)
	$(BIN)/python scripts/build_reference.py

clean:
	rm -rf $(VENV) faelled-data .pytest_cache .mypy_cache .ruff_cache test-artifacts

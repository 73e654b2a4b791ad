# ecoparc — the two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= sqlite:///$(CURDIR)/ecoparc-demo.db
STAMP  := $(VENV)/.installed

.PHONY: run test lint install demo-db clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=25.1"

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[postgres]" --group dev
	touch $(STAMP)

install: $(STAMP)

demo-db: install
	$(BIN)/ecoparc --db "$(DB)" init --demo

run: demo-db
	$(BIN)/ecoparc --db "$(DB)" tui

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy

test: lint
	$(BIN)/pytest -n 2 --dist loadgroup

bench: install
	@for f in benchmarks/*.py; do echo "== $$f"; $(BIN)/python $$f; done

clean:
	rm -rf $(VENV) ecoparc-demo.db .pytest_cache .ruff_cache .mypy_cache

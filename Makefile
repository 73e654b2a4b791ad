# ecoparc — the two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DEMO   ?= $(CURDIR)/ecoparc-demo.db
DB     ?= sqlite:///$(DEMO)
STAMP  := $(VENV)/.installed

.PHONY: run test test-slow test-all lint install demo-db clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=25.1"

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[postgres]" --group dev
	touch $(STAMP)

install: $(STAMP)

# `make demo-db` (re)loads the samples into $(DB) (idempotent: a re-import changes nothing).
demo-db: install
	$(BIN)/ecoparc --db "$(DB)" init --demo

# The demo file is made once, under a temporary name so that an interrupted load
# leaves none: a second `make run` opens the interface at once, without
# re-importing. Its schema is upgraded only when a migration is newer than it.
$(DEMO): | $(STAMP)
	rm -f "$@.tmp"
	$(BIN)/ecoparc --db "sqlite:///$@.tmp" init --demo
	mv "$@.tmp" "$@"

$(DEMO).schema: $(DEMO) $(wildcard fleet/migrations/versions/*.py)
	$(BIN)/ecoparc --db "sqlite:///$(DEMO)" db upgrade
	touch "$@"

# `make run`: the demo file when DB is left alone; another DB is loaded with the samples.
run: install $(if $(filter sqlite:///$(DEMO),$(DB)),$(DEMO).schema,demo-db)
	$(BIN)/ecoparc --db "$(DB)" tui

# ruff; the layering contracts (pyproject.toml [tool.importlinter], docs/services.md);
# mypy --strict over every package: factors fleet footprint services cli tui samples.
lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy --strict factors fleet footprint services cli tui samples

# `make test`: lint and the fast suite (under 4 minutes on 2 cores). The cases
# marked `slow` (real processes, whole-sample imports, the TUI in tmux, the Pilot
# walks through its screens and their snapshots) run in
# `make test-slow`; `make test-all` runs everything. PostgreSQL cases run when
# ECOPARC_TEST_POSTGRES_URL names a server (.ci/run starts one).
PYTEST := $(BIN)/pytest -n 2 --dist loadgroup --durations=15

test: lint
	$(PYTEST) -m "not slow"

test-slow: install
	$(PYTEST) -m slow

test-all: lint
	$(PYTEST)

bench: install
	@for f in benchmarks/*.py; do echo "== $$f"; $(BIN)/python $$f; done

clean:
	rm -rf $(VENV) ecoparc-demo.db ecoparc-demo.db.frame.arrow ecoparc-demo.db.schema .pytest_cache .ruff_cache .mypy_cache

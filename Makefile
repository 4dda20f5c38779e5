# Every target sets itself up first: Python in .venv, JavaScript (GraphiQL's assets, the
# graphql-http audit) in node_modules via `npm ci` when npm is there.
VENV := .venv
BIN := $(VENV)/bin
NODE_STAMP := node_modules/.herald-installed
PORT ?= 8000

.PHONY: install run test bench lint schema

$(BIN)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else \
		echo "npm not found: GraphiQL will explain how to install its assets; the HTTP audit skips"; \
	fi

install: $(BIN)/.installed $(NODE_STAMP)

run: install
	$(BIN)/herald serve --demo --port $(PORT)

test: install
	$(BIN)/pytest -q

bench: install
	$(BIN)/python -m bench

lint: install
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

schema: install
	$(BIN)/herald export-schema schema.graphql

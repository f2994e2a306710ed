# Two entry points for a fresh clone: `make serve` and `make test`.
# Each creates .venv on first use and installs what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The browser tests drive Debian's Chromium (with Playwright, from PyPI); the remote-store
# tests run on Debian's Virtuoso Open Source and on the Oxigraph server (from PyPI).
CHROMIUM ?= /usr/bin/chromium
VIRTUOSO ?= /usr/bin/virtuoso-t
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: serve test lint ingest clean

$(BIN)/fonds: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(BIN)/fonds

serve: $(BIN)/fonds  ## publish data/records (if the store is empty) and serve on http://localhost:8000
	$(BIN)/fonds serve --host $(HOST) --port $(PORT)

$(CHROMIUM):
	@command -v apt-get >/dev/null || { echo "the browser tests need Chromium at $(CHROMIUM) (Debian: apt-get install chromium)" >&2; exit 1; }
	$(SUDO) apt-get update -q
	$(SUDO) apt-get install -y -q chromium

$(VIRTUOSO):
	@command -v apt-get >/dev/null || { echo "the remote-store tests need Virtuoso at $(VIRTUOSO) (Debian: apt-get install virtuoso-opensource)" >&2; exit 1; }
	$(SUDO) apt-get update -q
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q virtuoso-opensource

test: $(BIN)/fonds $(CHROMIUM) $(VIRTUOSO)  ## lint and run the whole test suite
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/python -m pytest

lint: $(BIN)/fonds
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

clean:
	rm -rf $(VENV) var

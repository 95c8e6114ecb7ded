# Every target creates what it needs itself: `make demo` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export OMP_NUM_THREADS ?= 2
export STEMMA_CORPORA ?= $(abspath ../shared/corpora)

.PHONY: demo test test-fast bench lint format clean chromium java docs

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

$(VENV)/.bench: $(VENV)/.installed
	$(BIN)/python -m pip install -q -e '.[dev,bench]'
	touch $@

demo: $(VENV)/.installed
	$(BIN)/stemma demo

# Browser tests drive Debian's chromium (Playwright's own browser download cannot run offline).
CHROMIUM := $(shell command -v chromium 2>/dev/null)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

chromium:
ifeq ($(CHROMIUM),)
	$(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q chromium
endif

# The Spark engine's tests need a Java runtime (17 or later); PySpark itself comes from PyPI.
JAVA := $(shell command -v java 2>/dev/null)

java:
ifeq ($(JAVA),)
	$(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q default-jre-headless
endif

# Everything: browser, PostgreSQL (a throw-away pgserver) and Spark tests included.
test: $(VENV)/.installed chromium java
	$(BIN)/python -m pytest -q

# The quick loop: no browser, no PostgreSQL server, no Spark session, no soaks.
test-fast: $(VENV)/.installed
	$(BIN)/python -m pytest -q -m "not browser and not postgres and not spark and not slow"

# Screenshots of the story, pair and article pages at 1,280 and 390 px, made on the demo.
docs: $(VENV)/.installed chromium
	$(BIN)/python docs/screenshots.py

bench: $(VENV)/.bench
	$(BIN)/python -m benchmarks.run

lint: $(VENV)/.installed
	$(BIN)/ruff check stemma tests benchmarks
	$(BIN)/ruff format --check stemma tests benchmarks

format: $(VENV)/.installed
	$(BIN)/ruff format stemma tests benchmarks
	$(BIN)/ruff check --fix stemma tests benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache demo.db* demo-report.html

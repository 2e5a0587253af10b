# Two commands for a newcomer: `make serve` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8000
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build check test test-unit test-site browser checker clean offline bench edit

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

## make serve: install, build and serve at http://127.0.0.1:$(PORT) with live reload
serve: $(STAMP)
	$(BIN)/python -m generator serve --port $(PORT)

## make edit: edit the content in a browser at http://127.0.0.1:8001 (this machine only)
edit: $(STAMP)
	$(BIN)/python -m generator edit --port 8001

## make build: validate content and build the site into site/
build: $(STAMP)
	$(BIN)/python -m generator build

## make check: validate content only (fast)
check: $(STAMP)
	$(BIN)/python -m generator check

## make offline: the offline edition as a zip (works when unpacked and opened from files)
## make offline REGION=<id>: one regional edition's zip (content/regions/<id>.yml)
offline: $(STAMP)
	$(BIN)/python -m generator offline $(if $(REGION),--region $(REGION))

## make bench: performance report against plain mkdocs-material (build/bench/report.md)
bench: $(STAMP) browser
	[ -x build/tools/node_modules/.bin/lighthouse ] || (mkdir -p build/tools && cd build/tools && npm install --silent --no-audit --no-fund lighthouse@13)
	[ -x build/zensical/bin/zensical ] || ($(PYTHON) -m venv build/zensical && build/zensical/bin/pip install --quiet zensical)
	LIGHTHOUSE=$(CURDIR)/build/tools/node_modules/.bin/lighthouse ZENSICAL=$(CURDIR)/build/zensical/bin/zensical $(BIN)/python scripts/bench.py

## make browser: make sure a Chromium is available for the browser tests
browser: $(STAMP)
	bash scripts/ensure-browser.sh $(BIN)

## make checker: the W3C Nu HTML Checker (Java and npm's vnu-jar) for the HTML test
checker:
	bash scripts/ensure-checker.sh

## make test: install everything the tests need and run the whole suite
test: $(STAMP) browser checker
	$(BIN)/python -m pytest

test-unit: $(STAMP)
	$(BIN)/python -m pytest tests/unit

clean:
	rm -rf build site site.* dist .pytest_cache

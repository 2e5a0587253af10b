# Two commands for a newcomer: `make serve` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8000
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build check test test-unit test-site browser checker clean offline bench edit zensical a11y-report system-packages

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
bench: $(STAMP) browser zensical
	[ -x build/tools/node_modules/.bin/lighthouse ] || (mkdir -p build/tools && cd build/tools && npm install --silent --no-audit --no-fund lighthouse@13)
	LIGHTHOUSE=$(CURDIR)/build/tools/node_modules/.bin/lighthouse ZENSICAL=$(CURDIR)/build/zensical/bin/zensical $(BIN)/python scripts/bench.py

## make browser: make sure a Chromium is available for the browser tests
browser: $(STAMP)
	bash scripts/ensure-browser.sh $(BIN)

## make checker: the W3C Nu HTML Checker (Java and npm's vnu-jar) for the HTML test
checker:
	bash scripts/ensure-checker.sh

## make zensical: the second engine, from PyPI into its own venv (build/zensical)
zensical: build/zensical/bin/zensical
build/zensical/bin/zensical:
	$(PYTHON) -m venv build/zensical
	build/zensical/bin/pip install --quiet zensical

## system packages the tests use (as root on Debian, as .ci/run does): nginx, poppler, fonts, LibreOffice
system-packages:
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  missing=""; \
	  [ -x /usr/sbin/nginx ] || command -v nginx >/dev/null || missing="$$missing nginx-light"; \
	  command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	  [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing="$$missing fonts-dejavu-core"; \
	  command -v soffice >/dev/null || missing="$$missing libreoffice-writer-nogui"; \
	  if [ -n "$$missing" ]; then echo "Installerar$$missing ..."; apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; fi; fi

## make test: install everything the tests need and run the whole suite, then the page
## checks again on Zensical's build of the same site
test: $(STAMP) browser system-packages zensical checker
	$(BIN)/python -m pytest
	SITE_ENGINE=zensical $(BIN)/python -m pytest tests/site/test_pages.py tests/site/test_engine.py tests/site/test_theme_css.py

## make a11y-report: copy the checked figures of the latest browser run into
## content/system/test-results.yml (shown in the accessibility statement; commit it)
a11y-report: $(STAMP)
	$(BIN)/python -m generator.a11y_report

test-unit: $(STAMP)
	$(BIN)/python -m pytest tests/unit

clean:
	rm -rf build site site.* dist .pytest_cache

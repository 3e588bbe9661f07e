# Partnership Audit: two commands for people, a few more for maintainers.
#
#   make run    set up .venv, migrate, load the BASW standards and the demo, serve on http://127.0.0.1:$(PORT)/
#               with the background worker (PDF renders, emails) beside it, at a lower CPU priority
#   make test   set up .venv and the system packages the tests need, then run the whole suite
#
# Override any variable on the command line: `make run PORT=8001`, `make test PYTEST_ARGS="-x tests/standards"`.

PYTHON ?= python3
VENV ?= .venv
HOST ?= 127.0.0.1
PORT ?= 8000
# Two workers measured fastest on these two-CPU machines; TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= 2
PYTEST_ARGS ?=
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/partnership_audit
# Debian packages the tests use: Chromium for the browser tests, pdftotext/pdftoppm to read the PDFs,
# DejaVu so PDFs lay out the same everywhere.
TEST_DEBS ?= chromium poppler-utils fonts-dejavu-core
# Pango lays out the PDF's text; HarfBuzz's subsetter embeds only the glyphs used, in C (without it WeasyPrint
# falls back to fontTools, and a PDF takes about twice as long).
PDF_DEBS ?= libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0

VPY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-from-pyproject
MANAGE_DEV := DJANGO_DEBUG=1 $(VPY) manage.py

.DEFAULT_GOAL := help
.PHONY: help run test test-postgres lint format venv check-weasyprint test-system-packages test-oidc-provider

help:
	@echo "make run            set up, migrate, load standards and demo data, serve on http://$(HOST):$(PORT)/"
	@echo "make test           run the whole test suite (SQLite unless DATABASE_URL is set)"
	@echo "make test-postgres  run the suite on the local PostgreSQL server"
	@echo "make lint           ruff check and ruff format --check"

# --- The virtualenv: created once, re-installed only when pyproject.toml changes --------------------
$(VPY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; found " + sys.version.split()[0] + ". Set PYTHON=python3.11 (or newer).")'
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(VPY)
	$(VPY) -m pip install --quiet --upgrade pip
	$(VPY) -m pip install --quiet -e ".[dev]"
	@touch $@

venv: $(STAMP)

# --- System libraries --------------------------------------------------------------------------------
# WeasyPrint (PDF action plans) needs Pango 1.44 or newer, and HarfBuzz's subsetter to be fast.
# As root with apt-get, install what is missing; otherwise say how.
WEASYPRINT_READY := import weasyprint.text.ffi as f, sys; sys.exit(f.harfbuzz_subset is None)
check-weasyprint: $(STAMP)
	@if ! $(VPY) -W ignore -c "$(WEASYPRINT_READY)" >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "WeasyPrint is missing system libraries: installing $(PDF_DEBS)"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(PDF_DEBS) >/dev/null; \
	  fi; \
	fi
	@$(VPY) -c "import weasyprint" >/dev/null 2>&1 || { \
	  echo "WeasyPrint cannot load its system libraries (Pango 1.44 or newer), so PDF downloads will not work."; \
	  echo "Install them, then run make again:"; \
	  echo "  Debian/Ubuntu:  sudo apt-get install $(PDF_DEBS)"; \
	  echo "  Fedora:         sudo dnf install pango harfbuzz"; \
	  echo "  macOS:          brew install pango harfbuzz"; \
	  echo "Details: $$($(VPY) -c 'import weasyprint' 2>&1 | tail -n 1)"; \
	  exit 1; }
	@$(VPY) -W ignore -c "$(WEASYPRINT_READY)" >/dev/null 2>&1 || { \
	  echo "WeasyPrint cannot load HarfBuzz's subsetter: PDF downloads work but take about twice as long."; \
	  echo "  Debian/Ubuntu:  sudo apt-get install libharfbuzz-subset0"; }

# Install what the tests need when it is missing, running `apt-get update` at most once.
# Without root or apt-get, say what is missing and carry on: browser tests then skip (and fail under CI=true).
test-system-packages:
	@missing=""; \
	for pkg in $(TEST_DEBS); do \
	  dpkg-query -W -f='$${Status}' $$pkg 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing for the tests:$$missing"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else \
	    echo "Missing Debian packages for the tests:$$missing"; \
	    echo "Install them with: sudo apt-get install$$missing"; \
	  fi; \
	fi

# --- The loopback OpenID Connect provider the SSO specs sign in through (Node.js, tests/oidc) ---------
# `npm ci` again only when package-lock.json changes (the stamp lives in node_modules, so deleting it reinstalls).
# Without Node.js and npm, or offline, say so and carry on: the SSO specs then skip (and fail under CI=true).
OIDC_DIR := tests/oidc
OIDC_STAMP := $(OIDC_DIR)/node_modules/.installed-from-lock

$(OIDC_STAMP): $(OIDC_DIR)/package-lock.json
	@if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then \
	  echo "npm ci --no-audit --no-fund --prefix $(OIDC_DIR)"; \
	  npm ci --no-audit --no-fund --prefix $(OIDC_DIR) && touch $@ || \
	    echo "npm ci failed: the SSO specs will skip (and fail under CI=true)."; \
	else \
	  echo "Node.js and npm are missing: the SSO specs will skip (and fail under CI=true)."; \
	  echo "Install Node.js 18, 20 or 22 with npm:"; \
	  echo "  Debian/Ubuntu:  sudo apt-get install nodejs npm"; \
	  echo "  Fedora:         sudo dnf install nodejs npm"; \
	  echo "  macOS:          brew install node"; \
	fi

test-oidc-provider: $(OIDC_STAMP)

# --- The two commands in the README ------------------------------------------------------------------
run: $(STAMP)
	@$(MAKE) --no-print-directory check-weasyprint || echo "Carrying on: everything but the PDF downloads works."
	$(MANAGE_DEV) migrate --no-input
	$(MANAGE_DEV) load_standards
	$(MANAGE_DEV) seed_demo
	@echo "Serving on http://$(HOST):$(PORT)/ with the background worker (PDFs, emails) beside it (Ctrl+C stops both)"
	@trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	DJANGO_DEBUG=1 nice -n 10 $(VPY) manage.py db_worker --interval 1 --no-reload & worker=$$!; \
	$(MANAGE_DEV) runserver $(HOST):$(PORT)

test: $(STAMP) test-system-packages check-weasyprint test-oidc-provider
	$(VPY) -m pytest $(if $(filter-out 0,$(TEST_WORKERS)),-n $(TEST_WORKERS)) $(PYTEST_ARGS)

# --- For maintainers ----------------------------------------------------------------------------------
test-postgres: $(STAMP)
	@pg_isready -q -h 127.0.0.1 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	@for i in 1 2 3 4 5 6 7 8 9 10; do pg_isready -q -h 127.0.0.1 && break; sleep 1; done; pg_isready -h 127.0.0.1
	DATABASE_URL=$(POSTGRES_URL) $(MAKE) --no-print-directory test

lint: $(STAMP)
	$(VPY) -m ruff check .
	$(VPY) -m ruff format --check .

format: $(STAMP)
	$(VPY) -m ruff check --fix .
	$(VPY) -m ruff format .

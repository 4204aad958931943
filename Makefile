# egovpm — `make run` serves the demo, `make test` runs everything CI runs. `make help` lists the targets.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --quiet --disable-pip-version-check
RUFF := $(VENV)/bin/ruff
PYTEST := $(VENV)/bin/pytest
MANAGE := $(PY) manage.py
REPORT := reports/articles.json
# Set on the command line: more pytest arguments for `make test` (.ci/run: --skip-any-database on its
# PostgreSQL run), and more reports for `make rules` to read with $(REPORT) (.ci/run: its SQLite run's).
PYTEST_ARGS :=
RULES_REPORTS :=
# pytest-xdist workers (each with its own test database); 0 runs the suite in one process.
PYTEST_WORKERS := 2
HOST ?= 127.0.0.1:8000

RUNTIME_STAMP := $(VENV)/.installed-runtime
TEST_STAMP := $(VENV)/.installed-test

# Root installs system packages directly; anyone else through sudo.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help run test rules matrix lint format migrate demo docs clean distclean system browser install install-test

help:
	@echo "egovpm — 启东市电子政务工程建设项目全生命周期管理平台"
	@echo
	@echo "  make run       venv + dependencies, migrate, demo data (once), runserver on $(HOST)"
	@echo "  make test      test dependencies, chromium if missing, ruff check, the layers, the whole pytest suite"
	@echo "  make rules     the compliance matrix (runs the suite first when $(REPORT) is missing)"
	@echo "  make matrix    regenerate the access matrix (every page and API call × every role); review its diff"
	@echo "  make lint      ruff check, ruff format --check and the layers (import-linter)"
	@echo "  make format    ruff format and ruff check --fix"
	@echo "  make migrate   apply database migrations"
	@echo "  make demo      drop the development database and load the demo data again"
	@echo "  make docs      regenerate the demo accounts in README.md and the lifecycle tables in docs/"
	@echo "  make clean     remove reports, caches and collected static files (keeps .venv, data and files)"
	@echo "  make distclean clean, and also remove .venv, db.sqlite3 and var/ (uploaded files)"
	@echo
	@echo "DATABASE_URL selects the database (default: SQLite db.sqlite3)."

# --- environment -----------------------------------------------------------------------------

$(PY):
	$(PYTHON) -m venv $(VENV)

$(RUNTIME_STAMP): requirements.lock | $(PY)
	$(PIP) install -r requirements.lock
	@touch $@

$(TEST_STAMP): requirements-test.lock $(RUNTIME_STAMP)
	$(PIP) install -r requirements-test.lock
	@touch $@

install: $(RUNTIME_STAMP)

install-test: $(TEST_STAMP)

# Debian packages: pango and fonts for the PDF exports (WeasyPrint; DejaVu draws ☑/☐; HarfBuzz's subset
# library embeds only the glyphs a PDF uses: without it WeasyPrint falls back to fontTools, and one 附件1 PDF
# with Noto CJK takes about 20 s instead of 2), and chromium for the Playwright tests (never
# `playwright install`). Installed with apt-get when missing.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk fonts-dejavu-core
BROWSER_PACKAGES := chromium

define apt_ensure
	@missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
endef

system:
	$(call apt_ensure,$(SYSTEM_PACKAGES))

browser: system
	$(call apt_ensure,$(BROWSER_PACKAGES))

# --- the application -------------------------------------------------------------------------

migrate: $(RUNTIME_STAMP) system
	$(MANAGE) migrate --noinput

run: migrate
	$(MANAGE) load_demo
	@echo
	@echo "egovpm: http://$(HOST)/  (Ctrl-C to stop)"
	$(MANAGE) runserver $(HOST)

demo: $(RUNTIME_STAMP)
	$(MANAGE) load_demo --reset

# --- quality ---------------------------------------------------------------------------------

test: $(TEST_STAMP) browser
	$(RUFF) check .
	$(VENV)/bin/lint-imports
	@mkdir -p $(dir $(REPORT))
	@rm -f $(REPORT)
	EGOVPM_ARTICLES_REPORT=$(REPORT) $(PYTEST) -q -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# The report of the last test run; when it is missing, run the suite to write it (failures included:
# the matrix shows them).
$(REPORT): | $(TEST_STAMP) browser
	@mkdir -p $(dir $(REPORT))
	-EGOVPM_ARTICLES_REPORT=$(REPORT) $(PYTEST) -q -n $(PYTEST_WORKERS)

rules: $(REPORT)
	$(PY) scripts/rules.py $(foreach report,$(REPORT) $(RULES_REPORTS),--report $(report))

# The access matrix the tests assert (egovpm/orgs/tests/access_matrix.json), observed from the live platform.
matrix: $(TEST_STAMP)
	$(PY) scripts/access_matrix.py

lint: $(TEST_STAMP)
	$(RUFF) check .
	$(RUFF) format --check .
	$(VENV)/bin/lint-imports

format: $(TEST_STAMP)
	$(RUFF) format .
	$(RUFF) check --fix .

docs: $(RUNTIME_STAMP)
	$(PY) scripts/docs.py

clean:
	rm -rf reports staticfiles .pytest_cache .ruff_cache
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) db.sqlite3 var

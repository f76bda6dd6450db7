# The portal's front door: `make run` for the demo, `make test` for the suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
PYTEST_ARGS ?=
RUN_PACKAGES := fonts-noto-core fonts-noto-cjk gettext
TEST_PACKAGES := $(RUN_PACKAGES) postgresql poppler-utils chromium libreoffice-calc-nogui
# The message catalogues are compiled from locale/*/LC_MESSAGES/django.po; the .mo files are not kept in git.
CATALOGUES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))

.PHONY: run serve test test-inner short-loadtests lint fmt bench venv system-packages messages clean loadtest faulttest backup restore screenshots

$(VENV)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

venv: $(VENV)/.installed

# The checkers the browser tests use: axe-core (accessibility) and the Nu HTML Checker (run with the machine's Java).
# --ignore-scripts: vnu-jar's install script would try to download a Java runtime; Debian's is used instead.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po
	msgfmt --check-format -o $@ $<

messages: $(CATALOGUES)

run: venv
	bin/system-packages $(RUN_PACKAGES)
	$(MAKE) --no-print-directory messages
	$(MANAGE) migrate --no-input
	$(MANAGE) createcachetable
	$(MANAGE) load_reference_data
	$(MANAGE) load_agency_benefits
	for bank in fixtures/frameworks/*.yaml; do [ -e "$$bank" ] && $(MANAGE) load_framework "$$bank"; done; true
	$(MANAGE) load_initial_report_template fixtures/initial_report_template.yaml
	$(MANAGE) load_experiences
	$(MANAGE) seed_demo
	$(MANAGE) runserver 127.0.0.1:8000

# Production-like: gunicorn workers, WhiteNoise static files, PostgreSQL, debug off.
# Uses DATABASE_URL when set; otherwise a local cluster kept in var/postgres.
serve: venv
	bin/system-packages $(RUN_PACKAGES) postgresql
	$(MAKE) --no-print-directory messages
	PG_KEEP_DIR=var/postgres bin/with-postgres bin/serve

test: venv
	bin/system-packages $(TEST_PACKAGES)
	command -v java >/dev/null || bin/system-packages default-jre-headless
	command -v npm >/dev/null || bin/system-packages nodejs npm
	$(MAKE) --no-print-directory messages node_modules/.installed
	bin/with-postgres $(MAKE) --no-print-directory test-inner PYTEST_ARGS="$(PYTEST_ARGS)" SHORT_LOADTESTS="$(SHORT_LOADTESTS)"

# Runs inside bin/with-postgres, with DATABASE_URL set. The load and fault tests run in a short form
# (a few users for 10 to 16 seconds, the database stopped for 2 in the fault one), so that a change that
# breaks saving under load, or the recovery from an outage, fails here rather than in a later `make loadtest`.
# SHORT_LOADTESTS=0 leaves them out of a local run of a few tests; CI runs them.
SHORT_LOADTESTS ?= 1
test-inner:
	$(VENV)/bin/ruff check .
	$(MANAGE) makemigrations --check --dry-run
	if [ "$(SHORT_LOADTESTS)" != "0" ]; then $(MAKE) --no-print-directory short-loadtests; fi
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# Inside bin/with-postgres (the fault test stops and restarts the cluster it started).
# Two sessions per member, so that even a handful of users save the same answers at once.
SHORT_LOAD := LOADTEST_SECONDS=10 LOADTEST_USERS=6 LOADTEST_SESSIONS_PER_MEMBER=2
short-loadtests:
	$(SHORT_LOAD) $(PY) -m bench.loadtest
	$(SHORT_LOAD) LOADTEST_SECONDS=16 FAULTTEST_OUTAGE_SECONDS=2 $(PY) -m bench.faulttest

# The README's screenshots, refreshed on purpose (the browser tests otherwise write them to a scratch folder).
screenshots: venv
	bin/system-packages $(TEST_PACKAGES)
	$(MAKE) --no-print-directory messages node_modules/.installed
	SCREENSHOTS_DIR=$(CURDIR)/docs/screenshots bin/with-postgres $(VENV)/bin/pytest tests/browser -q

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fmt: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: venv
	bin/system-packages $(RUN_PACKAGES) postgresql poppler-utils wrk
	bin/with-postgres $(PY) -m bench

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles node_modules $(CATALOGUES)

# 50 signed-in members reading and autosaving at once; LOADTEST_SECONDS shortens the run.
loadtest: venv
	bin/with-postgres $(PY) -m bench.loadtest

# The same load, with PostgreSQL stopped for about 5 seconds in the middle.
faulttest: venv
	bin/with-postgres $(PY) -m bench.faulttest

# The database at DATABASE_URL and the uploaded files, into var/backups/<UTC stamp>/.
backup:
	bin/system-packages postgresql-client-15
	bin/backup

# make restore BACKUP=var/backups/<stamp>: replaces the database at DATABASE_URL.
restore:
	bin/system-packages postgresql-client-15
	bin/restore "$(BACKUP)"

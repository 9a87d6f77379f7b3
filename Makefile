# Set-up is part of every target: a fresh machine needs only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Browser tests drive Debian's Chromium: Playwright's own browser download is not reachable here.
# Another Chromium can be named (make test CHROMIUM=/path/to/chrome); the tests read it too.
CHROMIUM ?= /usr/bin/chromium
export CHROMIUM
# The workflow lint runs shellcheck on each workflow's run: scripts.
SHELLCHECK := /usr/bin/shellcheck
# The hosting guide's nginx configuration is run on a real nginx by the tests.
NGINX := /usr/sbin/nginx
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
# Material's end-of-life banner is in the README; a build prints only what the author must act on.
export NO_MKDOCS_2_WARNING := 1

# The SCORM test runs the package against scorm-again, a real SCORM runtime from npm, kept in
# the project's cache rather than installed globally.
NODE_CACHE := .cache/node
SCORM_AGAIN := $(NODE_CACHE)/node_modules/scorm-again/package.json
# make lighthouse measures the built site with Lighthouse from npm, in a cache of its own (an npm
# install prunes what its folder's package.json does not list). 12.2.3 is the last for Node 20.
LIGHTHOUSE_CACHE := .cache/lighthouse
LIGHTHOUSE := $(LIGHTHOUSE_CACHE)/node_modules/.bin/lighthouse

.PHONY: install serve build build-offline build-zensical test validate check hooks bench lighthouse schemas clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

build: $(STAMP)
	$(BIN)/mkdocs build --strict

# A copy that opens from disk (file://): pages as .html files, search without a server.
build-offline: $(STAMP)
	OFFLINE=true SITE_URL= $(BIN)/mkdocs build --strict --no-directory-urls --site-dir site-offline

# Zensical runs no MkDocs plugin: the site is generated as plain files, then built there
# (to build/zensical/site).
build-zensical: $(STAMP)
	$(BIN)/cx-playbook generate build/zensical
	cd build/zensical && $(CURDIR)/$(BIN)/zensical build --strict

validate: $(STAMP)
	$(BIN)/cx-playbook validate playbook

# What a reviewer needs: validation, placeholders, orphans, a strict build and every internal link.
check: $(STAMP)
	$(BIN)/cx-playbook check

# Validate the playbook before each commit that changes it (.pre-commit-config.yaml).
hooks: $(STAMP)
	$(BIN)/pre-commit install

$(CHROMIUM):
	$(SUDO) apt-get update -qq
	$(SUDO) apt-get install -y -qq chromium

$(SCORM_AGAIN):
	command -v npm >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq nodejs npm; }
	npm install --prefix $(NODE_CACHE) --no-audit --no-fund --no-save --silent scorm-again@3

$(SHELLCHECK):
	$(SUDO) apt-get update -qq
	$(SUDO) apt-get install -y -qq shellcheck

$(NGINX):
	$(SUDO) apt-get update -qq
	$(SUDO) apt-get install -y -qq nginx

test: $(STAMP) $(CHROMIUM) $(NGINX) $(SHELLCHECK) $(SCORM_AGAIN)
	$(BIN)/mypy
	$(BIN)/python -m pytest -n auto --dist worksteal

bench: $(STAMP)
	$(BIN)/python tests/bench.py

$(LIGHTHOUSE):
	command -v npm >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq nodejs npm; }
	npm install --prefix $(LIGHTHOUSE_CACHE) --no-audit --no-fund --no-save --silent lighthouse@12.2.3

# A benchmark, not a test: scores depend on the machine, so make test does not need Lighthouse.
lighthouse: $(STAMP) $(CHROMIUM) $(LIGHTHOUSE)
	CHROME_PATH=$(CHROMIUM) $(BIN)/python tests/lighthouse.py

schemas: $(STAMP)
	$(BIN)/cx-playbook schema --out schemas

clean:
	rm -rf site site-offline build/zensical $(VENV) .bench .cache

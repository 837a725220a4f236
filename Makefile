SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV   := .venv
PY     := $(VENV)/bin/python
RASA   := $(VENV)/bin/rasa
MODEL  := models/civette.tar.gz
STAMP  := $(VENV)/.installed

export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 3
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1
# Reproducible training: the same data and seeds give the same model on the same machine.
export PYTHONHASHSEED := 0
export TF_DETERMINISTIC_OPS := 1

TRAIN_INPUTS := config.yml domain.yml $(shell find data faq -name '*.yml' 2>/dev/null) civette/intent_model.py civette/intent_model_file.py

.PHONY: help install widget responses train run run-prod demo-data demo test validate bench lock clean

help:
	@echo "make run       install, train if needed, start the assistant on localhost"
	@echo "make test      everything CI checks"
	@echo "make demo      the demo orders into CIVETTE_DATABASE_URL, whatever it is"
	@echo "make install | train | validate | bench | lock | clean"

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@python3.10 -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null || { \
	  echo "ERROR: Python 3.10 is required (Rasa 3.6 does not support 3.11+)."; \
	  echo "       Install it (e.g. 'pyenv install 3.10') so that 'python3.10' runs, then retry."; \
	  exit 1; }
	python3.10 -m venv $(VENV)
	$(PY) -m pip install --quiet "pip==24.0"
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	$(PY) -m pip check
	@touch $@

# The chat widget, bundled from npm packages (package-lock.json) into widget/dist/.
WIDGET := widget/dist/civette-widget.js
widget: $(WIDGET)

$(WIDGET): widget/package.json widget/package-lock.json $(wildcard widget/src/*.js)
	cd widget && npm ci --no-audit --no-fund && npm run build

train: $(MODEL)

$(MODEL): $(TRAIN_INPUTS) | $(STAMP)
	$(PY) -m civette.faq --check
	$(RASA) train --fixed-model-name civette --out models
	@touch $@

# The FAQ responses are generated from faq/faq.yml and committed; train and validate only check them.
responses: | $(STAMP)
	$(PY) -m civette.faq

validate: $(STAMP)
	$(PY) -m civette.faq --check
	$(RASA) data validate --fail-on-warnings

run: $(MODEL) $(WIDGET) demo-data
	./scripts/serve.sh

# The production layout on loopback (scripts/run-prod.sh): two Rasa processes and two action servers
# behind nginx, conversations in PostgreSQL, turns locked in Redis, orders and cases in PostgreSQL.
run-prod: $(MODEL) $(WIDGET) | $(STAMP)
	./scripts/run-prod.sh

# The order store (CIVETTE_DATABASE_URL, default var/orders.db) with the demo orders, dated from today:
# only the embedded default gets them, a configured database may hold the shop's real orders.
demo-data: | $(STAMP)
	$(VENV)/bin/civette db upgrade
ifdef CIVETTE_DATABASE_URL
	@echo "Demo orders not loaded: CIVETTE_DATABASE_URL is set (make demo loads them there)."
else
	$(VENV)/bin/civette demo
endif

# The demo orders into CIVETTE_DATABASE_URL, whatever it is (a staging database, say).
demo: | $(STAMP)
	$(VENV)/bin/civette db upgrade
	$(VENV)/bin/civette demo --force

test: validate $(MODEL) $(WIDGET)
	cd widget && npm test
	$(PY) -m pytest

bench: $(MODEL)
	$(PY) -m civette.bench

lock:
	$(PY) -m pip freeze --exclude-editable | { \
	  echo "# Every package pinned, resolved and checked together (pip check) on Python 3.10."; \
	  echo "# Direct dependencies are listed in pyproject.toml; regenerate with 'make lock'."; \
	  cat; } > requirements.lock

clean:
	rm -rf models results var .pytest_cache widget/dist widget/node_modules

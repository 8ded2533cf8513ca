# Binôme: `make run` to try it, `make test` to check it. Both start from `make install`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin

.PHONY: install run demo test test-unit test-integration test-e2e backends lint clean catalogues

$(BIN)/binome: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade "pip" "setuptools<82"
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/binome

# Everything in one process with demo data: SQLite under ./data, in-process messaging, Maildir.
run: install
	$(BIN)/binome run

demo: install
	$(BIN)/binome demo

# Starts RabbitMQ (with its management plugin) and PostgreSQL here when they are installed but down.
backends:
	deploy/ensure-backends

test: install backends
	$(BIN)/python -m pytest tests

test-unit: install
	$(BIN)/python -m pytest tests -m unit

test-integration: install backends
	$(BIN)/python -m pytest tests -m integration

test-e2e: install backends
	$(BIN)/python -m pytest tests -m e2e

# The pages' gettext catalogues: extract the keys the code and templates use, then add the new ones
# (empty) to each .po and drop the ones no code uses (services/gateway/locale/README.md).
catalogues: install
	$(BIN)/python -m services.gateway.catalogue_keys
	cd services/notifications && ../../$(BIN)/pybabel -q extract -F babel.cfg -o locale/messages.pot \
	    --no-location --sort-output -w 100 --project Binôme --copyright-holder "Binôme contributors" . \
	  && ../../$(BIN)/pybabel -q update -i locale/messages.pot -d locale -w 100 -N --ignore-obsolete --ignore-pot-creation-date

lint: install
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) data

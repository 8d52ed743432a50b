# Token grants. `make help` lists every target; seed 001's targets keep their names.
SHELL := /bin/bash
.DEFAULT_GOAL := help
CAMPAIGN ?= http://localhost:8080
CHAIN_SVC_URL ?= http://localhost:8081
# The chain `make run` / `make dev` start: devnet (our dev chain) or localnet (Movement's real local
# chain, scripts/localnet.sh; needs the Movement CLI).
CHAIN ?= devnet
PUBSUB ?= http://localhost:8681
PROJECT ?= test-project

.PHONY: help dev build run run-campaign run-chain run-blockchain test move-test conformance upgrade-check api-fuzz status monitor logs stop clean chaos bench lint lint-deploy sqlx-check sqlx-prepare compose-test compose-build fmt

help: ## Show every target with what it does
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-15s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

run: ## Build and start everything (Postgres, Pub/Sub emulator, chain, both services; CHAIN=localnet: Movement's local chain); Ctrl-C stops it
	CHAIN=$(CHAIN) scripts/run.sh

dev: ## Start only Postgres, the Pub/Sub emulator and the chain (CHAIN=devnet|localnet; then run-campaign / run-chain)
	CHAIN=$(CHAIN) scripts/run.sh infra

build: ## Build every binary (release)
	cargo build --release --workspace --bins

run-campaign: ## Run campaign-svc in the foreground against `make dev`
	scripts/run.sh campaign

run-chain: ## Run chain-svc in the foreground against `make dev`
	scripts/run.sh chain

run-blockchain: run-chain ## Seed 001's name for run-chain

test: ## Every test of every crate against real Postgres, the Pub/Sub emulator and the dev chain
	scripts/test.sh

move-test: ## Move unit tests of move/jobs, then a compile with jobs_addr bound as publishing does (Movement CLI: scripts/movement-cli.sh)
	@cli=$$(scripts/movement-cli.sh) && \
	  "$$cli" move test --package-dir move/jobs --output-dir target/move/jobs --skip-fetch-latest-git-deps && \
	  "$$cli" move compile --package-dir move/jobs --output-dir target/move/jobs --named-addresses jobs_addr=0xCAFE --skip-fetch-latest-git-deps

conformance: ## One suite, two chains: every scenario against the dev chain and a real local chain (Movement CLI), which must agree; CONFORMANCE_SKIP_LOCALNET=1 runs the dev chain alone
	scripts/conformance.sh

upgrade-check: ## On a real local chain: move/jobs published over the contract it replaced (move/experiments/leaves) still refuses an id paid under it (docs/deploy.md)
	scripts/upgrade-check.sh

api-fuzz: ## Fuzz campaign-svc's HTTP API from its openapi.json (schemathesis); fails on a 5xx or a spec mismatch
	scripts/api-fuzz.sh

status: ## Health, readiness and stats of the running services
	@echo "campaign-svc /health:"; curl -s $(CAMPAIGN)/health || echo "  not reachable"; echo
	@echo "campaign-svc /ready:";  curl -s $(CAMPAIGN)/ready || echo "  not reachable"; echo
	@echo "chain-svc /health:";    curl -s $(CHAIN_SVC_URL)/health || echo "  not reachable"; echo
	@echo "chain-svc /stats:";     curl -s $(CHAIN_SVC_URL)/stats || echo "  not reachable"; echo

monitor: ## List the emulator's topics and subscriptions (REST API)
	@echo "topics:";        curl -s $(PUBSUB)/v1/projects/$(PROJECT)/topics || echo "  emulator not reachable"
	@echo "subscriptions:"; curl -s $(PUBSUB)/v1/projects/$(PROJECT)/subscriptions || echo "  emulator not reachable"

logs: ## Follow the logs of `make run` (.run/logs)
	@ls .run/logs/*.log >/dev/null 2>&1 || { echo "no logs: start 'make run' first"; exit 1; }
	tail -n 50 -F .run/logs/*.log

stop: ## Stop a running `make run` / `make dev` (and only what it started)
	@if [ -f .run/run.pid ] && kill -0 $$(cat .run/run.pid) 2>/dev/null; then \
	  kill -TERM $$(cat .run/run.pid); echo "stopping make run (pid $$(cat .run/run.pid))"; \
	else echo "nothing is running"; fi

clean: stop ## Stop, then remove build output, .run state and test clusters
	cargo clean
	rm -rf .run

chaos: ## Whole system under load with kills, restarts and chain faults; audits lost / double-paid / mismatched
	scripts/chaos.py

bench: ## Benchmarks on real components; writes target/bench/report.{json,md}
	scripts/bench.py

lint: ## cargo fmt --check, clippy -D warnings (campaign-svc's queries from campaign-svc/.sqlx), make sqlx-check, and the offline deployment checks
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	scripts/sqlx-prepare.sh --check
	scripts/lint-deploy.sh

sqlx-check: ## Fail, naming the files, unless campaign-svc/.sqlx (the query macros' offline data) is what its queries and migrations give (a throwaway Postgres)
	scripts/sqlx-prepare.sh --check

sqlx-prepare: ## After changing a query or a migration: regenerate campaign-svc/.sqlx (a throwaway Postgres), then commit it
	scripts/sqlx-prepare.sh

lint-deploy: ## Validate Dockerfiles, docker-compose.yml, k8s overlays, alert rules and the dashboard offline
	scripts/lint-deploy.sh

compose-test: ## Build the three images and run docker-compose.yml for real through podman: health, curl flow, hardening, restart (docs/deploy.md)
	scripts/compose-test.sh

compose-build: ## compose-test's first half alone: podman, the base images (stand-ins where missing) and the three images, no stack
	scripts/compose-test.sh --build-only

fmt: ## Format the code
	cargo fmt --all

# Token grants: make help lists every target.
SHELL := /bin/bash
.DEFAULT_GOAL := help

.PHONY: help build test lint fmt

help: ## Show every target with what it does
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

build: ## Build every binary (release)
	cargo build --release --workspace --bins

test: ## Run every test of every crate against real Postgres, the Pub/Sub emulator and the dev chain
	scripts/test.sh

lint: ## cargo fmt --check and clippy with warnings as errors
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings

fmt: ## Format the code
	cargo fmt --all

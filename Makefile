# Entry points for people and CI. `make test` is what CI runs; `make run` opens the app.
SHELL := /bin/bash
CARGO ?= cargo

# Tools the test suite calls: PDF checks and text extraction.
TEST_PACKAGES := pkg-config poppler-utils qpdf

.PHONY: test setup-test fmt-check lint unit bench

test: setup-test fmt-check lint unit

setup-test:
	scripts/ensure-debian-packages.sh $(TEST_PACKAGES)

fmt-check:
	$(CARGO) fmt --all -- --check

lint:
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

unit:
	$(CARGO) test --workspace --locked

bench:
	$(CARGO) bench -p clausewatch-store --bench corpus

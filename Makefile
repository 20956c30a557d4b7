# Entry points for people and CI. `make test` is what CI runs; `make run` opens the app.
SHELL := /bin/bash
CARGO ?= cargo

# Tools the test suite calls: PDF checks and text extraction, and a D-Bus session daemon.
TEST_PACKAGES := pkg-config poppler-utils qpdf dbus

# Desktop checks that `test` runs after `unit`: UI type check and unit tests, then the window.
# Defined before the `test` rule because make expands prerequisites when it reads a rule.
DESKTOP_TEST_TARGETS := ui-check e2e

.PHONY: test setup-test fmt-check lint unit bench

test: setup-test setup-desktop ui fmt-check lint unit $(DESKTOP_TEST_TARGETS)

# A one-off build gains nothing from incremental caches, which take gigabytes of disk.
test: export CARGO_INCREMENTAL = 0

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

# ---- Desktop app ----------------------------------------------------------------------------
# `make run` opens the window, `make e2e` drives it under Xvfb, `make bundle` builds the .deb.
# Each target installs what it misses: Debian packages, npm packages, tauri-driver.

# WebKitGTK and the rest of the Tauri stack (Debian 12 names; there is no libappindicator3-dev).
DESKTOP_BUILD_PACKAGES := build-essential pkg-config libssl-dev libgtk-3-dev \
	libwebkit2gtk-4.1-dev libjavascriptcoregtk-4.1-dev libsoup-3.0-dev \
	libayatana-appindicator3-dev librsvg2-dev libxdo-dev file
# A virtual display, WebKit's WebDriver, a session bus and screenshot tools.
DESKTOP_TEST_PACKAGES := xvfb xauth imagemagick x11-utils xdotool webkit2gtk-driver dbus-x11

TOOLS_DIR := $(CURDIR)/.tools
TAURI_DRIVER := $(TOOLS_DIR)/bin/tauri-driver
UI_MODULES := ui/node_modules/.package-lock.json

.PHONY: setup-desktop ui ui-check bindings run e2e bundle screenshots

setup-desktop:
	scripts/ensure-debian-packages.sh $(DESKTOP_BUILD_PACKAGES)

$(UI_MODULES): ui/package.json ui/package-lock.json
	npm --prefix ui ci --no-audit --no-fund

ui: $(UI_MODULES)
	npm --prefix ui run build

ui-check: $(UI_MODULES)
	npm --prefix ui run check
	npm --prefix ui test

bindings: setup-desktop ui
	CLAUSEWATCH_UPDATE_BINDINGS=1 $(CARGO) test -p clausewatch-desktop --test bindings

run: setup-desktop ui
	$(CARGO) run -p clausewatch-desktop

$(TAURI_DRIVER):
	$(CARGO) install tauri-driver --locked --root $(TOOLS_DIR)

e2e: setup-desktop ui $(TAURI_DRIVER)
	scripts/ensure-debian-packages.sh $(DESKTOP_TEST_PACKAGES)
	$(CARGO) build -p clausewatch-desktop
	scripts/run-desktop-e2e.sh

screenshots: setup-desktop ui $(TAURI_DRIVER)
	scripts/ensure-debian-packages.sh $(DESKTOP_TEST_PACKAGES)
	$(CARGO) build -p clausewatch-desktop
	scripts/desktop-screenshots.sh

# The .deb carries the app and the `clausewatch` command line, both built with the `dist`
# profile. The command line is copied to where `src-tauri/tauri.bundle.json` expects it.
CARGO_TARGET = $(shell $(CARGO) metadata --format-version 1 --no-deps 2>/dev/null \
	| sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
DEB_FILES := $(CURDIR)/target/deb-files

bundle: setup-desktop ui
	$(CARGO) build --locked --profile dist -p clausewatch-cli
	mkdir -p $(DEB_FILES)
	cp $(CARGO_TARGET)/dist/clausewatch $(DEB_FILES)/clausewatch
	cd src-tauri && ../ui/node_modules/.bin/tauri build --bundles deb \
		--config tauri.bundle.json -- --locked --profile dist
	@ls -l $(CARGO_TARGET)/dist/bundle/deb/*.deb

#!/usr/bin/env bash
# Runs the end-to-end tests of the desktop window (crate tests/e2e) on a virtual X display with
# a private D-Bus session. Expects the debug build of clausewatch-desktop and tauri-driver in
# .tools/bin; `make e2e` provides both. Extra arguments go to the test binary, for example a
# test name filter.
set -euo pipefail

cd "$(dirname "$0")/.."

# One test at a time, so that the display has a single window titled Clausewatch, which the
# screenshot test looks up by its title.
exec xvfb-run --auto-servernum --server-args="-screen 0 1280x800x24 -nolisten tcp" \
  dbus-run-session -- \
  "${CARGO:-cargo}" test -p clausewatch-e2e -- --ignored --test-threads=1 "$@"

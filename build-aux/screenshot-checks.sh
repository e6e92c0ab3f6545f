#!/usr/bin/env bash
# Renders steps 3 and 5 (recipient's address, your settings) in the states the
# UI test drives them to, against the test servers on loopback, as PNG files:
#
#   build-aux/screenshot-checks.sh [BUILDDIR] [OUTPUT-DIR]
#
# The pictures are for people to look at; they are not committed.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
builddir=$(cd "${1:-$here/_build}" && pwd)
output=$(mkdir -p "${2:-$builddir/screenshots}" && cd "${2:-$builddir/screenshots}" && pwd)

test_program=$builddir/tests/test-ui-checks
[ -x "$test_program" ] || { echo "screenshot-checks.sh: build first: $test_program is missing" >&2; exit 1; }

env -u DISPLAY -u WAYLAND_DISPLAY \
    MD_SCREENSHOT_DIR="$output" G_TEST_SRCDIR="$here/tests" G_TEST_BUILDDIR="$builddir/tests" \
    GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$builddir/data" NO_AT_BRIDGE=1 GTK_A11Y=none \
    LANGUAGE=C LC_ALL=C.UTF-8 \
    "$here/tests/run-with-display.sh" "$test_program" >/dev/null

ls "$output"/*.png

#!/usr/bin/env bash
# Renders the history window, filled with 50 generated incidents, to
# data/screenshots/history.png. The UI test draws the window itself
# (tests/test-ui-history.c, /ui/history/list), so no screen grab is needed.
#
#   build-aux/screenshot-history.sh [BUILDDIR] [OUTPUT.png]
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
builddir=$(cd "${1:-$here/_build}" && pwd)
output=$(realpath -m "${2:-$here/data/screenshots/history.png}")

test=$builddir/tests/test-ui-history
[ -x "$test" ] || { echo "screenshot-history.sh: build first: $test is missing" >&2; exit 1; }

mkdir -p "$(dirname "$output")"
env -u DISPLAY -u WAYLAND_DISPLAY -u DBUS_SESSION_BUS_ADDRESS \
    MD_HISTORY_SCREENSHOT="$output" GSETTINGS_BACKEND=memory \
    GSETTINGS_SCHEMA_DIR="$builddir/data" NO_AT_BRIDGE=1 GTK_A11Y=none \
    LANGUAGE=C LC_ALL=C.UTF-8 \
    "$here/tests/run-with-display.sh" "$test" -p /ui/history/list >/dev/null

[ -s "$output" ] || { echo "screenshot-history.sh: no picture was written" >&2; exit 1; }
echo "Wrote $output"

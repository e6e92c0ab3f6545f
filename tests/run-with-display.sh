#!/bin/sh
# Runs a UI test program with a display: the current one if there is one,
# otherwise a private Xvfb (xvfb-run picks a free display number). Without a
# session bus, a private one is started too, so nothing outlives the test.
#
#   tests/run-with-display.sh PROGRAM [ARGS...]
set -eu

if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
    exec "$@"
fi

if ! command -v xvfb-run >/dev/null 2>&1; then
    # A TAP skip (the UI tests speak TAP), e.g. inside a Flatpak build.
    echo "1..0 # SKIP no display and no xvfb-run (install xvfb)"
    exit 0
fi

if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ] && command -v dbus-run-session >/dev/null 2>&1; then
    exec xvfb-run -a -s "-screen 0 1280x1024x24 -nolisten tcp" dbus-run-session -- "$@"
fi

exec xvfb-run -a -s "-screen 0 1280x1024x24 -nolisten tcp" "$@"

#!/usr/bin/env bash
# Renders the main window under a private Xvfb to data/screenshots/main.png
# (the README shows it), with an example bounce loaded into step 1, then every
# step of the checklist to data/screenshots/step-N.png (drawn in-process by
# tests/test-ui-wizard, so needs a build with -Dui_tests=true).
#
#   build-aux/screenshot.sh [BUILDDIR] [OUTPUT.png]
#
# SCREENSHOT_WIDTH and SCREENSHOT_HEIGHT change the window size (default 1000x700).
#
# Needs xvfb-run and ImageMagick's `import`.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
builddir=$(cd "${1:-$here/_build}" && pwd)
output=${2:-$here/data/screenshots/main.png}
example=$here/data/examples/user-unknown.eml
width=${SCREENSHOT_WIDTH:-1000}
height=${SCREENSHOT_HEIGHT:-700}

app=$builddir/src/ui/mail-doctor
[ -x "$app" ] || { echo "screenshot.sh: build first: $app is missing" >&2; exit 1; }
command -v xvfb-run >/dev/null || { echo "screenshot.sh: xvfb-run is missing" >&2; exit 1; }
command -v import >/dev/null || { echo "screenshot.sh: import (imagemagick) is missing" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A throw-away settings file fixes the window size and the first step.
mkdir -p "$tmp/config/glib-2.0/settings"
cat > "$tmp/config/glib-2.0/settings/keyfile" <<KEYFILE
[io/github/maildoctor/MailDoctor]
window-width=$width
window-height=$height
window-maximized=false
last-step='identify'
KEYFILE

# The screen is larger than the window, so the pointer (in the middle of the
# screen) stays off the window and shows no tooltip; the window sits at 0,0.
screen="$((width * 2 + 200))x$((height * 2 + 200))x24"

mkdir -p "$(dirname "$output")"
env -u DBUS_SESSION_BUS_ADDRESS \
    HOME="$tmp" XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" \
    XDG_CACHE_HOME="$tmp/cache" GSETTINGS_BACKEND=keyfile \
    GSETTINGS_SCHEMA_DIR="$builddir/data" NO_AT_BRIDGE=1 GTK_A11Y=none \
    LANGUAGE=C LC_ALL=C.UTF-8 \
    xvfb-run -a -s "-screen 0 $screen" dbus-run-session -- bash -c '
        "$1" "$2" &
        pid=$!
        # Until the window is drawn, the screen is black: retry on a busy machine.
        sleep 3
        for try in $(seq 1 20); do
            import -window root -crop "$3x$4+0+0" +repage "$5"
            mean=$(convert "$5" -format "%[fx:mean]" info:)
            awk -v m="$mean" "BEGIN { exit !(m > 0.3) }" && break
            sleep 1
        done
        kill "$pid"
        wait "$pid" || true
        awk -v m="$mean" "BEGIN { exit !(m > 0.3) }" || { echo "screenshot.sh: the window did not appear" >&2; exit 1; }
    ' screenshot "$app" "$example" "$width" "$height" "$output"

echo "Wrote $output"

# The eight steps, drawn by the UI test program with the same bounce.
# There is no network here, so step 3 asks a private dnsmasq that answers
# for the example's domain the way a typical, healthy mail domain would;
# without it the screenshot would show "could not look up the domain".
wizard=$builddir/tests/test-ui-wizard
if [ -x "$wizard" ]; then
    dns_env=()
    if [ -x /usr/sbin/dnsmasq ]; then
        dns_port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
        cat > "$tmp/dnsmasq.conf" <<DNS
local=/example.com/
mx-host=example.com,mx1.example.com,10
mx-host=example.com,mx2.example.com,20
host-record=mx1.example.com,192.0.2.25
host-record=mx2.example.com,192.0.2.26
host-record=example.com,192.0.2.80
txt-record=example.com,"v=spf1 mx -all"
txt-record=_dmarc.example.com,"v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com"
DNS
        /usr/sbin/dnsmasq --keep-in-foreground --no-resolv --no-hosts --no-poll --pid-file= \
            --listen-address=127.0.0.1 --bind-interfaces --port="$dns_port" \
            --user="$(id -un)" --conf-file="$tmp/dnsmasq.conf" 2>/dev/null &
        dns_pid=$!
        trap 'kill "$dns_pid" 2>/dev/null; rm -rf "$tmp"' EXIT
        dns_env=(MD_SCREENSHOT_DNS_SERVER="127.0.0.1:$dns_port")
        sleep 0.5
    fi
    env -u DBUS_SESSION_BUS_ADDRESS "${dns_env[@]}" \
        HOME="$tmp" GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$builddir/data" \
        NO_AT_BRIDGE=1 GTK_A11Y=none LANGUAGE=C LC_ALL=C.UTF-8 \
        G_TEST_SRCDIR="$here/tests" MD_SCREENSHOT_DIR="$(dirname "$output")" \
        MD_SCREENSHOT_BOUNCE="$example" SCREENSHOT_WIDTH="$width" SCREENSHOT_HEIGHT="$height" \
        xvfb-run -a -s "-screen 0 ${width}x${height}x24 -nolisten tcp" dbus-run-session -- \
        "$wizard" -p /ui/wizard/screenshots >/dev/null
    echo "Wrote $(dirname "$output")/step-{1..8}.png"
else
    echo "screenshot.sh: $wizard is missing: no step screenshots" >&2
fi

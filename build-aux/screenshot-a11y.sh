#!/usr/bin/env bash
# Screenshots for accessibility review, in docs/screenshots/a11y/:
#
#   high-contrast-main.png, large-text-main.png
#       the real mail-doctor binary with an example bounce, started the way
#       a user's desktop sets it up: high contrast from the GSettings key
#       org.gnome.desktop.a11y.interface high-contrast (what libadwaita 1.2
#       reads when there is no settings portal), large text from the X
#       resource Xft.dpi (what `xrdb` sets; GNOME's "Large Text" and text
#       scaling factor reach GTK as the same DPI through XSETTINGS);
#   high-contrast-W-step-N.png, large-text-W-step-N.png
#       every step N at W = 360 px (a phone) and 900 px wide, the whole page
#       in one picture, drawn in-process by tests/test-ui-a11y (needs a
#       build with -Dui_tests=true).
#
#   build-aux/screenshot-a11y.sh [BUILDDIR] [OUTPUT-DIR]
#
# TEXT_PERCENT sets the text size (default 200). Needs xvfb-run, dbus-run-session,
# xprop (x11-utils) and ImageMagick (import, convert; it also makes the
# PNGs small).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
builddir=$(cd "${1:-$here/_build}" && pwd)
outdir=${2:-$here/docs/screenshots/a11y}
example=$here/data/examples/user-unknown.eml
percent=${TEXT_PERCENT:-200}

app=$builddir/src/ui/mail-doctor
tests=$builddir/tests/test-ui-a11y
for tool in xvfb-run dbus-run-session xprop import convert; do
    command -v "$tool" >/dev/null || { echo "screenshot-a11y.sh: $tool is missing" >&2; exit 1; }
done
[ -x "$app" ] || { echo "screenshot-a11y.sh: build first: $app is missing" >&2; exit 1; }
[ -x "$tests" ] || { echo "screenshot-a11y.sh: $tests is missing (-Dui_tests=true)" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$outdir" "$tmp/shots"

# 32 colours are plenty for the flat colours of the UI, and keep each
# picture a few dozen kB.
shrink () {
    convert "$1" +dither -colors 32 -define png:compression-level=9 \
        -define png:exclude-chunks=date,time PNG8:"$2"
}

# The real binary. $1: name, $2: settings keyfile lines, $3: X resources
take_main () {
    local name=$1 home=$tmp/home-$1
    local width=1000 height=700

    mkdir -p "$home/config/glib-2.0/settings"
    {
        echo "[io/github/maildoctor/MailDoctor]"
        echo "window-width=$width"
        echo "window-height=$height"
        echo "window-maximized=false"
        echo "last-step='identify'"
        printf '%b\n' "$2"
    } > "$home/config/glib-2.0/settings/keyfile"

    env -u DBUS_SESSION_BUS_ADDRESS \
        HOME="$home" XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" \
        XDG_CACHE_HOME="$home/cache" GSETTINGS_BACKEND=keyfile \
        GSETTINGS_SCHEMA_DIR="$builddir/data" NO_AT_BRIDGE=1 GTK_A11Y=none \
        MAIL_DOCTOR_DNS_SERVER=127.0.0.1:9 MAIL_DOCTOR_HTTPS_BASE_URL=https://127.0.0.1:9 \
        LANGUAGE=C LC_ALL=C.UTF-8 \
        xvfb-run -a -s "-screen 0 $((width * 2))x$((height * 2))x24 -nolisten tcp -noreset" \
        dbus-run-session -- bash -c '
            # -noreset: the resources stay after xprop disconnects.
            [ -z "$6" ] || xprop -root -format RESOURCE_MANAGER 8s -set RESOURCE_MANAGER "$6"
            "$1" "$2" &
            pid=$!
            sleep 3
            for try in $(seq 1 20); do
                import -window root -crop "$3x$4+0+0" +repage "$5"
                mean=$(convert "$5" -format "%[fx:mean]" info:)
                awk -v m="$mean" "BEGIN { exit !(m > 0.3) }" && break
                sleep 1
            done
            kill "$pid"
            wait "$pid" || true
            awk -v m="$mean" "BEGIN { exit !(m > 0.3) }" ||
                { echo "screenshot-a11y.sh: the window did not appear" >&2; exit 1; }
        ' screenshot "$app" "$example" "$width" "$height" "$tmp/$name-main.png" "$3"
    shrink "$tmp/$name-main.png" "$outdir/$name-main.png"
    echo "Wrote $outdir/$name-main.png"
}

take_main high-contrast "[org/gnome/desktop/a11y/interface]\nhigh-contrast=true" ""
take_main large-text "" "Xft.dpi: $((96 * percent / 100))"

# Every step, drawn in-process. The screen is tall, so that the window can
# be as tall as a whole page.
env -u DBUS_SESSION_BUS_ADDRESS \
    HOME="$tmp" GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$builddir/data" \
    NO_AT_BRIDGE=1 GTK_A11Y=none LANGUAGE=C LC_ALL=C.UTF-8 \
    G_TEST_SRCDIR="$here/tests" MD_SCREENSHOT_DIR="$tmp/shots" \
    MD_SCREENSHOT_BOUNCE="$example" MD_SCREENSHOT_TEXT_PERCENT="$percent" \
    xvfb-run -a -s "-screen 0 2000x4200x24 -nolisten tcp" dbus-run-session -- \
    "$tests" -p /ui/a11y/screenshots >/dev/null

for shot in "$tmp"/shots/*.png; do
    shrink "$shot" "$outdir/$(basename "$shot")"
done
echo "Wrote $outdir/{high-contrast,large-text}-{360,900}-step-{1..8}.png"

#!/usr/bin/env bash
# Valgrind smoke run of the real app: mail-doctor opens an example bounce
# under valgrind memcheck (in Xvfb when there is no display), visits all
# eight steps (pressed through AT-SPI by build-aux/valgrind/drive-steps.py)
# and quits through its app.quit action. Fails on any invalid read or write,
# use of an uninitialised value, bad free or definitely lost block that the
# suppressions (GLib's, GTK's and build-aux/valgrind/mail-doctor.supp, for
# system libraries only) do not explain.
#
#   build-aux/valgrind-smoke.sh [BUILDDIR]      (default: _build)
#
# Environment: VALGRIND_LOG (where the log goes, default BUILDDIR/meson-logs/
# valgrind-smoke.log), VALGRIND_EXTRA (more valgrind options, e.g.
# "--track-origins=yes" or "--gen-suppressions=all").
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
builddir=$(cd "${1:-$here/_build}" && pwd)
binary=$builddir/src/ui/mail-doctor
bounce=$here/tests/data/bounces/postfix-userunknown.eml
log=${VALGRIND_LOG:-$builddir/meson-logs/valgrind-smoke.log}

for tool in valgrind /usr/bin/python3; do
    command -v "$tool" >/dev/null || { echo "valgrind-smoke: $tool is missing (see build-aux/debian-packages.txt)" >&2; exit 1; }
done
[ -x "$binary" ] || { echo "valgrind-smoke: no $binary: build first" >&2; exit 1; }

# The app id: a -Ddevelopment=true build is .Devel.
app_id=$(sed -n 's/^#define APP_ID "\(.*\)"$/\1/p' "$builddir/config.h")
[ -n "$app_id" ] || { echo "valgrind-smoke: no APP_ID in $builddir/config.h" >&2; exit 1; }

supps=(--suppressions="$here/build-aux/valgrind/mail-doctor.supp")
for f in /usr/share/glib-2.0/valgrind/glib.supp /usr/share/gtk-4.0/valgrind/gtk.supp; do
    [ -f "$f" ] && supps+=(--suppressions="$f")
done

data_dir=$(mktemp -d)
trap 'rm -rf "$data_dir"' EXIT
mkdir -p "$(dirname "$log")"

# Software rendering with cairo: GL under valgrind is slow and all Mesa
# noise. The app restores unfinished cases from its data folder: give it an
# empty one. Network checks of steps 3 and 5 go to a closed local port.
export GSK_RENDERER=cairo GDK_DEBUG=gl-disable GDK_BACKEND=x11 \
    G_SLICE=always-malloc G_DEBUG=gc-friendly \
    GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$builddir/data" \
    LC_ALL=C.UTF-8 LANGUAGE=C \
    MAIL_DOCTOR_DATA_DIR="$data_dir" MAIL_DOCTOR_HISTORY_DB="$data_dir/history.db" \
    MAIL_DOCTOR_DNS_SERVER=127.0.0.1:9 MAIL_DOCTOR_HTTPS_BASE_URL=https://127.0.0.1:9
unset DISPLAY WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS

echo "valgrind-smoke: $binary $bounce (log: $log)"
start=$(date +%s)
set +e
# shellcheck disable=SC2086 # VALGRIND_EXTRA is a list of options
"$here/tests/run-with-display.sh" /usr/bin/python3 "$here/build-aux/valgrind/drive-steps.py" "$app_id" \
    valgrind --tool=memcheck --log-file="$log" --num-callers=40 \
    --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite \
    --track-fds=no --child-silent-after-fork=yes "${supps[@]}" ${VALGRIND_EXTRA:-} \
    "$binary" "$bounce"
drive_status=$?
set -e
echo "valgrind-smoke: driven in $(( $(date +%s) - start )) s"

[ -s "$log" ] || { echo "valgrind-smoke: FAILED: valgrind wrote no log" >&2; exit 1; }

# One count per kind of error valgrind reports (each error block starts
# with one of these lines), then its own summary line.
count() { grep -cE "^==[0-9]+== $1" "$log" || true; }
invalid=$(count 'Invalid (read|write) of size')
uninit=$(count '(Conditional jump or move depends on uninitialised|Use of uninitialised value|Syscall param .* uninitialised)')
badfree=$(count '(Invalid free|Mismatched free|Source and destination overlap)')
lost=$(count '[0-9,]+ .*bytes in [0-9,]+ blocks are definitely lost')
summary=$(grep -E '== ERROR SUMMARY:' "$log" | tail -n 1 | sed 's/^==[0-9]*== //')
# Every other kind of error (a fishy malloc size, overlapping memcpy...)
# counts too: valgrind's own total, definitely lost blocks included.
errors=$(echo "$summary" | sed -n 's/^ERROR SUMMARY: \([0-9,]*\) errors.*/\1/p' | tr -d ,)
definitely=$(grep -E '==\s+definitely lost:' "$log" | tail -n 1 | sed 's/^==[0-9]*== *//')

echo "valgrind-smoke: $summary"
echo "valgrind-smoke: ${definitely:-no leak summary} (after suppressions)"
echo "valgrind-smoke: invalid reads/writes $invalid, uninitialised values $uninit, bad frees $badfree, definitely lost blocks $lost"

status=0
if [ "$drive_status" -ne 0 ]; then
    echo "valgrind-smoke: FAILED: the app was not driven through the 8 steps and quit cleanly (status $drive_status)" >&2
    status=1
fi
if [ -z "$errors" ]; then
    echo "valgrind-smoke: FAILED: no error summary in $log (did valgrind finish?)" >&2
    status=1
elif [ $((errors + invalid + uninit + badfree + lost)) -ne 0 ]; then
    echo "valgrind-smoke: FAILED: memory errors, see $log:" >&2
    # The first error blocks in full, for the CI log.
    awk '/^==[0-9]+== (Invalid|Conditional|Use of|Syscall param|Mismatched|Source and)|definitely lost in/ {n++; show=1}
         show && n <= 5 {print} /^==[0-9]+== $/ {show=0}' "$log" >&2
    status=1
fi
[ "$status" -eq 0 ] && echo "valgrind-smoke: ok"
exit "$status"

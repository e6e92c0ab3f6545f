#!/usr/bin/env bash
# Mail Doctor developer entry point.
#
#   build-aux/dev.sh run       install the build dependencies, build, run the app
#   build-aux/dev.sh test      install the build dependencies, build, run all tests
#   build-aux/dev.sh asan      the same tests in an AddressSanitizer/UBSan build,
#                              with LeakSanitizer on for all but the UI suite
#   build-aux/dev.sh valgrind  the real app under valgrind memcheck, driven
#                              through all eight steps (build-aux/valgrind-smoke.sh)
#
# test, asan and valgrind end with one line "N passed, N failed, N skipped".
# Build folders: _build and _build-asan, or $DEV_BUILDDIR and
# $DEV_ASAN_BUILDDIR. Extra arguments go to `meson test` (test, asan).
#
# Debian 12 or newer. Installs packages with apt-get (as root, or via sudo).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"

install_deps() {
    local wanted missing=()
    mapfile -t wanted < <(grep -v '^\s*#' build-aux/debian-packages.txt | grep -v '^\s*$')
    for pkg in "${wanted[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "Installing: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

setup() {
    local dir=$1; shift
    if [ ! -f "$dir/build.ninja" ]; then
        meson setup "$dir" "$@"
    fi
    meson compile -C "$dir"
}

# The closing counts of each `meson test` run, added up by summary().
counts=""
trap 'rm -f "${counts:-}"' EXIT

# Runs `meson test` and notes its counts; returns its status.
meson_test() {
    local dir=$1; shift
    local log status
    [ -n "$counts" ] || counts=$(mktemp)
    log=$(mktemp)
    set +e
    meson test -C "$dir" --print-errorlogs --num-processes 2 "$@" "${extra_args[@]}" 2>&1 | tee "$log"
    status=${PIPESTATUS[0]}
    set -e
    awk '/^Ok:/ {ok=$2} /^Fail:/ {fail+=$2} /^Timeout:/ {fail+=$2} /^Unexpected Pass:/ {fail+=$3}
         /^Skipped:/ {skip=$2}
         END {printf "%d %d %d\n", ok, fail, skip}' "$log" >>"$counts"
    rm -f "$log"
    return "$status"
}

# One plain summary line ("N passed, N failed, N skipped") for all runs.
summary() {
    awk '{ok+=$1; fail+=$2; skip+=$3} END {printf "%d passed, %d failed, %d skipped\n", ok, fail, skip}' "$counts"
}

run_tests() {
    local status=0
    meson_test "$@" || status=$?
    summary
    return "$status"
}

build=${DEV_BUILDDIR:-_build}
asan_build=${DEV_ASAN_BUILDDIR:-_build-asan}
cmd=${1:-run}
extra_args=("${@:2}")
case "$cmd" in
run)
    install_deps
    setup "$build"
    # Show the engine at work on a shipped example before opening the window.
    "$build"/src/cli/mail-doctor-cli classify --example user-unknown || true
    exec env GSETTINGS_SCHEMA_DIR="$(cd "$build" && pwd)/data" "$build"/src/ui/mail-doctor "${@:2}"
    ;;
test)
    install_deps
    setup "$build"
    # UI tests start their own Xvfb through tests/run-with-display.sh.
    run_tests "$build"
    ;;
asan)
    install_deps
    setup "$asan_build" -Db_sanitize=address,undefined -Db_lundef=false
    status=0
    # GSlice hides allocations from ASan: plain malloc for every block.
    export G_SLICE=always-malloc
    export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    # 1. Everything but the UI, with LeakSanitizer: any leak fails the test.
    #    build-aux/lsan.supp lists the system libraries' own leaks; matching
    #    them needs the slow unwinder (Debian's libraries have no frame
    #    pointers), kept to 12 frames for speed. intercept_tls_get_addr=0
    #    works around LSan crashing ("Tracer caught signal 11") on glibc
    #    2.36's dynamic TLS in processes that load the GnuTLS module
    #    (google/sanitizers#1322); static TLS is still scanned.
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:fast_unwind_on_malloc=0:malloc_context_size=12:intercept_tls_get_addr=0 \
    LSAN_OPTIONS=suppressions="$here/build-aux/lsan.supp":print_suppressions=0 \
        meson_test "$asan_build" --timeout-multiplier 3 --no-suite ui || status=1
    # 2. The UI suite without it: GTK, fontconfig and Mesa keep too many
    #    one-time allocations (build-aux/dev.sh valgrind checks the app's).
    ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 \
        meson_test "$asan_build" --timeout-multiplier 3 --suite ui || status=1
    summary
    exit "$status"
    ;;
valgrind)
    install_deps
    setup "$build"
    status=0
    build-aux/valgrind-smoke.sh "$build" || status=$?
    if [ "$status" -eq 0 ]; then
        echo "1 passed, 0 failed, 0 skipped"
    else
        echo "0 passed, 1 failed, 0 skipped"
    fi
    exit "$status"
    ;;
*)
    echo "usage: $0 run|test|asan|valgrind" >&2
    exit 1
    ;;
esac

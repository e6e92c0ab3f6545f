#!/usr/bin/env bash
# Mail Doctor developer entry point.
#
#   build-aux/dev.sh run    install the build dependencies, build, run the app
#   build-aux/dev.sh test   install the build dependencies, build, run all tests
#   build-aux/dev.sh asan   the same tests in an AddressSanitizer/UBSan build
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

# Runs the suite and ends with one plain summary line ("N passed, N failed").
run_tests() {
    local dir=$1; shift
    local log status
    log=$(mktemp)
    set +e
    meson test -C "$dir" --print-errorlogs --num-processes 2 "$@" "${extra_args[@]}" 2>&1 | tee "$log"
    status=${PIPESTATUS[0]}
    set -e
    awk '/^Ok:/ {ok=$2} /^Fail:/ {fail+=$2} /^Timeout:/ {fail+=$2} /^Unexpected Pass:/ {fail+=$3}
         /^Skipped:/ {skip=$2}
         END {printf "%d passed, %d failed, %d skipped\n", ok, fail, skip}' "$log"
    rm -f "$log"
    return "$status"
}

cmd=${1:-run}
extra_args=("${@:2}")
case "$cmd" in
run)
    install_deps
    setup _build
    # Show the engine at work on a shipped example before opening the window.
    ./_build/src/cli/mail-doctor-cli classify --example user-unknown || true
    exec env GSETTINGS_SCHEMA_DIR="$here/_build/data" ./_build/src/ui/mail-doctor "${@:2}"
    ;;
test)
    install_deps
    setup _build
    # UI tests start their own Xvfb through tests/run-with-display.sh.
    run_tests _build
    ;;
asan)
    install_deps
    setup _build-asan -Db_sanitize=address,undefined -Db_lundef=false
    ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        run_tests _build-asan --timeout-multiplier 3
    ;;
*)
    echo "usage: $0 run|test|asan" >&2
    exit 1
    ;;
esac

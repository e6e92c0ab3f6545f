#!/usr/bin/env bash
# Runs every libFuzzer target of tests/fuzz/ for a while, one after another,
# and merges the inputs that reach new code into tests/fuzz/corpus/<target>
# (libFuzzer's -merge=1 keeps only inputs that add coverage, so the corpus in
# git stays small). Crashes are left in $work/<target>/ for minimising.
#
#   build-aux/fuzz-all.sh [SECONDS-PER-TARGET] [TARGET...]
#
# A loaded machine makes single inputs slow: FUZZ_TIMEOUT (seconds, default
# 30) is the time after which one input counts as a hang.
#
# Needs clang and libclang-rt-14-dev (tests/fuzz/README.md); builds
# _build-fuzz with -Dfuzzing=true if it is not there yet.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"

seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(address autoconfig bounce dmarc incident mta-sts smtp-reply spf)
work=${FUZZ_WORK_DIR:-/tmp/mail-doctor-fuzz}
build=${FUZZ_BUILD_DIR:-_build-fuzz}

if [ ! -f "$build/build.ninja" ]; then
    CC=clang meson setup "$build" -Dfuzzing=true \
        -Db_sanitize=address,undefined -Db_lundef=false -Dui_tests=false
fi
ninja -C "$build" $(printf 'tests/fuzz/fuzz-%s ' "${targets[@]}") >/dev/null

# The binaries are copied so that rebuilding the tree during a long run
# cannot swap them out from under libFuzzer.
mkdir -p "$work/bin"
export G_SLICE=always-malloc G_DEBUG=gc-friendly LC_ALL=C.UTF-8
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS=fast_unwind_on_malloc=0
export LSAN_OPTIONS=suppressions=$here/tests/fuzz/lsan.supp

status=0
for t in "${targets[@]}"; do
    cp "$build/tests/fuzz/fuzz-$t" "$work/bin/"
    mkdir -p "$work/$t/new" "tests/fuzz/corpus/$t"
    dict=()
    [ -f "tests/fuzz/$t.dict" ] && dict=(-dict="$here/tests/fuzz/$t.dict")
    echo "== $t: ${seconds}s"
    set +e
    (cd "$work/$t" && "$work/bin/fuzz-$t" -max_total_time="$seconds" -rss_limit_mb=2048 \
        -timeout="${FUZZ_TIMEOUT:-30}" -print_final_stats=1 "${dict[@]}" \
        new "$here/tests/fuzz/corpus/$t") >"$work/$t/log" 2>&1
    rc=$?
    set -e
    grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+ +DONE)' "$work/$t/log" || true
    if [ $rc -ne 0 ]; then
        echo "!! $t: fuzzer exited with $rc, see $work/$t/log and $work/$t/crash-*"
        status=1
        continue
    fi
    "$work/bin/fuzz-$t" -merge=1 "tests/fuzz/corpus/$t" "$work/$t/new" >"$work/$t/merge.log" 2>&1
    grep -E 'MERGE-OUTER: [0-9]+ new files' "$work/$t/merge.log" || true
done
exit $status

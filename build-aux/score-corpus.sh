#!/bin/sh
# Measures the bounce classifier on the corpus next to the repository
# (../shared/corpus): runs "mail-doctor-cli classify --json" on every
# bounce and scores the result with the corpus' score.py.
#
# usage: build-aux/score-corpus.sh [BUILDDIR] [MIN_REASON_ACCURACY]
# Exit 77 (skip) when the corpus is not there; 1 when the reason accuracy is
# below MIN_REASON_ACCURACY.

set -u

here=$(cd "$(dirname "$0")/.." && pwd)
builddir=$(cd "${1:-$here/_build}" && pwd)
floor=${2:-0}
corpus=${MD_CORPUS_DIR:-$here/../shared/corpus}
cli=$builddir/src/cli/mail-doctor-cli
python=/usr/bin/python3
[ -x "$python" ] || python=python3

if [ ! -f "$corpus/truth.jsonl" ] || [ ! -d "$corpus/bounces" ]; then
  echo "corpus not found at $corpus: skipping"
  exit 77
fi
if [ ! -x "$cli" ]; then
  echo "$cli not built" >&2
  exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

(cd "$corpus/bounces" && "$cli" classify --json ./*.eml) > "$tmp/pred.jsonl"
status=$?
if [ $status -ne 0 ]; then
  echo "mail-doctor-cli classify exited with $status" >&2
  exit 1
fi

"$python" "$corpus/score.py" "$corpus/truth.jsonl" "$tmp/pred.jsonl" ${SCORE_VERBOSE:+-v} > "$tmp/score.txt" || exit 1
cat "$tmp/score.txt"
if [ -n "${SCORE_KEEP:-}" ]; then
  cp "$tmp/pred.jsonl" "$SCORE_KEEP"
fi

acc=$(sed -n 's/^reason_accuracy=//p' "$tmp/score.txt")
if "$python" -c "import sys; sys.exit(0 if float('$acc') >= float('$floor') else 1)"; then
  exit 0
fi
echo "reason accuracy $acc is below the floor $floor" >&2
exit 1

#!/usr/bin/env bash
# Checks that the working tree writes what REV wrote: every plan's JSON,
# byte for byte, and the JSON answers of a set of searches, over the
# fixtures, the real office files in ../shared/real (when present) and
# N generated plans. For speed work, whose output must not move.
# Usage: scripts/same-output.sh [REV] [N]   (default: HEAD 1000)
# REV is built once into target/same-output/REV-HASH and kept for reuse.
# KEEP=1 keeps the work directory (inputs, both data directories, answers)
# to look into a difference.
set -euo pipefail
cd "$(dirname "$0")/.."
rev=${1:-HEAD}
count=${2:-1000}
hash=$(git rev-parse --short=12 "$rev")
base_bin=target/same-output/$hash/release/vnplan
if [ ! -x "$base_bin" ]; then
  src=$(mktemp -d)
  git worktree add --detach --quiet "$src" "$hash"
  (cd "$src" && CARGO_TARGET_DIR="$OLDPWD/target/same-output/$hash" cargo build --release --quiet)
  git worktree remove --force "$src"
fi
cargo build --release --quiet
new_bin=target/release/vnplan
work=$(mktemp -d)
if [ -n "${KEEP:-}" ]; then
  echo "work: $work" >&2
else
  trap 'rm -rf "$work"' EXIT
fi

# Inputs under one directory, named alike for both runs: a plan records its source path.
mkdir -p "$work/in"
ln -s "$PWD/fixtures" "$work/in/fixtures"
inputs=(fixtures/seeds fixtures/corpus fixtures/docx fixtures/html fixtures/pdf)
if [ -d ../shared/real ]; then
  ln -s "$(cd ../shared/real && pwd)" "$work/in/real"
  inputs+=(real)
fi
"$base_bin" synth --count "$count" --out "$work/in/synth" >/dev/null
inputs+=(synth)
base_bin=$PWD/$base_bin
new_bin=$PWD/$new_bin

queries=('du an 5' '"Dự án 5"' 'nước sạch OR nhà ở' 'giảm nghèo' '90/QĐ-TTg' 'dinh dưỡng'
  'Ủy ban nhân dân' 'bảo hiểm y tế' 'tập huấn NOT dạy nghề' 'hộ nghèo')
run() {
  local bin=$1 out=$2
  # One worker: plans are indexed in input order, so plans tied in score
  # rank alike in both runs and their answers can be compared byte for byte.
  (cd "$work/in" && RAYON_NUM_THREADS=1 "$bin" ingest "${inputs[@]}" --out "$out/data" >/dev/null 2>"$out/ingest.log") || true
  local i=0
  for q in "${queries[@]}"; do
    "$bin" search "$q" --data "$out/data" --format json --facets --limit 20 >"$out/search-$i.json" || true
    i=$((i + 1))
  done
}
mkdir -p "$work/base" "$work/new"
run "$base_bin" "$work/base"
run "$new_bin" "$work/new"

plans=$(find "$work/base/data/plans" -name '*.json' | wc -l)
status=0
if diff -r -q "$work/base/data/plans" "$work/new/data/plans" >"$work/plans.diff"; then
  echo "plans: $plans identical"
else
  echo "plans: $(wc -l <"$work/plans.diff") of $plans differ:"
  head -20 "$work/plans.diff"
  status=1
fi
for i in "${!queries[@]}"; do
  if ! cmp -s "$work/base/search-$i.json" "$work/new/search-$i.json"; then
    echo "search ${queries[$i]}: answers differ"
    status=1
  fi
done
[ $status -eq 0 ] && echo "searches: ${#queries[@]} identical"
exit $status

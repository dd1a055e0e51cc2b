#!/usr/bin/env bash
# Peak memory of one large input: a generated plan of 50 MB of text (or the
# sizes in MB given), ingested alone, against its size. Memory should stay a
# small multiple of the input (issue 12: 200 MB of text once took 11.4 GiB).
# Usage: scripts/bench-memory.sh [MB...]   (default: 50)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=$PWD/target/release/vnplan
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" synth --count 1 --out "$work/seed"
seed=$(ls "$work/seed"/*)
for mb in "${@:-50}"; do
  # The plan's header and title once, its sections again and again, then
  # its closing block and annex once: one plan with many sections, as a very
  # long real plan would be.
  python3 - "$seed" "$work/plan-$mb.txt" "$mb" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
start, end = text.index("\nII."), text.index("\nNơi nhận")
head, body, tail = text[:start], text[start:end], text[end:]
target = int(sys.argv[3]) * 1_000_000
with open(sys.argv[2], "w", encoding="utf-8") as out:
    out.write(head)
    written = len(head.encode()) + len(tail.encode())
    size = len(body.encode())
    while written + size < target:
        out.write(body)
        written += size
    out.write(tail)
PY
  bytes=$(stat -c %s "$work/plan-$mb.txt")
  /usr/bin/time -v -o "$work/time-$mb" \
    "$bin" ingest "$work/plan-$mb.txt" --out "$work/data-$mb" --file-timeout 1h --json > "$work/summary-$mb.json"
  kib=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time-$mb")
  seconds=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time-$mb")
  json=$(stat -c %s "$work"/data-"$mb"/plans/*.json)
  awk -v b="$bytes" -v k="$kib" -v s="$seconds" -v j="$json" 'BEGIN {
    printf "%6.1f MB of text: peak RSS %7.1f MiB (%.1f x the input), wall %s, plan JSON %.1f MB\n",
      b / 1e6, k / 1024, k * 1024 / b, s, j / 1e6 }'
done

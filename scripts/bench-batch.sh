#!/usr/bin/env bash
# End-to-end batch throughput and peak memory over generated plans:
# plans/s and MB/s for `vnplan ingest` (JSON + index + manifest), and the
# peak resident memory for 1,000 vs 10,000 plans (it should stay flat).
# Usage: scripts/bench-batch.sh [SIZES...]   (default: 1000 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/vnplan
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for n in "${@:-1000 10000}"; do
  for size in $n; do
    "$bin" synth --count "$size" --out "$work/in-$size"
    bytes=$(du -sb "$work/in-$size" | cut -f1)
    /usr/bin/time -f "%e %M" -o "$work/time-$size" \
      "$bin" ingest "$work/in-$size" --out "$work/data-$size" --json > "$work/summary-$size.json"
    read -r seconds kib < "$work/time-$size"
    awk -v n="$size" -v s="$seconds" -v b="$bytes" -v k="$kib" 'BEGIN {
      printf "%6d plans: %6.1f s, %7.1f plans/s, %6.2f MB/s, peak RSS %6.1f MiB\n", n, s, n / s, b / s / 1e6, k / 1024 }'
    "$bin" ingest "$work/in-$size" --out "$work/data-$size" --json > "$work/rerun-$size.json"
    echo "        rerun, nothing changed: $(grep -o '"skipped": [0-9]*' "$work/rerun-$size.json")"
  done
done

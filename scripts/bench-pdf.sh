#!/usr/bin/env bash
# PDF reading benchmarks on the PDF fixtures:
# - text layer: `pdftotext -layout` alone, vnplan's pdf-extract worker, and
#   vnplan reading a PDF end to end against reading the same plan as text;
# - scans: OCR pages per second for a scanned plan, and the share of its
#   time spent outside tesseract (rasterising, the pipeline, process starts).
# Needs poppler-utils and tesseract-ocr-vie.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/vnplan
runs=${RUNS:-20}
now() { date +%s.%N; }
per_run() { # COMMAND... -> mean seconds over $runs runs
  local start end
  start=$(now)
  for _ in $(seq "$runs"); do "$@" >/dev/null 2>&1; done
  end=$(now)
  echo "($end - $start) / $runs" | bc -l
}
for seed in 000_eba3d3845090eb91 002_429e92981eab9d16; do
  pdf=fixtures/pdf/$seed.pdf
  base=$(per_run pdftotext -layout "$pdf" -)
  worker=$(per_run "$bin" pdf-worker "$pdf")
  show_pdf=$(per_run "$bin" show "$pdf")
  show_txt=$(per_run "$bin" show "fixtures/seeds/$seed.txt")
  printf '%s: pdftotext %.1f ms | pdf-extract worker %.1f ms (%.2fx) | vnplan read via pdftotext %.1f ms (%.2fx)\n' \
    "$seed" "$(echo "$base*1000" | bc -l)" "$(echo "$worker*1000" | bc -l)" "$(echo "$worker/$base" | bc -l)" \
    "$(echo "($show_pdf-$show_txt)*1000" | bc -l)" "$(echo "($show_pdf-$show_txt)/$base" | bc -l)"
done
scan=fixtures/pdf/scanned/002_429e92981eab9d16.pdf
pages=$(pdfinfo "$scan" | awk '/^Pages:/ {print $2}')
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
start=$(now); "$bin" show "$scan" >/dev/null; total=$(echo "$(now) - $start" | bc -l)
pdftoppm -r 300 -gray -png "$scan" "$work/p"
start=$(now)
ls "$work"/p-*.png | xargs -P "$(nproc)" -I{} env OMP_THREAD_LIMIT=1 tesseract {} stdout -l vie >/dev/null 2>&1
ocr=$(echo "$(now) - $start" | bc -l)
printf 'scanned %s: %d pages in %.1f s = %.2f pages/s; tesseract alone %.1f s; outside tesseract %.0f%%\n' \
  "$(basename "$scan")" "$pages" "$total" "$(echo "$pages/$total" | bc -l)" "$ocr" "$(echo "100*($total-$ocr)/$total" | bc -l)"

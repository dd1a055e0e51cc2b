#!/usr/bin/env bash
# PDF reading benchmarks on the PDF fixtures:
# - text layer: `pdftotext -layout` alone, vnplan's pdf-extract worker, and
#   vnplan reading a PDF end to end against reading the same plan as text;
# - scans: OCR pages per second for a scanned plan, and the share of its
#   time spent outside tesseract (rasterising, the pipeline, process starts),
#   with what rasterising costs done per page, once per file, by extracting
#   the images, and as the PNG the reader used to write.
# Needs poppler-utils, tesseract-ocr-vie and jq.
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
# Scans are measured in CPU seconds (user + sys of vnplan and every tool it
# starts): on a shared machine the wall clock measures the neighbours.
# SCAN=... picks another scan (default: the 250-dpi office scan fixture).
scan=${SCAN:-fixtures/pdf/scans/002_429e92981eab9d16.duplex.pdf}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cpu() { # COMMAND... -> "wall cpu" seconds
  /usr/bin/time -f "%e %U %S" -o "$work/time" "$@" >/dev/null 2>&1 || true
  awk '{print $1, $2 + $3}' "$work/time"
}
"$bin" show "$scan" > "$work/plan.json"
ocr_pages=$(jq '[.source.pages[] | select(.engine == "tesseract")] | length' "$work/plan.json")
all_pages=$(jq '.source.pages | length' "$work/plan.json")
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (a < b) ? a : b }'; }
# The least of SCAN_RUNS runs of each: a neighbour's load only ever adds.
total=1000000 ocr=1000000 raster_each=1000000 wall=1000000
for _ in $(seq "${SCAN_RUNS:-3}"); do
  read -r w t < <(cpu "$bin" show "$scan")
  total=$(min "$total" "$t")
  wall=$(min "$wall" "$w")
  # tesseract alone, on the rasters vnplan makes, with its arguments and,
  # as vnplan runs them, two pages at a time.
  r=0
  jq -r '.source.pages[] | select(.engine == "tesseract") | "\(.number) \(.dpi)"' "$work/plan.json" > "$work/pages"
  while read -r page dpi; do
    read -r _ t < <(cpu pdftoppm -r "$dpi" -gray -singlefile -f "$page" -l "$page" "$scan" "$work/p$page")
    r=$(echo "$r + $t" | bc -l)
  done < "$work/pages"
  read -r _ o < <(cpu xargs -P 2 -L 1 sh -c 'OMP_THREAD_LIMIT=1 tesseract "$0/p$1.pgm" stdout -l vie --psm 1 --dpi "$2" hocr' "$work" < "$work/pages")
  ocr=$(min "$ocr" "$o")
  raster_each=$(min "$raster_each" "$r")
done
dpi=$(jq '[.source.pages[] | select(.dpi != null) | .dpi] | max' "$work/plan.json")
read -r _ raster_once < <(cpu pdftoppm -r "$dpi" -gray "$scan" "$work/all")
read -r _ extract < <(cpu pdfimages "$scan" "$work/img")
read -r _ png < <(cpu pdftoppm -r 300 -gray -png -f 1 -l 1 "$scan" "$work/png")
printf 'scanned %s: %d pages (%d OCR) in %.1f s CPU, %.1f s wall (load %s); %.2f pages/s on 2 idle cores (2 x pages / CPU s)\n' \
  "$(basename "$scan")" "$all_pages" "$ocr_pages" "$total" "$wall" "$(cut -d' ' -f1 /proc/loadavg)" "$(echo "2*$all_pages/$total" | bc -l)"
printf '  tesseract alone %.1f s CPU; outside tesseract %.1f%%\n' \
  "$ocr" "$(echo "100*($total-$ocr)/$total" | bc -l)"
printf '  rasterising: pdftoppm per page %.2f s, once for all pages %.2f s, pdfimages extraction %.2f s; one page as 300-dpi PNG %.2f s (CPU)\n' \
  "$raster_each" "$raster_once" "$extract" "$png"

#!/usr/bin/env bash
# Screenshots of every page of the web application, for people to look at:
# serves the bundled fixtures and writes one PNG per page with headless
# chromium. Usage: scripts/screenshots.sh [OUT_DIR]   (default: screenshots/)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-screenshots}
mkdir -p "$out"
cargo build --release --quiet
bin=target/release/vnplan
work=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
"$bin" ingest fixtures/seeds fixtures/corpus --out "$work/data" >/dev/null 2>&1 || true
printf 'screenshot-token-%s' "$RANDOM$RANDOM" > "$work/token"
"$bin" serve --data "$work/data" --listen 127.0.0.1:0 --token-file "$work/token" 2> "$work/serve.log" &
server=$!
for _ in $(seq 50); do grep -q 'http://' "$work/serve.log" && break; sleep 0.2; done
base=$(grep -o 'http://[0-9.:]*' "$work/serve.log" | head -1)
plan=$(curl -s "$base/api/v1/plans?per_page=100" | python3 -c '
import json, sys
plans = json.load(sys.stdin)["plans"]
print(max(plans, key=lambda p: p["targets"])["id"])')
shoot() { # NAME PATH
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/profile" --window-size=1400,1800 --hide-scrollbars \
    --screenshot="$out/$1.png" "$base$2" >/dev/null 2>&1
  echo "$out/$1.png  <- $2"
}
shoot search "/?q=du+an+5"
shoot plan "/plans/$plan"
shoot compare "/compare?indicator=poverty_rate"
shoot upload "/upload"

#!/usr/bin/env bash
# Load on the search API: a bounded wrk run against /api/v1/search over
# generated plans, 32 connections, on loopback. Prints requests/s and the
# latency distribution (p50, p99). Needs wrk (Debian: apt-get install wrk).
# Usage: scripts/bench-serve.sh [PLANS] [SECONDS]   (default: 10000 30)
set -euo pipefail
cd "$(dirname "$0")/.."
plans=${1:-10000}
seconds=${2:-30}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 2; }
cargo build --release --quiet
bin=target/release/vnplan
work=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
"$bin" synth --count "$plans" --out "$work/in"
"$bin" ingest "$work/in" --out "$work/data" >/dev/null
"$bin" serve --data "$work/data" --listen 127.0.0.1:0 2> "$work/serve.log" &
server=$!
for _ in $(seq 100); do grep -q 'http://' "$work/serve.log" && break; sleep 0.2; done
base=$(grep -o 'http://[0-9.:]*' "$work/serve.log" | head -1)
# The queries of the search benchmark, in turn, one per request.
cat > "$work/queries.lua" <<'LUA'
local queries = { "du%20an%205", "D%E1%BB%B1%20%C3%A1n%205", "nh%C3%A0%20%E1%BB%9F",
  "%22t%E1%BB%B7%20l%E1%BB%87%20h%E1%BB%99%20ngh%C3%A8o%22", "90%2FQ%C4%90-TTg", "n%C6%B0%E1%BB%9Bc%20s%E1%BA%A1ch",
  "dinh%20d%C6%B0%E1%BB%A1ng", "Ph%C3%B2ng%20Lao%20%C4%91%E1%BB%99ng" }
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/api/v1/search?q=" .. queries[(i % #queries) + 1])
end
LUA
curl -sf "$base/api/v1/search?q=du+an+5" > /dev/null
wrk -t2 -c32 -d"${seconds}s" --latency -s "$work/queries.lua" "$base" | tee "$work/wrk.txt"

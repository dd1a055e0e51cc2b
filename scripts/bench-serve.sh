#!/usr/bin/env bash
# Load on the search API: bounded wrk runs against /api/v1/search over
# generated plans (ingested, then compacted), 32 connections, on loopback,
# one of repeated and one of distinct queries. Prints requests/s and the
# latency distribution (p50, p99) of each. Needs wrk (Debian: apt-get install wrk).
# Usage: scripts/bench-serve.sh [PLANS] [SECONDS]   (default: 10000 30)
#        VNPLAN_BENCH_DATA=DIR scripts/bench-serve.sh   (DIR ingested already)
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
# VNPLAN_BENCH_DATA: a data directory already ingested, reused as it is.
data=${VNPLAN_BENCH_DATA:-$work/data}
if [ -z "${VNPLAN_BENCH_DATA:-}" ]; then
  "$bin" synth --count "$plans" --out "$work/in"
  "$bin" ingest "$work/in" --out "$data" >/dev/null
  # Searched as an operator leaves the index after a large ingest.
  "$bin" compact --data "$data"
fi
"$bin" serve --data "$data" --listen 127.0.0.1:0 2> "$work/serve.log" &
server=$!
for _ in $(seq 100); do grep -q 'http://' "$work/serve.log" && break; sleep 0.2; done
base=$(grep -o 'http://[0-9.:]*' "$work/serve.log" | head -1)
# Two mixes, each a bounded wrk run. "repeated": the eight queries of the
# search benchmark in turn, as users asking popular questions, so answers
# come from the index's recent answers after the first. "distinct": 2,500
# different two-topic queries, each thread on its own half, so that every
# request is searched afresh (the recent answers hold 256).
cat > "$work/repeated.lua" <<'LUA'
local queries = { "du%20an%205", "D%E1%BB%B1%20%C3%A1n%205", "nh%C3%A0%20%E1%BB%9F",
  "%22t%E1%BB%B7%20l%E1%BB%87%20h%E1%BB%99%20ngh%C3%A8o%22", "90%2FQ%C4%90-TTg", "n%C6%B0%E1%BB%9Bc%20s%E1%BA%A1ch",
  "dinh%20d%C6%B0%E1%BB%A1ng", "Ph%C3%B2ng%20Lao%20%C4%91%E1%BB%99ng" }
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/api/v1/search?q=" .. queries[(i % #queries) + 1])
end
LUA
# The topics are those of the search benchmark's distinct mix.
{
  printf 'local topics = {'
  while IFS= read -r topic; do [ -n "$topic" ] && printf ' "%s",' "$topic"; done < benches/topics.txt
  printf ' }\n'
} > "$work/distinct.lua"
cat >> "$work/distinct.lua" <<'LUA'
local function encode(s)
  return (s:gsub("[^%w]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end
local i = 0
function init(args)
  i = (tonumber(wrk.thread:get("id")) or 1) * 1250
end
request = function()
  i = i + 1
  local a = topics[(i % #topics) + 1]
  local b = topics[(math.floor(i / #topics) % #topics) + 1]
  return wrk.format("GET", "/api/v1/search?q=" .. encode(a .. " " .. b))
end
LUA
curl -sf "$base/api/v1/search?q=du+an+5" > /dev/null
for mix in repeated distinct; do
  echo "== $mix queries"
  wrk -t2 -c32 -d"${seconds}s" --latency -s "$work/$mix.lua" "$base"
done | tee "$work/wrk.txt"

#!/usr/bin/env bash
# GET /api/v1/projects?limit=100 (100 projects x 3 agents, bearer JWT): the server against the FastAPI peer
# (benchmarks/peer/fastapi_peer.py), same rows, same machine, one run, alternating rounds of
# wrk -t2 -c64 -d10s --latency. Prints requests/s, p50 and p99 of both per round, the ratio ours/peer, and the RSS.
#
# Usage: benchmarks/compare_projects.sh [--binary .build/release/orchestrator] [--rounds 2] [--no-cache] [--churn N]
#   (a bare first argument is taken as the binary too; --no-cache runs the server with server.response_cache off,
#   so every answer is built anew, as under a busy fleet whose rows change all the time; --churn N resumes the
#   first N/3 projects, rounded up, with agents that print a line every 100 ms, so N agents print throughout)
# Needs wrk, sqlite3 and curl (Debian: apt-get install wrk sqlite3 curl), tmux, and a Python with fastapi uvicorn
# pyjwt cryptography for the peer: made in $PEER_VENV (default /tmp/orc-peer-venv) if it is missing there.
# Takes about three minutes on a 2-core machine: most of it creating the projects (and the server settling after
# that), then 2 rounds x 2 servers x (10 s of wrk + a 5 s pause).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
BIN=$ROOT/.build/release/orchestrator
ROUNDS=2
CHURN=0
while [ $# -gt 0 ]; do
  case $1 in
    --binary) BIN=$2; shift 2 ;;
    --binary=*) BIN=${1#--binary=}; shift ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --rounds=*) ROUNDS=${1#--rounds=}; shift ;;
    --no-cache) export ORCHESTRATOR_RESPONSE_CACHE=false; shift ;;
    --churn) CHURN=$2; shift 2 ;;
    --churn=*) CHURN=${1#--churn=}; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) BIN=$1; shift ;;
  esac
done
[ -x "$BIN" ] || { echo "no server binary at $BIN (build it: swift build -c release, or pass --binary)" >&2; exit 1; }
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
for tool in wrk sqlite3 curl tmux; do
  command -v $tool >/dev/null || { echo "needs $tool (Debian: apt-get install $tool)" >&2; exit 1; }
done
PEER_VENV=${PEER_VENV:-/tmp/orc-peer-venv}
if [ ! -x "$PEER_VENV/bin/python" ]; then python3 -m venv "$PEER_VENV" && "$PEER_VENV/bin/pip" install -q fastapi uvicorn pyjwt cryptography; fi
PY=$PEER_VENV/bin/python
T=$(mktemp -d /tmp/orcperf-XXXX); mkdir -p "$T/ws"
free_port() { "$PY" -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
PORT=$(free_port); PEER=$(free_port)
while [ "$PEER" = "$PORT" ]; do PEER=$(free_port); done
SOCK=orcperf$$
export ORCHESTRATOR_ADMIN_PASSWORD='Perf-pw-123!' ORCHESTRATOR_DATA_DIR=$T/data ORCHESTRATOR_WORKSPACE_ROOTS=$T/ws \
  ORCHESTRATOR_TMUX_SOCKET=$SOCK ORCHESTRATOR_AGENT_COMMAND="sleep 100000" ORCHESTRATOR_LOG_LEVEL=warning \
  ORCHESTRATOR_RATE_LIMIT_PER_MINUTE=100000000 ORCHESTRATOR_BCRYPT_COST=4
cd "$ROOT"
"$BIN" serve --port "$PORT" > "$T/server.log" 2>&1 & SP=$!
PP=
cleanup() {
  kill $SP 2>/dev/null || true
  [ -n "$PP" ] && kill -- -$PP 2>/dev/null || true
  tmux -L $SOCK kill-server 2>/dev/null || true
  wait $SP 2>/dev/null || true
  rm -rf "$T"
}
trap cleanup EXIT
for i in $(seq 100); do curl -sf "localhost:$PORT/api/v1/system/health" >/dev/null && break; sleep 0.2; done
TOK=$(curl -s -X POST "localhost:$PORT/auth/login" -H 'Content-Type: application/json' \
  -d '{"username":"admin","password":"Perf-pw-123!"}' | "$PY" -c 'import json,sys;print(json.load(sys.stdin)["access_token"])')
H="Authorization: Bearer $TOK"
CHURNING=$(( (CHURN + 2) / 3 ))
echo "creating 100 projects x 3 agents (sleep 100000), each paused ..."
START=$SECONDS
for i in $(seq -w 1 100); do
  COMMAND=
  if [ $((10#$i)) -le $CHURNING ]; then COMMAND=",\"agent_command\":\"sh -c 'while :; do date +%s.%N; sleep 0.1; done'\""; fi
  curl -sf -o /dev/null -X POST "localhost:$PORT/api/v1/projects" -H "$H" -H 'Content-Type: application/json' \
    -d "{\"name\":\"Project $i\",\"description\":\"Benchmark project number $i with a modest description\",\"project_path\":\"$T/ws/p$i\",\"spec_content\":\"# Spec $i\\n\\nBuild the thing, with tests.\",\"size\":\"medium\"$COMMAND}" \
    || { echo "creating project $i failed" >&2; exit 1; }
  curl -sf -o /dev/null -X POST "localhost:$PORT/api/v1/projects/project-$i/pause" -H "$H" \
    || { echo "pausing project-$i failed" >&2; exit 1; }
done
echo "  took $((SECONDS - START)) s"
# The briefings' delivery to the new agents keeps the server busy for a while: wait until it uses under 10 % of a
# core for two seconds running (at most a minute), so round 1 is not measured against that.
cpu_ticks() { awk '{ sub(/.*\) /, ""); print $12 + $13 }' /proc/$SP/stat; }
QUIET=0; WAITED=$SECONDS; HZ=$(getconf CLK_TCK)
while [ $QUIET -lt 2 ] && [ $((SECONDS - WAITED)) -lt 60 ]; do
  BEFORE=$(cpu_ticks); sleep 1
  if [ $(( $(cpu_ticks) - BEFORE )) -lt $((HZ / 10)) ]; then QUIET=$((QUIET + 1)); else QUIET=0; fi
done
echo "  the server was quiet $((SECONDS - WAITED)) s later"
curl -s "localhost:$PORT/api/v1/projects?limit=100" -H "$H" > "$T/ours.json"
"$PY" -c "import json,sys;d=json.load(open(sys.argv[1]));print('ours: items',len(d['items']),'agents',sum(len(p['agents']) for p in d['items']),'bytes',len(open(sys.argv[1]).read()))" "$T/ours.json"
# the peer: same rows (a copy of the database), an ES256 key of its own
sqlite3 "$T/data/orchestrator.sqlite" ".backup $T/peer.sqlite" 2>/dev/null \
  || "$PY" -c "import sqlite3,sys;s=sqlite3.connect(sys.argv[1]);d=sqlite3.connect(sys.argv[2]);s.backup(d)" "$T/data/orchestrator.sqlite" "$T/peer.sqlite"
"$PY" - "$T" <<'PYEOF'
import sys, time
import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
folder = sys.argv[1]
k = ec.generate_private_key(ec.SECP256R1())
open(f"{folder}/pub.pem", "wb").write(k.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
open(f"{folder}/peer.tok", "w").write(jwt.encode({"sub": "admin", "role": "admin", "exp": int(time.time()) + 3600}, k, algorithm="ES256"))
PYEOF
PT="Authorization: Bearer $(cat "$T/peer.tok")"
(cd "$HERE/peer" && PEER_DB=$T/peer.sqlite PEER_PUBKEY=$T/pub.pem exec setsid "$PY" -m uvicorn fastapi_peer:app \
  --port "$PEER" --workers 2 --log-level warning > "$T/peer.log" 2>&1) & PP=$!
for i in $(seq 100); do curl -sf -o /dev/null "localhost:$PEER/api/v1/projects?limit=100" -H "$PT" && break; sleep 0.3; done
curl -s "localhost:$PEER/api/v1/projects?limit=100" -H "$PT" > "$T/peer.json"
"$PY" -c "import json,sys;d=json.load(open(sys.argv[1]));print('peer: items',len(d['items']),'agents',sum(len(p['agents']) for p in d['items']),'bytes',len(open(sys.argv[1]).read()))" "$T/peer.json"

# wrk's output -> "requests/s p50-ms p99-ms non-2xx timeouts"
summary() {
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /m$/) return v * 60000; if (v ~ /s$/) return v * 1000; return v }
    /^ *50%/ { p50 = ms($2) }
    /^ *99%/ { p99 = ms($2) }
    /^Requests\/sec:/ { rps = $2 }
    /Non-2xx or 3xx responses:/ { bad = $NF }
    /Socket errors:/ { for (i = 1; i <= NF; i++) if ($i == "timeout") timeouts = $(i - 1) }
    END { printf "%s %.2f %.2f %d %d\n", rps, p50, p99, bad, timeouts }' "$1"
}
sleep 3
if [ "$CHURNING" -gt 0 ]; then
  echo "resuming $CHURNING projects whose $((CHURNING * 3)) agents print a line every 100 ms ..."
  for i in $(seq -w 1 100 | head -n "$CHURNING"); do
    curl -sf -o /dev/null -X POST "localhost:$PORT/api/v1/projects/project-$i/resume" -H "$H" || { echo "resuming project-$i failed" >&2; exit 1; }
  done
  sleep 10
  # How often the list really changes meanwhile: distinct bodies among 20 reads half a second apart.
  for n in $(seq 20); do curl -s "localhost:$PORT/api/v1/projects?limit=100" -H "$H" | md5sum; sleep 0.5; done | sort -u | wc -l \
    > "$T/distinct" &
  SAMPLER=$!
fi
printf '\n%-6s %-6s %10s %10s %10s %8s %8s\n' round server "req/s" "p50 ms" "p99 ms" non-2xx timeouts
RATIOS=
for round in $(seq "$ROUNDS"); do
  wrk -t2 -c64 -d10s --latency "http://127.0.0.1:$PORT/api/v1/projects?limit=100" -H "$H" > "$T/ours.wrk"
  read -r ours_rps ours_p50 ours_p99 ours_bad ours_to < <(summary "$T/ours.wrk")
  printf '%-6s %-6s %10s %10s %10s %8s %8s\n' "$round" ours "$ours_rps" "$ours_p50" "$ours_p99" "$ours_bad" "$ours_to"
  sleep 5
  wrk -t2 -c64 -d10s --latency "http://127.0.0.1:$PEER/api/v1/projects?limit=100" -H "$PT" > "$T/peer.wrk"
  read -r peer_rps peer_p50 peer_p99 peer_bad peer_to < <(summary "$T/peer.wrk")
  printf '%-6s %-6s %10s %10s %10s %8s %8s\n' "$round" peer "$peer_rps" "$peer_p50" "$peer_p99" "$peer_bad" "$peer_to"
  ratio=$(awk -v a="$ours_rps" -v b="$peer_rps" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')
  echo "       ratio ours/peer (requests/s): $ratio"
  RATIOS="$RATIOS $ratio"
  if [ "$round" -lt "$ROUNDS" ]; then sleep 5; fi
done
# The same list with the body cache defeated: every request carries a query parameter of its own, so every answer
# is read from the database and written again (what a change between two polls costs).
cat > "$T/unique.lua" <<'LUA'
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/api/v1/projects?limit=100&nocache=" .. n .. "-" .. math.random(1000000000))
end
LUA
sleep 5
wrk -t2 -c64 -d10s --latency -s "$T/unique.lua" "http://127.0.0.1:$PORT" -H "$H" > "$T/ours-uncached.wrk"
read -r unc_rps unc_p50 unc_p99 unc_bad unc_to < <(summary "$T/ours-uncached.wrk")
printf '%-6s %-6s %10s %10s %10s %8s %8s\n' "-" "ours, every answer rebuilt" "$unc_rps" "$unc_p50" "$unc_p99" "$unc_bad" "$unc_to"
echo
[ "$CHURNING" -gt 0 ] && { wait $SAMPLER; echo "under churn: the list changed between $(( $(cat "$T/distinct") - 1 )) of 19 reads half a second apart (during round 1)"; }
echo "ratio ours/peer per round:$RATIOS"
echo "RSS ours: $(( $(ps -o rss= -p $SP) / 1024 )) MiB; peer (all uvicorn processes): $(ps -o rss= -g $PP | awk '{s+=$1} END {printf "%d", s/1024}') MiB"
